"""Which painted objects of a page are a table's rules, and where a table cut by a page break stays open.

Two habits of printed pages break a finder that takes every path as a rule:

- **Frames that are no frames.** A browser paints the page's white content box (a filled rectangle, no
  stroke, larger than the table) and shades label cells in a pale colour. Taken as rules, the white box frames
  the whole page as one table. Only stroked lines in a visible colour and filled shapes in a visible colour
  are rules here: a fill that is white or the page's own colour, without a visible stroke, is not (`is_rule`).
  A browser draws each cell border as a thin filled rectangle: visible fill, so still a rule.
- **Cells open at the page edge.** Where a row or a merged cell continues past a page break, browsers and
  spreadsheets draw no rule at the page edge: the table's column rules run on to the bottom (or start at the
  top) of the printable area and stop there. `closing_rules` closes such a table at the extent of its column
  rules, so the cut cells are read on both pages; `open_sides` says which cells a closing rule (not a rule of
  the page) closes, the evidence the layout uses to join the parts across the break. A column with no rule
  across it at all on the page (one merged cell filling it) is taken in by its rules' extent (`alongside`),
  and a page holding only the rest of a cut row, with no closed cell for the finder, by its column rules
  (`column_runs`).

Sizes are relative: colours by luminance contrast, lengths by the page's text size or the finder's tolerance.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

Edge = dict[str, Any]
BBox = tuple[float, float, float, float]  # x0, top, x1, bottom

CONTRAST = 0.1  # luminance difference below which a colour does not show against the background
WHITE = 1.0
OPEN_FRACTION = 0.5  # a cell side less covered than this by the page's rules is open
EXTENT_FACTOR = 0.5  # × text size: column rules running on further than this past a table's last rule


def luminance(colour: Any) -> float | None:
    """Relative luminance 0 (black) .. 1 (white) of a pdfminer colour, None when unknown (a pattern).

    pdfminer gives a gray level as a number or a 1-tuple, RGB as a 3-tuple, CMYK as a 4-tuple."""
    if isinstance(colour, (int, float)):
        return float(colour)
    if not isinstance(colour, (tuple, list)) or not all(isinstance(v, (int, float)) for v in colour):
        return None
    if len(colour) == 1:
        return float(colour[0])
    if len(colour) == 3:
        r, g, b = colour
        return 0.299 * r + 0.587 * g + 0.114 * b
    if len(colour) == 4:
        c, m, y, k = colour
        return 0.299 * (1 - c) * (1 - k) + 0.587 * (1 - m) * (1 - k) + 0.114 * (1 - y) * (1 - k)
    return None


def shows(colour: Any, background: float = WHITE) -> bool:
    """Whether paint in `colour` is visible on white paper and on the page's background colour."""
    lum = luminance(colour)
    if lum is None:
        return True  # a pattern or an unusual colour space: assume it shows
    return abs(lum - WHITE) >= CONTRAST and abs(lum - background) >= CONTRAST


def is_rule(edge: Edge, background: float = WHITE) -> bool:
    """Whether an edge comes from a visible stroke or a visible fill (edges without paint information, as
    other formats' pages give them, are rules)."""
    stroke, fill = edge.get("stroke"), edge.get("fill")
    if stroke is None and fill is None:
        return True
    if stroke and shows(edge.get("stroking_color"), background):
        return True
    return bool(fill) and shows(edge.get("non_stroking_color"), background)


def page_background(rects: Iterable[Edge], page_bbox: BBox, fraction: float = 0.9) -> float:
    """Luminance of the page's own colour: the fill of a rectangle covering nearly the whole page, else white."""
    area = (page_bbox[2] - page_bbox[0]) * (page_bbox[3] - page_bbox[1])
    for r in rects:
        if r.get("fill") and (r["x1"] - r["x0"]) * (r["bottom"] - r["top"]) >= fraction * area:
            lum = luminance(r.get("non_stroking_color"))
            if lum is not None:
                return lum
    return WHITE


def rule_edges(edges: Iterable[Edge], background: float = WHITE) -> list[Edge]:
    """The edges that are rules."""
    return [e for e in edges if is_rule(e, background)]


# ----------------------------------------------------------------------------------------------- open ends


def _covered(edges: Sequence[Edge], y: float, x0: float, x1: float, tolerance: float) -> float:
    """Length of [x0, x1] covered by horizontal edges lying at `y`."""
    spans = sorted((max(e["x0"], x0), min(e["x1"], x1)) for e in edges
                   if abs(e["top"] - y) <= tolerance and e["x1"] > x0 and e["x0"] < x1)
    total, reach = 0.0, x0
    for a, b in spans:
        if b > reach:
            total += b - max(a, reach)
            reach = b
    return total


