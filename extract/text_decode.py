"""Bytes of a text notice -> text, with every decode problem either a named error or a decision with a warning.

Text notices come truncated (a UTF-8 character cut at the end, a UTF-16 file with an odd number of bytes),
mis-declared (a UTF-8 byte-order mark in front of GBK text) or mixed (UTF-8 lines pasted into a GBK file).
A strict `bytes.decode` turns each of these into a `UnicodeDecodeError`, i.e. an internal error. Here:

- a character cut at the very end is dropped, with a warning (the file was truncated);
- a BOM that does not fit the bytes is ignored, with a warning, and the text decoded as if it had none;
- a file that is neither UTF-8 nor GB18030 as a whole, but whose lines each are one of them, is decided
  line by line (UTF-8 first: GBK bytes almost never form valid UTF-8), with a warning naming the GB18030 lines;
- anything else is `UnsupportedFormatError` naming the first line that fits no encoding.

Lines are split on the byte 0x0A before decoding, which is safe for UTF-8 and GB18030 (no multi-byte
character contains 0x0A) but not for UTF-16, which is decoded whole.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from worklist.extract.errors import CorruptFileError, UnsupportedFormatError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", 4),
    (codecs.BOM_UTF32_BE, "utf-32-be", 4),
    (codecs.BOM_UTF8, "utf-8", 1),
    (codecs.BOM_UTF16_LE, "utf-16-le", 2),
    (codecs.BOM_UTF16_BE, "utf-16-be", 2),
)
_NAMED_LINES = 8  # how many line numbers a warning names before "…"


@dataclass
class Decoded:
    text: str
    encoding: str  # 'utf-8', 'utf-8-sig', 'utf-16-le', 'gb18030', 'utf-8+gb18030' (per line) …
    warnings: list[str] = field(default_factory=list)


def _lines_named(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:_NAMED_LINES])
    return shown + (f" … ({len(numbers)} lines)" if len(numbers) > _NAMED_LINES else "")


def _utf8(data: bytes, warnings: list[str]) -> str | None:
    """The bytes as UTF-8 (a character cut at the very end dropped, with a warning), or None if not UTF-8."""
    got = _cut_at_end(data, "utf-8")
    if got is None:
        return None
    text, cut = got
    if cut:
        warnings.append("the text ends in the middle of a UTF-8 character (truncated?): it is dropped")
    return text


def _cut_at_end(data: bytes, encoding: str) -> tuple[str, bool] | None:
    """(text, cut) when `data` decodes strictly except for an incomplete character at its very end."""
    try:
        return data.decode(encoding), False
    except UnicodeDecodeError as e:
        if e.end < len(data) or "end of data" not in e.reason:
            return None
        try:
            return data[: e.start].decode(encoding), True
        except UnicodeDecodeError:
            return None


def _decode_unit(data: bytes, encoding: str, unit: int, label: str) -> Decoded:
    """UTF-16/UTF-32 after a BOM: an incomplete last unit is dropped with a warning; a broken character
    inside the text is a named error (these files are not split into lines, so no per-line decision)."""
    warnings: list[str] = []
    extra = len(data) % unit
    if extra:
        data = data[: len(data) - extra]
        warnings.append(f"{label} text with {extra} byte(s) left over at the end (truncated?): ignored")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        if e.end >= len(data) - unit and "end of data" in e.reason:
            text = data[: e.start].decode(encoding, errors="strict")
            warnings.append(f"{label} text ends in half a character (truncated?): it is dropped")
        else:
            line = data[: e.start].decode(encoding, errors="replace").count("\n") + 1
            raise CorruptFileError(f"not valid {label} text at line {line} ({e.reason})") from None
    return Decoded(text, encoding, warnings)


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the bytes read as UTF-16 text without a BOM, else None.

    Chinese text in UTF-16 has few NUL bytes (only its ASCII characters — tabs, digits, line ends — carry
    one), so the test is where the NULs sit (all on odd or all on even positions) and whether the decoded
    text is printable, not how many there are."""
    sample = data[: 1 << 16]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    odd, even = sample[1::2].count(b"\x00"), sample[0::2].count(b"\x00")
    enc = "utf-16-le" if odd > even else "utf-16-be"
    if min(odd, even) > max(odd, even) // 20:
        return None
    text = sample.decode(enc, errors="replace")
    if text.count("\ufffd") > 1:  # one may be a surrogate pair cut by the 64 KiB sample
        return None
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\t\r\n")
    return enc if printable >= 0.97 * len(text) else None


