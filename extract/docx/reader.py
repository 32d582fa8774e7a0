"""DOCX reader: the Word file's own table markup, turned into `Grid`s without guessing.

Why lxml on the raw parts instead of python-docx's object model: python-docx's `table.cell()` hides merges
(a merged cell comes back once per grid position) and is slow on big tables, and `docx.Document()` refuses
valid variants (.docm, .dotx, WPS output with odd content types). Reading `word/document.xml` directly keeps
every merge as the author made it, lets us refuse zip bombs from the zip directory before inflating
anything, and reads the 26-table sample in a few ms.

The reader in modules, one job each: `zip_limits` (zip safety, shared with other zip formats),
`docx_xml` (names and markup helpers), `docx_numbering` (automatic list numbers), `docx_text` (shown text of
paragraphs and cells), `docx_tables` (merged-cell tables, spans clamped to the grid); this module opens the
package and walks its parts.

What the reader gives (see `extract/grid.py`):
- one `Grid` per table, in reading order; `Cell.page` and `RowInfo.page` are the 1-based table number
  (a DOCX has no pages), refs are `t{table}r{row}`; header rows stay in the grid;
- tables wherever they are: the body, text boxes anchored in it (`w:txbxContent` in `wps:txbx` or
  `v:textbox`, common in WPS exports), and the headers, footers, footnotes and endnotes; a table found
  outside the body proper is named in the warnings with its place;
- front matter = paragraphs before the first work table (plus the text of small layout tables there, where
  notices often keep the issuer and 文号); back matter = paragraphs after the last work table (plus small
  tables there: 抄送/印发 are often a borderless table). Paragraphs between work tables are not kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from lxml import etree

from worklist.extract import zip_limits
from worklist.extract.docx.numbering import Numbering
from worklist.extract.docx.package import Package
from worklist.extract.docx.tables import table_grid
from worklist.extract.docx.text import TextReader
from worklist.extract.docx.xml import (
    MC_ALT, W_ALTCHUNK, W_BODY, W_CUSTOMXML, W_P, W_SDT, W_SDTCONTENT, W_TBL, W_TXBX, alt_branch, is_placeholder,
)
from worklist.extract.errors import CorruptFileError, EncryptedError, NoTableError, UnsupportedFormatError
from worklist.extract.grid import Grid, RawDocument

__all__ = ["read_docx"]

# A table smaller than this is layout (issuer block, 抄送 box), not a work list: its text is front/back matter.
_WORK_MIN_ROWS = 2
_WORK_MIN_COLS = 3

# Parts besides the body that can hold tables, by relationship type, in the order they are read.
_OTHER_PARTS = ("header", "footer", "footnotes", "endnotes")


# --------------------------------------------------------------------------------------------- opening


def _sniff(path: Path, head: bytes) -> None:
    """Refuse what is visibly not a DOCX, with a message that says what it is instead."""
    if not head:
        raise CorruptFileError("empty file")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if _is_encrypted_ole(path):
            raise EncryptedError(
                "password-protected DOCX (an encrypted Office file); remove the password and save again"
            )
        raise UnsupportedFormatError(
            "this is a Word 97-2003 .doc (or WPS) file; convert it with `soffice --headless --convert-to docx`"
        )
    if head.startswith(b"PK"):
        return
    if head.startswith(b"%PDF"):
        raise UnsupportedFormatError("not a DOCX: this is a PDF file")
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"{\\rtf"):
        raise UnsupportedFormatError(
            "not a DOCX: this is an RTF file; convert it with `soffice --headless --convert-to docx`"
        )
    raise UnsupportedFormatError("not a DOCX (not a zip archive)")


def _is_encrypted_ole(path: Path) -> bool:
    """A password-protected .docx is an OLE container holding an `EncryptedPackage` stream."""
    with open(path, "rb") as f:
        data = f.read(1 << 20)
    return "EncryptedPackage".encode("utf-16-le") in data


def _main_part(pkg: Package) -> str:
    target = pkg.rels("")  # _rels/.rels
    name = target.get("officeDocument")
    if name and pkg.has(name):
        return name
    if pkg.has("word/document.xml"):
        return "word/document.xml"
    if pkg.has("mimetype") and b"opendocument.text" in pkg.read("mimetype")[:100]:
        raise UnsupportedFormatError(
            "not a DOCX: this is an OpenDocument text (.odt); convert it with `soffice --headless --convert-to docx`"
        )
    if pkg.has("xl/workbook.xml") or pkg.has("ppt/presentation.xml"):
        raise UnsupportedFormatError("not a DOCX: this is an Excel or PowerPoint file")
    raise UnsupportedFormatError("not a DOCX: the zip has no word/document.xml")


# --------------------------------------------------------------------------------------------- blocks


@dataclass
class _Block:
    """One block in reading order: a paragraph's matter lines, or a table's grid with where it was found."""

    lines: list[str]
    grid: Grid | None = None
    where: str = ""  # '' for the body proper; 'a text box', 'word/header1.xml', …


def _iter_blocks(el: etree._Element, warnings: list[str]) -> Iterator[etree._Element]:
    """Block-level paragraphs and tables in order, through content controls and custom XML."""
    for ch in el:
        tag = ch.tag
        if tag == W_P or tag == W_TBL:
            yield ch
        elif tag in (W_SDT, W_SDTCONTENT, W_CUSTOMXML):
            if not (tag == W_SDT and is_placeholder(ch)):
                yield from _iter_blocks(ch, warnings)
        elif tag == MC_ALT:
            branch = alt_branch(ch)
            if branch is not None:
                yield from _iter_blocks(branch, warnings)
        elif tag == W_ALTCHUNK:
            warnings.append("the document embeds another file (altChunk); its content is not read")
        elif isinstance(tag, str) and tag.endswith(("}footnote", "}endnote")):
            yield from _iter_blocks(ch, warnings)


def _text_boxes(el: etree._Element) -> Iterator[etree._Element]:
    """The `w:txbxContent` of the text boxes anchored in a paragraph, one branch of each AlternateContent
    (the DrawingML box and its VML fallback are the same box)."""
    for ch in el:
        tag = ch.tag
        if tag == W_TXBX:
            yield ch
        elif tag == MC_ALT:
            branch = alt_branch(ch)
            if branch is not None:
                yield from _text_boxes(branch)
        elif isinstance(tag, str) and tag != W_TBL:
            yield from _text_boxes(ch)


def _has_table(el: etree._Element) -> bool:
    return next(el.iter(W_TBL), None) is not None


class _Walker:
    """Reads a part's blocks into `_Block`s, turning tables in text boxes into grids of their own."""

    def __init__(self, text: TextReader, warnings: list[str]) -> None:
        self.text, self.warnings = text, warnings
        self.grids: list[Grid] = []

    def blocks(self, container: etree._Element, where: str, depth: int = 0) -> list[_Block]:
        out: list[_Block] = []
        for el in _iter_blocks(container, self.warnings):
            if el.tag == W_TBL:
                grid = table_grid(el, len(self.grids) + 1, self.text, self.warnings)
                if grid.n_rows:
                    self.grids.append(grid)
                    out.append(_Block([], grid, where))
                continue
            boxes = [b for b in _text_boxes(el) if _has_table(b)] if depth < 3 else []
            if not boxes:
                t, box_lines = self.text.paragraph(el)
                out.append(_Block([t, *box_lines]))
                continue
            t, _ = self.text.paragraph(el, with_boxes=False)
            out.append(_Block([t]))
            for box in boxes:
                out.extend(self.blocks(box, _inside(where, "a text box"), depth + 1))
        return out


