"""Readers: one per format, each turning a file into the shared cell-grid model (`extract.grid`)."""

from __future__ import annotations

from pathlib import Path

from worklist.extract.detect import sniff
from worklist.extract.grid import RawDocument


def read_document(path: str | Path, *, password: str | None = None) -> RawDocument:
    """Read any supported notice; the format comes from the file's bytes."""
    fmt = sniff(path)
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
    from worklist.extract.txt_reader import read_txt

    return read_txt(path)
