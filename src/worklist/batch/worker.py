"""Convert and write one file, never raising: whatever goes wrong becomes a failed `FileResult`.

The time limit counts this worker's own CPU time (`worklist.batch.timelimit`): past it, a clean "time limit"
result, its temporary folder removed; the worker pool also kills a worker still running a grace period
later, since a PDF stuck in C code does not see the timer. What fails while reading is the input's problem
(its reader's exit code); what fails while writing (permissions, a full disk) is the output's: exit 73.
"""

from __future__ import annotations

import errno
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from worklist.batch.report import FileResult
from worklist.batch.timelimit import Deadline, cpu_time_limit, time_limit_message
from worklist.exit_codes import EXIT_CANT_WRITE, EXIT_INTERNAL, EXIT_INVALID
from worklist.extract.errors import EncryptedError, ReadError, TimeLimitError
from worklist.pipeline.options import ConvertOptions
from worklist.schemas.records import path_text

__all__ = ["OUTPUT_NOT_WRITTEN", "Job", "convert_one", "disk_full", "os_error_text", "time_limit_message"]

OUTPUT_NOT_WRITTEN = "output-not-written"  # the error kind of a document whose folder could not be written


def os_error_text(exc: OSError) -> str:
    """'No space left on device: out/.worklist-tmp-…' — the system's words and the path, on one line."""
    where = exc.filename if exc.filename is not None else None
    what = exc.strerror or str(exc) or type(exc).__name__
    return f"{what}: {path_text(where)}" if where else what


def disk_full(exc: BaseException) -> bool:
    """ENOSPC/EDQUOT, however a library words it (DuckDB says it in its message, not in an errno)."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return "No space left on device" in str(exc) or "Disk quota exceeded" in str(exc)


@dataclass(frozen=True)
class Job:
    """How every file of a run is converted and written: one frozen object handed to each worker."""

    out_root: str
    options: ConvertOptions = ConvertOptions()
    timeout: float | None = None  # CPU seconds per file (None: no limit)
    tmp_dir: str | None = None  # the run's work folder, where a document's folder is built before it moves


def convert_one(path: str, job: Job) -> FileResult:
    """Convert and write one file into OUT (its unfinished folder under `job.tmp_dir`); never raises."""
    from worklist.pipeline import convert  # looked up at call time: tests patch worklist.pipeline.convert
    from worklist.outputs.writers import write_conversion

    t0 = time.perf_counter()

    def failed(exc: ReadError, tb: str | None = None) -> FileResult:
        return FileResult(path, "failed", error=str(exc), error_kind=exc.kind, exit_code=exc.exit_code,
                          seconds=round(time.perf_counter() - t0, 3), traceback=tb)

    stage = "read"
    try:
        with cpu_time_limit(job.timeout):
            conv = convert(path, job.options)
            stage = "write"
            folder = write_conversion(conv, Path(job.out_root), tmp_parent=Path(job.tmp_dir) if job.tmp_dir else None)
        valid = conv.valid
        return FileResult(path, "converted", doc_id=folder.name, items=len(conv.items), warnings=conv.warnings,
                          valid=valid, seconds=round(time.perf_counter() - t0, 3),
                          exit_code=0 if valid else EXIT_INVALID, sha256=conv.document.source_sha256)
    except Deadline:
        return failed(TimeLimitError(time_limit_message(job.timeout)), traceback.format_exc())
    except ReadError as exc:
        return failed(_with_hint(exc, job.options.password), traceback.format_exc())
    except OSError as exc:
        if stage == "write" or disk_full(exc):  # a full disk (OCR's or LibreOffice's temp files too): exit 73
            return FileResult(path, "failed", error=f"output not written ({os_error_text(exc)})",
                              error_kind=OUTPUT_NOT_WRITTEN, exit_code=EXIT_CANT_WRITE,
                              seconds=round(time.perf_counter() - t0, 3), traceback=traceback.format_exc())
        return failed(ReadError(f"cannot read the file ({exc.strerror or exc})"), traceback.format_exc())
    except Exception as exc:  # a bug or an input nobody foresaw: report it, keep the batch going
        if disk_full(exc):
            return FileResult(path, "failed", error=f"output not written (No space left on device: {exc})"[:300],
                              error_kind=OUTPUT_NOT_WRITTEN, exit_code=EXIT_CANT_WRITE,
                              seconds=round(time.perf_counter() - t0, 3), traceback=traceback.format_exc())
        return FileResult(path, "failed", error=f"internal error: {type(exc).__name__}: {exc}",
                          error_kind="internal", exit_code=EXIT_INTERNAL, seconds=round(time.perf_counter() - t0, 3),
                          traceback=traceback.format_exc())


def _with_hint(exc: ReadError, password: str | None) -> ReadError:
    """Say what to do when the reader's message does not: an encrypted PDF needs --password."""
    msg = str(exc)
    if isinstance(exc, EncryptedError) and "PDF" in msg and "--password" not in msg:
        hint = "give --password" if password is None else "the --password given does not open it"
        return type(exc)(f"{msg}: {hint}")
    return exc
