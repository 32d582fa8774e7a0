"""DOCX reader: the Word file's own table markup, turned into `Grid`s without guessing.

Why lxml on the raw parts instead of python-docx's object model: python-docx's `table.cell()` hides merges
(a merged cell comes back once per grid position) and is slow on big tables, and `docx.Document()` refuses
valid variants (.docm, .dotx, WPS output with odd content types). Reading `word/document.xml` directly keeps
every merge as the author made it (`w:gridSpan`, `w:vMerge`, `w:hMerge`, `w:gridBefore`/`w:gridAfter`), lets us
refuse zip bombs from the zip directory before inflating anything, and reads the 26-table sample in a few ms.

What the reader gives (see `extract/grid.py`):
- one `Grid` per top-level table, in body order; `Cell.page` and `RowInfo.page` are the 1-based table number
  (a DOCX has no pages), refs are `t{table}r{row}`; header rows stay in the grid;
- cell text = the cell's paragraphs joined with "\\n" (`w:br` -> "\\n", `w:tab` -> " "), hidden runs and deleted
  revisions dropped, inserted revisions kept, nested tables and text boxes flattened into the cell's lines,
  automatic list numbers (`w:numPr`) rendered as Word shows them, since a 序号 column is often auto-numbered;
- front matter = paragraphs before the first work table (plus the text of small layout tables there, where
  notices often keep the issuer and 文号); back matter = paragraphs after the last work table (plus small
  tables there: 抄送/印发 are often a borderless table). Paragraphs between work tables are not kept.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from lxml import etree

from worklist.extract.errors import (
    CorruptFileError,
    EncryptedError,
    NoTableError,
    UnsupportedFormatError,
)
from worklist.extract import zip_limits
from worklist.extract.grid import Cell, Grid, RawDocument, RowInfo

__all__ = ["read_docx", "MAX_TOTAL_UNCOMPRESSED", "MAX_RATIO", "MAX_MEMBERS"]

# Zip-bomb limits (extract/zip_limits.py), named here too so that they can be tuned for DOCX alone.
MAX_TOTAL_UNCOMPRESSED = zip_limits.MAX_TOTAL_UNCOMPRESSED
MAX_RATIO = zip_limits.MAX_RATIO
MAX_MEMBERS = zip_limits.MAX_MEMBERS

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_STRICT_NS = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
W = "{" + _W_NS + "}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

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

# Inline elements whose content is never shown text (properties, deletions, moved-away text).
_SKIP_INLINE = frozenset({W_PPR, W_RPR, W_DEL, W_MOVEFROM, W_SDTPR, W_SDTENDPR})
_FALSE = frozenset({"0", "false", "off"})

# A table smaller than this is layout (issuer block, 抄送 box), not a work list: its text is front/back matter.
_WORK_MIN_ROWS = 2
_WORK_MIN_COLS = 3

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True, remove_pis=True
)


# --------------------------------------------------------------------------------------------- opening


def _sniff(path: Path, head: bytes) -> None:
    """Refuse what is visibly not a DOCX, with a message that says what it is instead."""
    if not head:
        raise CorruptFileError("empty file")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if _is_encrypted_ole(path):
            raise EncryptedError(
                "password-protected DOCX (an encrypted Office file); remove the password and save again"
            )
        raise UnsupportedFormatError(
            "this is a Word 97-2003 .doc (or WPS) file; convert it with `soffice --headless --convert-to docx`"
        )
    if head.startswith(b"PK"):
        return
    if head.startswith(b"%PDF"):
        raise UnsupportedFormatError("not a DOCX: this is a PDF file")
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"{\\rtf"):
        raise UnsupportedFormatError(
            "not a DOCX: this is an RTF file; convert it with `soffice --headless --convert-to docx`"
        )
    raise UnsupportedFormatError("not a DOCX (not a zip archive)")


def _is_encrypted_ole(path: Path) -> bool:
    """A password-protected .docx is an OLE container holding an `EncryptedPackage` stream."""
    with open(path, "rb") as f:
        data = f.read(1 << 20)
    return "EncryptedPackage".encode("utf-16-le") in data


def _check_bomb(zf: zipfile.ZipFile) -> None:
    """Refuse from the zip directory alone: declared sizes are all we trust before inflating."""
    zip_limits.check_zip(zf, max_total=MAX_TOTAL_UNCOMPRESSED, max_ratio=MAX_RATIO, max_members=MAX_MEMBERS)


class _Package:
    """The zip, with case-tolerant part lookup and reads bounded by the declared (already checked) size."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.names = {n.lower(): n for n in zf.namelist()}

    def has(self, name: str) -> bool:
        return name.lower() in self.names

    def read(self, name: str) -> bytes:
        real = self.names[name.lower()]
        info = self.zf.getinfo(real)
        if info.flag_bits & 0x1:
            raise EncryptedError("the zip archive is password-protected")
        try:
            with self.zf.open(real) as f:
                return f.read(info.file_size + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as e:
            raise CorruptFileError(f"damaged zip member {real}: {e}") from None

    def xml(self, name: str) -> etree._Element:
        data = self.read(name)
        if _W_STRICT_NS in data:  # ISO Strict DOCX: same vocabulary under another namespace
            data = data.replace(_W_STRICT_NS, _W_NS.encode())
        try:
            return etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as e:
            raise CorruptFileError(f"{name} is not well-formed XML ({e.msg})") from None

    def rels(self, part: str) -> dict[str, str]:
        """Relationship type suffix -> target part name (resolved against the source part's folder)."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels_name):
            return {}
        try:
            root = etree.fromstring(self.read(rels_name), _PARSER)
        except etree.XMLSyntaxError:
            return {}
        out: dict[str, str] = {}
        for rel in root.iter(_REL_NS + "Relationship"):
            rtype, target = rel.get("Type", ""), rel.get("Target", "")
            if not target or rel.get("TargetMode") == "External":
                continue
            if target.startswith("/"):
                name = target.lstrip("/")
            else:
                name = posixpath.normpath(posixpath.join(folder, target))
            out.setdefault(rtype.rsplit("/", 1)[-1], name)
        return out


def _main_part(pkg: _Package) -> str:
    target = pkg.rels("")  # _rels/.rels
    name = target.get("officeDocument")
    if name and pkg.has(name):
        return name
    if pkg.has("word/document.xml"):
        return "word/document.xml"
    if pkg.has("mimetype") and b"opendocument.text" in pkg.read("mimetype")[:100]:
        raise UnsupportedFormatError(
            "not a DOCX: this is an OpenDocument text (.odt); convert it with `soffice --headless --convert-to docx`"
        )
    if pkg.has("xl/workbook.xml") or pkg.has("ppt/presentation.xml"):
        raise UnsupportedFormatError("not a DOCX: this is an Excel or PowerPoint file")
    raise UnsupportedFormatError("not a DOCX: the zip has no word/document.xml")


# --------------------------------------------------------------------------------------------- numbering


_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _chinese_number(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (enough for list numbers)."""
    if n <= 0 or n >= 10000:
        return str(n)
    parts, zero, s = [], False, str(n)
    for i, ch in enumerate(s):
        d, pos = int(ch), len(s) - 1 - i
        if d == 0:
            zero = True
            continue
        if zero and parts:
            parts.append(digits[0])
        zero = False
        parts.append(digits[d] + (units[pos - 1] if pos else ""))
    out = "".join(parts)
    return out[1:] if digits is _CN_DIGITS and out.startswith("一十") else out


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "ideographDigital"):
        return _chinese_number(n)
    if fmt in ("chineseLegalSimplified",):
        return _chinese_number(n, _CN_LEGAL, "拾佰仟")
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalFullWidth":
        return str(n).translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter") and n > 0:
        s = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s if fmt == "upperLetter" else s.lower()
    if fmt in ("upperRoman", "lowerRoman") and 0 < n < 4000:
        s, k = "", n
        for v, sym in _ROMAN:
            while k >= v:
                s, k = s + sym, k - v
        return s if fmt == "upperRoman" else s.lower()
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    legal: bool = False  # w:isLgl: every level's number shown in decimal ("1.1" under "一、")


