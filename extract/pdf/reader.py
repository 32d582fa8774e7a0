"""PDF reader: each page's chars and ruling edges, straight from pdfminer's layout, as `PageObjects`.

The tables, spans and text lines are found by the shared page geometry (`extract.geometry.page`), which the
OFD and OCR readers use too. This module knows only PDF: opening (passwords, truncation, damaged page trees,
pdfminer's errors mapped to ours), clipping (`extract.pdf.clip`), stream limits (`extract.pdf.limits`), and
turning pdfminer's layout objects into page geometry. Pages without a text layer are not this reader's job: it
says how many it found (`PagedRead`), and the dispatcher (`worklist.extract.read_document`) hands them to OCR.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any, Iterator

import pdfplumber
from pdfplumber.page import Page

from worklist.extract.errors import CorruptFileError, EncryptedError, ReadError, UnsupportedFormatError
from worklist.extract.geometry.page import Char, PageObjects, PageResult, PagedRead, read_objects
from worklist.extract.geometry.rules import page_background
from worklist.extract.grid import RawDocument
from worklist.extract.pdf.clip import clipped_layout
from worklist.extract.pdf.limits import PDFReferenceLoop, damaged_contents, document_budget, release_page


PAINT_KEYS = ("stroke", "fill", "stroking_color", "non_stroking_color", "linewidth")


def page_objects(page: Page) -> PageObjects:
    from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTLine, LTRect
    from pdfplumber.utils import curve_to_edges, line_to_edge, rect_to_edges

    height = float(page.height)
    mb_x0, mb_top = page.mediabox[:2]
    chars: list[Char] = []
    edges: list[dict[str, Any]] = []
    filled: list[dict[str, Any]] = []
    has_images = False

    def box(obj: Any) -> dict[str, Any]:
        top = height - obj.y1 + mb_top
        return {"x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0, "top": top, "doctop": top,
                "bottom": height - obj.y0 + mb_top, "y0": obj.y0, "y1": obj.y1,
                "width": obj.width, "height": obj.height, "stroke": obj.stroke, "fill": obj.fill,
                "stroking_color": obj.stroking_color, "non_stroking_color": obj.non_stroking_color,
                "linewidth": obj.linewidth}

    layout, hidden = clipped_layout(page)
    stack: list[Any] = [iter(layout)]
    while stack:
        obj = next(stack[-1], None)
        if obj is None:
            stack.pop()
            continue
        if isinstance(obj, LTChar):
            top = height - obj.y1 + mb_top
            chars.append({"text": obj.get_text(), "x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0, "top": top,
                          "bottom": height - obj.y0 + mb_top, "size": obj.size, "upright": obj.upright})
        elif isinstance(obj, LTRect):
            rect = {**box(obj), "object_type": "rect"}
            edges.extend(rect_to_edges(rect))
            if obj.fill and len(filled) < 4:  # the page's background, if any, is among the first fills
                filled.append(rect)
        elif isinstance(obj, LTLine):
            edges.append(line_to_edge({**box(obj), "object_type": "line"}))
        elif isinstance(obj, LTCurve):
            pts = [(x + mb_x0, height - y + mb_top) for x, y in obj.pts]
            curve = {**box(obj), "object_type": "curve", "pts": pts}
            paint = {k: curve[k] for k in PAINT_KEYS}
            edges.extend({**e, **paint} for e in curve_to_edges(curve))
        elif isinstance(obj, LTImage):
            has_images = True
        elif isinstance(obj, LTContainer):  # figures (form XObjects) hold their own objects
            stack.append(iter(obj))
    bbox = tuple(page.bbox)
    return PageObjects(chars, edges, has_images, bbox, page_background(filled, bbox), hidden)  # type: ignore[arg-type]


def read_page(page: Page, first_index: int) -> PageResult:
    """Grids and free text of one PDF page (grid indices start at `first_index`)."""
    return read_objects(page_objects(page), page.page_number, first_index)


# ----------------------------------------------------------------------------------------------- opening


def _quiet_pdfminer() -> None:
    """pdfminer logs font complaints ("Could not get FontBBox", "CropBox missing") for ordinary files."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)


def _root_cause(exc: BaseException) -> BaseException:
    while exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    return exc


