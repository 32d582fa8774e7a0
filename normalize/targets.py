"""Numeric targets in one cell of a 工作清单: `累计开展职业教育培训50人次` -> 职业教育培训, =, 50 人次, cumulative.

How a cell is read (CONTRACT.md, `targets`):
1. A cell that is only a number (`94.2`, `<5`, `年度指标>63%`) is one target whose metric is the item's name;
   its unit comes from the cell, else from the name's bracket (`调查失业率(%)`).
2. Otherwise every number is found by regular expression and kept only when it states an aim: it carries a
   counting unit (个, 家, 人次, %, 万元 …) or a comparator (达到, 不低于, 以上 …), and none of the decoy
   rules applies (dates, ages, service durations, list numbering, slogans and plan names, counts that name
   a list, thresholds that qualify a noun). Each decoy rule is a named predicate in `DECOYS`; `explain(text)`
   says which rule refused each number of a sentence.
3. The metric is the noun phrase around the number. jieba, run with only this module's small domain
   dictionary (`target_dict.txt` and the unit words of units.py), gives word boundaries and part-of-speech
   tags: a unit must be a whole word (5.8人道 is not 5.8 人), a Chinese numeral must start a word (统一套 has
   no 一套), leading verbs and time words are dropped from the phrase before a number (`累计开展` 职业教育培训),
   and a phrase after a number (`1家` 民生服务综合体) ends at the next verb.
"""

from __future__ import annotations

import io
import logging
import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from math import inf, log
from pathlib import Path
from typing import Any, Callable

from worklist.vocabulary.numerals import HALF_WIDTH, parse_arabic, parse_chinese
from worklist.vocabulary.units import (CLASSIFIERS, DIGIT_ONLY_UNITS, Unit, dictionary_entries, match_unit,
                                      unit_from_name)

__all__ = ["Target", "find_targets", "explain", "Decoy", "DECOYS", "DICT_PATH", "dictionary_lines"]

DICT_PATH = Path(__file__).with_name("target_dict.txt")


@dataclass(frozen=True, slots=True)
class Target:
    """One numeric target, as the `targets` table stores it (without row/quarter context)."""

    metric: str | None  # what is counted, as written; None for a bare number (the item's name is the metric)
    comparator: str  # "=", ">", ">=", "<", "<=", "~"
    value: float  # the number as written (6.07 in 6.07万人)
    unit: str | None  # as written (%, 人次, 万人, 元 …)
    value_base: float  # value in the base unit (6.07万人 -> 60700)
    unit_base: str | None  # base unit (万人 -> 人, 亿元 -> 元)
    cumulative: bool  # 累计 / 全年累计 applies
    text: str  # exact substring of the input the target was read from


# --------------------------------------------------------------------------------------------------------
# jieba, with this module's dictionary only (the default dictionary costs ~0.7 s per process)


def _import_jieba():  # type: ignore[no-untyped-def]
    """jieba imports the deprecated, slow `pkg_resources` (~70 ms) only to locate its default dictionary,
    which this module never loads; when nothing else has imported it, let jieba take its documented
    fallback (plain `open`) instead."""
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # `import pkg_resources` fails
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


class _Lexicon:
    """Word boundaries and POS tags from `dictionary_lines()`: `target_dict.txt` and the units of units.py.

    The prefix dictionary is built straight from the file, not through `Tokenizer.initialize()`: that
    path writes a marshal cache into the temp dir keyed by the file's *path* and trusts it by mtime, which
    can serve a stale dictionary after an upgrade; building ~400 words takes a millisecond. Tags are read
    from the same file, which is what `jieba.posseg.POSTokenizer(tokenizer).cut(text, HMM=False)` does;
    importing `jieba.posseg` itself loads HMM tables (~0.2 s) this module never uses, so it is not imported.
    """

    def __init__(self, path: Path) -> None:
        jieba = _import_jieba()
        jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" on the console
        tokenizer = jieba.Tokenizer(dictionary=str(path))
        lines = dictionary_lines(path)
        tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(io.BytesIO("\n".join(lines).encode("utf-8")))
        tokenizer.initialized = True
        self.tokenizer = tokenizer
        self.tags: dict[str, str] = {}
        for line in lines:
            parts = line.split(" ")
            if len(parts) >= 3:
                self.tags[parts[0]] = parts[2]

    def tag(self, word: str) -> str:
        t = self.tags.get(word)
        if t:
            return t
        if word.strip() == "":
            return "w"
        if re.fullmatch(r"[\d.]+", word):
            return "m"
        if word.isascii() and word.isalnum():
            return "eng"
        if len(word) == 1 and not ("\u4e00" <= word <= "\u9fff"):
            return "w"  # punctuation
        return "x"  # unknown ideograph: part of some noun phrase

    def tokens(self, s: str) -> list[tuple[str, int, int, str]]:
        """(word, start, end, tag) for `s`, dictionary words whole, other ideographs one by one."""
        return list(_Segmentation(self, s).tokens(0, len(s)))


# jieba's own character classes (`re_han_default`, `re_eng` in jieba/__init__.py)
_JIEBA_BLOCK = re.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+")
_JIEBA_ENG = re.compile("[a-zA-Z0-9]")
_Token = tuple[str, int, int, str]