class _Numbering:
    """Renders automatic list numbers the way Word shows them (counters advance in document order).

    Loaded only when a paragraph asks for numbering, so documents without lists pay nothing.
    """

    def __init__(self, pkg: _Package, main: str) -> None:
        self.pkg, self.main = pkg, main
        self.loaded = False
        self.levels: dict[str, dict[int, _Level]] = {}  # numId -> ilvl -> level
        self.style_num: dict[str, tuple[str, int]] = {}  # styleId -> (numId, ilvl)
        self.style_based: dict[str, str] = {}
        self.counters: dict[str, list[int | None]] = {}

    def _load(self) -> None:
        self.loaded = True
        rels = self.pkg.rels(self.main)
        num_part, style_part = rels.get("numbering"), rels.get("styles")
        if num_part and self.pkg.has(num_part):
            try:
                root = self.pkg.xml(num_part)
            except CorruptFileError:
                root = None
            if root is not None:
                abstract: dict[str, dict[int, _Level]] = {}
                for an in root.iter(W + "abstractNum"):
                    abstract[an.get(W + "abstractNumId", "")] = {
                        int(lvl.get(W + "ilvl", "0") or 0): _Level(
                            start=_int(_child_val(lvl, W + "start"), 1),
                            fmt=_child_val(lvl, W + "numFmt") or "decimal",
                            text=_child_val(lvl, W + "lvlText") or "",
                            legal=_flag(lvl.find(W + "isLgl")),
                        )
                        for lvl in an.iter(W + "lvl")
                    }
                for num in root.iter(W + "num"):
                    aid = _child_val(num, W + "abstractNumId") or ""
                    levels = {k: _Level(v.start, v.fmt, v.text, v.legal) for k, v in abstract.get(aid, {}).items()}
                    for ov in num.iter(W + "lvlOverride"):
                        ilvl = _int(ov.get(W + "ilvl"), 0)
                        lvl = levels.setdefault(ilvl, _Level())
                        so = _child_val(ov, W + "startOverride")
                        if so is not None:
                            lvl.start = _int(so, lvl.start)
                    self.levels[num.get(W + "numId", "")] = levels
        if style_part and self.pkg.has(style_part) and self.levels:
            try:
                sroot = self.pkg.xml(style_part)
            except CorruptFileError:
                return
            for st in sroot.iter(W + "style"):
                sid = st.get(W + "styleId", "")
                based = st.find(W + "basedOn")
                if based is not None:
                    self.style_based[sid] = based.get(W_VAL, "")
                ppr = st.find(W_PPR)
                numpr = ppr.find(W_NUMPR) if ppr is not None else None
                if numpr is not None:
                    self.style_num[sid] = (_child_val(numpr, W_NUMID) or "", _int(_child_val(numpr, W_ILVL), 0))

    def label(self, ppr: etree._Element) -> str:
        """The number label of a paragraph with these properties, or '' (advancing the list's counters)."""
        numpr = ppr.find(W_NUMPR)
        style = ppr.find(W_PSTYLE)
        if numpr is None and style is None:
            return ""
        if not self.loaded:
            self._load()
        if not self.levels:
            return ""
        num_id, ilvl = None, 0
        if numpr is not None:
            num_id = _child_val(numpr, W_NUMID)
            ilvl = _int(_child_val(numpr, W_ILVL), 0)
        if num_id is None and style is not None:
            sid, seen = style.get(W_VAL, ""), set()
            while sid and sid not in seen:
                seen.add(sid)
                if sid in self.style_num:
                    num_id, sty_lvl = self.style_num[sid]
                    ilvl = sty_lvl if numpr is None or _child_val(numpr, W_ILVL) is None else ilvl
                    break
                sid = self.style_based.get(sid, "")
        if not num_id or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        lvl = levels.get(ilvl)
        if lvl is None:
            return ""
        counters = self.counters.setdefault(num_id, [None] * 10)
        ilvl = max(0, min(ilvl, 9))
        cur = counters[ilvl]
        counters[ilvl] = lvl.start if cur is None else cur + 1
        for k in range(ilvl + 1, 10):
            counters[k] = None
        if lvl.fmt in ("bullet", "none") or not lvl.text:
            return ""
        out = lvl.text
        for k in range(ilvl + 1):
            if f"%{k + 1}" in out:
                kl = levels.get(k, _Level())
                n = counters[k] if counters[k] is not None else kl.start
                fmt = "decimal" if lvl.legal and kl.fmt != "decimalZero" else kl.fmt
                out = out.replace(f"%{k + 1}", _format_number(n, fmt))
        return out


