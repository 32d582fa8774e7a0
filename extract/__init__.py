"""Readers: one per format, each turning a file into the shared cell-grid model (`extract.grid`)."""

from __future__ import annotations

from pathlib import Path

from worklist.extract.detect import sniff
from worklist.extract.grid import RawDocument


def read_document(path: str | Path, *, password: str | None = None, ocr: str = "auto") -> RawDocument:
    """Read any supported notice; the format comes from the file's bytes. A folder is one notice given as
    page images (pages in name order). `ocr` ("auto", "off", "force") says which pages OCR reads: those
    without a text layer, none, or also those whose text layer is garbage (`extract.ocr_reader`)."""
    if Path(path).is_dir():
        from worklist.extract.ocr_reader import read_images

        return read_images(path, ocr=ocr)
    fmt = sniff(path)
    if fmt == "pdf":
        from worklist.extract.pdf_reader import read_pdf

        return read_pdf(path, password=password, ocr=ocr)
    if fmt == "image":
        from worklist.extract.ocr_reader import read_images

        return read_images(path, ocr=ocr)
    if fmt == "docx":
        from worklist.extract.docx_reader import read_docx

        return read_docx(path)
    from worklist.extract.txt_reader import read_txt

    return read_txt(path)
