"""One notice in, one validated `Conversion` out: the fixed sequence of steps after the reader.

read (format reader) → grid (header mapping, joining pages) → rows (merged-cell rules) → normalize (text,
metadata, targets) → validate (pydantic records, dataset checks). Writing is separate (`worklist.writers`)
so that a library user can convert without touching the disk. Each step's time is kept for the manifest.
The result is a `worklist.records.Conversion`; the checks return their results and the pipeline, which owns
the conversion it builds, adds their warnings to it.
"""

from __future__ import annotations

import re
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from pydantic import ValidationError

from worklist.extract import read_document
from worklist.extract.limits import check_input
from worklist.extract.layout import ROLE_DATA, Layout, build_layout
from worklist.extract.rows import WorkRow, build_rows
from worklist.normalize.metadata import read_metadata
from worklist.normalize.text import clean_text
from worklist.normalize.identity import item_uid_for, notice_id_for
from worklist.schemas.models import SCHEMA_VERSION, Document, Item, Milestone, ScheduleQuarter, Target
from worklist.page_images import input_files
from worklist.records import Conversion, doc_id_for, file_sha256, path_text
from worklist import __version__

__all__ = ["CHECK_ENGINES", "Conversion", "UNCATEGORIZED", "convert", "doc_id_for", "file_sha256",
           "milestone_status", "row_labels"]


class _Timer:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = round(self.timings.get(name, 0.0) + time.perf_counter() - t0, 4)


def milestone_status(text: str) -> str:
    s = text.strip().rstrip("。.")
    if s in ("/", "／", "—", "-", "无"):
        return "none"
    if s in ("已完成", "完成", "已全部完成"):
        return "done"
    return "planned"


CHECK_ENGINES = ("native", "gx", "none")
UNCATEGORIZED = "未分类"


def convert(path: str | Path, *, password: str | None = None, run_checks: bool = True,
            checks: str = "native", ocr: str = "auto") -> Conversion:
    """Read and normalize one notice. Raises `extract.errors.ReadError` for files that cannot be read.

    `ocr` says which pages of a scan OCR reads ("auto": those without a text layer, "force": also those whose
    text layer is garbage, "off": none, so a scan is refused); page images are always OCR'd unless "off".

    `checks` picks the engine of the dataset suite (`schemas.checks.SUITE`): "native" (default: the rules in
    plain Python, no start-up cost), "gx" (Great Expectations itself) or "none"; `run_checks=False` is "none".
    """
    p = Path(path)
    timer = _Timer()
    with timer.stage("read"):
        for f in input_files(p):  # a file, or a folder's page images
            check_input(f)  # before the hash: a FIFO or /dev/zero must not be opened, a huge file not read
        sha = file_sha256(p)
        raw = read_document(p, password=password, ocr=ocr)
    with timer.stage("grid"):
        layout = build_layout(raw)
    with timer.stage("rows"):
        rows, row_warnings = build_rows(layout)
    warnings = list(raw.warnings) + layout.warnings + row_warnings
    doc_id = doc_id_for(sha)
    invalid: list[dict[str, str]] = []
    with timer.stage("normalize"):
        meta = read_metadata(layout.front_matter, known=raw.metadata)
        title = meta.title or path_text(p.stem)
        if meta.title is None:
            warnings.append("no title found in the front matter: the file name is used")
        notice_id = notice_id_for(title=meta.title, year=meta.year, region=meta.region,
                                  doc_number=meta.doc_number, doc_id=doc_id)
        document = Document(
            doc_id=doc_id, notice_id=notice_id, source_file=path_text(p.name), source_format=raw.source_format, source_sha256=sha,
            title=title, doc_number=meta.doc_number, issuer=meta.issuer, issue_date=meta.issue_date,
            year=meta.year, region=meta.region, notes=layout.notes, schema_version=SCHEMA_VERSION,
            extractor_version=__version__,
        )
        if any(not r.category for r in rows):
            warnings.append(f"rows without a 专项名称 (no such column or heading): taken as {UNCATEGORIZED}")
            for r in rows:
                r.category = r.category or UNCATEGORIZED
        items, milestones, targets, extras = _records(document, rows, invalid, warnings)
        schedule = schedule_records(items, milestones, targets)
        coverage = _coverage(layout, rows)
        invalid += [{"table": "coverage", "source_ref": c["source_ref"],
                     "error": f"source text found in no output: {c['text']!r}"} for c in coverage["unaccounted"]]
    conv = Conversion(document, items, milestones, targets, extras, warnings, invalid, coverage,
                      timer.timings, str(p), n_pages=raw.n_pages, schedule=schedule,
                      conversion=raw.conversion, ocr=_ocr_report(raw, rows, items))
    engine = checks if run_checks else "none"
    if engine not in CHECK_ENGINES:
        raise ValueError(f"checks must be one of {CHECK_ENGINES}, not {checks!r}")
    if engine != "none":
        with timer.stage("validate"):
            from worklist.schemas.checks import check_warnings

            if engine == "gx":
                from worklist.schemas.checks import run_checks as _run
            else:
                from worklist.schemas.native import run_native as _run
            conv.checks = _run(conv)
            conv.warnings.extend(check_warnings(conv.checks))
    return conv


