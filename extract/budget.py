"""The document budget: how much work one document may cost, in one place, each reader checking the same names.

Why: a small file can ask for unbounded work (a 1.4 KB OFD with a 10 m page, `DeltaX="g 1000000000 1"`, one
cell at XFD1048576, `rowspan=0 colspan=1000`, a TIFF of a thousand frames). The zip and stream limits never
see these: the bytes are few, the work they describe is not. Each budget below bounds one kind of work and is
checked *before* that work is done (from the declared sizes, spans, counts), so past it the reader stops
with `TooLargeError` (exit 8) naming the budget — never a quiet truncation.

The input-file limits (size from `stat`) are `extract.limits`; zip and PDF stream limits stay next to their
formats. This module is in the core layer: the grid model and the output folder's JSON reader use it too.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from worklist.extract.errors import CorruptFileError, TooLargeError

MiB = 2**20

# one table: positions of its grid (rows × columns), merged cells counted over every position they span
GRID_CELLS = 4_000_000
# one page picture (OCR input, an OFD page canvas, an image pasted on it, a decoded image file frame)
PAGE_PIXELS = 60_000_000  # an A3 scan at 600 dpi is 70 Mpx as RGB bytes… a real A4 scan at 300 dpi is 8.7 Mpx
PAGE_SIDE = 30_000  # pixels along either side of a page picture
# decoded image frames (pages of TIFFs, image files of a folder) of one document
IMAGE_FRAMES = 500
# OFD, per page: glyph positions after the `g` repeats of DeltaX/DeltaY are expanded
OFD_GLYPHS = 500_000
# OFD, per page: template pages it draws under its content, and objects walked (templates re-walked counted)
OFD_TEMPLATE_REFS = 64
OFD_OBJECTS = 400_000
# PDF/OFD/OCR table finding, per page: ruling edges and candidate cells considered
PAGE_EDGES = 20_000
PAGE_CELLS = 20_000
# a JSON file read back from an output folder (manifests, the nested document JSON)
OUT_JSON_BYTES = 64 * MiB
OUT_JSON_DEPTH = 64

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKETS = re.compile(r"[\[\]{}]")

# The documented budget, by name (the README's limits table says the same; a test keeps them equal).
BUDGET: dict[str, tuple[int, str]] = {
    "grid cells": (GRID_CELLS, "positions of one table (rows × columns, spans counted)"),
    "page pixels": (PAGE_PIXELS, "pixels of one page picture (OCR, OFD canvas, image frame)"),
    "page side": (PAGE_SIDE, "pixels along either side of a page picture"),
    "image frames": (IMAGE_FRAMES, "decoded image frames (pages) of one document"),
    "OFD glyphs": (OFD_GLYPHS, "glyph positions of one OFD page, `g` repeats expanded"),
    "OFD template references": (OFD_TEMPLATE_REFS, "templates one OFD page draws"),
    "OFD objects": (OFD_OBJECTS, "objects walked on one OFD page, templates included"),
    "page edges": (PAGE_EDGES, "ruling edges of one page considered for a table"),
    "page cells": (PAGE_CELLS, "candidate cells of one page's table"),
    "output JSON bytes": (OUT_JSON_BYTES, "size of a JSON file read back from an output folder"),
    "output JSON depth": (OUT_JSON_DEPTH, "nesting of a JSON file read back from an output folder"),
}


def _n(n: float) -> str:
    return f"{n:,.0f}".replace(",", " ")


def over(name: str, needed: float, where: str = "") -> TooLargeError:
    """The error for work past budget `name` (a key of `BUDGET`): the message names the limit."""
    limit, _ = BUDGET[name]
    at = f"{where}: " if where else ""
    return TooLargeError(f"{at}needs {_n(needed)} {name}, over the limit of {_n(limit)} (document budget "
                         f"'{name}')")


def check(name: str, needed: float, where: str = "") -> None:
    """Raise `over(...)` when `needed` exceeds budget `name`; call it before the work `needed` measures."""
    if needed > BUDGET[name][0]:
        raise over(name, needed, where)


@dataclass
class Meter:
    """A running count against one budget (objects walked on a page, frames decoded), charged before each step."""

    name: str
    where: str = ""
    spent: int = 0

    def charge(self, n: int = 1) -> None:
        check(self.name, self.spent + n, self.where)
        self.spent += n


def check_pixels(width: float, height: float, where: str = "") -> None:
    """A picture of width × height pixels is within the page budget (checked before it is allocated); a size
    that is no finite number (an infinite page box) is over it."""
    if not (math.isfinite(width) and math.isfinite(height)):
        raise over("page side", math.inf, where)
    width, height = abs(width), abs(height)
    check("page side", max(width, height), where)
    check("page pixels", width * height, where)


def json_depth(data: bytes | str) -> int:
    """The deepest nesting of `[`/`{` in JSON text, counted on the raw text (strings left out) before parsing,
    so a deeply nested file is refused without recursing."""
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    depth = deepest = 0
    for b in _BRACKETS.findall(_STRINGS.sub("", text)):
        depth += 1 if b in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def loads_bounded(data: bytes | str, where: str = "") -> Any:
    """JSON text within the output-JSON budget (size, then depth, both before parsing), parsed. A file over
    budget raises `TooLargeError`; one that is not JSON raises `CorruptFileError`."""
    check("output JSON bytes", len(data), where)
    depth = json_depth(data)
    if depth > OUT_JSON_DEPTH:
        raise over("output JSON depth", depth, where)
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as e:
        raise CorruptFileError(f"{where + ': ' if where else ''}not valid JSON ({str(e)[:80]})") from None