def _child_val(el: etree._Element, tag: str) -> str | None:
    ch = el.find(tag)
    return None if ch is None else ch.get(W_VAL)


def _flag(el: etree._Element | None) -> bool:
    """An on/off property element: present and not w:val="0/false/off"."""
    return el is not None and el.get(W_VAL, "true").lower() not in _FALSE


def _int(v: str | None, default: int) -> int:
    try:
        return int(v) if v is not None else default
    except ValueError:
        return default


# --------------------------------------------------------------------------------------------- text


class _TextReader:
    """Text of paragraphs and cells: shown text only, in reading order."""

    def __init__(self, numbering: _Numbering) -> None:
        self.numbering = numbering

    def paragraph(self, p: etree._Element) -> tuple[str, list[str]]:
        """(text of the paragraph, lines of the text boxes anchored in it)."""
        out: list[str] = []
        boxes: list[str] = []
        ppr = p.find(W_PPR)
        label = self.numbering.label(ppr) if ppr is not None else ""
        self._inline(p, out, boxes)
        text = "".join(out)
        if label:  # Word separates the label from the text by a tab (or a space)
            text = f"{label} {text}" if text else label
        return text, boxes

    def _inline(self, el: etree._Element, out: list[str], boxes: list[str]) -> None:
        for ch in el:
            tag = ch.tag
            if tag == W_R:
                self._run(ch, out, boxes)
            elif tag in _SKIP_INLINE:
                continue
            elif tag == MC_ALT:
                branch = _alt_branch(ch)
                if branch is not None:
                    self._inline(branch, out, boxes)
            elif tag == M_T:
                out.append(ch.text or "")
            elif tag == W_SDT and _is_placeholder(ch):
                continue
            else:  # hyperlink, ins, moveTo, smartTag, sdt/sdtContent, fldSimple, customXml, oMath, bdo, dir…
                self._inline(ch, out, boxes)

    def _run(self, r: etree._Element, out: list[str], boxes: list[str]) -> None:
        for ch in r:
            tag = ch.tag
            if tag == W_T:
                out.append(ch.text or "")
            elif tag == W_RPR:
                if _flag(ch.find(W_VANISH)):
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
                self._boxes(ch, boxes)
            # delText, instrText, fldChar, softHyphen, footnoteReference…: nothing shown as text

    def _boxes(self, el: etree._Element, boxes: list[str]) -> None:
        """Lines of the text boxes under a drawing (one branch of an AlternateContent, not both)."""
        if el.tag == MC_ALT:
            branch = _alt_branch(el)
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
                for tr in _iter_rows(ch):
                    for tc in _iter_cells(tr):
                        tcpr = tc.find(W_TCPR)
                        if tcpr is not None and _vmerge(tcpr) == "continue":
                            continue
                        lines.extend(ln for ln in self.block_lines(tc) if ln.strip())
            elif tag in (W_SDT, W_SDTCONTENT, W_CUSTOMXML):
                if not (tag == W_SDT and _is_placeholder(ch)):
                    lines.extend(self.block_lines(ch))
            elif tag == MC_ALT:
                branch = _alt_branch(ch)
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


