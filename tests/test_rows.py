"""The merged-cell rules, pinned on the 2024 notice's judgment calls and on small literal grids."""

from __future__ import annotations

import pytest

from worklist.extract.grid import Cell, Grid, RawDocument, RowInfo
from worklist.extract.table.layout import build_layout
from worklist.extract.table.rows import WorkRow, build_rows
from worklist.extract.txt.reader import read_txt
from tests.paths import SAMPLE

HEADER = ["专项名称", "序号", "类型", "名称", "一季度", "二季度", "三季度", "四季度", "牵头单位", "责任人"]


@pytest.fixture(scope="module")
def txt_rows() -> list[WorkRow]:
    rows, _ = build_rows(build_layout(read_txt(SAMPLE["txt"])))
    return rows


def _find(rows: list[WorkRow], category: str, type_: str, seq: int, sub: int = 1) -> WorkRow:
    return next(r for r in rows if (r.category, r.type, r.seq, r.sub) == (category, type_, seq, sub))


def _sched(r: WorkRow) -> list[tuple[int, int, str]]:
    return [(c.q_from, c.q_to, c.text) for c in r.schedule]


def test_txt_sample_has_95_rows(txt_rows: list[WorkRow]) -> None:
    assert len(txt_rows) == 95


def test_type_label_broken_over_two_rows(txt_rows: list[WorkRow]) -> None:
    first = txt_rows[:3]
    assert [r.name for r in first] == ["每千人口拥有3岁以下婴幼儿托位数", "托位使用率", "0—3岁儿童发育监测筛查率"]
    assert all(r.type == "重点指标" and r.category == "幼有善育" for r in first)
    assert all(r.quarters == [r.quarters[0]] * 4 and r.quarters[0] for r in first)


def test_lost_type_cell_is_realigned(txt_rows: list[WorkRow]) -> None:
    r = _find(txt_rows, "劳有所得", "重点任务", 6)
    assert r.name == "全面深化“浙江无欠薪”行动"
    assert [c[:2] for c in _sched(r)] == [(1, 1), (2, 2), (3, 3), (4, 4)]
    assert r.lead_units == ["县人社局"] and r.owners == ["王峥"]


def test_merged_seq_and_name_over_three_rows(txt_rows: list[WorkRow]) -> None:
    subs = [r for r in txt_rows if (r.category, r.type, r.seq) == ("劳有所得", "重点任务", 5)]
    assert [r.sub for r in subs] == [1, 2, 3]
    assert {r.name for r in subs} == {"加强劳动关系综合治理"}
    assert all(len(r.schedule) == 4 for r in subs)


def test_merged_seq_with_own_names_and_leads(txt_rows: list[WorkRow]) -> None:
    a = _find(txt_rows, "病有良医", "民生实事", 3, 1)
    b = _find(txt_rows, "病有良医", "民生实事", 3, 2)
    assert a.name == "在公共场所新增配置自动体外除颤仪20台" and a.lead_units == ["县卫健局"]
    assert b.name == "培训急救救护人员100人以上" and b.lead_units == ["县红十字会"]


def test_extra_empty_cell_before_the_last_quarter(txt_rows: list[WorkRow]) -> None:
    r = _find(txt_rows, "老有康养", "重点任务", 8)
    assert _sched(r) == [(1, 3, "指导各乡镇建立养老服务“爱心卡”制度。"), (4, 4, "进一步提升“爱心卡”使用人数。")]
    assert r.lead_units == ["县民政局"] and r.owners == []


def test_extra_empty_cell_after_a_merged_schedule(txt_rows: list[WorkRow]) -> None:
    r = _find(txt_rows, "弱有众扶", "民生实事", 2)
    assert r.name == "实行群众“身后事”基本服务免费"
    assert [c[:2] for c in _sched(r)] == [(1, 1), (2, 4)]
    assert r.schedule[1].text == "督查贯彻落实情况。"
    assert r.lead_units == ["县民政局"] and r.owners == []


