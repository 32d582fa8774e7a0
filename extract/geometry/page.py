"""Page geometry → cell grids: the table finder every paged format shares (PDF, OFD, OCR'd page images).

A paged reader turns each page into `PageObjects` (chars with boxes, ruling edges with their paint, whether the
page has images); `read_objects` finds the ruled tables, deals every character to its cell, and keeps the text
outside the tables as lines; `assemble` turns a document's pages into a `RawDocument` (front matter, grids,
interludes, back matter). Table finding, span detection and text assembly exist once, here.

Why not pdfplumber's `page.extract_tables()`: it returns merged cells as `None` holes (spans lost) and crops the
page once per cell to get the text, which is what makes it slow. Here pdfplumber's own table finder gives the
cell rectangles; each rectangle is snapped to the table's distinct row/column edges to get its grid position
and spans, and every character of the page is dealt to its cell in one pass (bisect on the edges). The text of
a cell is its raw lines: "\\n" between lines, " " only where the page shows a visible gap; the shared
`vocabulary.text.clean_text` removes layout whitespace later and maps radical code points.

The steps are small functions (`layout_table`, `deal_chars`, `group_lines`, `line_text`, …) so each can be
tested alone; `extract.geometry.draw` draws the cells over the page.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Callable, Iterable, Iterator, Sequence

from worklist.extract import budget
from worklist.extract.errors import NoTableError, NoTextLayerError
from worklist.extract.geometry.rules import (
    EXTENT_FACTOR,
    closing_rules,
    column_runs,
    open_sides,
    rule_edges,
    text_size,
)
from worklist.extract.geometry.pictures import Pictures
from worklist.extract.grid import BBox, Cell, Grid, RawDocument, RowInfo, SourceFormat

Char = dict[str, Any]  # a pdfplumber char object

# pdfplumber's lines strategy, spelled out so a change of defaults upstream does not change our grids.
TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "edge_min_length": 3,
    "intersection_tolerance": 3,
}
EDGE_TOLERANCE = 2.0  # pt: cell sides closer than this lie on the same grid line
LINE_TOLERANCE = 0.5  # × font size: chars whose tops differ less are on the same text line
GAP_FACTOR = 0.25  # × font size: a horizontal gap wider than this is a visible space
DUPLICATE_FACTOR = 0.15  # × font size: same char this close to another one is a bold-simulation copy
MARGIN_FRACTION = 0.08  # top/bottom band of the page where page numbers and running headers live
STRIP_FACTOR = 0.5  # × text size: an empty edge row thinner than this holds no line (a frame's spacing)
OVERFLOW_FACTOR = 0.35  # × font size: how exactly an overflowing line must keep its cell's line pitch


@dataclass(frozen=True, slots=True)
class TableLayout:
    """One ruled table of a page as a grid: its edges and each cell rectangle's grid position.

    `xs`/`ys` are the distinct column/row edges (n_cols+1 / n_rows+1 values). `cells[i]` is
    (row, col, row_span, col_span) of `boxes[i]`; `owner` maps every covered grid position to its cell index.
    `open_top`/`open_bottom` are the indices of cells that no rule of the page closes at the table's top /
    bottom (closed by `pdf_rules.closing_rules`: the cell continues across the page break).
    """

    bbox: BBox
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    boxes: tuple[BBox, ...]
    cells: tuple[tuple[int, int, int, int], ...]
    owner: dict[tuple[int, int], int]
    open_top: frozenset[int] = frozenset()
    open_bottom: frozenset[int] = frozenset()

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1


@dataclass(frozen=True, slots=True)
class TextLine:
    """A visual line of text outside the tables."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int


# ----------------------------------------------------------------------------------------------- geometry


def cluster_positions(values: Iterable[float], tolerance: float = EDGE_TOLERANCE) -> list[float]:
    """Distinct positions of a set of coordinates: neighbours closer than `tolerance` merge (their mean)."""
    out: list[float] = []
    group: list[float] = []
    for v in sorted(values):
        if group and v - group[-1] > tolerance:
            out.append(sum(group) / len(group))
            group = []
        group.append(v)
    if group:
        out.append(sum(group) / len(group))
    return out


