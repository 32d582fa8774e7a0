"""The rule grid checked against the text (`extract/ocr/crosscheck.py`): a rule the scan lost merges a column's
cells of several rows, and the text lines that sit one per row band tell it. Pages drawn by `tests.scans`,
with the lost rule painted over here, so what is expected is what was drawn."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from PIL import ImageDraw

pytest.importorskip("cv2", reason="the ocr extra is not installed")

from tests.scans import WIDTHS_PT, cjk_font_path, table_page  # noqa: E402
from worklist.extract.grid import Cell, Grid, RowInfo  # noqa: E402
from worklist.extract.ocr.crosscheck import suspect_merges  # noqa: E402

needs_font = pytest.mark.skipif(cjk_font_path() is None, reason="no CJK font to draw test pages with")
DPI = 150
ROWS = [
    ["幼有善育", "1", "重点指标", "托位数", "68", "70", "72", "≥75", "县卫健局", "董冬"],
    ["", "2", "", "托位使用率", "年度指标", "/", "/", "达到90%", "县卫健局", "董冬"],
    ["", "3", "", "普惠托位", "完成摸底", "推进建设", "/", "总结提升", "县教育局", "李明"],
]
MERGES = {(0, 0): (3, 1), (0, 2): (3, 1)}  # 专项 and 类型 merged on purpose over the three rows


def _lose_rules(img, col: int, between: list[int]):
    """Paint over the horizontal rules of column `col` below data rows `between` (0-based), the junctions
    with the vertical rules left standing, as a faint rule comes out of a scanner."""
    px = DPI / 72
    xs = [40 * px]
    for w in WIDTHS_PT:
        xs.append(xs[-1] + w * px)
    top, row_h = 60 * px, 26 * px
    draw = ImageDraw.Draw(img)
    for r in between:
        y = top + (r + 2) * row_h  # header row first, then data row r's bottom
        draw.rectangle((xs[col] + 4, y - 3, xs[col + 1] - 4, y + 3), fill=255)
    return img


def _lose_vertical_rules(img, row: int, after_cols: list[int]):
    """Paint over the vertical rules right of columns `after_cols` in data row `row` (0-based)."""
    px = DPI / 72
    xs = [40 * px]
    for w in WIDTHS_PT:
        xs.append(xs[-1] + w * px)
    top, row_h = 60 * px, 26 * px
    draw = ImageDraw.Draw(img)
    y0, y1 = top + (row + 1) * row_h, top + (row + 2) * row_h
    for c in after_cols:
        x = xs[c + 1]
        draw.rectangle((x - 3, y0 + 4, x + 3, y1 - 4), fill=255)
    return img


def _read(img):
    from worklist.extract.ocr import reader as R

    return R.read_pages([R.ocr_page(np.asarray(img), DPI, 1)], "image", [1])


@needs_font
def test_a_lost_rule_between_seq_cells_is_reported_not_read_as_one_number() -> None:
    doc = _read(_lose_rules(table_page(ROWS, merges=MERGES), col=1, between=[0, 1]))
    [grid] = doc.tables
    merged = [c for c in grid.cells if c.col == 1 and c.row_span == 3]
    assert merged, "the painted-over rules merge the three 序号 cells in the rule grid"
    assert any("row 2, column 2" in w and "1 | 2 | 3" in w for w in doc.warnings), doc.warnings
    lost = doc.ocr["boxes"]["unaccounted"]
    assert sorted(b["text"] for b in lost) == ["1", "2", "3"]
    assert all("lost rule" in b["why"] for b in lost)


@needs_font
def test_a_lost_rule_between_schedule_cells_is_reported() -> None:
    doc = _read(_lose_rules(table_page(ROWS, merges=MERGES), col=4, between=[0]))
    assert any("column 5" in w and "68 | 年度指标" in w for w in doc.warnings), doc.warnings
    assert {b["text"] for b in doc.ocr["boxes"]["unaccounted"]} == {"68", "年度指标"}


@needs_font
def test_lost_rules_between_quarter_cells_are_reported_not_read_as_one_number() -> None:
    """68 | 70 | 72 in one row with the two rules between them lost: one cell over three quarters."""
    doc = _read(_lose_vertical_rules(table_page(ROWS, merges=MERGES), row=0, after_cols=[4, 5]))
    assert any(c.col == 4 and c.col_span == 3 for c in doc.tables[0].cells), "the rules merge the cells"
    assert any("column 5" in w and "68 | 70 | 72" in w for w in doc.warnings), doc.warnings
    assert sorted(b["text"] for b in doc.ocr["boxes"]["unaccounted"]) == ["68", "70", "72"]


@needs_font
def test_cells_merged_on_purpose_are_not_suspects() -> None:
    doc = _read(table_page(ROWS, merges=MERGES))
    assert not [w for w in doc.warnings if "lost" in w]
    assert doc.ocr["boxes"]["unaccounted"] == []


def _box(text: str, top: float, bottom: float, x0: float = 10.0, x1: float = 30.0):
    return SimpleNamespace(text=text, top=top, bottom=bottom, x0=x0, x1=x1)


def _grid(rows: int, tall: tuple[int, int] | None) -> Grid:
    """Two columns, rows 20 pt high; column 1 is one cell over rows `tall` (first, last) when given."""
    cells = [Cell(r, 0, "x", bbox=(0.0, 20.0 * r, 40.0, 20.0 * (r + 1))) for r in range(rows)]
    if tall:
        a, b = tall
        cells.append(Cell(a, 1, "t", row_span=b - a + 1, bbox=(40.0, 20.0 * a, 80.0, 20.0 * (b + 1))))
    return Grid(rows, 2, cells, [RowInfo(1, "p1") for _ in range(rows)])


@pytest.mark.parametrize(("lines", "suspect"), [
    # one line centred in each of two rows: a lost rule
    ([("1", 6, 14), ("2", 26, 34)], True),
    # a two-line paragraph centred in the merged cell (wrapped text): merged on purpose
    ([("县卫健局、", 12, 19), ("县医保局", 21, 28)], False),
    # one label centred over both rows
    ([("民生实事", 16, 24)], False),
    # a line across the row boundary
    ([("a", 6, 14), ("b", 16, 25)], False),
    # lines in two rows, but not centred in them (top-aligned paragraph with a blank line)
    ([("a", 1, 8), ("b", 21, 28)], False),
])
def test_suspect_merges_rule_table(lines, suspect: bool) -> None:
    boxes = [_box(t, top, bottom, 50, 70) for t, top, bottom in lines]
    got = suspect_merges(1, [_grid(2, (0, 1))], boxes, scale=1.0)
    assert bool(got) is suspect
