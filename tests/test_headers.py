"""Column mapping by header names, with the variants offices use."""

import pytest

from worklist.extract.grid import Cell, Grid, RowInfo
from worklist.extract.headers import header_field, is_header_row, map_columns


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("专项名称", "category"), ("领域", "category"), ("专项", "category"),
        ("序号", "seq"), ("类型", "type"),
        ("名称", "name"), ("任务名称", "name"), ("指标名称", "name"),
        ("牵头单位", "lead"), ("责任单位", "lead"), ("牵头\n单位", "lead"),
        ("责任人", "owner"), ("联系人", "owner"),
        ("一季度", "q1"), ("第一季度", "q1"), ("1季度", "q1"), ("二季度", "q2"), ("第三季度", "q3"),
        ("四季度", "q4"), ("Q4", "q4"),
        ("工作时序", "schedule"),
        ("一季度（3月底）", "q1"), ("第二季度(6月末)", "q2"),
        ("1-3月", "q1"), ("4—6月", "q2"), ("7~9月份", "q3"), ("10-12月", "q4"),
        ("3月底前", "q1"), ("6月底", "q2"), ("9月末", "q3"), ("12月31日前", "q4"), ("5月底", None),
        ("备注", None), ("", None), ("县卫健局", None),
    ],
)
def test_header_field(text: str, field: str | None) -> None:
    assert header_field(text) == field


def _grid(rows: list[list[str]], spans: dict[tuple[int, int], tuple[int, int]] | None = None) -> Grid:
    spans = spans or {}
    cells = []
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    covered.add((rr, cc))
            cells.append(Cell(r, c, text, rs, cs))
    return Grid(len(rows), len(rows[0]), cells, [RowInfo(1, f"r{r}") for r in range(len(rows))])


def test_two_row_header_with_schedule_span() -> None:
    g = _grid(
        [["专项名称", "序号", "类型", "名称", "工作时序", "", "", "", "牵头单位", "责任人"],
         ["", "", "", "", "一季度", "二季度", "三季度", "四季度", "", ""]],
        {(0, 4): (1, 4), (0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (2, 1), (0, 3): (2, 1), (0, 8): (2, 1),
         (0, 9): (2, 1)},
    )
    cmap = map_columns(g, [0, 1])
    assert cmap.fields == {0: "category", 1: "seq", 2: "type", 3: "name", 4: "q1", 5: "q2", 6: "q3", 7: "q4",
                           8: "lead", 9: "owner"}


def test_reordered_columns_variants_and_unknown_column() -> None:
    g = _grid([["序号", "任务名称", "领域", "第一季度", "第二季度", "第三季度", "第四季度", "责任单位", "备注"]])
    cmap = map_columns(g, [0])
    assert cmap.fields == {0: "seq", 1: "name", 2: "category", 3: "q1", 4: "q2", 5: "q3", 6: "q4", 7: "lead"}
    assert cmap.extras == {8: "备注"}


def test_schedule_without_quarter_row_maps_by_order() -> None:
    g = _grid([["序号", "名称", "工作时序", "", "", "", "牵头单位"]], {(0, 2): (1, 4)})
    cmap = map_columns(g, [0])
    assert [cmap.fields[c] for c in (2, 3, 4, 5)] == ["q1", "q2", "q3", "q4"]


@pytest.mark.parametrize(
    ("texts", "header"),
    [
        (["专项名称", "序号", "类型", "名称", "工作时序", "", "", "", "牵头单位", "责任人"], True),
        (["", "", "", "", "一季度", "二季度", "三季度", "四季度", "", ""], True),
        (["幼有善育", "1", "重点指标", "托位使用率", "年度指标>63%", "", "", "", "县卫健局", "董冬"], False),
    ],
)
def test_is_header_row(texts: list[str], header: bool) -> None:
    assert is_header_row(texts) is header


def test_a_second_column_of_the_same_kind_is_kept_as_extra() -> None:
    g = _grid([["序号", "任务名称", "工作内容", "一季度", "二季度", "三季度", "四季度", "牵头单位"]])
    cmap = map_columns(g, [0])
    assert cmap.fields[1] == "name" and cmap.extras == {2: "工作内容"}
