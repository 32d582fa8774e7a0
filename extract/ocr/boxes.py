"""Recognised text lines made faithful to the page, by looking at the ink again.

The recogniser reads characters well but knows little of the page's geometry: it places characters only
roughly, drops the spaces between words set apart by a gap, cannot see whether a comma is the full-width `，`
of Chinese text or the half-width `,` of a Latin one (the source mixes both), takes a lone `/` for a `1`, and
may read one line across a table rule into the next cell. Each of these is decided here from the ink, in
units of the line's own em (its character advance), so the rules hold for any resolution or font size:

- a line crossing a vertical rule is cut there (each piece then lies in one cell);
- a blank run between two characters wider than `SPACE_EM` (more next to digits and Latin) is a space;
- a punctuation mark with a blank of `FULL_WIDTH_EM` or more on its open side (after `，；：）`, before `（`)
  is the full-width form, one without is the half-width form (`PAIRS`);
- a lone stroke leaning `SLASH_SLANT` degrees or more is `/`, whatever it was read as.

Only ink tells: where the measure is not possible (a mark at the end of a line) the recogniser's reading stays.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import replace
from statistics import median
from typing import Any, Sequence

import numpy as np

# A blank this wide (× em) between two characters is a space. Measured on the sample scan (ink blanks in the
# middle of the line, `BAND`): between Han characters no space ≤ 0.26 em, a space ≥ 0.30; next to a Latin
# letter no space ≤ 0.32 and a space ≥ 0.33 (one pixel apart at 168 dpi: 0.30 keeps the spaces); next to a
# digit no space ≤ 0.43, a space ≥ 0.51.
SPACE_EM = 0.28
SPACE_EM_LATIN = 0.30
SPACE_EM_DIGIT = 0.47
FULL_WIDTH_EM = 0.4  # full-width punctuation leaves ≥ 0.6 em blank on its open side, half-width ≤ 0.25 em
BAND = 0.35  # × box height either side of the line's centre: the whole text, not the neighbouring lines
SLASH_SLANT = 10.0  # degrees from upright: a lone straight stroke leaning this much is "/"
STROKE_MIN_ELONGATION = 15.0  # a single straight stroke: its ink is this many times longer than wide
STROKES = frozenset("1lI|丨/\\7")  # what a lone stroke may be read as (a blurred "/" reads as "7")
FLECKS = " .·,"  # what a speck beside a lone stroke is read as
# half-width → full-width, and on which side of the mark the full-width form leaves its blank
PAIRS = {",": ("，", "after"), ";": ("；", "after"), ":": ("：", "after"), ")": ("）", "after"),
         "!": ("！", "after"), "?": ("？", "after"), "(": ("（", "before")}
HALF = {full: (half, side) for half, (full, side) in PAIRS.items()}
PUNCTUATION = frozenset(PAIRS) | frozenset(HALF) | frozenset("。、．.“”‘’\"'《》〈〉「」『』【】〔〕[]{}—–-…·/\\")

Char = tuple[str, float, float, float]  # (text, x0, x1, conf) in image pixels


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def split_at_rules(box: Any, vertical: Sequence[tuple[float, ...]], margin: float = 2.0) -> list[Any]:
    """A line read across vertical rules, cut into one line per cell (`vertical`: (y0, y1, x) in pixels)."""
    cy = (box.top + box.bottom) / 2
    cuts = sorted(x for y0, y1, x in vertical if y0 <= cy <= y1 and box.x0 + margin < x < box.x1 - margin)
    if not cuts or not box.chars:
        return [box]
    pieces: list[list[Char]] = [[] for _ in range(len(cuts) + 1)]
    for ch in box.chars:
        centre = (ch[1] + ch[2]) / 2
        pieces[sum(1 for x in cuts if centre > x)].append(ch)
    bounds = [box.x0, *cuts, box.x1]
    out = []
    for i, chars in enumerate(pieces):
        text = "".join(c[0] for c in chars).strip()
        if text:
            out.append(replace(box, text="".join(c[0] for c in chars), x0=bounds[i], x1=bounds[i + 1],
                               conf=min([box.conf] + [c[3] for c in chars]), chars=tuple(chars)))
    return out or [box]


def ink_runs(ink: np.ndarray, box: Any) -> list[tuple[int, int]]:
    """Column runs [start, end) of ink in the middle band of a line's box (absolute pixel columns)."""
    h = box.bottom - box.top
    cy = (box.top + box.bottom) / 2
    y0, y1 = max(0, int(cy - BAND * h)), min(ink.shape[0], int(cy + BAND * h) + 1)
    x0, x1 = max(0, int(box.x0)), min(ink.shape[1], int(math.ceil(box.x1)) + 1)
    if y1 <= y0 or x1 <= x0:
        return []
    cols = np.asarray(ink[y0:y1, x0:x1] > 0).any(axis=0)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], cols.astype(np.int8), [0]))))
    return [(int(s) + x0, int(e) + x0) for s, e in zip(edges[::2], edges[1::2])]


