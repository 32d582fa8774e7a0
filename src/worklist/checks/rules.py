"""Dataset checks: a Great Expectations suite over each document's tables.

Record-level rules live in the pydantic models; these are the rules about a table as a whole (unique keys,
contiguous 序号, cumulative targets that never go down, every milestone pointing at an item). Each rule has a
stable name (`Rule.name`), carried into manifest.json and the tests, so a failure says which rule broke.
Rules of level `warn` report without failing: next year may add a 专项 or a 类型 the suite has not seen.

GX has no expectation for "contiguous within a group" or "never decreases within a group", so `derive` adds
boolean columns for those and the suite expects them to be all True: the rule stays visible in GX's results
and reports. Great Expectations is imported here only (and in `outputs.html_report`), and its context and suites
are built once per process, so a batch pays the start-up cost once. Its progress bars are switched off: the
console of a batch must stay clean.

The checks take records and return results; they change nothing they are given. Rules of level `warn` that
fail become warning lines through `check_warnings(summary)`, which the caller adds where it keeps warnings.

A frame holds ONE document: item_key and row_id are unique within a document only, so a combined dataset is
checked per doc_id (`outputs.validate` splits it).
"""

from __future__ import annotations

import hashlib
import logging
import os
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from worklist.checks.plausible import name_is_a_unit, owners_run_together, unit_is_a_period
from worklist.vocabulary.labels import CONTRACT_TYPES, unknown_categories
from worklist.schemas.models import Item, Milestone, Target

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from worklist.schemas.records import Conversion

KNOWN_TYPES = CONTRACT_TYPES
COMPARATORS = ("=", ">", ">=", "<", "<=", "~")
STATUSES = ("planned", "none", "done")
SOURCES = ("schedule", "name")

# The contract's columns, in the contract's order (from the models: one definition of every column).
COLUMNS: dict[str, list[str]] = {
    "items": list(Item.model_fields),
    "milestones": list(Milestone.model_fields),
    "targets": list(Target.model_fields),
}
# Columns `derive` adds for rules GX has no expectation for.
DERIVED: dict[str, list[str]] = {
    "items": ["n_lead_units", "seq_contiguous", "category_unknown", "name_is_unit", "lead_unit_is_period",
              "owners_run_together", "units_single", "page_top_own_name"],
    "milestones": ["item_exists", "one_period"],
    "targets": ["item_exists", "cumulative_monotonic"],
}
TABLES = ("items", "milestones", "targets")


@dataclass(frozen=True)
class Rule:
    """One expectation of the suite: `name` is stable (manifest, tests), `level` is "fail" or "warn"."""

    name: str
    table: str
    expectation: str  # class name in great_expectations.expectations
    kwargs: dict[str, Any] = field(default_factory=dict)
    level: str = "fail"
    why: str = ""


def _types(table: str, spec: dict[str, str]) -> list[Rule]:
    return [Rule(f"{table}.{col}.type", table, "ExpectColumnValuesToBeOfType", {"column": col, "type_": typ},
                 why=f"{col} must be {typ}") for col, typ in spec.items()]


def _not_null(table: str, cols: list[str]) -> list[Rule]:
    return [Rule(f"{table}.{col}.not_null", table, "ExpectColumnValuesToNotBeNull", {"column": col},
                 why=f"{col} is required") for col in cols]


def _quarters(table: str) -> list[Rule]:
    return [
        Rule(f"{table}.quarter_from.range", table, "ExpectColumnValuesToBeBetween",
             {"column": "quarter_from", "min_value": 1, "max_value": 4}, why="quarters are 1–4"),
        Rule(f"{table}.quarter_to.range", table, "ExpectColumnValuesToBeBetween",
             {"column": "quarter_to", "min_value": 1, "max_value": 4}, why="quarters are 1–4"),
        Rule(f"{table}.quarter_order", table, "ExpectColumnPairValuesAToBeGreaterThanB",
             {"column_A": "quarter_to", "column_B": "quarter_from", "or_equal": True},
             why="quarter_from <= quarter_to"),
        Rule(f"{table}.item_exists", table, "ExpectColumnValuesToBeInSet",
             {"column": "item_exists", "value_set": [True]}, why="row_id names an item of the same document"),
    ]


