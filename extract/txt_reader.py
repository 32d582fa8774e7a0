"""TXT reader: one line per table row, cells separated by tabs, merged cells shown once.

A text export cannot say which empty cell is a merged one, so the grid is marked `implicit_spans` and the
shared steps decide by column meaning. Blocks of tab-separated lines (split by blank lines) are the pages
of the original; the lines around them are the front and back matter.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from worklist.extract.errors import CorruptFileError, NoTableError, UnsupportedFormatError
from worklist.extract.grid import Cell, Grid, RawDocument, RowInfo

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text notice: BOM, then strict UTF-8, then UTF-16 without BOM, then GB18030 (a superset of
    GBK/GB2312), then charset-normalizer's best guess. Returns (text, encoding)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    enc16 = utf16_without_bom(data)
    if enc16:
        return data.decode(enc16), enc16
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnsupportedFormatError("not a text file: no text encoding fits its bytes")
    return str(best), best.encoding


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the bytes read as UTF-16 text without a BOM, else None.

    Chinese text in UTF-16 has few NUL bytes (only its ASCII characters — tabs, digits, line ends — carry
    one), so the test is where the NULs sit (all on odd or all on even positions) and whether the decoded
    text is printable, not how many there are."""
    sample = data[: 1 << 16]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    odd, even = sample[1::2].count(b"\x00"), sample[0::2].count(b"\x00")
    enc = "utf-16-le" if odd > even else "utf-16-be"
    if min(odd, even) > max(odd, even) // 20:
        return None
    try:
        text = sample.decode(enc)
    except UnicodeDecodeError:
        return None
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\t\r\n")
    return enc if printable >= 0.97 * len(text) else None


def read_txt(path: str | Path) -> RawDocument:
    """Read a tab-separated text notice into one implicit-span grid per page block."""
    data = Path(path).read_bytes()
    if not data.strip():
        raise CorruptFileError("the file is empty")
    text, encoding = decode_text(data)
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
    warnings = [] if encoding in ("utf-8", "utf-8-sig") else [f"text decoded as {encoding}"]
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
