"""Text repair: what a user searches for, whatever the producer's fonts and line wrapping did.

Three things go wrong in the wild and are repaired here, once, for every format:
- fonts that map ideographs to Kangxi radicals / CJK radical supplement code points (⼯ for 工, ⺠ for 民);
- wrapped lines and layout spaces inside Chinese text (`通过国家 学前教育 普及普惠` → `通过国家学前教育普及普惠`,
  `累计开展职业教育培训 50 人次` → `累计开展职业教育培训50人次`);
- invisible characters (zero-width spaces, BOMs, soft hyphens) and odd spaces (U+3000, NBSP).
Spaces that mean something are kept: between Latin words and between Latin and Chinese (`二价 HPV 疫苗`).

Two promises hold for every input (property-tested): repair is idempotent (`clean_text(clean_text(x)) ==
clean_text(x)`), and it never makes a text start with a spreadsheet formula trigger (`= + - @`) that the input
did not start with: `\u200b=1+1` or ` =1+1` keep one space in front (`" =1+1"`), which spreadsheets read as
text, instead of becoming the formula `=1+1`.
"""

from __future__ import annotations

import re
import unicodedata

# CJK Radicals Supplement characters that fonts use in place of ideographs. Unlike the Kangxi block they
# have no compatibility decomposition, so NFKC does not help: map them by hand (standard simplified forms).
_RADICAL_SUPPLEMENT = {
    "⺀": "冫", "⺁": "厂", "⺃": "乚", "⺄": "乙", "⺅": "亻", "⺆": "冂", "⺇": "几", "⺈": "勹", "⺉": "刂",
    "⺊": "卜", "⺋": "㔾", "⺌": "小", "⺍": "小", "⺎": "兀", "⺏": "尣", "⺐": "尢", "⺑": "尢", "⺒": "巳",
    "⺓": "幺", "⺔": "彐", "⺕": "彐", "⺖": "忄", "⺗": "心", "⺘": "扌", "⺙": "攵", "⺛": "旡", "⺜": "日",
    "⺝": "月", "⺞": "歹", "⺟": "母", "⺠": "民", "⺡": "氵", "⺢": "氺", "⺣": "灬", "⺤": "爫", "⺥": "爫",
    "⺦": "丬", "⺧": "牛", "⺨": "犭", "⺩": "王", "⺪": "疋", "⺫": "罒", "⺬": "示", "⺭": "礻", "⺮": "竹",
    "⺯": "糸", "⺰": "纟", "⺱": "罓", "⺲": "罒", "⺳": "网", "⺴": "罒", "⺵": "罒", "⺶": "羊", "⺷": "羊",
    "⺸": "羊", "⺹": "耂", "⺺": "聿", "⺻": "聿", "⺼": "月", "⺽": "臼", "⺾": "艹", "⺿": "艹", "⻀": "艹",
    "⻁": "虎", "⻂": "衤", "⻃": "覀", "⻄": "西", "⻅": "见", "⻆": "角", "⻇": "角", "⻈": "讠", "⻉": "贝",
    "⻊": "足", "⻋": "车", "⻌": "辶", "⻍": "辶", "⻎": "辶", "⻏": "阝", "⻐": "金", "⻑": "長", "⻒": "镸",
    "⻓": "长", "⻔": "门", "⻕": "龟", "⻖": "阝", "⻗": "雨", "⻘": "青", "⻙": "韦", "⻚": "页", "⻛": "风",
    "⻜": "飞", "⻝": "食", "⻞": "食", "⻟": "食", "⻠": "饣", "⻡": "饣", "⻢": "马", "⻣": "骨", "⻤": "鬼",
    "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄", "⻪": "黾", "⻫": "齐", "⻬": "齐", "⻭": "齿",
    "⻮": "齿", "⻯": "龙", "⻰": "龙", "⻱": "龟", "⻲": "龟", "⻳": "龟",
}

_INVISIBLE: dict[int, str | None] = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# U+2015 HORIZONTAL BAR is the GBK (cp936) mapping of the Chinese dash ——; fonts and browsers emit it for —
_INVISIBLE[0x2015] = "\u2014"
_SPACES = dict.fromkeys(map(ord, "\u3000\u00a0\u2002\u2003\u2009\u202f\t\r\x0b\x0c"), " ")