class _Segmentation:
    """jieba's segmentation (`Tokenizer.cut(s, HMM=False)`) of one text, from any offset to any end.

    Why not jieba itself: the reader segments the rest of a clause after every number (`noun_after`), and jieba
    segments the whole of what it is given before it yields the first word, so a long clause with many numbers
    cost time quadratic in its length (issue 14: 2 000 numbers, 59 s). jieba finds the most probable path from
    the END of a block backwards (`calc`), so the best path from any offset to a given end is the same whether
    the text starts there or earlier: one table of best paths per end serves every start, filled leftwards only
    as far as asked, and words are yielded lazily. The result is jieba's, word for word (tests compare them).
    """

    def __init__(self, lex: _Lexicon, s: str) -> None:
        self.s = s
        self.tag = lex.tag
        self.freq: dict[str, int] = lex.tokenizer.FREQ
        self.logtotal = log(lex.tokenizer.total)
        self.block_end = [-1] * len(s)  # end of jieba's block holding each character; -1 outside blocks
        for m in _JIEBA_BLOCK.finditer(s):
            self.block_end[m.start():m.end()] = [m.end()] * (m.end() - m.start())
        self.routes: dict[int, tuple[dict[int, tuple[float, int]], int]] = {}  # end -> (best paths, lowest start)

    def route(self, end: int, lo: int) -> dict[int, tuple[float, int]]:
        """Best (log-probability, end of first word - 1) from each start >= `lo` to `end` (jieba's `calc`)."""
        route, low = self.routes.get(end) or ({end: (0.0, 0)}, end)
        s, freq, logtotal = self.s, self.freq, self.logtotal
        for k in range(low - 1, lo - 1, -1):
            ends = []  # jieba's get_DAG: the dictionary words starting at k, within `end`
            i, frag = k, s[k]
            while i < end and frag in freq:
                if freq[frag]:
                    ends.append(i)
                i += 1
                frag = s[k:i + 1]
            route[k] = max((log(freq.get(s[k:x + 1]) or 1) - logtotal + route[x + 1][0], x) for x in ends or [k])
        self.routes[end] = (route, min(lo, low))
        return route

    def tokens(self, a: int, b: int) -> Iterator[_Token]:
        """(word, start, end, tag) of `s[a:b]` as jieba cuts that string, with offsets in `s`."""
        s = self.s
        x = a
        while x < b:
            block_end = self.block_end[x]
            if block_end < 0:  # outside jieba's blocks: whitespace and punctuation, one character at a time
                y = x + 2 if s.startswith("\r\n", x) and x + 2 <= b else x + 1
                yield s[x:y], x, y, self.tag(s[x:y])
                x = y
                continue
            end = min(block_end, b)
            route = self.route(end, x)
            buf = -1  # start of a run of single Latin letters and digits, which jieba joins into one word
            while x < end:
                y = route[x][1] + 1
                if y - x == 1 and _JIEBA_ENG.match(s, x):
                    buf = x if buf < 0 else buf
                else:
                    if buf >= 0:
                        yield s[buf:x], buf, x, self.tag(s[buf:x])
                        buf = -1
                    yield s[x:y], x, y, self.tag(s[x:y])
                x = y
            if buf >= 0:
                yield s[buf:end], buf, end, self.tag(s[buf:end])


