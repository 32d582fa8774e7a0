"""TXT reader: one line per table row, cells separated by tabs, merged cells shown once.

A text export cannot say which empty cell is a merged one, so the grid is marked `implicit_spans` and the
shared steps decide by column meaning. Blocks of tab-separated lines (split by blank lines) are the pages
of the original; the lines around them are the front and back matter.
"""

from __future__ import annotations

from pathlib import Path

from worklist.extract.errors import CorruptFileError, NoTableError, UnsupportedFormatError
from worklist.extract.grid import Cell, Grid, RawDocument, RowInfo
from worklist.extract.limits import MAX_TXT_BYTES, read_bounded
from worklist.extract.text_decode import decode_notice, utf16_without_bom

__all__ = ["read_txt", "decode_text", "utf16_without_bom"]


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a text notice; see `extract.text_decode.decode_notice` for the rules."""
    d = decode_notice(data)
    return d.text, d.encoding


def read_txt(path: str | Path) -> RawDocument:
    """Read a tab-separated text notice into one implicit-span grid per page block."""
    data = read_bounded(path, MAX_TXT_BYTES)
    if not data.strip():
        raise CorruptFileError("the file is empty")
    decoded = decode_notice(data)
    text, encoding = decoded.text, decoded.encoding
    del data
    if "\x00" in text:
        raise UnsupportedFormatError("binary data, not a text notice")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    blocks: list[list[tuple[int, list[str]]]] = []
    current: list[tuple[int, list[str]]] = []
    front: list[str] = []
    for no, line in enumerate(lines, start=1):
        if "\t" in line:
            current.append((no, [c.strip() for c in line.split("\t")]))
            continue
        if current:
            blocks.append(current)
            current = []
        if line.strip() and not blocks:
            front.append(line.strip())
    if current:
        blocks.append(current)
    if not blocks:
        raise NoTableError("no tab-separated table rows found")
    # text between two blocks (a page's running title) belongs to neither matter
    grids = [_block_to_grid(i, block) for i, block in enumerate(blocks)]
    warnings = list(decoded.warnings)
    if encoding not in ("utf-8", "utf-8-sig"):
        warnings.append(f"text decoded as {encoding}")
    return RawDocument("txt", front_matter=front, tables=grids, n_pages=len(blocks),
                       warnings=warnings, back_matter=_after_last_block(lines, blocks))


def _after_last_block(lines: list[str], blocks: list[list[tuple[int, list[str]]]]) -> list[str]:
    last = blocks[-1][-1][0]
    return [ln.strip() for ln in lines[last:] if ln.strip()]


def _block_to_grid(index: int, block: list[tuple[int, list[str]]]) -> Grid:
    n_cols = max(len(cells) for _, cells in block)
    page = index + 1
    grid_cells = [
        Cell(row=r, col=c, text=txt, page=page, ref=f"l{no}")
        for r, (no, cells) in enumerate(block)
        for c, txt in enumerate(cells)
        if txt
    ]
    rows = [RowInfo(page=page, ref=f"l{no}") for no, _ in block]
    return Grid(n_rows=len(block), n_cols=n_cols, cells=grid_cells, rows=rows, implicit_spans=True, index=index)
