"""Field-level agreement of a converted document with its golden: the share of the golden's fields reproduced.

Used where a conversion cannot be exact (OCR of a scan). Each field is one unit: the document's metadata
fields, each item's `ITEM_FIELDS`, each milestone (its quarters, text and status) and each target (all its
fields). Items are paired by item_key, and an item whose key was misread is paired by its row position instead;
milestones by their quarters; targets by where they were read from and their source text. Fields of records
the golden does not have (an extra row, a milestone in the wrong quarter) count against the score too, so
that splitting a row in two cannot raise it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DOC_FIELDS = ("title", "doc_number", "issuer", "issue_date", "year", "region")
ITEM_FIELDS = ("category", "type", "seq", "sub", "name", "q1", "q2", "q3", "q4", "lead_units", "owners")
TARGET_FIELDS = ("source", "quarter_from", "quarter_to", "metric", "comparator", "value", "unit", "value_base",
                 "unit_base", "cumulative", "text")


@dataclass
class Score:
    matched: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.matched / self.total if self.total else 1.0

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        if ok:
            self.matched += 1
        else:
            self.misses.append(what)


def _pair_items(got: list[dict[str, Any]], exp: list[dict[str, Any]]) -> list[tuple[dict | None, dict | None]]:
    by_key = {it["item_key"]: it for it in got}
    pairs: list[tuple[dict | None, dict | None]] = []
    used: set[int] = set()
    unmatched: list[tuple[int, dict]] = []
    for i, e in enumerate(exp):
        g = by_key.get(e["item_key"])
        if g is not None and id(g) not in used:
            used.add(id(g))
            pairs.append((g, e))
        else:
            unmatched.append((i, e))
    for i, e in unmatched:  # a misread key: the row at the same position, if it is free
        g = got[i] if i < len(got) and id(got[i]) not in used else None
        if g is not None:
            used.add(id(g))
        pairs.append((g, e))
    pairs += [(g, None) for g in got if id(g) not in used]
    return pairs


def _targets(item: dict[str, Any]) -> dict[tuple, dict[str, Any]]:
    out: dict[tuple, dict[str, Any]] = {}
    for t in item.get("targets", []):
        base = (t["source"], t["quarter_from"], t["quarter_to"], t["text"])
        n = sum(1 for k in out if k[:4] == base)
        out[base + (n,)] = t
    return out


def field_score(got: dict[str, Any], expected: dict[str, Any]) -> Score:
    """How many of the golden's fields a converted document (nested JSON) reproduces."""
    s = Score()
    for f in DOC_FIELDS:
        s.add(got.get(f) == expected.get(f), f"document.{f}: {got.get(f)!r} != {expected.get(f)!r}")
    for g, e in _pair_items(got.get("items", []), expected.get("items", [])):
        ref = (e or g or {}).get("item_key")
        for f in ITEM_FIELDS:
            s.add(g is not None and e is not None and g.get(f) == e.get(f),
                  f"{ref}.{f}: {None if g is None else g.get(f)!r} != {None if e is None else e.get(f)!r}")
        gm = {(m["quarter_from"], m["quarter_to"]): m for m in (g or {}).get("milestones", [])}
        em = {(m["quarter_from"], m["quarter_to"]): m for m in (e or {}).get("milestones", [])}
        for q in sorted(set(gm) | set(em)):
            s.add(gm.get(q) == em.get(q), f"{ref}.milestone Q{q[0]}-Q{q[1]}: {gm.get(q)} != {em.get(q)}")
        gt, et = _targets(g or {}), _targets(e or {})
        for k in list(et) + [k for k in gt if k not in et]:
            a, b = gt.get(k), et.get(k)
            ok = a is not None and b is not None and all(a.get(f) == b.get(f) for f in TARGET_FIELDS)
            s.add(ok, f"{ref}.target {k[3]!r}: {a} != {b}")
    return s
