"""The native engine and Great Expectations evaluate the same suite to the same verdicts."""

from __future__ import annotations

import copy

import pytest

from worklist.checks.rules import run_checks
from worklist.checks.native import run_native
from tests.paths import SAMPLE
from worklist.pipeline import ConvertOptions, convert


@pytest.fixture(scope="module")
def base():
    return convert(SAMPLE["txt"], ConvertOptions(checks="none"))


def _mutate(conv, table: str, index, **changes):
    """A copy of the conversion with records[index] changed (index: an int, or a predicate on records)."""
    c = copy.copy(conv)
    c.warnings = []
    records = list(getattr(conv, table))
    hits = [index] if isinstance(index, int) else [i for i, r in enumerate(records) if index(r)]
    assert hits
    for i in hits:
        records[i] = type(records[i]).model_construct(**{**records[i].model_dump(), **changes})
    setattr(c, table, records)
    return c


def _verdicts(result: dict) -> dict[str, bool]:
    return {r["rule"]: r["success"] for r in result["results"]}


CASES = {
    "good": None,
    "duplicate item_key": ("items", 1, {"item_key": "幼有善育/重点指标/1"}),
    "序号 gap": ("items", 1, {"seq": 5}),
    "no lead unit": ("items", 3, {"lead_units": []}),
    "unknown category (warn)": ("items", lambda r: r.category == "幼有善育", {"category": "文体惠民"}),
    "unit in 名称 (warn)": ("items", 2, {"name": "县卫健局"}),
    "quarter label in 牵头单位": ("items", 3, {"lead_units": ["二季度"]}),
    "names run together (warn)": ("items", 4, {"owners": ["韩娜陈海明孙政"]}),
    "quarter out of range": ("milestones", 0, {"quarter_to": 5}),
    "quarters reversed": ("milestones", 4, {"quarter_from": 4, "quarter_to": 2}),
    "unknown status": ("milestones", 0, {"status": "later"}),
    "negative target": ("targets", 0, {"value": -1.0, "value_base": -1.0}),
    "cumulative decreases": ("targets", lambda t: t.cumulative and t.quarter_from == 3 and t.text == "90人次",
                             {"value": 10.0, "value_base": 10.0}),
    "orphan milestone": ("milestones", 0, {"row_id": 999}),
    "two office names in one unit": ("items", 0, {"lead_units": ["县卫健局县民政局"]}),
    "a quarter label in 牵头单位": ("items", 0, {"lead_units": ["二季度"]}),
    "several periods in one milestone": ("milestones", 0, {"text": "一季度：启动；二季度：完成"}),
    "page-top row with its own name (warn)": ("items", lambda r: r.sub == 2, {"page": 9, "name": "另一名称"}),
}


# A GX run costs about half a second: the default run compares the engines on the sample as converted, on a
# derived column and on a `warn` rule; the slow run (`-m slow`) on every case. (tests/test_checks.py breaks
# each rule on small frames, on the native engine and, for a few, on GX.)
DEFAULT_CASES = {"good", "序号 gap", "unknown category (warn)"}


@pytest.mark.parametrize("case", [case if case in DEFAULT_CASES else pytest.param(case, marks=pytest.mark.slow)
                                  for case in CASES])
def test_engines_agree(base, case: str) -> None:
    spec = CASES[case]
    conv = base if spec is None else _mutate(base, spec[0], spec[1], **spec[2])
    native, gx = run_native(copy.copy(conv)), run_checks(copy.copy(conv))
    assert _verdicts(native) == _verdicts(gx)
    assert native["success"] == gx["success"]
    if spec is None or "(warn)" in case:
        assert native["success"]
    else:
        assert not native["success"]
