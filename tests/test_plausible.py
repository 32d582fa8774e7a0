"""Plausibility of a row's text (checks.plausible), rule by rule: what fires and what must not."""

from __future__ import annotations

import pytest

from worklist.checks.plausible import name_is_a_unit, owners_run_together, unit_is_a_period
from worklist.checks.rules import RULES


@pytest.mark.parametrize(("name", "units", "fires"), [
    ("县教育局", [], True),  # an office's shape: level + ending
    ("市委政法委", [], True),
    ("县总工会", [], True),
    ("县公共服务七优享工程工作专班", [], True),
    ("团县委", ["团县委"], True),  # not an office's shape, but one of the document's own 牵头单位
    ("县卫健局", ["县卫健局"], True),
    ("建设县级养老服务中心", [], False),  # what is done, with a facility in it
    ("县级公立医院综合改革", [], False),
    ("县域医共体建设", ["县卫健局"], False),
    ("每千人口拥有3岁以下婴幼儿托位数", [], False),
    ("开展县委宣传部牵头的宣讲活动。", ["县委宣传部"], False),  # a sentence naming a unit is fine
    ("", [], False),
])
def test_a_unit_in_the_name_column(name: str, units: list[str], fires: bool) -> None:
    got = name_is_a_unit([name], [units], ["t1r5"])
    assert got == ([f"t1r5: {name}"] if fires else [None])


@pytest.mark.parametrize(("units", "fires"), [
    (["二季度"], ["二季度"]),
    (["第四季度"], ["第四季度"]),
    (["一、二季度"], ["一、二季度"]),
    (["1季度"], ["1季度"]),
    (["Q3"], ["Q3"]),
    (["县卫健局", "6月底前"], ["6月底前"]),
    (["1-3月"], ["1-3月"]),
    (["2025年12月"], ["2025年12月"]),
    (["上半年"], ["上半年"]),
    (["全年"], ["全年"]),
    (["年底前"], ["年底前"]),
    (["长期坚持"], ["长期坚持"]),
    (["已完成"], ["已完成"]),
    (["完成新增托位50个。"], ["完成新增托位50个。"]),  # a schedule sentence
    (["县卫健局"], None),
    (["县公共服务七优享工程工作专班办公室", "县民政局"], None),
    (["各乡镇（街道）"], None),
    (["/"], None),  # a list's mark for "no 牵头单位", not a schedule
    ([], None),
])
def test_a_schedule_in_the_unit_column(units: list[str], fires: list[str] | None) -> None:
    assert unit_is_a_period([units], ["p3"]) == [f"p3: {'、'.join(fires)}" if fires else None]


@pytest.mark.parametrize(("owners", "fires"), [
    (["韩娜陈海明孙政"], ["韩娜陈海明孙政"]),
    (["王芳李强"], None),  # four characters: one name as far as anyone can tell (欧阳娜娜)
    (["林晓红", "陈晓梅吴刚"], ["陈晓梅吴刚"]),
    (["欧阳娜娜"], None),
    (["韩娜", "陈海明", "孙政"], None),
    (["分管副县长"], None),  # a title, not names
    (["县卫健局局长"], None),
    (["阿依古丽·买买提"], None),  # a name written with ·
    (["Zhang San"], None),
    (["政"], ["政"]),  # a name cut: the rest of the cell clipped or lost
    (["林晓红", "进"], ["进"]),
    ([], None),
])
def test_names_run_together_in_the_owner_column(owners: list[str], fires: list[str] | None) -> None:
    assert owners_run_together([owners], ["s1r9"]) == [f"s1r9: {'、'.join(fires)}" if fires else None]


def test_rows_without_a_source_ref_are_named_by_value() -> None:
    assert unit_is_a_period([["二季度"], ["县卫健局"]], [None]) == ["二季度", None]


@pytest.mark.parametrize(("rule", "level"), [
    ("items.name.not_a_unit", "warn"),  # an item may be named after a body (县级…中心) in rare lists: a warning
    ("items.lead_units.not_a_period", "fail"),  # no organisation is called 二季度: the columns are shifted
    ("items.owners.one_name_each", "warn"),
])
def test_levels(rule: str, level: str) -> None:
    assert RULES[rule].level == level