def _is_placeholder(sdt: etree._Element) -> bool:
    """A content control still showing its prompt ("单击或点击此处输入文字"): not content."""
    pr = sdt.find(W_SDTPR)
    return pr is not None and pr.find(W_PLACEHOLDER) is not None


def _alt_branch(alt: etree._Element) -> etree._Element | None:
    """The AlternateContent branch Word would show: the first Choice, else the Fallback."""
    choice = alt.find(MC_CHOICE)
    return choice if choice is not None else alt.find(MC_FALLBACK)


# --------------------------------------------------------------------------------------------- tables


def _iter_rows(tbl: etree._Element) -> Iterator[etree._Element]:
    """Rows of a table, through content controls; tracked-deleted rows skipped."""
    for ch in tbl:
        tag = ch.tag
        if tag == W_TR:
            trpr = ch.find(W_TRPR)
            if trpr is not None and trpr.find(W_DEL) is not None:
                continue
            yield ch
        elif tag in (W_SDT, W_SDTCONTENT, W_CUSTOMXML):
            yield from _iter_rows(ch)


def _iter_cells(tr: etree._Element) -> Iterator[etree._Element]:
    for ch in tr:
        tag = ch.tag
        if tag == W_TC:
            yield ch
        elif tag in (W_SDT, W_SDTCONTENT, W_CUSTOMXML):
            yield from _iter_cells(ch)


