"""Which reader a file needs, judged by its first bytes, never by its extension."""

from __future__ import annotations

import zipfile
from pathlib import Path

from worklist.extract.errors import CorruptFileError, EncryptedError, UnsupportedFormatError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# The forms of a notice, by format: the file names a folder scan takes (a file named on the command line is
# always tried, whatever its name, and read by its bytes). A new format adds its row here and nowhere else.
# `doc` is taken so that the batch says what to do with it (read where a reader exists, else refused, exit 4).
FORMAT_SUFFIXES: dict[str, tuple[str, ...]] = {
    "pdf": (".pdf",),
    "docx": (".docx", ".docm", ".dotx", ".dotm"),
    "txt": (".txt", ".tsv", ".text"),
    "doc": (".doc", ".wps"),
}


def notice_suffixes() -> frozenset[str]:
    """Every suffix of `FORMAT_SUFFIXES` (lower case): what a folder scan takes."""
    return frozenset(x.lower() for suffixes in FORMAT_SUFFIXES.values() for x in suffixes)


def sniff(path: str | Path) -> str:
    """'pdf', 'docx' or 'txt'; raises for empty, Word 97-2003/WPS, other zips and binary files."""
    p = Path(path)
    with p.open("rb") as fh:
        head = fh.read(4096)
    if not head:
        raise CorruptFileError("the file is empty (0 bytes)")
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in p.read_bytes()[:1 << 20]:
            raise EncryptedError("password-protected DOCX: remove the password in Word/WPS and convert again")
        raise UnsupportedFormatError(
            "this is a Word 97-2003 .doc (or WPS) file, not a DOCX; convert it first: "
            "soffice --headless --convert-to docx FILE"
        )
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            with zipfile.ZipFile(p) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile as exc:
            raise CorruptFileError(f"truncated or damaged zip/DOCX ({exc})") from None
        if "word/document.xml" in names or _declares_word_main(p, names):
            return "docx"
        if any(n.startswith(("xl/", "ppt/")) for n in names):
            raise UnsupportedFormatError("an Excel/PowerPoint file, not a DOCX notice")
        raise UnsupportedFormatError("a zip archive that is not a DOCX (no word/document.xml)")
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return "txt"
    if _looks_binary(head):
        raise UnsupportedFormatError("binary data: not a PDF, DOCX or text notice")
    return "txt"


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


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        from worklist.extract.txt_reader import utf16_without_bom

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
    return True