def dictionary_lines(path: Path = DICT_PATH) -> list[str]:
    """The reader's jieba dictionary, `word frequency tag` a line: the words of `target_dict.txt` and the unit
    words of `worklist/vocabulary/units.py`, where units are defined (once)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines + [f"{word} {freq} {tag}" for word, freq, tag in dictionary_entries()]


_LEXICON: _Lexicon | None = None
_LEXICON_LOCK = threading.Lock()


def _lexicon() -> _Lexicon:
    """The process-wide lexicon, built on first use."""
    global _LEXICON
    if _LEXICON is None:
        with _LEXICON_LOCK:
            if _LEXICON is None:
                _LEXICON = _Lexicon(DICT_PATH)
    return _LEXICON


# --------------------------------------------------------------------------------------------------------
# comparators

_PRE_COMPARATORS: dict[str, str] = {
    "大于等于": ">=", "大于或等于": ">=", "不得低于": ">=", "不得少于": ">=", "不低于": ">=", "不少于": ">=",
    "不小于": ">=", "至少": ">=", "最少": ">=", ">=": ">=", "=>": ">=", "≥": ">=", "≧": ">=", "⩾": ">=",
    "超过": ">", "超出": ">", "高于": ">", "大于": ">", "多于": ">", "突破": ">", "超": ">", ">": ">",
    "小于等于": "<=", "小于或等于": "<=", "不得超过": "<=", "不得高于": "<=", "不超过": "<=", "不高于": "<=",
    "不大于": "<=", "不多于": "<=", "最多": "<=", "控制在": "<=", "<=": "<=", "=<": "<=", "≤": "<=", "≦": "<=",
    "⩽": "<=",
    "低于": "<", "小于": "<", "少于": "<", "不足": "<", "<": "<",
    "达到": "=", "达": "=", "=": "=",
    # verbs that set the level aimed at: 稳定在99%以上, 提高到1200元, 缩短至15分钟
    "稳定在": "=", "保持在": "=", "维持在": "=", "提高到": "=", "提高至": "=", "提升到": "=", "提升至": "=",
    "增加到": "=", "增加至": "=", "增至": "=", "降至": "=", "降到": "=", "下降到": "=", "下降至": "=",
    "缩短至": "=", "缩短到": "=", "压缩至": "=", "压缩到": "=",
    "大约": "~", "约": "~", "接近": "~", "近": "~",
}
_PRE_RE = re.compile(
    "(?:" + "|".join(map(re.escape, sorted(_PRE_COMPARATORS, key=len, reverse=True))) + r")[ ]*$"
)
# a comparator that is the tail of another word: 下达2024年… 节约10% 赶超
_PRE_NOT_AFTER = {"达": "下到送抵表传发直通雷", "约": "节制签预合公契协邀特", "近": "最接附将临", "超": "赶"}

_POST_COMPARATORS = {
    "及以上": ">=", "或以上": ">=", "以上": ">=", "及以下": "<=", "或以下": "<=", "以下": "<=",
    "以内": "<=", "之内": "<=", "左右": "~",
}
_ALT_UNIT_RE = re.compile(r"[（(][\u4e00-\u9fff]{1,3}[）)]")
_POST_RE = re.compile(r"[ ]*(" + "|".join(sorted(_POST_COMPARATORS, key=len, reverse=True)) + ")")
# `10 个部门以上`: 以上 after a short noun still bounds the number, when the clause ends there
_POST_AFTER_NOUN_RE = re.compile(r"([\u4e00-\u9fff]{1,4}?)(及以上|以上|以下)(?=[ ]*(?:[，,。；;、)）]|$))")
_STRICT = {">=", ">", "<=", "<"}
# 至少建成1个: a bound written before the verb of the number
_PRE_GAP_RE = re.compile(r"(至少|最少|最多|不少于|不超过|不低于)([\u4e00-\u9fff]{1,3})[ ]*$")
_DURATIONS = {"小时", "分钟", "天", "周", "工作日", "个工作日", "个月"}

# --------------------------------------------------------------------------------------------------------
# text structure

_DELIMS = set("，,。；;：:！!？?")
# one-to-one, so that offsets stay those of the input: a wrapped line is a space, not a clause break
_SPACES = str.maketrans("\n\r\t\u3000\u00a0\u2002\u2003\u2009", "        ")
_NUM_RE = re.compile(
    r"百分之(?P<pct_ar>\d+(?:\.\d+)?)"
    r"|百分之(?P<pct_cn>[一二两三四五六七八九十][一二两三四五六七八九十百零〇]*)"
    r"|(?<![\d.A-Za-z_])(?P<ar>\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"|(?P<cn>[一二两三四五六七八九十][一二两三四五六七八九十百千万亿零〇]*)"
)
# list numbering: 1. 2、 (1) ①, followed by the item's text
_NUMBERING_RE = re.compile(
    r"(?<![\d.])\d{1,2}[.、](?![\d%])(?=[ ]*[\u4e00-\u9fff“《(])|\(\d{1,2}\)|[\u2460-\u2473]"
)
_RANGE_SEP_RE = re.compile(r"[ ]*(?:[-—–~～至]+)[ ]*")
_CJK = re.compile(r"[\u4e00-\u9fff]")

# numbers at the start of a phrase that only date it: 2024年 3月底 二季度末 全年
_TIME_LEAD_RE = re.compile(
    r"(?:[ 、，,]*(?:\d{4}[ ]*年度?|\d{1,2}[ ]*月(?:\d{1,2}[ ]*日)?(?:底|末|份|中旬|上旬|下旬|初)?前?"
    r"|第?[一二三四][ ]*季度(?:末|底)?|全年度?|年度|年底前?|年内|上半年|下半年|每季度|每年|当年|上年度))+"
)
_NUMBERING_LEAD_RE = re.compile(r"[ ]*(?:\d{1,2}[.、]|\(\d{1,2}\)|[\u2460-\u2473])[ ]*")
_AGE_LEAD_RE = re.compile(r"[ ]*\d+(?:[-—~～]\d+)?[ ]*(?:周岁|岁)(?:及以上|以上|以下)?")

# labels that introduce a bare figure rather than name a metric: 年度指标2.6, 年度目标值4.12
_LABEL_RE = re.compile(r"(?:年度)?(?:指标|目标)值?[ ]*[:：]?[ ]*$")
_LABELS = {"年度指标", "年度目标值", "年度目标", "目标值", "指标值", "指标", "目标", "年度指标值"}

# verbs after which the phrase before a number starts: 为…毕业生开发|见习岗位20个
_CUT_VERBS = {
    "开展", "完成", "新增", "建成", "建设", "新建", "改造", "提升", "改造提升", "筹集", "开工", "新开工", "开发",
    "新开发", "举办", "申报", "推荐", "创建", "创成", "培养", "培育", "配置", "新增配置", "实现",
}
# verbs that never name what is counted (a phrase left empty after them has no metric)
_GENERIC_VERBS = {
    "开展", "完成", "达到", "达", "实现", "推进", "新增", "建成", "建设", "新建", "做好", "落实", "实施", "启动",
    "确保", "力争", "争取", "加强", "组织", "举办", "申报", "推荐", "创建", "创成", "通过", "提升", "超过", "超",
    "会同", "下达", "制定", "开设", "设立", "挂牌", "新开工", "开工", "筹集", "配置", "新增配置", "运营", "建成运营",
    "录入", "发放", "提供", "培育", "培养",
}
_LEAD_STRIP_TAGS = {"v", "d", "t", "p", "c", "u", "f", "w"}
_TRAIL_STRIP_WORDS = {"的", "均", "都", "为", "是", "要", "需", "应", "达", "达到", "占", "共", "共计", "合计",
                      "累计", "已", "分别", "将"}
_FOLLOW_TRAIL_WORDS = ("目标任务", "建设", "改建", "任务", "工作", "目标", "指标")
# a count that names the list it introduces (两张清单, 2个省级地方标准, 四项专项治理)
_LIST_NOUNS = ("清单", "标准", "专项治理", "样本", "方面", "领域", "环节", "机制", "体系", "原则")
_LIST_INTRO = re.compile(r"(?:以下|如下|下列|上述|等)[ ]*$")
_QUALIFIED_NOUN = re.compile(r"[ ]*(?:的|部分)")
_CLAUSE_GLUE = set("并且和及或等")
_OPENERS = set("“(（《")
_PERCENT = Unit("%", "%", Decimal(1), "percent")
_PLAIN_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
_DONE_AFTER = re.compile(r"(?:完成|实现|达到)")


@dataclass(slots=True)
class _Hit:
    """A number accepted as a target, before its metric is read."""

    start: int  # of `text` (comparator included)
    end: int
    num_start: int
    num_end: int  # end of the unit (before a trailing comparator)
    value: Decimal
    unit: Unit | None
    comparator: str
    prenominal: bool  # the count stands before its noun: 建成1家民生服务综合体


@dataclass(slots=True)
class _Number:
    """A number found in a cell and what the reader has learnt about it so far: the facts decoy rules read.

    Fields are filled stage by stage (see `_Reader.judge`); a rule only reads what its stage has filled."""

    a: int  # start of the number
    b: int  # end of the number (before 万/亿 read as a unit)
    m_end: int  # end of the whole numeral match
    chinese: bool  # written in Chinese numerals
    raw: str  # the number as written
    before: str = ""  # up to 8 characters before it, spaces dropped
    value: Decimal = Decimal(0)
    unit: Unit | None = None
    unit_end: int = 0
    pre_start: int = 0  # start of a comparator written before the number
    cmp_pre: str | None = None
    cmp_post: str | None = None
    end: int = 0  # end of a comparator written after the number (以上 …)
    label: bool = False  # 年度指标 / 目标值 introduces the figure
    prenominal: bool = False  # the count stands before its noun
    follow: str | None = None  # the noun phrase after the number (read on demand)
    follow_read: bool = False
    decoy: str | None = None  # the rule that refused it
    resume: int = 0  # where the reader scans on after a refusal

    @property
    def kind(self) -> str | None:
        return self.unit.kind if self.unit else None


def _skip_spans(s: str) -> list[tuple[int, int]]:
    """Spans whose numbers are names, not targets: 《titles》, short “slogans”, and list numbering."""
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"《[^《》]*》", s):
        spans.append(m.span())
    for m in re.finditer(r"[“\"‘「]([^“”\"‘’「」]{1,20})[”\"’」]", s):
        spans.append(m.span())
    for m in _NUMBERING_RE.finditer(s):
        spans.append(m.span())
    return spans


def _in_spans(i: int, spans: list[tuple[int, int]]) -> bool:
    """`i` lies in one of `spans` (sorted, not overlapping)."""
    k = bisect_right(spans, (i, inf)) - 1
    return k >= 0 and spans[k][0] <= i < spans[k][1]


def _quote_spans(s: str, a: int, b: int) -> list[tuple[int, int]]:
    """Spans of `“…”` in s[a:b], as `re.finditer(r"“[^”]*”")` finds them, in one pass even when quotes are left
    open (the regular expression rescans the rest of the text from every open quote)."""
    out = []
    i = s.find("“", a, b)
    while i >= 0:
        j = s.find("”", i + 1, b)
        if j < 0:  # no closing quote after this one: none after any later one either
            break
        out.append((i, j + 1))
        i = s.find("“", j + 1, b)
    return out


def _label_ends_at(s: str, lo: int, hi: int) -> bool:
    """`_LABEL_RE.search(s[lo:hi])` (年度指标, 目标值：…), read backwards from `hi` without copying the text."""
    j = hi
    while j > lo and s[j - 1] == " ":
        j -= 1
    if j > lo and s[j - 1] in ":：":
        j -= 1
        while j > lo and s[j - 1] == " ":
            j -= 1
    if j > lo and s[j - 1] == "值":
        j -= 1
    return j - 2 >= lo and s[j - 2:j] in ("指标", "目标")


def _skip_spaces(s: str, i: int) -> int:
    while i < len(s) and s[i] == " ":
        i += 1
    return i


def _year_like(value: Decimal, raw: str) -> bool:
    return "." not in raw and 1900 <= value <= 2100


class _Reader:
    """Reads the targets of one cell (not a bare-number cell)."""

    def __init__(self, original: str, s: str, name_unit: Unit | None) -> None:
        self.original = original
        self.s = s
        self.name_unit = name_unit
        self.lex = _lexicon()
        self.seg = _Segmentation(self.lex, s)
        self.tokens = list(self.seg.tokens(0, len(s)))
        self.bounds = {a for _, a, _, _ in self.tokens} | {len(s)}
        self.numbering = [m.span() for m in _NUMBERING_RE.finditer(s)]
        self._index(s)
        self._follow: dict[tuple[int, int], str | None] = {}
        self.trace: list[tuple[str, str]] | None = None  # (number, decoy rule) when `explain` asks

    def _index(self, s: str) -> None:
        """Tables that answer the reader's questions about a position in constant or logarithmic time, so that
        reading a cell stays linear in its length however many numbers it holds."""
        n = len(s)
        # clause limits without numbering: after the last delimiter before i, at the first one from i
        self.delim_start = [0] * (n + 1)
        for i in range(1, n + 1):
            self.delim_start[i] = i if s[i - 1] in _DELIMS else self.delim_start[i - 1]
        self.delim_end = [n] * (n + 1)
        for i in range(n - 1, -1, -1):
            self.delim_end[i] = i if s[i] in _DELIMS else self.delim_end[i + 1]
        self.numbering_starts = [a for a, _ in self.numbering]
        self.numbering_ends = [b for _, b in self.numbering]
        # skipped spans (titles, slogans, numbering) may overlap: mark their characters
        depth, self.skipped = [0] * (n + 1), bytearray(n + 1)
        for a, b in _skip_spans(s):
            depth[a] += 1
            depth[b] -= 1
        run = 0
        for i in range(n + 1):
            run += depth[i]
            self.skipped[i] = run > 0
        self.token_ends = [b for _, _, b, _ in self.tokens]
        self.last_word: list[int] = []  # index of the last token up to k that is not whitespace
        for k, (w, *_rest) in enumerate(self.tokens):
            self.last_word.append(k if w.strip() else (self.last_word[-1] if k else -1))
        self.last_de = [-1] * (n + 1)  # position of the last 的 before i
        for i in range(1, n + 1):
            self.last_de[i] = i - 1 if s[i - 1] == "的" else self.last_de[i - 1]
        self.leiji = [m.start() for m in re.finditer("累计", s)]

    # ---- clause structure
    def clause_start(self, i: int) -> int:
        """Start of the clause holding i: after a delimiter or after a list number (1. (2) ③)."""
        j = self.delim_start[i]
        k = bisect_right(self.numbering_ends, i) - 1  # the last numbering that ends by i
        if k >= 0 and self.numbering[k][0] >= j:
            return self.numbering[k][1]
        return j

    def clause_end(self, i: int) -> int:
        """End of the clause holding i: a delimiter or the next list number."""
        j = self.delim_end[i]
        k = bisect_left(self.numbering_starts, i)  # the first numbering that starts from i
        if k < len(self.numbering) and self.numbering[k][0] < j:
            return self.numbering[k][0]
        return j

    def prev_token(self, i: int) -> tuple[str, str] | None:
        """The last word (not whitespace) that ends by i, and its tag."""
        k = bisect_right(self.token_ends, i) - 1
        k = self.last_word[k] if k >= 0 else -1
        return (self.tokens[k][0], self.tokens[k][3]) if k >= 0 else None

    def cumulative(self, a: int, b: int) -> bool:
        """累计 is written in s[a:b]."""
        k = bisect_left(self.leiji, a)
        return k < len(self.leiji) and self.leiji[k] + 2 <= b

    # ---- reading numbers
    def read(self) -> list[Target]:
        hits: list[_Hit] = []
        pos = 0
        s = self.s
        while True:
            m = _NUM_RE.search(s, pos)
            if not m:
                break
            pos = m.end()
            hit, pos = self.judge(m)
            if hit is not None:
                hits.extend(hit)
        return self.finish(hits)

    def judge(self, m: re.Match[str]) -> tuple[list[_Hit] | None, int]:
        """Decide whether the number at `m` is a target; return the hit(s) and where to scan on.

        Reading (value, unit, comparators) is done here; every reason to refuse a number is a named decoy rule
        of `DECOYS`, tried in stages as the facts it needs become known."""
        s = self.s
        a, b = m.span()
        n = _Number(a=a, b=b, m_end=m.end(), chinese=m.group("cn") is not None, raw="")
        if self.refused(_SPAN_DECOYS, n):
            return None, b

        if m.group("pct_ar") or m.group("pct_cn"):
            raw = m.group("pct_ar") or m.group("pct_cn")
            val = parse_arabic(raw) if m.group("pct_ar") else parse_chinese(raw)
            if val is None:
                return None, b
            pre_start, cmp_pre = self.pre_comparator(a)
            end, cmp_post = self.post_comparator(b)
            cmp = cmp_pre if cmp_pre not in (None, "=") else (cmp_post or cmp_pre or "=")
            return [_Hit(pre_start, end, a, b, Decimal(val), _PERCENT, cmp, False)], end

        n.raw = m.group("cn") if n.chinese else m.group("ar")
        k = a
        while k > 0 and s[k - 1] == " ":
            k -= 1
        n.before = s[max(0, k - 8):k]  # the text just before the number, spaces dropped (a short tail suffices)
        if self.refused(_WORD_DECOYS, n):
            return None, n.resume
        if n.chinese:
            if len(n.raw) > 1 and n.raw[-1] in "万亿":
                n.raw, n.b = n.raw[:-1], b - 1  # 三万人: 3 万人, like 3万人
            val = parse_chinese(n.raw)
            if val is None:
                return None, m.end()  # not one numeral (十四五)
            n.value = Decimal(val)
        else:
            n.value = parse_arabic(n.raw)
        b = n.b
        if self.refused(_VALUE_DECOYS, n):
            return None, n.resume

        # a range: 0—3岁, 2022—2025年, 3-5家
        rng = _RANGE_SEP_RE.match(s, b)
        if rng and not n.chinese:
            m2 = _PLAIN_NUMBER_RE.match(s, rng.end())
            if m2:
                return self.judge_range(a, n.value, m2)

        # 100余人, 20多家: more than
        approx = None
        after_num = b
        if s[b:b + 1] in ("余", "多") and match_unit(s, b + 1):
            approx, after_num = ">", b + 1

        hit_unit = match_unit(s, after_num)
        n.unit, n.unit_end = None, b
        if hit_unit:
            n.unit, n.unit_end = hit_unit
            ustart = _skip_spaces(s, after_num)
            if ustart not in self.bounds or n.unit_end not in self.bounds:
                n.unit, n.unit_end = None, b  # 5.8人道: 人 is not a word here
            elif n.chinese and (n.unit.kind == "magnitude" or (n.unit.base or "") in DIGIT_ONLY_UNITS):
                n.unit, n.unit_end = None, b  # 一本账, 一部分: a counter read as a word after a Chinese numeral
        if self.refused(_UNIT_DECOYS, n):
            return None, n.resume

        n.pre_start, n.cmp_pre = self.pre_comparator(a)
        n.label = _label_ends_at(s, self.clause_start(a), n.pre_start)
        n.end, n.cmp_post = self.post_comparator(n.unit_end)
        if n.cmp_post is None and n.unit is not None and n.unit.kind in ("count", "money"):
            pm = _POST_AFTER_NOUN_RE.match(s, _skip_spaces(s, n.unit_end))
            if pm:
                n.end, n.cmp_post = pm.end(), _POST_COMPARATORS[pm.group(2)]
                n.prenominal = True  # 10个部门以上: the bound follows the noun the count stands before
        cmp = approx or (n.cmp_pre if n.cmp_pre not in (None, "=") else (n.cmp_post or n.cmp_pre or "="))
        if self.refused(_CONTEXT_DECOYS, n):
            return None, n.resume

        kind = n.kind
        j = _skip_spaces(s, n.end)
        nxt = s[j:j + 1]
        noun_follows = bool(nxt) and bool(_CJK.match(nxt)) and nxt not in _CLAUSE_GLUE
        if n.cmp_post in (">=", "<=") and not n.prenominal and kind != "percent" and _is_classifier(n.unit):
            n.prenominal = noun_follows  # 打造2个以上示范点: a classifier counts what follows it
        if not n.prenominal and kind in ("count", "money", "percent", "magnitude"):
            n.prenominal = (noun_follows or nxt == "“") or bool(_AGE_LEAD_RE.match(s, j))
        if self.refused(_LIST_DECOYS, n):
            return None, n.resume
        return [_Hit(n.pre_start, n.end, a, n.unit_end, n.value, n.unit, cmp, n.prenominal)], n.end

    def refused(self, decoys: tuple[Decoy, ...], n: _Number) -> bool:
        """The first decoy rule that applies to `n` refuses it (noted in `n.decoy` and `n.resume`)."""
        for rule in decoys:
            if rule.applies(self, n):
                n.decoy, n.resume = rule.name, getattr(n, rule.resume)
                if self.trace is not None:
                    self.trace.append((self.s[n.a:n.b], rule.name))
                return True
        return False

    def judge_range(self, a: int, low: Decimal, m2: re.Match[str]) -> tuple[list[_Hit] | None, int]:
        """`3-5家` -> >= 3 and <= 5; ranges of ages, years and durations are not targets."""
        s = self.s
        high = parse_arabic(m2.group(0))
        b2 = m2.end()
        hit = match_unit(s, b2)
        if not hit:
            self.note(a, b2, "range_without_unit")
            return None, b2
        unit, unit_end = hit
        if unit.kind not in ("count", "money", "percent") or unit_end not in self.bounds:
            self.note(a, b2, "range_of_ages_years_or_durations")
            return None, unit_end
        pre_start, _ = self.pre_comparator(a)
        return [
            _Hit(pre_start, unit_end, a, unit_end, low, unit, ">=", False),
            _Hit(pre_start, unit_end, a, unit_end, high, unit, "<=", False),
        ], unit_end

    def note(self, a: int, b: int, rule: str) -> None:
        if self.trace is not None:
            self.trace.append((self.s[a:b], rule))

    def pre_comparator(self, a: int) -> tuple[int, str | None]:
        """Comparator written just before the number: (start of the comparator, comparator) or (a, None)."""
        s = self.s
        lo = max(self.clause_start(a), a - 8)
        m = _PRE_RE.search(s, lo, a)
        if not m:
            g = _PRE_GAP_RE.search(s, max(self.clause_start(a), a - 10), a)
            if g and self.lex.tags.get(g.group(2)) == "v":
                return g.start(), _PRE_COMPARATORS[g.group(1)]
            return a, None
        word = m.group(0).rstrip(" ")
        bad = _PRE_NOT_AFTER.get(word)
        if bad and m.start() > 0 and s[m.start() - 1] in bad:
            return a, None
        return m.start(), _PRE_COMPARATORS[word]

    def post_comparator(self, i: int) -> tuple[int, str | None]:
        m = _POST_RE.match(self.s, i)
        if not m:
            # an alternative unit in brackets may stand between: 300套（间）以上
            alt = _ALT_UNIT_RE.match(self.s, i)
            m = _POST_RE.match(self.s, alt.end()) if alt else None
            if not m:
                return i, None
        return m.end(), _POST_COMPARATORS[m.group(1)]

    # ---- metrics: found on the mapped text, sliced from the input so that they read as written
    def phrase(self, a: int, b: int) -> str | None:
        """The input's text in [a, b), without layout spaces and edge punctuation; None when empty."""
        text = re.sub(r"\s+", "", self.original[a:b]).strip("，,、：:;；")
        return text or None

    def noun_after(self, i: int, raw: bool = False) -> str | None:
        """The noun phrase that follows a count (建成1家|民生服务综合体|建设): up to the next verb."""
        s = self.s
        a, b = i, self.clause_end(i)
        age = _AGE_LEAD_RE.match(s, a, b)
        if age:
            a = age.end()
        post = _POST_RE.match(s, a, b)
        if post:
            a = post.end()
        a = _skip_spaces(s, a)
        if s.startswith(("关于", "针对", "对"), a, b):
            k = self.last_de[b]
            return self.tidy_follow(k + 1, b) if k >= a else None
        toks = self.seg.tokens(a, b)  # lazily: the phrase ends at the first verb, number or punctuation
        tok = next(toks, None)
        while tok is not None and tok[0] in _GENERIC_VERBS:
            tok = next(toks, None)
        if tok is not None and tok[3] == "p":
            return None
        out: list[_Token] = []
        while tok is not None:
            w, t = tok[0], tok[3]
            if t == "w" and w not in "“”\"":
                break
            if out and t in ("v", "vi", "t", "f", "p", "m", "eng"):
                break
            if not out and t in ("f", "m"):
                break
            out.append(tok)
            tok = next(toks, None)
        if not out:
            return None
        a, b = out[0][1], out[-1][2]
        if raw:
            return self.phrase(a, b)
        k = s.rfind("的", a, b)
        if k >= 0:
            a = k + 1
        return self.tidy_follow(a, b)

    def tidy_follow(self, a: int, b: int) -> str | None:
        """Drop the work words that end a phrase after a count (…示范场景|改建, …筛查|任务)."""
        if (a, b) not in self._follow:  # numbers of one clause ask for the same phrase after a 的
            self._follow[a, b] = self._tidy_follow(a, b)
        return self._follow[a, b]

    def _tidy_follow(self, a: int, b: int) -> str | None:
        s = self.s
        changed = True
        while changed:
            changed = False
            while b > a and s[b - 1] in " ，,、":
                b -= 1
            for w in _FOLLOW_TRAIL_WORDS:
                if s.endswith(w, a, b) and b - a > len(w):
                    b, changed = b - len(w), True
        phrase = self.phrase(a, b)
        if phrase is None or phrase in _LABELS or phrase in _FOLLOW_TRAIL_WORDS:
            return None
        return phrase

    def noun_before(self, a: int, b: int) -> str | None:
        """The metric written before a number, without the verbs, adverbs and dates around it."""
        s = self.s
        a = _lead_end(s, a, b)
        toks = list(self.seg.tokens(a, b))
        quoted = _quote_spans(s, a, b)
        last = b - 1  # the last character that is not a separator: a cut verb must leave a phrase before it
        while last >= a and s[last] in " 、，,":
            last -= 1
        cut = None
        for w, x, y, t in toks:
            if w in _CUT_VERBS and t == "v" and y <= last and not _in_spans(x, quoted):
                cut = y
        if cut is not None:
            a = _lead_end(s, cut, b)
            toks = list(self.seg.tokens(a, b))
        fallback = None
        k = 0
        while k < len(toks) and toks[k][3] in _LEAD_STRIP_TAGS and toks[k][0] not in _OPENERS:
            if toks[k][3] == "v" and toks[k][0] not in _GENERIC_VERBS:
                fallback = self.phrase(toks[k][1], toks[k][2])
            k += 1
        j = len(toks)
        while j > k and (toks[j - 1][0] in _TRAIL_STRIP_WORDS
                         or (toks[j - 1][3] == "w" and toks[j - 1][0] not in "”)）")):
            j -= 1
        phrase = self.phrase(toks[k][1], toks[j - 1][2]) if j > k else None
        if phrase is None:
            return fallback
        if _LABEL_RE.fullmatch(phrase) or phrase in _LABELS:
            return None
        return phrase

    def finish(self, hits: list[_Hit]) -> list[Target]:
        out: list[Target] = []
        prev: _Hit | None = None
        prev_metric: str | None = None
        for h in hits:
            cs = self.clause_start(h.start)
            same_clause = prev is not None and prev.end >= cs
            p_from = max(cs, prev.end) if same_clause and prev is not None else cs
            prefix = self.s[p_from:h.start]
            label = _label_ends_at(self.s, cs, h.start)
            metric: str | None
            if label:
                metric = None
            else:
                before = self.noun_before(p_from, h.start)
                after = self.noun_after(h.num_end) if h.prenominal else None
                is_pct = h.unit is not None and h.unit.kind == "percent"
                if is_pct and not _DONE_AFTER.match(self.s, _skip_spaces(self.s, h.end)):
                    metric = before or after
                else:
                    metric = after or before
                if metric is None and same_clause and re.fullmatch(r"[ 、和及与]*", prefix):
                    metric = prev_metric
            unit = h.unit or self.name_unit
            cumulative = self.cumulative(cs, h.start)
            out.append(_make_target(metric, h.comparator, h.value, unit, cumulative,
                                    self.original[h.start:h.end]))
            prev, prev_metric = h, metric
        return out