SUITE: list[Rule] = [
    # items
    Rule("items.columns", "items", "ExpectTableColumnsToMatchOrderedList",
         {"column_list": COLUMNS["items"] + DERIVED["items"]}, why="the contract's columns, in order"),
    *_types("items", {"row_id": "int64", "seq": "int64", "sub": "int64", "page": "int64"}),
    *_not_null("items", ["doc_id", "item_key", "category", "type", "name", "source_ref"]),
    Rule("items.item_key.unique", "items", "ExpectColumnValuesToBeUnique", {"column": "item_key"},
         why="item_key is unique within the document"),
    Rule("items.row_id.unique", "items", "ExpectColumnValuesToBeUnique", {"column": "row_id"},
         why="row_id is unique within the document"),
    Rule("items.sub.min", "items", "ExpectColumnValuesToBeBetween", {"column": "sub", "min_value": 1},
         why="sub starts at 1"),
    Rule("items.seq.contiguous", "items", "ExpectColumnValuesToBeInSet",
         {"column": "seq_contiguous", "value_set": [True]},
         why="序号 runs 1, 2, 3… without gaps within its category+type group"),  # so also: 序号 >= 1
    Rule("items.lead_units.present", "items", "ExpectColumnValuesToBeBetween",
         {"column": "n_lead_units", "min_value": 1}, why="every row has a 牵头单位"),
    Rule("items.category.known", "items", "ExpectColumnValuesToBeNull", {"column": "category_unknown"}, level="warn",
         why="专项名称 outside the list's programme (normalize/programmes.json), each named once"),
    # plausibility: shapes the reader may have misread, each by a rule over the vocabulary (issue 17)
    Rule("items.lead_units.one_name_each", "items", "ExpectColumnValuesToBeInSet",
         {"column": "units_single", "value_set": [True]},
         why="a 牵头单位 holds two office names written together (县委宣传部团县委): a lost line break or separator"),
    Rule("items.page_top.own_name", "items", "ExpectColumnValuesToBeInSet",
         {"column": "page_top_own_name", "value_set": [False]}, level="warn",
         why="a row without a 序号 of its own at the top of a page has a 名称 of its own: a sub-row, or the end of "
             "the row above cut by the page break (check the source)"),
    Rule("items.type.known", "items", "ExpectColumnValuesToBeInSet",
         {"column": "type", "value_set": [*KNOWN_TYPES, ""]}, level="warn",
         why="类型 outside the known set (empty: a list without 类型)"),
    # plausibility (checks.plausible): text that belongs in another column, names whose separator was lost
    Rule("items.name.not_a_unit", "items", "ExpectColumnValuesToBeNull", {"column": "name_is_unit"}, level="warn",
         why="名称 reads as an organisation (a 牵头单位 in the 名称 column?)"),
    Rule("items.lead_units.not_a_period", "items", "ExpectColumnValuesToBeNull", {"column": "lead_unit_is_period"},
         why="牵头单位 reads as a schedule (a quarter label or a sentence): the columns are shifted"),
    Rule("items.owners.one_name_each", "items", "ExpectColumnValuesToBeNull", {"column": "owners_run_together"},
         level="warn", why="责任人 is no one person's name (several names run together, or a name cut to one character)"),
    # milestones
    Rule("milestones.columns", "milestones", "ExpectTableColumnsToMatchOrderedList",
         {"column_list": COLUMNS["milestones"] + DERIVED["milestones"]}, why="the contract's columns, in order"),
    *_types("milestones", {"row_id": "int64", "quarter_from": "int64", "quarter_to": "int64"}),
    *_not_null("milestones", ["doc_id", "text"]),
    *_quarters("milestones"),
    Rule("milestones.status.known", "milestones", "ExpectColumnValuesToBeInSet",
         {"column": "status", "value_set": list(STATUSES)}, why="status is planned, none or done"),
    Rule("milestones.text.one_period", "milestones", "ExpectColumnValuesToBeInSet",
         {"column": "one_period", "value_set": [True]},
         why="a schedule cell names several periods (一季度：…；二季度：…) yet is one milestone"),
    # targets
    Rule("targets.columns", "targets", "ExpectTableColumnsToMatchOrderedList",
         {"column_list": COLUMNS["targets"] + DERIVED["targets"]}, why="the contract's columns, in order"),
    *_types("targets", {"row_id": "int64", "target_id": "int64", "quarter_from": "int64", "quarter_to": "int64",
                        "value": "float64", "value_base": "float64", "cumulative": "bool"}),
    *_not_null("targets", ["doc_id", "text"]),
    *_quarters("targets"),
    Rule("targets.value.non_negative", "targets", "ExpectColumnValuesToBeBetween",
         {"column": "value", "min_value": 0}, why="target values are not negative"),
    Rule("targets.value_base.non_negative", "targets", "ExpectColumnValuesToBeBetween",
         {"column": "value_base", "min_value": 0}, why="target values are not negative"),
    Rule("targets.comparator.known", "targets", "ExpectColumnValuesToBeInSet",
         {"column": "comparator", "value_set": list(COMPARATORS)}, why="comparator is one of = > >= < <= ~"),
    Rule("targets.source.known", "targets", "ExpectColumnValuesToBeInSet",
         {"column": "source", "value_set": list(SOURCES)}, why="source is schedule or name"),
    Rule("targets.cumulative.monotonic", "targets", "ExpectColumnValuesToBeInSet",
         {"column": "cumulative_monotonic", "value_set": [True]},
         why="a cumulative target of one metric never decreases from quarter to quarter"),
]
RULES: dict[str, Rule] = {r.name: r for r in SUITE}
assert len(RULES) == len(SUITE), "rule names must be unique"
# Which suite checked a document (in its manifest): a document checked by another suite is not "unchanged".
SUITE_ID = hashlib.sha256(repr(SUITE).encode("utf-8")).hexdigest()[:12]


