"""Printed PDFs read as well as clean renderings: a web page printed by a browser, a workbook printed by Calc.

What printing does to a table, rule by rule (each pinned on literal edges, chars and grids), then end to end on
the synthetic printed fixtures (tests/fixtures/printed/, made by tools/make_printed_fixtures.py from the
hand-written expected rows) and on the 2024 notice printed both ways (samples/) against the golden:

- only visible paint is a rule: a white content box or a pale shading is no frame; thin black filled
  rectangles (a browser's cell borders) are rules;
- text clipped away (a spreadsheet prints a merged cell's text on every page of the range, clipped) is not read;
- a table left open at a page edge (no rule where the break cuts a row or a merged cell) is closed at the extent
  of its column rules, the cut cells are marked open, and text overflowing the open edge is the cell's;
- a merged range cut by a page break gets its text wherever in the range it was printed, and a row cut by the
  break is joined, so the rows read the same as from a clean rendering.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from tests.paths import FIXTURES, PRINTED, PRINTED_NOT_CARRIED
from tests.helpers import assert_matches_golden, golden_document
from worklist.extract.grid import Cell, Grid, RawDocument, RowInfo
from worklist.extract.table.layout import build_layout, join_parts, stitch_pages
from worklist.extract.pdf.clip import intersect
from worklist.extract.pdf.reader import read_pdf
from worklist.extract.geometry.page import (
    PageObjects,
    TableLayout,
    TextLine,
    claim_overflow,
    drop_empty_strips,
    drop_rows_without_a_start,
    furniture_key,
    page_layouts,
    running_headers,
)
from worklist.extract.geometry.rules import (
    closing_rules,
    column_runs,
    is_rule,
    luminance,
    open_sides,
    page_background,
    shows,
)
from worklist.extract.table.rows import build_rows
from worklist.vocabulary.fields import split_owners, split_units
from worklist.vocabulary.text import clean_text
from worklist.pipeline import convert

PRINTED_FIXTURES = FIXTURES / "printed"
FIXTURE_PDFS = ("chromium-portrait", "chromium-landscape", "chromium-thead-footer", "calc-portrait", "calc-landscape")


@lru_cache(maxsize=None)
def converted(path: Path):
    return convert(path)


# ------------------------------------------------------------------------------------------- paint and rules

BLACK, WHITE = (0.0, 0.0, 0.0), (1.0, 1.0, 1.0)


@pytest.mark.parametrize(("colour", "lum"), [
    (0, 0.0), (1.0, 1.0), ((0.5,), 0.5), (BLACK, 0.0), (WHITE, 1.0), ((1.0, 0.0, 0.0), 0.299),
    ((0.0, 0.0, 0.0, 1.0), 0.0), ((0.0, 0.0, 0.0, 0.0), 1.0), (None, None), ("P0", None), ((0.1, 0.2), None),
])
def test_luminance_of_gray_rgb_and_cmyk(colour, lum) -> None:
    got = luminance(colour)
    assert got == lum if lum is None else abs(got - lum) < 1e-9


def edge(orientation: str = "h", **paint) -> dict:
    return {"x0": 0.0, "x1": 10.0, "top": 0.0, "bottom": 0.0, "orientation": orientation, **paint}


@pytest.mark.parametrize(("paint", "background", "rule"), [
    ({"stroke": True, "fill": False, "stroking_color": BLACK}, 1.0, True),  # a stroked line
    ({"stroke": False, "fill": True, "non_stroking_color": BLACK}, 1.0, True),  # a browser's thin filled border
    ({"stroke": False, "fill": True, "non_stroking_color": WHITE}, 1.0, False),  # the white content box
    ({"stroke": False, "fill": True, "non_stroking_color": (0.953, 0.965, 0.98)}, 1.0, False),  # pale shading
    ({"stroke": False, "fill": True, "non_stroking_color": (0.85,)}, 1.0, True),  # a grey-filled cell shows
    ({"stroke": True, "fill": True, "stroking_color": BLACK, "non_stroking_color": WHITE}, 1.0, True),  # bordered
    ({"stroke": True, "fill": False, "stroking_color": WHITE}, 1.0, False),  # a white stroke
    ({"stroke": False, "fill": True, "non_stroking_color": (0.7,)}, 0.7, False),  # the page's own colour
    ({"stroke": False, "fill": True, "non_stroking_color": (0.0, 0.0, 0.0, 1.0)}, 1.0, True),  # CMYK black
    ({"stroke": True, "fill": False, "stroking_color": None}, 1.0, True),  # a pattern: assumed visible
    ({"stroke": False, "fill": False}, 1.0, False),  # neither stroked nor filled (a clipping path)
    ({}, 1.0, True),  # no paint information (an OFD page's rule)
])
def test_only_visible_paint_is_a_rule(paint, background, rule) -> None:
    assert is_rule(edge(**paint), background) is rule


def test_a_colour_shows_against_white_paper_and_the_page_colour() -> None:
    assert shows(BLACK) and not shows(WHITE) and not shows((0.95,))
    assert not shows((0.3,), background=0.3) and shows((0.3,), background=1.0)


def test_page_background_is_the_fill_covering_the_page() -> None:
    page = (0.0, 0.0, 100.0, 200.0)
    cover = {"x0": 0, "x1": 100, "top": 0, "bottom": 200, "fill": True, "non_stroking_color": (0.9, 0.9, 0.9)}
    box = {"x0": 5, "x1": 95, "top": 5, "bottom": 150, "fill": True, "non_stroking_color": WHITE}
    assert abs(page_background([cover, box], page) - 0.9) < 1e-9
    assert page_background([box], page) == 1.0  # a content box is not the page


# ------------------------------------------------------------------------------------------- open page edges


def h(y: float, x0: float, x1: float, **kw) -> dict:
    return {"x0": x0, "x1": x1, "top": y, "bottom": y, "doctop": y, "width": x1 - x0, "height": 0.0,
            "orientation": "h", "object_type": "line", **kw}


def v(x: float, y0: float, y1: float, **kw) -> dict:
    return {"x0": x, "x1": x, "top": y0, "bottom": y1, "doctop": y0, "width": 0.0, "height": y1 - y0,
            "orientation": "v", "object_type": "line", **kw}


def ruled(xs: list[float], ys: list[float], top: float | None = None, bottom: float | None = None) -> list[dict]:
    """A grid of rules: horizontals at ys across the table, verticals at xs from `top` to `bottom`."""
    t, b = ys[0] if top is None else top, ys[-1] if bottom is None else bottom
    return [h(y, xs[0], xs[-1]) for y in ys] + [v(x, t, b) for x in xs]


@pytest.mark.parametrize(("name", "edges", "want"), [
    ("closed table", ruled([0, 50, 100], [0, 20, 40]), []),
    ("cut at the bottom", ruled([0, 50, 100], [0, 20, 40], bottom=70), [("h", 70.0, 0, 100)]),
    ("cut at the top", ruled([0, 50, 100], [30, 50, 70], top=0), [("h", 0.0, 0, 100)]),
    ("cut at both ends", ruled([0, 50, 100], [30, 50], top=0, bottom=90), [("h", 90.0, 0, 100), ("h", 0.0, 0, 100)]),
    ("rules overshoot a little", ruled([0, 50, 100], [0, 20, 40], bottom=41.5), []),
    ("one column open (a merged cell)", ruled([0, 50, 100], [0, 20])
     + [h(40, 50, 100), v(0, 20, 40), v(50, 20, 40), v(100, 20, 40)], [("h", 40.0, 0, 100)]),
    ("one rule runs on alone", ruled([0, 50, 100], [0, 20, 40]) + [v(100, 40, 90)], []),
])
def test_a_table_is_closed_at_its_column_rules_extent(name, edges, want) -> None:
    tables = [(0.0, min(e["top"] for e in edges if e["orientation"] == "h"), 100.0,
               max(e["top"] for e in edges if e["orientation"] == "h"))]
    got = [(c["orientation"], c["top"], c["x0"], c["x1"]) for c in closing_rules(tables, edges, 3.0, 2.0)]
    assert got == want, name


def test_a_column_without_any_rule_across_it_is_closed_with_the_table() -> None:
    """A browser page whose first column is one merged cell running through the page: its two rules touch no
    horizontal rule of the table, but run exactly as far as the table's column rules."""
    edges = [v(0, 0, 100), v(20, 0, 100)] + [h(y, 20, 120) for y in (30, 60)] + [v(x, 0, 100) for x in (70, 120)]
    got = closing_rules([(20.0, 30.0, 120.0, 60.0)], edges, 3.0, 2.0)
    assert sorted((c["top"], c["x0"], c["x1"]) for c in got) == [(0.0, 0, 120), (100.0, 0, 120)]


