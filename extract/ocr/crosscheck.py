"""The rule grid checked against the text it holds: a rule the scan lost shows in where the text lines sit.

A rule too faint to survive the scan merges two cells into one, and the table finder cannot know: the cell
simply spans two rows of the grid (the neighbouring columns' rules still cut the rows). Its text then reads
as one (`1`, `2`, `3` → `123`; `68`|`70` → `6870`), which is the worst kind of error: plausible and checked
by nothing. The text tells: in a cell merged on purpose the lines form one block, centred in the whole cell,
while in a cell merged by a lost rule each row's lines sit in that row's band, centred there like the
neighbouring cells' text, with the lost rule's row boundary in the blank between them.

`suspect_merges` finds such cells. The reader does not guess which reading is right: a suspect cell is
reported (a named warning, and its recognised lines count as unaccounted in the coverage, so the document
fails validation) — never merged silently and never split on a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Any, Sequence

LEVEL_TOL = 0.3  # × line height: a row's lines are level with its other cells' text within this much
MIN_GAP = 0.1  # × line height: detector boxes of a paragraph's lines touch or overlap; two rows' texts leave a blank


@dataclass(frozen=True)
class SuspectCell:
    """A cell whose text lines sit one block per grid row: page, grid position, the rows' texts."""

    page: int
    row: int
    col: int
    row_span: int
    texts: tuple[str, ...]  # the text of each row band that holds lines, top to bottom
    boxes: tuple[Any, ...]  # the recognised lines inside the cell (image pixels)


def row_bands(grid: Any) -> list[tuple[float, float]]:
    """(top, bottom) of each grid row in points: where the reader placed the row, else from its cells."""
    if grid.rows and all(r.top is not None and r.bottom is not None for r in grid.rows):
        return [(float(r.top), float(r.bottom)) for r in grid.rows]
    tops: dict[int, list[float]] = {}
    bottoms: dict[int, list[float]] = {}
    for c in grid.cells:
        if c.bbox is None:
            continue
        tops.setdefault(c.row, []).append(c.bbox[1])
        bottoms.setdefault(c.last_row, []).append(c.bbox[3])
    out = []
    for r in range(grid.n_rows):
        if r not in tops or r not in bottoms:
            return []
        out.append((median(tops[r]), median(bottoms[r])))
    return out


def _groups(lines: Sequence[tuple[float, float, Any]], bands: Sequence[tuple[float, float]],
            first: int, last: int) -> dict[int, list[tuple[float, float, Any]]] | None:
    """The lines (top, bottom, box) by the row band they lie in; None when a line crosses a row boundary
    (text that runs over the boundary is one block: the cell is merged on purpose)."""
    out: dict[int, list[tuple[float, float, Any]]] = {}
    for t, b, box in lines:
        h = b - t
        for r in range(first, last + 1):
            top, bottom = bands[r]
            if t >= top - 0.25 * h and b <= bottom + 0.25 * h:
                out.setdefault(r, []).append((t, b, box))
                break
        else:
            return None
    return out


def suspect_merges(page_no: int, grids: Sequence[Any], boxes: Sequence[Any], scale: float) -> list[SuspectCell]:
    """Cells over several grid rows whose text lines form one block per row, each block level with the text
    of that row's other cells, with a blank at each row boundary between them: the signature of a rule the
    scan lost (`scale`: points per pixel)."""
    out: list[SuspectCell] = []
    lines = [((b.x0 + b.x1) / 2 * scale, b.top * scale, b.bottom * scale, b) for b in boxes if b.text.strip()]
    for g in grids:
        bands = row_bands(g)
        if not bands:
            continue
        for c in g.cells:
            if c.row_span < 2 or c.bbox is None or not c.text.strip():
                continue
            x0, top, x1, bottom = c.bbox
            inside = [(t, bt, b) for x, t, bt, b in lines if x0 <= x <= x1 and top <= (t + bt) / 2 <= bottom]
            if len(inside) < 2:
                continue
            groups = _groups(sorted(inside, key=lambda v: v[0]), bands, c.row, c.last_row)
            if groups is None or len(groups) < 2:
                continue
            height = median(bt - t for t, bt, _ in inside)
            if all(_level(groups[r], _row_centre(g, r, bands[r], lines, c), height) for r in groups) \
                    and _separated(groups, height):
                texts = tuple("".join(b.text for _, _, b in sorted(groups[r], key=lambda v: (v[0], v[2].x0)))
                              for r in sorted(groups))
                out.append(SuspectCell(page_no, c.row, c.col, c.row_span, texts, tuple(v[2] for v in inside)))
    return out


