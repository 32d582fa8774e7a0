"""Other offices' habits and "nothing lost" measured from the source (issue 11, the row level).

Rules first, table-driven: 序号 labels (`1-1`, `1.1`, `（一）`, `一、`, `①`…) read into (seq, sub), a 牵头单位
cut by a page break, trailer rows and footnotes, header rows that must repeat the header. Then the synthetic
notices of tests/fixtures/habits/ end to end in every format they come in, against rows written by hand
(tests/fixtures/habits/README.md). Then the coverage: every cell every reader produced is accounted for, so the
TXT quirks read the old way — a sub-row taken for a header, a block skipped for a surplus tab — show up.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.paths import FIXTURES
from worklist.extract.grid import Cell, Grid, RawDocument, RowInfo
from worklist.extract.headers import is_header_row, is_table_header
from worklist.extract.table.layout import ROLE_DATA, ROLE_SKIPPED, build_layout
from worklist.extract.table.notes import footnotes, trailer_note
from worklist.extract.table.rows import build_rows
from worklist.vocabulary.fields import unit_cut
from worklist.vocabulary.seq_label import parse_seq_label

HABITS = FIXTURES / "habits"

# ------------------------------------------------------------------------------------------- 序号 labels

SEQ_LABELS = [
    # plain numbers, as most offices write them
    ("1", (1, None)), ("12", (12, None)), ("3.", (3, None)), ("3、", (3, None)), ("（3）", (3, None)),
    ("(3)", (3, None)), ("3）", (3, None)), ("１２", (12, None)), (" 7 ", (7, None)), ("第3项", (3, None)),
    # Chinese numerals
    ("一", (1, None)), ("一、", (1, None)), ("（一）", (1, None)), ("(二)", (2, None)), ("十", (10, None)),
    ("十二", (12, None)), ("二十", (20, None)), ("二十一、", (21, None)), ("第一", (1, None)),
    # circled and parenthesised numbers (one code point each)
    ("①", (1, None)), ("②", (2, None)), ("⑩", (10, None)), ("⑳", (20, None)), ("⑴", (1, None)), ("⒈", (1, None)),
    # two levels: an item numbered inside an item
    ("1-1", (1, 1)), ("1-2", (1, 2)), ("2-10", (2, 10)), ("1.1", (1, 1)), ("3.2", (3, 2)), ("1．2", (1, 2)),
    ("１－１", (1, 1)), ("1—2", (1, 2)), ("1–2", (1, 2)), ("1_2", (1, 2)), ("1 - 2", (1, 2)), ("(1-2)", (1, 2)),
    # not a 序号
    ("", None), ("  ", None), ("0", None), ("0-1", None), ("1-0", None), ("★", None), ("a", None),
    ("3-1-2", None), ("序号", None), ("重点任务", None), ("2024年", None), ("Ⅰ", None), ("1-", None),
]


@pytest.mark.parametrize(("label", "expected"), SEQ_LABELS, ids=[repr(c[0]) for c in SEQ_LABELS])
def test_seq_label_gives_seq_and_sub(label: str, expected: tuple[int, int | None] | None) -> None:
    assert parse_seq_label(label) == expected


_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


@given(st.integers(1, 999), st.integers(1, 999), st.sampled_from("-.－．—–_"), st.booleans())
def test_two_level_label_reads_both_numbers(a: int, b: int, sep: str, full_width: bool) -> None:
    label = f"{a}{sep}{b}"
    assert parse_seq_label(label.translate(_FULL) if full_width else label) == (a, b)


@given(st.integers(1, 999), st.sampled_from(["{}", "{}.", "{}、", "（{}）", "({})", "{}）", "第{}项", "第{}"]))
def test_one_number_label_whatever_its_brackets(n: int, form: str) -> None:
    assert parse_seq_label(form.format(n)) == (n, None)


def _chinese(n: int) -> str:
    """1–99 as Chinese numerals, written out here independently of the code under test."""
    digits = "一二三四五六七八九"
    tens, units = divmod(n, 10)
    if tens == 0:
        return digits[units - 1]
    head = "" if tens == 1 else digits[tens - 1]
    return head + "十" + (digits[units - 1] if units else "")


@given(st.integers(1, 99), st.sampled_from(["{}", "{}、", "（{}）", "({})", "{}."]))
def test_chinese_label_reads_its_number(n: int, form: str) -> None:
    assert parse_seq_label(form.format(_chinese(n))) == (n, None)


@given(st.integers(1, 20))
def test_circled_number_reads_its_number(n: int) -> None:
    assert parse_seq_label(chr(0x2460 + n - 1)) == (n, None)


# ------------------------------------------------------------------------------------------- cut unit names

UNIT_CUTS = [
    ("县卫健", "局", True), ("市急救指挥中心岱西分", "中心", True), ("县公积金", "中心", True), ("县残", "联", True),
    ("县卫健局", "办公室", True), ("县民政局", "分局", True),
    ("县卫健局", "县民政局", False),  # a second office, not a fragment
    ("县卫健局", "教育局", False),  # an office written without its county
    ("县卫健局", "张三", False), ("县人社局", "", False), ("", "局", False),
    ("推进托育服务，", "局", False),  # a sentence is no office name
]


@pytest.mark.parametrize(("head", "tail", "cut"), UNIT_CUTS, ids=[f"{h}|{t}" for h, t, _ in UNIT_CUTS])
def test_unit_cut_by_a_page_break(head: str, tail: str, cut: bool) -> None:
    assert unit_cut(head, tail) is cut


# ------------------------------------------------------------------------------------------- trailer rows, notes

TRAILERS = [
    ([(0, "合计"), (4, "重点指标26项，重点任务28项")], "合计：重点指标26项，重点任务28项"),
    ([(0, "小计"), (4, "3项")], "小计：3项"),
    ([(1, "总计")], "总计"),
    ([(0, "说明：本清单所列目标为年度目标。")], "说明：本清单所列目标为年度目标。"),
    ([(0, "备注"), (3, "各单位按季度报送")], "备注：各单位按季度报送"),
    ([(0, "注：1.“/”表示无节点任务。")], "注：1.“/”表示无节点任务。"),
    ([(0, "注1"), (3, "数据以统计年报为准")], "注1 数据以统计年报为准"),
    # not trailers: an item whose 名称 starts with the word, a trailer word right of the 名称, a 专项 cell
    ([(0, "幼有善育"), (1, "1"), (3, "合计完成托位建设")], None),
    ([(3, "注重托育质量"), (4, "a")], None),
    ([(4, "合计"), (5, "3项")], None),
    ([], None),
]


@pytest.mark.parametrize(("cells", "note"), TRAILERS)
def test_trailer_row_is_a_note(cells: list[tuple[int, str]], note: str | None) -> None:
    assert trailer_note(cells, left_limit=4) == note


FOOTNOTES = [
    (["注：1.“/”表示该季度无节点任务。", "2.牵头单位负总责。", "抄送：县委各部门。", "县政府办公室  2025年1月2日印发"],
     ["注：1.“/”表示该季度无节点任务。", "2.牵头单位负总责。"]),
    (["注：本清单由县专班负责解释", "和调整。", "县政府办公室"], ["注：本清单由县专班负责解释和调整。"]),  # a wrapped line
    (["说明：1.数据截至上年底。", "（2）目标为年度目标。"], ["说明：1.数据截至上年底。", "（2）目标为年度目标。"]),
    (["抄送：县委各部门。", "注：1.不是脚注"], []),  # footnotes open right after the table, or not at all
    (["县人民政府办公室", "2025年1月2日印发"], []),
    ([], []),
]


@pytest.mark.parametrize(("back", "notes"), FOOTNOTES)
def test_footnotes_under_the_table(back: list[str], notes: list[str]) -> None:
    assert footnotes(back) == notes


# ------------------------------------------------------------------------------------------- header rows

VOCAB = {"专项名称", "序号", "类型", "名称", "工作时序", "一季度", "二季度", "三季度", "四季度", "牵头单位", "责任人"}
FIELDS = {0: "category", 1: "seq", 2: "type", 3: "name", 4: "q1", 5: "q2", 6: "q3", 7: "q4", 8: "lead", 9: "owner"}
TOP = ["专项名称", "序号", "类型", "名称", "工作时序", "工作时序", "工作时序", "工作时序", "牵头单位", "责任人"]
QUARTERS = ["", "", "", "", "一季度", "二季度", "三季度", "四季度", "", ""]
DEADLINES = ["", "", "", "", "3月底前", "6月底前", "9月底前", "12月底前", "县民政局", "吴海燕"]
HEADER_ROWS = [
    ("the header repeated", TOP, False, True),
    ("its quarter row under it", QUARTERS, True, True),
    ("a quarter row alone is no header", QUARTERS, False, False),
    ("a sub-row of deadlines under data", DEADLINES, False, False),
    ("a sub-row of deadlines, no unit", DEADLINES[:8] + ["", ""], False, False),
    ("a deadline row even right under the header: a unit in 牵头单位", DEADLINES, True, False),
    ("another header's names, no data", ["领域", "序号", "类型", "任务名称", "一季度", "二季度", "三季度", "四季度", "责任单位", "联系人"],
     False, True),
]


@pytest.mark.parametrize(("texts", "after", "header"), [c[1:] for c in HEADER_ROWS], ids=[c[0] for c in HEADER_ROWS])
def test_header_row_inside_a_table_repeats_the_header(texts: list[str], after: bool, header: bool) -> None:
    assert is_table_header(texts, VOCAB, after_header=after, fields=FIELDS) is header


def test_deadline_row_reads_like_names() -> None:
    """Why the rule above is needed: by its names alone the deadline row is a header."""
    assert is_header_row(DEADLINES)


# ------------------------------------------------------------------------------------------- the fixtures


def _cases() -> list[tuple[str, str]]:
    out = []
    for exp in sorted((HABITS / "expected").glob("*.json")):
        for fmt in json.loads(exp.read_text(encoding="utf-8"))["formats"]:
            out.append((exp.stem, fmt))
    return out


CASES = _cases()


@pytest.fixture(scope="module")
def converted():
    from worklist.pipeline import convert

    cache: dict[tuple[str, str], object] = {}

    def get(name: str, fmt: str):
        if (name, fmt) not in cache:
            cache[(name, fmt)] = convert(HABITS / fmt / f"{name}.{fmt}")
        return cache[(name, fmt)]

    return get


def _expected(name: str) -> dict:
    return json.loads((HABITS / "expected" / f"{name}.json").read_text(encoding="utf-8"))


def test_every_habit_fixture_is_checked() -> None:
    files = {(p.stem, p.parent.name) for fmt in ("docx", "pdf", "txt") for p in (HABITS / fmt).glob(f"*.{fmt}")}
    assert files == set(CASES)


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{f}-{n}" for n, f in CASES])
def test_habit_fixture_gives_its_rows(converted, name: str, fmt: str) -> None:
    exp = _expected(name)
    conv = converted(name, fmt)
    got = [
        {"category": it.category, "type": it.type, "seq_label": it.seq_label, "seq": it.seq, "sub": it.sub,
         "name": it.name, "lead": it.lead_units, "owner": it.owners,
         "schedule": [[m.quarter_from, m.quarter_to, m.text] for m in conv.milestones if m.row_id == it.row_id]}
        for it in conv.items
    ]
    want = [{k: v for k, v in r.items() if k != "pages"} for r in exp["rows"]]
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g == w
    assert conv.document.notes == exp["notes"]


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{f}-{n}" for n, f in CASES])
def test_habit_fixture_accounts_for_every_cell_and_is_valid(converted, name: str, fmt: str) -> None:
    conv = converted(name, fmt)
    assert conv.coverage["unaccounted"] == [] and conv.coverage["ratio"] == 1.0
    assert conv.invalid == []
    assert conv.checks["success"], [r for r in conv.checks["results"] if not r["success"]]
    assert len({it.item_key for it in conv.items}) == len(conv.items)


def test_joined_rows_name_both_pages_in_the_pdf(converted) -> None:
    exp = _expected("page_breaks")
    conv = converted("page_breaks", "pdf")
    for it, row in zip(conv.items, exp["rows"]):
        assert bool(re.fullmatch(r"p\d+-\d+", it.source_ref)) is (row.get("pages") == 2), it.source_ref


def test_notes_are_in_the_nested_json(converted) -> None:
    from worklist.outputs.writers import nested_json

    conv = converted("trailer_notes", "docx")
    assert nested_json(conv)["notes"] == _expected("trailer_notes")["notes"]


# ------------------------------------------------------------------------------------------- coverage


def test_txt_quirks_read_the_old_way_show_as_unaccounted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: any row reading like names was a header row, and a headerless block had to have exactly the
    table's column count. Read that way the quirks drop rows — and the coverage must now say so."""
    import worklist.extract.headers as headers
    import worklist.extract.table.layout as layout
    from worklist.pipeline import ConvertOptions, convert

    def old_header(texts, vocab=frozenset(), *, after_header=False, fields=None):
        return is_header_row(texts)

    monkeypatch.setattr(headers, "is_table_header", old_header)
    monkeypatch.setattr(layout, "is_table_header", old_header)
    monkeypatch.setattr(layout, "_continues", lambda grid, n_cols: grid.n_cols == n_cols)
    conv = convert(HABITS / "txt" / "txt_quirks.txt", ConvertOptions(checks="none"))
    lost = {c["text"] for c in conv.coverage["unaccounted"]}
    assert {"3月底前", "12月底前", "3月31日前", "推进养老服务数字化", "建立养老护理员岗位津贴制度"} <= lost
    assert conv.coverage["ratio"] < 1 and not conv.valid
    assert {i["source_ref"] for i in conv.invalid if i["table"] == "coverage"} >= {"l21", "l23", "l26"}


