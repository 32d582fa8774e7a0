"""The decoy rules of the target reader, one table per rule (normalize/targets.py, `DECOYS`).

Each row is a sentence and one of its numbers: `refused` rows say that this rule (and no earlier one) refuses
the number; `kept` rows say that the rule lets a number through that a careless version of it would refuse
(the number is then read as a target, or refused by the rule named). `explain` reports, for every number of a
sentence, the rule that refused it; the sentences are cells of samples/shengsi-2024-worklist.txt or forms
the contract names.
"""

from __future__ import annotations

import pytest

from worklist.normalize.targets import DECOYS, RANGE_DECOYS, explain

READ = None  # the number is read as a target

# rule -> (refused: [(sentence, number)], kept: [(sentence, number, what happens instead)])
TABLES: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str, str | None]]]] = {
    "in_skipped_span": (
        [("全面实施《浙江省“十四五”托育服务发展规划》", "十四五"), ("组织开展“99公益日”网络众筹活动。", "99"),
         ("1.完善城乡教共体有关配套政策。", "1"), ("（1）鼻肠管X线定位", "1"), ("打造“15分钟公共服务圈”", "15")],
        [("累计开展职业教育培训50人次", "50", READ), ("全县“开工第一课”活动服务企业覆盖率不低于3%。", "3", READ)],
    ),
    "ordinal": (
        [("启动第二轮全国医养结合示范项目培育工作", "二"), ("学前教育发展第四轮行动计划", "四"),
         ("做好第 3 批申报", "3")],
        [("开展二场宣讲", "二", READ), ("举办两场招聘会", "两", READ)],
    ),
    "plus_formula": (
        [("推进5+X托育服务", "5"), ("构建1+1+X医育结合体系", "1")],
        [("新增5家，其中X类2家", "5", READ)],
    ),
    "latin_suffix": (
        [("5G基站建设", "5"), ("创建3A级景区", "3")],
        [("新增5家站点", "5", READ), ("新增5 G", "5", "bare_without_comparator")],
    ),
    "inside_a_word": (
        [("统一套餐标准", "一"), ("坚持唯一标准", "一")],
        [("开展一项新技术", "一", READ)],
    ),
    "dotted_date": (
        [("2024-03-28前完成", "2024"), ("2024/3/28前完成", "2024")],
        [("培育养老服务机构3-5家", "3-5", READ)],
    ),
    "chinese_without_unit": (
        [("开展新八级工改革", "八"), ("为女生接种二价疫苗", "二"), ("完成一部分老旧设备更新。", "一"),
         ("统计汇总前三季度工作进展", "三")],
        [("举办两场招聘会", "两", READ), ("建成十个示范点", "十", READ)],
    ),
    "age_group": (
        [("为全省60岁以上老年人免费接种流感疫苗", "60"), ("每千人口拥有3岁以下婴幼儿托位数", "3"),
         ("60周岁以上", "60")],
        [("人均预期寿命达81.5岁", "81.5", READ)],
    ),
    "date_or_service_time": (
        [("2024年", "2024"), ("6月30日前完成资助资金发放", "6"), ("急诊科能够开展24小时床旁心电图", "24"),
         ("近3年", "3"), ("开展2024年中高职一体化五年制职业教育", "五")],
        [("学生每天校内体育活动时间不少于1小时", "1", READ), ("办理时限不超过3个工作日", "3", READ)],
    ),
    "bare_without_comparator": (
        [("组织开展99公益日活动", "99"), ("10月底", "10")],
        [("累计完成专项评估1500以上", "1500", READ), ("年度目标值4.12", "4.12", READ)],
    ),
    "bare_year": (
        [("参保人数达到2024，", "2024")],
        [("参保人数超过2024，", "2024", READ), ("参保人数达到1500，", "1500", READ)],
    ),
    "glued_to_a_word": (
        [("达到3星级", "3")],
        [("达到3%", "3", READ)],
    ),
    "threshold_part": (
        [("1.兜底化解上年度困难群众家庭负担医疗费用5万元以上部分。", "5")],
        [("最低生活保障年标准金额达到 13320 元以上。", "13320", READ)],
    ),
    "percent_threshold_of": (
        [("覆盖80%以上的村", "80")],
        [("持有居住证的随迁子女就读公办学校比例达100%以上", "100", READ)],
    ),
    "threshold_qualifies_noun": (
        [("支持100人以上企业开展培训", "100")],
        [("打造2个以上示范点", "2", READ), ("新增持证数字高技能人才5人以上。", "5", READ)],
    ),
    "after_list_intro": (
        [("1.拓展服务项目，规范开展以下三个项目：", "三"), ("量化社会筹资总额和博爱基金建设等4项主要指标", "4")],
        [("开展新项目3项", "3", READ)],
    ),
    "chinese_count_of_a_slogan": (
        [("推进实现全县机构纳管三个“百分百”目标", "三")],
        [("开展三场宣讲", "三", READ)],
    ),
    "chinese_count_pattern": (
        [("推进三个一批建设", "三"), ("做到一项一策", "一")],
        [("建成十个示范点", "十", READ)],
    ),
    "names_a_checklist": (
        [("根据两张清单，针对性制定解危措施。", "两")],
        [("三季度末，两张清单房屋整治进度达20%。", "20", READ)],
    ),
    "names_kinds_of_things": (
        [("推动基层调解服务规范和仲裁服务规范2个省级地方标准实施", "2")],
        [("制定2个省级地方标准", "2", READ)],
    ),
    "restates_quoted_list": (
        [("开展住宅工程“进场材料、渗漏”四项整治", "四")],
        [("建成中小学校“示范食堂”1 家以上", "1", READ)],
    ),
    "chinese_count_names_policy": (
        [("推行三项制度改革", "三")],
        [("开展一项新技术，开设儿童生长发育门诊。", "一", READ), ("至少两家", "两", READ)],
    ),
}
RANGES = [("0—3岁儿童发育监测筛查率", "0—3", "range_of_ages_years_or_durations"),
          ("推进0-3岁婴幼儿发育监测筛查和干预。", "0-3", "range_of_ages_years_or_durations"),
          ("推进3-5工作", "3-5", "range_without_unit")]


