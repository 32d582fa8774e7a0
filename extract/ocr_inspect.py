"""`worklist inspect` for scanned pages and page images: the page as the OCR reader saw it.

The cells of a scanned page are in the coordinates of the page straightened by its rules, so they are drawn
over that straightened image (not over the page as scanned, which is turned by a fraction of a degree), with
the same drawing as PDF pages (`pdf_inspect.draw_grids`). Every cell and text line read with low confidence is
outlined in orange with its confidence: the places a reviewer should check.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from worklist.extract.errors import NoTableError
from worklist.extract.grid import RawDocument
from worklist.extract.pdf_inspect import MAX_PIXELS, PictureCanvas, bounded_resolution, cjk_font, draw_grids

_LOW_COLOUR = (255, 140, 0)


def draw_scanned_page(
    path: str | Path,
    page_number: int,
    out_png: str | Path,
    *,
    row_labels: dict[tuple[int, int], str] | None = None,
    resolution: int = 100,
    password: str | None = None,
    doc: RawDocument | None = None,
    warnings: list[str] | None = None,
) -> Path:
    """Draw scanned page `page_number` (1-based) straightened, with its cells, spans, row labels and the
    cells and lines of low OCR confidence. `doc`: the document already read. Returns the PNG path."""
    from worklist.extract import read_document
    from worklist.extract.ocr_reader import straightened_page

    grey, dpi = straightened_page(path, page_number, password)
    if doc is None:
        try:
            doc = read_document(path, password=password)
        except NoTableError:
            doc = None
    picture = Image.fromarray(grey)
    w_pt, h_pt = picture.width * 72 / dpi, picture.height * 72 / dpi
    res = bounded_resolution(w_pt, h_pt, resolution)
    if res != resolution and warnings is not None:
        warnings.append(f"page {page_number} is {w_pt / 72:.0f} × {h_pt / 72:.0f} inches: drawn at {res:g} dpi "
                        f"instead of {resolution} (images are limited to {MAX_PIXELS // 1_000_000} megapixels)")
    resolution = res
    if round(dpi) != resolution:
        picture = picture.resize((max(1, round(picture.width * resolution / dpi)),
                                  max(1, round(picture.height * resolution / dpi))))
    im = PictureCanvas.over(picture, resolution)
    grids = [g for g in (doc.tables if doc else []) if g.rows and g.rows[0].page == page_number]
    draw_grids(im, grids, row_labels or {})
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
