"""The dataset suite: every rule fires on a frame that breaks it, and only that rule.

Table-driven: a small hand-made document (`good_frames`) passes every rule; each case breaks one thing and
names the one rule that must fail. A rule without a case fails `test_every_rule_has_a_case`, so a rule added to
the suite cannot go untested.

The suite has two engines, Great Expectations and the native one (`worklist.checks.native`), which evaluate
the same rules. A GX run costs about half a second, so each case runs on the native engine, and on GX for one
rule of each kind of expectation and for the cases only GX can tell (`GX_CASES`); tests/test_native_checks.py
compares the two engines' verdicts on the converted sample.
"""

from __future__ import annotations

from typing import Callable

import pandas as pd
import pytest

from worklist.checks.rules import RULES, check_warnings, derive, failed_rules, run_frames

DOC = "d0c0000000000001"


def good_frames() -> dict[str, pd.DataFrame]:
    """Two groups (重点指标 1; 重点任务 1, 2, 2.2), schedule cells, cumulative targets that rise."""
    items = pd.DataFrame([
        dict(doc_id=DOC, row_id=1, item_key="幼有善育/重点指标/1", category="幼有善育", type="重点指标", seq=1, sub=1,
             seq_label="1", name="托位数", q1="/", q2="新增10个", q3="累计20个", q4="累计30个", lead_units=["县卫健局"],
             owners=["张三"], page=1, source_ref="l10"),
        dict(doc_id=DOC, row_id=2, item_key="幼有善育/重点任务/1", category="幼有善育", type="重点任务", seq=1, sub=1,
             seq_label="1", name="建设托育园", q1=None, q2=None, q3=None, q4="完成", lead_units=["县教育局", "县卫健局"],
             owners=[], page=1, source_ref="l11"),
        dict(doc_id=DOC, row_id=3, item_key="幼有善育/重点任务/2.1", category="幼有善育", type="重点任务", seq=2, sub=1,
             seq_label="2", name="育儿补贴", q1="启动", q2="启动", q3=None, q4=None, lead_units=["县民政局"], owners=["李四"],
             page=1, source_ref="l12"),
        dict(doc_id=DOC, row_id=4, item_key="幼有善育/重点任务/2.2", category="幼有善育", type="重点任务", seq=2, sub=2,
             seq_label="2", name="育儿补贴", q1=None, q2=None, q3="发放", q4="已完成", lead_units=["县财政局"], owners=["王五"],
             page=2, source_ref="l13"),
    ])
    ms = pd.DataFrame([
        dict(doc_id=DOC, row_id=1, quarter_from=1, quarter_to=1, text="/", status="none"),
        dict(doc_id=DOC, row_id=1, quarter_from=2, quarter_to=2, text="新增10个", status="planned"),
        dict(doc_id=DOC, row_id=1, quarter_from=3, quarter_to=3, text="累计20个", status="planned"),
        dict(doc_id=DOC, row_id=1, quarter_from=4, quarter_to=4, text="累计30个", status="planned"),
        dict(doc_id=DOC, row_id=2, quarter_from=4, quarter_to=4, text="完成", status="planned"),
        dict(doc_id=DOC, row_id=3, quarter_from=1, quarter_to=2, text="启动", status="planned"),
        dict(doc_id=DOC, row_id=4, quarter_from=3, quarter_to=3, text="发放", status="planned"),
        dict(doc_id=DOC, row_id=4, quarter_from=4, quarter_to=4, text="已完成", status="done"),
    ])

    def target(row_id: int, target_id: int, source: str, qf: int, qt: int, value: float, cumulative: bool,
               text: str, metric: str | None = "托位") -> dict:
        return dict(doc_id=DOC, row_id=row_id, target_id=target_id, source=source, quarter_from=qf, quarter_to=qt,
                    metric=metric, comparator="=", value=value, unit="个", value_base=value, unit_base="个",
                    cumulative=cumulative, text=text)

    tg = pd.DataFrame([
        target(1, 1, "schedule", 2, 2, 10.0, False, "新增10个"),
        target(1, 2, "schedule", 3, 3, 20.0, True, "累计20个"),
        target(1, 3, "schedule", 4, 4, 30.0, True, "累计30个"),
        target(3, 1, "name", 1, 4, 500.0, False, "500个", metric=None),
    ])
    return with_item_keys({"items": items, "milestones": ms, "targets": tg})


