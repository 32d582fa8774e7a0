"""`worklist inspect` for OFD pages: the page as the reader saw it, drawn on a blank canvas of the page's size.

An OFD page has no rasteriser here (none is packaged for Python), and the point of the picture is to show the
reader's view anyway: the ruling edges it found (grey), each character's box with its text (so the page can
be read), then the detected cells, spans and row labels with the same drawing as PDF pages
(`geometry.draw.draw_grids`). The cells drawn are those of the document as read.
"""

from __future__ import annotations

from pathlib import Path

from worklist.extract.geometry.draw import PictureCanvas, cjk_font, draw_grids, fit_resolution, grids_on
from worklist.extract.grid import RawDocument
from worklist.extract.ofd.reader import open_ofd

_EDGE_COLOUR = (120, 120, 120, 255)
_TEXT_COLOUR = (60, 60, 60, 255)
_CHAR_BOX = (150, 190, 230, 255)


def draw_ofd_page(
    path: str | Path,
    page_number: int,
    out_png: str | Path,
    *,
    doc: RawDocument | None,
    row_labels: dict[tuple[int, int], str] | None = None,
    resolution: int = 100,
    password: str | None = None,
    warnings: list[str] | None = None,
) -> Path:
    """Draw OFD page `page_number` (1-based): rules, characters, then cells/spans/row labels. Returns the PNG.
    The image is bounded in pixels like a PDF page's (`geometry.draw.fit_resolution`)."""
    out = Path(out_png)
    with open_ofd(path) as ofd:
        n = len(ofd.pages)
        if not 1 <= page_number <= n:
            raise ValueError(f"page {page_number} out of range 1..{n}")
        objs = ofd.page_objects(ofd.pages[page_number - 1])
    res = fit_resolution(objs.bbox[2] - objs.bbox[0], objs.bbox[3] - objs.bbox[1], resolution, page_number, warnings)
    im = PictureCanvas.blank(objs.bbox, res)
    for e in objs.edges:
        im.draw.line([im.px(e["x0"], e["top"]), im.px(e["x1"], e["bottom"])], fill=_EDGE_COLOUR, width=1)
    for ch in objs.chars:
        x0, top = im.px(ch["x0"], ch["top"])
        x1, bottom = im.px(ch["x1"], ch["bottom"])
        im.draw.rectangle((x0, top, x1, bottom), outline=_CHAR_BOX, width=1)
        if ch["text"].strip():
            im.draw.text((x0, top), ch["text"], fill=_TEXT_COLOUR, font=cjk_font(max(6, round(bottom - top) - 1)))
    draw_grids(im, grids_on(doc, page_number), row_labels or {})
    out.parent.mkdir(parents=True, exist_ok=True)
    im.save(out)
    return out