def fix_code_points(text: str) -> str:
    """Map radical code points to the ideographs they stand for (and the GBK dash to —); drop invisible
    characters."""
    if not text:
        return text
    out = []
    for ch in text:
        o = ord(ch)
        if 0x2F00 <= o <= 0x2FDF:  # Kangxi radicals: NFKC gives the unified ideograph
            out.append(unicodedata.normalize("NFKC", ch))
        elif 0x2E80 <= o <= 0x2EFF:
            out.append(_RADICAL_SUPPLEMENT.get(ch, unicodedata.normalize("NFKC", ch)))
        elif 0xF900 <= o <= 0xFAFF:  # CJK compatibility ideographs
            out.append(unicodedata.normalize("NFC", ch))
        else:
            out.append(ch)
    # composed again once invisible marks are gone: A + U+200B + U+0300 becomes À, as a second pass would see it
    return unicodedata.normalize("NFC", "".join(out).translate(_INVISIBLE))


def _is_wide(ch: str) -> bool:
    """Characters around which a space or line break is layout, not meaning."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF  # unified ideographs
        or 0x3400 <= o <= 0x4DBF  # extension A
        or 0x20000 <= o <= 0x3FFFF  # extensions B+
        or 0x3000 <= o <= 0x303F  # CJK punctuation 。、〔〕《》
        or 0xFF00 <= o <= 0xFFEF  # full-width forms （），：；
        or ch in "“”‘’—…·"
    )


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


# First characters that make a spreadsheet evaluate a cell (tab and CR never survive repair).
FORMULA_TRIGGERS = ("=", "+", "-", "@")

_WS_RUN = re.compile(r"[ \n]+")
_WRAP = re.compile(r" *\n[ \n]*")
_LOWER_WORD_AFTER = re.compile(r"[a-z]{2,}\b")
_LOWER_WORD_BEFORE = re.compile(r"\b[a-z]{2,}$")


def _unwrap(m: re.Match[str]) -> str:
    """A line break is where a renderer wrapped the text: it joins, except between two Latin words or
    numbers or beside a lowercase English word, where it stood for a space (`VSD\n负压` → `VSD负压`,
    `open\nsource` → `open source`, `病区\nand 黄龙` → `病区 and 黄龙`)."""
    s = m.string
    a = s[m.start() - 1] if m.start() > 0 else ""
    b = s[m.end()] if m.end() < len(s) else ""
    if a.isascii() and a.isalnum() and b.isascii() and b.isalnum():
        return " "
    # a lowercase English word next to Chinese is set off by a space (`病区 and 黄龙`); acronyms are not
    if _LOWER_WORD_AFTER.match(s, m.end()) or _LOWER_WORD_BEFORE.search(s, 0, m.start()):
        return " "
    return ""


def clean_text(text: str | None) -> str:
    """Clean one cell or paragraph: code points, odd spaces, and layout whitespace inside Chinese.

    Line breaks are wraps (see `_unwrap`). A run of spaces is removed where it touches a Chinese character or punctuation on one side and
    no Latin letter on the other (Chinese is written without spaces; digits and % sit tight against it).
    Elsewhere it becomes one space: a wrapped line between two Latin words or two numbers keeps a gap.
    Stripping never exposes a formula trigger: see the module's promises.
    """
    if not text:
        return ""
    s = fix_code_points(unicodedata.normalize("NFC", text)).translate(_SPACES)
    s = _WRAP.sub(_unwrap, s)

    def repl(m: re.Match[str]) -> str:
        a = s[m.start() - 1] if m.start() > 0 else ""
        b = s[m.end()] if m.end() < len(s) else ""
        if not a or not b:
            return ""
        if (_is_wide(a) or _is_wide(b)) and not (_is_latin(a) or _is_latin(b)):
            return ""
        return " "

    # removing an invisible character can leave a base letter and a combining mark side by side: compose them
    out = unicodedata.normalize("NFC", _WS_RUN.sub(repl, s).strip())
    if out.startswith(FORMULA_TRIGGERS) and not text.startswith(out[0]):
        return " " + out  # what stood in front of the trigger kept it text; one plain space still does
    return out


def squash(text: str) -> str:
    """All whitespace removed: for comparing labels (`重 点 任 务`, `责任\\n单位`) and headers."""
    return re.sub(r"\s+", "", fix_code_points(text or ""))
