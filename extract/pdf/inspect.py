"""`worklist inspect` for PDF pages with a text layer: the page rendered by pdfplumber, the cells drawn over it."""

from __future__ import annotations

from pathlib import Path

from worklist.extract.geometry.draw import draw_grids, fit_resolution, grids_on
from worklist.extract.grid import RawDocument
from worklist.extract.pdf.reader import open_pdf


def draw_pdf_page(path: str | Path, page_number: int, out_png: str | Path, *, doc: RawDocument | None,
                  row_labels: dict[tuple[int, int], str] | None = None, resolution: int = 100,
                  password: str | None = None, warnings: list[str] | None = None) -> Path:
    """Render PDF page `page_number` (1-based) with the cells `doc` holds on it. Returns the PNG path."""
    out = Path(out_png)
    pdf = open_pdf(path, password)
    try:
        n = len(pdf.pages)
        if not 1 <= page_number <= n:
            raise ValueError(f"page {page_number} out of range 1..{n}")
        page = pdf.pages[page_number - 1]
        res = fit_resolution(float(page.width), float(page.height), resolution, page_number, warnings)
        im = page.to_image(resolution=res)
        draw_grids(im, grids_on(doc, page_number), row_labels or {})
        out.parent.mkdir(parents=True, exist_ok=True)
        im.save(out, format="PNG")
        page.close()
    finally:
        pdf.close()
    return out
