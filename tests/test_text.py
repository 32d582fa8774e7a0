"""Text repair: layout whitespace and radical code points go, meaningful spaces stay."""

import pytest

from worklist.normalize.text import clean_text, fix_code_points, squash


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("通过国家 学前教育 普及普惠 县省级评 估", "通过国家学前教育普及普惠县省级评估"),
        ("累计开展职业教育培训 50 人次。", "累计开展职业教育培训50人次。"),
        ("做好 2024 年学前教育招生工作。", "做好2024年学前教育招生工作。"),
        ("1.完善城乡教共体有关配套政策。 2.完成特殊少年儿童就学意向统计。",
         "1.完善城乡教共体有关配套政策。2.完成特殊少年儿童就学意向统计。"),
        ("为全省所有适龄女生免费接种二价 HPV 疫苗，2024 年重点为 13—14 岁女生接种",
         "为全省所有适龄女生免费接种二价 HPV 疫苗，2024年重点为13—14岁女生接种"),
        ("新建安宁疗护病区 and 黄龙", "新建安宁疗护病区 and 黄龙"),
        ("推进普惠托育基\n本公共服务试点\n提质扩面", "推进普惠托育基本公共服务试点提质扩面"),
        ("重\n点\n任\n务", "重点任务"),
        ("完成新增计划数量的 100%按照要求安装。", "完成新增计划数量的100%按照要求安装。"),
        ("推广浙江“数字健康人·安诊儿（Angel）”。", "推广浙江“数字健康人·安诊儿（Angel）”。"),
        ("VSD 负压\n吸引术", "VSD 负压吸引术"),
        ("open\nsource", "open source"),
        ("  前后空白  ", "前后空白"),
        ("全角\u3000空格", "全角空格"),
        ("零\u200b宽", "零宽"),
        ("", ""),
        ("⼯作清单", "工作清单"),
        ("⺠⽣实事", "民生实事"),
        ("年度指标 >63%", "年度指标>63%"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(("raw", "fixed"), [("⼯", "工"), ("⺠", "民"), ("⽣", "生"), ("⾼", "高"), ("工", "工")])
def test_radicals_map_to_ideographs(raw: str, fixed: str) -> None:
    assert fix_code_points(raw) == fixed


def test_squash_removes_all_whitespace() -> None:
    assert squash("责任\n单 位") == "责任单位"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("应用VSD\n负压吸引术", "应用VSD负压吸引术"),
        ("阿尔茨海默症\nMRI海马扫描", "阿尔茨海默症MRI海马扫描"),
        ("鼻肠管X\n线定位", "鼻肠管X线定位"),
        ("open \nsource", "open source"),
        ("2024\n年", "2024年"),
        ("12\n34", "12 34"),
        ("新建安宁疗护病区\nand 黄龙", "新建安宁疗护病区 and 黄龙"),
        ("病区 and\n黄龙", "病区 and 黄龙"),
        ("二价\nHPV 疫苗", "二价HPV 疫苗"),
    ],
)
def test_line_wraps_join(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


# --- promises that hold for every input (Hypothesis) -------------------------------------------------------
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from tests.helpers import both_sizes  # noqa: E402

from worklist.normalize.text import FORMULA_TRIGGERS  # noqa: E402

# the characters repair acts on, so that short random strings hit its rules often
_REPAIRED = list("ab AZ09.%/\n\t\r\u3000\u00a0\u2009\u200b\u200c\ufeff\u00ad=+-@工作重点⼯⺠⽣“”，。（）\u0301")
_TEXTS = st.one_of(st.text(max_size=20), st.lists(st.sampled_from(_REPAIRED), max_size=16).map("".join))


@both_sizes  # 100 examples by default, 3000 in the slow run
@given(_TEXTS)
def test_repair_is_idempotent(size: str, raw: str) -> None:
    once = clean_text(raw)
    assert clean_text(once) == once


@both_sizes
@given(_TEXTS)
def test_repair_never_creates_a_formula_prefix(size: str, raw: str) -> None:
    out = clean_text(raw)
    if out.startswith(FORMULA_TRIGGERS):
        assert raw.startswith(out[0])


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\u200b=HYPERLINK(\"x\")", " =HYPERLINK(\"x\")"),  # issue 14: the zero-width space kept it text
        ("\ufeff@SUM(A1)", " @SUM(A1)"),
        ("  +86 电话", " +86电话"),
        ("\n-3人", " -3人"),
        ("=1+1", "=1+1"),  # the input's own formula: left to the CSV writer's guard
        ("-", "-"),
        ("a\u200b\u0301", "á"),  # a combining mark freed by the removal composes (else a second pass would)
    ],
)
def test_formula_triggers_are_never_exposed(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
