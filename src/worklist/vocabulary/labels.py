"""The words of a work list, each defined once: 类型 labels, the column names of a header row, and the
programmes with their 专项 (categories, in `programmes.json`).

Two of these vocabularies share words. `重点任务`, `工作任务`, `指标` and `任务` are 类型 labels where they stand
in the 类型 column or in a heading row across the table (`（一）重点任务`), and names of the 名称 column where
they stand in a header row (`序号 | 重点任务 | 牵头单位`). Which one such a word is depends on where it stands, never on the
word: header rows are read with `COLUMN_ALIASES` (extract/headers.py), the 类型 column and heading rows with
`TYPE_LABELS` (worklist/vocabulary/fields.py, extract/table/rows.py). `SHARED_WORDS` names the words that are both.

专项 differ from one programme to the next (七优享 has 幼有善育, 学有优教 …; a 文体惠民 list has others), so they
are data, not code: `programmes.json` lists each programme's title words and 专项. A list's programme is
recognised from its title or from the 专项 it uses (`recognise_programme`); `unknown_categories` names what
falls outside it once per 专项, so that a list of a programme not (yet) in the file gives one short warning,
not one per row.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# 类型 as the contract spells them (CONTRACT.md, items.type)
CONTRACT_TYPES = ("重点指标", "重点任务", "民生实事")
# Other labels offices use for the same column; kept whole when found (the contract allows it).
OTHER_TYPES = ("重点工作", "重点项目", "重大项目", "重大改革", "民生项目", "主要指标", "核心指标", "工作任务", "改革任务",
               "指标", "任务")
TYPE_LABELS = CONTRACT_TYPES + OTHER_TYPES

# Header cell texts naming each contract column (after whitespace is removed).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "category": ("专项名称", "专项", "领域", "专项领域", "板块", "专项工作", "所属领域", "所属专项"),
    "seq": ("序号", "编号", "序"),
    "type": ("类型", "分类", "类别", "指标类型", "任务类型"),
    "name": ("名称", "任务名称", "指标名称", "项目名称", "工作任务", "任务", "指标", "工作内容", "重点任务", "事项", "事项名称"),
    "lead": ("牵头单位", "责任单位", "牵头部门", "责任部门", "主办单位", "牵头责任单位", "牵头"),
    "owner": ("责任人", "联系人", "负责人", "责任领导", "具体责任人"),
}

# Words that are a 类型 label in the 类型 column or a heading row, and a column name in a header row.
SHARED_WORDS = frozenset(TYPE_LABELS) & frozenset(w for names in COLUMN_ALIASES.values() for w in names)

PROGRAMMES_PATH = Path(__file__).with_name("programmes.json")


@dataclass(frozen=True)
class Programme:
    """A programme of work lists (七优享 …) and the 专项 its lists are organised in."""

    name: str
    title_words: tuple[str, ...]
    categories: tuple[str, ...]


@lru_cache(maxsize=1)
def programmes() -> dict[str, Programme]:
    """The programmes of `programmes.json`, by name."""
    data = json.loads(PROGRAMMES_PATH.read_text(encoding="utf-8"))
    return {name: Programme(name, tuple(p.get("title_words", [name])), tuple(p["categories"]))
            for name, p in data["programmes"].items()}


def all_categories() -> tuple[str, ...]:
    """Every 专项 of every known programme, in file order."""
    return tuple(dict.fromkeys(c for p in programmes().values() for c in p.categories))


def recognise_programme(categories: Iterable[str], title: str | None = None) -> Programme | None:
    """The programme a list belongs to: the one its title names, else the one sharing most of its 专项
    (at least one); None for a programme not in `programmes.json`."""
    known = programmes()
    if title:
        for p in known.values():
            if any(w in title for w in p.title_words):
                return p
    seen = {c for c in categories if c}
    best = max(known.values(), key=lambda p: len(seen & set(p.categories)), default=None)
    if best is None or not seen & set(best.categories):
        return None
    return best


def unknown_categories(categories: Sequence[str | None], title: str | None = None) -> list[str | None]:
    """Per row: its 专项 when that 专项 lies outside the list's programme and this is the first row with it,
    else None. Every 专项 of an unknown programme is outside: each is named once, on its first row."""
    programme = recognise_programme((c for c in categories if isinstance(c, str)), title)
    allowed = set(programme.categories) if programme else set()
    out: list[str | None] = []
    named: set[str] = set()
    for c in categories:
        if isinstance(c, str) and c not in allowed and c not in named:
            named.add(c)
            out.append(c)
        else:
            out.append(None)
    return out
