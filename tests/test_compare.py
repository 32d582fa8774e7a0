"""`worklist compare`: the planted changes of tests/fixtures/compare/ (see its README), and nothing else."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.paths import FIXTURES
from worklist.normalize.identity import item_uid_for, name_key
from worklist.outputs.compare import compare_documents, normalize_name, own_year, similarity, to_html, tokens

PAIR = FIXTURES / "compare"


@pytest.fixture(scope="module")
def comparison():
    from worklist.pipeline import ConvertOptions, convert
    from worklist.outputs.writers import nested_json

    old = nested_json(convert(PAIR / "yunxi-2023.txt", ConvertOptions(checks="none")))
    new = nested_json(convert(PAIR / "yunxi-2024.txt", ConvertOptions(checks="none")))
    return compare_documents(old, new)


def test_finds_every_planted_change_and_nothing_else(comparison) -> None:
    got = sorted((c.kind, c.category, c.type, c.old_name or c.new_name) for c in comparison.changes)
    assert got == sorted([
        ("target_raised", "幼有善育", "重点指标", "托位使用率"),
        ("target_lowered", "幼有善育", "重点指标", "0—3岁儿童发育监测筛查率"),
        ("added", "幼有善育", "重点任务", "推广婴幼儿照护小组活动"),
        ("renamed", "幼有善育", "重点任务", "开展托育示范创建活动"),
        ("dropped", "幼有善育", "重点任务", "实施儿童医疗服务发展行动计划"),
        ("moved", "学有优教", "民生实事", "推进学前教育普及普惠"),
    ])


def test_target_changes_carry_both_values(comparison) -> None:
    by_kind = {c.kind: c for c in comparison.changes}
    raised, lowered = by_kind["target_raised"], by_kind["target_lowered"]
    assert (raised.old_value, raised.new_value, raised.unit) == (60.0, 63.0, "%")
    assert (lowered.old_value, lowered.new_value) == (88.0, 85.0)


def test_rename_and_move_name_both_keys(comparison) -> None:
    by_kind = {c.kind: c for c in comparison.changes}
    assert by_kind["renamed"].new_name == "深入开展托育示范创建活动"
    assert (by_kind["moved"].old_key, by_kind["moved"].new_key) == ("学有优教/重点任务/1", "学有优教/民生实事/1")


def test_shifted_keys_are_paired_by_content(comparison) -> None:
    """建设智慧校园 moved from 序号 2 to 1 when the item before it left the group: not a change."""
    assert ("学有优教/重点任务/2", "学有优教/重点任务/1") in comparison.pairs


def test_html_is_one_offline_page(comparison) -> None:
    page = to_html(comparison)
    assert "<svg" in page and "幼有善育" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//|url\(\s*["']?(https?:)?//|@import""", page)
    assert "<script" not in page


@pytest.mark.parametrize(("a", "b", "same"), [
    ("开展托育示范创建活动", "开展托育示范创建活动。", True),
    ("推进“5+X”托育服务", "推进 5+X 托育服务", True),
    ("推进「双减」工作", "推进双减工作", True),
    ("建设智慧校园", "新建村级卫生室", False),
])
def test_normalized_names(a: str, b: str, same: bool) -> None:
    """One meaning of "the same name": compare's rename test and the item_uid agree (issue 19)."""
    assert (name_key(a) == name_key(b)) is same
    assert (item_uid_for("幼有善育", "重点任务", a) == item_uid_for("幼有善育", "重点任务", b)) is same


def test_similarity_bounds() -> None:
    t = tokens("推进普惠托育服务体系建设")
    assert similarity(t, t) == 1.0
    assert similarity(t, frozenset()) == 0.0
    assert 0 < similarity(t, tokens("推进托育服务体系")) < 1


@pytest.mark.parametrize(("old", "oy", "new", "ny", "same"), [
    ("落实2024年学生资助政策", 2024, "落实2025年学生资助政策", 2025, True),  # the list's own year
    ("完成2024年度评估", 2024, "完成2025年度评估", 2025, True),
    ("完成2023年项目扫尾", 2024, "完成2024年项目扫尾", 2025, False),  # another year than its own: compared as written
    ("建设12024年", 2024, "建设12025年", 2025, False),  # not a year
])
def test_the_lists_own_year_is_no_change(old: str, oy: int, new: str, ny: int, same: bool) -> None:
    assert (normalize_name(old, oy) == normalize_name(new, ny)) is same



@given(st.text(alphabet="推进工作建设完成项目年度", max_size=8), st.text(alphabet="推进工作建设完成项目", max_size=8),
       st.integers(min_value=2000, max_value=2098))
def test_a_name_with_its_lists_year_matches_next_years(prefix: str, suffix: str, year: int) -> None:
    """Invariant: a 名称 that differs only in its own list's year normalizes the same."""
    assert normalize_name(f"{prefix}{year}年{suffix}", year) == normalize_name(f"{prefix}{year + 1}年{suffix}", year + 1)


def _doc(year: int, **item: object) -> dict:
    base = {"item_key": "幼有善育/重点任务/1", "category": "幼有善育", "type": "重点任务", "name": "建设托育园",
            "lead_units": ["县卫健局"], "owners": ["张三"], "q1": "启动", "q2": "建设", "q3": "建设", "q4": "建成2所",
            "milestones": [], "targets": [{"source": "schedule", "quarter_from": 4, "quarter_to": 4, "metric": None,
                                           "comparator": "=", "value_base": 2.0, "unit_base": "所", "text": "2所"}]}
    return {"year": year, "items": [{**base, **item}]}


@pytest.mark.parametrize(("change", "kind", "old_text", "new_text"), [
    ({"lead_units": ["县卫健局", "县教育局"]}, "lead_units_changed", "县卫健局", "县卫健局、县教育局"),
    ({"owners": ["李明"]}, "owners_changed", "张三", "李明"),
    ({"extra": {"配合单位": "县财政局"}}, "extra_changed", None, "县财政局"),
    ({"deadline": "2025年11月底前"}, "deadline_changed", None, "本年11月底前"),
    ({"q2": "招标", "q3": "招标"}, "schedule_changed", "建设", "招标"),  # a merged cell: one change, Q2-Q3
    ({"targets": []}, "target_dropped", "2所", None),
])
def test_every_field_of_a_paired_item_is_compared(change: dict, kind: str, old_text: str | None,
                                                  new_text: str | None) -> None:
    comp = compare_documents(_doc(2024), _doc(2025, **change))
    [c] = [c for c in comp.changes if c.kind == kind]
    assert len(comp.changes) == 1 or kind == "target_dropped"  # the target's text left the cell: it changed too
    assert c.kind == kind and c.name == "建设托育园" and c.new_key == "幼有善育/重点任务/1"
    assert c.old_text == old_text and (c.new_text == new_text or own_year(c.new_text or "", 2025) == new_text)


def test_a_changed_target_number_is_the_targets_change_not_the_schedules() -> None:
    new = _doc(2025, q4="建成3所", targets=[{"source": "schedule", "quarter_from": 4, "quarter_to": 4, "metric": None,
                                          "comparator": "=", "value_base": 3.0, "unit_base": "所", "text": "3所"}])
    [c] = compare_documents(_doc(2024), new).changes
    assert (c.kind, c.old_value, c.new_value) == ("target_raised", 2.0, 3.0)
