"""What a cell's text looks like: the vocabulary used to recognise fields by content.

The TXT notice loses cells and shifts others; 类型 labels are centred in their group or broken over two
lines. These predicates let the shared steps realign a row by what its cells contain (a 类型 label, a unit's
name, a person's name, a schedule text), never by row number. They are deliberately about *shape*, not about
one county's offices, so that next year's list from another county reads the same way.
"""

from __future__ import annotations

import re

from worklist.vocabulary.numerals import parse_chinese
from worklist.vocabulary.text import clean_text, squash
from worklist.vocabulary.labels import TYPE_LABELS
from worklist.vocabulary.units import ORG_BRANCH_SUFFIXES, ORG_SHORT_NAMES, ORG_STARTS, ORG_SUFFIXES

_TYPE_FRAGMENTS = {t[:k] for t in TYPE_LABELS for k in range(1, len(t))} | {
    t[k:] for t in TYPE_LABELS for k in range(1, len(t))
}

# Endings and starts of office names (vocabulary.units): 县卫健局, 县总工会, 团县委, 各乡镇.
_UNIT_END = re.compile("(" + "|".join(sorted(ORG_SUFFIXES, key=len, reverse=True)) + ")$")
_UNIT_START = re.compile(r"^(县|市|区|省|州|旗|各|镇|乡|街道|" + "|".join(ORG_STARTS)
                         + r"|[\u4e00-\u9fff]{2,4}(县|市|区|镇|乡))")
_STRICT_START = re.compile(r"^(县|市|区|省|各|" + "|".join(ORG_STARTS) + ")")
_BRANCH = re.compile("(" + "|".join(ORG_BRANCH_SUFFIXES) + ")$")
_SENTENCE_MARKS = re.compile(r"[。；;！？!?，,：:]|\d+[%％]")
_PERSON = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
# A 序号 of any length: lists of 2 000 rows number them up to 2000 (a year-like 2024 in a 序号 cell is a 序号 too)
_SEQ = re.compile(r"^[（(]?\s*(\d{1,6})\s*[)）.、．]?$")
_CN_SEQ = re.compile(r"^[一二两三四五六七八九十百千零〇]{1,8}$")  # 三, 十二, 一百零一: a numeral, not a word


def normalize_type(label: str) -> str:
    """Canonical 类型: spaces and line breaks gone; the three known labels as the contract spells them."""
    s = squash(label)
    return s


def is_type_label(text: str) -> bool:
    """A whole 类型 label (known or another office's)."""
    s = squash(text)
    return bool(s) and s in TYPE_LABELS


def is_type_fragment(text: str) -> bool:
    """Part of a label broken over rows or lines (重点 / 指标)."""
    s = squash(text)
    return bool(s) and (s in _TYPE_FRAGMENTS or is_type_label(s))


def join_type_fragments(parts: list[str]) -> str | None:
    """The group's label from the labels/fragments found on its rows, in order (None if there are none)."""
    parts = [squash(p) for p in parts if squash(p)]
    if not parts:
        return None
    if all(p == parts[0] for p in parts):
        return normalize_type(parts[0])
    joined = "".join(parts)
    if is_type_label(joined):
        return normalize_type(joined)
    # fragments broken over rows, possibly repeated on later pages: try consecutive pairs
    for i in range(len(parts) - 1):
        if is_type_label(parts[i] + parts[i + 1]):
            return normalize_type(parts[i] + parts[i + 1])
    for p in parts:
        if is_type_label(p):
            return normalize_type(p)
    return normalize_type(parts[0])


# The number in front of a section heading: 一、 （一） 第一部分 1. 1、 (一)
_HEADING_NUMBER = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百\d]+(?:部分|篇|章|节|类)[、.．:：\s]*|[一二三四五六七八九十]+[、.．]"
    r"|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d))\s*")


def heading_label(text: str) -> tuple[str, bool] | None:
    """(label, numbered) of a section heading's text (`一、幼有善育` → 幼有善育, True); None when the text is
    no heading: a sentence, a number alone, or longer than a heading runs."""
    s = squash(clean_text(text))
    m = _HEADING_NUMBER.match(s)
    label = s[m.end():] if m else s
    if not label or len(label) > 20 or _SENTENCE_MARKS.search(label) or parse_seq(label) is not None:
        return None
    return label, m is not None


def parse_seq(text: str) -> int | None:
    """序号 as an int: `3`, `3.`, `（3）`, `三`, `十二`; None if the cell is not a number."""
    s = squash(text)
    if not s:
        return None
    m = _SEQ.match(s)
    if m:
        return int(m.group(1))
    s = s.strip("（()）.、．")
    return parse_chinese(s) if _CN_SEQ.match(s) else None


def is_unit_name(text: str) -> bool:
    """Looks like one or more office names (牵头单位), not a sentence or a person."""
    parts = split_units(text)
    if not parts:
        return False
    return all(_looks_like_unit(p) for p in parts)


def _looks_like_unit(p: str) -> bool:
    if _SENTENCE_MARKS.search(p) or len(p) > 30:
        return False
    return bool(_UNIT_END.search(p)) or (bool(_UNIT_START.match(p)) and len(p) >= 3 and not _PERSON.match(p))


def is_person_list(text: str) -> bool:
    """Looks like 责任人: one or more 2–4 character names."""
    parts = split_owners(text)
    return bool(parts) and all(_PERSON.match(p) and not _looks_like_unit(p) for p in parts)


# Breaks between the lines of a cell as every form writes them: a line break (PDF lines, paragraphs, <br>), or
# a run of spaces of any kind (a TXT export joins a cell's paragraphs with a space; a printed gap).
_BREAKS = re.compile(r"\s+")


