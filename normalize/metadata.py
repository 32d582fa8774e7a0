"""Document metadata from the front matter: 文号, title, issuer, 成文日期, year, region.

Front matter arrives as paragraphs or visual lines (a PDF wraps a long title over two lines), so lines are
read both one by one and joined. Every rule is about the shape of a 红头文件, not about one county.

A reader may also know metadata the file states outside its text (`RawDocument.metadata`: a web page's
信息公开 table gives 文号, 发布机构, 成文日期). The text's own statement wins (masthead, 文号 line, date line);
the known values fill what the text lacks, and a known 发布机构 is preferred to an issuer guessed from the
signature above the date (signatures are often shortened or signed by another office, 代章).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Mapping

from worklist.vocabulary.numerals import parse_chinese, parse_digit_string
from worklist.vocabulary.text import clean_text

_DOC_NO = re.compile(r"[\u4e00-\u9fff]{1,10}\s*[〔\[【（(]\s*(\d{4})\s*[〕\]】）)]\s*第?\s*(\d{1,4})\s*号")
_DATE = re.compile(r"^(\d{4}|[〇○零一二三四五六七八九O]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日$")
_LIST_TITLE = re.compile(r"^((?:19|20)\d{2})\s*年.{2,80}?(?:清单|计划|任务书|任务表|一览表)$")
_QUOTED = re.compile(r"《([^《》]{4,80}?(?:清单|计划|任务书|任务表|一览表))》")
_REGION = re.compile(r"([\u4e00-\u9fff]{2,6}?(?:自治县|自治州|县|市|区|旗|州))")
_TITLE_ISSUER = re.compile(r"^([\u4e00-\u9fff（）()]{4,40}?(?:办公室|局|委员会|政府|中心|专班|领导小组|办))关于")
_DOC_KIND = re.compile(r"的(?:通知|意见|决定|批复|函|报告)$")
_NOT_REGION = ("县域", "县级", "市级", "区级", "城区", "县城", "全县", "全市", "全区")


@dataclass(frozen=True)
class Metadata:
    title: str | None
    doc_number: str | None
    issuer: str | None
    issue_date: date | None
    year: int | None
    region: str | None


def _cn_int(s: str) -> int:
    """A date part: `2024`, `二〇二四` (digits one by one), `三`, `二十八`; ValueError otherwise."""
    if s.isdigit():
        return int(s)
    value = parse_digit_string(s) if len(s) == 4 else parse_chinese(s)
    if value is None:
        raise ValueError(s)
    return value


def parse_date(text: str) -> date | None:
    """A whole-line date: 2024年3月28日 or 二〇二四年三月二十八日."""
    m = _DATE.match(clean_text(text))
    if not m:
        return None
    try:
        return date(_cn_int(m.group(1)), _cn_int(m.group(2)), _cn_int(m.group(3)))
    except (ValueError, KeyError):
        return None


_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$")


def parse_known_date(text: str) -> date | None:
    """A date as catalogues write it: 2024-03-28, 2024/3/28, 2024.03.28 (a time after it ignored), or 2024年3月28日."""
    s = clean_text(text)
    m = _ISO_DATE.match(s)
    if not m:
        return parse_date(s)
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _known_doc_number(known: Mapping[str, str]) -> str | None:
    m = _DOC_NO.search(clean_text(known.get("doc_number", "")))
    return re.sub(r"\s+", "", m.group(0)) if m else None


def read_metadata(front: list[str], fallback_title: str | None = None,
                  known: Mapping[str, str] | None = None) -> Metadata:
    """Metadata from the front matter; `known` (contract field -> text, from the reader) fills the gaps."""
    known = known or {}
    lines = [clean_text(x) for x in front if clean_text(x)]
    joined = "".join(lines)

    doc_number = None
    for ln in lines + [joined]:  # line by line first: the prefix must not swallow the masthead
        m = _DOC_NO.search(ln)
        if m:
            doc_number = re.sub(r"\s+", "", m.group(0))
            break
    if doc_number is None:
        doc_number = _known_doc_number(known)

    title = None
    for ln in reversed(lines):  # the list's own title stands last, just above the table
        if _LIST_TITLE.match(ln) and "关于" not in ln and "通知" not in ln:
            title = ln
            break
    if title is None:
        q = _QUOTED.search(joined)
        if q:
            title = clean_text(q.group(1))
    if title is None:
        notice = next((ln for ln in lines if "关于" in ln or "通知" in ln), None)
        title = notice or fallback_title

    issue_date = None
    date_idx = None
    for i, ln in enumerate(lines):
        d = parse_date(ln)
        if d:
            issue_date, date_idx = d, i
            break
    if issue_date is None and known.get("issue_date"):
        issue_date = parse_known_date(known["issue_date"])

    issuer = None
    for ln in lines[:3]:  # masthead: 〇〇办公室 文件
        mm = re.match(r"^(.{4,40}?)\s*文件$", ln)
        if mm and not re.search(r"[>＞›»|｜]", mm.group(1)):  # a web page's breadcrumb (首页 > … > 政府文件)
            issuer = clean_text(mm.group(1))
            break
    if issuer is None:  # the notice's title names its issuer: 〇〇办公室关于印发《…》的通知 (GB/T 9704)
        for i, ln in enumerate(lines):
            mt = _TITLE_ISSUER.match(ln)
            if mt and _DOC_KIND.search(ln + "".join(lines[i + 1:i + 2])):
                issuer = mt.group(1)
                break
    if issuer is None and clean_text(known.get("issuer", "")):
        issuer = clean_text(known["issuer"])
    if issuer is None and date_idx is not None:
        for ln in reversed(lines[:date_idx]):
            if "代章" in ln or ln.startswith(("（", "(")):
                continue
            if re.search(r"(办公室|局|委员会|政府|中心|专班|领导小组)$", ln):
                issuer = ln
            break

    year = None
    region = None
    if title:
        ym = re.match(r"^((?:19|20)\d{2})\s*年", title)
        if ym:
            year = int(ym.group(1))
        rest = title[ym.end():] if ym else title
        for rm in _REGION.finditer(rest):
            cand = rm.group(1)
            if not any(bad in cand for bad in _NOT_REGION):
                region = cand
                break
    if year is None and doc_number:
        year = int(re.search(r"\d{4}", doc_number).group(0))  # type: ignore[union-attr]
    return Metadata(title=title, doc_number=doc_number, issuer=issuer, issue_date=issue_date, year=year, region=region)