def frames(conv: "Conversion") -> dict[str, "pd.DataFrame"]:
    """The document's tables as DataFrames (typed like the Parquet files) with the derived columns."""
    from worklist.schemas.arrow import to_arrow

    return derive(*(to_arrow(t, getattr(conv, t)).to_pandas() for t in TABLES))


def derive(items: "pd.DataFrame", ms: "pd.DataFrame", tg: "pd.DataFrame") -> dict[str, "pd.DataFrame"]:
    """Add the derived boolean columns. Tolerates missing or mistyped columns: the suite reports those."""
    import pandas as pd

    items, ms, tg = items.copy(), ms.copy(), tg.copy()
    if "lead_units" in items:
        n = [0 if v is None or _isna(v) else len(v) for v in items["lead_units"]]
    else:
        n = [1] * len(items)  # the columns rule reports the missing column
    items["n_lead_units"] = pd.Series(n, index=items.index, dtype="int64")
    items["seq_contiguous"] = pd.Series(seq_contiguous(items), index=items.index, dtype=bool)
    cats = list(items["category"]) if "category" in items else [None] * len(items)
    items["category_unknown"] = pd.Series(unknown_categories(cats), index=items.index, dtype=object)
    for col, values in plausibility(items).items():
        items[col] = pd.Series(values, index=items.index, dtype=object)
    items["units_single"] = pd.Series(units_single(items), index=items.index, dtype=bool)
    items["page_top_own_name"] = pd.Series(page_top_own_name(items), index=items.index, dtype=bool)
    known = _row_ids(items)
    for df in (ms, tg):
        if "row_id" in df and known is not None:
            pairs, rows = known
            ids = df["doc_id"] if "doc_id" in df else [None] * len(df)
            # a missing doc_id is reported by its own rule: match such a record on row_id alone
            exists = [(d, r) in pairs if not _isna(d) else r in rows for d, r in zip(ids, df["row_id"])]
        else:
            exists = [True] * len(df)
        df["item_exists"] = pd.Series(exists, index=df.index, dtype=bool)
    ms["one_period"] = pd.Series(one_period(ms), index=ms.index, dtype=bool)
    tg["cumulative_monotonic"] = pd.Series(cumulative_monotonic(tg), index=tg.index, dtype=bool)
    return {"items": items, "milestones": ms, "targets": tg}