def decode_per_line(data: bytes) -> Decoded | None:
    """Each line as UTF-8, else GB18030 (the last line may end in a cut character). None when some line
    fits neither; the warning names the GB18030 lines of a mixed file."""
    lines = data.split(b"\n")
    out: list[str] = []
    gb_lines: list[int] = []
    utf8_multibyte = False
    cut = False
    for no, raw in enumerate(lines, start=1):
        last = no == len(lines)
        try:
            s = raw.decode("utf-8")
            utf8_multibyte = utf8_multibyte or len(s) != len(raw)
        except UnicodeDecodeError:
            try:
                s = raw.decode("gb18030")
                gb_lines.append(no)
            except UnicodeDecodeError:
                got = (_cut_at_end(raw, "utf-8") or _cut_at_end(raw, "gb18030")) if last else None
                if got is None:
                    return None
                s, cut = got[0], True
        out.append(s)
    warnings: list[str] = []
    if gb_lines and utf8_multibyte:
        encoding = "utf-8+gb18030"
        warnings.append(f"mixed encodings: lines {_lines_named(gb_lines)} decoded as GB18030, the rest as UTF-8")
    elif gb_lines:
        return None  # no UTF-8 line at all: the whole-file decoders decide
    else:
        encoding = "utf-8"
    if cut:
        warnings.append("the text ends in the middle of a UTF-8 character (truncated?): it is dropped")
    return Decoded("\n".join(out), encoding, warnings)


def _first_bad_line(data: bytes) -> int:
    for no, raw in enumerate(data.split(b"\n"), start=1):
        for enc in ("utf-8", "gb18030"):
            try:
                raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            return no
    return 1


def decode_notice(data: bytes) -> Decoded:
    """Decode a text notice: BOM, strict UTF-8, UTF-16 without BOM, per-line UTF-8/GB18030 for a mixed
    file, whole GB18030 (a superset of GBK/GB2312), then charset-normalizer's guess; else a named error."""
    warnings: list[str] = []
    for bom, enc, unit in _BOMS:
        if not data.startswith(bom):
            continue
        body = data[len(bom):]
        if unit > 1:
            return _decode_unit(body, enc, unit, enc.upper())
        text = _utf8(body, warnings)
        if text is not None:
            return Decoded(text, "utf-8-sig", warnings)
        warnings.append("the file starts with a UTF-8 byte-order mark but is not UTF-8 text: the mark is ignored")
        data = body
        break

    text = _utf8(data, warnings)
    if text is not None:
        return Decoded(text, "utf-8", warnings)
    enc16 = utf16_without_bom(data)
    if enc16:
        d = _decode_unit(data, enc16, 2, enc16.upper())
        d.warnings[:0] = warnings
        return d
    mixed = decode_per_line(data)
    if mixed is not None:
        mixed.warnings[:0] = warnings
        return mixed
    got = _cut_at_end(data, "gb18030")
    if got is not None:
        text, cut = got
        if cut:
            warnings.append("the text ends in the middle of a GB18030 character (truncated?): it is dropped")
        return Decoded(text, "gb18030", warnings)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnsupportedFormatError(
            f"not a text file: line {_first_bad_line(data)} is neither UTF-8 nor GB18030 and no encoding fits"
        )
    return Decoded(str(best), best.encoding, warnings)
