"""Column mapping by header names, not by position.

Offices name the same column differently (专项/领域, 名称/任务名称/指标名称, 牵头单位/责任单位, 责任人/联系人,
第一季度/一季度/1季度) and order them differently. A header row is recognised by the known column names it
holds (see `is_header_row`); the quarter sub-header under 工作时序 maps the schedule columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from worklist.extract.grid import Cell, Grid
from worklist.vocabulary.fields import is_person_list, is_unit_name
from worklist.vocabulary.seq_label import parse_seq_label
from worklist.vocabulary.text import squash
from worklist.vocabulary.labels import COLUMN_ALIASES

QUARTERS = ("q1", "q2", "q3", "q4")

_NAMES = COLUMN_ALIASES  # one definition, beside the 类型 labels that share words with it
# a single column under one of these names holds the whole schedule ("schedule") or a deadline ("deadline"),
# read by the periods its cells name (vocabulary.periods); over four columns they head the quarters
_DEADLINE_GROUP = ("时间节点", "完成时限", "完成时间", "时限", "完成期限", "截止时间", "时限要求", "完成时限要求", "时间要求")
_SCHEDULE_GROUP = ("工作时序", "时序", "进度安排", "时间节点", "工作进度", "推进计划", "时序进度", "季度安排", "工作安排", "进度")
_QUARTER = re.compile(r"^(?:第?([一二三四1-4１-４])季度?(?:末|目标|进度|任务|[（(].{0,12}[）)])?|Q([1-4]))$", re.IGNORECASE)
# quarters named by their months: 1-3月 / 1—3月份, or by their deadline: 3月底前, 6月末, 12月31日前
_MONTH_RANGE = re.compile(r"^(\d{1,2})[-—–~～至到](\d{1,2})月份?$")
_MONTH_END = re.compile(r"^(\d{1,2})月(?:底|末|份|\d{1,2}日)?前?$")
_Q_INDEX = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4, "１": 1, "２": 2, "３": 3, "４": 4}
_LOOKUP = {name: f for f, names in _NAMES.items() for name in names}


def header_field(text: str) -> str | None:
    """The contract field a header cell names, or None."""
    s = squash(text)
    if not s:
        return None
    m = _QUARTER.match(s)
    if m:
        return f"q{_Q_INDEX[(m.group(1) or m.group(2))]}"
    m = _MONTH_RANGE.match(s) or _MONTH_END.match(s)
    if m:
        last = int(m.groups()[-1])
        return f"q{last // 3}" if last in (3, 6, 9, 12) else None
    if s in _SCHEDULE_GROUP or s in _DEADLINE_GROUP:
        return "schedule"
    return _LOOKUP.get(s)


_LABEL_MAX = 12  # characters: a header cell is a label; a longer text is content
_DISTINCT_MIN = 4  # known fields that make a header whatever else the row holds


def is_header_row(texts: list[str]) -> bool:
    """A header row: mostly column names (two at least), or at least four different known columns with
    the other cells short labels (备注, 完成情况 … any number of columns the contract does not know).

    Recognition depends on the known columns present, not only on their share of the row: a header with the
    ten contract columns and seven extras is a header. A data row never names four different columns."""
    vals = [v for v in (squash(t) for t in texts) if v]
    fields = [header_field(v) for v in vals]
    known = [f for f in fields if f]
    if len(known) < 2:
        return False
    if len(known) >= 0.6 * len(vals):
        return True
    others = [v for v, f in zip(vals, fields) if not f]
    return len(set(known)) >= _DISTINCT_MIN and all(len(v) <= _LABEL_MAX for v in others)


@dataclass
class ColumnMap:
    """grid column -> contract field; unknown header texts kept as extras (named in the warnings)."""

    fields: dict[int, str]
    extras: dict[int, str] = field(default_factory=dict)
    header_rows: list[int] = field(default_factory=list)
    # further grid columns under the same header cell (a header spanning a pad column that PDF-to-Word
    # converters leave): a row's value is the first non-empty one of the field's columns
    spill: dict[str, list[int]] = field(default_factory=dict)

    @property
    def known(self) -> set[str]:
        return set(self.fields.values())


def find_header_rows(grid: Grid, texts: list[list[str]], max_rows: int = 4,
                     vocab: frozenset[str] | set[str] = frozenset(),
                     fields: dict[int, str] | None = None) -> list[int]:
    """Consecutive header rows at the top of the grid.

    The first table's header may have title rows above it. A later grid (`vocab`: the names of the header
    read so far, `fields` its column map) repeats that header at its very top or has none: its first rows
    are judged by `is_table_header`, so a data row that happens to read like names (3月底前 … 12月底前)
    stays data."""
    rows: list[int] = []
    for r in range(min(max_rows, grid.n_rows)):
        if is_table_header(texts[r], vocab, after_header=bool(rows), fields=fields):
            rows.append(r)
        elif rows or vocab:
            break
    return rows


def is_table_header(texts: list[str], vocab: frozenset[str] | set[str] = frozenset(), *,
                    after_header: bool = False, fields: dict[int, str] | None = None) -> bool:
    """A header row, first or repeated: mostly column names (`is_header_row`), and

    - a row naming only quarters (一季度 … or 3月底前 …) is the second row of a header, so it must follow a
      header row: alone it is a sub-row whose schedule reads like deadlines;
    - a row whose texts are all names of the header read so far (`vocab`) repeats it;
    - otherwise it is a header of its own only if none of its cells holds data for its column (`fields`,
      grid column -> field): an office in 牵头单位, persons in 责任人, a number in 序号."""
    if not is_header_row(texts):
        return False
    vals = [(c, squash(t)) for c, t in enumerate(texts) if squash(t)]
    known = {header_field(v) for _, v in vals} - {None}
    quarter_only = known <= {*QUARTERS, "schedule"}
    if quarter_only and not after_header:
        return False
    if vocab and all(v in vocab for _, v in vals):
        return True
    for c, v in vals:
        f = (fields or {}).get(c)
        if header_field(v) is None and (
            (f == "lead" and is_unit_name(v)) or (f == "owner" and is_person_list(v))
            or (f == "seq" and parse_seq_label(v) is not None)
        ):
            return False
    return True


def map_columns(grid: Grid, header_rows: list[int]) -> ColumnMap:
    """Read the header rows (top to bottom; a lower row refines a spanning cell above it)."""
    cover = grid.covering()
    fields: dict[int, str] = {}
    extras: dict[int, str] = {}
    spill: dict[str, list[int]] = {}
    owner_cell: dict[str, object] = {}
    schedule_cols: list[int] = []
    schedule_names: dict[int, str] = {}
    for c in range(grid.n_cols):
        label_field: str | None = None
        label_cell: Cell | None = None
        unknown: str | None = None
        for r in header_rows:
            cell = cover[r][c]
            if cell is None or not squash(cell.text):
                continue
            f = header_field(cell.text)
            if f:
                label_field, label_cell, unknown = f, cell, None
            elif label_field is None:
                unknown = squash(cell.text)
        if label_field == "schedule" and label_cell is not None:
            schedule_cols.append(c)
            schedule_names[c] = squash(label_cell.text)  # type: ignore[attr-defined]
        elif label_field:
            if label_field not in fields.values():
                fields[c] = label_field
                owner_cell[label_field] = label_cell
            elif owner_cell.get(label_field) is label_cell:
                spill.setdefault(label_field, []).append(c)
            elif label_cell is not None:  # a second column of the same kind (任务名称 and 工作内容): kept
                extras[c] = squash(label_cell.text)
        elif unknown:
            extras[c] = unknown
    quarters_known = any(f in QUARTERS for f in fields.values())
    # one column for the whole schedule (工作时序) or a deadline (完成时限, 时间节点): read by its periods
    heads: dict[str, list[int]] = {}
    for c in schedule_cols:
        heads.setdefault(schedule_names[c], []).append(c)
    singles = [cols[0] for cols in heads.values() if len(cols) == 1]
    for c in singles:
        kind = "deadline" if schedule_names[c] in _DEADLINE_GROUP else "schedule"
        if quarters_known or len(heads) > 1 or len(schedule_cols) == 1:
            if kind == "schedule" and quarters_known:
                continue  # beside the quarter columns: a column of its own kind, kept as before
            if kind not in fields.values():
                fields[c] = kind
                schedule_cols.remove(c)
    # 工作时序 spanning four columns with no quarter row under it: quarters by order
    for i, c in enumerate(schedule_cols[:4]):
        q = f"q{i + 1}"
        if q not in fields.values():
            fields[c] = q
    return ColumnMap(fields=dict(sorted(fields.items())), extras=extras, header_rows=header_rows, spill=spill)


def is_work_list(cmap: ColumnMap) -> bool:
    """Columns that make a work list: a 名称, or a schedule together with a 牵头单位."""
    return {"name"} <= cmap.known or bool({"q1", "schedule", "deadline"} & cmap.known and "lead" in cmap.known)


def work_header(grid: Grid, max_rows: int = 4) -> ColumnMap | None:
    """The work-list header of a grid (title rows above it tolerated, up to `max_rows` down), or None.

    For readers that must pick the list among a file's tables or sheets by its header, not its position."""
    cover = grid.covering()
    texts = [[(c.text if c else "") for c in row] for row in cover[:max_rows]]
    rows = find_header_rows(grid, texts, max_rows)
    if not rows:
        return None
    cmap = map_columns(grid, rows)
    return cmap if is_work_list(cmap) else None
