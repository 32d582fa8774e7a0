"""The dataset suite evaluated without Great Expectations: same rules, same names, same results shape.

Why two engines: importing Great Expectations costs ~2.5 s per process, more than converting a 30-page
PDF, and a single TXT or DOCX notice must convert in well under a second. `worklist convert` therefore
evaluates `checks.rules.SUITE` natively by default (no pandas, no GX), and `--checks gx`, `worklist
validate` and the test-suite run the very same rules through Great Expectations. A test keeps the two
engines in agreement on good and on broken data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from worklist.vocabulary.labels import unknown_categories
from worklist.checks.rules import (
    COLUMNS, SUITE, SUITE_ID, TABLES, Rule, cumulative_monotonic, one_period, page_top_own_name,
    plausibility, seq_contiguous, units_single,
)

if TYPE_CHECKING:  # pragma: no cover
    from worklist.schemas.records import Conversion

_PY_TYPES: dict[str, tuple[type, ...]] = {"int64": (int,), "float64": (float, int), "bool": (bool,)}


class Columns(dict):
    """A column-oriented table (name -> list of values) with just enough of a DataFrame's interface for
    the derive helpers of `checks.rules`."""

    def __init__(self, rows: list[dict[str, Any]], columns: list[str]) -> None:
        super().__init__({c: [r.get(c) for r in rows] for c in columns})
        self.n = len(rows)

    @property
    def columns(self) -> list[str]:
        return list(self.keys())

    @property
    def empty(self) -> bool:
        return self.n == 0


def tables(conv: "Conversion") -> dict[str, Columns]:
    """The document's tables as columns, with the derived columns the suite checks."""
    rows: dict[str, list[dict[str, Any]]] = {}
    columns: dict[str, list[str]] = {}
    for t in TABLES:
        records = getattr(conv, t)
        columns[t] = list(type(records[0]).model_fields) if records else _contract_columns(t)
        rows[t] = [r.model_dump() for r in records]
    return tables_from_rows(rows, columns)


def tables_from_rows(rows: dict[str, list[dict[str, Any]]], columns: dict[str, list[str]]) -> dict[str, Columns]:
    """Tables given as rows (a Parquet file's `to_pylist()`) with their columns, plus the derived columns."""
    cols = {t: Columns(rows.get(t, []), columns.get(t) or _contract_columns(t)) for t in TABLES}
    items, ms, tg = cols["items"], cols["milestones"], cols["targets"]
    items["n_lead_units"] = [len(v or []) for v in items.get("lead_units", [])]
    items["seq_contiguous"] = seq_contiguous(items)  # type: ignore[arg-type]
    items["category_unknown"] = unknown_categories(items.get("category", []))
    items.update(plausibility(items))
    items["units_single"] = units_single(items)
    items["page_top_own_name"] = page_top_own_name(items)
    known = set(zip(items.get("doc_id", []), items.get("row_id", [])))
    for t in (ms, tg):
        t["item_exists"] = [(d, r) in known for d, r in zip(t.get("doc_id", []), t.get("row_id", []))]
    ms["one_period"] = one_period(ms)  # type: ignore[arg-type]
    tg["cumulative_monotonic"] = cumulative_monotonic(tg)  # type: ignore[arg-type]
    return cols


def _contract_columns(table: str) -> list[str]:
    return COLUMNS[table]


def _not_null(v: Any) -> bool:
    return v is not None and not (isinstance(v, float) and v != v)