def nearest_index(edges: Sequence[float], v: float) -> int:
    """Index of the edge nearest to `v` (edges sorted)."""
    i = bisect_right(edges, v)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - v < v - edges[i - 1] else i - 1


def layout_table(boxes: Sequence[BBox], tolerance: float = EDGE_TOLERANCE) -> TableLayout | None:
    """Grid positions and spans of cell rectangles, from the table's distinct row and column edges.

    A rectangle covering several rows/columns becomes one cell with spans; a rectangle that would cover a
    position already taken (overlapping boxes) or that collapses to nothing is dropped. Returns None when the
    rectangles do not make at least two cells (a single framed box is a text frame, not a table).
    """
    if len(boxes) < 2:
        return None
    xs = cluster_positions([b[0] for b in boxes] + [b[2] for b in boxes], tolerance)
    ys = cluster_positions([b[1] for b in boxes] + [b[3] for b in boxes], tolerance)
    kept_boxes: list[BBox] = []
    cells: list[tuple[int, int, int, int]] = []
    owner: dict[tuple[int, int], int] = {}
    for box in sorted(boxes, key=lambda b: (b[1], b[0])):
        c0, c1 = nearest_index(xs, box[0]), nearest_index(xs, box[2])
        r0, r1 = nearest_index(ys, box[1]), nearest_index(ys, box[3])
        if c1 <= c0 or r1 <= r0:
            continue
        positions = [(r, c) for r in range(r0, r1) for c in range(c0, c1)]
        if any(p in owner for p in positions):
            continue
        for p in positions:
            owner[p] = len(cells)
        cells.append((r0, c0, r1 - r0, c1 - c0))
        kept_boxes.append(tuple(box))  # type: ignore[arg-type]
    if len(cells) < 2:
        return None
    ys, cells = drop_rows_without_a_start(ys, cells)
    owner = {(r, c): i for i, (r0, c0, rs, cs) in enumerate(cells)
             for r in range(r0, r0 + rs) for c in range(c0, c0 + cs)}
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    return TableLayout(bbox, tuple(xs), tuple(ys), tuple(kept_boxes), tuple(cells), owner)


def drop_rows_without_a_start(
    ys: list[float], cells: list[tuple[int, int, int, int]]
) -> tuple[list[float], list[tuple[int, int, int, int]]]:
    """Remove grid rows in which no cell starts: a strip that only merged cells from above run through (a
    column's rules running a little past the others' last rule at a page break). Cells ending at a removed
    row edge are extended to the next one, so the strip joins the row above it."""
    starts = {r0 for r0, _, _, _ in cells}
    removed = {i for i in range(1, len(ys) - 1) if i not in starts}
    if not removed:
        return ys, cells
    new_index: list[int] = []
    kept = 0
    for i in range(len(ys)):
        new_index.append(kept)
        if i not in removed:
            kept += 1
    # a removed edge maps to the next kept one: new_index[i] already counts the kept edges before it
    out = [(new_index[r0], c0, new_index[r0 + rs] - new_index[r0], cs) for r0, c0, rs, cs in cells]
    return [y for i, y in enumerate(ys) if i not in removed], out


def check_table_work(edges: Sequence[dict[str, Any]], tolerance: float, where: str = "") -> None:
    """The table finder's work is bounded before it starts: it grows with the rules and, faster than
    linearly, with the crossings of row and column rules (the cells it may find: a page ruled into 121 000
    cells took minutes). The rules and the distinct rule positions each way are counted (TooLargeError past
    the page budgets, exit 8)."""
    budget.check("page edges", len(edges), where)
    step = max(tolerance, 0.5)
    ys = {round(e["top"] / step) for e in edges if e.get("orientation") == "h"}
    xs = {round(e["x0"] / step) for e in edges if e.get("orientation") == "v"}
    budget.check("page cells", max(len(ys) - 1, 0) * max(len(xs) - 1, 0), where)


