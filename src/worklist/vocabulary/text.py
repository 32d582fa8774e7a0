"""Text repair: what a user searches for, whatever the producer's fonts and line wrapping did.

Three things go wrong in the wild and are repaired here, once, for every format:
- fonts that map ideographs to Kangxi radicals / CJK radical supplement code points (⼯ for 工, ⺠ for 民);
- wrapped lines and layout spaces inside Chinese text (`通过国家 学前教育 普及普惠` → `通过国家学前教育普及普惠`,
  `累计开展职业教育培训 50 人次` → `累计开展职业教育培训50人次`);
- invisible characters (zero-width spaces, BOMs, soft hyphens) and odd spaces (U+3000, NBSP).
Spaces that mean something are kept: between Latin words and between Latin and Chinese (`二价 HPV 疫苗`).

Invisible characters are removed everywhere, whatever the format: `\u200b=1+1` is `=1+1` in JSON, Parquet and
DuckDB as in every form of the notice (what the page shows); only the CSV files guard a text that a spreadsheet
would run as a formula (`outputs.csv_safety`). Repair is idempotent for every input (property-tested:
`clean_text(clean_text(x)) == clean_text(x)`).
"""

from __future__ import annotations

import re
import unicodedata

# Radical code points → the ideograph a reader of simplified Chinese searches for. Fonts share one glyph between a
# radical and an ideograph, and a PDF producer that maps glyphs back to text (Chromium/Skia takes the lowest code
# point of a glyph) writes the radical: ⼯ for 工, ⺠ for 民, ⼾ for 户. Each entry is the ideograph a Simplified
# Chinese font (Noto/Source Han Sans and Serif CJK SC, checked code point by code point) draws with the radical's
# glyph — what the page showed — except where that is a variant code point or a Japanese form of a standard
# character, or lies outside the Unified Ideographs block (Ext A/B), where it is the standard character:
# NFKC's ⼾ → 戶 and ⾭ → 靑 are variants (the SC font draws ⼾ as 户), ⻫ ⻯ ⻲ draw 斉 竜 亀 (齐 龙 龟 here),
# ⻕ ⻡ draw 𨸏 𩠐 (阜 首). Traditional forms stay what the page printed (⾨ 門, ⾺ 馬, ⻱ 龜): the SC font draws
# them traditional, so a simplified list shows them only where its text has the traditional character.
# One table, every assigned code point of both blocks (tests/test_text.py checks each entry).
_RADICAL_PAIRS = {
    # CJK Radicals Supplement U+2E80–U+2EF3 (U+2E9A unassigned): no compatibility decomposition at all
    "⺀⺁⺂⺃⺄⺅⺆⺇⺈⺉⺊⺋⺌⺍⺎⺏": "冫厂乛乚乙亻冂几勹刂卜㔾小小兀尣",
    "⺐⺑⺒⺓⺔⺕⺖⺗⺘⺙⺛⺜⺝⺞⺟⺠": "尢尢巳幺彑彐忄心扌攵旡日月歹母民",
    "⺡⺢⺣⺤⺥⺦⺧⺨⺩⺪⺫⺬⺭⺮⺯⺰": "氵氺灬爫爫丬牛犭王疋罒示礻竹糹纟",
    "⺱⺲⺳⺴⺵⺶⺷⺸⺹⺺⺻⺼⺽⺾⺿⻀": "罓罒网罒罒羊羊羊耂肀聿月臼艹艹艹",
    "⻁⻂⻃⻄⻅⻆⻇⻈⻉⻊⻋⻌⻍⻎⻏⻐": "虎衤覀西见角角讠贝足车辶辶辶阝钅",
    "⻑⻒⻓⻔⻕⻖⻗⻘⻙⻚⻛⻜⻝⻞⻟⻠": "長镸长门阜阝雨青韦页风飞食食飠饣",
    "⻡⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰": "首马骨鬼鱼鸟卤麦黄黾齐齐齿齿龙龙",
    "⻱⻲⻳": "龜龟龟",
    # Kangxi Radicals U+2F00–U+2FD5: NFKC's ideograph, but ⼾ → 户 and ⾭ → 青 (NFKC: the variants 戶 靑)
    "⼀⼁⼂⼃⼄⼅⼆⼇⼈⼉⼊⼋⼌⼍⼎⼏⼐⼑⼒⼓": "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹",
    "⼔⼕⼖⼗⼘⼙⼚⼛⼜⼝⼞⼟⼠⼡⼢⼣⼤⼥⼦⼧": "匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀",
    "⼨⼩⼪⼫⼬⼭⼮⼯⼰⼱⼲⼳⼴⼵⼶⼷⼸⼹⼺⼻": "寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳",
    "⼼⼽⼾⼿⽀⽁⽂⽃⽄⽅⽆⽇⽈⽉⽊⽋⽌⽍⽎⽏": "心戈户手支攴文斗斤方无日曰月木欠止歹殳毋",
    "⽐⽑⽒⽓⽔⽕⽖⽗⽘⽙⽚⽛⽜⽝⽞⽟⽠⽡⽢⽣": "比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生",
    "⽤⽥⽦⽧⽨⽩⽪⽫⽬⽭⽮⽯⽰⽱⽲⽳⽴⽵⽶⽷": "用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸",
    "⽸⽹⽺⽻⽼⽽⽾⽿⾀⾁⾂⾃⾄⾅⾆⾇⾈⾉⾊⾋": "缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸",
    "⾌⾍⾎⾏⾐⾑⾒⾓⾔⾕⾖⾗⾘⾙⾚⾛⾜⾝⾞⾟": "虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛",
    "⾠⾡⾢⾣⾤⾥⾦⾧⾨⾩⾪⾫⾬⾭⾮⾯⾰⾱⾲⾳": "辰辵邑酉釆里金長門阜隶隹雨青非面革韋韭音",
    "⾴⾵⾶⾷⾸⾹⾺⾻⾼⾽⾾⾿⿀⿁⿂⿃⿄⿅⿆⿇": "頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻",
    "⿈⿉⿊⿋⿌⿍⿎⿏⿐⿑⿒⿓⿔⿕": "黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠",
}
RADICALS: dict[str, str] = {r: i for rs, ids in _RADICAL_PAIRS.items() for r, i in zip(rs, ids, strict=True)}