def test_sub_row_with_lead_in_the_owner_column(txt_rows: list[WorkRow]) -> None:
    a = _find(txt_rows, "公共服务一体化", "重点任务", 2, 1)
    b = _find(txt_rows, "公共服务一体化", "重点任务", 2, 2)
    assert [c[:2] for c in _sched(a)] == [(1, 4)]
    assert a.lead_units == ["县公共服务七优享工程工作专班办公室", "县民政局", "县住建局"]
    assert a.owners == ["韩娜", "陈海明", "孙政"]
    assert b.quarters[0] is None and _sched(b) == [(2, 4, "建成运营首批1家民生服务综合体。")]
    assert b.lead_units == ["县民政局"] and b.owners == []
    assert b.name == "加强公共服务设施融合共建"


def test_type_label_on_a_middle_row(txt_rows: list[WorkRow]) -> None:
    group = [r for r in txt_rows if r.category == "病有良医" and r.seq <= 4 and r.type == "重点指标"]
    assert [r.seq for r in group] == [1, 2, 3, 4]


def test_slash_is_its_own_cell(txt_rows: list[WorkRow]) -> None:
    r = _find(txt_rows, "劳有所得", "重点指标", 3)
    assert _sched(r) == [(1, 1, "5"), (2, 2, "30"), (3, 3, "/"), (4, 4, "/")]


# --- literal grids -------------------------------------------------------------------------------------


def _explicit(pages: list[list[list[str | None]]], spans: dict[tuple[int, int, int], tuple[int, int]],
              header: bool | list[bool] = True) -> RawDocument:
    """Grids from literal rows: None marks a position covered by a span from `spans[(page, r, c)]`."""
    grids = []
    for gi, rows in enumerate(pages):
        with_header = header if isinstance(header, bool) else header[gi]
        body = ([HEADER] if with_header else []) + rows
        cells = []
        for r, row in enumerate(body):
            for c, text in enumerate(row):
                if text is None:
                    continue
                rs, cs = spans.get((gi, r - (1 if with_header else 0), c), (1, 1))
                cells.append(Cell(r, c, text, rs, cs, page=gi + 1, ref=f"p{gi + 1}"))
        grids.append(Grid(len(body), len(HEADER), cells, [RowInfo(gi + 1, f"p{gi + 1}") for _ in body], index=gi))
    return RawDocument("pdf", front_matter=[], tables=grids, n_pages=len(pages))


def test_continuous_table_without_repeated_header_and_split_merges() -> None:
    doc = _explicit(
        [
            [["幼有善育", "1", "重点任务", "甲", "a1", "a2", "a3", "a4", "县卫健局", "张三"],
             [None, "2", None, "乙", "b1", "b2", "b3", "b4", "县卫健局", "张三"]],
            [["", "3", "", "丙", "c1", "c2", "c3", "c4", "县卫健局", "张三"],
             [None, "1", "民生实事", "丁", "d1", None, None, None, "县民政局", ""]],
        ],
        {(0, 0, 0): (2, 1), (0, 0, 2): (2, 1), (1, 0, 0): (2, 1), (1, 1, 4): (1, 4)},
        header=[True, False],
    )
    rows, _ = build_rows(build_layout(doc))
    assert [(r.category, r.type, r.seq, r.sub, r.name) for r in rows] == [
        ("幼有善育", "重点任务", 1, 1, "甲"), ("幼有善育", "重点任务", 2, 1, "乙"),
        ("幼有善育", "重点任务", 3, 1, "丙"), ("幼有善育", "民生实事", 1, 1, "丁")]
    assert _sched(rows[3]) == [(1, 4, "d1")]
    assert rows[3].owners == []


def test_row_broken_by_a_page_break_is_joined() -> None:
    doc = _explicit(
        [[["幼有善育", "1", "重点任务", "甲", "上半段", "a2", "a3", "a4", "县卫健局", "张三"]],
         [["", "", "", "", "下半段", "", "", "", "", ""],
          [None, "2", None, "乙", "b1", "b2", "b3", "b4", "县卫健局", "张三"]]],
        {(1, 0, 0): (2, 1), (1, 0, 2): (2, 1)},
    )
    rows, _ = build_rows(build_layout(doc))
    assert [(r.seq, r.sub) for r in rows] == [(1, 1), (2, 1)]
    assert rows[0].schedule[0].text == "上半段下半段"
    assert rows[0].source_ref == "p1-2"
    assert rows[1].type == "重点任务"


