"""Dataset checks: a Great Expectations suite over each document's tables.

Record-level rules live in the pydantic models; these are the rules about a table as a whole (unique keys,
contiguous 序号, cumulative targets that never go down). Expectations marked `warn` report without failing:
next year may add a 专项 or a 类型 the suite has not seen. Great Expectations is imported here only, and its
context and suites are built once per process, so a batch pays the start-up cost once.
"""

from __future__ import annotations

import logging
import os
import warnings
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from worklist.pipeline import Conversion

KNOWN_CATEGORIES = ("幼有善育", "学有优教", "劳有所得", "病有良医", "老有康养", "住有宜居", "弱有众扶", "公共服务一体化")
KNOWN_TYPES = ("重点指标", "重点任务", "民生实事")
ITEM_COLUMNS = ["doc_id", "row_id", "item_key", "category", "type", "seq", "sub", "name", "q1", "q2", "q3", "q4",
                "lead_units", "owners", "page", "source_ref"]

DERIVED = ["n_lead_units", "seq_contiguous"]  # computed by `derive` for rules GX has no expectation for

# (table, expectation class name, kwargs, level) — level "fail" or "warn"
SUITE: list[tuple[str, str, dict[str, Any], str]] = [
    ("items", "ExpectTableColumnsToMatchOrderedList", {"column_list": ITEM_COLUMNS + DERIVED}, "fail"),
    ("items", "ExpectColumnValuesToNotBeNull", {"column": "category"}, "fail"),
    ("items", "ExpectColumnValuesToNotBeNull", {"column": "item_key"}, "fail"),
    ("items", "ExpectColumnValuesToBeUnique", {"column": "item_key"}, "fail"),
    ("items", "ExpectColumnValuesToBeUnique", {"column": "row_id"}, "fail"),
    ("items", "ExpectColumnValuesToBeOfType", {"column": "seq", "type_": "int64"}, "fail"),
    ("items", "ExpectColumnValuesToBeBetween", {"column": "seq", "min_value": 1}, "fail"),
    ("items", "ExpectColumnValuesToBeInSet", {"column": "seq_contiguous", "value_set": [True]}, "fail"),
    ("items", "ExpectColumnValuesToBeBetween", {"column": "n_lead_units", "min_value": 1}, "fail"),
    ("items", "ExpectColumnValuesToBeInSet", {"column": "category", "value_set": list(KNOWN_CATEGORIES)}, "warn"),
    ("items", "ExpectColumnValuesToBeInSet", {"column": "type", "value_set": list(KNOWN_TYPES)}, "warn"),
    ("milestones", "ExpectColumnValuesToBeBetween", {"column": "quarter_from", "min_value": 1, "max_value": 4}, "fail"),
    ("milestones", "ExpectColumnValuesToBeBetween", {"column": "quarter_to", "min_value": 1, "max_value": 4}, "fail"),
    ("milestones", "ExpectColumnPairValuesAToBeGreaterThanB",
     {"column_A": "quarter_to", "column_B": "quarter_from", "or_equal": True}, "fail"),
    ("milestones", "ExpectColumnValuesToBeInSet", {"column": "status", "value_set": ["planned", "none", "done"]}, "fail"),
    ("targets", "ExpectColumnValuesToBeBetween", {"column": "quarter_from", "min_value": 1, "max_value": 4}, "fail"),
    ("targets", "ExpectColumnValuesToBeBetween", {"column": "quarter_to", "min_value": 1, "max_value": 4}, "fail"),
    ("targets", "ExpectColumnPairValuesAToBeGreaterThanB",
     {"column_A": "quarter_to", "column_B": "quarter_from", "or_equal": True}, "fail"),
    ("targets", "ExpectColumnValuesToBeBetween", {"column": "value", "min_value": 0}, "fail"),
    ("targets", "ExpectColumnValuesToBeInSet",
     {"column": "comparator", "value_set": ["=", ">", ">=", "<", "<=", "~"]}, "fail"),
    ("targets", "ExpectColumnValuesToBeInSet", {"column": "cumulative_monotonic", "value_set": [True]}, "fail"),
]


