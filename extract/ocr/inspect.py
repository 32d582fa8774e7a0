"""`worklist inspect` for scanned pages and page images: the page as the OCR reader saw it.

The cells of a scanned page are in the coordinates of the page straightened by its rules, so they are drawn
over that straightened image (not over the page as scanned, which is turned by a fraction of a degree), with
the same drawing as PDF pages (`geometry.draw.draw_grids`). Every cell and text line read with low confidence is
outlined in orange with its confidence: the places a reviewer should check.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from worklist.extract.geometry.draw import PictureCanvas, cjk_font, draw_grids, fit_resolution, grids_on
from worklist.extract.grid import RawDocument

_LOW_COLOUR = (255, 140, 0)


def draw_scanned_page(
    grey: np.ndarray,
    dpi: float,
    page_number: int,
    out_png: str | Path,
    *,
    doc: RawDocument | None,
    row_labels: dict[tuple[int, int], str] | None = None,
    resolution: int = 100,
    warnings: list[str] | None = None,
) -> Path:
    """Draw scanned page `page_number` (1-based), given as its picture `grey` at `dpi`, straightened, with the
    cells, spans, row labels and the cells and lines of low OCR confidence that `doc` holds on it. Returns the
    PNG path."""
    from worklist.extract.ocr.reader import straighten

    picture = Image.fromarray(straighten(grey, dpi))
    w_pt, h_pt = picture.width * 72 / dpi, picture.height * 72 / dpi
    res = fit_resolution(w_pt, h_pt, resolution, page_number, warnings)
    if round(dpi) != res:
        picture = picture.resize((max(1, round(picture.width * res / dpi)), max(1, round(picture.height * res / dpi))))
    im = PictureCanvas.over(picture, res)
    draw_grids(im, grids_on(doc, page_number), row_labels or {})
    font = cjk_font(max(8, round(6 * im.scale)))
    for entry in (doc.low_confidence if doc else []):
        if entry["page"] != page_number or not entry.get("bbox"):
            continue
        x0, y0, x1, y1 = entry["bbox"]
        im.draw_rect((x0, y0, x1, y1), fill=_LOW_COLOUR + (40,), stroke=_LOW_COLOUR + (255,), stroke_width=3)
        lx, ly = im.px(x0, y1)
        im.draw.text((lx + 3, ly - getattr(font, "size", 10) - 3), f"{entry['confidence']:.2f}",
                     fill=_LOW_COLOUR + (255,), font=font)
    out = Path(out_png)
    out.parent.mkdir(parents=True, exist_ok=True)
    im.save(out)
    return out