def plausibility(items: Any) -> dict[str, list[str | None]]:
    """The plausibility columns of `checks.plausible` for a table of items (a DataFrame or native columns):
    per row None, or the row's source_ref and the implausible value."""
    n = len(items["doc_id"]) if "doc_id" in items else (len(items["name"]) if "name" in items else 0)

    def col(name: str) -> list[Any]:
        return [None if _isna(v) else v for v in items[name]] if name in items else [None] * n

    refs, units = col("source_ref"), [_listed(v) for v in col("lead_units")]
    return {
        "name_is_unit": name_is_a_unit(col("name"), units, refs),
        "lead_unit_is_period": unit_is_a_period(units, refs),
        "owners_run_together": owners_run_together([_listed(v) for v in col("owners")], refs),
    }


def _listed(v: Any) -> list[Any]:
    """A list cell as a list (Parquet gives arrays, missing cells None)."""
    return [] if v is None else list(v)


def _isna(v: Any) -> bool:
    if v is None:
        return True
    try:
        return bool(v != v)  # NaN
    except (TypeError, ValueError):  # arrays: not a scalar NaN
        return False


def seq_contiguous(items: "pd.DataFrame") -> list[bool]:
    """序号 within each (doc, category, type) group: a new 序号 is the last one + 1 (the first is 1); a
    further sub-row (sub > 1) repeats the last one."""
    if not {"category", "type", "seq", "sub"} <= set(items.columns):
        return [True] * len(items)
    docs = items["doc_id"] if "doc_id" in items else [None] * len(items)
    out: list[bool] = []
    last: dict[tuple[Any, Any, Any], Any] = {}
    for doc, cat, typ, seq, sub in zip(docs, items["category"], items["type"], items["seq"], items["sub"]):
        prev = last.get((doc, cat, typ))
        try:
            if not _isna(sub) and sub > 1:
                ok = prev is not None and seq == prev
            else:
                ok = seq == (1 if prev is None else prev + 1)
            ok = bool(ok)
        except (TypeError, ValueError):  # a mistyped 序号: its type rule says so
            ok = False
        out.append(ok)
        last[(doc, cat, typ)] = seq
    return out


def _values(table: Any, column: str, n: int) -> list[Any]:
    return list(table[column]) if column in table else [None] * n


def _n(table: Any) -> int:
    return len(table) if hasattr(table, "index") else int(getattr(table, "n", 0))


def units_single(items: Any) -> list[bool]:
    """False for a row with a 牵头单位 that reads as two office names (`vocabulary.fields.two_unit_names`)."""
    from worklist.vocabulary.fields import two_unit_names

    n = _n(items)
    return [not any(isinstance(u, str) and two_unit_names(u) for u in (units if _is_list(units) else []))
            for units in _values(items, "lead_units", n)]


def page_top_own_name(items: Any) -> list[bool]:
    """True for a sub-row (no 序号 of its own: sub > 1 under the same label) that starts a new page and has a
    名称 other than the row above: it may be the end of that row cut by the page break."""
    n = _n(items)
    docs, pages = _values(items, "doc_id", n), _values(items, "page", n)
    subs, names, labels = _values(items, "sub", n), _values(items, "name", n), _values(items, "seq_label", n)
    out = [False] * n
    for i in range(1, n):
        try:
            out[i] = bool(docs[i] == docs[i - 1] and subs[i] is not None and subs[i] > 1
                          and labels[i] == labels[i - 1] and pages[i] != pages[i - 1] and names[i] != names[i - 1])
        except (TypeError, ValueError):  # mistyped columns: their own rules say so
            out[i] = False
    return out


def one_period(ms: Any) -> list[bool]:
    """False for a milestone whose text names two or more periods at its segment starts (`一季度：…；二季度：…`):
    a schedule cell that landed in one milestone instead of one per period."""
    from worklist.vocabulary.periods import named_periods

    return [not (isinstance(t, str) and len(set(named_periods(t))) > 1) for t in _values(ms, "text", _n(ms))]