def closing_rules(
    tables: Sequence[BBox], edges: Sequence[Edge], extent: float, tolerance: float
) -> list[Edge]:
    """Horizontal rules that close each table at the extent of its column rules, where the page has none.

    `edges` are the page's merged rules; a table's column rules are the vertical ones that touch it. Its
    extent is the farthest point down (up) that at least two of them reach. Where the page has no horizontal
    rule within `extent` of that point across the columns whose rules reach it, a closing rule is added there:
    the cells above it (below it) continue on the next (previous) page.
    """
    verticals = [e for e in edges if e["orientation"] == "v"]
    horizontals = [e for e in edges if e["orientation"] == "h"]
    out: list[Edge] = []
    for x0, top, x1, bottom in tables:
        touching = [v for v in verticals if x0 - tolerance <= v["x0"] <= x1 + tolerance
                    and v["top"] <= bottom + tolerance and v["bottom"] >= top - tolerance]
        if len(touching) < 2:
            continue
        touching += alongside(touching, verticals, tolerance)
        for y, reach in (_extent(touching, "bottom", tolerance), _extent(touching, "top", tolerance)):
            if len(reach) < 2 or max(reach) - min(reach) <= tolerance:
                continue
            left, right = min(reach), max(reach)
            if _covered(horizontals, y, left, right, extent) >= (right - left) - tolerance:
                continue  # closed by the page's own rule
            out.append({"x0": left, "x1": right, "top": y, "bottom": y, "width": right - left, "height": 0.0,
                        "orientation": "h", "object_type": "closing_edge", "doctop": y})
    return out


def column_runs(edges: Sequence[Edge], tables: Sequence[BBox], tolerance: float) -> list[BBox]:
    """Boxes of parallel column rules that no table found: at least three verticals running from the same top
    to the same bottom, with a rule across them at one end. A page that holds only the rest of a row cut by
    the previous page break has no closed cell at all (no rule across its top), so the table finder sees
    nothing; these rules are that table."""
    free = [e for e in edges if e["orientation"] == "v" and not any(
        t[0] - tolerance <= e["x0"] <= t[2] + tolerance and e["top"] <= t[3] + tolerance
        and e["bottom"] >= t[1] - tolerance for t in tables)]
    if len(free) < 3:
        return []
    horizontals = [e for e in edges if e["orientation"] == "h"]
    out: list[BBox] = []
    used: set[int] = set()
    for i, a in enumerate(free):
        if i in used:
            continue
        group = [j for j, b in enumerate(free) if j not in used and abs(b["top"] - a["top"]) <= tolerance
                 and abs(b["bottom"] - a["bottom"]) <= tolerance]
        xs = sorted({round(free[j]["x0"], 1) for j in group})
        if len(xs) < 3 or a["bottom"] - a["top"] <= tolerance:
            continue
        half = (xs[-1] - xs[0]) / 2
        if any(_covered(horizontals, y, xs[0], xs[-1], tolerance) >= half for y in (a["top"], a["bottom"])):
            used.update(group)
            out.append((xs[0], a["top"], xs[-1], a["bottom"]))
    return out


def alongside(columns: Sequence[Edge], verticals: Sequence[Edge], tolerance: float) -> list[Edge]:
    """Column rules of a column that is open at both ends (a merged cell filling the page's part of the
    table, no rule at all across it): verticals beside the table running exactly from its column rules' top to
    their bottom, no farther from it than its widest column."""
    top = min(v["top"] for v in columns)
    bottom = max(v["bottom"] for v in columns)
    xs = sorted({round(v["x0"], 1) for v in columns})
    widest = max((b - a for a, b in zip(xs, xs[1:])), default=0.0)
    left, right = xs[0], xs[-1]
    out: list[Edge] = []
    candidates = sorted((v for v in verticals if abs(v["top"] - top) <= tolerance
                         and abs(v["bottom"] - bottom) <= tolerance
                         and not left - tolerance <= v["x0"] <= right + tolerance), key=lambda v: v["x0"])
    for v in reversed([c for c in candidates if c["x0"] < left]):  # leftwards, one column at a time
        if left - v["x0"] > widest:
            break
        out.append(v)
        left = v["x0"]
    for v in (c for c in candidates if c["x0"] > right):
        if v["x0"] - right > widest:
            break
        out.append(v)
        right = v["x0"]
    return out


def _extent(verticals: Sequence[Edge], side: str, tolerance: float) -> tuple[float, list[float]]:
    """The farthest point the rules reach on `side` (bottom: down, top: up), and the x of those reaching it."""
    if side == "bottom":
        y = max(v["bottom"] for v in verticals)
        return y, [v["x0"] for v in verticals if v["bottom"] >= y - tolerance]
    y = min(v["top"] for v in verticals)
    return y, [v["x0"] for v in verticals if v["top"] <= y + tolerance]


def open_sides(
    boxes: Sequence[BBox], closing: Sequence[Edge], rules: Sequence[Edge], extent: float, tolerance: float
) -> tuple[frozenset[int], frozenset[int]]:
    """Indices of the boxes whose top / bottom lies on a closing rule and that no rule of the page (within
    `extent`) closes there."""
    tops: set[int] = set()
    bottoms: set[int] = set()
    horizontals = [e for e in rules if e["orientation"] == "h"]
    for c in closing:
        y = c["top"]
        for i, (x0, top, x1, bottom) in enumerate(boxes):
            if x1 < c["x0"] - tolerance or x0 > c["x1"] + tolerance:
                continue
            for side, at in ((tops, top), (bottoms, bottom)):
                if abs(at - y) <= tolerance and _covered(horizontals, y, x0, x1, extent) < OPEN_FRACTION * (x1 - x0):
                    side.add(i)
    return frozenset(tops), frozenset(bottoms)


def text_size(chars: Sequence[dict[str, Any]]) -> float:
    """The page's usual text size (median char size), 10 when the page has no text."""
    sizes = sorted(c.get("size") or (c["bottom"] - c["top"]) for c in chars)
    return float(sizes[len(sizes) // 2]) if sizes else 10.0
