"""序号 as offices print it: a label with a number inside, read into (seq, sub).

Offices number their rows in several habits: `1`, `1.`, `（1）`, `一、`, `（一）`, `①`, `第3项`, and two-level
labels for items numbered inside an item, `1-1`, `1-2`, `1.1`, `1．2`. The printed label is kept as it is
(`items.seq_label`); these rules say which number it carries. They are about the shape of the label only,
so a new office's list reads the same way:

- full-width digits and punctuation, circled and parenthesised numbers (`①`, `⑴`, `⒈`) are read through
  Unicode compatibility forms (NFKC: `①` is `1`, `（一）` is `(一)`);
- a label with two numbers joined by `-`, `.`, `—` or `_` is (seq, sub): `1-2` → (1, 2);
- a label with one number (Arabic or a Chinese numeral, in brackets or followed by `、`/`.`) is (seq, None):
  the sub-number of such a row comes from the merged cells, not from the label.

Anything else (`★`, `3-1-2`, a word) is not a 序号: None.
"""

from __future__ import annotations

import re
import unicodedata

from worklist.vocabulary.fields import parse_seq
from worklist.vocabulary.text import squash

_TWO_LEVEL = re.compile(r"^[(]?(\d{1,6})\s*[-—–.·_]\s*(\d{1,6})[).、]?$")
_ORDINAL = re.compile(r"^第(.+?)[项条个]?$")


def parse_seq_label(label: str) -> tuple[int, int | None] | None:
    """(seq, sub) of a printed 序号; sub is None when the label carries one number only."""
    s = unicodedata.normalize("NFKC", squash(label or ""))
    if not s:
        return None
    m = _TWO_LEVEL.match(s)
    if m:
        seq, sub = int(m.group(1)), int(m.group(2))
        return (seq, sub) if seq >= 1 and sub >= 1 else None
    m = _ORDINAL.match(s)
    if m:
        s = m.group(1)
    n = parse_seq(s)
    return (n, None) if n is not None and n >= 1 else None