def page_layouts(page: "PageObjects", settings: dict[str, Any] | None = None, where: str = "") -> list[TableLayout]:
    """The ruled tables of a page, top to bottom then left to right (pdfplumber's own table finder, given
    the page's edges).

    Only visible paint is a rule (`pdf_rules.is_rule`). A table whose column rules run on past its last (or
    before its first) horizontal rule is closed there (`pdf_rules.closing_rules`) and found again, and the cells
    the closing rule closes are marked open on that side."""
    from pdfplumber.table import TableFinder

    settings = settings or TABLE_SETTINGS
    objs = replace(page, edges=rule_edges(page.edges, page.background))
    check_table_work(objs.edges, float(settings.get("snap_tolerance", 3)), where)
    finder = TableFinder(objs, settings)  # type: ignore[arg-type]
    tables = finder.tables
    tolerance = float(settings.get("snap_tolerance", 3))
    extent = tolerance
    boxes = [t.bbox for t in tables]
    boxes += column_runs(finder.edges, boxes, tolerance)
    closing = closing_rules(boxes, finder.edges, extent, tolerance)
    if closing:  # the text size is only needed (and computed) when some table is open at all
        extent = max(tolerance, EXTENT_FACTOR * text_size(page.chars))
        closing = closing_rules(boxes, finder.edges, extent, tolerance)
    if closing:
        tables = TableFinder(replace(objs, edges=finder.edges + closing), settings).tables  # type: ignore[arg-type]
    layouts = []
    for t in tables:
        lay = layout_table(t.cells)
        if lay is None:
            continue
        if closing:
            tops, bottoms = open_sides(lay.boxes, closing, finder.edges, extent, tolerance)
            lay = replace(lay, open_top=tops, open_bottom=bottoms)
        layouts.append(lay)
    return sorted(layouts, key=lambda lay: (lay.bbox[1], lay.bbox[0]))


@dataclass
class PageObjects:
    """What the reader needs of a page — chars, ruling edges, whether it has images — taken straight from
    pdfminer's layout. pdfplumber's `page.objects` turns every object into a dict of ~20 resolved
    attributes (colours, fonts, matrices), a fifth of a page's parse time; the reader uses a few of them.
    Coordinates are pdfplumber's (top-left origin, MediaBox-adjusted), so its table finder runs unchanged.
    Edges carry their paint (`stroke`, `fill`, `stroking_color`, `non_stroking_color`, `linewidth`) so that
    `pdf_rules.is_rule` can tell rules from invisible frames; `background` is the page colour's luminance."""

    chars: list[Char]
    edges: list[dict[str, Any]]
    has_images: bool
    bbox: tuple[float, float, float, float]
    background: float = 1.0
    hidden_chars: int = 0  # chars the page draws outside its clipping path (invisible, not read)


# ----------------------------------------------------------------------------------------------- chars


def readable_chars(chars: Iterable[Char]) -> Iterator[Char]:
    """Chars to read: upright ones (rotated text is watermarks and stamps, not table content)."""
    return (c for c in chars if c.get("upright", True))


