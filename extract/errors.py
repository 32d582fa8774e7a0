"""Why a file could not be read, as exceptions the CLI turns into one-line errors and exit codes.

Messages are short and say the problem, not the path: the caller prefixes the file name.
Each class carries the documented exit code of `worklist convert` for a single file.
"""

from __future__ import annotations


class ReadError(Exception):
    """A file that cannot be turned into a work list. Exit code 3 unless a subclass says otherwise."""

    exit_code = 3
    kind = "unreadable"


class UnsupportedFormatError(ReadError):
    """Not a PDF, DOCX or text notice (judged by the file's first bytes, not its extension)."""

    exit_code = 4
    kind = "unsupported-format"


class CorruptFileError(ReadError):
    """Empty, truncated or damaged file of a supported format."""

    exit_code = 5
    kind = "corrupt"


class EncryptedError(ReadError):
    """Password-protected PDF and no (or a wrong) `--password`."""

    exit_code = 6
    kind = "encrypted"


class NoTextLayerError(ReadError):
    """A scanned PDF: pages are images, there is no text to read (OCR is not done)."""

    exit_code = 7
    kind = "no-text-layer"


class TooLargeError(ReadError):
    """A file beyond the size limits, refused before it is parsed (an HTML page of hundreds of MB)."""

    exit_code = 8
    kind = "too-large"


class ZipBombError(TooLargeError):
    """A DOCX/XLSX whose parts would inflate beyond the limits: refused from the zip directory, before reading."""


class NoTableError(ReadError):
    """A readable document with no work-list table in it."""

    exit_code = 9
    kind = "no-worklist-table"


class TimeLimitError(ReadError):
    """A file that took longer than the per-file time limit of a batch."""

    exit_code = 10
    kind = "time-limit"
