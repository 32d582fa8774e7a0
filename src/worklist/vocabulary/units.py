"""Units that follow a number in a notice, their kind, and their base form.

A unit decides whether a number can be a target at all: a counting unit (个, 家, 人次, %) usually states
an aim, a time unit (年, 月, 小时) usually names a date or a service (2024年, 24小时), an age unit never
does (60岁以上). The magnitude prefix (万, 亿, 千) only scales: 6.07万人 is 60700 人.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

UnitKind = Literal["percent", "count", "money", "magnitude", "duration", "date", "age"]

MAGNITUDES: dict[str, Decimal] = {
    "十万": Decimal(100_000),
    "百万": Decimal(1_000_000),
    "千万": Decimal(10_000_000),
    "万": Decimal(10_000),
    "亿": Decimal(100_000_000),
    "千": Decimal(1_000),
}

PERCENT_UNITS = ("个百分点", "百分点", "%", "‰", "‱")
MONEY_UNITS = ("元",)
# Things counted: persons, places, machines, events, money-free measures.
COUNT_UNITS = (
    "人次", "户次", "场次", "家次", "台次", "车次", "架次", "课时", "床位", "平方米", "公顷", "公里", "千米", "㎡",
    "人", "名", "个", "家", "台", "套", "栋", "幢", "项", "场", "所", "间", "张", "户", "床", "次", "处",
    "条", "辆", "艘", "座", "件", "份", "篇", "册", "支", "只", "例", "倍", "分", "亩", "米", "吨", "班",
    "届", "门", "块", "期", "批", "节", "本", "部", "首", "盏", "棵", "株", "位",
)
# Counters that read as words after a Chinese numeral (一期工程, 一批成果): only after Arabic digits.
DIGIT_ONLY_UNITS = frozenset({"期", "批", "门", "分", "米", "本", "部", "首", "位", "节", "盏"})
# Counters of the noun that follows (2个以上示范点 counts 示范点); measures (元, 人, 平方米) describe it instead.
CLASSIFIERS = frozenset({
    "个", "家", "所", "项", "场", "次", "台", "套", "栋", "幢", "座", "条", "处", "张", "间", "名", "支", "辆", "艘",
    "件", "份", "篇", "册", "批", "期", "届", "门", "块", "床", "户", "节", "本", "部", "首", "盏", "棵", "株", "位",
})
DURATION_UNITS = ("个工作日", "工作日", "个月", "小时", "分钟", "天", "周")
DATE_UNITS = ("年度", "年制", "季度", "年", "月", "日", "号")
AGE_UNITS = ("周岁", "岁")

# Scaled units that the target reader's dictionary keeps whole, so that its metric phrases never split them
# (6.07万人, 1.5亿元); any other magnitude before a unit (5千台) is read just as well, as 千 + 台. Not every
# combination is listed on purpose: 万名 in 万名基层医生进修 names a programme and stays a noun there.
SCALED_WORDS = ("万人次", "万人", "千人", "千元", "万元", "亿元", "百万元", "千万元", "万平方米", "万吨", "万户", "万台",
                "万个", "万家", "万套")

_KIND: dict[str, UnitKind] = {
    unit: kind  # type: ignore[misc]
    for kind, units in (("percent", PERCENT_UNITS), ("money", MONEY_UNITS), ("count", COUNT_UNITS),
                        ("duration", DURATION_UNITS), ("date", DATE_UNITS), ("age", AGE_UNITS))
    for unit in units
}

_BASES = sorted(_KIND, key=len, reverse=True)
_MAGS = sorted(MAGNITUDES, key=len, reverse=True)
_PER = r"(?:/(?:人次|人|户|年|月|天|日|次|床|个|件))"

# magnitude? base? per?  -- with at least the magnitude or the base present.
UNIT_RE = re.compile(
    rf"(?P<mag>{'|'.join(_MAGS)})?[ ]?(?P<base>{'|'.join(map(re.escape, _BASES))})?(?P<per>{_PER})?"
)


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit as written and what it means."""

    written: str  # as in the text, spaces removed ("万人", "%", "元/人")
    base: str | None  # unit without magnitude ("人"); None for a bare magnitude ("2万")
    factor: Decimal  # 万 -> 10000
    kind: UnitKind


# rates per population: 8/10万, 5/万
RATE_RE = re.compile(r"[ ]*/[ ]*(\d*)[ ]*(十万|万|千|百)(人口|人)?")


