"""Identities that come from what a notice says, not from its bytes.

`doc_id` (the file's hash) tells files apart; analysts need to tell *notices* and *work items* apart:

- `notice_id`: the same list published as DOCX, PDF, web page and spreadsheet is one notice, and a corrected
  re-issue of it is a later version of that notice. The list's title with its year and region is in every
  form (an Excel attachment or a web page's table carries no 文号), so it is the key; the 文号 is used only
  where no list title was found, and the file's own id last. A title written as the notice's heading
  (关于印发《X》的通知) means the list X.
- `item_uid`: a work item's identity across versions and years of a list: 专项, 类型 and the normalized 名称
  (plus the sub-row number for rows that share a 名称). Unlike the positional `item_key` it survives an
  inserted row; it changes when the item is renamed or moved (what `worklist compare` then reports).

Both are short hex digests of a normalized text, so they are stable on any machine and safe in file names.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_PUNCT = re.compile(r"[\s\u3000，,。．.、；;：:（）()《》〈〉“”\"'‘’「」『』【】\[\]—\-_/·•]+")
_NOTICE_HEADING = re.compile(r"关于(?:印发|下达|公布|发布)?.*?《(.+?)》")


def name_key(text: str | None) -> str:
    """NFKC, no punctuation, no spaces: two spellings of one title or 名称 compare equal. The one meaning of
    "the same name" (item_uid, notice_id and `worklist compare` all use it)."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text or ""))


def canonical_title(title: str | None) -> str:
    """The list's title: the 《…》 of a notice heading, else the title itself, squashed."""
    t = title or ""
    m = _NOTICE_HEADING.search(t)
    if m:
        t = m.group(1)
    return name_key(t)


def _digest(kind: str, text: str) -> str:
    return hashlib.sha256(f"{kind}:{text}".encode("utf-8")).hexdigest()[:16]


def notice_id_for(*, title: str | None, year: int | None, region: str | None, doc_number: str | None,
                  doc_id: str, title_from_file_name: bool = False) -> str:
    """The notice a document is a form of (see the module docstring for the order of evidence)."""
    t = "" if title_from_file_name else canonical_title(title)
    if t:
        return _digest("title", f"{year or ''}|{name_key(region)}|{t}")
    if doc_number:
        return _digest("wenhao", name_key(doc_number))
    return _digest("file", doc_id)


def item_uid_for(category: str, type_: str, name: str, sub: int = 1) -> str:
    """A work item's content identity (专项/类型/名称[/sub]), 12 hex digits."""
    key = f"{name_key(category)}|{name_key(type_)}|{name_key(name)}"
    if sub > 1:
        key += f"|{sub}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
