"""The vocabulary of a work list, defined once (worklist/vocabulary/labels.py, normalize/programmes.json)."""

from __future__ import annotations

import json

import pytest

from worklist.extract.headers import header_field, is_header_row
from worklist.vocabulary import labels as V
from worklist.vocabulary.fields import is_type_label


def test_type_labels_have_one_definition() -> None:
    from worklist.checks import rules as checks

    assert checks.KNOWN_TYPES is V.CONTRACT_TYPES
    assert V.CONTRACT_TYPES == ("重点指标", "重点任务", "民生实事")  # CONTRACT.md, items.type


def test_words_shared_by_column_names_and_type_labels_are_named() -> None:
    assert V.SHARED_WORDS == {"重点任务", "工作任务", "指标", "任务"}


@pytest.mark.parametrize("word", sorted(V.SHARED_WORDS))
def test_a_shared_word_is_read_by_where_it_stands(word: str) -> None:
    assert header_field(word) == "name"  # in a header row: the 名称 column
    assert is_type_label(word)  # in the 类型 column or a heading row: a 类型 label
    assert is_header_row(["序号", word, "牵头单位", "责任人"])
    assert not is_header_row(["幼有善育", "1", word, "推进普惠托育", "完成选址", "", "", "", "县卫健局", "董冬"])


def test_every_column_alias_names_one_column() -> None:
    names = [w for aliases in V.COLUMN_ALIASES.values() for w in aliases]
    assert len(names) == len(set(names))


def test_programmes_file_is_well_formed() -> None:
    data = json.loads(V.PROGRAMMES_PATH.read_text(encoding="utf-8"))
    assert data["programmes"]
    for name, p in data["programmes"].items():
        assert p["categories"] and len(p["categories"]) == len(set(p["categories"])), name
    assert "幼有善育" in V.programmes()["七优享"].categories


@pytest.mark.parametrize(
    ("title", "categories", "programme"),
    [
        ("2024年嵊泗县公共服务“七优享”工程工作清单", ["新专项"], "七优享"),  # the title names it
        ("2025年梅岭县“老有康养”“住有宜居”专项工作清单", ["老有康养", "住有宜居"], "七优享"),  # its 专项 do
        (None, ["幼有善育", "智有所学"], "七优享"),  # a 专项 added next year
        ("2025年溪口县文体惠民工作清单", ["文体惠民"], None),  # a programme not in the file
        (None, [], None),
    ],
)
def test_programme_is_recognised_by_title_or_categories(title, categories, programme) -> None:
    found = V.recognise_programme(categories, title)
    assert (found.name if found else None) == programme


def test_new_category_of_a_known_programme_is_named_once() -> None:
    cats = ["幼有善育", "智有所学", "智有所学", "学有优教", "智有所学"]
    assert V.unknown_categories(cats) == [None, "智有所学", None, None, None]


def test_unknown_programme_names_each_category_once_not_every_row() -> None:
    cats = ["文体惠民"] * 6 + ["全民健身"] * 4 + [None]
    out = V.unknown_categories(cats)
    assert [c for c in out if c] == ["文体惠民", "全民健身"]


def test_unknown_programme_gives_one_warning_line() -> None:
    """A list of a programme not in programmes.json converts, passes its checks, and says so in one line."""
    from tests.paths import FIXTURES
    from worklist.pipeline import convert

    conv = convert(FIXTURES / "docx" / "grid_offsets.docx")  # 溪口县文体惠民工作清单
    assert conv.checks["success"]
    lines = [w for w in conv.warnings if "专项" in w]
    assert len(lines) == 1 and lines[0].endswith(": 文体惠民")
