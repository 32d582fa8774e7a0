"""`worklist inspect` for OFD pages: the page as the reader saw it, drawn on a blank canvas of the page's size.

An OFD page has no rasteriser here (none is packaged for Python), and the point of the picture is to show the
reader's view anyway: the ruling edges it found (grey), each character's box with its text (so the page can
be read), then the detected cells, spans and row labels with the same drawing as PDF pages
(`pdf_inspect.draw_grids`). The cells drawn are exactly those `read_ofd` returns.
"""

from __future__ import annotations

from pathlib import Path


from worklist.extract.errors import NoTableError
from worklist.extract.grid import Grid
from worklist.extract.ofd_reader import open_ofd, read_ofd
from worklist.extract.pdf_inspect import MAX_PIXELS, PictureCanvas, bounded_resolution, cjk_font, draw_grids

_EDGE_COLOUR = (120, 120, 120, 255)
_TEXT_COLOUR = (60, 60, 60, 255)
_CHAR_BOX = (150, 190, 230, 255)


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
    im = PictureCanvas.blank(objs.bbox, res)
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
