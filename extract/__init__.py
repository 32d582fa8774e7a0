"""Readers: one per format, each turning a file into the shared cell-grid model (`extract.grid`).

`read_document` is the dispatcher: it recognises the format by the file's bytes (`extract.detect`), calls the
reader the format registry names (`worklist.formats`), and — for paged formats whose pages hold only images —
hands those pages to OCR (`extract.ocr`). Readers never call OCR, and OCR knows no file format.
"""


from __future__ import annotations

if __name__ != "worklist.extract":  # the folder is a layer of `worklist`, never a top-level package of its own
    raise ImportError("extract/ is installed as worklist.extract: import worklist.extract (pip install -e .)")

from pathlib import Path
from typing import TYPE_CHECKING

from worklist.formats import FORMATS, load

if TYPE_CHECKING:  # the readers load when a document is read: the package's core modules (errors, grid,
    from worklist.extract.grid import RawDocument  # budget) are imported by validate without them

OCR_MODES = ("auto", "off", "force")


def read_document(path: str | Path, *, password: str | None = None, ocr: str = "auto") -> RawDocument:
    """Read any supported notice; the format comes from the file's bytes. A folder is one notice given as
    page images (pages in name order). `ocr` ("auto", "off", "force") says which pages OCR reads: those
    without a text layer, none, or also those whose text layer is garbage (`extract.ocr.reader`).

    The input is checked from `stat` first (regular file, size limit): nothing opens a FIFO or a device.
    Text without a Unicode mapping is counted, and refused where it fills more than a few cells."""
    from worklist.extract.detect import sniff
    from worklist.extract.limits import check_input
    from worklist.extract.unmapped import check_unmapped

    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}, not {ocr!r}")
    if Path(path).is_dir():
        fmt = "image"
    else:
        check_input(path)
        fmt = sniff(path)
    return check_unmapped(read_as(path, fmt, password=password, ocr=ocr))


def read_as(path: str | Path, fmt: str, *, password: str | None = None, ocr: str = "auto") -> RawDocument:
    """Read `path` with the reader of format `fmt` (a name of `worklist.formats.FORMATS`)."""
    from worklist.extract.errors import CorruptFileError, TooLargeError
    from worklist.extract.grid import RawDocument

    entry = FORMATS[fmt]
    reader = load(entry.reader)
    given = {"fmt": fmt, "password": password, "ocr": ocr}
    kwargs = {k: v for k, v in given.items() if k in entry.takes}
    try:
        got = reader(path, **kwargs)
    except RecursionError:  # a parser recursing per nesting level of the file: damaged or hostile structure
        raise CorruptFileError("the file's structure is nested too deeply to read") from None
    except MemoryError:  # past what this machine holds, whatever the budget allowed: beyond the size limits
        raise TooLargeError("reading the file needs more memory than is available") from None
    if isinstance(got, RawDocument):
        return got
    from worklist.extract.geometry.page import PagedRead  # here: a DOCX or TXT run loads no page geometry

    if isinstance(got, PagedRead):
        if got.needs_ocr(ocr):
            from worklist.extract.ocr.reader import ocr_paged

            return ocr_paged(got, ocr)
        return got.assemble()
    return got