@pytest.mark.parametrize(("name", "edges", "tables", "want"), [
    ("the rest of a cut row", [v(x, 0, 30) for x in (10, 60, 110)] + [h(30, 10, 110)], [], [(10, 0, 110, 30)]),
    ("no rule across them", [v(x, 0, 30) for x in (10, 60, 110)], [], []),
    ("two rules are one column at most", [v(x, 0, 30) for x in (10, 60)] + [h(30, 10, 60)], [], []),
    ("rules of different lengths", [v(10, 0, 30), v(60, 0, 50), v(110, 5, 30), h(30, 10, 110)], [], []),
    ("rules of a table already found", [v(x, 0, 30) for x in (10, 60, 110)] + [h(30, 10, 110)],
     [(10.0, 0.0, 110.0, 30.0)], []),
])
def test_column_rules_without_a_closed_cell_make_a_table(name, edges, tables, want) -> None:
    assert column_runs(edges, tables, 2.0) == want, name


def test_open_sides_are_those_no_rule_of_the_page_draws() -> None:
    rules = [h(40, 50, 100)]  # the right column's bottom is drawn, the left one's is not
    closing = [h(40, 0, 100, object_type="closing_edge")]
    boxes = [(0.0, 0.0, 50.0, 40.0), (50.0, 20.0, 100.0, 40.0), (50.0, 0.0, 100.0, 20.0)]
    assert open_sides(boxes, closing, rules, 3.0, 2.0) == (frozenset(), frozenset({0}))


