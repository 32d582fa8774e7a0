"""The one numeral parser (normalize/numerals.py), checked against an independent implementation, cn2an.

cn2an writes the numeral (`an2cn`), our parser reads it back: every integer up to 10⁵, and numbers above
1亿 drawn by Hypothesis (where the 亿/万 sections used to be multiplied together: 一亿零五百万 read as
1,000,005,000,000). The forms cn2an does not write (两, 〇, 廿, 3万, 1.5亿) are pinned by hand.
"""

from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.helpers import both_sizes

from worklist.normalize.numerals import parse_chinese, parse_digit_string, parse_number


def test_every_integer_up_to_ten_to_the_fifth_reads_back() -> None:
    wrong = [n for n in range(1, 100_001) if parse_chinese(cn2an.an2cn(n)) != n]
    assert wrong == []


@both_sizes  # 100 examples by default, 3000 in the slow run (tests/conftest.py)
@given(st.integers(min_value=100_000_000, max_value=10**16 - 1))
def test_numbers_above_one_yi_read_back(size: str, n: int) -> None:
    assert parse_chinese(cn2an.an2cn(n)) == n


@both_sizes
@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=0, max_value=9999),
       st.integers(min_value=0, max_value=9999))
def test_yi_wan_sections_add_up(size: str, yi: int, wan: int, rest: int) -> None:
    """亿 section + 万 section + the rest, each written by cn2an: the sections add, never multiply."""
    n = yi * 10**8 + wan * 10**4 + rest
    assert parse_chinese(cn2an.an2cn(n)) == n


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一亿零五百万", 105_000_000),  # the bug of issue 9
        ("一亿二千万", 120_000_000),
        ("三万五千亿", 3_500_000_000_000),
        ("一万亿", 10**12),
        ("一万亿零五百万", 1_000_005_000_000),
        ("十万", 100_000),
        ("十", 10),
        ("十四", 14),
        ("一百零五", 105),
        ("一千〇五", 1005),  # 〇 as 零
        ("两", 2),
        ("两千", 2000),
        ("两万三千", 23_000),
        ("廿", 20),
        ("廿五", 25),
        ("卅一", 31),
    ],
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert parse_chinese(text) == value


@pytest.mark.parametrize(
    "text",
    ["", "十四五", "一二", "四五", "百千万", "零", "〇", "万", "亿", "五万三万", "一亿亿", "二百五", "二十廿",
     "七优享", "一本"],
)
def test_words_are_not_numerals(text: str) -> None:
    assert parse_chinese(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("二〇二四", 2024), ("二零二五", 2025), ("二○二三", 2023), ("一九九九", 1999), ("二十", None), ("", None)],
)
def test_digit_strings(text: str, value: int | None) -> None:
    assert parse_digit_string(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3万", Decimal(30_000)),
        ("1.5亿", Decimal(150_000_000)),
        ("6.07万", Decimal("60700")),
        ("5千", Decimal(5000)),
        ("300万", Decimal(3_000_000)),
        ("13,320", Decimal(13_320)),
        ("６．０７万", Decimal("60700")),  # full-width digits
        ("6.07", Decimal("6.07")),
        ("一百零五", Decimal(105)),
        ("两万", Decimal(20_000)),
        ("3人", None),
        ("万", None),
        ("", None),
    ],
)
def test_parse_number_mixed_forms(text: str, value: Decimal | None) -> None:
    assert parse_number(text) == value
