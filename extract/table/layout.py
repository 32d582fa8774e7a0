"""From reader grids to one sequence of logical data rows with named slots.

Steps, each small and testable: find each grid's header rows and map its columns by name; a grid without a
header (a page of a continuous table) inherits the column map of the grid before it; header rows repeated
inside a table are dropped; each remaining row becomes a `LogicalRow` whose slots say, per contract field,
which cell covers it and whether that cell *starts* on this row (`origin`) or continues a merge from above.

Pages are stitched where the reader saw a cell left open at a page's bottom edge (`Cell.open_bottom`: no rule
closes it, it continues on the next page): that cell and the cell under it at the top of the next page's data
rows are parts of one merged range (`stitch_pages`). The range's text is the text of all its parts, wherever
in the range it was printed — a spreadsheet prints a merged cell's text in the middle of the range, often on
the later page — so the rows of every part read it, and only the range's first row is its origin. A row whose
every cell is open at the page bottom was cut by the break: the next page's first data row is its second
half and is joined into it.

TXT rows with a lost or shifted cell are realigned here by what their cells contain (`realign_txt_row`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from worklist.extract.errors import NoTableError
from worklist.extract.grid import Cell, Grid, RawDocument, RowInfo
from worklist.extract.headers import (
    QUARTERS,
    ColumnMap,
    find_header_rows,
    is_table_header,
    is_work_list,
    map_columns,
)
from worklist.extract.table.notes import footnotes, trailer_note
from worklist.vocabulary.fields import heading_label, is_person_list, is_type_fragment, is_unit_head, is_unit_name
from worklist.vocabulary.seq_label import parse_seq_label
from worklist.vocabulary.text import squash


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
    # the continuation of this row at the top of the next page(s), joined by geometry: (grid, row, RowInfo)
    joined: list[tuple[int, int, RowInfo]] = field(default_factory=list)

    def text(self, name: str) -> str:
        s = self.slots.get(name)
        return s.text if s else ""


ROLE_DATA = "data"  # read into a row or a note: must be found again in the outputs
ROLE_HEADER = "header"  # a column name of the table's header, first or repeated
ROLE_SKIPPED = "skipped"  # in a grid or row left out on purpose and named in a warning
ROLE_MATTER = "matter"  # in a layout table whose text the reader also gave as front or back matter

CellKey = tuple[int, int, int]  # (grid index, row, col) of a cell's top-left position


@dataclass(frozen=True, slots=True)
class SourceCell:
    """A non-empty cell as a reader produced it, and what the layout made of it (for the coverage)."""

    cell: Cell
    grid: int
    role: str  # ROLE_DATA, ROLE_HEADER, ROLE_SKIPPED or ROLE_MATTER


@dataclass
class Layout:
    rows: list[LogicalRow]
    columns: set[str]  # contract fields present in the document
    extras: list[str]  # header names the contract does not know
    warnings: list[str]
    all_cells: list[Cell]  # every non-header cell with text that went into a logical row
    notes: list[str] = field(default_factory=list)  # trailer rows (合计, 说明) and footnotes, in order
    # every non-empty cell of every grid the reader produced, skipped grids and header rows included:
    # the coverage is measured on these, so text dropped anywhere after the reader shows
    source: list[SourceCell] = field(default_factory=list)
    front_matter: list[str] = field(default_factory=list)  # the reader's, and what stands above the list


def grid_texts(grid: Grid) -> list[list[str]]:
    cover = grid.covering()
    return [[(c.text if c else "") for c in row] for row in cover]


NOTE = "表外附注"  # extra key for text typed outside the header's columns on a line of its own
_UNNAMED = re.compile(r"^列\d+$")  # extra key of a column without a header: 列11


def _key(grid: Grid, cell: Cell) -> CellKey:
    return (grid.index, cell.row, cell.col)


@dataclass
class Stitching:
    """Merged ranges and rows continued across page breaks (see the module docstring).

    `head` maps every part of a range after the first to the range's first part; `text` holds, per first part,
    the text of the whole range; `continued` maps the first data row of a page to the row of the page before
    that it continues (grid index, row) -> (grid index, row); `settled` are grids whose first row was judged by
    geometry (some cell open at the previous page's bottom), so the content-based broken-row rule leaves them.
    """

    head: dict[CellKey, CellKey] = field(default_factory=dict)
    text: dict[CellKey, str] = field(default_factory=dict)
    continued: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    settled: set[int] = field(default_factory=set)

    def resolve(self, key: CellKey, cell_text: str) -> tuple[CellKey, str, bool]:
        """(first part's key, the range's text, whether `key` is a later part) of a cell."""
        first = self.head.get(key, key)
        return first, self.text.get(first, cell_text), first != key


def join_parts(texts: list[str]) -> str:
    """The text of a merged range from the texts of its parts, in page order: empty parts skipped, a part
    that repeats an earlier one (a program that prints the text on every page of the range) taken once."""
    out: list[str] = []
    seen: set[str] = set()
    for t in texts:
        key = squash(t)
        if not key or key in seen:
            continue
        seen.add(key)
        out.append(t)
    return "\n".join(out)


def first_data_row(grid: Grid, cmap: ColumnMap, texts: list[list[str]],
                   vocab: frozenset[str] | set[str] = frozenset()) -> int | None:
    """The first row of a grid that `_grid_rows` reads as data (header and title rows skipped)."""
    start = max(cmap.header_rows) + 1 if cmap.header_rows else 0
    after_header = bool(cmap.header_rows)
    for r in range(start, grid.n_rows):
        if not is_table_header(texts[r], vocab, after_header=after_header, fields=cmap.fields):
            return r
        after_header = True
    return None


def stitch_pages(grids: list[tuple[Grid, ColumnMap, list[list[str]]]],
                 vocab: frozenset[str] | set[str] = frozenset()) -> Stitching:
    """Link the cells left open at each page's bottom to the cells under them on the next page (`vocab`: the
    names of the list's header, to know a repeated header from the first data row)."""
    st = Stitching()
    parts: dict[CellKey, list[str]] = {}
    for (g0, _, _), (g1, m1, t1) in zip(grids, grids[1:]):
        if g0.n_cols != g1.n_cols or not g0.n_rows:
            continue
        last = g0.n_rows - 1
        bottom = {id(c): c for c in g0.covering()[last] if c is not None}.values()
        open_cells = [c for c in bottom if c.open_bottom]
        r1 = first_data_row(g1, m1, t1, vocab)
        if not open_cells or r1 is None:
            continue
        st.settled.add(g1.index)
        below = g1.covering()[r1]
        for cell in open_cells:
            nxt = below[cell.col]
            if nxt is None:
                continue
            first = st.head.get(_key(g0, cell), _key(g0, cell))
            parts.setdefault(first, [cell.text])
            parts[first].append(nxt.text)
            st.head[_key(g1, nxt)] = first
        if len(open_cells) == len(bottom):
            st.continued[(g1.index, r1)] = (g0.index, last)
    st.text = {k: join_parts(v) for k, v in parts.items()}
    return st


@dataclass
class _Reading:
    """What build_layout has learnt so far: the header's names, and the roles of cells not read as data."""

    vocab: set[str] = field(default_factory=set)
    roles: dict[CellKey, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def build_layout(doc: RawDocument) -> Layout:
    """All work-list tables of the document as one sequence of logical rows."""
    rd = _Reading()
    rows: list[LogicalRow] = []
    columns: set[str] = set()
    extras: list[str] = []
    all_cells: list[Cell] = []
    prev_map: ColumnMap | None = None
    prev_ncols = -1
    headers_without_rows = 0
    matter = "".join(squash(t) for t in (*doc.front_matter, *doc.back_matter))
    accepted: list[tuple[Grid, ColumnMap, list[list[str]]]] = []
    for grid in doc.tables:
        texts = grid_texts(grid)
        header_rows = find_header_rows(grid, texts, vocab=rd.vocab, fields=prev_map.fields if prev_map else None)
        if header_rows:
            cmap = map_columns(grid, header_rows)
            if not is_work_list(cmap):
                if prev_map is not None and len(cmap.known) >= 2:  # reads like the list's header, yet is not
                    _not_read(grid, rd, "its header rows name no 名称 or 牵头单位 column")
                else:  # a signature block, a legend
                    _skip_grid(grid, rd, matter, "its header names no 名称 or 牵头单位 column")
                continue
        elif prev_map is not None and _continues(grid, prev_ncols):
            cmap = ColumnMap(fields=prev_map.fields, extras=prev_map.extras, header_rows=[], spill=prev_map.spill)
        elif prev_map is None or grid.n_cols < max(4, prev_ncols // 2):
            _skip_grid(grid, rd, matter, "no work-list header and not the shape of the table before it")
            continue
        else:
            _not_read(grid, rd, f"{grid.n_cols} columns where the table has {prev_ncols}")
            continue
        _read_header(grid, texts, cmap, doc.front_matter, rd, first=prev_map is None)
        prev_map, prev_ncols = cmap, (grid.n_cols if header_rows else prev_ncols)
        accepted.append((grid, cmap, texts))
    stitching = stitch_pages(accepted, rd.vocab)
    for grid, cmap, texts in accepted:
        columns |= cmap.known
        got = _grid_rows(grid, cmap, texts, all_cells, rd, stitching, rows)
        if cmap.header_rows and not got:
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
    warnings = rd.warnings
    for name in extras:
        if name != NOTE and not _UNNAMED.match(name):  # those two have warnings of their own
            warnings.append(f"column {name!r} is not in the contract: kept in the JSON output under 'extra'")
    first = accepted[0][0].index
    warnings += [f"{ref}: text between tables: {text}" for above, ref, text in doc.interludes if above > first]
    source = [SourceCell(c, g.index, rd.roles.get((g.index, c.row, c.col), ROLE_DATA))
              for g in doc.tables for c in g.cells if c.text.strip()]
    return Layout(rows=rows, columns=columns, extras=extras, warnings=warnings, all_cells=all_cells,
                  notes=rd.notes + footnotes(doc.back_matter), source=source,
                  front_matter=leading_matter(doc, first))


def leading_matter(doc: RawDocument, first: int) -> list[str]:
    """The front matter up to the work list: the reader's, then, in document order, the text of the tables
    above the list (a web page's catalogue: 文号, 发布机构) and the paragraphs between them (the notice).
    A table whose text the reader already gave as front matter (a DOCX layout table) is not repeated."""
    out = list(doc.front_matter)
    given = "".join(squash(t) for t in doc.front_matter)
    for grid in doc.tables:
        if grid.index >= first:
            break
        cells = [c for r in range(grid.n_rows) for c in grid.row_cells(r) if c.text.strip()]
        if not all(squash(c.text) in given for c in cells):  # cell by cell: a label, then its value
            out += [c.text for c in cells]
        out += [text for above, _, text in doc.interludes if above == grid.index + 1]
    return out



def _grid_ref(grid: Grid) -> str:
    ref = grid.rows[0].ref if grid.rows else ""
    return f"table {grid.index + 1}" + (f" ({ref})" if ref else "")


def _continues(grid: Grid, prev_ncols: int) -> bool:
    """A grid without a header continues the table before it when it has the table's columns: the same
    number, or more where the surplus columns are empty in every row. In TXT a block's width is only the tab
    count of its longest line (one more trailing tab, empty trailing cells left out, a stray tab): any block
    of at least half the table's width continues it, and its lines are read by content (`realign_txt_row`)."""
    if grid.n_cols == prev_ncols:
        return True
    if grid.implicit_spans:
        return grid.n_cols >= max(4, prev_ncols // 2)
    return grid.n_cols > prev_ncols and all(c.col + c.col_span <= prev_ncols for c in grid.cells if c.text.strip())


def _skip_grid(grid: Grid, rd: _Reading, matter: str, why: str) -> None:
    """A grid left out on purpose — it cannot be a page of the list: before the list, or not its shape.
    Its cells are accounted: as front/back matter when the reader gave their text there too (a layout table
    holding the 文号 or the 抄送 line), otherwise as skipped, named in a warning with the first text."""
    cells = [c for c in sorted(grid.cells, key=lambda c: (c.row, c.col)) if c.text.strip()]
    if not cells:
        return
    if all(squash(c.text) in matter for c in cells):
        for c in cells:
            rd.roles[(grid.index, c.row, c.col)] = ROLE_MATTER
        return
    rd.warnings.append(f"{_grid_ref(grid)}: not part of the work list ({why}): {len(cells)} cells skipped, "
                       f"the first {squash(cells[0].text)[:20]!r}")
    for c in cells:
        rd.roles[(grid.index, c.row, c.col)] = ROLE_SKIPPED


def _not_read(grid: Grid, rd: _Reading, why: str) -> None:
    """A grid after the list began that might be part of it but does not fit: named in a warning, and its
    cells stay data, so that unless their text is found in the outputs the coverage reports them."""
    rd.warnings.append(f"{_grid_ref(grid)}: not read ({why}); its text counts as unaccounted")


def _read_header(grid: Grid, texts: list[list[str]], cmap: ColumnMap, front_matter: list[str], rd: _Reading,
                 *, first: bool) -> None:
    """Roles of the header rows and the rows above them; the first table's header gives the vocabulary.

    Rows above the first header are title rows: accounted when the front matter has their text, otherwise
    named in a warning. Above a later grid's header nothing is skipped (find_header_rows starts at row 0)."""
    if not cmap.header_rows:
        return
    top = min(cmap.header_rows)
    if first:
        for r in cmap.header_rows:
            rd.vocab |= {squash(t) for t in texts[r] if squash(t)}
    front = "".join(squash(t) for t in front_matter)
    for c in grid.cells:
        if not c.text.strip():
            continue
        key = (grid.index, c.row, c.col)
        if c.row in cmap.header_rows:
            rd.roles[key] = _header_role(c.text, rd.vocab)
        elif c.row < top:
            rd.roles[key] = ROLE_SKIPPED
            if squash(c.text) not in front:
                rd.warnings.append(f"{c.ref or _grid_ref(grid)}: text above the table header is not a row: "
                                   f"{squash(c.text)[:40]!r}")


def _header_role(text: str, vocab: set[str]) -> str:
    """A header cell is accounted when it is one of the first header's names. Any other text in a header
    row — a merged cell's text spilled into a repeated header, or a data row taken for a header — must be
    found in the outputs like data, or it shows as unaccounted."""
    return ROLE_HEADER if squash(text) in vocab else ROLE_DATA


def _mapped_columns(cmap: ColumnMap) -> set[int]:
    cols = set(cmap.fields) | set(cmap.extras)
    for alts in cmap.spill.values():
        cols.update(alts)
    return cols


def _outside(grid: Grid, cover: Sequence[Sequence[Cell | None]], r: int, mapped: set[int]) -> list[Cell]:
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
               rd: _Reading | None = None, stitching: Stitching | None = None,
               before: list[LogicalRow] | None = None) -> list[LogicalRow]:
    rd = rd if rd is not None else _Reading()
    stitching = stitching or Stitching()
    warnings = rd.warnings
    cover = grid.covering()
    skip = set(cmap.header_rows)
    if cmap.header_rows:
        skip |= set(range(min(cmap.header_rows)))  # a title row above the header
    mapped = _mapped_columns(cmap)
    left_limit = min((c for c, f in cmap.fields.items() if f in (*QUARTERS, "lead", "owner")), default=grid.n_cols)
    after_header = bool(cmap.header_rows)
    out: list[LogicalRow] = []
    orphan_notes: list[Cell] = []
    noted: dict[int, list[tuple[str, list[Cell]]]] = {}  # index in `out` -> (ref, cells) of its note lines
    unnamed: dict[str, list[str]] = {}  # extra name of a column without a header -> refs of rows using it
    for r in range(grid.n_rows):
        if r in skip:
            continue
        if is_table_header(texts[r], rd.vocab, after_header=after_header, fields=cmap.fields):
            for hc in grid.row_cells(r):  # a header repeated inside the table: its names are accounted
                if hc.text.strip():
                    rd.roles[(grid.index, r, hc.col)] = _header_role(hc.text, rd.vocab)
            after_header = True
            continue
        after_header = False
        into = stitching.continued.get((grid.index, r))
        if into is not None and before:
            target = next((lr for lr in reversed(before) if (lr.grid_index, lr.grid_row) == into), None)
            if target is not None:  # the second half of a row cut by the page break
                starting = [c for c in grid.row_cells(r) if c.text.strip()]
                all_cells.extend(starting)
                target.cells.extend(starting)
                target.joined.append((grid.index, r, grid.rows[r]))
                continue
        if not any(squash(t) for t in texts[r]):
            continue
        starting = [c for c in grid.row_cells(r) if c.text.strip()]
        note = trailer_note([(c.col, c.text) for c in starting], left_limit)
        if note is not None:
            rd.notes.append(note)  # 合计, 说明, 注: the document's, not an item
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
        section = _section_text(grid, cover, r, cmap)
        if grid.implicit_spans:
            raw = realign_txt_row(texts[r], cmap) if section is None else {
                f: (texts[r][c] if c < len(texts[r]) else "") for c, f in cmap.fields.items()}
            slots = {f: Slot(text=raw.get(f, ""), cell_id=(grid.index, r, c)) for c, f in cmap.fields.items()}
        else:
            slots = {}
            for c, f in cmap.fields.items():
                cell = cover[r][c]
                for alt in cmap.spill.get(f, []):
                    if cell is not None and cell.text.strip():
                        break
                    spilled = cover[r][alt]
                    if spilled is not None and spilled.text.strip():
                        cell = spilled
                if cell is None:
                    slots[f] = Slot()
                    continue
                first, text, later = stitching.resolve(_key(grid, cell), cell.text)
                slots[f] = Slot(text=text, cell_id=first, origin=cell.row == r and not later, h_origin=cell.col == c)
        extra_slots = {}
        for c, name in cmap.extras.items():
            cell = cover[r][c]
            if cell is not None and cell.row == r and cell.col == c:
                first, text, later = stitching.resolve(_key(grid, cell), cell.text)
                if not later:
                    extra_slots[name] = Slot(text=text, cell_id=first)
        for cell in outside:  # text in a column without a header, on a row with data: an unnamed extra
            name = f"列{cell.col + 1}"
            extra_slots[name] = Slot(text=cell.text, cell_id=(grid.index, cell.row, cell.col))
            unnamed.setdefault(name, []).append(grid.rows[r].ref)
        all_cells.extend(starting)
        first_in_grid = not out and grid.index not in stitching.settled
        out.append(LogicalRow(grid.index, r, grid.rows[r], slots, extra_slots, grid.implicit_spans,
                              first_in_grid=first_in_grid, cells=starting, section=section))
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
            for orphan in orphan_notes:
                warnings.append(f"{orphan.ref}: text outside the table's columns, in a table without rows: {orphan.text}")
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


def _section_text(grid: Grid, cover: Sequence[Sequence[Cell | None]], r: int, cmap: ColumnMap) -> str | None:
    """A heading row (`一、幼有善育`, `（一）重点任务`): one cell starting here, nothing else starting in the row,
    spanning most of the table's width or every column from 序号/名称 on (a 专项 cell merged down beside it).
    TXT cannot show the span: there a line holding one text, left of the schedule, numbered like a heading."""
    cat_cols = {c for c, f in cmap.fields.items() if f == "category"}  # a 专项 cell may start beside it
    if grid.implicit_spans:
        raw = [(c, cell.text) for c, cell in enumerate(cover[r]) if cell is not None and cell.text.strip()]
        if not 1 <= len(raw) <= 2:  # most lines: many cells, no need to read them
            return None
        filled = [(c, t) for c, t in ((c, squash(x)) for c, x in raw) if t]
        if len(filled) == 2 and filled[0][0] in cat_cols:
            filled = filled[1:]  # the 专项 shown once on the heading's line
        if len(filled) != 1 or cmap.fields.get(filled[0][0]) not in ("category", "seq", "type", "name", None):
            return None
        heading = heading_label(filled[0][1])
        return filled[0][1] if heading is not None and heading[1] else None
    texts = {id(c): c for c in cover[r] if c is not None and c.text.strip()}
    starting = [c for c in texts.values() if c.row == r and not (c.col in cat_cols and c.col_span == 1)]
    if len(starting) != 1:
        return None
    (cell,) = starting
    if cell.row_span != 1:
        return None
    first = min((c for c, f in cmap.fields.items() if f in ("seq", "name")), default=0)
    wide = cell.col_span >= max(3, int(0.6 * grid.n_cols))
    to_the_end = cell.col <= first and cell.col + cell.col_span >= grid.n_cols and cell.col_span >= 3
    if not (wide or (to_the_end and len(texts) > 1 and heading_label(cell.text) is not None)):
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
        if end < len(vals):
            out["lead"] = vals[end]  # no office name anywhere (one cut by a page break: 县卫健): by position
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
        if f == "seq" and v and parse_seq_label(v) is None:
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
    while len(sched) > len(quarters) and sched[0] == "":
        sched.pop(0)  # an empty cell too many in front of the schedule (a stray tab)
    sched = sched[: len(quarters)] + [""] * (len(quarters) - len(sched))
    out.update(zip(quarters, sched))
    return out


def _standard_order(order: list[str]) -> bool:
    want = [f for f in ("category", "seq", "type", "name", "q1", "q2", "q3", "q4", "lead", "owner") if f in order]
    return order == want


def _consistent(v: dict[str, str], cmap: ColumnMap) -> bool:
    if v.get("type") and not is_type_fragment(v["type"]):
        return False
    if v.get("seq") and parse_seq_label(v["seq"]) is None:
        return False
    if v.get("lead") and not (is_unit_name(v["lead"]) or is_unit_head(v["lead"])):
        return False
    if v.get("owner") and not is_person_list(v["owner"]):
        return False
    if "lead" in cmap.known and not v.get("lead") and v.get("owner"):  # a unit pushed into 责任人
        return False
    return True