def page(edges: list[dict], chars: list[dict] | None = None) -> PageObjects:
    return PageObjects(chars or [], edges, False, (0.0, 0.0, 612.0, 792.0))


def test_page_layouts_close_a_cut_table_and_mark_its_open_cells() -> None:
    edges = ruled([10, 60, 110, 160], [100, 130, 160], top=100, bottom=200)  # the last row runs on to 200
    (lay,) = page_layouts(page(edges))
    assert lay.ys[-1] == pytest.approx(200.0)
    assert len(lay.open_bottom) == 3 and not lay.open_top


def test_page_layouts_ignore_a_white_box_around_the_table() -> None:
    white = {"stroke": False, "fill": True, "non_stroking_color": WHITE}
    box = [h(20, 5, 600, **white), h(780, 5, 600, **white), v(5, 20, 780, **white), v(600, 20, 780, **white)]
    (lay,) = page_layouts(page(ruled([10, 60, 110], [100, 130, 160]) + box))
    assert lay.bbox == pytest.approx((10.0, 100.0, 110.0, 160.0))
    assert lay.n_rows == 2 and lay.n_cols == 2


@pytest.mark.parametrize(("ys", "cells", "want_ys", "want_cells"), [
    ([0, 10, 20], [(0, 0, 1, 1), (1, 0, 1, 1)], [0, 10, 20], [(0, 0, 1, 1), (1, 0, 1, 1)]),
    # row 1 (10..12) only continues the merged cell of column 0: it joins the row above
    ([0, 10, 12], [(0, 0, 2, 1), (0, 1, 1, 1)], [0, 12], [(0, 0, 1, 1), (0, 1, 1, 1)]),
    ([0, 10, 12, 30], [(0, 0, 3, 1), (0, 1, 1, 1), (2, 1, 1, 1)],
     [0, 12, 30], [(0, 0, 2, 1), (0, 1, 1, 1), (1, 1, 1, 1)]),
])
def test_rows_without_a_cell_of_their_own_are_dropped(ys, cells, want_ys, want_cells) -> None:
    assert drop_rows_without_a_start(ys, cells) == (want_ys, want_cells)


