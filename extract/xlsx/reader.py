"""XLSX reader: an Excel attachment of the list (openpyxl) into `Grid`s.

What the reader gives (see `extract/grid.py`):
- one `Grid` per sheet that holds a work list, found by its header (`extract.headers.work_header`, looked for in
  the sheet's first `HEADER_SEARCH_ROWS` rows, first in its print-title rows when it has them), never by being
  the first sheet. A workbook with none → `NoTableError` naming the sheets looked at. Hidden sheets are read
  only when no visible sheet holds a list (a hidden sheet is usually a scratch copy or a lookup list);
- merged ranges → spans; the text of a range is its top-left cell's, as Excel shows it;
- values as the cell displays them, from its number format (`extract.xlsx.numfmt`): a 序号 stored as 1.0 is "1",
  0.63 formatted as percent is "63%", dates as the format writes them; formulas by their cached value;
- rows above the header (附件, the list's title, a 单位 line) → front matter of the first list sheet;
- `Cell.page` is the sheet's position in the workbook (1-based) and refs are `s{sheet}r{row}` with the row
  number Excel shows, so that a reviewer finds the row with Ctrl+G;
- hidden rows and columns are read like the others and named in the warnings (Excel hides them on screen and
  in print, but their text is part of the list).

Before openpyxl opens anything, the zip directory is checked against the zip-bomb limits of
`extract/zip_limits.py` (exit 8), like a DOCX.
"""

from __future__ import annotations

import threading
import warnings as _warnings
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from xml.etree.ElementTree import ParseError

from worklist.extract import budget, zip_limits
from worklist.extract.errors import CorruptFileError, EncryptedError, NoTableError, UnsupportedFormatError
from worklist.extract.grid import Cell, Grid, RawDocument, RowInfo
from worklist.extract.headers import ColumnMap, work_header
from worklist.extract.xlsx import prescan
from worklist.extract.xlsx.numfmt import EAST_ASIAN_BUILTINS, format_value
from worklist.vocabulary.text import squash

__all__ = ["read_xlsx", "HEADER_SEARCH_ROWS"]

HEADER_SEARCH_ROWS = 30  # title rows, notes and blank rows above the header


@dataclass
class _Sheet:
    number: int  # 1-based position in the workbook
    name: str
    hidden: bool
    texts: dict[tuple[int, int], str]  # (row, col), 1-based as Excel numbers them -> shown text
    merges: list[tuple[int, int, int, int]]  # min_row, min_col, max_row, max_col
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    print_rows: tuple[int, int] | None = None
    header: ColumnMap | None = None
    top: int = 0  # the header's first row
    bounds: tuple[int, int, int, int] = (0, 0, -1, -1)  # min_row, min_col, max_row, max_col of the text
    formulas: set[tuple[int, int]] = field(default_factory=set)  # formula cells without a cached value
    grid_cols: list[int] = field(default_factory=list)  # sheet column of each column of the last grid made
    grid_rows: list[int] = field(default_factory=list)  # sheet row of each row of the last grid made

    def describe(self) -> str:
        if not self.texts:
            return f"{self.name!r} (empty)"
        r0, c0, r1, c1 = self.bounds
        first = squash(next(self.texts[k] for k in sorted(self.texts)))[:12]
        return f"{self.name!r} ({r1 - r0 + 1}×{c1 - c0 + 1} starting {first!r})"


def _shown(cell) -> str:  # type: ignore[no-untyped-def]
    """The cell's text as Excel displays it."""
    value = cell.value
    if value is None:
        return ""
    fmt = cell.number_format
    if fmt == "General" and isinstance(value, (int, float)) and not isinstance(value, bool):
        style = getattr(cell, "_style", None)
        fmt = EAST_ASIAN_BUILTINS.get(getattr(style, "numFmtId", 0), fmt)
    text = format_value(value, fmt)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _load_sheet(number: int, ws, formulas: set[tuple[int, int]]) -> _Sheet:  # type: ignore[no-untyped-def]
    # ws._cells holds the cells present in the file; the public iterators walk the whole used rectangle and
    # create a Cell for every empty position, which a stray cell at XFD1048576 makes billions
    texts = {(r, c): t for (r, c), cell in ws._cells.items() if (t := _shown(cell))}
    merges = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
    sheet = _Sheet(number, ws.title, ws.sheet_state != "visible", texts, merges, formulas=formulas)
    if texts:
        rows = [r for r, _ in [*texts, *formulas]]
        cols = [c for _, c in [*texts, *formulas]]
        sheet.bounds = (min(rows), min(cols), max(rows), max(cols))
    sheet.hidden_rows = {r for r, d in ws.row_dimensions.items() if d.hidden}
    for d in ws.column_dimensions.values():
        if d.hidden and d.min and d.max:
            sheet.hidden_cols.update(range(d.min, d.max + 1))
    pr = ws.print_title_rows
    if pr:
        try:
            a, _, b = pr.replace("$", "").partition(":")
            sheet.print_rows = (int(a), int(b or a))
        except ValueError:
            sheet.print_rows = None
    return sheet