def match_unit(s: str, pos: int) -> tuple[Unit, int] | None:
    """Read a unit starting at `pos` (after optional spaces); return it and the end offset, or None."""
    i = pos
    while i < len(s) and s[i] == " ":
        i += 1
    rate = RATE_RE.match(s, i)
    if rate:
        written = rate.group(0).replace(" ", "")
        return Unit(written, written, Decimal(1), "percent"), rate.end()
    m = UNIT_RE.match(s, i)
    if not m or m.end() == i:
        return None
    mag, base, per = m.group("mag"), m.group("base"), m.group("per") or ""
    if not base:
        if not mag:
            return None
        # 万, 亿 or 千 alone after a number is a magnitude (达到2万, 5千)
        return Unit(mag, None, MAGNITUDES[mag], "magnitude"), m.end("mag")
    kind = _KIND[base]
    factor = MAGNITUDES[mag] if mag else Decimal(1)
    if mag and kind not in ("count", "money"):
        # 万年, 千岁 …: not a scaled unit; read the magnitude alone
        return Unit(mag, None, MAGNITUDES[mag], "magnitude"), m.start("base")
    base_written = base + per
    return Unit((mag or "") + base_written, base_written, factor, kind), m.end()


BRACKET_UNIT_RE = re.compile(r"[(（]\s*([^()（）\s]{1,6})\s*[)）]\s*$")


def unit_from_name(name: str | None) -> Unit | None:
    """The unit a 重点指标 name declares in brackets at its end: `调查失业率(%)` -> %, `…人才(人)` -> 人."""
    if not name:
        return None
    m = BRACKET_UNIT_RE.search(name.translate(_FULL_PERCENT))
    if not m:
        return None
    content = m.group(1)
    hit = match_unit(content, 0)
    if hit is None or hit[1] != len(content):
        return None
    unit = hit[0]
    if unit.kind == "magnitude":
        return None
    return unit


_FULL_PERCENT = str.maketrans({"％": "%"})

# jieba frequency and part-of-speech tag of unit words in the target reader's dictionary: counting units are
# measure words (q), time and age units time words (t), which the reader drops from the start of a metric.
_DICT_TAGS: dict[UnitKind, tuple[int, str]] = {
    "count": (3000, "q"), "money": (3000, "q"), "percent": (3000, "q"),
    "duration": (2000, "t"), "date": (2000, "t"), "age": (2000, "t"),
}


def dictionary_entries() -> list[tuple[str, int, str]]:
    """(word, frequency, tag) of every unit written in Chinese characters, for the target reader's jieba
    dictionary (normalize/target_dict.txt holds every other word): the units are defined here only."""
    out = [(unit, *_DICT_TAGS[kind]) for unit, kind in _KIND.items() if _is_han(unit)]
    out += [(word, *_DICT_TAGS["count"]) for word in SCALED_WORDS]
    return out


def _is_han(word: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in word)


# ------------------------------------------------------------------------------------------- organisations
# Not units of measure but the other vocabulary of a list's 牵头单位 / 责任单位 / 配合单位 cells: how the name
# of an office ends and starts. `vocabulary.fields` splits and joins unit lists by these (a line break between
# whole names separates two units, one that cuts a name is joined), never by one county's offices.

# Endings of office names: 县卫健局, 县总工会, 县红十字会, 县残联, 县公积金中心, …领导小组办公室, 各乡镇.
ORG_SUFFIXES = (
    "局", "委", "会", "办", "室", "院", "所", "中心", "公司", "集团", "政府", "部", "处", "科", "队", "站", "馆", "联",
    "团", "组", "社", "行", "司", "厅", "署", "校", "镇", "乡", "街道", "分局", "支队", "大队", "专班", "团委", "协",
)
# Names of two characters that are whole (县委, 团委, 妇联); any other two-character "name" is a fragment (县科)
ORG_SHORT_NAMES = ("县委", "市委", "区委", "团委", "妇联", "残联", "侨联", "文联", "科协", "工会", "党校", "法院", "各镇",
                   "各乡", "镇府", "县府", "市府", "区府")
# Endings of a branch of the office named before it (市生态环境局 | 嵊泗分局): never an office of its own line
ORG_BRANCH_SUFFIXES = ("分局", "分中心", "分院", "分所", "分公司", "分行", "支行", "分队", "分会", "分社", "分站")
# Starts of office names besides the region prefixes: the youth league (团县委), state companies
ORG_STARTS = ("团县", "团市", "团区", "共青团", "国网", "中国", "国家")