def is_whole_unit(name: str) -> bool:
    """A whole office name: it ends the way office names end, is no sentence, and has three characters or is
    one of the short names (县委, 妇联): `县科` or `团` are fragments of a name cut by a line break."""
    s = clean_text(name).replace(" ", "")
    if len(s) < 2 or _SENTENCE_MARKS.search(s) or not _UNIT_END.search(s):
        return False
    return len(s) >= 3 or s in ORG_SHORT_NAMES


def starts_new_unit(before: str, line: str) -> bool:
    """Whether `line`, after a line break, starts a unit of its own rather than continuing `before`.

    Only after a whole name (`团` | `县委` and `县卫健` | `局` are one name cut), and only when the line is not a
    branch of the office before it (市生态环境局 | 嵊泗分局) nor an ending alone (办公室), and either starts
    the way office names start (县民政局, 团县委) or is itself a whole name of three characters or more."""
    ln = clean_text(line).replace(" ", "")
    if not is_whole_unit(before) or not ln or _UNIT_END_ONLY.match(ln) or _SENTENCE_MARKS.search(ln):
        return False
    if _BRANCH.search(ln) and not _UNIT_START.match(ln):
        return False
    if _UNIT_START.match(ln):
        return True
    # 发改局 | 财政局 (offices written without their county); not 县委 | 宣传部 (a department of the one before)
    return is_whole_unit(ln) and len(ln) >= 3 and len(clean_text(before).replace(" ", "")) >= 3


def two_unit_names(unit: str) -> tuple[str, str] | None:
    """One unit that reads as two office names written together (`县委宣传部团县委`, `县卫健局县民政局`): the
    two, else None. The second must start like an office name, so 县委宣传部 or 县人民政府办公室 stay one."""
    s = clean_text(unit).replace(" ", "")
    for i in range(2, len(s) - 2):
        head, tail = s[:i], s[i:]
        if is_whole_unit(head) and _STRICT_START.match(tail) and is_whole_unit(tail) and len(tail) >= 3 \
                and not (_BRANCH.search(tail) and not re.match(r"^[县市区省]", tail)):
            return head, tail
    return None


def is_office_name(text: str) -> bool:
    """The whole text is one office name (县卫健局, 团县委): it starts and ends the way office names do.
    An item's 名称 never is (乡镇卫生院标准化建设 ends otherwise; 乡 is no county prefix)."""
    if not text or len(text) > 40 or not _STRICT_START.match(text.lstrip()):
        return False
    s = clean_text(text).replace(" ", "")
    return bool(s) and len(s) <= 20 and bool(_STRICT_START.match(s)) and is_whole_unit(s)


def split_units(text: str) -> list[str]:
    """牵头单位 / 责任单位 / 配合单位 list: split on 、，, ; / and at breaks (lines, paragraphs, spaces) between
    whole names; a break that cuts a name (团 | 县委, 县卫健 | 局, 县公共服 | 务…) is joined (`starts_new_unit`).
    The line after the break need not be whole: a printed cell wraps the second name too
    (`区卫健局⏎区委政法⏎委`)."""
    raw = (text or "").replace("\r", "")
    pieces = re.split(r"[、，,；;/／]+", raw)
    out: list[str] = []
    for piece in pieces:
        lines = [clean_text(x) for x in _BREAKS.split(piece) if clean_text(x)]
        merged: list[str] = []
        for ln in lines:
            if merged and not starts_new_unit(merged[-1], ln):
                merged[-1] += ln
            else:
                merged.append(ln)
        out.extend(merged)
    return [u for u in (clean_text(u) for u in out) if u]


def split_owners(text: str) -> list[str]:
    """责任人 list: split on spaces of every kind and 、，; a name wrapped over two lines is joined back."""
    raw = (text or "").replace("\u3000", " ").replace("\r", "")
    out: list[str] = []
    for piece in re.split(r"[、，,；;]+", raw):
        tokens: list[str] = []
        for line in piece.split("\n"):
            words = line.split()  # any space: U+00A0 (&nbsp;, Word's fixed space), U+2002…, U+3000
            if tokens and words and (len(tokens[-1]) == 1 or len(words[0]) == 1):
                tokens[-1] += words.pop(0)  # 陈海\n明 or 陈\n海明: a wrapped name
            tokens.extend(words)
        out.extend(tokens)
    return [clean_text(t) for t in out if clean_text(t)]


# the endings alone, as a page break leaves them at the top of the next page (局, 中心, 办公室, 分局)
_UNIT_END_ONLY = re.compile(r"^(?:分|办公)?" + _UNIT_END.pattern.removesuffix("$") + "$")


def unit_cut(head: str, tail: str) -> bool:
    """`tail` finishes an office name that `head` leaves unfinished: a 牵头单位 cut by a page break.

    Judged by what the two fragments are: `head` does not end the way office names end and `head + tail`
    does (县卫健 | 局, …岱山分 | 中心), or `tail` is nothing but an ending (局, 中心, 办公室). A tail that reads
    as an office of its own (县民政局) after a whole name (县卫健局) is a second unit, not a fragment."""
    h, t = clean_text(head).replace(" ", ""), clean_text(tail).replace(" ", "")
    if not h or not t or _SENTENCE_MARKS.search(h + t):
        return False
    if _UNIT_END_ONLY.match(t):
        return True
    return not _UNIT_END.search(h) and bool(_UNIT_END.search(h + t)) and not _UNIT_START.match(t)


def is_unit_head(text: str) -> bool:
    """The first part of an office name, cut by a page break (县卫健, 市急救指挥中心岱西分): it starts the way
    office names start and is no sentence. A whole name passes too."""
    t = clean_text(text).replace(" ", "")
    return bool(t) and len(t) <= 30 and not _SENTENCE_MARKS.search(t) and bool(_UNIT_START.match(t))
