"""The document budget as the readers check it: past a budget of `worklist.budget` (the numbers, in one
place), `TooLargeError` (exit 8) naming it, raised before the work it bounds.

Why a module of the readers: the exit code is a reader's (`extract.errors`); the numbers are shared with the
output folder's JSON reader, which must not load the readers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from worklist.budget import (  # noqa: F401 (re-exported: the readers name the budget from here)
    BUDGET, GRID_CELLS, IMAGE_FRAMES, OFD_GLYPHS, OFD_OBJECTS, OFD_TEMPLATE_REFS, PAGE_CELLS, PAGE_EDGES,
    PAGE_PIXELS, PAGE_SIDE, message,
)
from worklist.extract.errors import TooLargeError


def over(name: str, needed: float, where: str = "") -> TooLargeError:
    """The error for work past budget `name` (a key of `BUDGET`): the message names the limit."""
    return TooLargeError(message(name, needed, where))


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