# --------------------------------------------------------------------------------------------------------
# decoy rules: each names one reason why a number in a sentence does not state an aim


@dataclass(frozen=True, slots=True)
class Decoy:
    """One decoy rule: `applies(reader, number)`; after a refusal the reader scans on from the number's `resume`
    field (`b`: after the number, `m_end`: after the whole numeral, `unit_end`: after its unit, `end`: after a
    trailing comparator)."""

    name: str
    applies: Callable[[_Reader, _Number], bool]
    resume: str
    example: str  # a text the rule refuses (documentation; tests/test_target_decoys.py pins each rule)


def _in_skipped_span(r: _Reader, n: _Number) -> bool:
    """《titles》, short “slogans” and list numbering (1. (2) ③) name things, they do not aim."""
    return bool(r.skipped[n.a])


def _ordinal(r: _Reader, n: _Number) -> bool:
    """第二轮, 第四轮: an ordinal."""
    return n.before.endswith("第")


def _plus_formula(r: _Reader, n: _Number) -> bool:
    """5+X, 1+1+X: a programme's formula."""
    return n.before.endswith("+") or r.s.startswith("+", _skip_spaces(r.s, n.b))


def _latin_suffix(r: _Reader, n: _Number) -> bool:
    """5G, 3A级: digits that are part of a name."""
    return not n.chinese and bool(re.match(r"[A-Za-z]", r.s[n.b:n.b + 1]))