def _units(c: str) -> float:
    """A character's advance in em: Han and full-width forms one, digits, Latin and half-width marks half."""
    return 1.0 if _is_han(c) or unicodedata.east_asian_width(c) in ("W", "F") or c in "“”‘’" else 0.5


def line_em(box: Any, runs: Sequence[tuple[int, int]]) -> float | None:
    """The character advance of a line that is mostly Chinese (four Han characters at least): its ink width
    over its width in em (`_units`)."""
    text = box.text.replace(" ", "")
    if sum(1 for c in text if _is_han(c)) < 4 or not runs:
        return None
    return (runs[-1][1] - runs[0][0]) / (sum(_units(c) for c in text) - 0.15)


def page_em(lines: Sequence[tuple[Any, list[tuple[int, int]]]]) -> float | None:
    """The body text's advance on a page: the median of its lines' (lines too short to measure borrow it)."""
    ems = [em for box, runs in lines if (em := line_em(box, runs))]
    return median(ems) if ems else None


def _run_of(runs: Sequence[tuple[int, int]], x: float) -> int | None:
    """Index of the ink run at (or nearest to) column x."""
    if not runs:
        return None
    return min(range(len(runs)), key=lambda i: 0.0 if runs[i][0] <= x <= runs[i][1]
               else min(abs(runs[i][0] - x), abs(runs[i][1] - x)))


def _blank(runs: Sequence[tuple[int, int]], i: int, side: str) -> int | None:
    if side == "after":
        return runs[i + 1][0] - runs[i][1] if i + 1 < len(runs) else None
    return runs[i][0] - runs[i - 1][1] if i > 0 else None


def punctuation_width(chars: list[Char], runs: Sequence[tuple[int, int]], em: float) -> list[Char]:
    """Full-width or half-width, as the blank on the mark's open side shows (`PAIRS`); a bracket whose side
    cannot be measured (at the end of a line) takes the form of its measured partner (`pair_brackets`)."""
    out = []
    measured: set[int] = set()
    for k, (c, x0, x1, conf) in enumerate(chars):
        if c in PAIRS or c in HALF:
            full, half, side = (PAIRS[c][0], c, PAIRS[c][1]) if c in PAIRS else (c, HALF[c][0], HALF[c][1])
            i = _run_of(runs, (x0 + x1) / 2)
            blank = _blank(runs, i, side) if i is not None else None
            if blank is not None:
                c = full if blank >= FULL_WIDTH_EM * em else half
                measured.add(k)
        out.append((c, x0, x1, conf))
    return pair_brackets(out, measured)


BRACKETS = {"(": ")", "（": "）", "[": "]", "［": "］", "〔": "〕", "【": "】"}
_CLOSERS = {v: k for k, v in BRACKETS.items()}
_KIND = {"(": "round", "（": "round", "[": "square", "［": "square", "〔": "square", "【": "square"}


def pair_brackets(chars: list[Char], measured: set[int] = frozenset()) -> list[Char]:  # type: ignore[assignment]
    """A closing bracket matches its opening one: `〔2024]` is `〔2024〕`. Of a pair of round brackets whose
    forms disagree, the measured one decides (neither measured: left as read)."""
    out = list(chars)
    stack: list[int] = []
    for k, (c, *_rest) in enumerate(out):
        if c in BRACKETS:
            stack.append(k)
        elif c in _CLOSERS and stack:
            o = stack.pop()
            opener = out[o][0]
            if _KIND[opener] != _KIND[_CLOSERS[c]] or BRACKETS[opener] == c:
                continue
            if _KIND[opener] == "square" or (o in measured and k not in measured):
                out[k] = (BRACKETS[opener],) + tuple(out[k][1:])  # type: ignore[assignment]
            elif k in measured and o not in measured:
                out[o] = (_CLOSERS[c],) + tuple(out[o][1:])  # type: ignore[assignment]
    return out


def _space_em(a: str, b: str) -> float:
    """The blank (× em) that makes a space between characters a and b: wider next to digits and Latin
    letters, whose narrow glyphs stand in wide side bearings (`SPACE_EM_*`)."""
    if a.isdigit() or b.isdigit():
        return SPACE_EM_DIGIT
    if (a.isascii() and a.isalpha()) != (b.isascii() and b.isalpha()):
        return SPACE_EM_LATIN
    return SPACE_EM


