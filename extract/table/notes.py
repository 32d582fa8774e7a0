"""Trailer rows and footnotes: text of the table that belongs to the document, not to an item.

Offices close a list with a 合计/小计/总计 row (`合计 | 重点指标26项，重点任务28项…`), a 说明 or 备注 row, or
footnotes under the table (`注：1.…`, `2.…`). None of these is a work line: they become `documents.notes`,
in reading order. A trailer row is recognised by its first cell, whatever the row spans; footnotes by the
paragraph that opens them, right after the table, up to the back matter (抄送, 印发) or a line that no longer
continues them.
"""

from __future__ import annotations

import re

from worklist.vocabulary.text import clean_text, squash

_TRAILER = re.compile(r"^(合计|小计|总计|共计|说明|备注|附注|注)(?:[:：]|(?=\d)|$)")
_FOOTNOTE_START = re.compile(r"^(注|说明|备注|附注)\s*(?:\d+\s*)?[:：.．、]|^注\s*\d")
_NUMBERED = re.compile(r"^(?:\d{1,2}|[一二三四五六七八九十]{1,2})[.．、]|^[（(]\d{1,2}[）)]|^[①-⑳]")
_BACK_MATTER = re.compile(r"^(抄送|主送|抄报|附件)|印发$|^\S{0,30}\d{4}年\d{1,2}月\d{1,2}日")
_SENTENCE_END = ("。", "；", ";", ".", "！", "？", "!", "?", "）", ")")


def trailer_note(cells: list[tuple[int, str]], left_limit: int) -> str | None:
    """The note a trailer row holds, or None when the row is not one.

    `cells`: (grid column, text) of the cells that start on the row, left to right. The row's first text
    must be one of the trailer words (合计, 小计, 总计, 说明, 备注, 注), alone or followed by a colon, and
    sit left of `left_limit` (the first schedule or unit column), where an item has its 序号 and 名称.
    A lone keyword labels the text right of it: `合计：重点指标26项…`."""
    filled = [(c, t) for c, t in cells if t.strip()]
    if not filled or filled[0][0] >= left_limit or not _TRAILER.match(squash(filled[0][1])):
        return None
    first, rest = clean_text(filled[0][1]), [clean_text(t) for _, t in filled[1:]]
    rest = [t for t in rest if t]
    if not rest:
        return first
    if squash(first) in ("合计", "小计", "总计", "共计", "说明", "备注", "附注", "注"):
        return f"{first}：{' '.join(rest)}"
    return " ".join([first, *rest])


def footnotes(back_matter: list[str]) -> list[str]:
    """Footnotes opening the paragraphs after the table: `注：1.…`, then `2.…` (one note each). A paragraph
    that neither starts a numbered note nor continues an unfinished one ends them, as does the back matter."""
    notes: list[str] = []
    started = False
    for para in back_matter:
        text = clean_text(para)
        if not text:
            continue
        if not started:
            if not _FOOTNOTE_START.match(text):
                return notes
            started = True
            notes.append(text)
            continue
        if _BACK_MATTER.search(text):
            break
        if _NUMBERED.match(text):
            notes.append(text)
        elif notes and not notes[-1].endswith(_SENTENCE_END):
            notes[-1] = clean_text(notes[-1] + text)  # a line wrapped inside a note
        else:
            break
    return notes