def _inside_a_word(r: _Reader, n: _Number) -> bool:
    """统一, 唯一: a Chinese numeral that does not start a word."""
    return n.chinese and n.a not in r.bounds


def _dotted_date(r: _Reader, n: _Number) -> bool:
    """2024.3.28, 2024-03, 2024/3: a year that starts a date."""
    return not n.chinese and bool(re.match(r"[.\-/]\d", r.s[n.b:n.b + 2])) and _year_like(n.value, n.raw)


def _chinese_without_unit(r: _Reader, n: _Number) -> bool:
    """七优享, 二价, 八级工: a Chinese numeral is a number only with a counting unit."""
    return n.chinese and n.unit is None


def _age_group(r: _Reader, n: _Number) -> bool:
    """60岁以上, 3岁以下: an age names who, not how many (寿命达81.5岁 is a target)."""
    return n.kind == "age" and not (n.cmp_pre and n.cmp_post is None)


def _date_or_service_time(r: _Reader, n: _Number) -> bool:
    """2024年, 6月30日, 24小时床旁心电图: dates and services; 每天…不少于1小时, 不超过3个工作日 are aims."""
    if n.unit is None or n.kind not in ("duration", "date"):
        return False
    aimed = n.cmp_pre in _STRICT or (n.cmp_pre == "=" and n.unit.base in _DURATIONS)
    aimed = aimed and n.unit.base not in ("年度", "年制", "号") and not _year_like(n.value, n.raw)
    return not aimed


