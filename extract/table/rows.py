"""Logical rows -> work rows: the merged-cell rules of a 工作清单, for every format.

- 专项名称 is filled down through merged cells and page breaks.
- A 类型 group ends where 序号 starts again at 1 (or the category changes, or a new 类型 cell starts); the
  group's label is read from whatever rows carry it (first row, middle row, or broken over rows: 重点 / 指标).
- 序号 is a printed label (`1`, `（一）`, `一、`, `①`, `1-1`, `1.1`), kept as `seq_label`; its number is the
  row's `seq` (`vocabulary.seq_label`). A two-level label (`1-2`) is an item of its own numbered inside
  序号 1: `seq` 1, `sub` 2 (after a row labelled `1` itself, the next free sub-number).
- A row without a 序号 of its own belongs to the 序号 above it (a merged 序号 cell): `sub` 2, 3, …
  It carries that row's 名称 unless it has its own. So does a row at the top of a page that repeats the
  label above it: a merged 序号 cell whose value the page prints again.
- A schedule cell merged over several quarters is one milestone, its text repeated in each quarter it covers.
  In a TXT export an empty quarter right of a text is that text's merged cell; `/` is a cell of its own.
- A row broken by a page break is joined back into one row, not taken for a sub-row, judged by what the
  fragments are: the top row of the page has no 序号 of its own (or repeats the one above), and either its
  牵头单位 finishes an office name the row above left unfinished (县卫健 | 局), or — in tables that draw
  their cells — it has text only where a row's text can continue (名称, schedule), no unit and no person.
  Every column of the fragment is joined: 名称, schedule, 牵头单位, 责任人, extra columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from worklist.extract.headers import QUARTERS
from worklist.extract.table.layout import Layout, LogicalRow
from worklist.vocabulary.fields import (
    heading_label,
    is_type_label,
    join_type_fragments,
    normalize_type,
    split_owners,
    split_units,
    unit_cut,
)
from worklist.vocabulary.periods import deadline_quarters, split_periods
from worklist.vocabulary.seq_label import parse_seq_label
from worklist.vocabulary.text import clean_text, squash


@dataclass
class ScheduleCell:
    q_from: int
    q_to: int
    text: str


@dataclass
class WorkRow:
    category: str
    type: str
    seq: int
    sub: int
    name: str
    schedule: list[ScheduleCell]
    lead_units: list[str]
    owners: list[str]
    pages: list[int]
    refs: list[str]
    extras: dict[str, str] = field(default_factory=dict)
    group: int = 0
    type_labels: list[str] = field(default_factory=list)  # labels/fragments seen on this row
    origins: list[tuple[int, int]] = field(default_factory=list)  # (grid index, grid row) it was read from
    seq_label: str = ""  # 序号 as printed (the merged cell's label for its sub-rows); "" when there is none
    lead_raw: str = ""  # 牵头单位 / 责任人 as read, before splitting: a page break may continue them
    owner_raw: str = ""
    deadline: str = ""  # 完成时限 / 时间节点 as written
    schedule_raw: str = ""  # a schedule written in one cell, as read (a page break may continue it)
    unplaced: list[str] = field(default_factory=list)  # schedule texts naming no period the reader can assign
    headings: list[str] = field(default_factory=list)  # heading rows (一、幼有善育) above this row, as printed

    @property
    def quarters(self) -> list[str | None]:
        q: list[str | None] = [None] * 4
        for c in self.schedule:
            for i in range(c.q_from - 1, c.q_to):
                q[i] = c.text
        return q

    @property
    def page(self) -> int:
        return self.pages[0]

    @property
    def source_ref(self) -> str:
        first = self.refs[0]
        if len(self.pages) > 1 and first.startswith("p"):
            return f"p{self.pages[0]}-{self.pages[-1]}"
        return first


@dataclass
class _State:
    category: str = ""
    seq: int | None = None
    sub: int = 0
    label: str = ""  # the printed 序号 of the current item
    minor: int | None = None  # the second number of a two-level label (1-2 → 2)
    name: str = ""
    lead_raw: str = ""
    group: int = 0
    group_label: str | None = None  # a full label seen in the current group
    type_cell: tuple[int, int, int] | None = None
    section_type: str | None = None  # 类型 given by a heading row above the group


def build_rows(layout: Layout) -> tuple[list[WorkRow], list[str]]:
    """Work rows in reading order, and warnings about what had to be guessed."""
    warnings: list[str] = []
    out: list[WorkRow] = []
    st = _State()
    has_seq = "seq" in layout.columns
    headings: list[tuple[str, tuple[int, int]]] = []  # heading rows not yet given to a row
    for lr in layout.rows:
        if lr.section is not None:
            cat_slot = lr.slots.get("category")
            if cat_slot is not None and cat_slot.origin and not cat_slot.empty and squash(cat_slot.text) != squash(
                    lr.section):
                st.category = clean_text(cat_slot.text)  # a 专项 cell starting beside the heading
            _section(lr.section, st)
            headings.append((lr.section, (lr.grid_index, lr.grid_row)))
            continue
        if out and lr.first_in_grid and not headings and _is_broken_tail(out[-1], lr, st.label):
            _join_broken(out[-1], lr)
            continue
        out.append(_next_row(lr, st, has_seq, warnings))
        _give_headings(out[-1], headings)
    if out:
        _give_headings(out[-1], headings)
    _assign_types(out, warnings)
    return out, warnings


def _section(text: str, st: _State) -> None:
    """A heading row across the table: `一、幼有善育` starts a 专项, `（一）重点指标` a 类型 group; the 序号
    restarts under it."""
    heading = heading_label(text)
    label = heading[0] if heading is not None else squash(clean_text(text))
    if not label:
        return
    if is_type_label(label):
        st.section_type = normalize_type(label)
        st.seq = None  # the next numbered row starts a group
    else:
        st.category = label
        st.section_type = None
        st.seq = None


def _give_headings(row: WorkRow, headings: list[tuple[str, tuple[int, int]]]) -> None:
    """The heading rows above a row are accounted with it: their text and grid rows (coverage)."""
    row.headings += [clean_text(t) for t, _ in headings]
    row.origins += [o for _, o in headings]
    headings.clear()


def _next_row(lr: LogicalRow, st: _State, has_seq: bool, warnings: list[str]) -> WorkRow:
    cat_slot = lr.slots.get("category")
    new_category = False
    if cat_slot is not None and cat_slot.origin and not cat_slot.empty:
        cat = clean_text(cat_slot.text)
        new_category = cat != st.category
        st.category = cat

    type_slot = lr.slots.get("type")
    label = ""
    type_cell = None
    if type_slot is not None and type_slot.origin and not type_slot.empty:
        label = squash(type_slot.text)
        type_cell = type_slot.cell_id
    full_label = normalize_type(label) if is_type_label(label) else None
    new_label = (full_label is not None and st.group_label is not None and full_label != st.group_label
                 and (lr.implicit or type_cell != st.type_cell))

    seq_slot = lr.slots.get("seq")
    printed = squash(clean_text(seq_slot.text)) if (seq_slot is not None and seq_slot.origin) else ""
    if printed and lr.first_in_grid and printed == st.label and not new_category and not new_label:
        printed = ""  # a merged 序号 cell whose value the new page prints again: the same item goes on
    parsed = parse_seq_label(printed) if printed else None
    if printed and parsed is None:
        warnings.append(f"{lr.info.ref}: 序号 {printed!r} is not a number")
    name_slot = lr.slots.get("name")
    own_name = clean_text(name_slot.text) if (name_slot is not None and name_slot.origin) else ""

    seq_val, minor = parsed if parsed is not None else (None, None)
    if not label and st.section_type and (st.seq is None or (seq_val == 1 and (minor or 1) == 1)):
        label = st.section_type  # the group's 类型 came from a heading row
    # 1-2 after 1 or 1-1: an item of its own, numbered inside the same 序号
    inside = (seq_val is not None and minor is not None and seq_val == st.seq and not new_category
              and not new_label and (st.minor is None or minor > st.minor))
    starts_seq = not inside and (
        seq_val is not None or (not has_seq and bool(own_name)) or st.seq is None or new_category)
    if inside:
        st.sub = max(minor or 1, st.sub + 1)
        st.minor, st.label = minor, printed
        st.name = own_name or st.name
        if not own_name:
            warnings.append(f"{lr.info.ref}: 名称 is empty")
    elif starts_seq:
        seq = seq_val if seq_val is not None else (1 if (st.seq is None or new_category) else st.seq + 1)
        new_group = new_category or st.seq is None or (seq == 1 and (minor or 1) == 1) or new_label
        if new_group:
            st.group += 1
            st.group_label = None
        st.seq, st.sub = seq, minor or 1
        st.minor, st.label = minor, printed
        st.name = own_name
        if not own_name:
            warnings.append(f"{lr.info.ref}: 名称 is empty")
    else:
        st.sub += 1
        if own_name:
            st.name = own_name
    if label:
        if is_type_label(label) and st.group_label is None:
            st.group_label = normalize_type(label)
        st.type_cell = type_cell

    lead_slot = lr.slots.get("lead")
    lead_raw = lead_slot.text if lead_slot is not None else ""
    if not lead_raw.strip() and lr.implicit and st.sub > 1:
        lead_raw = st.lead_raw  # TXT: a lead unit merged over the 序号's rows is shown once
    st.lead_raw = lead_raw
    owner_slot = lr.slots.get("owner")
    owner_raw = owner_slot.text if owner_slot is not None else ""

    row = WorkRow(
        category=st.category,
        type="",
        seq=st.seq if st.seq is not None else 1,
        sub=st.sub,
        name=st.name,
        schedule=_schedule(lr),
        lead_units=split_units(lead_raw),
        owners=split_owners(owner_raw),
        pages=list(dict.fromkeys([lr.info.page, *(i.page for _, _, i in lr.joined)])),
        refs=list(dict.fromkeys([lr.info.ref, *(i.ref for _, _, i in lr.joined)])),
        extras={k: clean_text(s.text) for k, s in lr.extras.items() if not s.empty},
        group=st.group,
        type_labels=[label] if label else [],
        origins=[(lr.grid_index, lr.grid_row), *((g, r) for g, r, _ in lr.joined)],
        seq_label=st.label,
        lead_raw=lead_raw,
        owner_raw=owner_raw,
    )
    _one_cell_schedule(row, lr)
    return row


def _one_cell_schedule(row: WorkRow, lr: LogicalRow) -> None:
    """A schedule written in one cell (工作时序) or a single 完成时限 / 时间节点 column: one milestone per
    period the cell names (`vocabulary.periods`), each with its own text; the deadline kept as written.
    Text that names no period the reader can assign is listed in `unplaced` (a failed record, by name)."""
    for name in ("schedule", "deadline"):
        slot = lr.slots.get(name)
        if slot is None or slot.empty or not (slot.origin or lr.implicit):
            continue
        if name == "deadline":
            row.deadline = clean_text(slot.text)
        else:
            row.schedule_raw = slot.text
    _place_periods(row, has_quarters=any(q in lr.slots for q in QUARTERS))


def _place_periods(row: WorkRow, has_quarters: bool) -> None:
    if has_quarters:
        return  # the quarter columns carry the schedule; a deadline beside them is kept as text only
    row.schedule, row.unplaced = [], []
    text, deadline = row.schedule_raw, not row.schedule_raw.strip()
    if deadline:
        text = row.deadline
    if not text.strip():
        return
    periods, before = split_periods(text)
    if before:
        whole = deadline_quarters(before) if deadline and not periods else None
        if whole is not None:
            row.schedule.append(ScheduleCell(whole[0], whole[1], clean_text(before)))
        elif not periods and not deadline:
            row.schedule.append(ScheduleCell(1, 4, clean_text(before)))  # a cell naming no period: the year
        else:
            row.unplaced.append(clean_text(before))
            row.schedule.append(ScheduleCell(1, 4, clean_text(before)))
    row.schedule += [ScheduleCell(p.q_from, p.q_to, clean_text(p.text)) for p in periods]
    row.schedule.sort(key=lambda c: c.q_from)


def _schedule(lr: LogicalRow) -> list[ScheduleCell]:
    cells: list[ScheduleCell] = []
    last_id = None
    for qi, q in enumerate(QUARTERS, start=1):
        slot = lr.slots.get(q)
        if slot is None:
            last_id = None
            continue
        if lr.implicit:
            if slot.empty:
                if cells and cells[-1].q_to == qi - 1 and last_id is not None:
                    cells[-1].q_to = qi  # TXT: empty quarter right of a text is that text's merged cell
                continue
            cells.append(ScheduleCell(qi, qi, clean_text(slot.text)))
            last_id = slot.cell_id
            continue
        if slot.empty:
            last_id = None
            continue
        if slot.cell_id == last_id and cells:
            cells[-1].q_to = qi
        else:
            cells.append(ScheduleCell(qi, qi, clean_text(slot.text)))
        last_id = slot.cell_id
    return cells


def _is_broken_tail(prev: WorkRow, lr: LogicalRow, prev_label: str) -> bool:
    """The top row of a page that only continues the last row of the page before, judged by its fragments.

    It has no 序号 of its own (or repeats the label above: a merged cell printed again), and either
    - its 牵头单位 finishes an office name the row above left unfinished (县卫健 | 局, …岱山分 | 中心), in any
      format; or
    - (tables that draw their cells) it has text only where a row's text runs on — 名称 or the schedule — and
      no unit or person of its own: a sub-row at the top of a page has its own 牵头单位. TXT exports show a
      merged 牵头单位 once, so there an empty one says nothing and only the cut name counts."""
    def blank(name: str) -> bool:
        s = lr.slots.get(name)
        return s is None or s.empty
    seq = lr.slots.get("seq")
    if seq is not None and not seq.empty and squash(clean_text(seq.text)) != prev_label:
        return False
    if lr.section is not None:
        return False
    lead = lr.slots.get("lead")
    if lead is not None and not lead.empty:
        head = prev.lead_raw.replace("\r", "").split("\n")
        tail = lead.text.strip().split("\n")
        return bool(prev.lead_units) and unit_cut(re.split(r"[、，,；;]", head[-1])[-1],
                                                  re.split(r"[、，,；;]", tail[0])[0])
    if lr.implicit or not blank("owner"):
        return False
    if "lead" not in lr.slots and not blank("name"):
        return False
    return any(not blank(q) for q in (*QUARTERS, "schedule", "deadline")) or not blank("name")


def _join_broken(prev: WorkRow, lr: LogicalRow) -> None:
    """Every column of the fragment into the row it continues: texts run on, lists extended."""
    name = lr.slots.get("name")
    if name is not None and not name.empty and name.origin and not prev.name.endswith(clean_text(name.text)):
        prev.name = clean_text(prev.name + "\n" + name.text)  # (a merged 名称 printed again adds nothing)
    for qi, q in enumerate(QUARTERS, start=1):
        slot = lr.slots.get(q)
        if slot is None or slot.empty:
            continue
        text = clean_text(slot.text)
        target = next((c for c in prev.schedule if c.q_from <= qi <= c.q_to), None)
        if target is None:
            prev.schedule.append(ScheduleCell(qi, qi, text))
            prev.schedule.sort(key=lambda c: c.q_from)
        elif not target.text.endswith(text):
            target.text = clean_text(target.text + "\n" + text)
    one_cell = False
    for key in ("schedule", "deadline"):
        slot = lr.slots.get(key)
        if slot is not None and not slot.empty and slot.origin:
            one_cell = True
            if key == "schedule":
                prev.schedule_raw = prev.schedule_raw.rstrip() + "\n" + slot.text.strip()
            else:
                prev.deadline = clean_text(prev.deadline + "\n" + slot.text)
    if one_cell:
        _place_periods(prev, has_quarters=any(q in lr.slots for q in QUARTERS))
    lead = lr.slots.get("lead")
    if lead is not None and not lead.empty:
        prev.lead_raw = prev.lead_raw.rstrip() + "\n" + lead.text.strip()
        prev.lead_units = split_units(prev.lead_raw)
    owner = lr.slots.get("owner")
    if owner is not None and not owner.empty:
        prev.owner_raw = prev.owner_raw.rstrip() + "\n" + owner.text.strip()
        prev.owners = split_owners(prev.owner_raw)
    for k, slot in lr.extras.items():
        if not slot.empty:
            prev.extras[k] = clean_text(prev.extras.get(k, "") + "\n" + slot.text)
    type_slot = lr.slots.get("type")
    if type_slot is not None and type_slot.origin and not type_slot.empty:
        prev.type_labels.append(squash(type_slot.text))
    prev.origins.append((lr.grid_index, lr.grid_row))
    if lr.info.page not in prev.pages:
        prev.pages.append(lr.info.page)
        prev.refs.append(lr.info.ref)


def _assign_types(rows: list[WorkRow], warnings: list[str]) -> None:
    by_group: dict[int, list[WorkRow]] = {}
    for r in rows:
        by_group.setdefault(r.group, []).append(r)
    last = ""
    if not any(r.type_labels for r in rows):  # a list without 类型 (no column, no heading): said once
        if rows:
            warnings.append(f"{rows[0].refs[0]}: the list has no 类型 (no column, no heading row): type left empty")
        return
    for members in by_group.values():
        labels = [lab for r in members for lab in r.type_labels]
        label = join_type_fragments(labels)
        if label is None:
            label = last
            warnings.append(
                f"{members[0].refs[0]}: no 类型 label for {members[0].category} 序号 {members[0].seq}…"
                + (f": taken as {last}" if last else "")
            )
        for r in members:
            r.type = label
        last = label
