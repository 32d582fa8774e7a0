"""CSV cells that a spreadsheet would run as formulas, made inert — in the CSV files only.

Excel, LibreOffice and WPS evaluate a CSV cell that starts with `=`, `+`, `-` or `@` (and, through tricks,
one starting with a tab or a carriage return): `=HYPERLINK(…)` becomes a link and `=cmd|' /C calc'!A0` a
command. Such a cell gets a leading apostrophe, the OWASP-recommended guard: the spreadsheet shows the text,
and a reader of the CSV strips one leading `'` from a cell whose next character is one of those (that is
the documented rule; `unguard` does it). Parquet and JSON keep the exact text: they are not opened by
spreadsheets, and analysts compare values there.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def guard(text: str | None) -> str | None:
    """The text as it is written into a CSV cell."""
    if text and (text.startswith(FORMULA_STARTS) or _looks_guarded(text)):
        return GUARD + text  # a text that already looks guarded gets one more, so `unguard` restores it
    return text


def _looks_guarded(text: str) -> bool:
    return text.startswith(GUARD) and text[1:].lstrip(GUARD).startswith(FORMULA_STARTS)


def unguard(text: str | None) -> str | None:
    """Inverse of `guard`, for programs that read the CSV back."""
    if text and _looks_guarded(text):
        return text[1:]
    return text