def table(ys: list[float], cells: list[tuple[int, int, int, int]], **open_cells) -> TableLayout:
    """A two-column TableLayout on the given row edges (boxes follow the grid positions)."""
    xs = (0.0, 50.0, 100.0)
    boxes = tuple((xs[c], ys[r], xs[c + cs], ys[r + rs]) for r, c, rs, cs in cells)
    owner = {(rr, cc): i for i, (r, c, rs, cs) in enumerate(cells)
             for rr in range(r, r + rs) for cc in range(c, c + cs)}
    return TableLayout((0.0, ys[0], 100.0, ys[-1]), xs, tuple(ys), boxes, tuple(cells), owner,
                       **{k: frozenset(v) for k, v in open_cells.items()})


@pytest.mark.parametrize(("name", "lay", "texts", "want_ys", "want_cells"), [
    ("the frame's strip below a cut table", table([0, 20, 40, 60], [(0, 0, 3, 1), (0, 1, 1, 1), (1, 1, 1, 1),
     (2, 1, 1, 1)], open_bottom={0, 3}), ["A", "b", "c", ""], [0, 20, 60], [(0, 0, 2, 1), (0, 1, 1, 1), (1, 1, 1, 1)]),
    ("a thin strip inside (a merged cell's border off its neighbours')", table([0, 20, 21, 40],
     [(0, 0, 2, 1), (0, 1, 1, 1), (1, 1, 1, 1), (2, 0, 1, 2)]), ["A", "b", "", "c"], [0, 21, 40],
     [(0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 2)]),
    ("a thin strip holding text is a row", table([0, 20, 21, 40], [(0, 0, 2, 1), (0, 1, 1, 1), (1, 1, 1, 1),
     (2, 0, 1, 2)]), ["A", "b", "x", "c"], [0, 20, 21, 40], [(0, 0, 2, 1), (0, 1, 1, 1), (1, 1, 1, 1), (2, 0, 1, 2)]),
    ("an empty open row at the top", table([0, 20, 40], [(0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 1), (1, 1, 1, 1)],
     open_top={0, 1}), ["", "", "a", "b"], [20, 40], [(0, 0, 1, 1), (0, 1, 1, 1)]),
    ("an open bottom row with text continues on the next page", table([0, 20, 40], [(0, 0, 1, 1), (0, 1, 1, 1),
     (1, 0, 1, 1), (1, 1, 1, 1)], open_bottom={2, 3}), ["a", "b", "", "c"], [0, 20, 40],
     [(0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 1), (1, 1, 1, 1)]),
])
def test_empty_strips_are_no_rows(name, lay, texts, want_ys, want_cells) -> None:
    buckets = [[ch(t, 0, 0)] if t else [] for t in texts]
    got, kept = drop_empty_strips(lay, buckets, min_height=4.0)
    assert (list(got.ys), list(got.cells)) == (want_ys, want_cells), name
    assert len(kept) == len(got.cells)


def ch(text: str, x: float, top: float, size: float = 8.0, width: float = 8.0) -> dict:
    return {"text": text, "x0": x, "x1": x + width, "top": top, "bottom": top + size, "size": size}


def test_text_overflowing_an_open_cell_bottom_is_the_cells() -> None:
    """A stacked label 重/点/任/务 in a merged cell cut at the page bottom: 务 stands below the last rule, one
    line pitch below 任; text elsewhere near the edge is not the cell's."""
    lay = TableLayout(bbox=(0, 10, 100, 52), xs=(0, 50, 100), ys=(10, 52), boxes=((0, 10, 50, 52), (50, 10, 100, 52)),
                      cells=((0, 0, 1, 1), (0, 1, 1, 1)), owner={(0, 0): 0, (0, 1): 1},
                      open_top=frozenset({0}), open_bottom=frozenset({0}))
    buckets: list[list[list[dict]]] = [[[ch("重", 20, 20), ch("点", 20, 30), ch("任", 20, 40)], []]]
    outside = [ch("务", 20, 50), ch("附", 20, 90), ch("注", 70, 50), ch("页", 20, 0),
               ch("file:///a.html 2/3", 0, 61, width=120)]
    left = claim_overflow(outside, [lay], buckets)
    assert "".join(c["text"] for c in buckets[0][0]) == "重点任务"
    assert [c["text"] for c in left] == ["附", "注", "页", "file:///a.html 2/3"]  # far / closed cell / above / wide