def _kept(spans: list[tuple[int, int]]) -> dict[int, int]:
    """Sheet row (or column) numbers some text or merged range touches -> their position among those."""
    used: set[int] = set()
    for a, b in spans:
        used.update(range(a, b + 1))
    return {n: i for i, n in enumerate(sorted(used))}


def _grid(sheet: _Sheet, first_row: int, last_row: int) -> Grid:
    """Rows first_row..last_row of the sheet's text columns as a Grid (merged ranges as spans).

    Only rows and columns that some text or merged range touches are grid rows and columns: a stray cell at
    XFD1048576 adds one row and one column, not a million rows (refs keep the sheet's row numbers)."""
    _, c0, _, c1 = sheet.bounds
    merges = [(r0, mc0, min(r1, last_row), min(mc1, c1)) for r0, mc0, r1, mc1 in sheet.merges
              if first_row <= r0 <= last_row and c0 <= mc0 <= c1]  # a range starting outside: not its text
    texts = [(r, c) for (r, c) in sheet.texts if first_row <= r <= last_row]
    formulas = [(r, c) for (r, c) in sheet.formulas if first_row <= r <= last_row and c0 <= c <= c1]
    rows = _kept([(r, r) for r, _ in texts + formulas] + [(m[0], m[2]) for m in merges])
    cols = _kept([(c, c) for _, c in texts + formulas] + [(m[1], m[3]) for m in merges])
    sheet.grid_cols, sheet.grid_rows = sorted(cols), sorted(rows)
    budget.check("grid cells", len(rows) * len(cols), f"sheet {sheet.name!r}")
    covered: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    for r0, mc0, r1, mc1 in merges:
        cells.append(Cell(row=rows[r0], col=cols[mc0], text=sheet.texts.get((r0, mc0), ""),
                          row_span=rows[r1] - rows[r0] + 1, col_span=cols[mc1] - cols[mc0] + 1, page=sheet.number,
                          ref=f"s{sheet.number}r{r0}"))
        covered.update((r, c) for r in range(r0, r1 + 1) for c in range(mc0, mc1 + 1))
    for r, c in texts:
        if (r, c) not in covered:
            cells.append(Cell(row=rows[r], col=cols[c], text=sheet.texts[(r, c)], page=sheet.number,
                              ref=f"s{sheet.number}r{r}"))
    cells.sort(key=lambda x: (x.row, x.col))
    infos = [RowInfo(page=sheet.number, ref=f"s{sheet.number}r{r}") for r in rows]
    return Grid(n_rows=len(rows), n_cols=len(cols), cells=cells, rows=infos, implicit_spans=False,
                index=sheet.number - 1)


def _find_header(sheet: _Sheet) -> None:
    """The sheet's work-list header: in its print-title rows if it has them, else in its first rows."""
    if not sheet.texts:
        return
    r0, _, r1, _ = sheet.bounds
    starts = [sheet.print_rows[0]] if sheet.print_rows and r0 <= sheet.print_rows[0] <= r1 else []
    for start in starts + [r0]:
        last = min(r1, start + HEADER_SEARCH_ROWS - 1)
        probe = _grid(sheet, start, last)
        cmap = work_header(probe, max_rows=probe.n_rows)
        if cmap is not None:
            sheet.header, sheet.top = cmap, sheet.grid_rows[min(cmap.header_rows)]
            return


def _ranges(nums: list[int]) -> str:
    out: list[tuple[int, int]] = []
    for n in sorted(nums):
        if out and out[-1][1] == n - 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in out)


def _col_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


_LOAD_LOCK = threading.Lock()


@contextmanager
def _without_merge_borders() -> Iterator[None]:
    """Load without drawing the borders of merged ranges (`MergedCellRange.format`).

    On load openpyxl restyles the edge cells of every merged range, with a linear search of its style list
    per cell: two thirds of the time it takes to load a work list with 50 merged ranges, for borders, which are
    not text. The step is skipped while this reader loads (a lock keeps threads from interleaving the swap);
    merged cells themselves are still made."""
    from openpyxl.worksheet.merge import MergedCellRange

    with _LOAD_LOCK:
        original = MergedCellRange.format
        MergedCellRange.format = lambda self: None  # type: ignore[method-assign]
        try:
            yield
        finally:
            MergedCellRange.format = original  # type: ignore[method-assign]