def _vmerge(tcpr: etree._Element) -> str | None:
    vm = tcpr.find(W_VMERGE)
    if vm is None:
        return None
    return "restart" if vm.get(W_VAL) == "restart" else "continue"


def _tc_props(tc: etree._Element) -> tuple[int, str | None, str | None]:
    """(gridSpan, vMerge, hMerge) of a cell in one pass over its tcPr; merges as 'restart'/'continue'/None."""
    span, vm, hm = 1, None, None
    tcpr = tc.find(W_TCPR)
    if tcpr is not None:
        for ch in tcpr:
            tag = ch.tag
            if tag == W_GRIDSPAN:
                span = max(1, _int(ch.get(W_VAL), 1))
            elif tag == W_VMERGE:
                vm = "restart" if ch.get(W_VAL) == "restart" else "continue"
            elif tag == W_HMERGE:
                hm = "restart" if ch.get(W_VAL) == "restart" else "continue"
    return span, vm, hm


def _trpr_int(trpr: etree._Element | None, tag: str) -> int:
    if trpr is None:
        return 0
    return max(0, _int(_child_val(trpr, tag), 0))


class _Rec:
    """A cell under construction (Cell is frozen; spans grow as continuation cells are met)."""

    __slots__ = ("row", "col", "rs", "cs", "text", "vmerge")

    def __init__(self, row: int, col: int, cs: int, text: str, vmerge: bool) -> None:
        self.row, self.col, self.rs, self.cs, self.text, self.vmerge = row, col, 1, cs, text, vmerge


def _table_grid(tbl: etree._Element, table_no: int, text: _TextReader, warnings: list[str]) -> Grid:
    """One table -> Grid, spans from the markup. `w:tblHeader` rows stay: headers are recognised by name later."""
    grid_el = tbl.find(W_TBLGRID)
    n_grid = len(grid_el.findall(W_GRIDCOL)) if grid_el is not None else 0
    rows: list[tuple[int, list[tuple[etree._Element, int, str | None, str | None]]]] = []
    n_cols = n_grid
    for tr in _iter_rows(tbl):
        trpr = tr.find(W_TRPR)
        before, after = _trpr_int(trpr, W_GRIDBEFORE), _trpr_int(trpr, W_GRIDAFTER)
        tcs = [(tc, *_tc_props(tc)) for tc in _iter_cells(tr)]
        width = before + after + sum(t[1] for t in tcs)
        n_cols = max(n_cols, width)
        rows.append((before, tcs))

    recs: list[_Rec] = []
    prev_owner: list[int | None] = [None] * n_cols
    for r, (before, tcs) in enumerate(rows):
        owner: list[int | None] = [None] * n_cols
        col, last = before, None
        for tc, span, vm, hm in tcs:
            if hm == "continue" and last is not None:  # old-style horizontal merge: widen the cell to the left
                rec = recs[last]
                if rec.row == r:
                    rec.cs += span
                    for k in range(col, col + span):
                        owner[k] = last
                    col += span
                    continue
            if vm == "continue":
                above = prev_owner[col] if col < n_cols else None
                a = recs[above] if above is not None else None
                if a is not None and a.vmerge and a.col == col and a.row + a.rs == r and a.cs == span:
                    a.rs += 1
                    for k in range(col, col + span):
                        owner[k] = above
                    col += span
                    last = above
                    continue
                warnings.append(
                    f"t{table_no}r{r + 1}: vertical-merge continuation with no matching cell above at column"
                    f" {col + 1}; read as a cell of its own"
                )
            recs.append(_Rec(r, col, span, text.cell(tc), vm is not None))
            idx = len(recs) - 1
            for k in range(col, min(col + span, n_cols)):
                owner[k] = idx
            col += span
            last = idx
        prev_owner = owner

    cells = [
        Cell(row=c.row, col=c.col, text=c.text, row_span=c.rs, col_span=c.cs, page=table_no,
             ref=f"t{table_no}r{c.row + 1}")
        for c in recs
    ]
    infos = [RowInfo(page=table_no, ref=f"t{table_no}r{r + 1}") for r in range(len(rows))]
    return Grid(n_rows=len(rows), n_cols=n_cols, cells=cells, rows=infos, implicit_spans=False,
                index=table_no - 1)