def test_a_single_line_cell_has_no_pitch_to_continue() -> None:
    lay = TableLayout(bbox=(0, 10, 50, 52), xs=(0, 50), ys=(10, 52), boxes=((0, 10, 50, 52),),
                      cells=((0, 0, 1, 1),), owner={(0, 0): 0}, open_bottom=frozenset({0}))
    buckets: list[list[list[dict]]] = [[[ch("董", 20, 40)]]]
    assert [c["text"] for c in claim_overflow([ch("1", 20, 52)], [lay], buckets)] == ["1"]


@pytest.mark.parametrize(("text", "key"), [
    ("file:///tmp/notice.html 2/5", "file:///tmp/notice.html"),
    ("嵊泗县人民政府 第3页 共8页", "嵊泗县人民政府"),
    ("2025年工作清单", "2025年工作清单"),
    ("3/8", ""),
])
def test_a_margin_line_is_compared_without_its_page_number(text, key) -> None:
    assert furniture_key(text) == key


def test_a_footer_repeated_but_for_its_page_number_is_furniture() -> None:
    lines = [TextLine(f"file:///tmp/notice.html {i}/4", 0, 100, 780, 788, 8, i) for i in range(1, 5)]
    assert running_headers(lines, 4) == {"file:///tmp/notice.html"}


# ------------------------------------------------------------------------------------------- clipping


def test_clip_boxes_intersect() -> None:
    assert intersect(None, (0, 0, 10, 10)) == (0, 0, 10, 10)
    assert intersect((0, 0, 10, 10), (5, -5, 20, 5)) == (5, 0, 10, 5)


