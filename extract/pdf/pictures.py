"""PDF pages as pictures for OCR: each page rendered by PDFium at the resolution of its own scan."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, Sequence

import numpy as np

from worklist.extract import budget
from worklist.extract.geometry.pictures import DPI_RANGE, MIN_SCAN_DPI, RENDER_DPI, grey


def render_pages(path: str | Path, indices: Sequence[int], password: str | None = None,
                     ) -> Iterator[tuple[np.ndarray | None, float]]:
    """Grey page images at the resolution of the page's own scan (its largest image), one at a time; None
    for a page whose images are too coarse to be a scan (an icon or a colour swatch stretched over it)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path), password=password)
    try:
        for i in indices:
            page = doc[i]
            try:
                dpi = _scan_dpi(page)
                if dpi < MIN_SCAN_DPI:
                    yield None, dpi
                    continue
                w_pt, h_pt = page.get_size()
                budget.check_pixels(w_pt * dpi / 72.0, h_pt * dpi / 72.0, f"page {i + 1} at {dpi:.0f} dpi")
                bitmap = page.render(scale=dpi / 72.0, grayscale=True)
                img = bitmap.to_numpy()
                if img.ndim == 3:
                    img = img[:, :, 0] if img.shape[2] == 1 else grey(img)
                yield np.ascontiguousarray(img), dpi
            finally:
                page.close()
    finally:
        doc.close()


def _scan_dpi(page: Any) -> float:
    """The resolution of a page's largest image as placed on the page (pixels per inch)."""
    import pypdfium2.raw as pdfium_c

    best = 0.0
    area = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            w_px, _h_px = obj.get_px_size()
            bounds = getattr(obj, "get_bounds", None) or obj.get_pos  # pypdfium2 5 / 4
            left, bottom, right, top = bounds()
        except Exception:  # an image pdfium cannot measure: ignore it
            continue
        w_pt = right - left
        if w_pt <= 0 or (right - left) * (top - bottom) <= area:
            continue
        area = (right - left) * (top - bottom)
        best = w_px / (w_pt / 72.0)
    if not best:
        return RENDER_DPI
    return best if best < MIN_SCAN_DPI else min(max(best, DPI_RANGE[0]), DPI_RANGE[1])




def page_count(path: str | Path, password: str | None = None) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path), password=password)
    try:
        return len(doc)
    finally:
        doc.close()
