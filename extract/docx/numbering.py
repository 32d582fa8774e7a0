"""Automatic list numbers (`w:numPr`) rendered as Word shows them, since a 序号 column is often auto-numbered.

Counters advance in document order; the numbering part is loaded only when a paragraph asks for a number.
Every value from the markup is bounded: a level's start of 10⁹ or an ilvl of 99 gives a plain number or
nothing, never a huge string or a crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from worklist.extract.docx.xml import (
    W, W_ILVL, W_NUMID, W_NUMPR, W_PPR, W_PSTYLE, W_VAL, child_val, flag, to_int,
)
from worklist.extract.errors import CorruptFileError

if TYPE_CHECKING:
    from worklist.extract.docx.package import Package

__all__ = ["Numbering", "format_number"]

_MAX_LETTERS = 26 * 30  # upperLetter repeats the letter: beyond AAAA…(30) a number is shown as digits

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
    parts: list[str] = []
    zero, s = False, str(n)
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


def format_number(n: int, fmt: str) -> str:
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
    if fmt in ("upperLetter", "lowerLetter") and 0 < n <= _MAX_LETTERS:
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
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    legal: bool = False  # w:isLgl: every level's number shown in decimal ("1.1" under "一、")


class Numbering:
    """Renders automatic list numbers the way Word shows them (counters advance in document order).

    Loaded only when a paragraph asks for numbering, so documents without lists pay nothing.
    """

    def __init__(self, pkg: "Package", main: str) -> None:
        self.pkg, self.main = pkg, main
        self.loaded = False
        self.levels: dict[str, dict[int, Level]] = {}  # numId -> ilvl -> level
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
                abstract: dict[str, dict[int, Level]] = {}
                for an in root.iter(W + "abstractNum"):
                    abstract[an.get(W + "abstractNumId", "")] = {
                        to_int(lvl.get(W + "ilvl"), 0): Level(
                            start=to_int(child_val(lvl, W + "start"), 1),
                            fmt=child_val(lvl, W + "numFmt") or "decimal",
                            text=child_val(lvl, W + "lvlText") or "",
                            legal=flag(lvl.find(W + "isLgl")),
                        )
                        for lvl in an.iter(W + "lvl")
                    }
                for num in root.iter(W + "num"):
                    aid = child_val(num, W + "abstractNumId") or ""
                    levels = {k: Level(v.start, v.fmt, v.text, v.legal) for k, v in abstract.get(aid, {}).items()}
                    for ov in num.iter(W + "lvlOverride"):
                        ilvl = to_int(ov.get(W + "ilvl"), 0)
                        lvl = levels.setdefault(ilvl, Level())
                        so = child_val(ov, W + "startOverride")
                        if so is not None:
                            lvl.start = to_int(so, lvl.start)
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
                    self.style_num[sid] = (child_val(numpr, W_NUMID) or "", to_int(child_val(numpr, W_ILVL), 0))

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
            num_id = child_val(numpr, W_NUMID)
            ilvl = to_int(child_val(numpr, W_ILVL), 0)
        if num_id is None and style is not None:
            sid, seen = style.get(W_VAL, ""), set()
            while sid and sid not in seen:
                seen.add(sid)
                if sid in self.style_num:
                    num_id, sty_lvl = self.style_num[sid]
                    ilvl = sty_lvl if numpr is None or child_val(numpr, W_ILVL) is None else ilvl
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
                kl = levels.get(k, Level())
                counted = counters[k]
                n = counted if counted is not None else kl.start
                fmt = "decimal" if lvl.legal and kl.fmt != "decimalZero" else kl.fmt
                out = out.replace(f"%{k + 1}", format_number(n, fmt))
        return out
