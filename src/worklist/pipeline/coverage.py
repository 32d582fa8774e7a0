"""Nothing lost: every non-empty cell a reader produced is found again in the outputs, or named.

The figure is computed from what the reader saw (`Layout.source`: every cell of every grid, with the role the
layout gave it), not from what the layout kept, so a cell the layout dropped counts as lost.
"""

from __future__ import annotations

import re
from typing import Any

from worklist.extract.table.layout import ROLE_DATA, Layout
from worklist.extract.table.rows import WorkRow
from worklist.vocabulary.text import clean_text


def coverage(layout: Layout, rows: list[WorkRow]) -> dict[str, Any]:
    """Every non-empty cell every reader produced must be accounted for: found again (by its cleaned text) in
    the items or the document's notes, or be a column name of the header, or sit in a grid left out on purpose
    and named in a warning (`Layout.source` says which). Anything else is unaccounted: text dropped on the
    way, reported by reference and failing validation.

    Linear in the table: a cell is looked for in the values of the work row(s) read from its own grid row
    first, and in all values (notes included) only when not found there (a bounded number of times, so that
    thousands of lost cells cannot make it quadratic)."""
    def flat(r: WorkRow) -> list[str]:
        vals = [r.category, r.type, r.name, str(r.seq), r.seq_label, r.deadline, *r.lead_units, *r.owners,
                *r.extras.values(), *r.headings]
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
        parts = [p for x in re.split(r"[\s、，,；;。/／]+", cell.text) if (p := clean_text(x).replace(" ", ""))]
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