def col_bands(grid: Any) -> list[tuple[float, float]]:
    """(x0, x1) of each grid column in points, from the cells that span that column alone."""
    lefts: dict[int, list[float]] = {}
    rights: dict[int, list[float]] = {}
    for c in grid.cells:
        if c.bbox is None or c.col_span != 1:
            continue
        lefts.setdefault(c.col, []).append(c.bbox[0])
        rights.setdefault(c.col, []).append(c.bbox[2])
    out = []
    for k in range(grid.n_cols):
        if k not in lefts:
            return []
        out.append((median(lefts[k]), median(rights[k])))
    return out


def suspect_spans(page_no: int, grids: Sequence[Any], boxes: Sequence[Any], scale: float) -> list[SuspectCell]:
    """Cells over several grid columns whose one line of text falls apart, at each column boundary, into
    pieces centred in the columns below and above (`68|70|72` read as `687072`): a vertical rule the scan
    lost. A text that runs across a boundary, or one centred over the whole cell, is merged on purpose."""
    out: list[SuspectCell] = []
    for g in grids:
        bands = col_bands(g)
        if not bands:
            continue
        for c in g.cells:
            if c.col_span < 2 or c.bbox is None or not c.text.strip():
                continue
            x0, top, x1, bottom = c.bbox
            inside = [b for b in boxes if b.text.strip() and b.chars
                      and top <= (b.top + b.bottom) / 2 * scale <= bottom
                      and x0 <= (b.x0 + b.x1) / 2 * scale <= x1]
            if not inside or not _one_line(inside):
                continue
            pieces = _pieces([ch for b in inside for ch in b.chars], bands[c.col:c.last_col + 1], scale)
            if pieces is not None and len(pieces) >= 2:
                out.append(SuspectCell(page_no, c.row, c.col, c.row_span, tuple(pieces), tuple(inside)))
    return out


def _one_line(boxes: Sequence[Any]) -> bool:
    """Whether the recognised lines stand on one text line (the detector may cut it at wide blanks)."""
    centres = [(b.top + b.bottom) / 2 for b in boxes]
    height = median(b.bottom - b.top for b in boxes)
    return max(centres) - min(centres) <= 0.5 * height


def _pieces(placed: Sequence[Any], bands: Sequence[tuple[float, float]], scale: float) -> list[str] | None:
    """One line's characters by column band when each band's characters are centred in it and no character
    crosses a boundary; None otherwise."""
    chars = sorted(((t, a * scale, b * scale) for t, a, b, _ in placed if t.strip()), key=lambda v: v[1])
    if not chars:
        return None
    em = median(b - a for _, a, b in chars)
    groups: dict[int, list[tuple[str, float, float]]] = {}
    for t, a, b in chars:
        k = next((i for i, (l, r) in enumerate(bands) if l - 0.1 * em <= a and b <= r + 0.1 * em), None)
        if k is None:
            return None  # a character across a column boundary: one text over the merged cell
        groups.setdefault(k, []).append((t, a, b))
    for k, cs in groups.items():
        l, r = bands[k]
        centre = (min(a for _, a, _ in cs) + max(b for _, _, b in cs)) / 2
        if abs(centre - (l + r) / 2) > max(LEVEL_TOL * (r - l), em):
            return None
    return ["".join(t for t, _, _ in groups[k]) for k in sorted(groups)]


def _row_centre(grid: Any, row: int, band: tuple[float, float], lines: Sequence[tuple[float, float, float, Any]],
                cell: Any) -> float:
    """Where the text of `row` sits: the median centre of the lines in the row's other one-row cells (text
    is placed alike across a row, whatever the cell's padding), else the band's middle."""
    centres = []
    for c in grid.cells:
        if c is cell or c.row != row or c.row_span != 1 or c.bbox is None:
            continue
        x0, top, x1, bottom = c.bbox
        centres += [(t + bt) / 2 for x, t, bt, _ in lines if x0 <= x <= x1 and top <= (t + bt) / 2 <= bottom]
    return median(centres) if centres else (band[0] + band[1]) / 2


def _level(lines: Sequence[tuple[float, float, Any]], centre: float, height: float) -> bool:
    top, bottom = min(t for t, _, _ in lines), max(b for _, b, _ in lines)
    return abs((top + bottom) / 2 - centre) <= LEVEL_TOL * height


def _separated(groups: dict[int, list[tuple[float, float, Any]]], height: float) -> bool:
    rows = sorted(groups)
    for a, b in zip(rows, rows[1:]):
        above = max(bt for _, bt, _ in groups[a])
        below = min(t for t, _, _ in groups[b])
        if below - above < MIN_GAP * height:
            return False
    return True