def _inside(where: str, what: str) -> str:
    return f"{what} in {where}" if where else what


def _is_work_table(g: Grid) -> bool:
    return g.n_rows >= _WORK_MIN_ROWS and g.n_cols >= _WORK_MIN_COLS


def _grid_lines(g: Grid) -> list[str]:
    """A layout table's text as matter paragraphs, cell by cell in reading order."""
    out: list[str] = []
    for c in sorted(g.cells, key=lambda c: (c.row, c.col)):
        out.extend(ln for ln in c.text.split("\n") if ln.strip())
    return out


def _other_parts(pkg: Package, main: str) -> list[tuple[str, str]]:
    """(relationship type, part name) of the headers, footers, footnotes and endnotes, each part once."""
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    rels = pkg.relationships(main)
    for kind in _OTHER_PARTS:
        for rtype, name in rels:
            if rtype == kind and name not in seen and pkg.has(name):
                seen.add(name)
                out.append((rtype, name))
    return out


def _matter(part: list[_Block]) -> list[str]:
    out: list[str] = []
    for b in part:
        for ln in b.lines if b.grid is None else _grid_lines(b.grid):
            if ln.strip():
                out.append(ln.strip())
    return out


def read_docx(path: str | Path) -> RawDocument:
    """Read a DOCX work-list notice into front matter, one Grid per table, and back matter.

    Raises `ReadError` subclasses with short messages (the caller adds the file name).
    """
    path = Path(path)
    with open(path, "rb") as f:
        head = f.read(8)
    _sniff(path, head)
    zf = zip_limits.open_zip(path, "zip archive (truncated or not a DOCX)")
    with zf:
        zip_limits.check_zip(zf)  # the zip limits, read at call time
        pkg = Package(zf)
        main = _main_part(pkg)
        root = pkg.xml(main)
        body = root.find(W_BODY)
        if body is None:
            raise CorruptFileError(f"{main} has no document body")
        warnings: list[str] = []
        walker = _Walker(TextReader(Numbering(pkg, main)), warnings)
        blocks = walker.blocks(body, "")
        elsewhere: list[_Block] = []
        for _, name in _other_parts(pkg, main):
            try:
                part_root = pkg.xml(name)
            except CorruptFileError as e:
                warnings.append(f"{name} not read: {e}")
                continue
            elsewhere += [b for b in walker.blocks(part_root, name) if b.grid is not None]

    grids = [b.grid for b in blocks + elsewhere if b.grid is not None]
    if not grids:
        raise NoTableError("the document has no table")
    for b in blocks + elsewhere:
        if b.grid is not None and b.where and _is_work_table(b.grid):
            g = b.grid
            warnings.append(f"t{g.index + 1}: table found in {b.where} (not in the body text): read there")

    work_pos = [i for i, b in enumerate(blocks) if b.grid is not None and _is_work_table(b.grid)]
    if not work_pos:
        work_pos = [i for i, b in enumerate(blocks) if b.grid is not None]
    if work_pos:
        first, last = work_pos[0], work_pos[-1]
        front, back = _matter(blocks[:first]), _matter(blocks[last + 1:])
    else:  # every table is in a header, footer or note: the body is all front matter
        front, back = _matter(blocks), []
    return RawDocument(
        source_format="docx",
        front_matter=front,
        tables=grids,
        n_pages=len(grids),
        warnings=warnings,
        back_matter=back,
    )
