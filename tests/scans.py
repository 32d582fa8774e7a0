"""Synthetic scanned pages for the OCR tests: a ruled table drawn with PIL, turned by a known angle.

What the tests expect comes from what is drawn here (cell texts, merges, the angle), never from the reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from PIL import Image, ImageDraw, ImageFont

CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


def cjk_font_path() -> str | None:
    for f in CJK_FONTS:
        if Path(f).exists():
            return f
    return None


HEADER = ["专项名称", "序号", "类型", "名称", "一季度", "二季度", "三季度", "四季度", "牵头单位", "责任人"]
WIDTHS_PT = [70, 40, 60, 110, 90, 90, 90, 90, 80, 60]


def table_page(rows: Sequence[Sequence[str]], *, title: str | None = None, angle: float = 0.0, dpi: int = 150,
               merges: dict[tuple[int, int], tuple[int, int]] | None = None, header: bool = True,
               font_pt: float = 10.5, page_pt: tuple[float, float] = (842, 595)) -> Image.Image:
    """A landscape page with an optional title and a ruled table (header row + `rows`, one text line per
    cell). `merges` maps a (row, col) of `rows` to (row_span, col_span): that cell's rectangle covers the
    others, whose texts are not drawn. The page is then turned by `angle` degrees (positive: rules fall to
    the right, as `raster_table.skew_angle` measures them)."""
    path = cjk_font_path()
    assert path, "no CJK font"
    px = dpi / 72
    w, h = round(page_pt[0] * px), round(page_pt[1] * px)
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(path, round(font_pt * px))
    top = 60 * px
    if title:
        big = ImageFont.truetype(path, round(16 * px))
        tw = draw.textlength(title, font=big)
        draw.text(((w - tw) / 2, 30 * px), title, fill=0, font=big)
        top = 70 * px
    all_rows = ([list(HEADER)] if header else []) + [list(r) for r in rows]
    off = 1 if header else 0
    spans = {(r + off, c): s for (r, c), s in (merges or {}).items()}
    xs = [40 * px]
    for cw in WIDTHS_PT:
        xs.append(xs[-1] + cw * px)
    row_h = 26 * px
    ys = [top + i * row_h for i in range(len(all_rows) + 1)]
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(all_rows):
        for c in range(len(WIDTHS_PT)):
            if (r, c) in covered:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            for i in range(r, r + rs):
                for j in range(c, c + cs):
                    covered.add((i, j))
            box = (xs[c], ys[r], xs[c + cs], ys[r + rs])
            draw.rectangle(box, outline=0, width=max(1, round(0.75 * px)))
            text = row[c] if c < len(row) else ""
            if text:
                tw = draw.textlength(text, font=font)
                draw.text(((box[0] + box[2] - tw) / 2, (box[1] + box[3]) / 2 - font.size * 0.6), text, fill=0,
                          font=font)
    if angle:
        # PIL turns counter-clockwise for positive angles; rules then rise to the right, so turn by -angle
        img = img.rotate(-angle, resample=Image.BICUBIC, fillcolor=255)
    return img


def save(img: Image.Image, path: Path, dpi: int = 150) -> Path:
    img.save(path, dpi=(dpi, dpi))
    return path