def _center(c: Char) -> tuple[float, float]:
    return (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2


def deal_chars(
    chars: Iterable[Char], layouts: Sequence[TableLayout]
) -> tuple[list[list[list[Char]]], list[Char], int]:
    """Deal each char to the table cell its centre falls in, in one pass over the page.

    Returns (per table, per cell: its chars), the chars outside every ruled cell, and how many of those fell
    inside a table's box on a grid position that no rectangle covers (kept as free text; the caller warns).
    """
    buckets: list[list[list[Char]]] = [[[] for _ in lay.cells] for lay in layouts]
    outside: list[Char] = []
    stray = 0
    for ch in chars:
        x, y = _center(ch)
        for ti, lay in enumerate(layouts):
            x0, top, x1, bottom = lay.bbox
            if x0 <= x <= x1 and top <= y <= bottom:
                col = min(max(bisect_right(lay.xs, x) - 1, 0), lay.n_cols - 1)
                row = min(max(bisect_right(lay.ys, y) - 1, 0), lay.n_rows - 1)
                ci = lay.owner.get((row, col))
                if ci is None:
                    stray += 1
                    outside.append(ch)
                else:
                    buckets[ti][ci].append(ch)
                break
        else:
            outside.append(ch)
    return buckets, outside, stray


def claim_overflow(
    outside: list[Char], layouts: Sequence[TableLayout], buckets: list[list[list[Char]]],
    tolerance: float = OVERFLOW_FACTOR,
) -> list[Char]:
    """Give a cell left open at the page bottom the lines its text overflows beyond that edge.

    A browser places the lines of a merged cell cut by a page break in the middle of the whole range and does
    not clip them at the break: the last character of a stacked label (重/点/任/务) can stand just below the
    table's last rule. A line outside every table is the cell's when it is the next line of the cell's own
    text: within the cell's columns, one line pitch of the cell's text (± `tolerance` × the text size) below
    its last line. Only a cell of several lines has a pitch to keep, and only an open bottom is overflowed
    (above a page's first rule stands the page header, never the rest of a cell). Returns the chars left."""
    left = list(outside)
    for ti, lay in enumerate(layouts):
        for ci in lay.open_bottom:
            left = _continue_lines(left, lay.boxes[ci], buckets[ti][ci], tolerance)
    return left


def _continue_lines(outside: list[Char], box: BBox, own: list[Char], tolerance: float) -> list[Char]:
    """Move into `own` the lines of `outside` that continue the cell's lines past its open bottom."""
    if not outside or not own:
        return outside
    tops = sorted({line[0]["top"] for line in group_lines(own)})
    if len(tops) < 2:
        return outside
    size = max(_size(c) for c in own)
    steps = sorted(b - a for a, b in zip(tops, tops[1:]))
    pitch = steps[len(steps) // 2]
    below = [c for c in outside if c["bottom"] > box[3] and c["top"] < box[3] + 3 * pitch]
    last = tops[-1]
    taken: list[Char] = []
    for line in group_lines(below):
        runs = [run for run in _runs(line, size) if box[0] <= (run[0]["x0"] + run[-1]["x1"]) / 2 <= box[2]]
        if not runs or abs(line[0]["top"] - last - pitch) > tolerance * size:
            break  # the cell's text does not go on here
        if any(run[0]["x0"] < box[0] or run[-1]["x1"] > box[2] for run in runs):
            break  # a line wider than the cell (a page footer) is not the cell's
        last = line[0]["top"]
        taken += [c for run in runs for c in run]
    if not taken:
        return outside
    own += taken
    ids = {id(c) for c in taken}
    return [c for c in outside if id(c) not in ids]


def drop_empty_strips(
    lay: TableLayout, buckets: list[list[Char]], min_height: float | Callable[[], float] = 0.0
) -> tuple[TableLayout, list[list[Char]]]:
    """Drop grid rows whose own cells are all empty and either thinner than `min_height` (no line of text
    fits) or, at the table's edge, left open there.

    With separate cell borders a browser draws every cell's box and the table's own frame: merged cells end a
    border-width off their neighbours, the frame stands a border-spacing below the last row, and at a page
    break the frame (and the merged cells it holds) runs down to the break although the last row ended above
    it. Each makes a strip of empty "cells" that is no row; the cells running through it keep it.
    `min_height` may be given as a function (the page's text size is measured only if an empty row exists)."""
    n = lay.n_rows
    remove: set[int] = set()
    drop_top = False
    for r in range(n):
        starting = [i for i, cell in enumerate(lay.cells) if cell[0] == r]
        if not starting or any(buckets[i] for i in starting) or any(lay.cells[i][2] > 1 for i in starting):
            continue  # text, or a merged cell starting here: a real row
        if callable(min_height):
            min_height = min_height()
        strip = lay.ys[r + 1] - lay.ys[r] < min_height
        if r == n - 1 and not strip:
            strip = all(i in lay.open_bottom for i in starting)
        if r == 0 and not strip:
            strip = all(i in lay.open_top for i in starting)
        if strip:
            remove.update(starting)
            drop_top = drop_top or r == 0
    if not remove or len(remove) == len(lay.cells):
        return lay, buckets
    keep = [i for i in range(len(lay.cells)) if i not in remove]
    new_index = {old: new for new, old in enumerate(keep)}
    cells = [lay.cells[i] for i in keep]
    ys = list(lay.ys)
    if drop_top:  # every cell of the top row went with it
        ys = ys[1:]
        cells = [(r0 - 1, c0, rs, cs) for r0, c0, rs, cs in cells]
    ys, cells = drop_rows_without_a_start(ys, cells)
    owner = {(rr, cc): k for k, (r0, c0, rs, cs) in enumerate(cells)
             for rr in range(r0, r0 + rs) for cc in range(c0, c0 + cs)}
    lay = replace(lay, ys=tuple(ys), cells=tuple(cells), boxes=tuple(lay.boxes[i] for i in keep), owner=owner,
                  bbox=(lay.bbox[0], ys[0], lay.bbox[2], ys[-1]),
                  open_top=frozenset(new_index[i] for i in lay.open_top if i in new_index),
                  open_bottom=frozenset(new_index[i] for i in lay.open_bottom if i in new_index))
    return lay, [buckets[i] for i in keep]


def _runs(line: Sequence[Char], size: float) -> list[list[Char]]:
    """A visual line cut where the gap between chars is wider than a char: the texts standing apart on it."""
    out: list[list[Char]] = []
    for c in line:
        if out and c["x0"] - out[-1][-1]["x1"] <= size:
            out[-1].append(c)
        else:
            out.append([c])
    return out


def _size(ch: Char) -> float:
    return ch.get("size") or (ch["bottom"] - ch["top"]) or 1.0


def group_lines(chars: Iterable[Char], tolerance: float = LINE_TOLERANCE) -> list[list[Char]]:
    """Chars grouped into visual lines by their top, lines top to bottom, chars left to right."""
    lines: list[list[Char]] = []
    line_top = 0.0
    limit = 0.0
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if lines and ch["top"] - line_top <= limit:
            lines[-1].append(ch)
        else:
            lines.append([ch])
            line_top = ch["top"]
            limit = tolerance * _size(ch)
    for line in lines:
        line.sort(key=lambda c: c["x0"])
    return lines


def dedupe_line(line: Sequence[Char], factor: float = DUPLICATE_FACTOR) -> list[Char]:
    """Drop bold-simulation copies: the same text printed again at nearly the same place (line sorted by x)."""
    kept: list[Char] = []
    for ch in line:
        tol = factor * _size(ch)
        dup = False
        for prev in reversed(kept[-3:]):
            if ch["x0"] - prev["x0"] > tol:
                break
            if prev["text"] == ch["text"] and abs(prev["top"] - ch["top"]) <= tol:
                dup = True
                break
        if not dup:
            kept.append(ch)
    return kept


def _end(prev: Char, nxt: Char) -> float:
    """Where `prev` ends as seen from the next glyph: its box, or — for a glyph whose advance a producer did
    not give (an OFD TextCode's last glyph: `reach`) — the next glyph's start when that lies within its reach,
    so a guessed width never makes a gap (no `AED 点位` where the page shows `AED点位`)."""
    reach = prev.get("reach")
    if reach is not None and nxt["x0"] <= reach:
        return max(prev["x1"], nxt["x0"])
    return float(prev["x1"])


def line_text(line: Sequence[Char], gap_factor: float = GAP_FACTOR) -> str:
    """The text of one line: chars left to right, one " " where a gap or a space char separates them."""
    parts: list[str] = []
    prev: Char | None = None
    pending = False
    for ch in line:
        text = ch["text"]
        if not text or text.isspace():
            pending = prev is not None
            continue
        if prev is not None and (
            pending or ch["x0"] - _end(prev, ch) > gap_factor * max(_size(ch), _size(prev))
        ):
            parts.append(" ")
        parts.append(text)
        prev = ch
        pending = False
    return "".join(parts)


def chars_text(chars: Iterable[Char]) -> str:
    """Raw text of a cell: its lines joined by "\\n" (empty lines left out)."""
    texts = (line_text(dedupe_line(line)) for line in group_lines(chars))
    return "\n".join(t for t in texts if t)


def text_lines(chars: Iterable[Char], page_number: int) -> list[TextLine]:
    """Visual lines of free text (outside tables), top to bottom."""
    out = []
    for line in group_lines(chars):
        line = dedupe_line(line)
        text = line_text(line)
        if text:
            out.append(
                TextLine(
                    text=text,
                    x0=min(c["x0"] for c in line),
                    x1=max(c["x1"] for c in line),
                    top=min(c["top"] for c in line),
                    bottom=max(c["bottom"] for c in line),
                    size=max(_size(c) for c in line),
                    page=page_number,
                )
            )
    return out


# ----------------------------------------------------------------------------------------------- free text

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~～\s]*\d{1,4}[-—–－~～\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.?)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",
    re.IGNORECASE,
)


