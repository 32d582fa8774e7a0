"""Tests of the DOCX reader: the 嵊泗 sample, the generated fixtures, small DOCX files written here, bad files.

The small files are built in tmp_path from raw WordprocessingML (a three-part zip is a valid DOCX for the reader),
so each test shows the exact markup it is about. The fixtures are checked against tests/fixtures/expected/*.json
with a tiny column mapper below, which proves the fixture files and their expected data agree.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from worklist.extract.docx.reader import read_docx
from worklist.extract.errors import (
    CorruptFileError,
    EncryptedError,
    NoTableError,
    ReadError,
    UnsupportedFormatError,
    ZipBombError,
)
from worklist.extract.grid import Cell, Grid
from worklist.vocabulary.text import clean_text, squash
from tests.paths import FIXTURES, SAMPLE

# ------------------------------------------------------------------------------------------- helpers

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (
    f'xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
)
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)


def document_xml(body: str, ns: str = NSDECL) -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {ns}><w:body>{body}</w:body></w:document>'


def write_docx(path: Path, body: str, extra: dict[str, str | bytes] | None = None, ns: str = NSDECL) -> Path:
    """A minimal DOCX: content types, package rels, the main part (and any extra parts)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", document_xml(body, ns))
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def p(text: str = "", ppr: str = "") -> str:
    run = f"<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>" if text else ""
    return f"<w:p>{ppr}{run}</w:p>"


def tc(body: str = "", *, span: int = 1, vmerge: str | None = None, hmerge: str | None = None) -> str:
    """A cell; `body` is plain text (one paragraph) unless it starts with '<'."""
    pr = ""
    if span > 1:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if hmerge:
        pr += '<w:hMerge w:val="restart"/>' if hmerge == "restart" else "<w:hMerge/>"
    if vmerge:
        pr += '<w:vMerge w:val="restart"/>' if vmerge == "restart" else "<w:vMerge/>"
    content = body if body.startswith("<") else p(body)
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{content}</w:tc>"


def tr(*cells: str, before: int = 0, after: int = 0, header: bool = False, deleted: bool = False) -> str:
    pr = ""
    if before:
        pr += f'<w:gridBefore w:val="{before}"/>'
    if after:
        pr += f'<w:gridAfter w:val="{after}"/>'
    if header:
        pr += "<w:tblHeader/>"
    if deleted:
        pr += '<w:del w:id="9" w:author="x"/>'
    return f"<w:tr>{'<w:trPr>' + pr + '</w:trPr>' if pr else ''}{''.join(cells)}</w:tr>"


def tbl(*rows: str, grid: int | None = None) -> str:
    g = "<w:tblGrid>" + '<w:gridCol w:w="1000"/>' * grid + "</w:tblGrid>" if grid else ""
    return f"<w:tbl><w:tblPr/>{g}{''.join(rows)}</w:tbl>"


def simple_table(n_rows: int = 2, n_cols: int = 3, prefix: str = "") -> str:
    return tbl(*(tr(*(tc(f"{prefix}r{r}c{c}") for c in range(n_cols))) for r in range(n_rows)), grid=n_cols)


def at(g: Grid, r: int, c: int) -> Cell | None:
    return g.covering()[r][c]


def assert_no_overlap(g: Grid) -> None:
    seen: set[tuple[int, int]] = set()
    for c in g.cells:
        assert 0 <= c.row and c.last_row < g.n_rows and 0 <= c.col and c.last_col < g.n_cols, c
        for r in range(c.row, c.last_row + 1):
            for k in range(c.col, c.last_col + 1):
                assert (r, k) not in seen, f"overlap at {(r, k)}"
                seen.add((r, k))


# ------------------------------------------------------------------------------------------- the sample


@pytest.fixture(scope="module")
def sample():
    return read_docx(SAMPLE["docx"])


