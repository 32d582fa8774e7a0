"""Shown text of DOCX paragraphs and cells, in reading order.

Cell text = the cell's paragraphs joined with "\\n" (`w:br` -> "\\n", `w:tab` -> " "); hidden runs and deleted
revisions dropped, inserted revisions kept; nested tables and text boxes flattened into the cell's lines (one
branch of an AlternateContent, never both); automatic list numbers rendered (`docx_numbering`); symbol-font
check marks mapped to Unicode, other private-use symbol codes dropped.
"""

from __future__ import annotations

from lxml import etree

from worklist.extract.docx.numbering import Numbering
from worklist.extract.docx.xml import (
    M_T, MC_ALT, W, W_BR, W_CR, W_CUSTOMXML, W_DEL, W_DRAWING, W_MOVEFROM, W_NBHYPHEN, W_OBJECT, W_P, W_PICT,
    W_PPR, W_PTAB, W_R, W_RPR, W_RUBY, W_RUBYBASE, W_SDT, W_SDTCONTENT, W_SDTENDPR, W_SDTPR, W_SYM, W_T,
    W_TAB, W_TBL, W_TCPR, W_TXBX, W_VANISH, alt_branch, flag, is_placeholder, iter_cells, iter_rows, vmerge,
)

__all__ = ["TextReader"]

# Inline elements whose content is never shown text (properties, deletions, moved-away text).
_SKIP_INLINE = frozenset({W_PPR, W_RPR, W_DEL, W_MOVEFROM, W_SDTPR, W_SDTENDPR})


class TextReader:
    """Text of paragraphs and cells: shown text only, in reading order."""

    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering

    def paragraph(self, p: etree._Element, with_boxes: bool = True) -> tuple[str, list[str]]:
        """(text of the paragraph, lines of the text boxes anchored in it); with `with_boxes` False the
        text boxes are left out (the caller reads them as blocks of their own, tables included)."""
        out: list[str] = []
        boxes: list[str] = []
        ppr = p.find(W_PPR)
        label = self.numbering.label(ppr) if ppr is not None else ""
        self._inline(p, out, boxes if with_boxes else None)
        text = "".join(out)
        if label:  # Word separates the label from the text by a tab (or a space)
            text = f"{label} {text}" if text else label
        return text, boxes

    def _inline(self, el: etree._Element, out: list[str], boxes: list[str] | None) -> None:
        for ch in el:
            tag = ch.tag
            if tag == W_R:
                self._run(ch, out, boxes)
            elif tag in _SKIP_INLINE:
                continue
            elif tag == MC_ALT:
                branch = alt_branch(ch)
                if branch is not None:
                    self._inline(branch, out, boxes)
            elif tag == M_T:
                out.append(ch.text or "")
            elif tag == W_SDT and is_placeholder(ch):
                continue
            else:  # hyperlink, ins, moveTo, smartTag, sdt/sdtContent, fldSimple, customXml, oMath, bdo, dir…
                self._inline(ch, out, boxes)

    def _run(self, r: etree._Element, out: list[str], boxes: list[str] | None) -> None:
        for ch in r:
            tag = ch.tag
            if tag == W_T:
                out.append(ch.text or "")
            elif tag == W_RPR:
                if flag(ch.find(W_VANISH)):
                    return
            elif tag == W_TAB or tag == W_PTAB:
                out.append(" ")
            elif tag == W_BR or tag == W_CR:
                out.append("\n")
            elif tag == W_NBHYPHEN:
                out.append("-")
            elif tag == W_SYM:
                out.append(_symbol(ch))
            elif tag == W_RUBY:
                base = ch.find(W_RUBYBASE)
                if base is not None:
                    self._inline(base, out, boxes)
            elif tag in (W_DRAWING, W_PICT, W_OBJECT, MC_ALT):
                if boxes is not None:
                    self._boxes(ch, boxes)
            # delText, instrText, fldChar, softHyphen, footnoteReference…: nothing shown as text

    def _boxes(self, el: etree._Element, boxes: list[str]) -> None:
        """Lines of the text boxes under a drawing (one branch of an AlternateContent, not both)."""
        if el.tag == MC_ALT:
            branch = alt_branch(el)
            if branch is not None:
                self._boxes(branch, boxes)
            return
        if el.tag == W_TXBX:
            boxes.extend(self.block_lines(el))
            return
        for ch in el:
            if isinstance(ch.tag, str):
                self._boxes(ch, boxes)

    def block_lines(self, el: etree._Element) -> list[str]:
        """Paragraph texts of a block container (cell, text box, content control); nested tables flattened."""
        lines: list[str] = []
        for ch in el:
            tag = ch.tag
            if tag == W_P:
                text, boxes = self.paragraph(ch)
                lines.append(text)
                lines.extend(boxes)
            elif tag == W_TBL:
                for tr in iter_rows(ch):
                    for tc in iter_cells(tr):
                        tcpr = tc.find(W_TCPR)
                        if tcpr is not None and vmerge(tcpr) == "continue":
                            continue
                        lines.extend(ln for ln in self.block_lines(tc) if ln.strip())
            elif tag in (W_SDT, W_SDTCONTENT, W_CUSTOMXML):
                if not (tag == W_SDT and is_placeholder(ch)):
                    lines.extend(self.block_lines(ch))
            elif tag == MC_ALT:
                branch = alt_branch(ch)
                if branch is not None:
                    lines.extend(self.block_lines(branch))
        return lines

    def cell(self, tc: etree._Element) -> str:
        return "\n".join(self.block_lines(tc)).strip()


# Symbol-font characters (w:sym) that schedule cells use as marks: (font, code without the F0xx offset) -> text.
_SYMBOLS = {
    ("symbol", 0xD6): "√", ("symbol", 0xB4): "×", ("wingdings", 0xFC): "√", ("wingdings", 0xFB): "×",
    ("wingdings", 0xFE): "☑", ("wingdings", 0xFD): "☒", ("wingdings", 0xA8): "□", ("wingdings", 0x6C): "●",
    ("wingdings 2", 0x50): "√", ("wingdings 2", 0x4F): "×", ("wingdings 2", 0x52): "☑", ("wingdings 2", 0xA3): "□",
}


def _symbol(sym: etree._Element) -> str:
    """A w:sym character as Unicode: known check/cross marks mapped, other private-use codes dropped."""
    try:
        code = int(sym.get(W + "char", ""), 16)
    except ValueError:
        return ""
    font = (sym.get(W + "font") or "").lower()
    low = code - 0xF000 if 0xF000 <= code <= 0xF0FF else code
    if (font, low) in _SYMBOLS:
        return _SYMBOLS[(font, low)]
    if 0xE000 <= code <= 0xF8FF or code < 0x20:
        return ""
    return chr(code)
