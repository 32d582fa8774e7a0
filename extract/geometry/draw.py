"""Draw what a paged reader saw on a page: cell rectangles, their grid spans, and row labels — the drawing
shared by PDF pages (`extract.pdf.inspect`, over the rendered page), OFD pages (`extract.ofd.inspect`, on a
canvas of the page) and scanned pages (`extract.ocr.inspect`, over the straightened page); `extract.inspect`
picks one by the file's format.

Backs `worklist inspect NOTICE.pdf --page N -o page.png`: when a row comes out wrong, the picture shows at once
whether the table finder missed a rule, a span was snapped to the wrong edge, or a later step mislabelled it.
Cells left open at the page edge (printed pages: no rule where the break cuts them) are drawn with a dashed
orange side; a row joined across the break carries its row label on both pages ("row 12" / "row 12 (cont.)").
The cells drawn are exactly those the reader returns (the document read once), so grid indices match the
pipeline's.

The image is bounded in pixels, not inches: a page may be 200 × 200 inches (PDF allows it, and more with a
large MediaBox), which at 100 dpi is 400 megapixels, gigabytes once rendered. Past `MAX_PIXELS` (or
`MAX_SIDE` along one side) the resolution is lowered to fit, with a warning.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import ImageFont

from worklist.extract.grid import Cell, Grid, RawDocument

_CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
)
MAX_PIXELS = 25_000_000  # ~100 MB as RGBA: an A3 page at 350 dpi, an A4 page at 500 dpi
MAX_SIDE = 20_000  # pixels along either side
_CELL_COLOURS = ((31, 119, 180), (214, 39, 40), (44, 160, 44), (148, 103, 189))
_SPAN_COLOUR = (200, 0, 0)
_LABEL_COLOUR = (0, 100, 0)
_OPEN_COLOUR = (255, 127, 14)  # a cell side no rule closes: the cell continues across the page break


@lru_cache(maxsize=8)
def cjk_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A font that can draw Chinese row labels if the system has one; Pillow's default otherwise."""
    for candidate in _CJK_FONTS:
        try:
            return ImageFont.truetype(candidate, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def span_label(cell: Cell) -> str:
    """'r2-4 c5-7' for a merged cell, 'r2 c5' for a single one (0-based grid positions, inclusive)."""
    rows = f"r{cell.row}" if cell.row_span == 1 else f"r{cell.row}-{cell.last_row}"
    cols = f"c{cell.col}" if cell.col_span == 1 else f"c{cell.col}-{cell.last_col}"
    return f"{rows} {cols}"


def bounded_resolution(width_pt: float, height_pt: float, resolution: float) -> float:
    """The resolution (dpi) at which a page of this size in points stays within `MAX_PIXELS` and `MAX_SIDE`:
    `resolution` itself when it does."""
    w_in, h_in = max(width_pt, 1.0) / 72, max(height_pt, 1.0) / 72
    res = float(resolution)
    if w_in * h_in * res * res > MAX_PIXELS:
        res = math.sqrt(MAX_PIXELS / (w_in * h_in))
    if max(w_in, h_in) * res > MAX_SIDE:
        res = MAX_SIDE / max(w_in, h_in)
    return res if res == resolution else math.floor(res * 100) / 100


def dashed_line(draw: Any, start: tuple[float, float], end: float, colour: tuple[int, ...], width: int,
                dash: float) -> None:
    """A horizontal dashed line from `start` to x = `end` (PIL draws no dashes)."""
    x, y = start
    while x < end:
        draw.line([(x, y), (min(x + dash, end), y)], fill=colour, width=width)
        x += 2 * dash


def open_sides_of(cell: Cell) -> list[str]:
    """The sides of a cell that no rule closes at the page edge: 'top', 'bottom'."""
    return [side for side, is_open in (("top", cell.open_top), ("bottom", cell.open_bottom)) if is_open]


class PictureCanvas:
    """The part of pdfplumber's PageImage that `draw_grids` uses, over any picture of a page whose top-left
    corner is the point `bbox[:2]` (points → pixels at `resolution`): an OFD page drawn on white, a scanned
    page as the OCR reader straightened it."""

    def __init__(self, picture: Any, bbox: tuple[float, float, float, float], resolution: float) -> None:
        from PIL import ImageDraw

        self.bbox = bbox
        self.scale = resolution / 72
        self.annotated = picture.convert("RGB")
        self.draw = ImageDraw.Draw(self.annotated, "RGBA")

    @classmethod
    def blank(cls, bbox: tuple[float, float, float, float], resolution: float) -> "PictureCanvas":
        """A white canvas of the page's size."""
        from PIL import Image

        scale = resolution / 72
        size = (max(1, round((bbox[2] - bbox[0]) * scale)), max(1, round((bbox[3] - bbox[1]) * scale)))
        return cls(Image.new("RGB", size, "white"), bbox, resolution)

    @classmethod
    def over(cls, picture: Any, resolution: float) -> "PictureCanvas":
        """A page picture whose pixel (0, 0) is the point (0, 0)."""
        scale = resolution / 72
        return cls(picture, (0.0, 0.0, picture.width / scale, picture.height / scale), resolution)

    def px(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.bbox[0]) * self.scale, (y - self.bbox[1]) * self.scale

    def draw_rect(self, bbox: Any, fill: Any = None, stroke: Any = None, stroke_width: int = 1) -> None:
        self.draw.rectangle((*self.px(bbox[0], bbox[1]), *self.px(bbox[2], bbox[3])), fill=fill, outline=stroke,
                            width=stroke_width)

    def save(self, out: Path) -> None:
        self.annotated.save(out, format="PNG")


def draw_grids(im: Any, grids: list[Grid], labels: dict[tuple[int, int], str]) -> None:
    """Cells (tinted, outlined), their span labels and the row labels onto a page image; `im` is pdfplumber's
    PageImage or anything with its `scale`, `bbox`, `draw` (PIL ImageDraw) and `draw_rect`.

    A cell side that no rule of the page closes (the reader closed it at the table's extent: the cell
    continues on the previous/next page) is drawn dashed in orange, with a note on the first such cell."""
    scale, (ox, oy) = im.scale, im.bbox[:2]

    def px(x: float, y: float) -> tuple[float, float]:
        return (x - ox) * scale, (y - oy) * scale

    span_font = cjk_font(max(8, round(6 * scale)))
    label_font = cjk_font(max(9, round(7 * scale)))
    for g in grids:
        colour = _CELL_COLOURS[g.index % len(_CELL_COLOURS)]
        open_at: dict[str, float] = {}  # side -> y (pixels) of the table's open edge
        for cell in g.cells:
            if cell.bbox is None:
                continue
            im.draw_rect(cell.bbox, fill=colour + (28,), stroke=colour + (255,), stroke_width=2)
            x, y = px(cell.bbox[0], cell.bbox[1])
            im.draw.text((x + 3, y + 2), span_label(cell), fill=_SPAN_COLOUR, font=span_font)
            for side in open_sides_of(cell):
                x0, y0 = px(cell.bbox[0], cell.bbox[1] if side == "top" else cell.bbox[3])
                x1, _ = px(cell.bbox[2], 0)
                dashed_line(im.draw, (x0, y0), x1, _OPEN_COLOUR + (255,), max(3, round(scale * 1.5)), 3 * scale)
                open_at[side] = y0
        table_right = px(max((c.bbox[2] for c in g.cells if c.bbox), default=0.0), 0)[0]
        for side, y0 in open_at.items():  # one note per open edge, at the table's right end
            note = "continues from the previous page" if side == "top" else "continues on the next page"
            ty = y0 + 3 if side == "top" else y0 - 4 - getattr(span_font, "size", 10)
            tx = table_right - im.draw.textlength(note, font=span_font) - 3
            im.draw.rectangle((tx - 1, ty, tx + im.draw.textlength(note, font=span_font) + 1,
                               ty + getattr(span_font, "size", 10) + 2), fill=(255, 255, 255, 230))
            im.draw.text((tx, ty), note, fill=_OPEN_COLOUR + (255,), font=span_font)
        table_left = min((c.bbox[0] for c in g.cells if c.bbox), default=0.0)
        for r, info in enumerate(g.rows):
            text = labels.get((g.index, r))
            if not text or info.top is None:
                continue
            width = im.draw.textlength(text, font=label_font)
            x, y = px(table_left, info.top)
            lx = x - width - 4 if x - width - 4 >= 0 else x + 3
            box = (lx - 1, y + 1, lx + width + 1, y + 2 + getattr(label_font, "size", 10) * 1.2)
            im.draw.rectangle(box, fill=(255, 255, 255, 220))
            im.draw.text((lx, y + 2), text, fill=_LABEL_COLOUR, font=label_font)


def fit_resolution(width_pt: float, height_pt: float, resolution: int, page_number: int,
                   warnings: list[str] | None) -> float:
    """`bounded_resolution`, with the lowering said in `warnings`."""
    res = bounded_resolution(width_pt, height_pt, resolution)
    if res != resolution and warnings is not None:
        warnings.append(f"page {page_number} is {width_pt / 72:.0f} × {height_pt / 72:.0f} inches: drawn at "
                        f"{res:g} dpi instead of {resolution} (images are limited to {MAX_PIXELS // 1_000_000} "
                        "megapixels)")
    return res


def grids_on(doc: RawDocument | None, page_number: int) -> list[Grid]:
    """The grids a document read has on one page (its first row's page)."""
    return [g for g in (doc.tables if doc else []) if g.rows and g.rows[0].page == page_number]
