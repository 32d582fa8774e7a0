"""Lists of every shape read right, or refused by name (issue 17, part A).

Rules first, table-driven: 序号 of any length, periods named in a schedule cell, unit lists. Then the shape
fixtures of tests/fixtures/shapes/ end to end in every form the generator makes (DOCX, LibreOffice PDF, HTML,
XLSX, TXT), field by field against rows written by hand (tests/fixtures/shapes/README.md).
"""

from __future__ import annotations

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