def _is_list(v: Any) -> bool:
    return v is not None and not isinstance(v, str) and hasattr(v, "__iter__")


def _row_ids(items: "pd.DataFrame") -> tuple[set[tuple[Any, Any]], set[Any]] | None:
    """(doc_id, row_id) pairs of the items, and their row_ids alone."""
    if "row_id" not in items:
        return None
    rows = set(items["row_id"])
    if "doc_id" not in items or any(_isna(d) for d in items["doc_id"]):  # no usable doc_id: rows alone
        return {(d, r) for d in (set(items["doc_id"]) if "doc_id" in items else {None}) for r in rows}, rows
    return set(zip(items["doc_id"], items["row_id"])), rows


def cumulative_monotonic(tg: "pd.DataFrame") -> list[bool]:
    """False for a cumulative schedule target below an earlier quarter's target of the same metric.

    Same metric = same document, row, metric text (null: the item's name is the metric) and base unit, so
    6万人 and 60000人 compare. A target's quarter is the quarter its cell ends in (cumulative by then)."""
    ok = [True] * len(tg)
    need = {"row_id", "metric", "unit_base", "value_base", "cumulative", "source", "quarter_to"}
    if tg.empty or not need <= set(tg.columns):
        return ok
    groups: dict[tuple[Any, ...], list[tuple[Any, float, int]]] = {}
    docs = tg["doc_id"] if "doc_id" in tg else [None] * len(tg)
    for pos, (doc, row, metric, unit, value, cum, source, q) in enumerate(zip(
            docs, tg["row_id"], tg["metric"], tg["unit_base"], tg["value_base"], tg["cumulative"], tg["source"],
            tg["quarter_to"])):
        if cum is True or cum == True:  # noqa: E712 (numpy bools)
            if source == "schedule" and not _isna(q) and not _isna(value):
                key = (doc, row, None if _isna(metric) else metric, None if _isna(unit) else unit)
                groups.setdefault(key, []).append((q, value, pos))
    for entries in groups.values():
        entries.sort(key=lambda e: (e[0], e[2]))
        best_before = float("-inf")  # the highest value of quarters strictly before the current one
        best_here = float("-inf")
        current = None
        for q, value, pos in entries:
            if q != current:
                best_before = max(best_before, best_here)
                best_here = float("-inf")
                current = q
            if value < best_before:
                ok[pos] = False
            best_here = max(best_here, value)
    return ok


@lru_cache(maxsize=1)
def gx_context() -> Any:
    """One ephemeral GX context and one suite per table, for the whole process (a batch calls it before
    forking its workers, so that they start with Great Expectations imported and the suites built)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        ctx = gx.get_context(mode="ephemeral")
        ctx.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        source = ctx.data_sources.add_pandas("worklist")
        batches = {}
        suites = {}
        for table in TABLES:
            asset = source.add_dataframe_asset(table)
            batches[table] = asset.add_batch_definition_whole_dataframe(table)
            suites[table] = ctx.suites.add(build_suite(gx, table))
    return gx, ctx, batches, suites


def build_suite(gx: Any, table: str) -> Any:
    """The table's ExpectationSuite (also used by `outputs.validate` for its HTML report)."""
    suite = gx.ExpectationSuite(name=f"worklist_{table}")
    for rule in SUITE:
        if rule.table == table:
            exp = getattr(gx.expectations, rule.expectation)(**rule.kwargs)
            exp.meta = {"rule": rule.name, "level": rule.level, "why": rule.why}
            suite.add_expectation(exp)
    return suite


def run_checks(conv: "Conversion") -> dict[str, Any]:
    """Validate the document's tables through Great Expectations; a JSON-able summary for the manifest."""
    return run_frames(frames(conv))


