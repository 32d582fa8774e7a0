"""Office 97-2003 files (OLE compound documents) told apart by their streams, not by their names.

`WordDocument` is a Word binary document (.doc; WPS Office writes the same format as .wps), `Workbook` or
`Book` an Excel one (.xls; WPS spreadsheets as .et), `EncryptedPackage` a password-protected DOCX/XLSX. The
WPS formats are byte-for-byte the Microsoft ones, so the name (or a stream that names WPS) only picks which
of the two labels a file gets; what reads it is the same.
"""

from __future__ import annotations

import logging
import struct
from pathlib import Path

from worklist.extract.errors import CorruptFileError, EncryptedError, UnsupportedFormatError

_FIB_ENCRYPTED = 0x0100  # FibBase.fEncrypted (Word 97-2003 File Information Block, flags at offset 0x0A)
_BIFF_BOF, _BIFF_FILEPASS = 0x0809, 0x002F


def ole_format(path: Path) -> str:
    """'doc', 'wps', 'xls' or 'et'; EncryptedError for a password-protected file, CorruptFileError when the
    OLE directory cannot be read, UnsupportedFormatError for other OLE files (PowerPoint, MSG, …)."""
    import olefile

    logging.getLogger("olefile").setLevel(logging.CRITICAL)  # it logs every oddity of real-world files
    suffix = path.suffix.lower()
    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(e).lower() for e in ole.listdir(streams=True, storages=False)}
            if "encryptedpackage" in streams:
                raise EncryptedError("password-protected Office file: remove the password in Word/WPS and save again")
            if "worddocument" in streams:
                if _word_encrypted(ole.openstream("WordDocument").read(0x20)):
                    raise EncryptedError("password-protected Word 97-2003 file: remove the password and save again")
                wps = suffix == ".wps" or any("wps" in s for s in streams)
                return "wps" if wps else "doc"
            book = "workbook" if "workbook" in streams else "book" if "book" in streams else None
            if book is not None:
                if _biff_encrypted(ole.openstream(book).read(64)):
                    raise EncryptedError("password-protected Excel 97-2003 file: remove the password and save again")
                return "et" if suffix == ".et" else "xls"
            if "contents" in streams and suffix == ".wps":  # Microsoft Works word processor
                return "wps"
            if "powerpoint document" in streams:
                raise UnsupportedFormatError("a PowerPoint 97-2003 file, not a work-list notice")
    except (EncryptedError, UnsupportedFormatError):
        raise
    except OSError as exc:  # olefile's own account of a broken directory ("incorrect OLE sector index")
        raise CorruptFileError(f"damaged Office 97-2003 (OLE) file ({str(exc)[:80] or 'unreadable directory'})"
                               ) from None
    except Exception:  # anything else is Python's own words about garbage numbers (not the user's business)
        raise CorruptFileError("damaged Office 97-2003 (OLE) file (its directory cannot be read)") from None
    raise UnsupportedFormatError("an Office 97-2003 (OLE) file that is neither a Word nor an Excel document")


def _word_encrypted(fib: bytes) -> bool:
    if len(fib) < 0x0C:
        return False
    (flags,) = struct.unpack_from("<H", fib, 0x0A)
    return bool(flags & _FIB_ENCRYPTED)


def _biff_encrypted(head: bytes) -> bool:
    """A FILEPASS record right after the workbook's BOF record means the rest is encrypted."""
    if len(head) < 8:
        return False
    kind, length = struct.unpack_from("<HH", head, 0)
    if kind != _BIFF_BOF or len(head) < 4 + length + 2:
        return False
    (next_kind,) = struct.unpack_from("<H", head, 4 + length)
    return next_kind == _BIFF_FILEPASS