def in_margin(line: TextLine, page_height: float, fraction: float = MARGIN_FRACTION) -> bool:
    """Whether a line sits in the top or bottom band where page furniture lives."""
    return line.bottom <= page_height * fraction or line.top >= page_height * (1 - fraction)


def is_page_number(text: str) -> bool:
    """'- 3 -', '— 3 —', '第3页 共29页', '3/29', 'Page 3'."""
    return bool(_PAGE_NUMBER.match(text.strip()))


_PAGE_NUMBER_END = re.compile(
    r"(?:^|\s)(?:\d{1,4}\s*/\s*\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)\s*$")


def furniture_key(text: str) -> str:
    """A margin line without the page number at its end: a browser's footer `file:///…/notice.html 2/5`
    repeats on every page but for its number."""
    return _PAGE_NUMBER_END.sub("", text).strip()


def running_headers(margin_lines: Iterable[TextLine], n_pages: int) -> set[str]:
    """Texts (page numbers at their end aside) repeated in the margin band on at least three pages and half
    of all pages."""
    pages_of: dict[str, set[int]] = {}
    for line in margin_lines:
        pages_of.setdefault(furniture_key(line.text), set()).add(line.page)
    return {t for t, ps in pages_of.items() if t and len(ps) >= max(3, n_pages // 2)}


_SENTENCE_END = tuple("。：:；;！!？?")


def continues(prev: TextLine, line: TextLine, left: float, right: float) -> bool:
    """Whether `line` clearly continues `prev`: same size, right below it, `prev` filled the text width
    (starting at the left margin, indent allowed) and `line` starts at the left margin or shares prev's centre
    (a centred title wrapped)."""
    size = max(prev.size, line.size)
    if line.page != prev.page or abs(prev.size - line.size) > 0.5:
        return False
    if not (0 <= line.top - prev.bottom <= 1.2 * size):
        return False
    if prev.text.endswith(_SENTENCE_END):
        return False
    if prev.x0 > left + 2.5 * size or prev.x1 < right - 1.5 * size:
        return False
    starts_left = line.x0 <= left + 0.5 * size
    centred = abs((line.x0 + line.x1) / 2 - (prev.x0 + prev.x1) / 2) <= size
    return starts_left or centred


def join_paragraphs(lines: Sequence[TextLine], bounds: dict[int, tuple[float, float]]) -> list[str]:
    """One item per visual line, except that a line that clearly continues the previous one is appended."""
    out: list[str] = []
    prev: TextLine | None = None
    for line in lines:
        left, right = bounds.get(line.page, (line.x0, line.x1))
        if prev is not None and out and continues(prev, line, left, right):
            out[-1] += line.text
        else:
            out.append(line.text)
        prev = line
    return out


# ----------------------------------------------------------------------------------------------- grids


def build_grid(lay: TableLayout, buckets: Sequence[Sequence[Char]], page_number: int, index: int) -> Grid:
    """The Grid of one table on one page."""
    ref = f"p{page_number}"
    cells = [
        Cell(
            row=r,
            col=c,
            text=chars_text(chars),
            row_span=rs,
            col_span=cs,
            page=page_number,
            bbox=box,
            ref=ref,
            open_top=i in lay.open_top,
            open_bottom=i in lay.open_bottom,
            conf=min((ch["conf"] for ch in chars if "conf" in ch), default=None),  # OCR'd pages
        )
        for i, ((r, c, rs, cs), box, chars) in enumerate(zip(lay.cells, lay.boxes, buckets))
    ]
    rows = [RowInfo(page=page_number, ref=ref, top=lay.ys[i], bottom=lay.ys[i + 1]) for i in range(lay.n_rows)]
    return Grid(n_rows=lay.n_rows, n_cols=lay.n_cols, cells=cells, rows=rows, implicit_spans=False, index=index)


@dataclass
class PageResult:
    """What one page contributes: its grids and free-text lines, each line tagged before/after the tables."""

    grids: list[Grid]
    lines: list[tuple[str, TextLine, bool]]  # (where: before/between/after/none, line, in the margin band)
    warnings: list[str]
    n_chars: int
    has_images: bool
    left: float
    right: float


def _position(line: TextLine, layouts: Sequence[TableLayout]) -> str:
    if not layouts:
        return "none"
    mid = (line.top + line.bottom) / 2
    if mid <= layouts[0].bbox[1]:
        return "before"
    if mid >= max(lay.bbox[3] for lay in layouts):
        return "after"
    return "between"


def read_objects(objs: PageObjects, n: int, first_index: int) -> PageResult:
    """Grids and free text of one page given as geometry (chars with boxes, ruling edges), whatever format
    it came from: PDF pages, OFD pages and OCR'd page images all go through here, so table finding, span
    detection and text assembly exist once. `n` is the 1-based page number."""
    layouts = page_layouts(objs, where=f"page {n}")
    all_chars = objs.chars
    buckets, outside, stray = deal_chars(readable_chars(all_chars), layouts)
    if any(lay.open_top or lay.open_bottom for lay in layouts):
        outside = claim_overflow(outside, layouts, buckets)
    if layouts:
        strip = cache(lambda: STRIP_FACTOR * text_size(all_chars))
        trimmed = [drop_empty_strips(lay, b, strip) for lay, b in zip(layouts, buckets)]
        layouts, buckets = [t[0] for t in trimmed], [t[1] for t in trimmed]
    notes = []
    rotated = sum(1 for c in all_chars if not c.get("upright", True))
    if rotated:
        notes.append(f"p{n}: {rotated} rotated chars skipped")
    if objs.hidden_chars:
        notes.append(f"p{n}: {objs.hidden_chars} chars outside the clipping path (not printed) skipped")
    if stray:
        notes.append(f"p{n}: {stray} chars inside a table but outside its ruled cells, read as free text")
    grids = [build_grid(lay, b, n, first_index + i) for i, (lay, b) in enumerate(zip(layouts, buckets))]
    height = float(objs.bbox[3] - objs.bbox[1])
    lines = [
        (_position(line, layouts), line, in_margin(line, height))
        for line in text_lines(outside, n)
        if not (in_margin(line, height) and is_page_number(line.text))
    ]
    xs0 = [line.x0 for _, line, _ in lines] + [lay.bbox[0] for lay in layouts]
    xs1 = [line.x1 for _, line, _ in lines] + [lay.bbox[2] for lay in layouts]
    return PageResult(
        grids=grids,
        lines=lines,
        warnings=notes,
        n_chars=len(all_chars),
        has_images=objs.has_images,
        left=min(xs0, default=0.0),
        right=max(xs1, default=float(objs.bbox[2] - objs.bbox[0])),
    )


@dataclass
class PagedRead:
    """A paged document as its reader saw it, before OCR: each page's result, and how to picture a page that
    holds only images (`geometry.pictures`). The dispatcher decides whether OCR reads some pages
    (`needs_ocr`); the reader never calls OCR itself."""

    results: list[PageResult]
    source_format: SourceFormat
    pictures: Pictures | None = None
    pictured_only: bool = False  # only pages with images can be pictured (an OFD's text is not drawn)
    no_text: str = "no text in the PDF"
    images_only: str = "no text layer (scanned pages?) and OCR is off (--ocr off)"
    no_table: str = "no ruled table found in the PDF"

    def needs_ocr(self, mode: str) -> bool:
        """Whether OCR has pages to read: some page is only images (mode "auto"), or any ("force")."""
        if mode == "force":
            return True
        return mode != "off" and any(not r.n_chars and r.has_images for r in self.results)

    def assemble(self) -> RawDocument:
        """The document from the pages' own text (no OCR)."""
        if not any(r.n_chars for r in self.results):
            raise NoTextLayerError(self.images_only if any(r.has_images for r in self.results) else self.no_text)
        try:
            return assemble(self.results, n_pages=len(self.results), source_format=self.source_format)
        except NoTableError:
            raise NoTableError(self.no_table) from None


def assemble(results: Sequence[PageResult], n_pages: int, source_format: str = "pdf") -> RawDocument:
    """Split free text into front matter (before the first table), back matter (after the last), and text
    between tables (`interludes`, tagged with how many tables stand above it: the layout knows which table is
    the work list, and text above it is front matter too); drop page numbers and running headers."""
    if not any(r.n_chars for r in results):
        if any(r.has_images for r in results):
            raise NoTextLayerError("no text layer (scanned pages?) and OCR is off (--ocr off)")
        raise NoTextLayerError("no text in the PDF")
    grids = [g for r in results for g in r.grids]
    if not grids:
        raise NoTableError("no ruled table found in the PDF")
    notes = [w for r in results for w in r.warnings]
    notes += [f"p{i}: no text layer (scanned page?)" for i, r in enumerate(results, 1) if not r.n_chars and r.has_images]

    first = next(i for i, r in enumerate(results) if r.grids)
    last = max(i for i, r in enumerate(results) if r.grids)
    headers = running_headers((line for r in results for _, line, m in r.lines if m), n_pages)
    front: list[TextLine] = []
    back: list[TextLine] = []
    between: dict[int, list[TextLine]] = {}  # grids above -> lines
    for i, r in enumerate(results):
        grids_above = r.grids[0].index if r.grids else sum(len(x.grids) for x in results[:i])
        for pos, line, margin in r.lines:
            if margin and furniture_key(line.text) in headers:
                continue
            if i < first or (i == first and pos == "before"):
                front.append(line)
            elif i > last or (i == last and pos == "after"):
                back.append(line)
            else:
                above = grids_above + sum(1 for g in r.grids if g.rows[0].top is not None
                                          and g.rows[0].top < (line.top + line.bottom) / 2)
                between.setdefault(above, []).append(line)
    bounds = {i: (r.left, r.right) for i, r in enumerate(results, 1)}
    interludes = [(above, f"p{lines[0].page}", text) for above, lines in between.items()
                  for text in join_paragraphs(lines, bounds)]
    return RawDocument(
        source_format=source_format,  # type: ignore[arg-type]
        front_matter=join_paragraphs(front, bounds),
        tables=grids,
        n_pages=n_pages,
        warnings=notes,
        back_matter=join_paragraphs(back, bounds),
        interludes=interludes,
    )
