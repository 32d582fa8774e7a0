"""Lists of every shape read right, or refused by name (issue 17, part A).

Rules first, table-driven: 序号 of any length, periods named in a schedule cell, unit lists. Then the shape
fixtures of tests/fixtures/shapes/ end to end in every form the generator makes (DOCX, LibreOffice PDF, HTML,
XLSX, TXT), field by field against rows written by hand (tests/fixtures/shapes/README.md).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from worklist.extract.grid import Cell, Grid, RawDocument, RowInfo
from worklist.extract.table.layout import build_layout
from worklist.extract.table.rows import build_rows
from worklist.vocabulary.seq_label import parse_seq_label

HEADER = ["专项名称", "序号", "类型", "名称", "一季度", "二季度", "三季度", "四季度", "牵头单位", "责任人"]


def _txt_grid(rows: list[list[str]]) -> Grid:
    cells = [Cell(r, c, t, ref=f"l{r + 1}") for r, row in enumerate(rows) for c, t in enumerate(row) if t]
    return Grid(len(rows), max(len(r) for r in rows), cells, [RowInfo(1, f"l{r + 1}") for r in range(len(rows))],
                implicit_spans=True)


def _read(grid: Grid):
    rows, warnings = build_rows(build_layout(RawDocument("txt", front_matter=[], tables=[grid])))
    return rows, warnings


# ------------------------------------------------------------------------------------------- 序号 of any length

LONG_LABELS = [("1000", (1000, None)), ("2000", (2000, None)), ("12345", (12345, None)), ("1000、", (1000, None)),
               ("（1001）", (1001, None)), ("1000-2", (1000, 2)), ("12-1000", (12, 1000)), ("十一、", (11, None)),
               ("（十二）", (12, None)), ("一百零一", (101, None)), ("二百", (200, None))]


@pytest.mark.parametrize(("label", "expected"), LONG_LABELS, ids=[c[0] for c in LONG_LABELS])
def test_seq_label_of_any_length(label: str, expected: tuple[int, int | None]) -> None:
    assert parse_seq_label(label) == expected


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 999_999))
def test_a_txt_row_with_any_seq_reads_by_position(n: int) -> None:
    """The 2 000-row regression: a 序号 past 999 was no number, so the row read as shifted and became a
    sub-row of 999 with its cells moved. A row whose cells read consistently is never re-read as shifted."""
    row = ["幼有善育", str(n), "重点任务", f"推进第{n}项", "启动", "推进", "推进", "完成", "县卫健局", "张三"]
    rows, _ = _read(_txt_grid([HEADER, row]))
    (r,) = rows
    assert (r.seq, r.sub, r.seq_label, r.name, r.lead_units, r.owners) == (
        n, 1, str(n), f"推进第{n}项", ["县卫健局"], ["张三"])
    assert [c.text for c in r.schedule] == ["启动", "推进", "推进", "完成"]


def test_a_list_of_2000_rows_reads_every_row() -> None:
    lines = [HEADER] + [["幼有善育" if i == 1 else "", str(i), "重点任务" if i == 1 else "", f"任务{i}", f"启动{i}",
                         "推进", "推进", "完成", "县卫健局", "张三"] for i in range(1, 2001)]
    rows, _ = _read(_txt_grid(lines))
    assert [(r.seq, r.sub, r.name, r.schedule[0].text) for r in rows] == [
        (i, 1, f"任务{i}", f"启动{i}") for i in range(1, 2001)]


# ------------------------------------------------------------------------------------------- periods

PERIODS = [
    ("一季度", (1, 1)), ("第二季度", (2, 2)), ("3季度", (3, 3)), ("Q4", (4, 4)), ("q2", (2, 2)),
    ("一、二季度", (1, 2)), ("二至四季度", (2, 4)), ("1-2季度", (1, 2)), ("Q1-Q3", (1, 3)),
    ("1-3月", (1, 1)), ("4—6月份", (2, 2)), ("7-12月", (3, 4)), ("6月底前", (2, 2)), ("6月末", (2, 2)),
    ("九月底前", (3, 3)), ("2025年12月", (4, 4)), ("2025年6月30日前", (2, 2)), ("12月31日前", (4, 4)),
    ("上半年", (1, 2)), ("下半年", (3, 4)), ("年底前", (4, 4)), ("年末", (4, 4)), ("2025年底前", (4, 4)),
    ("全年", (1, 4)), ("年内", (1, 4)), ("长期坚持", (1, 4)), ("持续推进", (1, 4)), ("常态化", (1, 4)),
    ("2025年", (1, 4)),
    # not a period label: a holiday, a phrase that starts like one, an empty cell
    ("春节前", None), ("长期护理保险", None), ("全面推进", None), ("", None), ("三季度完成验收", None),
]


@pytest.mark.parametrize(("text", "quarters"), PERIODS, ids=[c[0] or "empty" for c in PERIODS])
def test_period_label_names_its_quarters(text: str, quarters: tuple[int, int] | None) -> None:
    from worklist.vocabulary.periods import period_of

    assert period_of(text) == quarters


SPLITS = [
    ("一季度：完成选址；二季度：开工建设；三季度：主体完工；四季度：投入使用",
     [(1, 1, "一季度：完成选址"), (2, 2, "二季度：开工建设"), (3, 3, "三季度：主体完工"), (4, 4, "四季度：投入使用")], ""),
    ("第一季度：制定方案。\n第二至四季度：全面实施，累计培训200人次。",
     [(1, 1, "第一季度：制定方案。"), (2, 4, "第二至四季度：全面实施，累计培训200人次。")], ""),
    ("上半年：完成50%；\n下半年：全部完成", [(1, 2, "上半年：完成50%"), (3, 4, "下半年：全部完成")], ""),
    ("3月底前完成方案；12月底前完成验收", [(1, 1, "3月底前完成方案"), (4, 4, "12月底前完成验收")], ""),
    ("1.一季度：摸排；2.三季度：验收", [(1, 1, "1.一季度：摸排"), (3, 3, "2.三季度：验收")], ""),
    # a period named inside a sentence does not cut it; text before the first label belongs to no period
    ("力争6月底前完成", [], "力争6月底前完成"),
    ("启动方案编制；二季度：开工", [(2, 2, "二季度：开工")], "启动方案编制"),
]


@pytest.mark.parametrize(("text", "periods", "before"), SPLITS, ids=[c[0][:12] for c in SPLITS])
def test_a_cell_is_cut_where_a_segment_opens_with_a_period(text: str, periods: list, before: str) -> None:
    from worklist.vocabulary.periods import split_periods

    got, rest = split_periods(text)
    assert [(p.q_from, p.q_to, p.text) for p in got] == periods and rest == before


@pytest.mark.parametrize(("text", "quarters"), [("力争2025年6月底前完成", (2, 2)), ("6月底前", (2, 2)),
                                                ("于三季度末前完成", (3, 3)), ("长期坚持", (1, 4)), ("春节前", None)])
def test_deadline_falls_in_the_last_period_it_names(text: str, quarters: tuple[int, int] | None) -> None:
    from worklist.vocabulary.periods import deadline_quarters

    assert deadline_quarters(text) == quarters


# ------------------------------------------------------------------------------------------- unit lists

UNIT_LISTS = [
    ("县委宣传部\n团县委", ["县委宣传部", "团县委"]),  # one name per line
    ("团\n县委", ["团县委"]),  # a wrap that cuts a name
    ("县卫健\n局", ["县卫健局"]),
    ("县科\n学技术协会", ["县科学技术协会"]),  # 县科 is no whole name
    ("县委\n宣传部", ["县委宣传部"]),  # a department of the 县委
    ("市生态环境局\n嵊泗分局", ["市生态环境局嵊泗分局"]),  # a branch of the office before it
    ("县民政局\n县住建局\n县财政局", ["县民政局", "县住建局", "县财政局"]),
    ("发改局\n财政局", ["发改局", "财政局"]),  # offices written without their county
    ("县民政局/县财政局", ["县民政局", "县财政局"]), ("县民政局；县财政局", ["县民政局", "县财政局"]),
    ("县教育局\n各乡镇（街道）", ["县教育局", "各乡镇（街道）"]),
    ("县公共服务七优享工程工作专班\n办公室", ["县公共服务七优享工程工作专班办公室"]),
]


@pytest.mark.parametrize(("text", "units"), UNIT_LISTS, ids=[c[0].replace("\n", "|") for c in UNIT_LISTS])
def test_unit_list_split_on_whole_names_and_joined_on_cut_ones(text: str, units: list[str]) -> None:
    from worklist.vocabulary.fields import split_units

    assert split_units(text) == units


TWO_NAMES = [("县委宣传部团县委", ("县委宣传部", "团县委")), ("县卫健局县民政局", ("县卫健局", "县民政局")),
             ("县妇联县残联", ("县妇联", "县残联")), ("县委宣传部", None), ("县人民政府办公室", None),
             ("市生态环境局嵊泗分局", None), ("县公安局交警大队", None), ("市急救指挥中心岱西分中心", None),
             ("县公共服务七优享工程工作专班办公室", None)]


@pytest.mark.parametrize(("unit", "two"), TWO_NAMES, ids=[c[0] for c in TWO_NAMES])
def test_one_unit_holding_two_office_names(unit: str, two: tuple[str, str] | None) -> None:
    from worklist.vocabulary.fields import two_unit_names

    assert two_unit_names(unit) == two


# ------------------------------------------------------------------------------------------- the fixtures

def _shape_cases() -> list[tuple[str, str]]:
    import json

    from tests.paths import FIXTURES

    out = []
    for exp in sorted((FIXTURES / "shapes" / "expected").glob("*.json")):
        data = json.loads(exp.read_text(encoding="utf-8"))
        for fmt in data["formats"]:
            out.append((exp.stem, fmt, bool(data.get("planted"))))
    return out


ALL_CASES = _shape_cases()
SHAPE_CASES = [(n, f) for n, f, planted in ALL_CASES if not planted]
PLANTED_CASES = [(n, f) for n, f, planted in ALL_CASES if planted]


@pytest.fixture(scope="module")
def shape():
    from tests.paths import FIXTURES
    from worklist.pipeline import convert

    cache: dict[tuple[str, str], object] = {}

    def get(name: str, fmt: str):
        if (name, fmt) not in cache:
            cache[(name, fmt)] = convert(FIXTURES / "shapes" / fmt / f"{name}.{fmt}")
        return cache[(name, fmt)]

    return get


def _shape_expected(name: str) -> dict:
    import json

    from tests.paths import FIXTURES

    return json.loads((FIXTURES / "shapes" / "expected" / f"{name}.json").read_text(encoding="utf-8"))


def test_every_shape_is_rendered_in_every_form_and_checked() -> None:
    from tests.paths import FIXTURES

    files = {(p.stem, fmt) for fmt in ("docx", "pdf", "html", "xlsx", "txt")
             for p in (FIXTURES / "shapes" / fmt).glob(f"*.{fmt}")}
    cases = {(n, f) for n, f, _ in ALL_CASES}
    assert files == cases and PLANTED_CASES
    assert all({f for n2, f in cases if n2 == n} == {"docx", "pdf", "html", "xlsx", "txt"} for n, _ in cases)


@pytest.mark.parametrize(("name", "fmt"), SHAPE_CASES, ids=[f"{f}-{n}" for n, f in SHAPE_CASES])
def test_shape_gives_its_rows_field_by_field(shape, name: str, fmt: str) -> None:
    exp = _shape_expected(name)
    conv = shape(name, fmt)
    assert len(conv.items) == len(exp["rows"])
    for it, want in zip(conv.items, exp["rows"]):
        ms = [m for m in conv.milestones if m.row_id == it.row_id]
        got = {"category": it.category, "type": it.type, "seq_label": it.seq_label, "seq": it.seq, "sub": it.sub,
               "name": it.name, "deadline": it.deadline, "lead": it.lead_units, "owner": it.owners,
               "schedule": [[m.quarter_from, m.quarter_to, m.text] for m in ms]}
        assert got == {k: want[k] for k in got}, it.source_ref
        if "status" in want:
            assert [m.status for m in ms] == want["status"]
        if "targets" in want:
            ts = [[t.quarter_from, t.quarter_to, t.value_base] for t in conv.targets
                  if t.row_id == it.row_id and t.source == "schedule"]
            assert ts == want["targets"], it.source_ref
    assert conv.document.notes == exp["notes"]


@pytest.mark.parametrize(("name", "fmt"), SHAPE_CASES, ids=[f"{f}-{n}" for n, f in SHAPE_CASES])
def test_shape_accounts_for_every_cell_and_is_valid(shape, name: str, fmt: str) -> None:
    conv = shape(name, fmt)
    assert conv.coverage["unaccounted"] == [] and conv.invalid == []
    assert conv.checks["success"], [r for r in conv.checks["results"] if not r["success"]]


def test_one_cell_schedule_answers_the_quarter_question(shape) -> None:
    """`schedule WHERE quarter = 2` names the second quarter's text, not the whole cell stored as Q1."""
    conv = shape("one_cell_schedule", "docx")
    q2 = {s.name: s.text for s in conv.schedule if s.quarter == 2}
    assert q2["城镇危旧房屋治理改造"] == "二季度：开工80户"
    assert q2["推进未来社区建设"] == "二、三季度：推进场景建设，完成投资60%。"
    assert q2["提高低保标准"] == "4-6月：发布新标准"


