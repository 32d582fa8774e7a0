"""Work rows → the contract's records: items, milestones, targets and the per-quarter schedule.

Each record is validated by its pydantic model as it is made; a row that does not validate is not dropped
silently but listed in `invalid` with its source reference (the pipeline fails the conversion on it). Keys are
positional (`item_key`: 专项/类型/序号[.sub], repeated keys made unique with a warning) and by content
(`item_uid`, `normalize.identity`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from worklist.extract.table.rows import WorkRow
from worklist.normalize.identity import item_uid_for
from worklist.normalize.targets import find_targets
from worklist.schemas.models import Document, Item, Milestone, ScheduleQuarter, Status, Target, TargetSource
from worklist.vocabulary.periods import leading_label

UNCATEGORIZED = "未分类"


@dataclass
class Records:
    """What `build_records` made of a document's rows."""

    items: list[Item] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    extras: dict[int, dict[str, str]] = field(default_factory=dict)  # row_id -> extra columns' text


def milestone_status(text: str) -> Status:
    """planned, none (/) or done (已完成), read after a period label (`四季度：已完成` is done)."""
    s = text.strip()
    label = leading_label(s)
    if label is not None and label[1] < len(s):
        s = s[label[1]:].lstrip("：: ")
    s = s.rstrip("。.")
    if s in ("/", "／", "—", "-", "无"):
        return "none"
    if s in ("已完成", "完成", "已全部完成"):
        return "done"
    return "planned"


def item_keys(rows: list[WorkRow], warnings: list[str]) -> list[str]:
    counts: dict[tuple[str, str, int], int] = {}
    for r in rows:
        counts[(r.category, r.type, r.seq)] = counts.get((r.category, r.type, r.seq), 0) + 1
    keys: list[str] = []
    seen: set[str] = set()
    for r in rows:
        key = f"{r.category}/{r.type}/{r.seq}"
        if counts[(r.category, r.type, r.seq)] > 1:
            key += f".{r.sub}"
        base, n = key, 1
        while key in seen:
            n += 1
            key = f"{base}#{n}"
        if n > 1:
            warnings.append(f"{r.source_ref}: item_key {base} repeats in the document: kept as {key}")
        seen.add(key)
        keys.append(key)
    return keys


def build_records(document: Document, rows: list[WorkRow], invalid: list[dict[str, str]],
                  warnings: list[str]) -> Records:
    """The records of `rows`; what does not validate goes to `invalid`, what is odd to `warnings`."""
    doc_id, notice_id, year = document.doc_id, document.notice_id, document.year
    out = Records()
    items, milestones, targets, extras = out.items, out.milestones, out.targets, out.extras
    for row_id, (r, key) in enumerate(zip(rows, item_keys(rows, warnings)), start=1):
        q = r.quarters
        uid = item_uid_for(r.category, r.type, r.name, r.sub)
        keys: dict[str, Any] = dict(doc_id=doc_id, notice_id=notice_id, row_id=row_id, item_key=key, item_uid=uid,
                                    category=r.category, type=r.type, year=year)
        try:
            items.append(Item(
                doc_id=doc_id, notice_id=notice_id, row_id=row_id, item_key=key, item_uid=uid, year=year,
                category=r.category, type=r.type, seq=r.seq,
                sub=r.sub, seq_label=r.seq_label, name=r.name, q1=q[0], q2=q[1], q3=q[2], q4=q[3],
                deadline=r.deadline or None, lead_units=r.lead_units, owners=r.owners, page=r.page, source_ref=r.source_ref,
            ))
        except ValidationError as exc:
            invalid.append({"table": "items", "source_ref": r.source_ref, "error": first_error(exc)})
            continue
        for text in r.unplaced:
            invalid.append({"table": "milestones", "source_ref": r.source_ref,
                            "error": f"schedule text names no period that can be assigned to a quarter: {text!r}"})
        if not r.lead_units:
            warnings.append(f"{r.source_ref}: row {row_id} ({key}) has no 牵头单位")
        if r.extras:
            extras[row_id] = r.extras
        found: list[tuple[TargetSource, int, int, Any]] = []
        for t in find_targets(r.name, item_type=r.type) if r.name else []:
            found.append(("name", 1, 4, t))
        for c in r.schedule:
            try:
                milestones.append(Milestone(**keys, quarter_from=c.q_from,
                                            quarter_to=c.q_to, text=c.text, status=milestone_status(c.text)))
            except ValidationError as exc:
                invalid.append({"table": "milestones", "source_ref": r.source_ref, "error": first_error(exc)})
            for t in find_targets(c.text, name=r.name, item_type=r.type):
                found.append(("schedule", c.q_from, c.q_to, t))
        for target_id, (source, qf, qt, t) in enumerate(found, start=1):
            try:
                targets.append(Target(
                    **keys, target_id=target_id, source=source, quarter_from=qf,
                    quarter_to=qt, metric=t.metric, comparator=t.comparator, value=t.value, unit=t.unit,
                    value_base=t.value_base, unit_base=t.unit_base, cumulative=t.cumulative, text=t.text,
                ))
            except ValidationError as exc:
                invalid.append({"table": "targets", "source_ref": r.source_ref, "error": first_error(exc)})
    return out


def schedule_records(items: list[Item], milestones: list[Milestone], targets: list[Target]) -> list[ScheduleQuarter]:
    """Four rows per item, one per quarter: the milestone covering it (if any) and that milestone's targets.

    A milestone merged over several quarters covers each of them; its targets are those read from its text
    (targets read from the 名称 stay in `targets`, with quarters 1–4)."""
    by_row_ms: dict[int, list[Milestone]] = {}
    for ms in milestones:
        by_row_ms.setdefault(ms.row_id, []).append(ms)
    by_cell: dict[tuple[int, int, int], list[Target]] = {}
    for t in targets:
        if t.source == "schedule":
            by_cell.setdefault((t.row_id, t.quarter_from, t.quarter_to), []).append(t)
    out: list[ScheduleQuarter] = []
    for it in items:
        keys: dict[str, Any] = dict(doc_id=it.doc_id, notice_id=it.notice_id, row_id=it.row_id,
                                    item_key=it.item_key, item_uid=it.item_uid, category=it.category, type=it.type,
                                    year=it.year, name=it.name)
        for quarter in range(1, 5):
            m = next((ms for ms in by_row_ms.get(it.row_id, []) if ms.quarter_from <= quarter <= ms.quarter_to), None)
            if m is None:
                out.append(ScheduleQuarter(**keys, quarter=quarter, targets=[]))
                continue
            # a target is due in the last quarter its cell covers: shown there once, not in every quarter
            ts = by_cell.get((it.row_id, m.quarter_from, m.quarter_to), []) if quarter == m.quarter_to else []
            one = ts[0] if len(ts) == 1 else None
            out.append(ScheduleQuarter(
                **keys, quarter=quarter, text=m.text, status=m.status, quarter_from=m.quarter_from,
                quarter_to=m.quarter_to, targets=[t.text for t in ts],
                target_value=one.value_base if one else None, target_unit=one.unit_base if one else None,
            ))
    return out


def first_error(exc: ValidationError) -> str:
    e = exc.errors()[0]
    loc = ".".join(str(x) for x in e.get("loc", ()))
    return f"{loc}: {e.get('msg')}"