def test_merged_seq_crossing_a_page_is_a_sub_row_not_a_broken_row() -> None:
    doc = _explicit(
        [[["劳有所得", "5", "重点任务", "综合治理", "a1", "a2", "a3", "a4", "县人社局", "王峥"]],
         [["", "", "", "", "b1", "b2", "b3", "b4", "县人社局", "王峥"]]],
        {},
    )
    rows, _ = build_rows(build_layout(doc))
    assert [(r.seq, r.sub, r.name) for r in rows] == [(5, 1, "综合治理"), (5, 2, "综合治理")]


def test_type_label_one_character_per_line_and_vertical_merge() -> None:
    doc = _explicit(
        [[["学有优教", "1", "重\n点\n任\n务", "甲", "a", "", "", "", "县教育局", "李四"],
          [None, "2", None, "乙", "b", "", "", "", "县教育局", "李四"]]],
        {(0, 0, 0): (2, 1), (0, 0, 2): (2, 1)},
    )
    rows, _ = build_rows(build_layout(doc))
    assert [r.type for r in rows] == ["重点任务", "重点任务"]
    # explicit grids: an empty quarter cell is empty, not a merge
    assert _sched(rows[0]) == [(1, 1, "a")]


def test_repeated_header_rows_inside_one_table_are_dropped() -> None:
    doc = _explicit(
        [[["住有宜居", "1", "重点指标", "甲", "a", "b", "c", "d", "县住建局", "孙政"],
          HEADER,
          ["住有宜居", "2", "重点指标", "乙", "a", "b", "c", "d", "县住建局", "孙政"]]],
        {},
    )
    rows, _ = build_rows(build_layout(doc))
    assert [r.seq for r in rows] == [1, 2]


def test_heading_rows_give_category_and_type() -> None:
    """Some offices put the 专项 and the 类型 in heading rows across the table instead of columns."""
    doc = _explicit(
        [[["一、幼有善育", None, None, None, None, None, None, None, None, None],
          ["（一）重点指标", None, None, None, None, None, None, None, None, None],
          ["", "1", "", "托位数", "2.6", None, None, None, "县卫健局", "董冬"],
          ["", "2", "", "使用率", ">63%", None, None, None, "县卫健局", "董冬"],
          ["（二）重点任务", None, None, None, None, None, None, None, None, None],
          ["", "1", "", "甲", "a", "b", "c", "d", "县卫健局", "董冬"],
          ["二、学有优教", None, None, None, None, None, None, None, None, None],
          ["", "1", "民生实事", "乙", "a", "b", "c", "d", "县教育局", "柴芬娜"]]],
        {(0, 0, 0): (1, 10), (0, 1, 0): (1, 10), (0, 4, 0): (1, 10), (0, 6, 0): (1, 10),
         (0, 2, 4): (1, 4), (0, 3, 4): (1, 4)},
    )
    rows, _ = build_rows(build_layout(doc))
    assert [(r.category, r.type, r.seq, r.name) for r in rows] == [
        ("幼有善育", "重点指标", 1, "托位数"), ("幼有善育", "重点指标", 2, "使用率"),
        ("幼有善育", "重点任务", 1, "甲"), ("学有优教", "民生实事", 1, "乙")]


def test_broken_row_whose_name_also_continues() -> None:
    doc = _explicit(
        [[["幼有善育", "1", "重点任务", "推进普惠托育", "上半段", "a2", "a3", "a4", "县卫健局", "张三"]],
         [["", "", "", "服务体系建设", "下半段", "", "", "", "", ""],
          [None, "2", None, "乙", "b1", "b2", "b3", "b4", "县卫健局", "张三"]]],
        {(1, 0, 0): (2, 1), (1, 0, 2): (2, 1)},
    )
    rows, _ = build_rows(build_layout(doc))
    assert [(r.seq, r.sub, r.name) for r in rows] == [(1, 1, "推进普惠托育服务体系建设"), (2, 1, "乙")]
    assert rows[0].schedule[0].text == "上半段下半段"
