"""Clipping paths: what a PDF paints outside its clipping path is not on the printed page.

pdfminer ignores clipping (`W`/`W*` are no-ops), so text that a program draws and clips away is read as if it
were visible. Spreadsheet printing does this routinely: LibreOffice Calc prints a merged cell's text at the
middle of the whole merged range on every page the range touches, each copy clipped to the part of the range
on that page. On the other pages the copy lands under the repeated header rows or below the table: invisible
on paper, but read by pdfminer as a header named `名称建设基层医疗卫生机构…` or as "text between tables".

Here the interpreter keeps the clipping path as a device-space box (the bounding box of the path, so never
smaller than the real clipping region: nothing visible is ever dropped) through q/Q and into form XObjects,
and the device drops chars whose centre lies outside it and paths that lie wholly outside it.
"""

from __future__ import annotations

from typing import Any

from pdfminer.layout import LTChar, LTPage
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.utils import apply_matrix_pt
from pdfplumber.page import Page, PDFPageAggregatorWithMarkedContent

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in device space (PDF user space of the page)


def intersect(a: Box | None, b: Box) -> Box:
    """The intersection of two boxes (None: no clipping yet). An empty result keeps x0 > x1 or y0 > y1."""
    if a is None:
        return b
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


def overlaps(clip: Box, box: Box) -> bool:
    return box[0] <= clip[2] and box[2] >= clip[0] and box[1] <= clip[3] and box[3] >= clip[1]


class ClipAwareAggregator(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's layout device, dropping chars and paths that the current clipping box hides."""

    clip: Box | None = None
    hidden_chars: int = 0

    def render_char(self, *args: Any, **kwargs: Any) -> float:  # type: ignore[override]
        adv = super().render_char(*args, **kwargs)
        clip = self.clip
        if clip is not None:
            objs = self.cur_item._objs  # pdfplumber's own hook reads the item just added the same way
            ch = objs[-1] if objs else None
            if isinstance(ch, LTChar):
                x, y = (ch.x0 + ch.x1) / 2, (ch.y0 + ch.y1) / 2  # inline: this runs once per char
                if not (clip[0] <= x <= clip[2] and clip[1] <= y <= clip[3]):
                    objs.pop()
                    self.hidden_chars += 1
        return adv

    def paint_path(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        objs = self.cur_item._objs
        n0 = len(objs)
        super().paint_path(*args, **kwargs)
        clip = self.clip
        if clip is not None and len(objs) > n0:
            objs[n0:] = [o for o in objs[n0:] if overlaps(clip, (o.x0, o.y0, o.x1, o.y1))]


class ClipInterpreter(PDFPageInterpreter):
    """pdfminer's interpreter that tracks the clipping box in the graphics state and tells the device."""

    def __init__(self, rsrcmgr: Any, device: ClipAwareAggregator, clip: Box | None = None) -> None:
        super().__init__(rsrcmgr, device)
        self.clip = clip
        self.clip_device = device

    def dup(self) -> "ClipInterpreter":
        return self.__class__(self.rsrcmgr, self.clip_device, self.clip)  # a form XObject starts clipped as its caller

    def init_state(self, ctm: Any) -> None:
        super().init_state(ctm)
        self.clip_device.clip = self.clip

    def get_current_state(self) -> Any:
        return (*super().get_current_state(), self.clip)

    def set_current_state(self, state: Any) -> None:
        super().set_current_state(state[:3])
        self.clip = state[3] if len(state) > 3 else None
        self.clip_device.clip = self.clip

    def do_W(self) -> None:
        self._clip_to_path()

    def do_W_a(self) -> None:
        self._clip_to_path()

    def do_Do(self, xobjid_arg: Any) -> None:
        super().do_Do(xobjid_arg)
        self.clip_device.clip = self.clip  # the form may have narrowed the device's box; ours is unchanged

    def _clip_to_path(self) -> None:
        pts = [apply_matrix_pt(self.ctm, (float(seg[i]), float(seg[i + 1])))
               for seg in self.curpath for i in range(1, len(seg) - 1, 2)
               if isinstance(seg[i], (int, float)) and isinstance(seg[i + 1], (int, float))]
        if not pts:
            return
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        self.clip = intersect(self.clip, (min(xs), min(ys), max(xs), max(ys)))
        self.clip_device.clip = self.clip


def clipped_layout(page: Page) -> tuple[LTPage, int]:
    """The page's layout objects without what its clipping paths hide, and how many chars were hidden.

    Cached on the page as pdfplumber's own layout, so `page.chars` and friends agree with the reader."""
    device = ClipAwareAggregator(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    ClipInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    layout = device.get_result()
    page._layout = layout  # type: ignore[attr-defined]
    return layout, device.hidden_chars