def _evaluate(rule: Rule, t: Columns) -> tuple[bool, list[Any]]:
    """(success, unexpected values) of one rule on one table."""
    kw = rule.kwargs
    name = rule.expectation
    if name == "ExpectTableColumnsToMatchOrderedList":
        cols = [c for c in t.columns]
        return cols == kw["column_list"], [c for c in cols if c not in kw["column_list"]]
    if name == "ExpectColumnPairValuesAToBeGreaterThanB":
        a, b = t.get(kw["column_A"], []), t.get(kw["column_B"], [])
        bad = [(x, y) for x, y in zip(a, b)
               if _not_null(x) and _not_null(y) and not (x >= y if kw.get("or_equal") else x > y)]
        return not bad, bad
    col = kw["column"]
    if col not in t:
        return False, []
    if name == "ExpectColumnValuesToBeNull":
        bad = [v for v in t[col] if _not_null(v)]
        return not bad, bad
    values = [v for v in t[col] if _not_null(v)] if name != "ExpectColumnValuesToNotBeNull" else t[col]
    check: Callable[[Any], bool]
    if name == "ExpectColumnValuesToNotBeNull":
        missing = [i for i, v in enumerate(values) if not _not_null(v)]
        return not missing, missing
    if name == "ExpectColumnValuesToBeUnique":
        seen: set[Any] = set()
        dup = {v for v in values if v in seen or seen.add(v)}  # type: ignore[func-returns-value]
        return not dup, [v for v in values if v in dup]
    if name == "ExpectColumnValuesToBeOfType":
        types = _PY_TYPES.get(kw["type_"], (object,))
        check = lambda v: isinstance(v, types) and not (kw["type_"] != "bool" and isinstance(v, bool))  # noqa: E731
    elif name == "ExpectColumnValuesToBeBetween":
        lo, hi = kw.get("min_value"), kw.get("max_value")
        check = lambda v: (lo is None or v >= lo) and (hi is None or v <= hi)  # noqa: E731
    elif name == "ExpectColumnValuesToBeInSet":
        allowed = kw["value_set"]
        check = lambda v: v in allowed  # noqa: E731
    else:  # pragma: no cover - a rule added to the suite without a native twin
        raise NotImplementedError(f"no native evaluation for {name}")
    bad = [v for v in values if not check(v)]
    return not bad, bad


def run_native(conv: "Conversion") -> dict[str, Any]:
    """Evaluate the suite natively; the same summary shape as `checks.rules.run_frames` (warning lines of
    the `warn` rules: `checks.rules.check_warnings`). Changes nothing in `conv`."""
    return evaluate(tables(conv))


def evaluate(cols: dict[str, Columns]) -> dict[str, Any]:
    """The suite on tables made by `tables` or `tables_from_rows`."""
    results: list[dict[str, Any]] = []
    success = True
    for rule in SUITE:
        t = cols[rule.table]
        if t.empty:
            continue
        ok, bad = _evaluate(rule, t)
        entry: dict[str, Any] = {"rule": rule.name, "table": rule.table, "expectation": _snake(rule.expectation),
                                 "column": rule.kwargs.get("column"), "level": rule.level, "success": ok}
        if not ok:
            entry["unexpected"] = [str(x) for x in bad[:5]]
            entry["unexpected_count"] = len(bad)
            entry["where"] = _where(rule, t, cols["items"], bad)
            if rule.level == "fail":
                success = False
        results.append(entry)
    return {"engine": "native", "suite": SUITE_ID, "success": success, "results": results}


def _where(rule: Rule, t: Columns, items: Columns, bad: list[Any]) -> list[str]:
    """Source references (items.source_ref, else row_id) of up to five rows that broke a column rule: what a
    reviewer opens in the document."""
    col = rule.kwargs.get("column")
    if col is None or col not in t:
        return []
    try:
        wanted = set(bad)
    except TypeError:  # unhashable values (lists): no row positions
        return []
    refs = dict(zip(items.get("row_id", []), items.get("source_ref", [])))
    out: list[str] = []
    own = t.get("source_ref")
    for i, v in enumerate(t[col]):
        hit = (i in wanted) if rule.expectation == "ExpectColumnValuesToNotBeNull" else (v in wanted)
        if hit:
            row_id = t.get("row_id", [None] * t.n)[i]
            out.append(str((own[i] if own else None) or refs.get(row_id) or f"row_id {row_id}"))
            if len(out) == 5:
                break
    return out


def _snake(name: str) -> str:
    """GX's class name as GX reports it in results (ExpectColumnValuesToBeUnique -> expect_column_…)."""
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")

