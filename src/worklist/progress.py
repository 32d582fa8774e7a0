"""Progress of long work inside one document (OCR page by page), for a person watching a terminal.

The readers know how far they are, the command line knows whether anyone is watching: a reader calls
`step(what, done, total)` and the command sets a sink (`set_sink`) only when its stderr is a terminal and it
is not quiet. Without a sink `step` does nothing, so libraries, tests and CI print nothing. A worker forked by
the batch inherits the sink of the command that forked it.
"""

from __future__ import annotations

from typing import Callable

Sink = Callable[[str, int, int], None]  # (what, done, total)

_SINK: list[Sink | None] = [None]


def set_sink(sink: Sink | None) -> None:
    """Where `step` reports (None: nowhere)."""
    _SINK[0] = sink


def step(what: str, done: int, total: int) -> None:
    """`done` of `total` units of `what` (e.g. "OCR pages") are finished."""
    sink = _SINK[0]
    if sink is not None:
        try:
            sink(what, done, total)
        except Exception:  # a progress display must never fail a conversion
            pass
