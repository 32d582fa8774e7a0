"""The format registry (`worklist.formats`): every form declared once, and a new format is one reader plus one
entry (issue 19)."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import get_args

import pytest

from tests.paths import ROOT, SAMPLE
from worklist.extract.grid import Cell, Grid, RawDocument, RowInfo
from worklist.formats import FORMATS, SourceFormat, load, not_carried, notice_suffixes, preference, source_formats


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_entry_names_functions_that_exist(name: str) -> None:
    fmt = FORMATS[name]
    assert callable(load(fmt.reader))
    for ref in (fmt.inspector, fmt.pictures):
        if ref is not None:
            assert callable(load(ref))
    assert fmt.suffixes and all(s.startswith(".") and s == s.lower() for s in fmt.suffixes)


def test_the_contract_enumerates_what_the_readers_produce() -> None:
    from worklist.schemas.models import Document

    assert set(source_formats()) == {f.produces for f in FORMATS.values()}
    assert get_args(Document.model_fields["source_format"].annotation) == get_args(SourceFormat)


def test_no_suffix_is_claimed_twice() -> None:
    seen: dict[str, str] = {}
    for f in FORMATS.values():
        for s in f.suffixes:
            assert s not in seen, f"{s} claimed by {seen.get(s)} and {f.name}"
            seen[s] = f.name


@pytest.mark.parametrize("form", ["pdf", "docx", "txt", "html", "xlsx", "ofd", "doc"])
def test_sniff_names_a_registry_entry(form: str) -> None:
    from worklist.extract.detect import sniff

    assert sniff(SAMPLE[form]) == form


def test_the_dataset_prefers_structure_rich_forms_and_never_an_ocr_reading() -> None:
    order = sorted(source_formats(), key=preference)
    assert order[0] == "docx" and order[-1] == "image"
    assert preference("pdf") < preference("image") and preference("html") < preference("pdf")


def test_what_a_form_cannot_carry_is_the_registry_s() -> None:
    assert not_carried("xlsx") == {"doc_number", "issuer", "issue_date"} == not_carried("xls")
    assert not_carried("docx") == frozenset()


# Format knowledge that may live outside the registry: a reader knows its own format (the legacy reader's
# conversion table, the OLE streams that tell a .wps from a .doc and an .et from an .xls).
_OWN_FORMAT = {"extract/legacy/office.py", "extract/ole.py"}
_SUFFIX = re.compile(r"\.(docx|docm|dotx|dotm|xlsx|xlsm|ofd|pdf|html?|shtml|xhtml|mhtml?|txt|tsv|text|rtf|doc|dot|"
                     r"wps|xls|et|png|jpe?g|tiff?)$")


def test_a_format_is_declared_once() -> None:
    """No module but the registry lists or tests a format's file suffixes (the list used to live in five
    places): a suffix in a tuple, list, set, dict or comparison is format knowledge; a file the tool writes
    itself (`p1.png`) is not."""
    offenders = []
    for folder in ("src/worklist", "extract", "normalize", "schemas"):
        for f in sorted((ROOT / folder).rglob("*.py")):
            rel = f.relative_to(ROOT).as_posix()
            if rel == "src/worklist/formats.py" or rel in _OWN_FORMAT:
                continue
            for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
                if not isinstance(node, (ast.Tuple, ast.List, ast.Set, ast.Dict, ast.Compare)):
                    continue
                for c in ast.iter_child_nodes(node):
                    if isinstance(c, ast.Constant) and isinstance(c.value, str) and _SUFFIX.match(c.value):
                        offenders.append(f"{rel}:{c.lineno} {c.value!r}")
    assert not offenders, "suffixes outside worklist/formats.py:\n" + "\n".join(offenders)


# ------------------------------------------------------------------ a new format: one reader, one entry


def read_pipe_table(path: str | Path) -> RawDocument:
    """A toy format for the test: `|`-separated rows after a `WLPIPE` line."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()[1:]
    rows = [line.split("|") for line in lines]
    cells = [Cell(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row)]
    grid = Grid(index=0, n_rows=len(rows), n_cols=max(map(len, rows)), cells=cells,
                rows=[RowInfo(page=1, ref=f"l{r + 2}") for r in range(len(rows))])
    return RawDocument("txt", front_matter=["2024年测试县工作清单"], tables=[grid], n_pages=1)


def test_a_new_format_is_one_reader_and_one_registry_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from worklist.extract import read_document
    from worklist.formats import Format

    entry = Format("pipe", "txt", (".pipe",), f"{__name__}:read_pipe_table", 3, magic=(b"WLPIPE",))
    monkeypatch.setitem(FORMATS, "pipe", entry)
    f = tmp_path / "list.pipe"
    f.write_text("WLPIPE\n专项名称|序号|名称\n幼有善育|1|开展托育服务\n", encoding="utf-8")
    doc = read_document(f)
    assert [c.text for c in doc.tables[0].cells][:3] == ["专项名称", "序号", "名称"]
    assert ".pipe" in notice_suffixes()  # a folder scan takes it too
