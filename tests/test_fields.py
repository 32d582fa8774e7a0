"""Recognising fields by content: the vocabulary behind TXT realignment and 类型 recovery."""

import pytest

from worklist.vocabulary.fields import (
    is_person_list,
    is_type_fragment,
    is_unit_name,
    join_type_fragments,
    parse_seq,
    split_owners,
    split_units,
)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("县卫健局", True),
        ("县总工会", True),
        ("县红十字会", True),
        ("县残联", True),
        ("县公积金中心", True),
        ("县应急管理局", True),
        ("县公共服务一体化工作领导小组办公室", True),
        ("县公共服务七优享工程工作专班办公室、县民政局、县住建局", True),
        ("各乡镇", True),
        ("王峥", False),
        ("进一步提升“爱心卡”使用人数。", False),
        ("督查贯彻落实情况。", False),
        ("", False),
    ],
)
def test_is_unit_name(text: str, unit: bool) -> None:
    assert is_unit_name(text) is unit


@pytest.mark.parametrize(
    ("text", "person"),
    [("王峥", True), ("韩娜 陈海明 孙政", True), ("柴芬娜", True), ("县民政局", False), ("", False),
     ("完成率达到60%。", False)],
)
def test_is_person_list(text: str, person: bool) -> None:
    assert is_person_list(text) is person


@pytest.mark.parametrize(
    ("parts", "label"),
    [
        (["重点指标"], "重点指标"),
        (["重点", "指标"], "重点指标"),
        (["重点任务", "重点任务"], "重点任务"),
        (["重\n点\n任\n务"], "重点任务"),
        (["民生实事"], "民生实事"),
        (["重点工作"], "重点工作"),
        ([], None),
    ],
)
def test_join_type_fragments(parts: list[str], label: str | None) -> None:
    assert join_type_fragments(parts) == label


@pytest.mark.parametrize("text", ["重点", "指标", "任务", "重点任务", "民生实事"])
def test_type_fragments(text: str) -> None:
    assert is_type_fragment(text)


@pytest.mark.parametrize(
    ("text", "seq"),
    [("1", 1), ("12", 12), ("3.", 3), ("（3）", 3), ("(4)", 4), ("三", 3), ("十二", 12), ("十", 10), ("", None),
     ("全面深化", None), ("1.5", None)],
)
def test_parse_seq(text: str, seq: int | None) -> None:
    assert parse_seq(text) == seq


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("县卫健局", ["县卫健局"]),
        ("县公共服务七优享工程工作专班办公室、县民政局、县住建局",
         ["县公共服务七优享工程工作专班办公室", "县民政局", "县住建局"]),
        ("县民政局，县住建局", ["县民政局", "县住建局"]),
        ("县民政局,县住建局", ["县民政局", "县住建局"]),
        ("县公共服务一体化工作领导小\n组办公室", ["县公共服务一体化工作领导小组办公室"]),
        ("县民政局\n县住建局", ["县民政局", "县住建局"]),
        ("县公共服务七优享工程工作专班\n办公室、县民政局", ["县公共服务七优享工程工作专班办公室", "县民政局"]),
        ("", []),
    ],
)
def test_split_units(text: str, units: list[str]) -> None:
    assert split_units(text) == units


@pytest.mark.parametrize(
    ("text", "owners"),
    [
        ("王峥", ["王峥"]),
        ("韩娜 陈海明 孙政", ["韩娜", "陈海明", "孙政"]),
        ("韩娜、陈海明", ["韩娜", "陈海明"]),
        ("韩娜 陈海\n明 孙政", ["韩娜", "陈海明", "孙政"]),
        ("韩娜\n陈海明", ["韩娜", "陈海明"]),
        ("", []),
    ],
)
def test_split_owners(text: str, owners: list[str]) -> None:
    assert split_owners(text) == owners
