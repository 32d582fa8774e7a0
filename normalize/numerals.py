"""Numbers as notices write them: Arabic (`6.07`, `13,320`) and Chinese (`一`, `两`, `二十`, `一百零五`).

Kept apart from target reading so that the rules for *which* number is a target do not hide the
rules for *what* a number is worth.
"""

from __future__ import annotations

from decimal import Decimal

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}

# Full-width forms mapped one-to-one, so that offsets in the mapped text are offsets in the input.
HALF_WIDTH = str.maketrans("０１２３４５６７８９．，％＞＜＝～－：；（）", "0123456789.,%><=~-:;()")


def parse_arabic(s: str) -> Decimal:
    """`13,320` -> 13320, `6.07` -> 6.07 (Decimal keeps 6.07 × 10⁴ exact)."""
    return Decimal(s.replace(",", ""))


def parse_chinese(s: str) -> int | None:
    """Value of a Chinese numeral, or None when the string is not one well-formed number.

    `十` 10, `二十` 20, `十四` 14, `一百零五` 105, `三万` 30000. Strings such as `十四五` (a plan name) or
    `一二` are not numbers and give None, so that the caller can treat them as words.
    """
    if not s:
        return None
    total = 0  # completed 万/亿 sections
    section = 0  # value below the current big unit
    digit: int | None = None
    last_small = 10_000  # the small unit used last in this section: they must decrease
    zero = False  # a 零 was written: the next digit is the units (一百零五)
    for ch in s:
        if ch in "零〇":
            if digit is not None:
                return None
            zero = True
        elif ch in _CN_DIGITS:
            if digit is not None:  # two digits in a row (`四五`): not a numeral
                return None
            digit = _CN_DIGITS[ch]
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
            if digit is None and section == 0:
                return None
            section += digit or 0
            total = (total + section) * _CN_BIG_UNITS[ch]
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