def _keys(rows: list[WorkRow], warnings: list[str]) -> list[str]:
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


def _records(document: Document, rows: list[WorkRow], invalid: list[dict[str, str]], warnings: list[str]):
    from worklist.normalize.targets import find_targets

    doc_id, notice_id, year = document.doc_id, document.notice_id, document.year
    items: list[Item] = []
    milestones: list[Milestone] = []
    targets: list[Target] = []
    extras: dict[int, dict[str, str]] = {}
    for row_id, (r, key) in enumerate(zip(rows, _keys(rows, warnings)), start=1):
        q = r.quarters
        uid = item_uid_for(r.category, r.type, r.name, r.sub)
        keys = dict(doc_id=doc_id, notice_id=notice_id, row_id=row_id, item_key=key, item_uid=uid,
                    category=r.category, type=r.type, year=year)
        try:
            items.append(Item(
                doc_id=doc_id, notice_id=notice_id, row_id=row_id, item_key=key, item_uid=uid, year=year,
                category=r.category, type=r.type, seq=r.seq,
                sub=r.sub, seq_label=r.seq_label, name=r.name, q1=q[0], q2=q[1], q3=q[2], q4=q[3],
                lead_units=r.lead_units, owners=r.owners, page=r.page, source_ref=r.source_ref,
            ))
        except ValidationError as exc:
            invalid.append({"table": "items", "source_ref": r.source_ref, "error": _first_error(exc)})
            continue
        if not r.lead_units:
            warnings.append(f"{r.source_ref}: row {row_id} ({key}) has no 牵头单位")
        if r.extras:
            extras[row_id] = r.extras
        found: list[tuple[str, int, int, Any]] = []
        for t in find_targets(r.name, item_type=r.type) if r.name else []:
            found.append(("name", 1, 4, t))
        for c in r.schedule:
            try:
                milestones.append(Milestone(**keys, quarter_from=c.q_from,
                                            quarter_to=c.q_to, text=c.text, status=milestone_status(c.text)))
            except ValidationError as exc:
                invalid.append({"table": "milestones", "source_ref": r.source_ref, "error": _first_error(exc)})
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
                invalid.append({"table": "targets", "source_ref": r.source_ref, "error": _first_error(exc)})
    return items, milestones, targets, extras


def schedule_records(items: list[Item], milestones: list[Milestone], targets: list[Target]) -> list[ScheduleQuarter]:
    """Four rows per item, one per quarter: the milestone covering it (if any) and that milestone's targets.

    A milestone merged over several quarters covers each of them; its targets are those read from its text
    (targets read from the 名称 stay in `targets`, with quarters 1–4)."""
    by_row_ms: dict[int, list[Milestone]] = {}
    for m in milestones:
        by_row_ms.setdefault(m.row_id, []).append(m)
    by_cell: dict[tuple[int, int, int], list[Target]] = {}
    for t in targets:
        if t.source == "schedule":
            by_cell.setdefault((t.row_id, t.quarter_from, t.quarter_to), []).append(t)
    out: list[ScheduleQuarter] = []
    for it in items:
        keys = dict(doc_id=it.doc_id, notice_id=it.notice_id, row_id=it.row_id, item_key=it.item_key,
                    item_uid=it.item_uid, category=it.category, type=it.type, year=it.year, name=it.name)
        for quarter in range(1, 5):
            m = next((m for m in by_row_ms.get(it.row_id, []) if m.quarter_from <= quarter <= m.quarter_to), None)
            if m is None:
                out.append(ScheduleQuarter(**keys, quarter=quarter, targets=[]))
                continue
            ts = by_cell.get((it.row_id, m.quarter_from, m.quarter_to), [])
            one = ts[0] if len(ts) == 1 else None
            out.append(ScheduleQuarter(
                **keys, quarter=quarter, text=m.text, status=m.status, quarter_from=m.quarter_from,
                quarter_to=m.quarter_to, targets=[t.text for t in ts],
                target_value=one.value_base if one else None, target_unit=one.unit_base if one else None,
            ))
    return out