def _bare_without_comparator(r: _Reader, n: _Number) -> bool:
    """摸排24年…, 99公益日: a number without unit is a target only with a comparator or a label."""
    return n.kind is None and not (n.cmp_pre or n.cmp_post or n.label)


def _bare_year(r: _Reader, n: _Number) -> bool:
    """达到2024: a year, unless a strict comparator, a trailing bound or a label makes it a figure."""
    return (n.kind is None and _year_like(n.value, n.raw)
            and not (n.label or n.cmp_pre in _STRICT or n.cmp_post))


def _glued_to_a_word(r: _Reader, n: _Number) -> bool:
    """达到3星级: a number glued to a word that is not a unit."""
    return (n.kind is None and bool(_CJK.match(r.s[n.b:n.b + 1] or " ")) and n.cmp_post is None
            and not n.label)


def _bound_then(r: _Reader, n: _Number, text: str) -> bool:
    """以上/以下 (not after a noun) is followed by `text`."""
    return n.cmp_post in (">=", "<=") and not n.prenominal and r.s.startswith(text, _skip_spaces(r.s, n.end))


def _threshold_part(r: _Reader, n: _Number) -> bool:
    """家庭负担医疗费用5万元以上部分: a threshold that cuts a part, not an aim."""
    return _bound_then(r, n, "部分")