def _open(path: Path) -> tuple[Any, dict[str, set[tuple[int, int]]]]:
    with open(path, "rb") as f:
        head = f.read(8)
    if not head:
        raise CorruptFileError("the file is empty")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFormatError("an Excel 97-2003 .xls (or encrypted) workbook, not an XLSX")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise CorruptFileError("damaged zip archive (truncated or not an XLSX)") from None
    with zf:
        zip_limits.check_zip(zf)
        names = {n.lower() for n in zf.namelist()}
        if "xl/workbook.xml" not in names:
            raise UnsupportedFormatError("not an XLSX: the zip has no xl/workbook.xml")
        if any(i.flag_bits & 0x1 for i in zf.infolist()):
            raise EncryptedError("the zip archive is password-protected")
        scans = prescan.scan(zf)  # merged areas checked, formulas without values found, before openpyxl
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with _warnings.catch_warnings(), _without_merge_borders():
            _warnings.simplefilter("ignore")  # openpyxl warns about every extension it does not read
            wb = openpyxl.load_workbook(path, data_only=True, keep_links=False, rich_text=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError, AttributeError,
            OSError, EOFError, zlib.error, ParseError, SyntaxError) as e:
        raise CorruptFileError(f"damaged workbook ({type(e).__name__}: {str(e)[:80]})") from None
    return wb, {name: s.formulas for name, s in scans.items()}


def _formula_findings(s: _Sheet, cmap: ColumnMap | None, warnings: list[str], invalid: list[dict[str, str]]) -> None:
    """One warning per sheet naming its formulas without a cached value (read as empty), and a failure for
    each mapped column whose data cells are all such formulas (a 名称 column of formulas is no list)."""
    top = s.top
    cells = sorted(f for f in s.formulas if f[0] >= top)
    if not cells:
        return
    first = ", ".join(f"{_col_letter(c)}{r}" for r, c in cells[:3]) + (" …" if len(cells) > 3 else "")
    warnings.append(f"s{s.number} ({s.name}): {len(cells)} formula cell(s) without a cached value ({first}) read "
                    "as empty: the workbook was saved by a program that does not compute formulas; open and save "
                    "it in Excel or LibreOffice")
    if cmap is None or not cmap.header_rows:
        return
    h = max(cmap.header_rows) + 1  # the grid's first data row (its columns and rows are the sheet's it keeps)
    data_top = s.grid_rows[h] if h < len(s.grid_rows) else s.grid_rows[-1] + 1
    for k, fname in cmap.fields.items():
        if k >= len(s.grid_cols):
            continue
        col = s.grid_cols[k]
        in_col = [r for r, c in cells if c == col and r >= data_top]
        texts = [r for (r, c) in s.texts if c == col and r >= data_top]
        if in_col and not texts:
            invalid.append({"table": "source", "source_ref": f"s{s.number}",
                            "error": f"column {_col_letter(col)} ({fname}) holds only formulas without a cached "
                                     f"value ({len(in_col)} cells): its values are not in the file"})


def read_xlsx(path: str | Path) -> RawDocument:
    """Read an XLSX work list: the sheets that hold it, by their header. Raises `ReadError` subclasses."""
    p = Path(path)
    wb, formulas = _open(p)
    try:
        sheets = [_load_sheet(i, ws, formulas.get(ws.title, set())) for i, ws in enumerate(wb.worksheets, start=1)]
    finally:
        wb.close()
    if not sheets:
        raise CorruptFileError("the workbook has no sheets")
    for s in sheets:
        _find_header(s)
    listed = [s for s in sheets if s.header is not None]
    visible = [s for s in listed if not s.hidden]
    warnings: list[str] = []
    if visible and len(visible) < len(listed):
        names = ", ".join(repr(s.name) for s in listed if s.hidden)
        warnings.append(f"hidden sheet(s) {names} also hold a work list: not read (the visible ones are)")
        listed = visible
    elif listed and not visible:
        warnings.append("the work list is on hidden sheet(s): read")
    if not listed:
        looked = ", ".join(s.describe() for s in sheets[:8]) + (" …" if len(sheets) > 8 else "")
        raise NoTableError(f"no sheet holds a work list (no header with 名称/序号/牵头单位… columns); "
                           f"looked at: {looked}")

    grids: list[Grid] = []
    front: list[str] = []
    invalid: list[dict[str, str]] = []
    for k, s in enumerate(listed):
        r0, c0, r1, c1 = s.bounds
        if k == 0:
            for (r, c) in sorted(s.texts):
                if r < s.top:
                    front.extend(ln.strip() for ln in s.texts[(r, c)].split("\n") if ln.strip())
        g = _grid(s, s.top, r1)
        grids.append(g)
        if s.formulas:  # mapped on this grid's own columns (the header probe kept other rows, so other columns)
            _formula_findings(s, work_header(g, max_rows=min(g.n_rows, 4)), warnings, invalid)
        rows = [r for r in s.hidden_rows if s.top <= r <= r1 and any((r, c) in s.texts for c in range(c0, c1 + 1))]
        cols = [c for c in s.hidden_cols if c0 <= c <= c1 and any((r, c) in s.texts for r in range(s.top, r1 + 1))]
        if rows:
            warnings.append(f"s{s.number} ({s.name}): hidden row(s) {_ranges(rows)} read like the others")
        if cols:
            warnings.append(f"s{s.number} ({s.name}): hidden column(s) {', '.join(map(_col_letter, sorted(cols)))}"
                            " read like the others")
    return RawDocument("xlsx", front_matter=front, tables=grids, n_pages=len(grids), warnings=warnings,
                       invalid=invalid)
