"""The format registry: every form a notice reaches the data team in, declared once.

An entry says how a file of that form is recognised (suffixes for folder scans, magic bytes or zip parts for
`extract.detect.sniff`), which reader reads it, what the dataset prefers among forms of one notice, which
document fields the form cannot carry, and which module draws its pages for `worklist inspect`. Readers and
drawers are named as `module:function` strings, loaded only when a file of that form is read, so that this
table sits in the lowest layer (every layer may consult it) and a one-file run imports one reader.

A new format is one reader module and one entry here (on the model of docling's format → backend map);
`tests/test_formats.py` checks that every entry's reader exists and that no format is declared elsewhere.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Literal, get_args

# What a document says it was read from (`documents.source_format`): the contract's enumeration.
SourceFormat = Literal["pdf", "docx", "txt", "html", "xlsx", "ofd", "doc", "wps", "rtf", "xls", "et", "image"]

# Document fields an Excel attachment (or a sheet printed from one) has no place for.
NOT_IN_A_SHEET = frozenset({"doc_number", "issuer", "issue_date"})


@dataclass(frozen=True)
class Format:
    """One form of a notice. `name` is what `sniff` returns; `produces` the `source_format` of what it reads
    (a browser's .mhtml save is read as the page it holds: "html")."""

    name: str
    produces: SourceFormat
    suffixes: tuple[str, ...]  # what a folder scan takes (a file named on the command line is read by its bytes)
    reader: str  # "module:function": (path, *, password) -> RawDocument, or a PagedRead (pages, OCR-able)
    preference: int  # among agreeing forms of one notice, the dataset takes the lowest (structure-rich first)
    magic: tuple[bytes, ...] = ()  # the file starts with one of these (after a BOM and blanks, for text)
    magic_window: int = 0  # or: the first magic occurs within this many bytes (PDF allows junk before it)
    zip_parts: tuple[str, ...] = ()  # a zip holding one of these parts (lower case, no leading "/")
    ole: bool = False  # an Office 97-2003 compound file, told apart by its streams (`extract.ole`)
    not_carried: frozenset[str] = frozenset()  # document fields this form has no place for
    inspector: str | None = None  # "module:function" drawing one page for `worklist inspect`
    pictures: str | None = None  # "module:function": (path, indices, password) -> page pictures for OCR
    takes: frozenset[str] = frozenset()  # the keywords its reader takes of "fmt", "password", "ocr"


_LEGACY = "worklist.extract.legacy.office:read_legacy"
_FMT = frozenset({"fmt"})

FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("docx", "docx", (".docx", ".docm", ".dotx", ".dotm"), "worklist.extract.docx.reader:read_docx", 0,
           zip_parts=("word/document.xml",)),
    Format("xlsx", "xlsx", (".xlsx", ".xlsm"), "worklist.extract.xlsx.reader:read_xlsx", 1,
           zip_parts=("xl/workbook.xml",), not_carried=NOT_IN_A_SHEET),
    Format("html", "html", (".html", ".htm", ".shtml", ".xhtml"), "worklist.extract.html.reader:read_html", 2),
    Format("mhtml", "html", (".mhtml", ".mht"), "worklist.extract.html.reader:read_mhtml", 2),
    Format("txt", "txt", (".txt", ".tsv", ".text"), "worklist.extract.txt.reader:read_txt", 3),
    Format("doc", "doc", (".doc", ".dot"), _LEGACY, 4, ole=True, takes=_FMT),
    Format("wps", "wps", (".wps",), _LEGACY, 5, ole=True, takes=_FMT),
    Format("rtf", "rtf", (".rtf",), _LEGACY, 6, magic=(b"{\\rtf",), takes=_FMT),
    Format("xls", "xls", (".xls",), _LEGACY, 7, ole=True, takes=_FMT, not_carried=NOT_IN_A_SHEET),
    Format("et", "et", (".et",), _LEGACY, 8, ole=True, takes=_FMT, not_carried=NOT_IN_A_SHEET),
    Format("ofd", "ofd", (".ofd",), "worklist.extract.ofd.reader:read_ofd_pages", 9, zip_parts=("ofd.xml",),
           inspector="worklist.extract.ofd.inspect:draw_ofd_page",
           pictures="worklist.extract.ofd.reader:page_pictures"),
    Format("pdf", "pdf", (".pdf",), "worklist.extract.pdf.reader:read_pdf_pages", 10, magic=(b"%PDF-",),
           magic_window=1024, takes=frozenset({"password"}), inspector="worklist.extract.pdf.inspect:draw_pdf_page",
           pictures="worklist.extract.pdf.pictures:render_pages"),
    # page images: read by OCR; a folder of them is one notice (`worklist.page_images`)
    Format("image", "image", (".png", ".jpg", ".jpeg", ".tif", ".tiff"), "worklist.extract.ocr.reader:read_images",
           11, magic=(b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*"),
           takes=frozenset({"ocr"}), pictures="worklist.extract.ocr.reader:image_pictures"),
)}


def source_formats() -> tuple[str, ...]:
    """Every `source_format` a document can carry (the contract's enumeration)."""
    return get_args(SourceFormat)


def notice_suffixes() -> frozenset[str]:
    """Every suffix a folder scan takes (lower case). Page images are taken as a folder of pages, not here."""
    return frozenset(s for f in FORMATS.values() if f.name != "image" for s in f.suffixes)


def preference(source_format: str) -> int:
    """Rank of a form among agreeing forms of one notice: the structure-rich forms first, OCR'd images last."""
    ranks = [f.preference for f in FORMATS.values() if f.produces == source_format]
    return min(ranks) if ranks else len(FORMATS)


def not_carried(source_format: str) -> frozenset[str]:
    """Document fields a form cannot carry (absent there is no difference from the golden)."""
    out: frozenset[str] = frozenset()
    for f in FORMATS.values():
        if f.produces == source_format:
            out |= f.not_carried
    return out


def load(ref: str) -> Any:
    """The function a `module:function` reference names, imported on first use."""
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)
