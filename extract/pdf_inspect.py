"""Draw what the reader saw on a page: cell rectangles, their grid spans, row labels, low OCR confidence.

Backs `worklist inspect NOTICE.pdf --page N -o page.png`: when a row comes out wrong, the picture shows at once
whether the table finder missed a rule, a span was snapped to the wrong edge, or a later step mislabelled it.
The cells drawn are exactly those `read_pdf` returns (same code path), so grid indices match the pipeline's.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from worklist.extract.errors import NoTableError
from worklist.extract.grid import Cell, Grid, RawDocument
from worklist.extract.pdf_reader import open_pdf, read_pdf

_CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
)
_CELL_COLOURS = ((31, 119, 180), (214, 39, 40), (44, 160, 44), (148, 103, 189))
_SPAN_COLOUR = (200, 0, 0)
_LABEL_COLOUR = (0, 100, 0)
_LOW_COLOUR = (255, 140, 0)  # cells and lines read with low OCR confidence


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
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


def page_grids(path: str | Path, page_number: int, password: str | None = None) -> list[Grid]:
    """The grids `read_pdf` returns for one page (none if the document has no table)."""
    try:
        doc = read_pdf(path, password=password)
    except NoTableError:
        return []
    return [g for g in doc.tables if g.rows and g.rows[0].page == page_number]


def draw_page(
    path: str | Path,
    page_number: int,
    out_png: str | Path,
    *,
    row_labels: dict[tuple[int, int], str] | None = None,
    resolution: int = 100,
    password: str | None = None,
    doc: RawDocument | None = None,
) -> Path:
    """Render page `page_number` (1-based) with the detected cells, their spans and optional row labels.

    `row_labels` maps (grid index, grid row) to a label such as the pipeline's row_id; labels are written in
    the left margin beside the row (inside the table if the margin is too narrow). A scanned page (or a page
    image) is drawn as the reader saw it, straightened, with every cell and text line read with low OCR
    confidence outlined in orange and its confidence written beside it. `doc`: the document already read
    (a scan is not OCR'd again). Returns the PNG path.
    """
    from worklist.extract import read_document

    if doc is None:
        try:
            doc = read_document(path, password=password)
        except NoTableError:
            doc = None
    grids = [g for g in (doc.tables if doc else []) if g.rows and g.rows[0].page == page_number]
    scanned = doc is not None and doc.ocr is not None and page_number in doc.ocr["pages"]
    if scanned or (doc is not None and doc.source_format == "image"):
        from worklist.extract.ocr_reader import straightened_page

        grey, dpi = straightened_page(path, page_number, password)
        img = Image.fromarray(grey).convert("RGB")
        if round(dpi) != resolution:
            img = img.resize((max(1, round(img.width * resolution / dpi)), max(1, round(img.height * resolution / dpi))))
        low = [e for e in doc.low_confidence if e["page"] == page_number] if doc else []
        return _draw(img, grids, resolution / 72.0, (0.0, 0.0), row_labels or {}, low, Path(out_png))
    pdf = open_pdf(path, password)
    try:
        n = len(pdf.pages)
        if not 1 <= page_number <= n:
            raise ValueError(f"page {page_number} out of range 1..{n}")
        page = pdf.pages[page_number - 1]
        im = page.to_image(resolution=resolution)
        img = im.original.convert("RGB")
        page.close()
    finally:
        pdf.close()
    return _draw(img, grids, im.scale, im.bbox[:2], row_labels or {}, [], Path(out_png))


def _draw(img: Image.Image, grids: list[Grid], scale: float, origin: tuple[float, float],
          labels: dict[tuple[int, int], str], low: list[dict], out: Path) -> Path:
    """Cells, spans, row labels and low-confidence marks over a page image (`scale` pixels per point)."""
    draw = ImageDraw.Draw(img, "RGBA")
    ox, oy = origin

    def px(x: float, y: float) -> tuple[float, float]:
        return (x - ox) * scale, (y - oy) * scale

    def rect(b: tuple[float, ...] | list[float]) -> tuple[float, float, float, float]:
        return (*px(b[0], b[1]), *px(b[2], b[3]))

    span_font = _font(max(8, round(6 * scale)))
    label_font = _font(max(9, round(7 * scale)))
    for g in grids:
        colour = _CELL_COLOURS[g.index % len(_CELL_COLOURS)]
        for cell in g.cells:
            if cell.bbox is None:
                continue
            draw.rectangle(rect(cell.bbox), fill=colour + (28,), outline=colour + (255,), width=2)
            x, y = px(cell.bbox[0], cell.bbox[1])
            draw.text((x + 3, y + 2), span_label(cell), fill=_SPAN_COLOUR, font=span_font)
        table_left = min((c.bbox[0] for c in g.cells if c.bbox), default=0.0)
        for r, info in enumerate(g.rows):
            text = labels.get((g.index, r))
            if not text or info.top is None:
                continue
            width = draw.textlength(text, font=label_font)
            x, y = px(table_left, info.top)
            lx = x - width - 4 if x - width - 4 >= 0 else x + 3
            box = (lx - 1, y + 1, lx + width + 1, y + 2 + getattr(label_font, "size", 10) * 1.2)
            draw.rectangle(box, fill=(255, 255, 255, 220))
            draw.text((lx, y + 2), text, fill=_LABEL_COLOUR, font=label_font)
    for entry in low:
        if not entry.get("bbox"):
            continue
        x0, y0, x1, y1 = rect(entry["bbox"])
        draw.rectangle((x0, y0, x1, y1), fill=_LOW_COLOUR + (40,), outline=_LOW_COLOUR + (255,), width=3)
        draw.text((x0 + 3, y1 - getattr(span_font, "size", 10) - 3), f"{entry['confidence']:.2f}",
                  fill=_LOW_COLOUR + (255,), font=span_font)
    out.parent.mkdir(parents=True, exist_ok=True)
    img.save(out, format="PNG")
    return out
