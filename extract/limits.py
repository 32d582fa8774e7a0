"""The input limits, as one policy checked before the work they bound.

Why here: a FIFO named on the command line blocks the first `open()` forever, `/dev/zero` never ends, and
a 1 GB text file read whole takes several GB of RAM once decoded. So every input is `stat`ed before anything
opens it: only regular files are read, and only up to a documented size. The planner of a batch and the
readers call the same `check_input`, and hashing is bounded by the same limit (`sha256_bounded`).

Limits inside a file (zip members, PDF streams, table spans) live next to the format that has them
(`extract.zip_limits`, `extract.pdf.limits`, `extract.docx.tables`); the README's limits table lists them all.
The work a document may ask for (grid cells, page pixels, frames, OFD expansions, table finding) is the
document budget: `worklist.budget` (the numbers), checked by every reader through `extract.budget`.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from worklist.extract.errors import NotAFileError, ReadError, TooLargeError

MiB = 2**20
MAX_INPUT_BYTES = 256 * MiB  # any input file (PDF, DOCX, TXT) as it is on disk
MAX_TXT_BYTES = 32 * MiB  # a text notice is decoded whole: ~300 000 table rows, far beyond any notice

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def _mb(n: int) -> str:
    return f"{n / MiB:.0f} MB" if n >= MiB else f"{n} bytes"


def check_input(path: str | Path, limit: int = MAX_INPUT_BYTES) -> int:
    """Refuse, from `stat` alone, what must not be opened: non-regular files and files over `limit` bytes.

    Returns the file size. Raises `NotAFileError` (exit 3), `TooLargeError` (exit 8) or `ReadError` for a
    file that cannot be stat'ed (missing, no permission). Symlinks are followed: what counts is the target.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ReadError("no such file") from None
    except PermissionError:
        raise ReadError("permission denied") from None
    except OSError as e:
        raise ReadError(f"cannot read the file ({e.strerror or e})") from None
    mode = st.st_mode
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise NotAFileError(f"not a regular file ({kind}): only files are read")
    if st.st_size > limit:
        raise TooLargeError(f"the file is {_mb(st.st_size)} (limit {_mb(limit)} per input)")
    return st.st_size


def sha256_bounded(path: str | Path, limit: int = MAX_INPUT_BYTES) -> str:
    """SHA-256 of a file checked by `check_input`, reading at most `limit` bytes (a file that grows while
    it is hashed is refused, not followed)."""
    check_input(path, limit)
    h = hashlib.sha256()
    read = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            read += len(chunk)
            if read > limit:
                raise TooLargeError(f"the file grew past {_mb(limit)} while it was read")
            h.update(chunk)
    return h.hexdigest()


def read_bounded(path: str | Path, limit: int) -> bytes:
    """The whole file, checked first and read with a cap (never more than `limit` + 1 bytes in memory)."""
    check_input(path, limit)
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(f"the file grew past {_mb(limit)} while it was read")
    return data