def test_sample_tables_and_columns(sample):
    assert sample.source_format == "docx"
    assert len(sample.tables) == 26
    assert {g.n_cols for g in sample.tables} == {10}
    assert sum(g.n_rows for g in sample.tables) == 95 + 26 * 2  # 95 work rows + two header rows per table
    assert [g.index for g in sample.tables] == list(range(26))
    assert all(not g.implicit_spans for g in sample.tables)
    assert sample.n_pages == 26
    assert sample.warnings == []
    for g in sample.tables:
        assert_no_overlap(g)


def test_sample_header_rows_kept(sample):
    for g in sample.tables:
        top = {c.col: c for c in g.row_cells(0)}
        assert [top[k].text for k in (0, 1, 2, 3, 4, 8, 9)] == ["专项名称", "序号", "类型", "名称", "工作时序", "牵头单位", "责任人"]
        assert top[4].col_span == 4 and top[0].row_span == 2 and top[9].row_span == 2
        assert [c.text for c in g.row_cells(1)] == ["一季度", "二季度", "三季度", "四季度"]


def test_sample_vertical_merges_table_10(sample):
    g = sample.tables[9]
    name = next(c for c in g.cells if c.text == "加强劳动关系综合治理")
    seq = at(g, name.row, 1)
    assert (name.col, name.row_span, name.col_span) == (3, 3, 1)
    assert seq is not None and seq.text == "5" and (seq.row, seq.row_span) == (name.row, 3)
    # the three sub-rows each have their own schedule cells and the same owner
    for r in range(name.row, name.row + 3):
        assert at(g, r, 3) is name
        assert at(g, r, 8).text == "县人社局" and at(g, r, 8).row == r
    assert at(g, name.row, 0).text == "劳有所得"


def test_sample_schedule_span_table_18(sample):
    g = sample.tables[17]
    name = next(c for c in g.cells if c.text == "建立养老机构护理人员岗位津贴制度")
    sched = at(g, name.row, 4)
    assert sched.text == "建立养老机构护理人员岗位津贴制度。"
    assert (sched.col, sched.col_span, sched.row_span) == (4, 3, 1)
    assert at(g, name.row, 7).text.startswith("指导落实养老机构护理人员岗位津贴制度")
    two = next(c for c in g.cells if c.text == "完成布局规划编制文本工作。")
    assert (two.col, two.col_span) == (4, 2)


def test_sample_refs_and_pages(sample):
    g = sample.tables[9]
    assert all(c.page == 10 and c.ref == f"t10r{c.row + 1}" for c in g.cells)
    assert [ri.ref for ri in g.rows] == [f"t10r{r}" for r in range(1, g.n_rows + 1)]
    assert all(ri.page == 10 and ri.top is None for ri in g.rows)
    assert all(c.bbox is None for t in sample.tables for c in t.cells)


def test_sample_front_and_back_matter(sample):
    fm = sample.front_matter
    assert "嵊七优享办〔2024〕2号" in fm
    assert "2024年3月28日" in fm
    assert fm[-1] == "2024年嵊泗县公共服务“七优享”工程工作清单"  # the list title sits just before the first table
    assert any("关于印发《2024年嵊泗县公共服务“七优享”工程工作清单》的通知" in s for s in fm)
    assert all(s.strip() == s and s for s in fm)
    assert sample.back_matter[0].startswith("抄送：")
    assert sample.back_matter[-1].endswith("2024年3月28日印发")


def test_sample_cell_text_is_raw_but_complete(sample):
    texts = [c.text for g in sample.tables for c in g.cells]
    assert "开展职业教育培训90人次" in texts
    assert "落实工作要求，累计开展职业教育培训50人次。" in texts
    assert sum(t == "/" for t in texts) == 30
    assert "已完成" in texts


# ------------------------------------------------------------------------------------------- fixtures

FIXTURE_NAMES = sorted(p.stem for p in (FIXTURES / "expected").glob("*.json"))

