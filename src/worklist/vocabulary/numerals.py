"""Numbers as notices write them: Arabic (`6.07`, `13,320`) and Chinese (`一`, `两`, `二十`, `一百零五`).

Kept apart from target reading so that the rules for *which* number is a target do not hide the
rules for *what* a number is worth.
"""

from __future__ import annotations

import re
from decimal import Decimal

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_ZEROS = "零〇○"
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
# 廿 (20) and 卅 (30) are a digit and 十 in one character: 廿五 is 25
_CN_TENS = {"廿": 2, "卅": 3}
# Digits read one by one, as years are written: 二〇二四, 二零二五
_CN_DIGIT_STRING = {**dict.fromkeys(_CN_ZEROS + "O", 0), **{k: v for k, v in _CN_DIGITS.items() if k != "两"}}
# Magnitudes written after Arabic digits (3万, 1.5亿, 6千): the longest first
_MIXED_MAGNITUDES = {"万亿": 10**12, "千万": 10**7, "百万": 10**6, "十万": 10**5, "亿": 10**8, "万": 10**4,
                     "千": 10**3, "百": 10**2}
_ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")

# Full-width forms mapped one-to-one, so that offsets in the mapped text are offsets in the input.
HALF_WIDTH = str.maketrans("０１２３４５６７８９．，％＞＜＝～－：；（）", "0123456789.,%><=~-:;()")


def parse_arabic(s: str) -> Decimal:
    """`13,320` -> 13320, `6.07` -> 6.07 (Decimal keeps 6.07 × 10⁴ exact)."""
    return Decimal(s.replace(",", ""))


def parse_chinese(s: str) -> int | None:
    """Value of a Chinese numeral, or None when the string is not one well-formed number.

    `十` 10, `二十` 20, `十四` 14, `一百零五` 105, `两千` 2000, `廿五` 25, `三万` 30000, `一亿零五百万`
    105000000, `一万亿` 10¹². Strings such as `十四五` (a plan name) or `一二` are not numbers and give None,
    so that the caller can treat them as words.

    Big units (万, 亿) close a section: a unit larger than every one before it multiplies all that was read
    (`一万亿`), a smaller one scales only its own section (`一亿零五百万` = 1亿 + 500万).
    """
    if not s:
        return None
    total = 0  # completed 万/亿 sections
    section = 0  # value below the current big unit
    digit: int | None = None
    last_small = 10_000  # the small unit used last in this section: they must decrease
    last_big: int | None = None  # the big unit used last: a following one must be smaller, or larger than all
    top_big = 0  # the largest big unit so far
    zero = False  # a 零 was written: the next digit is the units (一百零五)
    for ch in s:
        if ch in _CN_ZEROS:
            if digit is not None:
                return None
            zero = True
        elif ch in _CN_DIGITS:
            if digit is not None:  # two digits in a row (`四五`): not a numeral
                return None
            digit = _CN_DIGITS[ch]
        elif ch in _CN_TENS:  # 廿 = 二十: a tens digit that starts its section
            if digit is not None or section or last_small <= 10:
                return None
            section += _CN_TENS[ch] * 10
            zero, last_small = False, 10
        elif ch in _CN_SMALL_UNITS:
            unit = _CN_SMALL_UNITS[ch]
            if unit >= last_small:
                return None
            if digit is None:
                if ch != "十" or section or zero:  # a bare 百/千 is a word (百千万); 十 alone is 10
                    return None
                digit = 1
            section += digit * unit
            digit, zero, last_small = None, False, unit
        elif ch in _CN_BIG_UNITS:
            big = _CN_BIG_UNITS[ch]
            if digit is None and section == 0 and not (total and big > top_big):  # 万 alone; 一万亿 is fine
                return None
            section += digit or 0
            if big > top_big:  # 一万亿: scales everything before it
                total = (total + section) * big
                top_big = big
            elif last_big is not None and big < last_big:  # 一亿零五百万: scales its own section
                total += section * big
            else:  # 五万三万, 一亿二万三亿: not one number
                return None
            last_big = big
            section, digit, zero, last_small = 0, None, False, 10_000
        else:
            return None
    if digit is not None:
        # the units digit: after 十, after 零, or alone; `二百五` (colloquial 250) is not read
        if last_small not in (10, 10_000) and not zero:
            return None
        section += digit
    elif total == 0 and section == 0:
        return None  # 零 alone
    return total + section


def parse_digit_string(s: str) -> int | None:
    """Chinese digits read one by one, as years are written: `二〇二四` 2024, `二零二五` 2025; else None."""
    if not s or any(ch not in _CN_DIGIT_STRING for ch in s):
        return None
    return int("".join(str(_CN_DIGIT_STRING[ch]) for ch in s))


def parse_number(s: str) -> Decimal | None:
    """Any number as a notice writes it, without its unit: `13,320`, `6.07`, `一百零五`, and the mixed forms
    of Arabic digits with a magnitude (`3万` 30000, `1.5亿` 150000000, `6千` 6000); None otherwise."""
    s = s.strip().translate(HALF_WIDTH)
    if not s:
        return None
    m = _ARABIC.match(s)
    if m:
        rest = s[m.end():].lstrip(" ")
        if not rest:
            return parse_arabic(m.group(0))
        factor = _MIXED_MAGNITUDES.get(rest)
        return None if factor is None else parse_arabic(m.group(0)) * factor
    val = parse_chinese(s)
    return None if val is None else Decimal(val)
