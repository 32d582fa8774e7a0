"""A spreadsheet value as the cell shows it, from its Excel number format (the subset work lists use).

openpyxl gives the stored value (`1.0`, `0.63`, a datetime) and the format code (`General`, `0%`,
`yyyy"年"m"月"d"日"`) but does not render one with the other; a reader must, because a work list is read as
text: a 序号 stored as 1.0 is "1", a target formatted as percent is "63%", a date is what the user sees.

Covered: General (integers without ".0", ten significant digits like Excel's default column), fixed
decimals (`0.00`, `#,##0`, `0.0_ `), percent, scientific, text `@`, sections `pos;neg;zero;text`, literals
(`"元"`, `\\-`, `[$¥-804]`), colours/locales/conditions in brackets dropped, and dates/times with Excel's
tokens (`yyyy m d h mm ss`, `AM/PM`, `上午/下午`, `aaaa` = 星期四, `[h]` elapsed). Locale-dependent built-in
formats are shown as a zh-CN Excel shows them (short date `2024/3/28`). Fractions (`# ?/?`) fall back to
General. Anything unknown is shown as General rather than guessed.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = ["format_value", "EAST_ASIAN_BUILTINS"]

# Built-in ids that openpyxl does not know (ECMA-376 18.8.30, zh-CN): shown as General by it otherwise.
EAST_ASIAN_BUILTINS: dict[int, str] = {
    27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"', 30: "m-d-yy", 31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"', 34: '上午/下午h"时"mm"分"', 35: '上午/下午h"时"mm"分"ss"秒"',
    36: 'yyyy"年"m"月"', 50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"', 53: 'm"月"d"日"',
    54: 'm"月"d"日"', 55: '上午/下午h"时"mm"分"', 56: '上午/下午h"时"mm"分"ss"秒"', 57: 'yyyy"年"m"月"',
    58: 'm"月"d"日"',
}
# Built-ins whose display follows the system locale: as zh-CN Excel shows them.
_LOCALE_BUILTINS = {"mm-dd-yy": "yyyy/m/d", "m/d/yy h:mm": "yyyy/m/d h:mm", "d-mmm-yy": "yyyy/m/d",
                    "d-mmm": "m月d日", "mmm-yy": 'yyyy"年"m"月"'}

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_CN_DAYS = "一二三四五六日"

# one token of a format section: quoted literal, escaped char, padding, fill, bracket, date/number tokens
_TOKEN = re.compile(
    r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]|AM/PM|am/pm|A/P|a/p|上午/下午'
    r"|[yY]+|[mM]+|[dD]+|[hH]+|[sS]+|[eE][+-]|[aA]{3,4}|[eE]|[0#?]|[.,%@/]|.",
    re.DOTALL,
)


def format_value(value: object, fmt: str | None) -> str:
    """The text a spreadsheet shows for `value` under number format `fmt` ('' for an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return value
    fmt = (fmt or "General").strip() or "General"
    fmt = _LOCALE_BUILTINS.get(fmt, fmt)
    if isinstance(value, (datetime, date, time, timedelta)):
        section = fmt.split(";")[0]
        if not _is_date_section(section):
            section = "yyyy/m/d" if not isinstance(value, (time, timedelta)) else "h:mm:ss"
            if isinstance(value, datetime) and (value.hour or value.minute or value.second):
                section = "yyyy/m/d h:mm"
        return _format_date(value, section)
    if not isinstance(value, (int, float)):
        return str(value)
    try:
        return _format_number(float(value), fmt)
    except (InvalidOperation, ValueError, OverflowError):
        return _general(float(value))


# ------------------------------------------------------------------------------------------------ numbers


def _general(v: float) -> str:
    """Excel's General in a standard column: integers plain, else ten significant digits, E+ when huge/tiny."""
    if v != v or v in (float("inf"), float("-inf")):
        return "#NUM!"
    if v.is_integer() and abs(v) < 1e11:
        return str(int(v))
    s = f"{v:.10g}"
    if "e" in s:
        if 1e-9 <= abs(v) < 1e11:
            s = format(Decimal(s), "f")
        else:
            mant, exp = s.split("e")
            return f"{mant}E{'+' if int(exp) >= 0 else '-'}{abs(int(exp)):02d}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def _sections(fmt: str) -> list[str]:
    out, cur, quoted, i = [], [], False, 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == '"':
            quoted = not quoted
        elif ch == "\\" and not quoted and i + 1 < len(fmt):
            cur.append(fmt[i:i + 2])
            i += 2
            continue
        elif ch == ";" and not quoted:
            out.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(ch)
        i += 1
    out.append("".join(cur))
    return out


def _format_number(v: float, fmt: str) -> str:
    secs = _sections(fmt)
    section, signed = secs[0], True
    if v < 0 and len(secs) > 1 and secs[1].strip():
        section, v, signed = secs[1], -v, False
    elif v == 0 and len(secs) > 2 and secs[2].strip():
        section = secs[2]
    if _is_date_section(section):
        from openpyxl.utils.datetime import from_excel

        try:
            return _format_date(from_excel(v), section)
        except (ValueError, OverflowError):
            return _general(v)
    # colours, conditions and [DBNum] are not text; [$¥-804] is a currency literal
    body = [t for t in _TOKEN.findall(section) if not (t.startswith("[") and not t.startswith("[$"))]
    text = "".join(body)
    at = text.lower().find("general")
    if at >= 0 or not body:
        return _literals(text[:max(at, 0)]) + _general(v) + _literals(text[at + 7:] if at >= 0 else "")
    if not any(t in ("0", "#", "?") for t in body):
        # a format of literals only shows them; `@` (text) shows the number as General
        return "".join(_general(v) if t == "@" else _literal(t) for t in body)
    slash = body.index("/") if "/" in body else -1
    if slash >= 0 and any(t in ("0", "#", "?") for t in body[slash:]):
        return _general(v)  # fractions: not rendered
    return _render_number(v, body, signed)


def _literals(part: str) -> str:
    return "".join(_literal(t) for t in _TOKEN.findall(part))


def _literal(t: str) -> str:
    if t.startswith('"'):
        return t[1:-1]
    if t.startswith("\\"):
        return t[1:]
    if t.startswith("_"):
        return " "
    if t.startswith("*"):
        return ""
    if t.startswith("[$"):
        return t[2:-1].split("-")[0]
    if t.startswith("["):
        return ""
    return t


def _render_number(v: float, tokens: list[str], signed: bool) -> str:
    placeholders = [i for i, t in enumerate(tokens) if t in ("0", "#", "?")]
    first, last = placeholders[0], placeholders[-1]
    exp_i = next((i for i, t in enumerate(tokens) if t.upper() in ("E+", "E-") and first < i), None)
    num_end = exp_i if exp_i is not None else last
    dot = next((i for i in range(first, num_end + 1) if tokens[i] == "."), None)
    int_ph = [tokens[i] for i in placeholders if i < (dot if dot is not None else num_end + 1) and i <= num_end]
    dec_ph = [tokens[i] for i in placeholders if dot is not None and dot < i <= num_end]
    grouping = any(tokens[i] == "," for i in range(first, dot if dot is not None else num_end + 1))
    scale = 0
    k = num_end + 1
    while k < len(tokens) and tokens[k] == ",":  # trailing commas: thousands scaling
        scale += 1
        k += 1
    percent = sum(1 for t in tokens if t == "%")
    d = Decimal(repr(v)) * (Decimal(100) ** percent) / (Decimal(1000) ** scale)
    negative = d < 0
    d = abs(d)
    if exp_i is not None:
        number = _scientific(d, int_ph, dec_ph, tokens, exp_i)
    else:
        q = d.quantize(Decimal(1).scaleb(-len(dec_ph)), rounding=ROUND_HALF_UP)
        int_part, _, frac = f"{q:f}".partition(".")
        if int_part == "0" and "0" not in int_ph:
            int_part = ""
        int_part = int_part.rjust(int_ph.count("0"), "0")
        if grouping and int_part:
            int_part = f"{int(int_part):,}"
        # Excel shows the decimal point whenever the format has one (`0.##` shows 3 as "3.")
        number = int_part + ("." + _trim_fraction(frac, dec_ph) if dot is not None else "")
        if negative and q == 0:
            negative = False
    prefix = "".join(_literal(t) for t in tokens[:first] if t not in (",",))
    skip = set(range(first, k)) | ({i for i in range(exp_i, min(len(tokens), exp_i + 1 + _exp_digits(tokens, exp_i)))}
                                    if exp_i is not None else set())
    suffix = "".join(_literal(t) for i, t in enumerate(tokens[k:], start=k) if i not in skip)
    inner = "".join(_literal(t) for i, t in enumerate(tokens[first:k], start=first)
                    if t not in ("0", "#", "?", ".", ",") and (exp_i is None or i < exp_i))
    sign = "-" if negative and signed else ""
    return f"{sign}{prefix}{number}{inner}{suffix}".strip()


def _trim_fraction(frac: str, dec_ph: list[str]) -> str:
    digits = list(frac)
    for i in range(len(dec_ph) - 1, -1, -1):
        if dec_ph[i] == "0" or i >= len(digits) or digits[i] != "0":
            break
        digits[i] = " " if dec_ph[i] == "?" else ""
    return "".join(digits).rstrip()


def _exp_digits(tokens: list[str], exp_i: int) -> int:
    n = 0
    for t in tokens[exp_i + 1:]:
        if t not in ("0", "#", "?"):
            break
        n += 1
    return n


def _scientific(d: Decimal, int_ph: list[str], dec_ph: list[str], tokens: list[str], exp_i: int) -> str:
    if d == 0:
        exp = 0
        mant = Decimal(0)
    else:
        exp = d.adjusted() - (max(1, len(int_ph)) - 1)
        mant = d.scaleb(-exp)
    mant = mant.quantize(Decimal(1).scaleb(-len(dec_ph)), rounding=ROUND_HALF_UP)
    digits = max(1, _exp_digits(tokens, exp_i))
    sign = "-" if exp < 0 else ("+" if tokens[exp_i].endswith("+") else "")
    m = f"{mant:f}"
    if "." in m:
        head, frac = m.split(".")
        frac = _trim_fraction(frac, dec_ph)
        m = head + ("." + frac if frac else "")
    return f"{m}E{sign}{abs(exp):0{digits}d}"


# ------------------------------------------------------------------------------------------------ dates


def _is_date_section(section: str) -> bool:
    body = re.sub(r'"[^"]*"|\\.|_.|\*.|\[\$[^\]]*\]|\[(?:red|black|blue|cyan|green|magenta|white|yellow|color\d+)\]'
                  r"|\[[<>=][^\]]*\]", "", section, flags=re.IGNORECASE)
    return re.search(r"[dmyhsDMYHS]|\[[hms]+\]|aaaa?", body) is not None and "general" not in body.lower()


def _format_date(value: datetime | date | time | timedelta, section: str) -> str:
    if isinstance(value, timedelta):
        base = datetime(1899, 12, 30) + value
        total = value.total_seconds()
    elif isinstance(value, time):
        base = datetime(1899, 12, 30, value.hour, value.minute, value.second)
        total = value.hour * 3600 + value.minute * 60 + value.second
    elif isinstance(value, datetime):
        base = value
        total = None
    else:  # a date
        base = datetime(value.year, value.month, value.day)
        total = None
    tokens = _TOKEN.findall(section)
    kinds = [_date_kind(t) for t in tokens]
    twelve = any(k == "ampm" for k in kinds)
    out: list[str] = []
    for i, (t, kind) in enumerate(zip(tokens, kinds)):
        if kind == "m":  # month, or minutes after an hour / before seconds
            prev = next((kinds[j] for j in range(i - 1, -1, -1) if kinds[j] not in ("lit",)), None)
            nxt = next((kinds[j] for j in range(i + 1, len(kinds)) if kinds[j] not in ("lit",)), None)
            if prev in ("h", "eh") or nxt in ("s",):
                kind = "min"
        low = t.lower()
        if kind == "y":
            out.append(f"{base.year % 100:02d}" if len(t) <= 2 else str(base.year))
        elif kind == "e":
            out.append(str(base.year))
        elif kind == "m":
            n = len(t)
            out.append(str(base.month) if n == 1 else f"{base.month:02d}" if n == 2 else
                       _MONTHS[base.month - 1][:3] if n == 3 else _MONTHS[base.month - 1][0] if n == 5 else
                       _MONTHS[base.month - 1])
        elif kind == "min":
            out.append(str(base.minute) if len(t) == 1 else f"{base.minute:02d}")
        elif kind == "d":
            n = len(t)
            out.append(str(base.day) if n == 1 else f"{base.day:02d}" if n == 2 else
                       _DAYS[base.weekday()][:3] if n == 3 else _DAYS[base.weekday()])
        elif kind == "aaa":
            out.append(("星期" if len(t) == 4 else "") + _CN_DAYS[base.weekday()])
        elif kind == "h":
            h = base.hour % 12 or 12 if twelve else base.hour
            out.append(str(h) if len(t) == 1 else f"{h:02d}")
        elif kind == "s":
            out.append(str(base.second) if len(t) == 1 else f"{base.second:02d}")
        elif kind == "eh":  # [h] [mm] [ss]: elapsed
            secs = total if total is not None else 0
            unit = low.strip("[]")[0]
            n = int(secs // {"h": 3600, "m": 60, "s": 1}[unit])
            out.append(str(n).rjust(len(low) - 2, "0"))
        elif kind == "ampm":
            pm = base.hour >= 12
            if t == "上午/下午":
                out.append("下午" if pm else "上午")
            elif low == "a/p":
                out.append(("P" if pm else "A") if t[0].isupper() else ("p" if pm else "a"))
            else:
                out.append("PM" if pm else "AM")
        else:
            out.append(_literal(t))
    return "".join(out).strip()


def _date_kind(t: str) -> str:
    low = t.lower()
    if low in ("am/pm", "a/p", "上午/下午"):
        return "ampm"
    if re.fullmatch(r"\[(h+|m+|s+)\]", low):
        return "eh"
    if low[0] == "y":
        return "y"
    if low == "e":
        return "e"
    if low[0] == "m" and set(low) == {"m"}:
        return "m"
    if low[0] == "d" and set(low) == {"d"}:
        return "d"
    if low in ("aaa", "aaaa"):
        return "aaa"
    if low[0] == "h" and set(low) == {"h"}:
        return "h"
    if low[0] == "s" and set(low) == {"s"}:
        return "s"
    return "lit"
