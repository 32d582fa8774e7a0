"""Text that is not text: glyphs without a Unicode mapping, found in what a reader produced.

A PDF whose fonts have no ToUnicode map (Type3 fonts, some subset fonts) gives pdfminer nothing but
`(cid:N)` placeholders; fonts with a custom encoding give private-use code points; a damaged text file gives
control characters. Written as data, such a document passes every check and means nothing. So: counted in
every document (`RawDocument.unmapped_chars`, with a warning naming the cells), and when they fill more than
a few cells, the document is refused with `UnmappedTextError` (exit 7, `unmapped_text=True`: an OCR step
can take it from there). Format-agnostic: it looks at the grid model only.
"""

from __future__ import annotations

import re
import unicodedata

from worklist.extract.errors import UnmappedTextError
from worklist.extract.grid import RawDocument

_CID = re.compile(r"\(cid:\d+\)")
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")  # layout: tabs, line ends, the form feed of a page break
MAX_BAD_CELLS = 3  # "a few": a check mark in a symbol font here and there is not a broken document
BAD_CELL_SHARE = 0.2  # … unless they are this share of the non-empty cells or more


def _is_unmapped(ch: str) -> bool:
    cp = ord(ch)
    if 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000 or cp == 0xFFFD:  # private use (BMP, planes 15-16), �
        return True
    return ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"


def count_unmapped(text: str) -> tuple[int, int, str]:
    """(unmapped characters, mapped non-space characters, dominant kind) of a text; a `(cid:N)` counts as
    one character."""
    cids = len(_CID.findall(text))
    rest = _CID.sub("", text) if cids else text
    pua = ctrl = ok = 0
    for ch in rest:
        if _is_unmapped(ch):
            if unicodedata.category(ch) == "Cc":
                ctrl += 1
            else:
                pua += 1
        elif not ch.isspace():
            ok += 1
    kind = max((cids, "(cid:N) placeholders"), (pua, "private-use characters"), (ctrl, "control characters"))[1]
    return cids + pua + ctrl, ok, kind


def check_unmapped(doc: RawDocument) -> RawDocument:
    """Count unmapped characters into `doc`; refuse a document where they fill more than a few cells."""
    total = 0
    bad_refs: list[str] = []
    kinds: dict[str, int] = {}
    nonempty = 0
    for g in doc.tables:
        for c in g.cells:
            if not c.text.strip():
                continue
            nonempty += 1
            n, ok, kind = count_unmapped(c.text)
            if n:
                total += n
                kinds[kind] = kinds.get(kind, 0) + n
                if n >= ok:  # the cell is at least half glyphs without meaning
                    bad_refs.append(c.ref or f"t{g.index + 1}r{c.row + 1}")
    for line in doc.front_matter + doc.back_matter:
        n, _, kind = count_unmapped(line)
        if n:
            total += n
            kinds[kind] = kinds.get(kind, 0) + n
    doc.unmapped_chars = total
    if not total:
        return doc
    kind = max(kinds.items(), key=lambda kv: kv[1])[0]
    if len(bad_refs) > MAX_BAD_CELLS and len(bad_refs) >= BAD_CELL_SHARE * nonempty:
        raise UnmappedTextError(
            f"text has no Unicode mapping ({kind} in {len(bad_refs)} of {nonempty} cells): needs OCR"
        )
    shown = ", ".join(dict.fromkeys(bad_refs[:5])) or "front/back matter"
    doc.warnings.append(f"{total} characters without a Unicode mapping ({kind}) kept as they are: {shown}")
    return doc
