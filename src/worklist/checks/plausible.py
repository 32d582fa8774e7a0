"""Plausibility of a row's text: values that look like another column's, names run together.

A reader that misunderstands a shape does not fail: it puts a cell's text in the wrong field (a unit in 名称, a
quarter label in 牵头单位) or loses a separator (`韩娜陈海明孙政` as one 责任人), and every record still validates.
These predicates turn such rows into a named finding with the row's `source_ref`, so the dataset suite
(`checks.rules`: derived columns checked by both engines) reports them instead of passing them silently.

Each function takes a table's columns and returns, per row, None (plausible) or one line naming the row and
the value (`t1r5: 县教育局`), which is what the warning or the failed check shows. They judge by the shape of
the text and by the document's own other column, never by a list of one county's offices or people.
"""

from __future__ import annotations

import re
from typing import Any, Sequence

from worklist.vocabulary.periods import period_of
from worklist.vocabulary.text import clean_text, squash

# An office name as it stands in a 名称 cell by mistake: an administrative level, then an office ending.
# Facility endings (院 中心 站 馆 所) are left out: `县级养老服务中心` is a fine item name.
_OFFICE = re.compile(r"^(?:县|市|区|省|州|旗)[\u4e00-\u9fff]{1,12}(?:局|委|办|办公室|部|政府|联|团委|工会|专班)$")
_SENTENCE = re.compile(r"[。；;！？!?：:，,]|\d")

# What a schedule cell says and no organisation is called: a period label (一季度, 第二季度, Q3, 1-3月,
# 上半年, 年底前, 6月底前, 2025年12月, 长期坚持, 全年) or the mark of a finished quarter (已完成). A lone / is
# left alone: a list may write it for "no 牵头单位".
_PERIOD = re.compile(
    r"^(?:第?[一二三四1-4１-４](?:[、，,至到\-—~～][一二三四1-4１-４])*季度(?:末|底|前|内)*"
    r"|[QqＱ][1-4１-４](?:[\-—~～][QqＱ]?[1-4１-４])?"
    r"|(?:\d{4}年)?\d{1,2}(?:[\-—~～至到]\d{1,2})?月(?:份)?(?:上旬|中旬|下旬|底|末|中|初)?(?:前|以前)?"
    r"|\d{4}年(?:底|末)?(?:前)?|(?:上|下)半年|全年|年底前?|年内|长期坚持|持续推进|已完成)$"
)
_SCHEDULE_MARKS = re.compile(r"[。！？]")

_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
# Words of a title or an office in a 责任人 cell (分管副县长, 县卫健局局长): those are no names run together.
_NOT_A_NAME = re.compile(r"长|主任|书记|领导|负责|委员|干部|局|委|办|部|县|市|区|镇|乡|科|处|股|副|分管|同志|班子|各")


def _ref(refs: Sequence[Any], i: int) -> str:
    r = refs[i] if i < len(refs) else None
    return f"{r}: " if isinstance(r, str) and r else ""


def name_is_a_unit(names: Sequence[Any], lead_units: Sequence[Any], refs: Sequence[Any]) -> list[str | None]:
    """名称 cells holding an organisation: one of the document's own 牵头单位, or shaped like an office name
    (县教育局, 市委政法委). A 名称 is what is done, never who does it."""
    own = {squash(u) for units in lead_units for u in (units or []) if isinstance(u, str)}
    out: list[str | None] = []
    for i, name in enumerate(names):
        s = squash(clean_text(name)) if isinstance(name, str) else ""
        bad = bool(s) and not _SENTENCE.search(s) and (s in own or bool(_OFFICE.match(s)))
        out.append(f"{_ref(refs, i)}{s}" if bad else None)
    return out


def unit_is_a_period(lead_units: Sequence[Any], refs: Sequence[Any]) -> list[str | None]:
    """牵头单位 entries that read as a schedule: a period label (二季度, 6月底前, 全年) or a sentence (…完成。)."""
    out: list[str | None] = []
    for i, units in enumerate(lead_units):
        hits = [u for u in (units or []) if isinstance(u, str)
                and (_PERIOD.match(squash(u)) or period_of(u) is not None or _SCHEDULE_MARKS.search(u))]
        out.append(f"{_ref(refs, i)}{'、'.join(hits)}" if hits else None)
    return out


def owners_run_together(owners: Sequence[Any], refs: Sequence[Any]) -> list[str | None]:
    """责任人 entries that are no one person's name: five or more Chinese characters with no title or office word
    in them — several 2–4 character names whose separator was lost (韩娜陈海明孙政) — or a single character, the
    rest of a name cut off (a printed cell too low for its lines shows only `政`). Names written with ·
    (少数民族) are left alone."""
    out: list[str | None] = []
    for i, people in enumerate(owners):
        hits = [p for p in (people or []) if isinstance(p, str) and _HAN.match(p)
                and (len(p) == 1 or (5 <= len(p) <= 16 and not _NOT_A_NAME.search(p)))]
        out.append(f"{_ref(refs, i)}{'、'.join(hits)}" if hits else None)
    return out
