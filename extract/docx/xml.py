"""WordprocessingML names and the small markup helpers every DOCX module shares (no logic of its own).

The parser never resolves entities nor reaches the network (an XML bomb or an external entity in a DOCX part
is read as plain text or refused as malformed, never expanded).
"""

from __future__ import annotations

from typing import Iterator

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT_NS = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
W = "{" + W_NS + "}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

W_BODY, W_P, W_R, W_T, W_TBL, W_TR, W_TC = (W + t for t in ("body", "p", "r", "t", "tbl", "tr", "tc"))
W_PPR, W_RPR, W_TRPR, W_TCPR = (W + t for t in ("pPr", "rPr", "trPr", "tcPr"))
W_SDT, W_SDTCONTENT, W_SDTPR, W_SDTENDPR, W_CUSTOMXML = (
    W + t for t in ("sdt", "sdtContent", "sdtPr", "sdtEndPr", "customXml")
)
W_DEL, W_MOVEFROM, W_VANISH = W + "del", W + "moveFrom", W + "vanish"  # w:ins is read like any wrapper
W_TAB, W_PTAB, W_BR, W_CR = (W + t for t in ("tab", "ptab", "br", "cr"))
W_NBHYPHEN, W_SYM = W + "noBreakHyphen", W + "sym"
W_DRAWING, W_PICT, W_OBJECT, W_TXBX = W + "drawing", W + "pict", W + "object", W + "txbxContent"
W_RUBY, W_RUBYBASE = W + "ruby", W + "rubyBase"
W_GRIDSPAN, W_VMERGE, W_HMERGE = W + "gridSpan", W + "vMerge", W + "hMerge"
W_GRIDBEFORE, W_GRIDAFTER = W + "gridBefore", W + "gridAfter"
W_TBLGRID, W_GRIDCOL = W + "tblGrid", W + "gridCol"
W_NUMPR, W_NUMID, W_ILVL, W_PSTYLE = W + "numPr", W + "numId", W + "ilvl", W + "pStyle"
W_ALTCHUNK, W_PLACEHOLDER = W + "altChunk", W + "showingPlcHdr"
W_VAL = W + "val"
MC_ALT, MC_CHOICE, MC_FALLBACK = MC + "AlternateContent", MC + "Choice", MC + "Fallback"
M_T = M + "t"

_FALSE = frozenset({"0", "false", "off"})

PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True, remove_pis=True
)


def child_val(el: etree._Element, tag: str) -> str | None:
    ch = el.find(tag)
    return None if ch is None else ch.get(W_VAL)


def flag(el: etree._Element | None) -> bool:
    """An on/off property element: present and not w:val="0/false/off"."""
    return el is not None and el.get(W_VAL, "true").lower() not in _FALSE


def to_int(v: str | None, default: int) -> int:
    """An integer attribute; anything else (empty, '1.5', 'x', absurdly long digits) is the default."""
    if v is None or len(v) > 12:
        return default
    try:
        return int(v)
    except ValueError:
        return default


def is_placeholder(sdt: etree._Element) -> bool:
    """A content control still showing its prompt ("单击或点击此处输入文字"): not content."""
    pr = sdt.find(W_SDTPR)
    return pr is not None and pr.find(W_PLACEHOLDER) is not None


def alt_branch(alt: etree._Element) -> etree._Element | None:
    """The AlternateContent branch Word would show: the first Choice, else the Fallback."""
    choice = alt.find(MC_CHOICE)
    return choice if choice is not None else alt.find(MC_FALLBACK)


def iter_rows(tbl: etree._Element) -> Iterator[etree._Element]:
    """Rows of a table, through content controls; tracked-deleted rows skipped."""
    for ch in tbl:
        tag = ch.tag
        if tag == W_TR:
            trpr = ch.find(W_TRPR)
            if trpr is not None and trpr.find(W_DEL) is not None:
                continue
            yield ch
        elif tag in (W_SDT, W_SDTCONTENT, W_CUSTOMXML):
            yield from iter_rows(ch)


def iter_cells(tr: etree._Element) -> Iterator[etree._Element]:
    for ch in tr:
        tag = ch.tag
        if tag == W_TC:
            yield ch
        elif tag in (W_SDT, W_SDTCONTENT, W_CUSTOMXML):
            yield from iter_cells(ch)


def vmerge(tcpr: etree._Element) -> str | None:
    vm = tcpr.find(W_VMERGE)
    if vm is None:
        return None
    return "restart" if vm.get(W_VAL) == "restart" else "continue"