HEADER = ["专项名称", "序号", "类型", "名称", "一季度", "二季度", "三季度", "四季度", "牵头单位", "责任人"]
ROW = ["幼有善育", "1", "重点任务", "推进托育", "a1", "a2", "a3", "a4", "县卫健局", "张三"]


def _grid(index: int, rows: list[list[str]], page: int | None = None) -> Grid:
    page = page or index + 1
    cells = [Cell(r, c, t, page=page, ref=f"p{page}") for r, row in enumerate(rows) for c, t in enumerate(row) if t]
    return Grid(len(rows), max(len(r) for r in rows), cells, [RowInfo(page, f"p{page}") for _ in rows], index=index)


def _coverage(*grids: Grid, back: list[str] | None = None) -> tuple[dict, list[str]]:
    from worklist.pipeline.coverage import coverage as _coverage

    layout = build_layout(RawDocument("pdf", front_matter=[], tables=list(grids), back_matter=back or []))
    rows, _ = build_rows(layout)
    return _coverage(layout, rows), layout.warnings


def test_every_cell_of_every_grid_is_counted() -> None:
    cov, _ = _coverage(_grid(0, [HEADER, ROW]), _grid(1, [HEADER, ROW[:1] + ["2"] + ROW[2:]]))
    assert cov["cells"] == 40 and cov["by_role"] == {"data": 20, "header": 20} and cov["unaccounted"] == []