def _as_read_error(exc: BaseException) -> ReadError:
    """Map what pdfminer/pdfplumber raise to our exceptions, with a short message."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cause = _root_cause(exc)
    if isinstance(cause, ReadError):  # a limit (extract.pdf.limits) hit inside pdfminer
        return cause
    if isinstance(cause, PDFReferenceLoop):
        return CorruptFileError(f"damaged PDF: {cause}")
    if isinstance(cause, RecursionError):
        return CorruptFileError("damaged PDF: objects nested or referring to themselves without end")
    if isinstance(cause, PDFPasswordIncorrect):
        return EncryptedError("password-protected PDF: no or wrong password")
    if isinstance(cause, PDFEncryptionError):
        return EncryptedError(f"PDF encryption not supported: {cause}")
    detail = str(cause) or type(cause).__name__
    return CorruptFileError(f"damaged or truncated PDF ({detail[:120]})")


def check_bytes(path: Path) -> None:
    """Refuse what is visibly not a whole PDF before pdfminer tries to make sense of it."""
    size = path.stat().st_size
    if size == 0:
        raise CorruptFileError("empty file")
    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF-" not in head:
        start = head[:16].decode("latin-1").strip()
        raise UnsupportedFormatError(f"not a PDF (starts with {start!r})")


def _was_truncated(path: Path, pdf: pdfplumber.PDF) -> bool:
    """No end-of-file marker and a cross-reference table pdfminer had to rebuild by scanning: the file was cut
    (a whole file with only bad xref offsets still ends in %%EOF and is read)."""
    from pdfminer.pdfdocument import PDFXRefFallback

    if not any(isinstance(x, PDFXRefFallback) for x in pdf.doc.xrefs):
        return False
    with path.open("rb") as f:
        f.seek(max(0, path.stat().st_size - 2048))
        return b"%%EOF" not in f.read()


def _password_incorrect() -> type[BaseException]:
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    return PDFPasswordIncorrect


def _password_candidates(password: str | None) -> list[str | None]:
    """The password as given, then as its UTF-8 and GB18030 bytes.

    Older PDF encryption (RC4/AES-128) hashes the password's bytes and pdfminer takes them as Latin-1, so
    a Chinese password (七优享2024) cannot be encoded at all; the producing software used UTF-8 or GBK bytes.
    Passing those bytes spelled as Latin-1 characters hands pdfminer exactly those bytes."""
    if not password:
        return [password]
    out: list[str | None] = [password]
    for enc in ("utf-8", "gb18030"):
        try:
            alt = password.encode(enc).decode("latin-1")
        except UnicodeEncodeError:
            continue
        if alt not in out:
            out.append(alt)
    return out


def open_pdf(path: str | Path, password: str | None = None) -> pdfplumber.PDF:
    """Open a PDF, turning pdfminer's errors into ReadError subclasses."""
    _quiet_pdfminer()
    p = Path(path)
    check_bytes(p)
    pdf = None
    error: BaseException | None = None
    for i, candidate in enumerate(_password_candidates(password)):
        try:
            pdf = pdfplumber.open(p, password=candidate)
            break
        except Exception as exc:  # pdfminer raises many unrelated types for broken files
            if error is None or isinstance(_root_cause(error), UnicodeEncodeError):
                error = exc  # the first answer is the one to report (a retry may fail for its own reasons)
            if i == 0 and not isinstance(_root_cause(exc), (UnicodeEncodeError, _password_incorrect())):
                break
    if pdf is None:
        assert error is not None
        if isinstance(_root_cause(error), UnicodeEncodeError):
            raise EncryptedError("password-protected PDF: wrong password") from error
        raise _as_read_error(error) from error
    try:
        if _was_truncated(p, pdf):
            raise CorruptFileError("truncated PDF (no end-of-file marker)")
        if not pdf.pages:  # page tree parsed here: a broken tree fails now, not half-way
            raise CorruptFileError("damaged PDF: its page tree holds no page")
    except Exception as exc:
        _close_quietly(pdf)
        if isinstance(exc, ReadError):
            raise
        raise _as_read_error(exc) from exc
    return pdf


def _close_quietly(pdf: pdfplumber.PDF) -> None:
    """Close a PDF whose page tree may itself be what is broken."""
    try:
        pdf.close()
    except Exception:
        pdf.stream.close()


def iter_pages(pdf: pdfplumber.PDF) -> Iterator[Page]:
    """Pages one by one, each closed (caches flushed) once the caller is done with it."""
    for page in pdf.pages:
        try:
            yield page
        finally:
            page.close()


# ----------------------------------------------------------------------------------------------- reader


def read_pdf_pages(path: str | Path, *, password: str | None = None) -> PagedRead:
    """Every page of a PDF as page geometry, with how to picture a page for OCR (rendered at its scan's
    resolution). Raises EncryptedError and CorruptFileError."""
    with warnings.catch_warnings(), document_budget():
        warnings.simplefilter("ignore")
        pdf = open_pdf(path, password)
        try:
            results = _read_pages(pdf)
        finally:
            pdf.close()
    from worklist.extract.pdf.pictures import render_pages

    return PagedRead(results, "pdf", pictures=lambda todo: render_pages(path, todo, password))


def read_pdf(path: str | Path, *, password: str | None = None) -> RawDocument:
    """Read a PDF notice by its text layer alone: one Grid per ruled table per page, free text as front/back
    matter. Raises EncryptedError, CorruptFileError, NoTextLayerError (no chars on any page) and NoTableError
    (text but no ruled table). `worklist.extract.read_document` also reads pages without text, by OCR."""
    return read_pdf_pages(path, password=password).assemble()


def _read_pages(pdf: pdfplumber.PDF) -> list[PageResult]:
    """Every page read in turn; its decoded content released once read (see `extract.pdf.limits`). A file
    without any text whose pages' content streams are missing is damaged, not scanned."""
    results: list[PageResult] = []
    index = 0
    damaged = 0
    try:
        for page in iter_pages(pdf):
            res = read_page(page, index)
            damaged += damaged_contents(page.page_obj)
            release_page(page.page_obj)
            index += len(res.grids)
            results.append(res)
    except ReadError:
        raise
    except Exception as exc:
        raise _as_read_error(exc) from exc
    if damaged and not any(r.n_chars for r in results):
        raise CorruptFileError(f"damaged PDF: the content of {damaged} of {len(results)} page(s) is missing")
    return results

