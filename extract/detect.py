"""Which reader a file needs, judged by its first bytes, never by its extension."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from worklist.extract.errors import CorruptFileError, UnsupportedFormatError
from worklist.formats import FORMATS

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")


def sniff(path: str | Path) -> str:
    """The name of the format (`worklist.formats.FORMATS`) a file's bytes show: its magic, the parts of a zip,
    the streams of an Office 97-2003 file (`extract.ole`), HTML markup or MIME in the first KBs of text, else
    text. Raises for empty, encrypted, other zips and binary files."""
    p = Path(path)
    with p.open("rb") as fh:
        head = fh.read(4096)
    if not head:
        raise CorruptFileError("the file is empty (0 bytes)")
    stripped = head.lstrip(b"\xef\xbb\xbf").lstrip()
    for fmt in FORMATS.values():  # a magic found within a window first (a PDF may carry junk before it)
        if fmt.magic_window and any(m in head[:fmt.magic_window] for m in fmt.magic):
            return fmt.name
    for fmt in FORMATS.values():
        if fmt.magic and not fmt.magic_window and (head.startswith(fmt.magic) or stripped.startswith(fmt.magic)):
            return fmt.name
    if head.startswith(OLE_MAGIC):
        from worklist.extract.ole import ole_format

        return ole_format(p)
    if head.startswith(ZIP_MAGIC):
        return _zip_format(p)
    markup = _markup(head) if head.startswith(_BOMS[:2]) or not _looks_binary(head) else None
    if markup:
        return markup
    if head.startswith(_BOMS):
        return "txt"
    if _looks_binary(head):
        raise UnsupportedFormatError(_binary_message(head))
    return "txt"


def _zip_format(p: Path) -> str:
    """The format whose part a zip holds (registry order: DOCX, XLSX, OFD), or a DOCX whose main part has
    another name (its [Content_Types].xml read only then); refuses other zips by what they are."""
    try:
        with zipfile.ZipFile(p) as z:
            names = set(z.namelist())
    except zipfile.BadZipFile as exc:
        raise CorruptFileError(f"truncated or damaged zip/DOCX ({exc})") from None
    parts = {n.lower().lstrip("/") for n in names}
    for fmt in FORMATS.values():
        if parts & set(fmt.zip_parts):
            return fmt.name
    if _declares_word_main(p, names):
        return "docx"
    if any(n.startswith(("xl/", "ppt/")) for n in names):
        raise UnsupportedFormatError("an Excel/PowerPoint file, not a DOCX notice")
    raise UnsupportedFormatError("a zip archive that is not a DOCX (no word/document.xml)")


_HTML_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body|table|meta)[\s>/]", re.IGNORECASE)


def _markup(head: bytes) -> str | None:
    """'mhtml' for a browser's single-file save (MIME multipart/related), 'html' for text with HTML markup
    in its first KBs (UTF-8, GBK or UTF-16 alike), else None."""
    low = head.lower()
    if b"mime-version:" in low and b"multipart/related" in low:
        return "mhtml"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", "ignore")
    else:
        from worklist.extract.text_decode import utf16_without_bom

        enc16 = utf16_without_bom(head) if b"\x00" in head else None
        text = head.decode(enc16 or "latin-1", "ignore")  # tags are ASCII in UTF-8 and GBK alike
    return "html" if _HTML_TAG.search(text) else None


def _declares_word_main(p: Path, names: set[str]) -> bool:
    """A DOCX whose main part has another name: [Content_Types].xml says which part is the document."""
    ct = next((n for n in names if n.lower() == "[content_types].xml"), None)
    if ct is None:
        return False
    try:
        with zipfile.ZipFile(p) as z:
            info = z.getinfo(ct)
            if info.file_size > 1 << 20:
                return False
            return b"wordprocessingml.document.main" in z.read(ct)
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def _binary_message(head: bytes) -> str:
    """Name the damaged line of what is otherwise text; call anything else binary data."""
    lines = head.split(b"\n")[:-1]  # the last line may be cut by the 4 KiB window
    bad = []
    for no, raw in enumerate(lines, start=1):
        if b"\x00" in raw or not any(_decodes(raw, enc) for enc in ("utf-8", "gb18030")):
            bad.append(no)
    if len(lines) >= 3 and bad and len(bad) <= len(lines) // 2:
        where = f"line {bad[0]} is" if len(bad) == 1 else f"{len(bad)} of its first {len(lines)} lines are"
        return f"not a text notice: {where} neither UTF-8 nor GB18030 text (binary data, or a damaged file)"
    return "binary data: not a PDF, DOCX or text notice"


def _decodes(raw: bytes, enc: str) -> bool:
    try:
        raw.decode(enc)
        return True
    except UnicodeDecodeError:
        return False


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        from worklist.extract.text_decode import utf16_without_bom

        if utf16_without_bom(head):
            return False
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13, 12, 27))
    if controls > len(head) // 50:
        return True
    for enc in ("utf-8", "gb18030"):
        try:
            head.decode(enc)
            return False
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:  # a multi-byte character cut by the 4 KiB window
                return False
    from worklist.extract.text_decode import decode_per_line

    return decode_per_line(head) is None  # UTF-8 and GBK lines mixed is text, decided line by line
