"""End to end on the synthetic fixtures (tools/make_fixtures.py): what real offices' files do and the
2024 samples don't — continuous tables with and without repeated headers, rows broken across pages, a
类型 label one character per line, columns in another order, no 责任人 column, grid offsets."""

from __future__ import annotations

import json

import pytest

from worklist.vocabulary.fields import split_owners, split_units
from worklist.vocabulary.text import clean_text
from tests.paths import FIXTURES
from worklist.pipeline import convert

CASES = sorted(
    (fmt, p.stem)
    for fmt in ("docx", "pdf")
    for p in (FIXTURES / fmt).glob(f"*.{fmt}")
)


def _expected(name: str) -> dict:
    return json.loads((FIXTURES / "expected" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("fmt", "name"), CASES, ids=[f"{f}-{n}" for f, n in CASES])
def test_fixture_converts_to_its_expected_rows(fmt: str, name: str) -> None:
    exp = _expected(name)
    conv = convert(FIXTURES / fmt / f"{name}.{fmt}")
    assert not conv.invalid, conv.invalid
    assert conv.checks["success"], [r for r in conv.checks["results"] if not r["success"]]
    assert conv.coverage["unaccounted"] == []
    got = [
        {
            "category": it.category,
            "type": it.type,
            "seq": it.seq,
            "name": it.name,
            "sub": it.sub,
            "schedule": [(m.quarter_from, m.quarter_to, m.text) for m in conv.milestones if m.row_id == it.row_id],
            "lead": it.lead_units,
            "owner": it.owners,
        }
        for it in conv.items
    ]
    want = [
        {
            "category": r["category"],
            "type": r["type"],
            "seq": int(r["seq"]),
            "name": clean_text(r["name"]),
            "sub": r["sub_row"],
            "schedule": [(min(c["quarters"]), max(c["quarters"]), clean_text(c["text"])) for c in r["schedule"]],
            "lead": split_units(r["lead"] or ""),
            "owner": split_owners(r.get("owner") or ""),
        }
        for r in exp["rows"]
    ]
    assert len(got) == len(want) == exp["work_rows"]
    for g, w in zip(got, want):
        assert g == w
    fm = exp["front_matter"]
    assert conv.document.doc_number == fm["doc_no"]
    assert conv.document.title == fm["title"]
    assert conv.document.issuer == fm["issuer"]


def test_unknown_column_is_kept_and_named() -> None:
    conv = convert(FIXTURES / "docx" / "reordered_columns.docx")
    assert any("备注" in w for w in conv.warnings)
    assert any("备注" in extra for extra in conv.extras.values())