def test_a_table_before_the_list_is_skipped_by_name() -> None:
    cov, warnings = _coverage(_grid(0, [["附件1", "分工表"]]), _grid(1, [HEADER, ROW]))
    assert cov["by_role"][ROLE_SKIPPED] == 2 and cov["unaccounted"] == []
    assert any(w.startswith("table 1 (p1): not part of the work list") and "附件1" in w for w in warnings)


def test_a_grid_that_does_not_fit_the_table_is_unaccounted() -> None:
    wide = ROW[:1] + ["2"] + ROW[2:4] + ["以下被截断"] + ["b2", "b3"]  # 7 columns where the table has 10
    cov, warnings = _coverage(_grid(0, [HEADER, ROW]), _grid(1, [wide]))
    assert "以下被截断" in {c["text"] for c in cov["unaccounted"]}
    assert any("table 2 (p2): not read" in w for w in warnings)


def test_text_spilled_into_a_repeated_header_is_unaccounted() -> None:
    """A spreadsheet printed a merged 名称 into the repeated header: the header still reads, the text must show."""
    spilled = HEADER[:3] + ["名称建设基层医疗卫生机构慢病"] + HEADER[4:]
    cov, _ = _coverage(_grid(0, [HEADER, ROW]), _grid(1, [spilled, ROW[:1] + ["2"] + ROW[2:]]))
    assert [c["text"] for c in cov["unaccounted"]] == ["名称建设基层医疗卫生机构慢病"]


