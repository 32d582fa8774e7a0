"""Golden samples are the specification: every sample format must equal the reviewed golden."""

from __future__ import annotations

import json

import pytest

from tests.paths import GOLDEN
from tests.helpers import assert_matches_golden
from worklist.outputs.golden import comparable, diff_documents
from worklist.outputs.writers import nested_json


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf", "html", "xlsx"])
def test_sample_matches_golden(conversions, fmt: str) -> None:
    assert_matches_golden(conversions(fmt), fmt)


def test_xlsx_carries_title_year_region_only(conversions) -> None:
    """An Excel attachment has no 文号, issuer or 成文日期: absent, not guessed (golden.NOT_CARRIED)."""
    d = conversions("xlsx").document
    assert (d.doc_number, d.issuer, d.issue_date) == (None, None, None)
    assert (d.title, d.year, d.region) == ("2024年嵊泗县公共服务“七优享”工程工作清单", 2024, "嵊泗县")


def test_a_form_may_lack_a_field_but_not_get_it_wrong() -> None:
    g = json.loads((GOLDEN / "document.json").read_text(encoding="utf-8"))
    lacking = {**g, "source_format": "xlsx", "doc_number": None}
    assert diff_documents(lacking, g) == []
    wrong = {**g, "source_format": "xlsx", "doc_number": "某政办〔2024〕9号"}
    assert diff_documents(wrong, g) and diff_documents(wrong, g)[0].startswith("document.doc_number")
    docx_lacking = {**g, "source_format": "docx", "doc_number": None}
    assert diff_documents(docx_lacking, g)  # a DOCX carries its 文号: losing it is a difference


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_formats_agree_with_txt(conversions, fmt: str) -> None:
    assert comparable(nested_json(conversions(fmt))) == comparable(nested_json(conversions("txt")))


def test_xlsx_items_agree_with_txt(conversions) -> None:
    assert comparable(nested_json(conversions("xlsx")))["items"] == comparable(nested_json(conversions("txt")))["items"]


def test_golden_has_the_95_rows_and_the_judgment_calls() -> None:
    g = json.loads((GOLDEN / "document.json").read_text(encoding="utf-8"))
    items = g["items"]
    assert len(items) == 95
    assert [i["row_id"] for i in items] == list(range(1, 96))
    by_key = {i["item_key"]: i for i in items}
    assert by_key["劳有所得/重点任务/6"]["owners"] == ["王峥"]
    assert [by_key[f"劳有所得/重点任务/5.{s}"]["sub"] for s in (1, 2, 3)] == [1, 2, 3]
    assert by_key["病有良医/民生实事/3.2"]["lead_units"] == ["县红十字会"]
    assert by_key["老有康养/重点任务/8"]["q3"] == "指导各乡镇建立养老服务“爱心卡”制度。"
    assert by_key["弱有众扶/民生实事/2"]["q4"] == "督查贯彻落实情况。"
    assert by_key["公共服务一体化/重点任务/2.2"]["q1"] is None


def test_diff_reports_field_level_changes() -> None:
    g = json.loads((GOLDEN / "document.json").read_text(encoding="utf-8"))
    changed = json.loads(json.dumps(g))
    changed["items"][0]["name"] = "改过的名称"
    changed["items"][1]["milestones"][0]["text"] = "x"
    del changed["items"][2]
    diffs = diff_documents(changed, g)
    assert any(d.startswith(g["items"][0]["item_key"] + ".name") for d in diffs)
    assert any(".milestones[Q1-Q4]" in d for d in diffs)
    assert any(d.startswith(g["items"][2]["item_key"] + ": missing") for d in diffs)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_continuous_rendering_matches_golden(fmt: str) -> None:
    """The same notice as one long table (tools/make_continuous_sample.py): header repeated on every page,
    专项 cells merged across page breaks, rows broken across pages — still exactly the golden."""
    from tests.paths import FIXTURES
    from worklist.pipeline import convert

    conv = convert(FIXTURES / "continuous" / f"shengsi-2024-continuous.{fmt}")
    assert_matches_golden(conv, f"continuous {fmt}")
    if fmt == "pdf":
        assert sum("-" in i.source_ref for i in conv.items) >= 5  # rows really were broken across pages


def test_fields_a_sample_form_does_not_carry_are_recorded_beside_the_golden(tmp_path) -> None:
    """forms.json names, per source file, the document fields that file does not carry: absent there is no
    difference, a wrong value still is, and another file of the same format is not excused."""
    import json

    from worklist.outputs.golden import not_carried_by

    g = json.loads((GOLDEN / "document.json").read_text(encoding="utf-8"))
    assert not_carried_by(GOLDEN, "shengsi-2024-worklist-calc.pdf") == {"doc_number", "issuer", "issue_date"}
    assert not_carried_by(GOLDEN, "shengsi-2024-worklist.pdf") == frozenset()
    lacking = dict(g, source_format="pdf", doc_number=None)
    assert diff_documents(lacking, g, not_carried_by(GOLDEN, "shengsi-2024-worklist-calc.pdf")) == []
    assert diff_documents(lacking, g, not_carried_by(GOLDEN, "shengsi-2024-worklist.pdf"))
    wrong = dict(g, source_format="pdf", doc_number="嵊七优享办〔2024〕9号")
    assert diff_documents(wrong, g, not_carried_by(GOLDEN, "shengsi-2024-worklist-calc.pdf"))
