"""Table rules of a page image: deskew by the rules, find them with morphology, hand them on as PDF edges.

A scanned table is the same ruled table a PDF draws with vector lines, only as pixels and turned by a fraction
of a degree. Once the page is straightened and its rules are found, they are given to the PDF reader's own
table finder in pdfplumber's edge format (`ruling_edges`), so cell rectangles and spans come from one piece of
code for every format. Pure image geometry (OpenCV, numpy): no OCR here.

Lengths are given in points and turned into pixels with the image's resolution, so the rules hold for a
150 dpi photo and a 300 dpi scan alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

MAX_SKEW = 5.0  # degrees: a page turned further is not a skewed table (rotated page, photo at an angle)
MIN_SKEW = 0.03  # degrees: below this rotating costs more than it straightens
H_RULE_MIN = 20.0  # pt: a horizontal rule is longer than a body-text stroke (一 or a dash is ~1 em)
V_RULE_MIN = 12.0  # pt: a vertical rule can be as short as a one-line row; a body-text stroke is shorter
SKEW_RULE_MIN = 1 / 8  # × page width: rules long enough to measure the angle on
THRESH_BLOCK = 12.0  # pt: neighbourhood of the adaptive threshold (paper shade varies over a scan)
THRESH_C = 15  # grey levels darker than the neighbourhood that count as ink
BAND_MAX = 2.0  # pt: a rule is thinner than this (a thicker run is the edge of a filled area)
JOIN = 3.0  # pt: rules closer than this meet (pdfplumber's snap/join/intersection tolerance)
TABLE_MIN = 72.0  # pt: a framework of rules narrower than an inch is a character (初号 is 42 pt), not a table


UPSAMPLE_BELOW = 150.0  # dpi: a coarser page is enlarged before anything looks at it
UPSAMPLE_TO = 200.0  # dpi: ... to this resolution


@dataclass(frozen=True, slots=True)
class Rules:
    """The ruling segments of a straightened page, in pixels: horizontal (x0, x1, y), vertical (y0, y1, x)."""

    horizontal: list[tuple[float, ...]]
    vertical: list[tuple[float, ...]]
    mask: np.ndarray  # the rule pixels (255), to be erased before OCR so no "|" is read from a rule


def _px(pt: float, dpi: float) -> int:
    return max(1, round(pt * dpi / 72))


def upsample(img: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    """A coarse page (OFD producers embed ~96 dpi page images) enlarged to `UPSAMPLE_TO` dpi, with its new
    resolution; a page at `UPSAMPLE_BELOW` dpi or more as it is.

    At 96 dpi a 0.5 pt rule is under one pixel wide and comes out of the scanner's blur as a grey trace that
    the ink threshold breaks into dashes, and a kernel a few pixels long cannot tell it from a stroke; the
    text is 14 px high, where the detector merges neighbouring lines. Cubic interpolation restores neither
    ink nor detail, but it gives the threshold, the morphology and the detector the scale they were made for
    (the recogniser scales every line to its own height anyway)."""
    if dpi >= UPSAMPLE_BELOW or dpi <= 0:
        return img, dpi
    f = UPSAMPLE_TO / dpi
    return cv2.resize(img, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC), UPSAMPLE_TO


def to_grey(img: np.ndarray) -> np.ndarray:
    """One grey channel, whatever the source image was (grey, BGR, BGRA)."""
    if img.ndim == 2:
        return img
    if img.shape[2] == 4:
        return cv2.cvtColor(img, cv2.COLOR_BGRA2GRAY)
    return cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)


def ink(grey: np.ndarray, dpi: float) -> np.ndarray:
    """Ink pixels (255) against the local paper shade: an adaptive threshold copes with uneven scans."""
    block = _px(THRESH_BLOCK, dpi) | 1
    return cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 max(block, 3), THRESH_C)


def _open(mask: np.ndarray, width: int, height: int) -> np.ndarray:
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (width, height)))


def skew_angle(mask: np.ndarray, dpi: float) -> float:
    """The page's turn in degrees (positive: rules fall to the right), from its long horizontal rules.

    Each long run of ink that survives a horizontal opening is a rule; a straight line fitted through its
    pixels gives its slope, and the length-weighted median of the slopes is the page's (text lines and
    stray marks are too short to count). 0.0 when the page shows no long rule."""
    h, w = mask.shape
    lines = _open(mask, _px(H_RULE_MIN, dpi), 1)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    angles: list[float] = []
    weights: list[float] = []
    for i in range(1, n):
        x, y, cw, ch, _area = stats[i]
        if cw < w * SKEW_RULE_MIN:
            continue
        ys, xs = np.nonzero(labels[y:y + ch, x:x + cw] == i)
        slope = float(np.polyfit(xs, ys, 1)[0])
        angle = math.degrees(math.atan(slope))
        if abs(angle) <= MAX_SKEW:
            angles.append(angle)
            weights.append(float(cw))
    if not angles:
        return 0.0
    order = np.argsort(angles)
    cumulative = np.cumsum(np.asarray(weights)[order])
    return float(np.asarray(angles)[order][int(np.searchsorted(cumulative, cumulative[-1] / 2))])


def rotate(img: np.ndarray, angle: float) -> np.ndarray:
    """The image turned back by `angle` degrees about its centre, same size, white where nothing was."""
    if abs(angle) < MIN_SKEW:
        return img
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    white = 255 if img.ndim == 2 else (255,) * img.shape[2]
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=white)


def _segments(mask: np.ndarray, horizontal: bool, band: int) -> list[tuple[float, float, float, float, float]]:
    """Connected runs of a rule mask as (start, end, position, centre x, centre y). A run thicker than `band`
    is no rule: it is the edge of something filled (a photo, a stamp, a dark block), which the adaptive
    threshold outlines with a thick ring."""
    n, _labels, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out: list[tuple[float, float, float, float, float]] = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        cx, cy = (float(v) for v in centroids[i])
        start, end, pos = (x, x + w, cy) if horizontal else (y, y + h, cx)
        if area / max(1, end - start) <= band:  # mean thickness: a slight residual turn does not thicken it
            out.append((float(start), float(end), pos, cx, cy))
    return out


def find_rules(grey: np.ndarray, dpi: float) -> Rules:
    """The rules of the tables on a straightened page.

    Rules are ink that survives an opening with a long thin kernel (text strokes are shorter). Only rules
    that belong to a framework — rules joined to each other (gaps up to `JOIN` bridged), at least two across
    and two down, `TABLE_MIN` wide — are kept: a table's rules always meet, while the long strokes of a big
    title character or an underline stand alone and must stay text."""
    mask = ink(grey, dpi)
    hmask = _open(mask, _px(H_RULE_MIN, dpi), 1)
    vmask = _open(mask, 1, _px(V_RULE_MIN, dpi))
    band = _px(BAND_MAX, dpi)
    hs, vs = _segments(hmask, True, band), _segments(vmask, False, band)
    rules = cv2.bitwise_or(hmask, vmask)
    join = _px(JOIN, dpi) | 1
    joined = cv2.dilate(rules, cv2.getStructuringElement(cv2.MORPH_RECT, (join, join)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)

    def label(seg: tuple[float, ...]) -> int:
        return int(labels[min(int(seg[4]), labels.shape[0] - 1), min(int(seg[3]), labels.shape[1] - 1)])

    h_of = [label(s) for s in hs]
    v_of = [label(s) for s in vs]
    keep = {
        i for i in range(1, n)
        if stats[i][2] >= _px(TABLE_MIN, dpi) and h_of.count(i) >= 2 and v_of.count(i) >= 2
    }
    kept_mask = np.isin(labels, list(keep)) & (rules > 0) if keep else np.zeros_like(rules, dtype=bool)
    return Rules(
        horizontal=[s[:3] for s, i in zip(hs, h_of) if i in keep],
        vertical=[s[:3] for s, i in zip(vs, v_of) if i in keep],
        mask=kept_mask.astype(np.uint8) * 255,
    )


def deskew(img: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    """The page straightened by its rules, and the angle it was turned back by (degrees)."""
    grey = to_grey(img)
    angle = skew_angle(ink(grey, dpi), dpi)
    return rotate(grey, angle), angle


def ruling_edges(rules: Rules, scale: float) -> list[dict[str, Any]]:
    """The rules as pdfplumber edge dicts in points (`scale` = points per pixel), top-left origin: the
    format `geometry.page.page_layouts` reads vector rules in."""
    edges: list[dict[str, Any]] = []
    for x0, x1, y in rules.horizontal:
        a, b, t = x0 * scale, x1 * scale, y * scale
        edges.append({"x0": a, "x1": b, "top": t, "bottom": t, "doctop": t, "width": b - a, "height": 0.0,
                      "orientation": "h", "object_type": "line"})
    for y0, y1, x in rules.vertical:
        a, b, t = x * scale, y0 * scale, y1 * scale
        edges.append({"x0": a, "x1": a, "top": b, "bottom": t, "doctop": b, "width": 0.0, "height": t - b,
                      "orientation": "v", "object_type": "line"})
    return edges