def frames(conv: "Conversion") -> dict[str, "pd.DataFrame"]:
    """The document's tables as DataFrames with the derived columns the suite checks."""
    import pandas as pd

    items = pd.DataFrame([i.model_dump() for i in conv.items], columns=ITEM_COLUMNS)
    ms = pd.DataFrame([m.model_dump() for m in conv.milestones],
                      columns=["doc_id", "row_id", "quarter_from", "quarter_to", "text", "status"])
    tg = pd.DataFrame([t.model_dump() for t in conv.targets],
                      columns=["doc_id", "row_id", "target_id", "source", "quarter_from", "quarter_to", "metric",
                               "comparator", "value", "unit", "value_base", "unit_base", "cumulative", "text"])
    return derive(items, ms, tg)


def derive(items: "pd.DataFrame", ms: "pd.DataFrame", tg: "pd.DataFrame") -> dict[str, "pd.DataFrame"]:
    import pandas as pd

    items = items.copy()
    items["seq"] = items["seq"].astype("int64")
    items["n_lead_units"] = items["lead_units"].map(lambda v: len(v) if v is not None else 0)
    contiguous = []
    prev: dict[tuple[str, str], int] = {}
    for cat, typ, seq, sub in zip(items["category"], items["type"], items["seq"], items["sub"]):
        last = prev.get((cat, typ))
        ok = (sub > 1 and last == seq) or (sub == 1 and (last is None and seq == 1 or last is not None and seq == last + 1))
        contiguous.append(bool(ok))
        prev[(cat, typ)] = seq
    items["seq_contiguous"] = contiguous
    tg = tg.copy()
    mono = pd.Series(True, index=tg.index)
    if len(tg):
        cum = tg[tg["cumulative"] & tg["metric"].notna()]
        for (_, metric, unit), g in cum.groupby(["row_id", "metric", "unit"], dropna=False):
            g = g.sort_values(["quarter_from", "target_id"])
            dec = g["value_base"].diff().fillna(0) < 0
            mono.loc[g.index[dec.to_numpy()]] = False
    tg["cumulative_monotonic"] = mono.astype(bool)
    return {"items": items, "milestones": ms, "targets": tg}


@lru_cache(maxsize=1)
def _context() -> Any:
    """One ephemeral GX context and one suite per table, for the whole process."""
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
        for table in ("items", "milestones", "targets"):
            asset = source.add_dataframe_asset(table)
            batches[table] = asset.add_batch_definition_whole_dataframe(table)
            suite = gx.ExpectationSuite(name=f"worklist_{table}")
            for t, cls, kwargs, level in SUITE:
                if t == table:
                    exp = getattr(gx.expectations, cls)(**kwargs)
                    exp.meta = {"level": level}
                    suite.add_expectation(exp)
            suites[table] = ctx.suites.add(suite)
    return gx, ctx, batches, suites


def run_checks(conv: "Conversion") -> dict[str, Any]:
    """Validate the document's tables; failures of `warn` expectations become warnings only."""
    return run_frames(frames(conv), conv.warnings)


def run_frames(dfs: dict[str, "pd.DataFrame"], warnings_out: list[str] | None = None) -> dict[str, Any]:
    gx, _ctx, batches, suites = _context()
    results: list[dict[str, Any]] = []
    success = True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for table, df in dfs.items():
            if df.empty:
                continue
            batch = batches[table].get_batch(batch_parameters={"dataframe": df})
            res = batch.validate(suites[table], result_format="SUMMARY")
            for r in res.results:
                cfg = r.expectation_config
                level = (cfg.meta or {}).get("level", "fail")
                entry = {"table": table, "expectation": cfg.type, "column": cfg.kwargs.get("column"),
                         "level": level, "success": bool(r.success)}
                if not r.success:
                    sample = (r.result or {}).get("partial_unexpected_list") or []
                    entry["unexpected"] = [str(x) for x in sample[:5]]
                    entry["unexpected_count"] = (r.result or {}).get("unexpected_count")
                    if level == "fail":
                        success = False
                    elif warnings_out is not None:
                        warnings_out.append(f"{table}.{entry['column']}: values outside the known set: "
                                            + ", ".join(entry["unexpected"]))
                results.append(entry)
    return {"engine": f"great_expectations {gx.__version__}", "success": success, "results": results}
