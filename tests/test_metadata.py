"""Metadata from the front matter, read by the shape of a 红头文件."""

from datetime import date

import pytest

from worklist.normalize.metadata import parse_date, read_metadata

SHENGSI = [
    "嵊泗县公共服务七优享 工程工作专班办公室 文件",
    "嵊七优享办〔2024〕2号",
    "嵊泗县公共服务七优享工程工作专班办公室 关于印发《2024年嵊泗县公共服务“七优享” 工程工作清单》的通知",
    "各乡镇人民政府，县公共服务七优享工程工作专班成员单位：",
    "嵊泗县公共服务七优享工程专班办公室",
    "（嵊泗县人民政府办公室代章）",
    "2024年3月28日",
    "2024年嵊泗县公共服务“七优享”工程工作清单",
]


def test_shengsi_front_matter() -> None:
    m = read_metadata(SHENGSI)
    assert m.title == "2024年嵊泗县公共服务“七优享”工程工作清单"
    assert m.doc_number == "嵊七优享办〔2024〕2号"
    assert m.issuer == "嵊泗县公共服务七优享工程工作专班办公室"
    assert m.issue_date == date(2024, 3, 28)
    assert m.year == 2024
    assert m.region == "嵊泗县"


def test_title_from_the_notice_when_the_list_title_is_missing() -> None:
    m = read_metadata(["某某区民政局文件", "某民发〔2025〕7号",
                       "关于印发《2025年某某区民生实事项目工作清单》的通知", "某某区民政局", "2025年1月6日"])
    assert m.title == "2025年某某区民生实事项目工作清单"
    assert m.region == "某某区"
    assert m.doc_number == "某民发〔2025〕7号"
    assert m.issue_date == date(2025, 1, 6)
    assert m.issuer == "某某区民政局"


def test_pdf_wrapped_title_lines() -> None:
    m = read_metadata(["某某县人民政府办公室 文件", "某政办发[2023]15号", "某某县人民政府办公室关于印发《2023年某某县",
                       "重点工作任务清单》的通知", "二〇二三年二月十日"])
    assert m.doc_number == "某政办发[2023]15号"
    assert m.title == "2023年某某县重点工作任务清单"
    assert m.issue_date == date(2023, 2, 10)
    assert m.year == 2023


@pytest.mark.parametrize(
    ("text", "d"),
    [("2024年3月28日", date(2024, 3, 28)), ("2024 年 3 月 28 日", date(2024, 3, 28)),
     ("二〇二四年三月二十八日", date(2024, 3, 28)), ("二〇二三年十二月一日", date(2023, 12, 1)),
     ("2024年3月28日印发", None), ("2024年13月1日", None)],
)
def test_parse_date(text: str, d: date | None) -> None:
    assert parse_date(text) == d


def test_empty_front_matter() -> None:
    m = read_metadata([])
    assert m.title is None and m.doc_number is None and m.issue_date is None
