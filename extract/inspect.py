"""`worklist inspect`: one page of a notice drawn as its reader saw it, the drawer chosen by the format registry.

A page read by OCR (a scan, a page image, an image-only OFD page) is drawn over its straightened picture with
the low-confidence cells marked (`extract.ocr.inspect`); any other page by its format's drawer
(`worklist.formats.Format.inspector`: PDF and OFD). The document is read once, by the caller or here, and
its cells are what is drawn, so the grid indices are the pipeline's.
"""

from __future__ import annotations

from pathlib import Path

from worklist.extract import read_document
from worklist.extract.detect import sniff
from worklist.extract.errors import NoTableError, UnsupportedFormatError
from worklist.extract.grid import RawDocument
from worklist.formats import FORMATS, load


def draw_page(
    path: str | Path,
    page_number: int,
    out_png: str | Path,
    *,
    row_labels: dict[tuple[int, int], str] | None = None,
    resolution: int = 100,
    password: str | None = None,
    warnings: list[str] | None = None,
    doc: RawDocument | None = None,
) -> Path:
    """Render page `page_number` (1-based) with the detected cells, their spans and optional row labels.

    `row_labels` maps (grid index, grid row) to a label such as the pipeline's row_id; labels are written in
    the left margin beside the row (inside the table if the margin is too narrow). Returns the PNG path.
    A resolution lowered to keep the image within the pixel limit is said in `warnings`. `doc`: the document
    already read (a scan is not OCR'd again)."""
    fmt = "image" if Path(path).is_dir() else sniff(path)
    entry = FORMATS[fmt]
    if entry.inspector is None and entry.pictures is None:
        raise UnsupportedFormatError(f"inspect draws PDF and OFD pages and page images, not {fmt} files")
    if doc is None:
        try:
            doc = read_document(path, password=password)
        except NoTableError:
            doc = None
    ocr_pages = doc.ocr["pages"] if doc is not None and doc.ocr is not None else []
    if entry.inspector is None or page_number in ocr_pages:
        from worklist.extract.ocr.inspect import draw_scanned_page

        picture = _picture(path, entry.pictures, page_number, password)
        return draw_scanned_page(picture[0], picture[1], page_number, out_png, doc=doc, row_labels=row_labels,
                                 resolution=resolution, warnings=warnings)
    return load(entry.inspector)(path, page_number, out_png, doc=doc, row_labels=row_labels,
                                 resolution=resolution, password=password, warnings=warnings)


def _picture(path: str | Path, pictures: str | None, page_number: int, password: str | None) -> tuple:
    """The picture of one page (grey image, dpi), as OCR read it."""
    got = list(load(pictures)(path, [page_number - 1], password)) if pictures and page_number >= 1 else []
    if not got or got[0][0] is None:
        raise ValueError(f"page {page_number} has no picture to draw (out of range, or not a scanned page)")
    return got[0]
