"""The cell-grid model every reader produces.

A reader knows only its format: it turns the file into `RawDocument` (front-matter paragraphs plus one
`Grid` per table it found). Everything after that, header recognition, joining tables across pages, filling
merged cells, building work items, is shared and works on this model alone. The model has no I/O.

Coordinates: `row`/`col` are 0-based positions in the table's own grid, header rows included. A merged
cell is stored once, at its top-left position, with `row_span`/`col_span` > 1; the positions it covers hold
no other cell. A position that no cell covers is simply empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Sequence

from worklist.extract import budget
from worklist.formats import SourceFormat


BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, top-left origin


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a table as the source draws it (a merged cell once)."""

    row: int
    col: int
    text: str
    row_span: int = 1
    col_span: int = 1
    page: int = 1  # 1-based: PDF page, DOCX table index, TXT page block
    bbox: BBox | None = None  # PDF only
    ref: str = ""  # source reference of this cell: 'p3', 't2r14', 'l57'
    # PDF: no rule closes the cell at the page's top / bottom edge (it continues across the page break)
    open_top: bool = False
    open_bottom: bool = False
    conf: float | None = None  # OCR'd cells: recognition confidence of their least certain character

    @property
    def last_row(self) -> int:
        return self.row + self.row_span - 1

    @property
    def last_col(self) -> int:
        return self.col + self.col_span - 1


@dataclass(frozen=True, slots=True)
class RowInfo:
    """Where a grid row comes from: page and reference used for `items.page` / `items.source_ref`."""

    page: int
    ref: str
    top: float | None = None  # PDF: y of the row's top edge on its page
    bottom: float | None = None


@dataclass
class Grid:
    """One table as read from the source.

    `implicit_spans` is True where the format cannot express merges (TXT): an empty cell may be the
    continuation of a merged cell above it or to its left, and the shared steps decide which by what the
    columns mean. Readers of formats with real merge markup set it False and give spans explicitly.
    """

    n_rows: int
    n_cols: int
    cells: list[Cell]
    rows: list[RowInfo]
    implicit_spans: bool = False
    index: int = 0  # position of this table in the document (0-based)
    # Built once on first use (the shared steps ask for them once per row): rebuilt if `cells` changes length.
    _cover: list[Sequence[Cell | None]] | None = field(default=None, init=False, repr=False, compare=False)
    _by_row: list[list[Cell]] | None = field(default=None, init=False, repr=False, compare=False)
    _indexed: int = field(default=-1, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.rows) != self.n_rows:
            raise ValueError(f"grid has {self.n_rows} rows but {len(self.rows)} RowInfo entries")
        # the shared steps walk the table position by position: bounded before any of them runs
        budget.check("grid cells", self.n_rows * self.n_cols, f"a table of {self.n_rows} rows × {self.n_cols} columns")

    def _fresh(self) -> bool:
        if self._indexed != len(self.cells):
            self._cover, self._by_row, self._indexed = None, None, len(self.cells)
        return True

    def covering(self) -> list[Sequence[Cell | None]]:
        """Rows [row][col] -> the cell covering that position (merged cells repeated), or None.

        Computed once, in work and memory linear in the positions the cells cover: a row no cell covers is one
        shared empty row. Treat the result as read-only."""
        self._fresh()
        if self._cover is None:
            n = self.n_cols
            empty: tuple[Cell | None, ...] = (None,) * n
            m: list[Any] = [empty] * self.n_rows  # a row is the shared empty tuple until a cell covers it
            for c in self.cells:
                c0, c1 = max(c.col, 0), min(c.col + c.col_span, n)
                if c1 <= c0:
                    continue
                for r in range(max(c.row, 0), min(c.row + c.row_span, self.n_rows)):
                    row = m[r]
                    if row is empty:
                        row = m[r] = [None] * n
                    if c1 - c0 == 1:
                        row[c0] = c
                    else:
                        row[c0:c1] = [c] * (c1 - c0)
            self._cover = m
        return self._cover

    def row_cells(self, r: int) -> Iterator[Cell]:
        """Cells whose top-left lies in row r, left to right (cells indexed by row once, not scanned per row)."""
        self._fresh()
        if self._by_row is None:
            by_row: list[list[Cell]] = [[] for _ in range(self.n_rows)]
            for c in self.cells:
                if 0 <= c.row < self.n_rows:
                    by_row[c.row].append(c)
            for cells in by_row:
                cells.sort(key=lambda c: c.col)
            self._by_row = by_row
        return iter(self._by_row[r]) if 0 <= r < self.n_rows else iter(())


@dataclass
class RawDocument:
    """What a reader hands to the pipeline."""

    source_format: SourceFormat
    front_matter: list[str]  # text paragraphs outside the tables, in reading order (title, 文号, dates…)
    tables: list[Grid]
    n_pages: int = 1
    warnings: list[str] = field(default_factory=list)
    back_matter: list[str] = field(default_factory=list)  # paragraphs after the last table (抄送, 印发)
    # paragraphs between tables: (how many tables stand above it, source reference, text). A web page printed
    # to PDF puts its notice text between a catalogue table and the list: front matter once the list is known
    interludes: list[tuple[int, str, str]] = field(default_factory=list)
    conversion: str | None = None  # how a legacy file was read, e.g. "converted from .doc to .docx by LibreOffice 7.4"
    unmapped_chars: int = 0  # glyphs without Unicode: (cid:N), private-use, control (extract.unmapped)
    # what the file states about itself outside its text, by contract field (doc_number, issuer, issue_date):
    # a web page's 信息公开 table. normalize.metadata prefers the text's own statement and fills gaps from here.
    metadata: dict[str, str] = field(default_factory=dict)
    # OCR'd pages only: cells and text lines read with low confidence (page, position, text, confidence),
    # and what OCR did (engine, pages, coverage of the recognised lines); see extract.ocr.reader
    low_confidence: list[dict[str, Any]] = field(default_factory=list)
    ocr: dict[str, Any] | None = None
    # what the reader found wrong with the source itself (table "source", source_ref, error): failed validation
    # (exit 2), e.g. a required column whose cells are formulas without a value
    invalid: list[dict[str, str]] = field(default_factory=list)