def _first_error(exc: ValidationError) -> str:
    e = exc.errors()[0]
    loc = ".".join(str(x) for x in e.get("loc", ()))
    return f"{loc}: {e.get('msg')}"


def _coverage(layout: Layout, rows: list[WorkRow]) -> dict[str, Any]:
    """Every non-empty cell every reader produced must be accounted for: found again (by its cleaned text) in
    the items or the document's notes, or be a column name of the header, or sit in a grid left out on purpose
    and named in a warning (`Layout.source` says which). Anything else is unaccounted: text dropped on the
    way, reported by reference and failing validation.

    Linear in the table: a cell is looked for in the values of the work row(s) read from its own grid row
    first, and in all values (notes included) only when not found there (a bounded number of times, so that
    thousands of lost cells cannot make it quadratic)."""
    def flat(r: WorkRow) -> list[str]:
        vals = [r.category, r.type, r.name, str(r.seq), r.seq_label, *r.lead_units, *r.owners, *r.extras.values()]
        return [v.replace(" ", "") for v in vals + [c.text for c in r.schedule] + r.type_labels]

    by_origin: dict[tuple[int, int], list[str]] = {}
    values: list[str] = [n.replace(" ", "") for n in layout.notes]
    for r in rows:
        vals = flat(r)
        values += vals
        for origin in r.origins:
            by_origin.setdefault(origin, []).extend(vals)
    haystack = "\x00".join(values)
    local_of: dict[tuple[int, int], str] = {}
    global_budget = 2000
    by_role: dict[str, int] = {}
    total = 0
    lost: list[dict[str, str]] = []
    for sc in layout.source:
        cell = sc.cell
        text = clean_text(cell.text).replace(" ", "")
        if not text:
            continue
        total += 1
        by_role[sc.role] = by_role.get(sc.role, 0) + 1
        if sc.role != ROLE_DATA:
            continue
        key = (sc.grid, cell.row)
        if key not in local_of:
            local_of[key] = "\x00".join(by_origin.get(key, ()))
        local = local_of[key]
        if text in local:
            continue
        parts = [p for x in re.split(r"[\s、，,；;]+", cell.text) if (p := clean_text(x).replace(" ", ""))]
        if parts and all(part in local for part in parts):
            continue
        if global_budget > 0:
            global_budget -= 1
            if text in haystack or (parts and all(part in haystack for part in parts)):
                continue
        lost.append({"source_ref": cell.ref or f"table {sc.grid + 1}", "text": text[:80]})
    return {
        "cells": total,
        "accounted": total - len(lost),
        "ratio": round((total - len(lost)) / total, 4) if total else 1.0,
        "by_role": dict(sorted(by_role.items())),
        "unaccounted": lost,
    }


def _ocr_report(raw: Any, rows: list[WorkRow], items: list[Item]) -> dict[str, Any] | None:
    """What OCR did, for the manifest: each low-confidence cell named by the row it went into (row_id,
    item_key), so a reviewer can go straight to it."""
    if raw.ocr is None:
        return None
    keys = {it.row_id: it.item_key for it in items}
    where: dict[tuple[int, int], int] = {}
    for row_id, r in enumerate(rows, start=1):
        for origin in r.origins:
            where.setdefault(origin, row_id)
    low = []
    for entry in raw.low_confidence:
        e = dict(entry)
        row_id = where.get((e.get("grid"), e.get("row"))) if e.get("where") == "cell" else None
        if row_id is not None:
            e["row_id"], e["item_key"] = row_id, keys.get(row_id)
        low.append(e)
    return {**raw.ocr, "low_confidence": low}


def row_labels(path: str | Path, *, password: str | None = None, ocr: str = "auto",
               raw: Any = None) -> dict[tuple[int, int], str]:
    """(grid index, grid row) -> 'row N' for every grid row a work row was read from (for `inspect`);
    `raw`: the document already read (a scan is not OCR'd twice)."""
    raw = raw if raw is not None else read_document(path, password=password, ocr=ocr)
    rows, _ = build_rows(build_layout(raw))
    labels: dict[tuple[int, int], str] = {}
    for row_id, r in enumerate(rows, start=1):
        for i, origin in enumerate(r.origins):  # later origins: the row's fragments joined across a break
            labels[origin] = f"row {row_id}" if i == 0 else f"row {row_id} (cont.)"
    return labels