def _pdf(content: bytes, form: bytes) -> bytes:
    """A one-page PDF (Helvetica text) whose page content and form XObject are given."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 5 0 R "
        b"/Resources << /Font << /F1 4 0 R >> /XObject << /X1 6 0 R >> >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 300 300] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Length %d >>\nstream\n" % len(form) + form + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_text_outside_the_clipping_path_is_not_read(tmp_path: Path) -> None:
    from worklist.extract.pdf.reader import open_pdf, page_objects

    content = (b"q 0 0 300 100 re W n BT /F1 12 Tf 10 50 Td (seen) Tj ET "
               b"BT /F1 12 Tf 10 150 Td (clipped) Tj ET /X1 Do Q "
               b"BT /F1 12 Tf 10 250 Td (free) Tj ET")
    form = b"BT /F1 12 Tf 10 200 Td (formclip) Tj ET BT /F1 12 Tf 100 50 Td (form) Tj ET"
    path = tmp_path / "clip.pdf"
    path.write_bytes(_pdf(content, form))
    pdf = open_pdf(path)
    try:
        objs = page_objects(pdf.pages[0])
    finally:
        pdf.close()
    text = "".join(c["text"] for c in sorted(objs.chars, key=lambda c: (c["top"], c["x0"])))
    assert text == "freeseenform"  # top to bottom; the clip ends at Q, and holds inside the form XObject
    assert objs.hidden_chars == len("clipped") + len("formclip")


# ------------------------------------------------------------------------------------------- stitching pages

HEADER = ["专项名称", "序号", "类型", "名称", "一季度", "二季度", "三季度", "四季度", "牵头单位", "责任人"]


def grid(index: int, page_no: int, rows: list[list], header: bool = True) -> Grid:
    """A 10-column grid: optional header row, then data rows given as lists of cell specs by column; a spec is
    text, or (text, row_span[, flags]) with flags 'B' (open bottom) / 'T' (open top); None = covered."""
    cells: list[Cell] = []
    body = ([HEADER] if header else []) + rows
    for r, row in enumerate(body):
        for c, spec in enumerate(row):
            if spec is None:
                continue
            text, span, flags = (spec, 1, "") if isinstance(spec, str) else (*spec, "")[:3]
            cells.append(Cell(r, c, text, row_span=span, page=page_no, ref=f"p{page_no}",
                              open_top="T" in flags, open_bottom="B" in flags))
    infos = [RowInfo(page=page_no, ref=f"p{page_no}") for _ in body]
    return Grid(len(body), 10, cells, infos, index=index)


def rows_of(*grids: Grid):
    work, _ = build_rows(build_layout(RawDocument("pdf", [], list(grids))))
    return work


Q = ["a", "b", "c", "d"]


def test_a_merged_range_printed_on_its_later_page_names_its_earlier_rows() -> None:
    """Calc prints a merged 专项名称 in the middle of its range: here on page 2, so page 1's rows of the range
    have an empty cell that no rule closes at the page bottom."""
    p1 = grid(0, 1, [
        ["学有优教", "1", "重点任务", "甲", *Q, "县教育局", "王一"],
        [("", 2, "B"), "1", ("重点任务", 2, "B"), "乙", *Q, "县卫健局", "李二"],
        [None, "2", None, "丙", *Q, "县卫健局", "李二"],
    ])
    p2 = grid(1, 2, [[("病有良医", 1), "3", "", "丁", *Q, "县卫健局", "李二"]])
    assert [(r.category, r.seq, r.name) for r in rows_of(p1, p2)] == [
        ("学有优教", 1, "甲"), ("病有良医", 1, "乙"), ("病有良医", 2, "丙"), ("病有良医", 3, "丁")]


def test_a_row_cut_by_the_page_break_is_joined_whatever_columns_continue() -> None:
    p1 = grid(0, 1, [[("幼有善育", 1, "B"), ("1", 1, "B"), ("重点任务", 1, "B"), ("推进普惠托育", 1, "B"),
                      ("制定方案", 1, "B"), ("b", 1, "B"), ("c", 1, "B"), ("d", 1, "B"), ("县卫健", 1, "B"),
                      ("林", 1, "B")]])
    p2 = grid(1, 2, [[("", 1, "T"), ("", 1, "T"), ("", 1, "T"), ("服务体系建设", 1, "T"), ("明确分工。", 1, "T"),
                      ("", 1, "T"), ("", 1, "T"), ("", 1, "T"), ("局", 1, "T"), ("晓红", 1, "T")],
                     ["", "2", "", "开展早期发展行动", *Q, "县卫健局", "陈晓梅"]], header=False)
    first, second = rows_of(p1, p2)
    assert (first.name, first.lead_units, first.owners) == ("推进普惠托育服务体系建设", ["县卫健局"], ["林晓红"])
    assert first.quarters[0] == "制定方案明确分工。" and first.source_ref == "p1-2"
    assert (second.category, second.seq, second.name) == ("幼有善育", 2, "开展早期发展行动")


def test_a_merged_item_crossing_the_break_continues_as_its_sub_row() -> None:
    """序号/名称 merged over three rows, two on page 1 (text printed there), one under page 2's repeated
    header: the third row is sub-row 3 of the same item, not an item without a name."""
    p1 = grid(0, 1, [[("病有良医", 2, "B"), ("5", 2, "B"), ("重点任务", 2, "B"), ("加强综合治理", 2, "B"),
                      *Q, "县人社局", "王峥"], [None, None, None, None, *Q, "县人社局", "王峥"]])
    p2 = grid(1, 2, [["", "", "", "", *Q, "县人社局", "王峥"], ["", "6", "", "深化改革", *Q, "县人社局", "王峥"]])
    got = [(r.category, r.type, r.seq, r.sub, r.name) for r in rows_of(p1, p2)]
    assert got == [("病有良医", "重点任务", 5, 1, "加强综合治理"), ("病有良医", "重点任务", 5, 2, "加强综合治理"),
                   ("病有良医", "重点任务", 5, 3, "加强综合治理"), ("病有良医", "重点任务", 6, 1, "深化改革")]


def test_pages_closed_by_rules_are_not_stitched() -> None:
    p1 = grid(0, 1, [["幼有善育", "1", "重点任务", "甲", *Q, "县卫健局", "林晓红"]])
    p2 = grid(1, 2, [["", "", "", "", "续", "", "", "", "", ""]], header=False)
    from worklist.extract.headers import ColumnMap, find_header_rows, map_columns
    from worklist.extract.table.layout import grid_texts

    t1 = grid_texts(p1)
    m1 = map_columns(p1, find_header_rows(p1, t1))
    st = stitch_pages([(p1, m1, t1), (p2, ColumnMap(fields=m1.fields, header_rows=[]), grid_texts(p2))])
    assert not st.head and not st.continued and not st.settled


@pytest.mark.parametrize(("parts", "text"), [
    (["", "学有优教", ""], "学有优教"),  # printed on the middle page of the range
    (["重点\n任务", "重点\n任务"], "重点\n任务"),  # printed on every page of the range
    (["民生", "实事"], "民生\n实事"),  # a stacked label cut by the break
    (["", ""], ""),
])
def test_the_text_of_a_merged_range_is_the_text_of_its_parts(parts, text) -> None:
    assert join_parts(parts) == text


def test_a_label_stacked_one_character_per_line_reads_as_one_word() -> None:
    assert clean_text("幼\n有\n善\n育") == "幼有善育" and clean_text("重\n点\n任\n务") == "重点任务"


def test_text_above_the_work_list_is_front_matter_and_text_inside_it_a_warning() -> None:
    """A web page printed to PDF: a catalogue table (文号, 发布机构), the notice, then the list. The reader
    cannot tell which table is the list; the layout can."""
    catalogue = Grid(2, 2, [Cell(0, 0, "文号"), Cell(0, 1, "岱七优享办〔2025〕3号"), Cell(1, 0, "发布机构"),
                            Cell(1, 1, "岱江县办公室")], [RowInfo(1, "p1"), RowInfo(1, "p1")], index=0)
    p1 = grid(1, 1, [["幼有善育", "1", "重点任务", "甲", *Q, "县卫健局", "林晓红"]])
    p2 = grid(2, 2, [["", "2", "", "乙", *Q, "县卫健局", "林晓红"]], header=False)
    doc = RawDocument("pdf", ["岱江县人民政府"], [catalogue, p1, p2],
                      interludes=[(1, "p1", "关于印发清单的通知"), (2, "p1", "附注一行")])
    layout = build_layout(doc)
    assert layout.front_matter == ["岱江县人民政府", "文号", "岱七优享办〔2025〕3号", "发布机构", "岱江县办公室",
                                   "关于印发清单的通知"]
    assert "p1: text between tables: 附注一行" in layout.warnings


# ------------------------------------------------------------------------------------------- inspect


def test_inspect_draws_open_sides_dashed() -> None:
    from PIL import Image, ImageDraw

    from worklist.extract.geometry.draw import dashed_line, open_sides_of

    assert open_sides_of(Cell(0, 0, "x", open_top=True, open_bottom=True)) == ["top", "bottom"]
    assert open_sides_of(Cell(0, 0, "x")) == []
    im = Image.new("RGB", (40, 5), "white")
    dashed_line(ImageDraw.Draw(im), (0, 2), 40, (255, 0, 0), 1, 5)
    row = [im.getpixel((x, 2)) for x in range(40)]
    assert row[2] == (255, 0, 0) and row[7] == (255, 255, 255) and row[12] == (255, 0, 0)  # dash, gap, dash


def test_inspect_labels_a_joined_fragment_as_its_rows_continuation() -> None:
    from worklist.pipeline.review import row_labels

    labels = row_labels(PRINTED_FIXTURES / "chromium-portrait.pdf")
    cont = [label for label in labels.values() if label.endswith("(cont.)")]
    assert len(cont) == 1 and cont[0].replace(" (cont.)", "") in labels.values()


# ------------------------------------------------------------------------------------------- end to end


def _expected_rows() -> list[dict]:
    exp = json.loads((PRINTED_FIXTURES / "expected.json").read_text(encoding="utf-8"))
    assert len(exp["rows"]) == exp["work_rows"]
    return [
        {
            "category": r["category"], "type": r["type"], "seq": int(r["seq"]), "name": clean_text(r["name"]),
            "sub": r["sub_row"],
            "schedule": [(min(c["quarters"]), max(c["quarters"]), clean_text(c["text"])) for c in r["schedule"]],
            "lead": split_units(r["lead"]), "owner": split_owners(r["owner"]),
        }
        for r in exp["rows"]
    ]


@pytest.mark.parametrize("name", FIXTURE_PDFS)
def test_printed_fixture_reads_its_source_rows(name: str) -> None:
    conv = converted(PRINTED_FIXTURES / f"{name}.pdf")
    assert not conv.invalid, conv.invalid
    assert conv.checks["success"], [r for r in conv.checks["results"] if not r["success"]]
    assert conv.coverage["unaccounted"] == []
    got = [
        {
            "category": it.category, "type": it.type, "seq": it.seq, "name": it.name, "sub": it.sub,
            "schedule": [(m.quarter_from, m.quarter_to, m.text) for m in conv.milestones if m.row_id == it.row_id],
            "lead": it.lead_units, "owner": it.owners,
        }
        for it in conv.items
    ]
    want = _expected_rows()
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g == w
    assert not [w for w in conv.warnings if "between tables" in w or "outside its ruled cells" in w]
    fm = json.loads((PRINTED_FIXTURES / "expected.json").read_text(encoding="utf-8"))["front_matter"]
    assert conv.document.title == fm["title"]
    if name.startswith("chromium"):  # the web page carries the notice; the workbook only the list's title
        assert (conv.document.doc_number, conv.document.issuer) == (fm["doc_no"], fm["issuer"])


@pytest.mark.parametrize("name", ("chromium-portrait", "chromium-landscape"))
def test_browser_print_cuts_cells_at_page_breaks_without_rules(name: str) -> None:
    """The fixture shows what it is meant to: cells open at page edges, and the reader closed them."""
    doc = read_pdf(PRINTED_FIXTURES / f"{name}.pdf")
    assert any(c.open_bottom for g in doc.tables for c in g.cells)
    assert any(c.open_top for g in doc.tables for c in g.cells)


def test_browser_print_rows_cut_by_a_break_are_joined() -> None:
    """In the portrait print the last row is cut by the page break: its rest, alone on the last page, has no
    rule across its top (the table finder sees no cell there) and is joined back."""
    conv = converted(PRINTED_FIXTURES / "chromium-portrait.pdf")
    assert [it.name for it in conv.items if "-" in it.source_ref] == ["新增公共场所自动体外除颤仪30台"]


@pytest.mark.parametrize("name", ("calc-portrait", "calc-landscape"))
def test_spreadsheet_print_prints_merged_text_once_visibly(name: str) -> None:
    """Calc draws a cut merged cell's text on every page of the range; the copies it clips away are skipped,
    and some range's text stands only on its later page."""
    from worklist.extract.headers import find_header_rows, map_columns
    from worklist.extract.table.layout import grid_texts

    doc = read_pdf(PRINTED_FIXTURES / f"{name}.pdf")
    assert any("outside the clipping path" in w for w in doc.warnings)
    grids = []
    for g in doc.tables:
        texts = grid_texts(g)
        grids.append((g, map_columns(g, find_header_rows(g, texts)), texts))
    st = stitch_pages(grids)
    cells = {(g.index, c.row, c.col): c for g, _, _ in grids for c in g.cells}
    assert any(not cells[first].text.strip() and st.text[first] for first in st.text)




@pytest.mark.parametrize("how", sorted(PRINTED))
def test_printed_sample_matches_golden(how: str) -> None:
    """The 2024 notice printed by a browser and by Calc reads exactly as the clean renderings: items,
    milestones, targets, and the document fields the form carries."""
    expected = golden_document()
    for name in PRINTED_NOT_CARRIED.get(how, ()):
        expected[name] = None
    conv = converted(PRINTED[how])
    assert_matches_golden(conv, how, expected)
    assert conv.coverage["unaccounted"] == []
