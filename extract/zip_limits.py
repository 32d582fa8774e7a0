"""Zip safety for every zip-based format (DOCX today; OFD, XLSX, ODT tomorrow): refuse bombs from the zip
directory before inflating anything, and read members with a cap.

Why from the directory: the declared sizes are all a reader may trust before inflating, and a bomb is
cheap to make (a 2 KB file declaring 3 GB, or a real member of zeros at a ratio of 1000). A member is then
read with `read(declared + 1)`, so a member whose real size exceeds its declaration cannot inflate further.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from worklist.extract.errors import CorruptFileError, EncryptedError, ZipBombError

MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024  # sum of declared uncompressed sizes
MAX_RATIO = 100  # uncompressed/compressed, for members bigger than RATIO_MIN_SIZE
RATIO_MIN_SIZE = 5 * 1024 * 1024  # small members may compress extremely well (repetitive XML); that is fine
MAX_MEMBERS = 10_000


def check_zip(zf: zipfile.ZipFile, *, max_total: int | None = None, max_ratio: float | None = None,
              ratio_min_size: int | None = None, max_members: int | None = None) -> None:
    """Refuse from the zip directory alone: declared sizes are all we trust before inflating (a limit left
    None is the module's, read at call time)."""
    max_total = MAX_TOTAL_UNCOMPRESSED if max_total is None else max_total
    max_ratio = MAX_RATIO if max_ratio is None else max_ratio
    ratio_min_size = RATIO_MIN_SIZE if ratio_min_size is None else ratio_min_size
    max_members = MAX_MEMBERS if max_members is None else max_members
    infos = zf.infolist()
    if len(infos) > max_members:
        raise ZipBombError(f"zip has {len(infos)} members (limit {max_members})")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > ratio_min_size:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > max_ratio:
                raise ZipBombError(
                    f"zip member {info.filename} would inflate {ratio:.0f}x to {info.file_size // 2**20} MB"
                    f" (ratio limit {max_ratio})"
                )
    if total > max_total:
        raise ZipBombError(f"zip would inflate to {total // 2**20} MB (limit {max_total // 2**20} MB)")


def open_zip(path: Path, what: str = "zip archive") -> zipfile.ZipFile:
    """The zip, or CorruptFileError for a truncated/damaged one (never zipfile's own exceptions)."""
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise CorruptFileError(f"damaged {what} (truncated or not a zip)") from None
    except (OSError, ValueError, EOFError, NotImplementedError) as e:
        raise CorruptFileError(f"damaged {what} ({e})") from None


class ZipParts:
    """Members of a checked zip by name (case-tolerant, as Office is; a leading "/" ignored, as OFD writes
    them), each read with a cap at its declared size; a missing part and every zip/zlib failure of a damaged
    member become CorruptFileError naming the part. `label` names the format in those messages."""

    def __init__(self, zf: zipfile.ZipFile, label: str = "zip archive") -> None:
        self.zf = zf
        self.label = label
        self.names = {n.lower().lstrip("/"): n for n in zf.namelist()}

    def has(self, name: str) -> bool:
        return name.lower().lstrip("/") in self.names

    def read(self, name: str) -> bytes:
        real = self.names.get(name.lower().lstrip("/"))
        if real is None:
            raise CorruptFileError(f"broken {self.label}: {name} is missing")
        info = self.zf.getinfo(real)
        if info.flag_bits & 0x1:
            raise EncryptedError(f"the {self.label} zip archive is password-protected")
        try:
            with self.zf.open(real) as f:
                return f.read(info.file_size + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError) as e:
            raise CorruptFileError(f"broken {self.label}: damaged zip member {real} ({e})") from None