def _percent_threshold_of(r: _Reader, n: _Number) -> bool:
    """80%以上的村: a percentage that qualifies what follows."""
    return n.kind == "percent" and _bound_then(r, n, "的")


def _is_classifier(unit: Unit | None) -> bool:
    return unit is not None and (unit.base or "") in CLASSIFIERS


def _threshold_qualifies_noun(r: _Reader, n: _Number) -> bool:
    """支持100人以上企业: 以上 followed by a noun qualifies it (打造2个以上示范点 still counts: 个 is a classifier)."""
    if n.cmp_post not in (">=", "<=") or n.prenominal or n.kind == "percent" or _is_classifier(n.unit):
        return False
    nxt = _next_char(r, n.end)
    return bool(nxt) and bool(_CJK.match(nxt)) and nxt not in _CLAUSE_GLUE


def _counted(n: _Number) -> bool:
    return n.kind in ("count", "money")


def _after_list_intro(r: _Reader, n: _Number) -> bool:
    """以下三个项目, 等4项主要指标: a count that announces or closes a list."""
    return _counted(n) and bool(_LIST_INTRO.search(n.before[-4:]))


def _next_char(r: _Reader, i: int) -> str:
    j = _skip_spaces(r.s, i)
    return r.s[j:j + 1]


def _chinese_count_of_a_slogan(r: _Reader, n: _Number) -> bool:
    """三个“百分百”, 三大中心: a Chinese count before a quoted slogan or 大."""
    return _counted(n) and n.chinese and _next_char(r, n.unit_end) in ("“", "大")


def _chinese_count_pattern(r: _Reader, n: _Number) -> bool:
    """一户一策, 一人一档, 三个一批: a pattern of numerals, not an amount."""
    nxt = _next_char(r, n.unit_end)
    return _counted(n) and n.chinese and bool(nxt) and nxt in "一二两三四五六七八九十"


def _follow(r: _Reader, n: _Number) -> str:
    if not n.follow_read:
        n.follow, n.follow_read = r.noun_after(n.unit_end, raw=True), True
    return n.follow or ""


def _names_a_checklist(r: _Reader, n: _Number) -> bool:
    """两张清单: a count of lists."""
    return _counted(n) and _follow(r, n).startswith("清单")


def _names_kinds_of_things(r: _Reader, n: _Number) -> bool:
    """2个省级地方标准, 四类样本, 三个方面: a count of standards, kinds or fields, unless a verb sets it as an aim."""
    if not (_counted(n) and _follow(r, n).endswith(_LIST_NOUNS)):
        return False
    prev = r.prev_token(n.a)
    return not (prev is not None and prev[1] == "v")


def _restates_quoted_list(r: _Reader, n: _Number) -> bool:
    """“…”四项专项治理: the count restates the list just quoted."""
    return (_counted(n) and n.before.endswith(("”", "》", "」"))
            and bool(_CJK.match(_next_char(r, n.end))))


def _chinese_count_names_policy(r: _Reader, n: _Number) -> bool:
    """推行三项制度改革 names a policy; 开展一项新技术 is an aim: a Chinese count before its noun is read only after
    a verb, an adverb or a preposition."""
    if not (n.chinese and n.prenominal and n.cmp_pre is None):
        return False
    prev = r.prev_token(n.a)
    return prev is None or prev[1] not in ("v", "vn", "d", "p")


