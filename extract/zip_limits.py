"""Zip-bomb limits for the Office formats (DOCX, XLSX), checked on the zip directory before inflating.

One check for every zip-based reader: the declared sizes in the central directory are all we trust before a
member is opened, so a file that would inflate to gigabytes is refused in microseconds. Library code that
reads the zip afterwards (openpyxl) only ever sees archives that passed.
"""

from __future__ import annotations

import zipfile

from worklist.extract.errors import ZipBombError

MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024  # sum of declared uncompressed sizes
MAX_RATIO = 100  # uncompressed/compressed, for members bigger than RATIO_MIN_SIZE
RATIO_MIN_SIZE = 5 * 1024 * 1024  # small members may compress extremely well (repetitive XML); that is fine
MAX_MEMBERS = 10_000


def check_zip(zf: zipfile.ZipFile, *, max_total: int | None = None, max_ratio: float | None = None,
              max_members: int | None = None) -> None:
    """Raise `ZipBombError` when the zip directory declares more than the limits (module defaults if None)."""
    max_total = MAX_TOTAL_UNCOMPRESSED if max_total is None else max_total
    max_ratio = MAX_RATIO if max_ratio is None else max_ratio
    max_members = MAX_MEMBERS if max_members is None else max_members
    infos = zf.infolist()
    if len(infos) > max_members:
        raise ZipBombError(f"zip has {len(infos)} members (limit {max_members})")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_MIN_SIZE:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > max_ratio:
                raise ZipBombError(
                    f"zip member {info.filename} would inflate {ratio:.0f}x to {info.file_size // 2**20} MB"
                    f" (ratio limit {max_ratio})"
                )
    if total > max_total:
        raise ZipBombError(f"zip would inflate to {total // 2**20} MB (limit {max_total // 2**20} MB)")
