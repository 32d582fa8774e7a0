"""`worklist inspect` for OFD pages: the page as the reader saw it, drawn on a blank canvas of the page's size.

An OFD page has no rasteriser here (none is packaged for Python), and the point of the picture is to show the
reader's view anyway: the ruling edges it found (grey), each character's box with its text (so the page can
be read), then the detected cells, spans and row labels with the same drawing as PDF pages
(`pdf_inspect.draw_grids`). The cells drawn are exactly those `read_ofd` returns.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from worklist.extract.errors import NoTableError
from worklist.extract.grid import Grid
from worklist.extract.ofd_reader import open_ofd, read_ofd
from worklist.extract.pdf_inspect import MAX_PIXELS, bounded_resolution, cjk_font, draw_grids

_EDGE_COLOUR = (120, 120, 120, 255)
_TEXT_COLOUR = (60, 60, 60, 255)
_CHAR_BOX = (150, 190, 230, 255)


class CanvasImage:
    """The part of pdfplumber's PageImage that `draw_grids` uses, over a white canvas (points → pixels)."""

    def __init__(self, bbox: tuple[float, float, float, float], resolution: int) -> None:
        self.bbox = bbox
        self.scale = resolution / 72
        size = (max(1, round((bbox[2] - bbox[0]) * self.scale)), max(1, round((bbox[3] - bbox[1]) * self.scale)))
        self.annotated = Image.new("RGB", size, "white")
        self.draw = ImageDraw.Draw(self.annotated, "RGBA")

    def px(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.bbox[0]) * self.scale, (y - self.bbox[1]) * self.scale

    def draw_rect(self, bbox: tuple[float, float, float, float], fill: Any = None, stroke: Any = None,
                  stroke_width: int = 1) -> None:
        x0, y0 = self.px(bbox[0], bbox[1])
        x1, y1 = self.px(bbox[2], bbox[3])
        self.draw.rectangle((x0, y0, x1, y1), fill=fill, outline=stroke, width=stroke_width)

    def save(self, out: Path) -> None:
        self.annotated.save(out, format="PNG")


def draw_ofd_page(
    path: str | Path,
    page_number: int,
    out_png: str | Path,
    *,
    row_labels: dict[tuple[int, int], str] | None = None,
    resolution: int = 100,
    warnings: list[str] | None = None,
) -> Path:
    """Draw OFD page `page_number` (1-based): rules, characters, then cells/spans/row labels. Returns the PNG.
    The image is bounded in pixels like a PDF page's (`pdf_inspect.bounded_resolution`)."""
    out = Path(out_png)
    with open_ofd(path) as doc:
        n = len(doc.pages)
        if not 1 <= page_number <= n:
            raise ValueError(f"page {page_number} out of range 1..{n}")
        objs = doc.page_objects(doc.pages[page_number - 1])
    res = bounded_resolution(objs.bbox[2] - objs.bbox[0], objs.bbox[3] - objs.bbox[1], resolution)
    if res != resolution and warnings is not None:
        warnings.append(f"page {page_number} drawn at {res:g} dpi instead of {resolution} (images are limited to "
                        f"{MAX_PIXELS // 1_000_000} megapixels)")
    im = CanvasImage(objs.bbox, res)
    for e in objs.edges:
        im.draw.line([im.px(e["x0"], e["top"]), im.px(e["x1"], e["bottom"])], fill=_EDGE_COLOUR, width=1)
    for ch in objs.chars:
        x0, top = im.px(ch["x0"], ch["top"])
        x1, bottom = im.px(ch["x1"], ch["bottom"])
        im.draw.rectangle((x0, top, x1, bottom), outline=_CHAR_BOX, width=1)
        if ch["text"].strip():
            im.draw.text((x0, top), ch["text"], fill=_TEXT_COLOUR, font=cjk_font(max(6, round(bottom - top) - 1)))
    draw_grids(im, _page_grids(path, page_number), row_labels or {})
    out.parent.mkdir(parents=True, exist_ok=True)
    im.save(out)
    return out


def _page_grids(path: str | Path, page_number: int) -> list[Grid]:
    try:
        doc = read_ofd(path)
    except NoTableError:
        return []
    return [g for g in doc.tables if g.rows and g.rows[0].page == page_number]