def _fate(sentence: str, number: str) -> str | None:
    """What the reader decided about `number` in `sentence` (the first number written so)."""
    for written, rule in explain(sentence):
        if written == number or (rule is None and written.startswith(number)):
            return rule
    raise AssertionError(f"{number} not among the numbers of {sentence}: {explain(sentence)}")


def test_every_rule_has_a_table() -> None:
    assert set(TABLES) == {d.name for d in DECOYS}


@pytest.mark.parametrize("rule", DECOYS, ids=lambda d: d.name)
def test_rule_example_is_refused_by_that_rule(rule) -> None:
    assert explain(rule.example)[0][1] == rule.name


@pytest.mark.parametrize(("rule", "sentence", "number"),
                         [(rule, s, n) for rule, (refused, _) in TABLES.items() for s, n in refused])
def test_rule_refuses(rule: str, sentence: str, number: str) -> None:
    assert _fate(sentence, number) == rule


@pytest.mark.parametrize(("rule", "sentence", "number", "instead"),
                         [(rule, s, n, i) for rule, (_, kept) in TABLES.items() for s, n, i in kept])
def test_rule_keeps(rule: str, sentence: str, number: str, instead: str | None) -> None:
    assert _fate(sentence, number) == instead != rule


@pytest.mark.parametrize(("sentence", "number", "rule"), RANGES)
def test_range_rules(sentence: str, number: str, rule: str) -> None:
    assert rule in RANGE_DECOYS
    assert _fate(sentence, number) == rule


def test_rule_names_are_unique_and_each_has_a_reason() -> None:
    names = [d.name for d in DECOYS]
    assert len(names) == len(set(names))
    assert all(d.applies.__doc__ for d in DECOYS)