def spaces(chars: list[Char], runs: Sequence[tuple[int, int]], em: float) -> list[Char]:
    """Characters with a " " inserted wherever the ink shows a space: each blank run between two ink runs
    is given to the character boundary nearest to it, and is a space there when it is wide enough for the
    two characters (`_space_em`; punctuation keeps its own blank). At most one space per boundary."""
    bounds = [((a[2] + b[1]) / 2, i) for i, (a, b) in enumerate(zip(chars, chars[1:]))]
    spaced: set[int] = set()
    for k in range(len(runs) - 1):
        start, end = runs[k][1], runs[k + 1][0]
        width = end - start
        if not bounds or width < SPACE_EM * em:
            continue
        centre = (start + end) / 2
        x, i = min(bounds, key=lambda bi: abs(bi[0] - centre))
        a, b = chars[i][0], chars[i + 1][0]
        if abs(x - centre) > 0.5 * em or a in PUNCTUATION or b in PUNCTUATION or not a.strip() or not b.strip():
            continue
        if width >= _space_em(a, b) * em:
            spaced.add(i)
    out: list[Char] = []
    for i, ch in enumerate(chars):
        out.append(ch)
        if i in spaced:
            x = (ch[2] + chars[i + 1][1]) / 2
            out.append((" ", x, x, min(ch[3], chars[i + 1][3])))
    return out


FLECK = frozenset(".．")  # a speck of the scan is read as a full stop
CJK_CLOSE = frozenset("。，、；：！？”’）》」』】〕")


def _cjk_side(c: str | None) -> bool:
    """Whether a neighbour of a "." is Chinese text (or nothing: the line's end)."""
    return c is None or _is_han(c) or c in CJK_CLOSE


def drop_flecks(chars: list[Char]) -> tuple[list[Char], int]:
    """A half-width "." with Chinese text on both sides (or Chinese before it and the line's end after) is a
    speck of the scan: Chinese text ends a sentence with 。, and a "." stands only beside digits and Latin
    (`1.继续`, `4.12`, `Mr.`), which keep theirs. Returns the characters without the specks and how many
    were dropped (the reader names them in a warning)."""
    out: list[Char] = []
    dropped = 0
    text = [c[0] for c in chars]
    for k, ch in enumerate(chars):
        if ch[0] in FLECK:
            before = next((t for t in reversed(text[:k]) if t.strip()), None)
            after = next((t for t in text[k + 1:] if t.strip()), None)
            if before is not None and _cjk_side(before) and _cjk_side(after) and after not in FLECK:
                dropped += 1
                continue
        out.append(ch)
    return out, dropped


def stroke_slant(ink: np.ndarray, box: Any) -> tuple[float, float]:
    """(slant in degrees from upright, positive when the top leans right; elongation) of the ink in a box."""
    import cv2

    sub = np.ascontiguousarray(ink[max(0, int(box.top)):int(box.bottom) + 1, max(0, int(box.x0)):int(box.x1) + 1])
    if sub.size:  # the stroke is the box's largest blob: a speck beside it would widen the measure
        n, labels, stats, _ = cv2.connectedComponentsWithStats((sub > 0).astype(np.uint8), connectivity=8)
        if n > 2:
            sub = labels == 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    ys, xs = np.nonzero(sub)
    if len(xs) < 5:
        return 0.0, 0.0
    evals, evecs = np.linalg.eigh(np.cov(np.vstack([xs, ys])))
    vx, vy = evecs[:, 1]
    slant = (math.degrees(math.atan2(vx, -vy)) + 90) % 180 - 90  # image y runs down
    return slant, float(evals[1] / max(evals[0], 1e-6))


def lone_stroke(box: Any, ink: np.ndarray) -> Any:
    """A line that is one straight stroke: "/" when it leans right by `SLASH_SLANT` or more."""
    core = box.text.strip(FLECKS)
    if core not in STROKES or len(core) != 1:
        return box
    slant, elongation = stroke_slant(ink, box)
    if elongation >= STROKE_MIN_ELONGATION and slant >= SLASH_SLANT and box.text.strip() != "/":
        x0, x1 = box.chars[0][1], box.chars[-1][2]  # one stroke: the speck read beside it is not a character
        conf = min([c[3] for c in box.chars] or [box.conf])
        return replace(box, text="/", chars=(("/", x0, x1, conf),) if box.chars else ())
    return box


def refine(boxes: Sequence[Any], ink: np.ndarray, vertical: Sequence[tuple[float, ...]],
           em: float | None = None, flecks: list[str] | None = None) -> tuple[list[Any], float | None]:
    """All the repairs above, for the lines of one page (`ink`: the page's ink mask, rules erased); returns
    the lines and the page's em (`em` given: lines too short to measure use it). `flecks` receives each line
    a speck was dropped from (`drop_flecks`), as read."""
    pieces = [p for b in boxes for p in split_at_rules(b, vertical)]
    measured = [(b, ink_runs(ink, b)) for b in pieces]
    em_page = page_em(measured) or em
    out = []
    for box, runs in measured:
        box = lone_stroke(box, ink)
        line = line_em(box, runs) or em_page
        if line and box.chars:
            kept, dropped = drop_flecks(list(box.chars))
            if dropped and flecks is not None:
                flecks.append(box.text)
            chars = spaces(punctuation_width(kept, runs, line), runs, line)
            box = replace(box, text="".join(c[0] for c in chars), chars=tuple(chars))
        out.append(box)
    return out, em_page