# --------------------------------------------------------------------------------------------- body


def _iter_blocks(el: etree._Element, warnings: list[str]) -> Iterator[etree._Element]:
    """Body-level paragraphs and tables in order, through content controls and custom XML."""
    for ch in el:
        tag = ch.tag
        if tag == W_P or tag == W_TBL:
            yield ch
        elif tag in (W_SDT, W_SDTCONTENT, W_CUSTOMXML):
            if not (tag == W_SDT and _is_placeholder(ch)):
                yield from _iter_blocks(ch, warnings)
        elif tag == MC_ALT:
            branch = _alt_branch(ch)
            if branch is not None:
                yield from _iter_blocks(branch, warnings)
        elif tag == W_ALTCHUNK:
            warnings.append("the document embeds another file (altChunk); its content is not read")


def _is_work_table(g: Grid) -> bool:
    return g.n_rows >= _WORK_MIN_ROWS and g.n_cols >= _WORK_MIN_COLS


def _grid_lines(g: Grid) -> list[str]:
    """A layout table's text as matter paragraphs, cell by cell in reading order."""
    out: list[str] = []
    for c in sorted(g.cells, key=lambda c: (c.row, c.col)):
        out.extend(ln for ln in c.text.split("\n") if ln.strip())
    return out


def read_docx(path: str | Path) -> RawDocument:
    """Read a DOCX work-list notice into front matter, one Grid per table, and back matter.

    Raises `ReadError` subclasses with short messages (the caller adds the file name).
    """
    path = Path(path)
    with open(path, "rb") as f:
        head = f.read(8)
    _sniff(path, head)
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise CorruptFileError("damaged zip archive (truncated or not a DOCX)") from None
    except (OSError, ValueError, EOFError) as e:
        raise CorruptFileError(f"damaged zip archive ({e})") from None
    with zf:
        _check_bomb(zf)
        pkg = _Package(zf)
        main = _main_part(pkg)
        root = pkg.xml(main)
        body = root.find(W_BODY)
        if body is None:
            raise CorruptFileError(f"{main} has no document body")
        warnings: list[str] = []
        text = _TextReader(_Numbering(pkg, main))

        # body order: (matter lines, None) for a paragraph, ([], grid) for a table
        blocks: list[tuple[list[str], Grid | None]] = []
        grids: list[Grid] = []
        for el in _iter_blocks(body, warnings):
            if el.tag == W_P:
                t, boxes = text.paragraph(el)
                blocks.append(([t, *boxes], None))
            else:
                grid = _table_grid(el, len(grids) + 1, text, warnings)
                if grid.n_rows:
                    grids.append(grid)
                    blocks.append(([], grid))

    if not grids:
        raise NoTableError("the document has no table")

    work_pos = [i for i, (_, g) in enumerate(blocks) if g is not None and _is_work_table(g)]
    if not work_pos:
        work_pos = [i for i, (_, g) in enumerate(blocks) if g is not None]
    first, last = work_pos[0], work_pos[-1]

    def matter(part: list[tuple[list[str], Grid | None]]) -> list[str]:
        out: list[str] = []
        for lines, g in part:
            for ln in lines if g is None else _grid_lines(g):
                if ln.strip():
                    out.append(ln.strip())
        return out

    return RawDocument(
        source_format="docx",
        front_matter=matter(blocks[:first]),
        tables=grids,
        n_pages=len(grids),
        warnings=warnings,
        back_matter=matter(blocks[last + 1:]),
    )