def with_item_keys(d: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Schema 2.0 repeats the item's keys in every table: fill them from the items, in contract order."""
    from worklist.schemas.models import Item, Milestone, Target

    items = d["items"].assign(notice_id="n0c0000000000001", year=2024)
    if "deadline" not in items:  # schema 2.2: the 完成时限 column, null where a list has none
        items["deadline"] = None
    items["item_uid"] = [f"u{r:011d}" for r in items["row_id"]]
    keys = items[["row_id", "notice_id", "item_key", "item_uid", "category", "type", "year"]]
    out = {"items": items[list(Item.model_fields)]}
    for table, model in (("milestones", Milestone), ("targets", Target)):
        out[table] = d[table].merge(keys, on="row_id", how="left")[list(model.model_fields)]
    return out


Frames = dict[str, pd.DataFrame]


def _set(table: str, row: int, column: str, value: object) -> Callable[[Frames], None]:
    def f(d: Frames) -> None:
        df = d[table].copy()
        if isinstance(value, list):  # a list cell: rebuild the column (df.at would try to broadcast it)
            cells = list(df[column])
            cells[row] = value
            df[column] = pd.Series(cells, index=df.index, dtype=object)
        else:
            df.at[row, column] = value
        d[table] = df
    return f


def _as(table: str, column: str, dtype: str) -> Callable[[Frames], None]:
    def f(d: Frames) -> None:
        d[table] = d[table].astype({column: dtype})
    return f


def _extra_column(table: str) -> Callable[[Frames], None]:
    def f(d: Frames) -> None:
        d[table] = d[table].assign(unexpected="x")
    return f


def _null(table: str, row: int, column: str) -> Callable[[Frames], None]:
    def f(d: Frames) -> None:
        df = d[table].copy()
        df[column] = df[column].astype(object)
        df.at[row, column] = None
        d[table] = df
    return f


# rule name -> how to break it (one rule each; row 0 of items is the only 重点指标 row, so nulling its
# category or type leaves 序号 contiguity intact)
CASES: dict[str, Callable[[Frames], None]] = {
    "items.columns": _extra_column("items"),
    "items.row_id.type": _as("items", "row_id", "float64"),
    "items.seq.type": _as("items", "seq", "float64"),
    "items.sub.type": _as("items", "sub", "float64"),
    "items.page.type": _as("items", "page", "float64"),
    "items.doc_id.not_null": _null("items", 0, "doc_id"),
    "items.item_key.not_null": _null("items", 0, "item_key"),
    "items.category.not_null": _null("items", 0, "category"),
    "items.type.not_null": _null("items", 0, "type"),
    "items.name.not_null": _null("items", 1, "name"),
    "items.source_ref.not_null": _null("items", 1, "source_ref"),
    "items.item_key.unique": _set("items", 3, "item_key", "幼有善育/重点任务/2.1"),
    "items.row_id.unique": lambda d: (_set("items", 3, "row_id", 3)(d),  # its milestones follow it
                                      _set("milestones", 6, "row_id", 3)(d), _set("milestones", 7, "row_id", 3)(d)),
    "items.sub.min": _set("items", 1, "sub", 0),
    "items.seq.contiguous": _set("items", 2, "seq", 3),  # 1, 3 (gap), then 3's sub-row says 2
    "items.lead_units.present": _set("items", 1, "lead_units", []),
    "items.category.known": _set("items", 0, "category", "新专项"),  # warn
    "items.type.known": _set("items", 0, "type", "新类型"),  # warn
    "items.name.not_a_unit": _set("items", 1, "name", "县卫健局"),  # warn
    "items.lead_units.not_a_period": _set("items", 1, "lead_units", ["二季度"]),
    "items.owners.one_name_each": _set("items", 1, "owners", ["韩娜陈海明孙政"]),  # warn
    "milestones.columns": _extra_column("milestones"),
    "milestones.row_id.type": _as("milestones", "row_id", "float64"),
    "milestones.quarter_from.type": _as("milestones", "quarter_from", "float64"),
    "milestones.quarter_to.type": _as("milestones", "quarter_to", "float64"),
    "milestones.doc_id.not_null": _null("milestones", 0, "doc_id"),
    "milestones.text.not_null": _null("milestones", 0, "text"),
    "milestones.quarter_from.range": _set("milestones", 0, "quarter_from", 0),
    "milestones.quarter_to.range": _set("milestones", 0, "quarter_to", 5),
    "milestones.quarter_order": _set("milestones", 5, "quarter_from", 3),
    "milestones.item_exists": _set("milestones", 0, "row_id", 99),
    "milestones.status.known": _set("milestones", 0, "status", "late"),
    "targets.columns": _extra_column("targets"),
    "targets.row_id.type": _as("targets", "row_id", "float64"),
    "targets.target_id.type": _as("targets", "target_id", "float64"),
    "targets.quarter_from.type": _as("targets", "quarter_from", "float64"),
    "targets.quarter_to.type": _as("targets", "quarter_to", "float64"),
    "targets.value.type": _as("targets", "value", "int64"),
    "targets.value_base.type": _as("targets", "value_base", "int64"),
    "targets.cumulative.type": _as("targets", "cumulative", "int64"),
    "targets.doc_id.not_null": _null("targets", 3, "doc_id"),
    "targets.text.not_null": _null("targets", 0, "text"),
    "targets.quarter_from.range": _set("targets", 3, "quarter_from", 0),
    "targets.quarter_to.range": _set("targets", 3, "quarter_to", 5),
    "targets.quarter_order": _set("targets", 0, "quarter_from", 3),
    "targets.item_exists": _set("targets", 3, "row_id", 99),
    "targets.value.non_negative": _set("targets", 3, "value", -1.0),
    "targets.value_base.non_negative": _set("targets", 3, "value_base", -1.0),
    "targets.comparator.known": _set("targets", 3, "comparator", "≈"),
    "targets.source.known": _set("targets", 3, "source", "table"),
    "targets.cumulative.monotonic": _set("targets", 2, "value_base", 15.0),  # 累计30 → 15 after 累计20
    # plausibility (issue 17): one planted misreading each
    "items.lead_units.one_name_each": _set("items", 1, "lead_units", ["县委宣传部团县委"]),
    "items.page_top.own_name": _set("items", 3, "name", "补贴发放"),  # warn: sub-row atop page 2, a name of its own
    "milestones.text.one_period": _set("milestones", 4, "text", "一季度：启动；二季度：完成"),
}
WARN_ONLY = {name for name, rule in RULES.items() if rule.level == "warn"}
# what the warning line of each warn rule's case names
WARN_TEXT = {"items.category.known": "新专项", "items.type.known": "新类型", "items.name.not_a_unit": "县卫健局",
             "items.owners.one_name_each": "韩娜陈海明孙政", "items.page_top.own_name": "at l13"}

# Cases only Great Expectations tells apart: a float column stored as int64 (the native engine checks each
# value's Python type, and an int is a valid float), and a null doc_id (the native engine pairs milestones and
# targets with their item by (doc_id, row_id), so its item_exists rules fail as well).
GX_ONLY = {"targets.value.type", "targets.value_base.type", "items.doc_id.not_null", "milestones.doc_id.not_null",
           "targets.doc_id.not_null"}
# ... and through GX as well, one rule of each kind of expectation (derived columns and `warn` rules included)
GX_CASES = GX_ONLY | {"items.columns", "items.item_key.unique", "targets.value.non_negative",
                      "items.seq.contiguous", "milestones.quarter_order", "items.category.known", "items.type.known",
                      "items.lead_units.not_a_period", "items.name.not_a_unit"}


def _run(d: Frames, warnings_out: list[str] | None = None) -> dict:
    """The suite's summary through Great Expectations; the warning lines of its `warn` rules, when asked
    for, into `warnings_out`."""
    res = run_frames(derive(d["items"], d["milestones"], d["targets"]))
    if warnings_out is not None:
        warnings_out += check_warnings(res)
    return res


def _run_native(d: Frames, warnings_out: list[str] | None = None) -> dict:
    """The same summary from the native engine, given the frames as rows (as `worklist validate` reads a
    Parquet file's)."""
    from worklist.checks.native import evaluate, tables_from_rows

    res = evaluate(tables_from_rows({t: df.to_dict("records") for t, df in d.items()},
                                    {t: list(df.columns) for t, df in d.items()}))
    if warnings_out is not None:
        warnings_out += check_warnings(res)
    return res


ENGINES = {"native": _run_native, "gx": _run}


def test_every_rule_has_a_case() -> None:
    assert set(CASES) == set(RULES)
    assert GX_CASES <= set(CASES)
    kinds = {(r.expectation, r.level) for r in RULES.values()}
    assert {(RULES[n].expectation, RULES[n].level) for n in GX_CASES} == kinds  # every kind through GX


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_good_frames_pass_every_rule(engine: str) -> None:
    res = ENGINES[engine](good_frames())
    assert res["success"], failed_rules(res)
    assert {r["rule"] for r in res["results"]} == set(RULES)
    assert all(r["success"] for r in res["results"])


@pytest.mark.parametrize(("rule", "engine"), [(rule, "native") for rule in sorted(set(CASES) - GX_ONLY)]
                         + [(rule, "gx") for rule in sorted(GX_CASES)])
def test_one_bad_frame_per_rule(rule: str, engine: str) -> None:
    d = good_frames()
    CASES[rule](d)
    warnings_out: list[str] = []
    res = ENGINES[engine](d, warnings_out)
    failed = {r["rule"] for r in res["results"] if not r["success"]}
    assert failed == {rule}
    if rule in WARN_ONLY:
        assert res["success"], "an unknown label is a warning, not a failure"
        assert len(warnings_out) == 1 and WARN_TEXT[rule] in warnings_out[0]
    else:
        assert not res["success"]
        assert warnings_out == []
        entry = next(r for r in res["results"] if r["rule"] == rule)
        assert entry["level"] == "fail"


PLAUSIBLE_COLUMNS = [  # (名称, 牵头单位) -> plausible
    ("推进托育服务", ["县卫健局"], True), ("乡镇卫生院标准化建设", ["县卫健局"], True),
    ("县卫健局", ["张三"], False),  # an office as 名称: the units shifted left
    ("推进托育服务", ["一季度"], False), ("推进托育服务", ["6月底前"], False), ("推进托育服务", ["县卫健局", "Q2"], False),
]


@pytest.mark.parametrize(("name", "units", "ok"), PLAUSIBLE_COLUMNS, ids=[f"{c[0]}|{c[1]}" for c in PLAUSIBLE_COLUMNS])
def test_a_column_holding_another_columns_value(name: str, units: list[str], ok: bool) -> None:
    """An office as 名称 or a period in 牵头单位 is named by the plausibility checks (`checks.plausible`)."""
    from worklist.checks.plausible import name_is_a_unit, unit_is_a_period

    named = name_is_a_unit([name], [units], ["t1r2"])[0] or unit_is_a_period([units], ["t1r2"])[0]
    assert (named is None) is ok



ONE_PERIOD = [("一季度：启动；二季度：完成", False), ("一季度：启动", True), ("上半年：完成50%；下半年：全部完成", False),
              ("完成发放;12月31日前完成上报;全年做好宣传", True),  # dates inside prose label nothing
              ("完成选址。", True), ("/", True)]


@pytest.mark.parametrize(("text", "ok"), ONE_PERIOD, ids=[c[0][:10] for c in ONE_PERIOD])
def test_a_milestone_naming_several_periods(text: str, ok: bool) -> None:
    from worklist.checks.rules import one_period

    assert one_period(pd.DataFrame({"text": [text]})) == [ok]


def test_page_top_row_with_a_name_of_its_own() -> None:
    from worklist.checks.rules import page_top_own_name

    items = pd.DataFrame({"doc_id": ["d"] * 4, "page": [1, 2, 2, 3], "sub": [1, 2, 3, 2],
                          "seq_label": ["3"] * 4, "name": ["提升院前急", "救能力", "救能力", "救能力"]})
    assert page_top_own_name(items) == [False, True, False, False]  # same page, or the same name: no flag


def test_unknown_category_is_a_warning_only() -> None:
    d = good_frames()
    d["items"].loc[d["items"]["category"] == "幼有善育", "category"] = "智有所学"  # a 专项 added next year
    warnings_out: list[str] = []
    res = _run_native(d, warnings_out)
    assert res["success"]
    assert failed_rules(res) == [] and failed_rules(res, "warn") == ["items.category.known"]
    assert any("智有所学" in w for w in warnings_out)


def test_cumulative_compares_in_base_units_and_per_metric() -> None:
    d = good_frames()
    tg = d["targets"]
    # 2万人 in Q3 then 25000人 in Q4: rising in base units although 25000 < 2 is false and 2 < 25000 is true
    tg.loc[1, ["value", "unit", "value_base", "unit_base"]] = [2.0, "万个", 20000.0, "个"]
    tg.loc[2, ["value", "unit", "value_base", "unit_base"]] = [25000.0, "个", 25000.0, "个"]
    assert _run_native(d)["success"]
    # another metric of the same row may be lower: not the same series
    tg.loc[2, ["metric", "value", "value_base"]] = ["床位", 5.0, 5.0]
    assert _run_native(d)["success"]


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_empty_targets_table_is_not_a_failure(engine: str) -> None:
    d = good_frames()
    d["targets"] = d["targets"].iloc[0:0]
    assert ENGINES[engine](d)["success"]


def test_checks_keep_the_console_clean(capfd: pytest.CaptureFixture[str]) -> None:
    d = good_frames()
    CASES["items.seq.contiguous"](d)
    _run(d)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_sample_passes_and_results_reach_the_manifest(conversions) -> None:
    from worklist.outputs.writers import manifest

    conv = conversions("txt")
    assert conv.checks["success"], failed_rules(conv.checks)
    m = manifest(conv)
    rules = {r["rule"] for r in m["validation"]["checks"]["results"]}
    assert {"items.item_key.unique", "items.seq.contiguous", "targets.cumulative.monotonic"} <= rules