def test_trailer_rows_and_footnotes_are_accounted_as_notes() -> None:
    total = ["合计", "", "", "", "重点任务1项", "", "", "", "", ""]
    cov, _ = _coverage(_grid(0, [HEADER, ROW, total]), back=["注：1.数据截至上年底。", "抄送：县委各部门。"])
    assert cov["unaccounted"] == [] and cov["by_role"] == {ROLE_DATA: 12, "header": 10}


# ------------------------------------------------------------------------------------------- page tops


def _rows(*pages: list[list[str]]):
    grids = [_grid(i, [HEADER, *rows]) for i, rows in enumerate(pages)]
    rows, _ = build_rows(build_layout(RawDocument("pdf", front_matter=[], tables=grids)))
    return rows


def test_a_whole_unit_at_a_page_top_is_a_sub_row_not_a_fragment() -> None:
    rows = _rows([ROW], [["", "", "", "", "b1", "b2", "b3", "b4", "县民政局", ""]])
    assert [(r.seq, r.sub, r.lead_units) for r in rows] == [(1, 1, ["县卫健局"]), (1, 2, ["县民政局"])]


def test_a_cut_unit_at_a_page_top_joins_whatever_else_continues() -> None:
    cut = ROW[:8] + ["县卫健", "张"]
    rows = _rows([cut], [["", "", "", "", "续", "", "", "", "局", "三"]])
    assert len(rows) == 1
    assert rows[0].lead_units == ["县卫健局"] and rows[0].owners == ["张三"] and rows[0].schedule[0].text == "a1续"