_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width space/joiners, word joiner, BOM, soft hyphen
# One translation table for every code point repair maps: radicals, CJK compatibility ideographs (their NFC
# ideograph), invisible characters (dropped), and U+2015 HORIZONTAL BAR, the GBK (cp936) mapping of the Chinese
# dash ——, which fonts and browsers emit for — .
_CODE_POINTS: dict[int, str | None] = {
    **{ord(r): i for r, i in RADICALS.items()},
    **{o: unicodedata.normalize("NFC", chr(o)) for o in range(0xF900, 0xFB00)},
    **dict.fromkeys(map(ord, _INVISIBLE_CHARS), None),
    0x2015: "\u2014",
}
# Any character the table acts on: text without one (nearly every cell) takes the fast path.
_SPECIAL = re.compile("[" + "".join(sorted({re.escape(chr(o)) for o in _CODE_POINTS})) + "]")
_SPACES = dict.fromkeys(map(ord, "\u3000\u00a0\u2002\u2003\u2009\u202f\t\r\x0b\x0c"), " ")


def fix_code_points(text: str) -> str:
    """Map radical code points to the ideographs they stand for (and the GBK dash to —); drop invisible
    characters. Called for every cell, label and header many times per notice: text with none of those
    characters (the common case) is only NFC-checked; the result is the same as `_fix_code_points_full`'s."""
    if not text or text.isascii():
        return text
    if _SPECIAL.search(text) is None:
        return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
    return _fix_code_points_full(text)


def _fix_code_points_full(text: str) -> str:
    """The full path: every character through the table, then NFC (composed again once invisible marks are
    gone: A + U+200B + U+0300 becomes À, as a second pass would see it)."""
    return unicodedata.normalize("NFC", text.translate(_CODE_POINTS))


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
    Invisible characters go, also in front of `=`: the CSV writer guards formulas, not repair.
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
    return unicodedata.normalize("NFC", _WS_RUN.sub(repl, s).strip())


def squash(text: str) -> str:
    """All whitespace removed: for comparing labels (`重 点 任 务`, `责任\\n单位`) and headers."""
    return re.sub(r"\s+", "", fix_code_points(text or ""))
