"""The document budget: how much work one document may cost, in one place (the numbers and their names).

Why: a small file can ask for unbounded work (a 1.4 KB OFD with a 10 m page, `DeltaX="g 1000000000 1"`, one
cell at XFD1048576, `rowspan=0 colspan=1000`, a TIFF of a thousand frames, a manifest nested 10 000 deep). The
zip and stream limits never see these: the bytes are few, the work they describe is not. Each budget below
bounds one kind of work and is checked *before* that work is done (from declared sizes, spans, counts): the
readers through `worklist.extract.budget` (past it: `TooLargeError`, exit 8, naming the budget), the output
folder's JSON reader through `loads_bounded` here (this module needs nothing from the readers, so `validate`
loads none of them).

The input-file limits (size from `stat`) are `extract.limits`; zip and PDF stream limits stay next to their
formats.
"""

from __future__ import annotations

import json
import re
from typing import Any

MiB = 2**20

# one table: positions of its grid (rows × columns), merged cells counted over every position they span
GRID_CELLS = 4_000_000
# one page picture (OCR input, an OFD page canvas, an image pasted on it, a decoded image file frame)
PAGE_PIXELS = 60_000_000  # an A4 scan at 300 dpi is 8.7 Mpx, an A3 at 400 dpi 31 Mpx
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
PAGE_CELLS = 10_000
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


def message(name: str, needed: float, where: str = "") -> str:
    """The one-line account of work past budget `name` (a key of `BUDGET`), naming the limit."""
    limit, _ = BUDGET[name]
    at = f"{where}: " if where else ""
    return f"{at}needs {_n(needed)} {name}, over the limit of {_n(limit)} (document budget '{name}')"


class OverBudget(ValueError):
    """A file the tool reads back from its output folder that is over the output-JSON budget."""


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
    """JSON text within the output-JSON budget (size, then depth, both before parsing), parsed. Raises
    `OverBudget` past the budget, `ValueError` for text that is not JSON."""
    if len(data) > OUT_JSON_BYTES:
        raise OverBudget(message("output JSON bytes", len(data), where))
    depth = json_depth(data)
    if depth > OUT_JSON_DEPTH:
        raise OverBudget(message("output JSON depth", depth, where))
    try:
        return json.loads(data)
    except RecursionError:
        raise ValueError("nested too deeply") from None
