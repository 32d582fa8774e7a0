"""One DOCX table -> `Grid`, every merge as the author made it: `w:gridSpan`, `w:vMerge`, `w:hMerge`,
`w:gridBefore`/`w:gridAfter`. Header rows (`w:tblHeader`) stay in the grid; they are recognised by name later.

Spans are clamped to the table's grid: a span, gridBefore or gridAfter of 10⁹ in a 2 KB file must cost no
more than the table it sits in. The grid is `w:tblGrid` when it holds at least as many columns as the row
with the most cells (else the declaration is short or missing and the rows say the width, up to Word's own
limit of 63 columns); a row that would reach past it is fitted into it, with a warning naming the row.
"""

from __future__ import annotations

from lxml import etree

from worklist.extract.docx.text import TextReader
from worklist.extract.docx.xml import (
    W_GRIDAFTER, W_GRIDBEFORE, W_GRIDCOL, W_GRIDSPAN, W_HMERGE, W_TBLGRID, W_TCPR, W_TRPR, W_VAL, W_VMERGE,
    child_val, iter_cells, iter_rows, to_int,
)
from worklist.extract.grid import Cell, Grid, RowInfo

__all__ = ["table_grid", "MAX_UNDECLARED_COLS"]

MAX_UNDECLARED_COLS = 63  # Word's limit on a table's columns: the width when w:tblGrid does not say it


def _tc_props(tc: etree._Element) -> tuple[int, str | None, str | None]:
    """(gridSpan, vMerge, hMerge) of a cell in one pass over its tcPr; merges as 'restart'/'continue'/None."""
    span, vm, hm = 1, None, None
    tcpr = tc.find(W_TCPR)
    if tcpr is not None:
        for ch in tcpr:
            tag = ch.tag
            if tag == W_GRIDSPAN:
                span = max(1, to_int(ch.get(W_VAL), 1))
            elif tag == W_VMERGE:
                vm = "restart" if ch.get(W_VAL) == "restart" else "continue"
            elif tag == W_HMERGE:
                hm = "restart" if ch.get(W_VAL) == "restart" else "continue"
    return span, vm, hm


def _trpr_int(trpr: etree._Element | None, tag: str) -> int:
    if trpr is None:
        return 0
    return max(0, to_int(child_val(trpr, tag), 0))


def fit_row(before: int, spans: list[int], after: int, limit: int) -> tuple[int, list[int], int]:
    """Fit one row into `limit` grid columns: gridBefore first shrinks to leave one column per cell, each
    span to what is left after one column for every later cell, gridAfter to what remains. A row that
    already fits is returned unchanged (so is a row with more cells than `limit`: one column each)."""
    if before + sum(spans) + after <= limit:
        return before, spans, after
    n = len(spans)
    before = min(before, max(0, limit - n))
    col, fitted = before, []
    for i, span in enumerate(spans):
        room = max(1, limit - col - (n - i - 1))
        s = min(span, room)
        fitted.append(s)
        col += s
    return before, fitted, min(after, max(0, limit - col))


class _Rec:
    """A cell under construction (Cell is frozen; spans grow as continuation cells are met)."""

    __slots__ = ("row", "col", "rs", "cs", "text", "vmerge")

    def __init__(self, row: int, col: int, cs: int, text: str, vmerge: bool) -> None:
        self.row, self.col, self.rs, self.cs, self.text, self.vmerge = row, col, 1, cs, text, vmerge


def table_grid(tbl: etree._Element, table_no: int, text: TextReader, warnings: list[str]) -> Grid:
    """One table -> Grid, spans from the markup (clamped to the table's grid)."""
    grid_el = tbl.find(W_TBLGRID)
    n_grid = len(grid_el.findall(W_GRIDCOL)) if grid_el is not None else 0
    raw: list[tuple[int, list[tuple[etree._Element, int, str | None, str | None]], int]] = []
    for tr in iter_rows(tbl):
        trpr = tr.find(W_TRPR)
        tcs = [(tc, *_tc_props(tc)) for tc in iter_cells(tr)]
        raw.append((_trpr_int(trpr, W_GRIDBEFORE), tcs, _trpr_int(trpr, W_GRIDAFTER)))
    most_cells = max((len(tcs) for _, tcs, _ in raw), default=0)
    limit = n_grid if n_grid >= most_cells and n_grid else max(n_grid, MAX_UNDECLARED_COLS)
    limit = max(limit, most_cells)

    rows: list[tuple[int, list[tuple[etree._Element, int, str | None, str | None]]]] = []
    n_cols = min(n_grid, limit)
    clamped: list[int] = []
    for r, (before, tcs, after) in enumerate(raw):
        spans = [t[1] for t in tcs]
        fb, fspans, fa = fit_row(before, spans, after, limit)
        if (fb, fspans, fa) != (before, spans, after):
            clamped.append(r)
            tcs = [(tc, s, vm, hm) for (tc, _, vm, hm), s in zip(tcs, fspans)]
        n_cols = max(n_cols, fb + sum(fspans) + fa)
        rows.append((fb, tcs))
    if clamped:
        where = ", ".join(f"t{table_no}r{r + 1}" for r in clamped[:5]) + (" …" if len(clamped) > 5 else "")
        warnings.append(f"{where}: cell spans reach past the table's {limit} grid columns; clamped to the grid")

    recs: list[_Rec] = []
    prev_owner: list[int | None] = [None] * n_cols
    for r, (before, tcs) in enumerate(rows):
        owner: list[int | None] = [None] * n_cols
        col, last = before, None
        for tc, span, vm, hm in tcs:
            if hm == "continue" and last is not None:  # old-style horizontal merge: widen the cell to the left
                rec = recs[last]
                if rec.row == r:
                    rec.cs += span
                    for k in range(col, min(col + span, n_cols)):
                        owner[k] = last
                    col += span
                    continue
            if vm == "continue":
                above = prev_owner[col] if col < n_cols else None
                a = recs[above] if above is not None else None
                if a is not None and a.vmerge and a.col == col and a.row + a.rs == r and a.cs == span:
                    a.rs += 1
                    for k in range(col, min(col + span, n_cols)):
                        owner[k] = above
                    col += span
                    last = above
                    continue
                warnings.append(
                    f"t{table_no}r{r + 1}: vertical-merge continuation with no matching cell above at column"
                    f" {col + 1}; read as a cell of its own"
                )
            recs.append(_Rec(r, col, span, text.cell(tc), vm is not None))
            idx = len(recs) - 1
            for k in range(col, min(col + span, n_cols)):
                owner[k] = idx
            col += span
            last = idx
        prev_owner = owner

    cells = [
        Cell(row=c.row, col=c.col, text=c.text, row_span=c.rs, col_span=c.cs, page=table_no,
             ref=f"t{table_no}r{c.row + 1}")
        for c in recs
    ]
    infos = [RowInfo(page=table_no, ref=f"t{table_no}r{r + 1}") for r in range(len(rows))]
    return Grid(n_rows=len(rows), n_cols=n_cols, cells=cells, rows=infos, implicit_spans=False,
                index=table_no - 1)
