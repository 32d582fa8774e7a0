"""From reader grids to one sequence of logical data rows with named slots.

Steps, each small and testable: find each grid's header rows and map its columns by name; a grid without a
header (a page of a continuous table) inherits the column map of the grid before it; header rows repeated
inside a table are dropped; each remaining row becomes a `LogicalRow` whose slots say, per contract field,
which cell covers it and whether that cell *starts* on this row (`origin`) or continues a merge from above.

TXT rows with a lost or shifted cell are realigned here by what their cells contain (`realign_txt_row`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from worklist.extract.errors import NoTableError
from worklist.extract.grid import Cell, Grid, RawDocument, RowInfo
from worklist.extract.headers import QUARTERS, ColumnMap, find_header_rows, is_header_row, is_work_list, map_columns
from worklist.normalize.fields import is_person_list, is_type_fragment, is_unit_name, parse_seq
from worklist.normalize.text import squash


@dataclass(frozen=True, slots=True)
class Slot:
    """One field of one logical row: the covering cell's text, and whether the cell starts here."""

    text: str = ""
    cell_id: tuple[int, int, int] | None = None  # (grid index, row, col) of the covering cell
    origin: bool = True  # False: the cell started on an earlier row (vertical merge)
    h_origin: bool = True  # False: the cell started in a column to the left (horizontal merge)

    @property
    def empty(self) -> bool:
        return not self.text.strip()


@dataclass
class LogicalRow:
    grid_index: int
    grid_row: int
    info: RowInfo
    slots: dict[str, Slot]
    extras: dict[str, Slot] = field(default_factory=dict)
    implicit: bool = False  # TXT: empty slots may be merges shown once
    first_in_grid: bool = False
    cells: list[Cell] = field(default_factory=list)  # cells that start on this row (for coverage)
    section: str | None = None  # a heading row (一、幼有善育) spanning the table instead of a 专项 column

    def text(self, name: str) -> str:
        s = self.slots.get(name)
        return s.text if s else ""


@dataclass
class Layout:
    rows: list[LogicalRow]
    columns: set[str]  # contract fields present in the document
    extras: list[str]  # header names the contract does not know
    warnings: list[str]
    all_cells: list[Cell]  # every non-header cell with text (for the coverage check)


def grid_texts(grid: Grid) -> list[list[str]]:
    cover = grid.covering()
    return [[(c.text if c else "") for c in row] for row in cover]


NOTE = "表外附注"  # extra key for text typed outside the header's columns on a line of its own
_UNNAMED = re.compile(r"^列\d+$")  # extra key of a column without a header: 列11


def build_layout(doc: RawDocument) -> Layout:
    """All work-list tables of the document as one sequence of logical rows."""
    warnings: list[str] = []
    rows: list[LogicalRow] = []
    columns: set[str] = set()
    extras: list[str] = []
    all_cells: list[Cell] = []
    prev_map: ColumnMap | None = None
    prev_ncols = -1
    headers_without_rows = 0
    for grid in doc.tables:
        texts = grid_texts(grid)
        header_rows = find_header_rows(grid, texts)
        if header_rows:
            cmap = map_columns(grid, header_rows)
            if not is_work_list(cmap):
                continue  # some other table (a signature block, a legend)
        elif prev_map is not None and grid.n_cols == prev_ncols:
            cmap = ColumnMap(fields=prev_map.fields, extras=prev_map.extras, header_rows=[], spill=prev_map.spill)
        else:
            continue  # not part of the work list
        prev_map, prev_ncols = cmap, grid.n_cols
        columns |= cmap.known
        got = _grid_rows(grid, cmap, texts, all_cells, warnings)
        if header_rows and not got:
            headers_without_rows += 1
        for lr in got:
            for name in lr.extras:
                if name not in extras:
                    extras.append(name)
        for name in cmap.extras.values():
            if name not in extras:
                extras.append(name)
        rows.extend(got)
    if not rows:
        if headers_without_rows:
            raise NoTableError("the work-list table has a header but no rows")
        raise NoTableError("no work-list table found (no header with 名称/序号/牵头单位… columns)")
    for name in extras:
        if name != NOTE and not _UNNAMED.match(name):  # those two have warnings of their own
            warnings.append(f"column {name!r} is not in the contract: kept in the JSON output under 'extra'")
    return Layout(rows=rows, columns=columns, extras=extras, warnings=warnings, all_cells=all_cells)