def validate_frames(dfs: dict[str, "pd.DataFrame"]) -> dict[str, Any]:
    """GX validation results per table (ExpectationSuiteValidationResult), for callers that render them."""
    _gx, _ctx, batches, suites = gx_context()
    out: dict[str, Any] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for table, df in dfs.items():
            if df.empty:  # nothing to check (a document without targets)
                continue
            batch = batches[table].get_batch(batch_parameters={"dataframe": df})
            out[table] = batch.validate(suites[table], result_format="SUMMARY")
    return out


def run_frames(dfs: dict[str, "pd.DataFrame"]) -> dict[str, Any]:
    """Run the suite over one document's frames (with derived columns); a JSON-able summary for the manifest."""
    return summarize(dfs, validate_frames(dfs))


def summarize(dfs: dict[str, "pd.DataFrame"], validated: dict[str, Any]) -> dict[str, Any]:
    """GX's validation results (`validate_frames`) as the manifest's summary: one entry per rule, and
    `success` false when a rule of level `fail` failed (a `warn` rule only warns: `check_warnings`)."""
    gx = gx_context()[0]
    results: list[dict[str, Any]] = []
    success = True
    for table, res in validated.items():
        for r in res.results:
            cfg = r.expectation_config
            meta = cfg.meta or {}
            level = meta.get("level", "fail")
            entry: dict[str, Any] = {"rule": meta.get("rule"), "table": table, "expectation": cfg.type,
                                     "column": cfg.kwargs.get("column"), "level": level, "success": bool(r.success)}
            if not r.success:
                result = r.result or {}
                sample = result.get("partial_unexpected_list") or []
                entry["unexpected"] = [str(x) for x in sample[:5]]
                entry["unexpected_count"] = result.get("unexpected_count")
                where = _where(dfs[table], result.get("partial_unexpected_index_list"))
                if where:
                    entry["where"] = where
                if "observed_value" in result:
                    entry["observed"] = str(result["observed_value"])[:300]
                error = _exception_message(r.exception_info)
                if error:
                    entry["error"] = error
                if level == "fail":
                    success = False
            results.append(entry)
    return {"engine": f"great_expectations {gx.__version__}", "suite": SUITE_ID, "success": success,
            "results": results}


def check_warnings(summary: dict[str, Any]) -> list[str]:
    """One warning line per failed rule of level `warn` (an unknown 专项 or 类型), in the summary's order.

    Both engines' summaries give the same lines: the rule's `why` and the first unexpected values."""
    out: list[str] = []
    for entry in summary.get("results", []):
        if entry["success"] or entry["level"] != "warn":
            continue
        rule = RULES.get(entry.get("rule") or "")
        why = rule.why if rule is not None and rule.why else entry["expectation"]
        where = entry.get("where") or []
        values = [v for v in entry.get("unexpected", []) if v not in ("True", "False")]  # a derived flag says nothing
        out.append(f"{entry['table']}.{entry['column']}: {why}: "  # a flag's row is named by where it is
                   + (", ".join(values) if values or not where else "at " + ", ".join(where)))
    return out


def _where(df: "pd.DataFrame", index: list[Any] | None) -> list[str]:
    """Where the first failing rows came from: an item's source_ref, else the row_id it belongs to (the
    unexpected values of a derived column are just False)."""
    out: list[str] = []
    for i in (index or [])[:5]:
        try:
            row = df.loc[i]
        except (KeyError, TypeError):
            continue
        if "source_ref" in df and isinstance(row.get("source_ref"), str):
            out.append(str(row["source_ref"]))
        elif "row_id" in df:
            out.append(f"row_id {row['row_id']}")
    return out


def _exception_message(info: Any) -> str | None:
    """GX keeps exceptions flat or keyed by metric; the first message, if one was raised."""
    if not isinstance(info, dict):
        return None
    if info.get("raised_exception"):
        return str(info.get("exception_message"))[:300]
    for v in info.values():
        if isinstance(v, dict) and v.get("raised_exception"):
            return str(v.get("exception_message"))[:300]
    return None


def failed_rules(checks: dict[str, Any], level: str = "fail") -> list[str]:
    """Names of the rules that failed at `level` (for one-line reports)."""
    return [r.get("rule") or r["expectation"] for r in checks.get("results", [])
            if not r["success"] and r["level"] == level]
