"""Periods a schedule text names, and the quarters they cover.

Some offices write the whole schedule in one cell (`一季度：完成选址；二季度：开工建设`, on lines or after ；)
or give one 完成时限 / 时间节点 column (`6月底前`, `2025年12月`, `长期坚持`). Such a cell is read by the periods
it names, never by its position: each label says which quarters its text covers. The labels are vocabulary
(quarters in every spelling, month ranges, month ends, halves, the year), not one file's wording:

- quarters: 一季度, 第一季度, 1季度, Q1, 一、二季度, 一至三季度, 1-2季度, Q1-Q2;
- months: 1-3月 (Q1), 6月底前 / 6月末 / 六月 / 2025年6月30日前 (the month's quarter, Q2);
- halves and the year: 上半年 (Q1–Q2), 下半年 (Q3–Q4), 年底前 / 年末 / 2025年底 (Q4), 全年 / 年内 /
  长期坚持 / 持续推进 / 常态化 (Q1–Q4).

`split_periods` cuts a cell where a segment (the text's start, or after a line break or ；) opens with a
label; text before the first label belongs to no period, which the caller reports by name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from worklist.vocabulary.numerals import parse_chinese

Quarters = tuple[int, int]

_Q = r"[一二三四1-4]"
_CN_MONTH = r"(?:十[一二]?|[一二三四五六七八九])"
_MONTH = rf"(?:1[0-2]|0?[1-9]|{_CN_MONTH})"
# each alternative names one group layout; see _quarters
_LABELS: list[tuple[str, re.Pattern[str]]] = [
    ("q_range", re.compile(rf"第?({_Q})(?:季度)?[、，,至到~～\-—–]第?({_Q})季度")),
    ("qq_range", re.compile(r"[Qq]([1-4])\s*[-—–~～至到]\s*[Qq]([1-4])")),
    ("q", re.compile(rf"第?({_Q})季度(?:末|初|内)?(?:前|之前|以前)?")),
    ("qq", re.compile(r"[Qq]([1-4])(?![0-9])")),
    ("m_range", re.compile(rf"(?:\d{{4}}年)?({_MONTH})月?(?:份)?[-—–~～至到]({_MONTH})月(?:份|底|末)?(?:前|之前|以前)?")),
    ("m", re.compile(rf"(?:\d{{4}}年)?({_MONTH})月(?:份|底|末|初|中旬|上旬|下旬|中|\d{{1,2}}日)?(?:前|之前|以前|内)?")),
    ("h1", re.compile(r"(?:\d{4}年)?上半年(?:度)?(?:前|之前|以前|内)?")),
    ("h2", re.compile(r"(?:\d{4}年)?下半年(?:度)?(?:前|之前|以前|内)?")),
    ("end", re.compile(r"(?:\d{4}年|年)(?:底|末|终)(?:前|之前|以前)?")),
    ("year", re.compile(r"(?:\d{4}年)?(?:全年|年内|全年度|年度内)|长期坚持|持续推进|持续开展|常态化(?:推进|开展)?|\d{4}年(?:内)?")),
]
_SEGMENT_START = re.compile(r"(?:^|(?<=[\n；;。]))[ \t\u3000]*(?:[（(]?\d{1,2}[)）.、．]\s*)?")
_AFTER_LABEL = re.compile(r"^[：:，,、\s]*")


_MAYBE = re.compile(r"[季月年底末Qq]|坚持|持续|常态")  # every label holds one of these: a cheap first look


def _month(text: str) -> int | None:
    n = int(text) if text.isdigit() else parse_chinese(text)
    return n if n is not None and 1 <= n <= 12 else None


def _quarters(kind: str, groups: tuple[str | None, ...]) -> Quarters | None:
    def q(s: str | None) -> int:
        return {"一": 1, "二": 2, "三": 3, "四": 4}.get(s or "", 0) or int(s or 0)

    if kind in ("q_range", "qq_range"):
        a, b = q(groups[0]), q(groups[1])
        return (a, b) if 1 <= a <= b <= 4 else None
    if kind in ("q", "qq"):
        return (q(groups[0]), q(groups[0]))
    if kind == "m_range":
        m1, m2 = _month(groups[0] or ""), _month(groups[1] or "")
        return ((m1 - 1) // 3 + 1, (m2 - 1) // 3 + 1) if m1 and m2 and m1 <= m2 else None
    if kind == "m":
        m = _month(groups[0] or "")
        return ((m - 1) // 3 + 1,) * 2 if m else None
    return {"h1": (1, 2), "h2": (3, 4), "end": (4, 4), "year": (1, 4)}.get(kind)


def leading_label(text: str) -> tuple[Quarters, int] | None:
    """(quarters, length of the label) when `text` opens with a period label; None otherwise."""
    if not _MAYBE.search(text[:16]):  # a label ends within its first characters
        return None
    s = unicodedata.normalize("NFKC", text)
    if len(s) != len(text):  # compatibility forms change lengths: read positions on the original
        s = text
    for kind, pattern in _LABELS:
        m = pattern.match(s)
        if m:
            quarters = _quarters(kind, m.groups())
            if quarters is not None:
                return quarters, m.end()
    return None


def period_of(text: str) -> Quarters | None:
    """The quarters a text names when the whole text is one period label (`6月底前`, `2025年12月`, `长期坚持`)."""
    if not text or not _MAYBE.search(text):
        return None
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    hit = leading_label(s)
    return hit[0] if hit is not None and hit[1] == len(s) else None


@dataclass(frozen=True)
class Period:
    """One segment of a schedule cell: the quarters its label names, and its text as written."""

    q_from: int
    q_to: int
    text: str


def split_periods(text: str) -> tuple[list[Period], str]:
    """The segments of a cell that names its periods, and the text before the first label ("" if none).

    A segment starts at the cell's start or after a line break, ；, or 。 with a period label; it runs to the
    next such start. No segment at all: ([], the whole text)."""
    raw = (text or "").replace("\r", "")
    starts: list[tuple[int, Quarters]] = []
    for m in _SEGMENT_START.finditer(raw):
        hit = leading_label(raw[m.end():])
        if hit is not None and (not starts or starts[-1][0] < m.start()):
            starts.append((m.start(), hit[0]))
    if not starts:
        return [], raw.strip()
    out: list[Period] = []
    for i, (pos, quarters) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(raw)
        seg = raw[pos:end].strip().rstrip("；;").strip()
        if seg:
            out.append(Period(quarters[0], quarters[1], seg))
    return out, raw[:starts[0][0]].strip().strip("；;").strip()


def named_periods(text: str) -> list[Quarters]:
    """The periods a text labels as a schedule does, `一季度：…` (a label at a segment start and a colon after it),
    for the check that one milestone names one period. A date inside prose (`；12月31日前完成…；全年做好…` in
    a fourth-quarter cell) is no label."""
    out: list[Quarters] = []
    if "：" not in text and ":" not in text:
        return out
    for p in split_periods(text)[0]:
        hit = leading_label(_SEGMENT_START.sub("", p.text, count=1))
        rest = _SEGMENT_START.sub("", p.text, count=1)[hit[1]:] if hit else ""
        if re.match(r"^\s*[：:]", rest):
            out.append((p.q_from, p.q_to))
    return out


def deadline_quarters(text: str) -> Quarters | None:
    """The quarters a deadline text falls in: its own label, else the last period it names anywhere
    (`力争2025年6月底前完成` → Q2); None when it names none."""
    whole = period_of(text)
    if whole is not None:
        return whole
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    found: list[Quarters] = []
    i = 0
    while i < len(s):
        hit = leading_label(s[i:])
        if hit is not None and hit[0] != (1, 4) and not s[i - 1:i].isdigit():
            found.append(hit[0])
            i += hit[1]
        else:
            i += 1
    return found[-1] if found else None