_SPAN_DECOYS = (Decoy("in_skipped_span", _in_skipped_span, "b", "《浙江省“十四五”托育服务发展规划》"),)
_WORD_DECOYS = (
    Decoy("ordinal", _ordinal, "b", "启动第二轮示范项目"),
    Decoy("plus_formula", _plus_formula, "b", "推进5+X托育服务"),
    Decoy("latin_suffix", _latin_suffix, "b", "5G基站建设"),
    Decoy("inside_a_word", _inside_a_word, "b", "统一套餐标准"),
)
_VALUE_DECOYS = (Decoy("dotted_date", _dotted_date, "b", "2024-03-28前完成"),)
_UNIT_DECOYS = (Decoy("chinese_without_unit", _chinese_without_unit, "m_end", "开展新八级工改革"),)
_CONTEXT_DECOYS = (
    Decoy("age_group", _age_group, "unit_end", "为60岁以上老年人接种"),
    Decoy("date_or_service_time", _date_or_service_time, "unit_end", "开展24小时床旁心电图"),
    Decoy("bare_without_comparator", _bare_without_comparator, "b", "组织开展99公益日活动"),
    Decoy("bare_year", _bare_year, "b", "参保人数达到2024，"),
    Decoy("glued_to_a_word", _glued_to_a_word, "b", "达到3星级"),
    Decoy("threshold_part", _threshold_part, "end", "医疗费用5万元以上部分"),
    Decoy("percent_threshold_of", _percent_threshold_of, "end", "覆盖80%以上的村"),
    Decoy("threshold_qualifies_noun", _threshold_qualifies_noun, "end", "支持100人以上企业开展培训"),
)
_LIST_DECOYS = (
    Decoy("after_list_intro", _after_list_intro, "unit_end", "规范开展以下三个项目"),
    Decoy("chinese_count_of_a_slogan", _chinese_count_of_a_slogan, "unit_end", "实现三个“百分百”目标"),
    Decoy("chinese_count_pattern", _chinese_count_pattern, "unit_end", "推进三个一批建设"),
    Decoy("names_a_checklist", _names_a_checklist, "unit_end", "根据两张清单"),
    Decoy("names_kinds_of_things", _names_kinds_of_things, "unit_end", "2个省级地方标准实施"),
    Decoy("restates_quoted_list", _restates_quoted_list, "unit_end", "“进场材料、渗漏”四项整治"),
    Decoy("chinese_count_names_policy", _chinese_count_names_policy, "unit_end", "推行三项制度改革"),
)
# Every decoy rule, in the order the reader tries them (the range rules of `judge_range` come with the range).
DECOYS: tuple[Decoy, ...] = (_SPAN_DECOYS + _WORD_DECOYS + _VALUE_DECOYS + _UNIT_DECOYS + _CONTEXT_DECOYS
                             + _LIST_DECOYS)
RANGE_DECOYS = ("range_without_unit", "range_of_ages_years_or_durations")


def explain(text: str) -> list[tuple[str, str | None]]:
    """For every number of a sentence: (the number, the decoy rule that refused it, or None when it was read).

    A reading aid and the test hook of the decoy rules; bare-number cells are read by `_read_bare` instead."""
    s = text.translate(HALF_WIDTH).translate(_SPACES)
    reader = _Reader(text, s, None)
    reader.trace = []
    out: list[tuple[str, str | None]] = []
    pos = 0
    while (m := _NUM_RE.search(s, pos)) is not None:
        before = len(reader.trace)
        hit, pos = reader.judge(m)
        pos = max(pos, m.start() + 1)
        if len(reader.trace) > before:
            out.append(reader.trace[-1])
        elif hit:
            out.append((s[m.start():hit[0].num_end], None))
        else:
            out.append((m.group(0), "not_a_numeral"))
    return out


def _lead_end(s: str, a: int, b: int) -> int:
    """Where the phrase s[a:b] starts once list numbering and dates are dropped (1. / 3月底 / 2024年 / 二季度末)."""
    while True:
        q = a
        m = _NUMBERING_LEAD_RE.match(s, q, b)
        q = m.end() if m else q
        m = _TIME_LEAD_RE.match(s, q, b)
        q = m.end() if m else q
        while q < b and s[q] in " 、，,":
            q += 1
        if q == a:
            return a
        a = q


def _make_target(metric: str | None, comparator: str, value: Decimal, unit: Unit | None, cumulative: bool,
                 text: str) -> Target:
    if unit is None:
        return Target(metric, comparator, float(value), None, float(value), None, cumulative, text)
    unit_base = unit.base
    if unit_base is None and metric:
        # 助餐配送餐服务人次达到2万: the metric names the unit the magnitude scales
        for u in ("人次", "户次"):
            if metric.endswith(u):
                unit_base = u
    return Target(metric, comparator, float(value), unit.written, float(value * unit.factor), unit_base,
                  cumulative, text)


# --------------------------------------------------------------------------------------------------------
# bare-number cells: 94.2 · <5 · 年度指标>63% · 年度指标2.6

_BARE_RE = re.compile(
    r"^[ ]*(?P<label>(?:年度)?(?:指标|目标)值?[ ]*[:：]?)?[ ]*"
    r"(?P<pre>" + "|".join(map(re.escape, sorted(_PRE_COMPARATORS, key=len, reverse=True))) + r")?[ ]*"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
)


def _read_bare(original: str, s: str, name_unit: Unit | None, item_type: str | None) -> list[Target] | None:
    """One target when the whole cell is a figure; None when the cell is not a bare number."""
    m = _BARE_RE.match(s)
    if not m:
        return None
    end = m.end()
    unit = None
    hit = match_unit(s, end)
    if hit:
        unit, end = hit
    post = _POST_RE.match(s, end)
    cmp_post = None
    if post:
        cmp_post, end = _POST_COMPARATORS[post.group(1)], post.end()
    if s[end:].strip(" 。.;；") != "":
        return None
    if unit is not None and unit.kind in ("age", "date", "duration"):
        return None  # 2024年, 3岁, 近3年: judged like any other number
    raw = m.group("num")
    value = parse_arabic(raw)
    pre = m.group("pre")
    cmp_pre = _PRE_COMPARATORS[pre] if pre else None
    indicator_row = item_type is None or "指标" in item_type
    if (unit is None and name_unit is None and not (pre or cmp_post or m.group("label"))
            and _year_like(value, raw) and not indicator_row):
        return None  # a lone 2024 in a task row is a year; in a 重点指标 row it is the figure aimed at
    cmp = cmp_pre if cmp_pre not in (None, "=") else (cmp_post or cmp_pre or "=")
    start = m.start("pre") if pre else m.start("num")
    text_end = len(s[:end].rstrip(" "))
    return [_make_target(None, cmp, value, unit or name_unit, False, original[start:text_end])]


def find_targets(text: str, *, name: str | None = None, item_type: str | None = None) -> list[Target]:
    """Targets in one cell's text, in reading order.

    `name` is the item's 名称: a bare number takes its unit from the name's bracket (`调查失业率(%)`).
    `item_type` is the item's 类型 (重点指标 rows carry bare-number targets). Names are read with
    `find_targets(name)`: their targets are read like any sentence's.
    """
    if not text or not text.strip():
        return []
    s = text.translate(HALF_WIDTH).translate(_SPACES)
    name_unit = unit_from_name(name)
    bare = _read_bare(text, s, name_unit, item_type)
    if bare is not None:
        return bare
    if not re.search(r"[\d一二两三四五六七八九十]", s):
        return []
    return _Reader(text, s, name_unit).read()


def _debug(text: str, **kw: Any) -> None:  # pragma: no cover - a reading aid for `python -m`
    for t in find_targets(text, **kw):
        print(t)


if __name__ == "__main__":  # pragma: no cover
    import sys

    for arg in sys.argv[1:]:
        print(arg)
        _debug(arg)
