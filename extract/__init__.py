"""Readers: one per format, each turning a file into the shared cell-grid model (`extract.grid`)."""

from __future__ import annotations

from pathlib import Path

from worklist.extract.detect import sniff
from worklist.extract.grid import RawDocument
from worklist.extract.limits import check_input
from worklist.extract.unmapped import check_unmapped


def read_document(path: str | Path, *, password: str | None = None) -> RawDocument:
    """Read any supported notice; the format comes from the file's bytes.

    The input is checked from `stat` first (regular file, size limit): nothing opens a FIFO or a device.
    Text without a Unicode mapping is counted, and refused where it fills more than a few cells."""
    check_input(path)
    return check_unmapped(_read(path, sniff(path), password))


def _read(path: str | Path, fmt: str, password: str | None) -> RawDocument:
    if fmt == "pdf":
        from worklist.extract.pdf_reader import read_pdf

        return read_pdf(path, password=password)
    if fmt == "docx":
        from worklist.extract.docx_reader import read_docx

        return read_docx(path)
    if fmt == "ofd":
        from worklist.extract.ofd_reader import read_ofd

        return read_ofd(path)
    if fmt in ("doc", "wps", "rtf", "xls", "et"):
        from worklist.extract.legacy_office import read_legacy

        return read_legacy(path, fmt)
    if fmt == "xlsx":
        from worklist.extract.xlsx_reader import read_xlsx

        return read_xlsx(path)
    if fmt in ("html", "mhtml"):
        from worklist.extract.html_reader import read_html, read_mhtml

        return read_mhtml(path) if fmt == "mhtml" else read_html(path)
    from worklist.extract.txt_reader import read_txt

    return read_txt(path)