def test_a_row_broken_over_a_page_names_both_pages(shape) -> None:
    conv = shape("unit_lists", "pdf")
    refs = [it.source_ref for it in conv.items]
    assert any(re.fullmatch(r"p(\d+)-(\d+)", r) for r in refs), refs


@pytest.mark.parametrize(("name", "fmt"), PLANTED_CASES, ids=[f"{f}-{n}" for n, f in PLANTED_CASES])
def test_each_planted_misreading_is_named_with_its_source(shape, name: str, fmt: str) -> None:
    """Every plausibility check fires on its planted row (and nothing else fails): named, with the row's
    source reference, never a quiet pass."""
    exp = _shape_expected(name)["failed"][fmt]
    conv = shape(name, fmt)
    failed = {r["rule"]: r for r in conv.checks["results"] if not r["success"]}
    assert set(failed) == set(exp)
    refs = {it.row_id: it.source_ref for it in conv.items}
    for rule, row_id in exp.items():
        assert refs[row_id] in failed[rule]["where"], (rule, failed[rule]["where"])
    assert not conv.checks["success"]  # fail-level rules among them: exit 2
    assert conv.coverage["unaccounted"] == []


def test_a_one_cell_schedule_naming_no_assignable_period_is_refused_by_name() -> None:
    """Text before the first period label belongs to no quarter: a failed record naming the cell."""
    import tempfile
    from pathlib import Path

    from worklist.pipeline import convert

    lines = ["2025年某县公共服务工作清单", "", "专项名称\t序号\t类型\t名称\t工作时序\t牵头单位\t责任人",
             "幼有善育\t1\t重点任务\t推进托育\t启动方案编制；二季度：开工建设\t县卫健局\t张三", ""]
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "notice.txt"
        p.write_text("\n".join(lines), encoding="utf-8")
        conv = convert(p)
    assert [(m.quarter_from, m.quarter_to, m.text) for m in conv.milestones] == [
        (1, 4, "启动方案编制"), (2, 2, "二季度：开工建设")]
    assert conv.invalid == [{"table": "milestones", "source_ref": "l4", "error":
                             "schedule text names no period that can be assigned to a quarter: '启动方案编制'"}]
    assert not conv.valid