HEADER_KEYS = {
    "专项名称": "category", "领域": "category", "序号": "seq", "类型": "type", "名称": "name", "任务名称": "name",
    "一季度": 1, "二季度": 2, "三季度": 3, "四季度": 4, "第一季度": 1, "第二季度": 2, "第三季度": 3, "第四季度": 4,
    "牵头单位": "lead", "责任单位": "lead", "责任人": "owner", "联系人": "owner",
}


def work_rows(g: Grid, header_rows: int) -> list[dict]:
    """The fixture's rows as expected/*.json writes them: just enough of a pipeline to check the reader."""
    cov = g.covering()
    keys: dict[int, object] = {}
    for col in range(g.n_cols):
        for hr in reversed(range(header_rows)):  # the lowest header cell naming a column wins (quarters)
            c = cov[hr][col]
            if c is not None and squash(c.text):
                keys[col] = HEADER_KEYS.get(squash(c.text), squash(c.text))
                break
    out: list[dict] = []
    prev_seq_cell = None
    for r in range(header_rows, g.n_rows):
        row: dict = {"schedule": [], "owner": None}
        for col in range(g.n_cols):
            c, k = cov[r][col], keys.get(col)
            if c is None or k is None:
                continue
            if isinstance(k, int):
                if not row["schedule"] or row["schedule"][-1]["_cell"] is not c:
                    row["schedule"].append({"_cell": c, "quarters": [], "text": clean_text(c.text)})
                row["schedule"][-1]["quarters"].append(k)
            elif k in HEADER_KEYS.values():
                row.setdefault(k, squash(c.text) if k == "type" else clean_text(c.text))
                if k == "owner" and row["owner"] is None:
                    row["owner"] = clean_text(c.text)
                if k == "seq":
                    row["sub_row"] = out[-1]["sub_row"] + 1 if c is prev_seq_cell else 1
                    prev_seq_cell = c
            else:
                row.setdefault("extra", {})[k] = clean_text(c.text)
        for s in row["schedule"]:
            del s["_cell"]
        out.append(row)
    return out


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_matches_expected(name):
    exp = json.loads((FIXTURES / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    doc = read_docx(FIXTURES / "docx" / f"{name}.docx")
    work = [g for g in doc.tables if g.n_rows > 2]
    assert len(work) == 1
    g = work[0]
    assert_no_overlap(g)
    assert g.n_rows == exp["work_rows"] + exp["header_rows"]
    got = work_rows(g, exp["header_rows"])
    want = [{k: v for k, v in e.items() if k in ("category", "type", "seq", "name", "sub_row", "schedule", "lead",
                                                 "owner", "extra")} for e in exp["rows"]]
    assert got == want
    fm = exp["front_matter"]
    assert fm["doc_no"] in doc.front_matter
    assert fm["date"] in doc.front_matter
    assert doc.front_matter[-1] == fm["title"]
    assert doc.back_matter[0].startswith("抄送：")
    assert doc.warnings == []


@pytest.mark.parametrize("name", ["continuous_repeat_header", "broken_rows", "vertical_type_label", "reordered_columns"])
def test_fixture_pdf_exists(name):
    pdf = FIXTURES / "pdf" / f"{name}.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_fixture_continuous_one_table_with_header_rows():
    g = read_docx(FIXTURES / "docx" / "continuous_repeat_header.docx").tables[0]
    assert (g.n_rows, g.n_cols) == (31, 10)
    assert [c.text for c in g.row_cells(1)] == ["一季度", "二季度", "三季度", "四季度"]
    cat = at(g, 2, 0)
    assert (cat.text, cat.row_span) == ("幼有善育", 11)
    typ = at(g, 5, 2)
    assert (typ.text, typ.row, typ.row_span) == ("重点任务", 5, 6)
    sub = next(c for c in g.cells if c.text == "开展托育机构质量提升行动")
    assert sub.row_span == 3 and at(g, sub.row, 8).row_span == 3  # 牵头单位 merged over the sub-rows too
    three = next(c for c in g.cells if c.text == "推进县中课程改革和特色高中建设。")
    assert three.col_span == 3


def test_fixture_vertical_labels_raw_text():
    g = read_docx(FIXTURES / "docx" / "vertical_type_label.docx").tables[0]
    labels = [c.text for c in g.cells if c.col == 2 and c.row >= 2]
    assert labels[:3] == ["重\n点\n指\n标", "重\n点\n任\n务", "民生实事"]
    assert {squash(t) for t in labels} == {"重点指标", "重点任务", "民生实事"}


def test_fixture_grid_offsets():
    doc = read_docx(FIXTURES / "docx" / "grid_offsets.docx")
    assert [(g.n_rows, g.n_cols) for g in doc.tables] == [(1, 2), (8, 11), (2, 1)]
    g = doc.tables[1]
    assert g.index == 1 and g.cells[0].ref == "t2r1" and g.cells[0].page == 2
    head = at(g, 0, 0)
    assert (head.text, head.col_span, head.row_span) == ("专项名称", 2, 2)
    for r in range(2, g.n_rows):  # gridBefore=1: data rows start in grid column 1
        assert at(g, r, 0) is None
        assert min(c.col for c in g.cells if c.row == r) >= 1
    assert at(g, 2, 1).text == "文体惠民" and at(g, 2, 1).row_span == 6
    # gridAfter=1: the 责任人 position is not covered at all
    assert [r for r in range(2, g.n_rows) if at(g, r, 10) is None] == [5, 6]
    hm = next(c for c in g.cells if c.text == "开展全民阅读活动。")
    assert (hm.col, hm.col_span) == (6, 2)  # old-style hMerge restart + continue
    # layout tables feed the matter
    assert doc.front_matter[:2] == ["溪口县公共服务七优享工程工作专班办公室文件", "溪七优享办〔2025〕6号"]
    assert doc.back_matter == ["抄送：县委各部门，县人大常委会办公室，县政协办公室，县法院，县检察院。",
                               "溪口县人民政府办公室  2025年4月1日印发"]


def test_fixture_no_owner_numbering_and_revisions():
    g = read_docx(FIXTURES / "docx" / "no_owner_column.docx").tables[0]
    assert g.n_cols == 9
    assert [c.text for c in g.cells if c.col == 1 and c.row >= 2] == ["1", "2", "1", "2", "1", "2"]
    assert "完成2个未来社区创建方案编制。" in [c.text for c in g.cells]
    assert not any("初稿" in c.text or "内部备注" in c.text for c in g.cells)


def test_fixture_docx_are_reproducible(tmp_path):
    """The generator writes the same DOCX bytes on every run (fixed zip times and core properties)."""
    from tools import make_fixtures  # tools/ is a namespace package of the project's root (on the tests' path)

    fx = make_fixtures.fixture_grid_offsets()
    out = tmp_path / "x.docx"
    make_fixtures.write_docx(fx, out)
    assert out.read_bytes() == (FIXTURES / "docx" / "grid_offsets.docx").read_bytes()


# ------------------------------------------------------------------------------------------- markup


def test_spans_gridspan_vmerge(tmp_path):
    body = tbl(
        tr(tc("A", vmerge="restart"), tc("B", span=2), tc("C")),
        tr(tc(vmerge="continue"), tc("D"), tc("E"), tc("F", vmerge="restart")),
        tr(tc(vmerge="continue"), tc("G", span=2, vmerge="restart"), tc(vmerge="continue")),
        tr(tc("H"), tc(span=2, vmerge="continue"), tc("I")),
        grid=4,
    )
    g = read_docx(write_docx(tmp_path / "a.docx", body)).tables[0]
    assert (g.n_rows, g.n_cols) == (4, 4)
    assert_no_overlap(g)
    cells = {c.text: (c.row, c.col, c.row_span, c.col_span) for c in g.cells}
    assert cells == {"A": (0, 0, 3, 1), "B": (0, 1, 1, 2), "C": (0, 3, 1, 1), "D": (1, 1, 1, 1), "E": (1, 2, 1, 1),
                     "F": (1, 3, 2, 1), "G": (2, 1, 2, 2), "H": (3, 0, 1, 1), "I": (3, 3, 1, 1)}


def test_grid_before_after_and_short_rows(tmp_path):
    body = tbl(
        tr(tc("a"), tc("b"), tc("c"), tc("d")),
        tr(tc("x"), tc("y"), before=1, after=1),
        tr(tc("only")),  # fewer cells than grid columns, no gridAfter
        tr(tc("w", span=2), before=2),
        grid=4,
    )
    g = read_docx(write_docx(tmp_path / "a.docx", body)).tables[0]
    pos = {c.text: (c.row, c.col, c.col_span) for c in g.cells}
    assert pos["x"] == (1, 1, 1) and pos["y"] == (1, 2, 1)
    assert at(g, 1, 0) is None and at(g, 1, 3) is None
    assert pos["only"] == (2, 0, 1) and at(g, 2, 1) is None
    assert pos["w"] == (3, 2, 2)


def test_vmerge_continue_follows_grid_before(tmp_path):
    body = tbl(
        tr(tc("h1"), tc("h2"), tc("h3")),
        tr(tc("cat", vmerge="restart"), tc("n1"), tc("x1")),
        tr(tc(vmerge="continue"), tc("n2"), tc("x2")),
        tr(tc("n3"), tc("x3"), before=1),  # row with no category cell at all
        grid=3,
    )
    g = read_docx(write_docx(tmp_path / "a.docx", body)).tables[0]
    assert at(g, 1, 0).row_span == 2 and at(g, 3, 0) is None and at(g, 3, 1).text == "n3"


def test_grid_width_from_rows_when_tblgrid_short(tmp_path):
    body = tbl(tr(tc("a"), tc("b"), tc("c", span=3)), tr(tc("d")), grid=2)
    g = read_docx(write_docx(tmp_path / "a.docx", body)).tables[0]
    assert g.n_cols == 5


def test_old_style_hmerge(tmp_path):
    body = tbl(
        tr(tc("a"), tc("merged", hmerge="restart"), tc("ignored", hmerge="continue"), tc("b")),
        tr(tc("c"), tc("d"), tc("e"), tc("f")),
        grid=4,
    )
    g = read_docx(write_docx(tmp_path / "a.docx", body)).tables[0]
    m = next(c for c in g.cells if c.text == "merged")
    assert (m.col, m.col_span) == (1, 2)
    assert at(g, 0, 3).text == "b"
    assert "ignored" not in [c.text for c in g.cells]


def test_orphan_vmerge_continue_is_a_cell_with_warning(tmp_path):
    body = tbl(tr(tc("a"), tc("b")), tr(tc("c"), tc("orphan", vmerge="continue")), grid=2)
    body = tbl(tr(tc("x", vmerge="continue"), tc("b")), tr(tc("c"), tc("d")), grid=2)
    doc = read_docx(write_docx(tmp_path / "a.docx", body))
    assert at(doc.tables[0], 0, 0).text == "x"
    assert doc.warnings and "t1r1" in doc.warnings[0]


def test_continue_with_mismatched_span_does_not_overlap(tmp_path):
    body = tbl(tr(tc("wide", span=2, vmerge="restart"), tc("z")), tr(tc(vmerge="continue"), tc("q"), tc("r")), grid=3)
    doc = read_docx(write_docx(tmp_path / "a.docx", body))
    assert_no_overlap(doc.tables[0])
    assert doc.warnings


def test_deleted_row_skipped_and_header_rows_kept(tmp_path):
    body = tbl(
        tr(tc("h1"), tc("h2"), header=True),
        tr(tc("gone"), tc("gone"), deleted=True),
        tr(tc("a"), tc("b")),
        grid=2,
    )
    g = read_docx(write_docx(tmp_path / "a.docx", body)).tables[0]
    assert [c.text for c in g.cells] == ["h1", "h2", "a", "b"]
    assert [ri.ref for ri in g.rows] == ["t1r1", "t1r2"]


def test_rows_and_cells_inside_content_controls(tmp_path):
    body = (
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
        + tr(tc("a"), tc("b"))
        + "<w:sdt><w:sdtPr/><w:sdtContent>" + tr(tc("c"), "<w:sdt><w:sdtContent>" + tc("d") + "</w:sdtContent></w:sdt>")
        + "</w:sdtContent></w:sdt></w:tbl>"
    )
    g = read_docx(write_docx(tmp_path / "a.docx", body)).tables[0]
    assert [(c.row, c.col, c.text) for c in g.cells] == [(0, 0, "a"), (0, 1, "b"), (1, 0, "c"), (1, 1, "d")]


# ------------------------------------------------------------------------------------------- text


def cell_text(tmp_path: Path, cell_body: str) -> str:
    path = write_docx(tmp_path / "t.docx", tbl(tr(tc(cell_body), tc("x"), tc("y")), tr(tc("1"), tc("2"), tc("3"))))
    return read_docx(path).tables[0].cells[0].text


def test_text_paragraphs_breaks_tabs(tmp_path):
    body = (
        "<w:p><w:r><w:t>第一</w:t></w:r><w:r><w:t>段</w:t></w:r></w:p>"
        "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
        "<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t></w:r></w:p>"
        "<w:p/>"
    )
    assert cell_text(tmp_path, body) == "第一段\na b\nc\nd"


def test_text_hidden_deleted_inserted_moved(tmp_path):
    body = (
        "<w:p><w:r><w:t>保留</w:t></w:r>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
        "<w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>显示</w:t></w:r>"
        "<w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>删除</w:delText></w:r></w:del>"
        "<w:ins w:id=\"2\" w:author=\"a\"><w:r><w:t>插入</w:t></w:r></w:ins>"
        "<w:moveFrom w:id=\"3\" w:author=\"a\"><w:r><w:t>移走</w:t></w:r></w:moveFrom>"
        "<w:moveTo w:id=\"4\" w:author=\"a\"><w:r><w:t>移入</w:t></w:r></w:moveTo>"
        "<w:r><w:instrText> PAGE </w:instrText></w:r>"
        "<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink>"
        "<w:r><w:t>1</w:t><w:noBreakHyphen/><w:t>2</w:t><w:softHyphen/></w:r>"
        "<w:r><w:sym w:font=\"Wingdings\" w:char=\"F0FC\"/><w:sym w:font=\"Wingdings\" w:char=\"F031\"/></w:r></w:p>"
    )
    assert cell_text(tmp_path, body) == "保留显示插入移入链接1-2√"


def test_text_nested_table_flattened(tmp_path):
    nested = tbl(tr(tc("甲"), tc("乙")), tr(tc("丙"), tc("")), grid=2)
    assert cell_text(tmp_path, p("上") + nested + p("下")) == "上\n甲\n乙\n丙\n下"


def test_text_box_read_once(tmp_path):
    box = (
        "<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent>"
        "<mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>"
        "<w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent>"
        "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    assert cell_text(tmp_path, box) == "正文\n框内"


def test_text_placeholder_content_control_dropped(tmp_path):
    body = ("<w:p><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:t>单击此处输入文字。</w:t></w:r>"
            "</w:sdtContent></w:sdt><w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>县民政局</w:t></w:r></w:sdtContent>"
            "</w:sdt></w:p>")
    assert cell_text(tmp_path, body) == "县民政局"


NUMBERING = (
    f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W_NS}">'
    '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
    '<w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>'
    '<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
    '<w:lvlText w:val="•"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>'
    '<w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
    '<w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:isLgl/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/>'
    '</w:lvlOverride></w:num><w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num></w:numbering>'
)
DOC_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" '
    'Target="numbering.xml"/></Relationships>'
)


def test_automatic_numbering(tmp_path):
    def num(num_id: int, ilvl: int = 0, text: str = "") -> str:
        return p(text, f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>')

    body = num(1, 0, "总体要求") + num(1, 1, "甲") + num(1, 1, "乙") + num(1, 0, "重点任务") + num(1, 1, "丙") + \
        num(2, 0, "点") + num(3, 0, "第十") + num(4, 1, "法") + simple_table()
    doc = read_docx(write_docx(tmp_path / "n.docx", body, {"word/numbering.xml": NUMBERING,
                                                            "word/_rels/document.xml.rels": DOC_RELS}))
    # as Word shows it: each level keeps its own format ("一.1"), unless the level is legal-style (isLgl)
    assert doc.front_matter == ["一、 总体要求", "一.1 甲", "一.2 乙", "二、 重点任务", "二.1 丙", "点", "十、 第十",
                                "1.1 法"]


def test_numbering_without_part_is_ignored(tmp_path):
    body = p("无编号", '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>') + simple_table()
    assert read_docx(write_docx(tmp_path / "n.docx", body)).front_matter == ["无编号"]


# ------------------------------------------------------------------------------------------- body order


def test_matter_around_work_tables(tmp_path):
    layout = tbl(tr(tc("某某县人民政府文件"), tc("某政发〔2025〕1号")), grid=2)
    cc = tbl(tr(tc("抄送：县委各部门。")), tr(tc("某某县人民政府办公室  2025年1月2日印发")), grid=1)
    body = (
        p("") + layout + p("关于印发工作清单的通知") + p("2025年1月1日") + p("清单标题")
        + simple_table(prefix="A") + p("（二）第二部分") + simple_table(prefix="B")
        + p("附件说明") + cc + p("") + "<w:sectPr/>"
    )
    doc = read_docx(write_docx(tmp_path / "m.docx", body))
    assert doc.front_matter == ["某某县人民政府文件", "某政发〔2025〕1号", "关于印发工作清单的通知", "2025年1月1日", "清单标题"]
    assert doc.back_matter == ["附件说明", "抄送：县委各部门。", "某某县人民政府办公室  2025年1月2日印发"]
    assert [g.index for g in doc.tables] == [0, 1, 2, 3]  # layout tables are grids too
    assert doc.tables[1].cells[0].ref == "t2r1" and doc.tables[2].cells[0].page == 3
    assert "（二）第二部分" not in doc.front_matter + doc.back_matter


def test_body_level_content_control_table(tmp_path):
    body = p("标题") + "<w:sdt><w:sdtPr/><w:sdtContent>" + simple_table() + "</w:sdtContent></w:sdt>" + p("抄送：x")
    doc = read_docx(write_docx(tmp_path / "s.docx", body))
    assert len(doc.tables) == 1 and doc.front_matter == ["标题"] and doc.back_matter == ["抄送：x"]


def test_strict_ooxml_namespace(tmp_path):
    strict = NSDECL.replace(W_NS, "http://purl.oclc.org/ooxml/wordprocessingml/main")
    doc = read_docx(write_docx(tmp_path / "s.docx", p("标题") + simple_table(), ns=strict))
    assert doc.front_matter == ["标题"] and doc.tables[0].cells[0].text == "r0c0"


def test_main_part_found_through_package_rels(tmp_path):
    path = tmp_path / "r.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("_rels/.rels", RELS.replace("word/document.xml", "word/main.xml"))
        z.writestr("word/main.xml", document_xml(simple_table()))
    assert read_docx(path).tables[0].n_rows == 2


# ------------------------------------------------------------------------------------------- errors


def raises(path: Path, exc: type[ReadError], *words: str) -> ReadError:
    with pytest.raises(exc) as info:
        read_docx(path)
    msg = str(info.value)
    for w in words:
        assert w in msg, msg
    assert str(path) not in msg and path.name not in msg  # the caller adds the file name
    return info.value


def test_error_empty(tmp_path):
    (tmp_path / "e.docx").write_bytes(b"")
    raises(tmp_path / "e.docx", CorruptFileError, "empty")


def test_error_not_a_zip(tmp_path):
    (tmp_path / "t.docx").write_text("专项名称\t序号\n", encoding="utf-8")
    raises(tmp_path / "t.docx", UnsupportedFormatError, "not a DOCX")
    (tmp_path / "p.docx").write_bytes(b"%PDF-1.7\n...")
    raises(tmp_path / "p.docx", UnsupportedFormatError, "PDF")
    (tmp_path / "r.docx").write_bytes(b"{\\rtf1\\ansi ...}")
    raises(tmp_path / "r.docx", UnsupportedFormatError, "RTF")


def test_error_ole_doc(tmp_path):
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    err = raises(path, UnsupportedFormatError, "Word 97-2003 .doc", "soffice --headless --convert-to docx")
    assert err.exit_code == 4


def test_error_encrypted_office_file(tmp_path):
    path = tmp_path / "enc.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100)
    raises(path, EncryptedError, "password")


def test_error_zip_without_document(tmp_path):
    path = tmp_path / "z.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    raises(path, UnsupportedFormatError, "not a DOCX", "word/document.xml")
    odt = tmp_path / "o.docx"
    with zipfile.ZipFile(odt, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<x/>")
    raises(odt, UnsupportedFormatError, "OpenDocument")


def test_error_truncated_zip(tmp_path):
    good = write_docx(tmp_path / "g.docx", simple_table()).read_bytes()
    (tmp_path / "cut.docx").write_bytes(good[: len(good) // 2])
    raises(tmp_path / "cut.docx", CorruptFileError)


def test_error_bad_xml(tmp_path):
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document><w:body><w:p>")
    raises(path, CorruptFileError, "well-formed")


def test_error_xml_entities_not_expanded(tmp_path):
    path = tmp_path / "x.docx"
    evil = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", evil)
    with pytest.raises(ReadError):  # no table either way; what matters is that nothing is expanded or fetched
        read_docx(path)


def test_error_no_table(tmp_path):
    raises(write_docx(tmp_path / "n.docx", p("只有正文，没有表格")), NoTableError, "no table")


def test_error_zip_bomb_ratio_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", document_xml(simple_table()))
        z.writestr("word/media/big.bin", b"\0" * (6 * 1024 * 1024))  # ~1000x
    def no_open(*a, **k):
        raise AssertionError("a member was opened before the size check")
    monkeypatch.setattr(zipfile.ZipFile, "open", no_open)
    raises(path, ZipBombError, "big.bin")


def test_error_zip_bomb_total_size(tmp_path, monkeypatch):
    import worklist.extract.zip_limits as zl

    path = write_docx(tmp_path / "big.docx", simple_table(), {"word/media/a.bin": bytes(range(256)) * 4096})
    monkeypatch.setattr(zl, "MAX_TOTAL_UNCOMPRESSED", 512 * 1024)
    raises(path, ZipBombError, "MB")


def test_error_declared_sizes_are_what_is_checked(tmp_path):
    """The check reads the zip directory: a member declaring a huge size is refused without inflating it."""
    path = write_docx(tmp_path / "lie.docx", simple_table())
    data = bytearray(path.read_bytes())
    # patch the central-directory uncompressed size of the last member (document.xml) to 300 MB
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24: cd + 28] = (300 * 1024 * 1024).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    raises(path, ZipBombError)


def test_errors_are_read_errors():
    for exc in (CorruptFileError, UnsupportedFormatError, ZipBombError, NoTableError, EncryptedError):
        assert issubclass(exc, ReadError)


def test_accepts_str_path(tmp_path):
    path = write_docx(tmp_path / "s.docx", simple_table())
    assert read_docx(str(path)).tables[0].n_cols == 3


def test_bytes_io_not_needed():
    # the reader takes a path only; make sure a BytesIO is refused loudly rather than half-read
    with pytest.raises(TypeError):
        read_docx(io.BytesIO(b"PK"))  # type: ignore[arg-type]
