"""List separators as each form writes them reach the 牵头单位/责任人 split as breaks (vocabulary.fields)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import both_sizes
from worklist.vocabulary.fields import split_owners, split_units

# how a cell's entries are separated by producers: punctuation, a paragraph or line break (every reader gives
# "\n"), a TXT export's joined paragraphs or a typed space (" "), a no-break space (&nbsp;, Word's fixed space),
# a full-width space, an en space, a tab from a DOCX w:tab
SEPARATORS = ["、", "，", ",", "；", ";", "\n", " ", "\u00a0", "\u3000", "\u2002", "\t", " \n ", "\n\n"]


@pytest.mark.parametrize("sep", SEPARATORS)
def test_owner_names_split_on_every_separator(sep: str) -> None:
    assert split_owners(sep.join(["韩娜", "陈海明", "孙政"])) == ["韩娜", "陈海明", "孙政"]


@pytest.mark.parametrize("sep", SEPARATORS)
def test_units_split_on_every_separator(sep: str) -> None:
    assert split_units(sep.join(["区卫健局", "区委政法委", "县公共服务七优享工程工作专班办公室"])) == [
        "区卫健局", "区委政法委", "县公共服务七优享工程工作专班办公室"]


@pytest.mark.parametrize(("raw", "units"), [
    ("区卫健局\n区委政法\n委", ["区卫健局", "区委政法委"]),  # the second name wrapped itself in a printed cell
    ("县妇联 县\n民政局", ["县妇联", "县民政局"]),  # a TXT-style space, then a wrap inside the second name
    ("县公共服\n务七优享\n工程工作\n专班办公\n室", ["县公共服务七优享工程工作专班办公室"]),  # one name, five lines
    ("县住建\n局、县妇\n联", ["县住建局", "县妇联"]),
    ("县人民政府\n办公室", ["县人民政府办公室"]),  # 办公室 does not start a name
    ("市急救指挥中心岱西分\n中心", ["市急救指挥中心岱西分中心"]),
])
def test_wraps_inside_a_name_join_and_breaks_between_names_split(raw: str, units: list[str]) -> None:
    assert split_units(raw) == units


@pytest.mark.parametrize(("raw", "owners"), [
    ("韩娜\n陈海明\n孙政", ["韩娜", "陈海明", "孙政"]),  # names wrapped at their spaces in a narrow cell
    ("韩娜 陈海\n明 孙政", ["韩娜", "陈海明", "孙政"]),  # a wrap inside a name
    ("周杰\u00a0吴刚", ["周杰", "吴刚"]),  # issue 17: &nbsp; left them one owner
])
def test_owner_cells_as_printed(raw: str, owners: list[str]) -> None:
    assert split_owners(raw) == owners


_LEVEL = st.sampled_from(["县", "市", "区"])
_MIDDLE = st.text(alphabet="卫健民政教育财住建妇农业文广旅体人社交通水利应急", min_size=1, max_size=6)
_END = st.sampled_from(["局", "委", "办", "中心", "联"])
_UNIT = st.builds(lambda a, b, c: a + b + c, _LEVEL, _MIDDLE, _END)


@both_sizes
@given(st.lists(_UNIT, min_size=1, max_size=4), st.lists(st.sampled_from(SEPARATORS), min_size=3, max_size=3))
def test_whole_unit_names_survive_any_separator(size: str, units: list[str], seps: list[str]) -> None:
    raw = units[0] + "".join(seps[i % 3] + u for i, u in enumerate(units[1:]))
    assert split_units(raw) == units