def _mapped_columns(cmap: ColumnMap) -> set[int]:
    cols = set(cmap.fields) | set(cmap.extras)
    for alts in cmap.spill.values():
        cols.update(alts)
    return cols


def _outside(grid: Grid, cover: list[list[Cell | None]], r: int, mapped: set[int]) -> list[Cell]:
    """Cells of row r that start here and cover no column of the header (text typed beyond the table)."""
    out: list[Cell] = []
    for c in range(grid.n_cols):
        cell = cover[r][c]
        if c in mapped or cell is None or cell.row != r or cell.col != c or not cell.text.strip():
            continue
        if not any(k in mapped for k in range(cell.col, min(cell.col + cell.col_span, grid.n_cols))):
            out.append(cell)
    return out


def _grid_rows(grid: Grid, cmap: ColumnMap, texts: list[list[str]], all_cells: list[Cell],
               warnings: list[str] | None = None) -> list[LogicalRow]:
    warnings = warnings if warnings is not None else []
    cover = grid.covering()
    skip = set(cmap.header_rows)
    if cmap.header_rows:
        skip |= set(range(min(cmap.header_rows)))  # a title row above the header
    mapped = _mapped_columns(cmap)
    out: list[LogicalRow] = []
    orphan_notes: list[Cell] = []
    noted: dict[int, list[tuple[str, list[Cell]]]] = {}  # index in `out` -> (ref, cells) of its note lines
    unnamed: dict[str, list[str]] = {}  # extra name of a column without a header -> refs of rows using it
    for r in range(grid.n_rows):
        if r in skip or is_header_row(texts[r]):
            continue
        if not any(squash(t) for t in texts[r]):
            continue
        outside = _outside(grid, cover, r, mapped)
        if outside and not any(squash(texts[r][c]) for c in mapped if c < grid.n_cols):
            # a line whose only text lies beyond the header's columns: a note, never an item of its own
            all_cells.extend(outside)
            if out:
                noted.setdefault(len(out) - 1, []).append((grid.rows[r].ref, outside))
            else:
                orphan_notes.extend(outside)
            continue
        if grid.implicit_spans:
            raw = realign_txt_row(texts[r], cmap)
            slots = {f: Slot(text=raw.get(f, ""), cell_id=(grid.index, r, c)) for c, f in cmap.fields.items()}
        else:
            slots = {}
            for c, f in cmap.fields.items():
                cell = cover[r][c]
                for alt in cmap.spill.get(f, []):
                    if cell is not None and cell.text.strip():
                        break
                    if cover[r][alt] is not None and cover[r][alt].text.strip():
                        cell = cover[r][alt]
                if cell is None:
                    slots[f] = Slot()
                    continue
                slots[f] = Slot(text=cell.text, cell_id=(grid.index, cell.row, cell.col),
                                origin=cell.row == r, h_origin=cell.col == c)
        extra_slots = {}
        for c, name in cmap.extras.items():
            cell = cover[r][c]
            if cell is not None and cell.row == r and cell.col == c:
                extra_slots[name] = Slot(text=cell.text, cell_id=(grid.index, cell.row, cell.col))
        for cell in outside:  # text in a column without a header, on a row with data: an unnamed extra
            name = f"列{cell.col + 1}"
            extra_slots[name] = Slot(text=cell.text, cell_id=(grid.index, cell.row, cell.col))
            unnamed.setdefault(name, []).append(grid.rows[r].ref)
        starting = [c for c in grid.row_cells(r) if c.text.strip()]
        all_cells.extend(starting)
        out.append(LogicalRow(grid.index, r, grid.rows[r], slots, extra_slots, grid.implicit_spans,
                              first_in_grid=not out, cells=starting, section=_section_text(grid, cover, r)))
    for name, refs in unnamed.items():
        warnings.append(f"{_refs(refs)}: text in a column without a header: kept under extra {name!r}")
    for i, notes in noted.items():
        _add_extra(out[i], NOTE, [c for _, cells in notes for c in cells], grid.index)
        warnings.append(f"{_refs([ref for ref, _ in notes])}: text outside the table's columns kept as a note"
                        f" of {out[i].info.ref} (extra {NOTE!r})")
    if orphan_notes:
        if out:
            _add_extra(out[0], NOTE, orphan_notes, grid.index)
            warnings.append(f"{orphan_notes[0].ref}: text outside the table's columns above its first row kept"
                            f" as a note of {out[0].info.ref} (extra {NOTE!r})")
        else:
            for c in orphan_notes:
                warnings.append(f"{c.ref}: text outside the table's columns, in a table without rows: {c.text}")
    return out


