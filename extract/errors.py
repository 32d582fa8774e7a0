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


class NotAFileError(ReadError):
    """A named input that is not a regular file (a FIFO, a device such as /dev/zero, a socket): never read,
    since reading it could block forever or never end."""

    exit_code = 3
    kind = "not-a-file"


class NoTextLayerError(ReadError):
    """A scanned PDF: pages are images, there is no text to read (OCR is not done)."""

    exit_code = 7
    kind = "no-text-layer"
    unmapped_text = False  # True: there are glyphs, but no Unicode for them (OCR would read them)


class UnmappedTextError(NoTextLayerError):
    """Text whose glyphs have no Unicode mapping: `(cid:N)` placeholders (Type3 or subset fonts without a
    ToUnicode map), private-use or control characters in more than a few cells. Never written as data; the
    `unmapped_text` flag lets an OCR step pick such files up."""

    kind = "unmapped-text"
    unmapped_text = True


class TooLargeError(ReadError):
    """An input, or a part of it once decoded, beyond the documented size limits (`extract.limits`): refused
    before (or while) the work that the limit bounds is done (a 200 MB web page, a 1 GB TXT)."""

    exit_code = 8
    kind = "too-large"


class ZipBombError(TooLargeError):
    """A DOCX/XLSX/OFD whose parts would inflate beyond the limits: refused from the zip directory, before
    reading."""


class StreamBombError(TooLargeError):
    """A PDF whose compressed streams inflate beyond the per-stream or per-document limit."""


class NoTableError(ReadError):
    """A readable document with no work-list table in it."""

    exit_code = 9
    kind = "no-worklist-table"


class TimeLimitError(ReadError):
    """A file that took longer than the per-file time limit of a batch."""

    exit_code = 10
    kind = "time-limit"