def test_a_repeated_label_at_a_page_top_continues_the_item() -> None:
    rows = _rows([ROW], [ROW[:4] + ["b1", "b2", "b3", "b4", "县卫健局", "张三"]])
    assert [(r.seq, r.sub, r.seq_label) for r in rows] == [(1, 1, "1"), (1, 2, "1")]


def test_the_same_label_under_a_new_type_at_a_page_top_is_a_new_item() -> None:
    first = ["幼有善育", "1", "重点指标", "托位数", "x", "x", "x", "x", "县卫健局", "张三"]
    rows = _rows([first], [["", "1", "重点任务", "推进托育", "a1", "a2", "a3", "a4", "县卫健局", "张三"]])
    assert [(r.type, r.seq, r.sub) for r in rows] == [("重点指标", 1, 1), ("重点任务", 1, 1)]


def test_fixture_readme_describes_every_habit_fixture() -> None:
    readme = (HABITS / "README.md").read_text(encoding="utf-8")
    for exp in (HABITS / "expected").glob("*.json"):
        assert f"`{exp.stem}`" in readme
    assert Path(FIXTURES / "README.md").read_text(encoding="utf-8").count("habits/") >= 1


TXT_HEADER = ["专项名称\t序号\t类型\t名称\t工作时序\t\t\t\t牵头单位\t责任人", "\t\t\t\t一季度\t二季度\t三季度\t四季度\t\t"]


def test_an_empty_cell_too_many_before_the_schedule_is_dropped() -> None:
    """A TXT line with a stray tab in front of its schedule: the 牵头单位 lands in the last column and the
    line is re-read by content; of the five cells left for four quarters the empty one goes."""
    from worklist.pipeline import convert

    path = HABITS / "txt" / "txt_quirks.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    i = next(k for k, ln in enumerate(lines) if ln.startswith("\t3\t"))  # third block: no trailing cells
    cells = lines[i].split("\t")
    lines[i] = "\t".join(cells[:4] + ["", *cells[4:]])
    conv = convert_text("\n".join(lines), convert)
    row = next(it for it in conv.items if it.name == "建立养老护理员岗位津贴制度")
    assert (row.q1, row.q4, row.lead_units) == ("出台岗位津贴实施办法。", "津贴发放率达到100%。", ["县民政局"])
    assert conv.coverage["unaccounted"] == []


def convert_text(text: str, convert):
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "notice.txt"
        p.write_text(text, encoding="utf-8")
        return convert(p)


def test_text_found_in_no_output_fails_validation_naming_the_cell(tmp_path: Path) -> None:
    """Five schedule texts where the table has four quarters: one cannot be placed. The conversion says so
    (exit 2), the manifest names the cell, and `worklist validate` reports it as a problem."""
    from tests.helpers import doc_dirs, read_manifest, run_convert
    from worklist.exit_codes import EXIT_INVALID
    from worklist.outputs.validate import validate_output

    lines = ["2025年某县公共服务工作清单", "", *TXT_HEADER,
             "幼有善育\t1\t重点任务\t推进托育\ta1\ta2\ta3\ta4\t县卫健局\t张三", "",
             "\t2\t\t建设驿站\tb1\tb2\tb3\tb4\tb5\t县卫健局\t张三", ""]
    src = tmp_path / "notice.txt"
    src.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "out"
    res = run_convert(str(src), "-o", str(out), "--timeout", "0")
    assert res.exit_code == EXIT_INVALID, res.stderr
    man = read_manifest(doc_dirs(out)[0])
    assert man["validation"]["success"] is False
    assert man["validation"]["coverage"]["unaccounted"] == [{"source_ref": "l7", "text": "b5"}]
    assert {"table": "coverage", "source_ref": "l7", "error": "source text found in no output: 'b5'"} in \
        man["validation"]["records_invalid"]
    ok, report = validate_output(out)
    assert not ok and any("1 source cell(s) found in no output" in ln and "l7" in ln for ln in report)