def _refs(refs: list[str]) -> str:
    return ", ".join(refs[:5]) + (f" … ({len(refs)} lines)" if len(refs) > 5 else "")


def _add_extra(lr: LogicalRow, name: str, cells: list[Cell], grid_index: int) -> None:
    """Give a row the text of note cells under an extra slot; the cells count as that row's (coverage)."""
    text = "；".join(c.text.strip() for c in cells)
    old = lr.extras.get(name)
    joined = f"{old.text}；{text}" if old is not None and old.text else text
    lr.extras[name] = Slot(text=joined, cell_id=(grid_index, cells[0].row, cells[0].col))
    lr.cells.extend(cells)


def _section_text(grid: Grid, cover: list[list[Cell | None]], r: int) -> str | None:
    """A heading row: one cell starting here that spans most of the table's width, nothing else in the row."""
    if grid.implicit_spans:
        return None
    texts = {id(c): c for c in cover[r] if c is not None and c.text.strip()}
    if len(texts) != 1:
        return None
    (cell,) = texts.values()
    if cell.row != r or cell.row_span != 1 or cell.col_span < max(3, int(0.6 * grid.n_cols)):
        return None
    return cell.text


def realign_txt_row(cells: list[str], cmap: ColumnMap) -> dict[str, str]:
    """Put a TXT row's cells into fields, repairing a lost or shifted cell by content.

    A row that reads consistently (a 类型 label or nothing in 类型, a unit or nothing in 牵头单位, names or
    nothing in 责任人) is taken by position. Otherwise the row is re-read from both ends: the office name is
    found on the right (persons after it), the 序号/类型 on the left, and the schedule texts in between are
    fitted to the four quarters (surplus empty cells dropped, the first and last text kept at their ends).
    """
    by_field = {f: (cells[c] if c < len(cells) else "") for c, f in cmap.fields.items()}
    if _consistent(by_field, cmap):
        return by_field
    order = [f for _, f in sorted(cmap.fields.items())]
    if not _standard_order(order):
        return by_field  # only the usual column order is realigned; others are taken as they are
    vals = [cells[c] if c < len(cells) else "" for c in sorted(cmap.fields)]
    # right anchor: the rightmost cell that names an office
    lead_i = next((i for i in range(len(vals) - 1, 3, -1) if vals[i] and is_unit_name(vals[i])), None)
    out: dict[str, str] = {f: "" for f in order}
    if lead_i is None:
        end = order.index("lead") if "lead" in order else len(vals)
        tail_owner = [v for v in vals[end + 1:] if v]
        out["owner"] = " ".join(tail_owner) if "owner" in order else ""
    else:
        end = lead_i
        out["lead"] = vals[lead_i]
        if "owner" in order:
            out["owner"] = " ".join(v for v in vals[lead_i + 1:] if v and is_person_list(v))
    left = vals[:end]
    pos = 0
    for f in ("category", "seq", "type", "name"):
        if f not in order:
            continue
        v = left[pos] if pos < len(left) else ""
        if f == "seq" and v and parse_seq(v) is None:
            continue  # 序号 lost: this cell is the next field's
        if f == "type" and v and not is_type_fragment(v):
            continue  # 类型 lost
        out[f] = v
        pos += 1
    sched = left[pos:]
    quarters = [q for q in QUARTERS if q in order]
    while len(sched) > len(quarters) and "" in sched[1:-1]:
        # drop the last empty of the longest empty run inside: a merged cell shown once, padded twice
        sched.pop(max(i for i in range(1, len(sched) - 1) if sched[i] == ""))
    while len(sched) > len(quarters) and sched[-1] == "":
        sched.pop()
    sched = sched[: len(quarters)] + [""] * (len(quarters) - len(sched))
    out.update(zip(quarters, sched))
    return out


def _standard_order(order: list[str]) -> bool:
    want = [f for f in ("category", "seq", "type", "name", "q1", "q2", "q3", "q4", "lead", "owner") if f in order]
    return order == want


def _consistent(v: dict[str, str], cmap: ColumnMap) -> bool:
    if v.get("type") and not is_type_fragment(v["type"]):
        return False
    if v.get("seq") and parse_seq(v["seq"]) is None:
        return False
    if v.get("lead") and not is_unit_name(v["lead"]):
        return False
    if v.get("owner") and not is_person_list(v["owner"]):
        return False
    if "lead" in cmap.known and not v.get("lead") and v.get("owner"):  # a unit pushed into 责任人
        return False
    return True
