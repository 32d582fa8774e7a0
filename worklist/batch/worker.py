"""Convert and write one file, never raising: whatever goes wrong becomes a failed `FileResult`.

The time limit is enforced here with SIGALRM (a clean "time limit" result, its temporary folder removed);
the worker pool also kills a worker still running a grace period later, since a PDF stuck in C code does not
see SIGALRM (`worklist.batch.pool`).
"""

from __future__ import annotations

import signal
import time
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from worklist.batch.report import FileResult
from worklist.exit_codes import EXIT_INTERNAL, EXIT_INVALID
from worklist.extract.errors import EncryptedError, ReadError, TimeLimitError
from worklist.output_layout import OutputLayout


class _Deadline(BaseException):
    """Raised in a worker by SIGALRM; BaseException so that a reader's `except Exception` cannot swallow it."""


def _alarm(signum: int, frame: object) -> None:
    raise _Deadline()


@contextmanager
def _time_limit(timeout: float | None) -> Iterator[None]:
    """SIGALRM after `timeout` seconds raises `_Deadline` in the code inside (main thread, POSIX only)."""
    if not timeout or not hasattr(signal, "setitimer"):
        yield
        return
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, float(timeout))
    try:
        yield
    finally:  # an alarm landing in here still raises _Deadline: the caller catches it outside this block
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def engine(run_checks: bool, checks: str) -> str:
    """The check engine a run uses ("none" when checks are off)."""
    return checks if run_checks else "none"


def time_limit_message(timeout: float | None) -> str:
    return f"took longer than the time limit of {timeout:g} s (raise it with --timeout)"


def convert_one(path: str, out_root: str, password: str | None, timeout: float | None,
                run_checks: bool = True, checks: str = "native") -> FileResult:
    """Convert and write one file into OUT (its unfinished folder under OUT/.tmp); never raises."""
    from worklist.pipeline import convert  # looked up at call time: tests patch worklist.pipeline.convert
    from worklist.writers import write_conversion

    t0 = time.perf_counter()

    def failed(exc: ReadError, tb: str | None = None) -> FileResult:
        return FileResult(path, "failed", error=str(exc), error_kind=exc.kind, exit_code=exc.exit_code,
                          seconds=round(time.perf_counter() - t0, 3), traceback=tb)

    try:
        used = engine(run_checks, checks)
        with _time_limit(timeout):
            conv = convert(path, password=password, run_checks=used != "none",
                           **({"checks": used} if used != "none" else {}))
            folder = write_conversion(conv, Path(out_root), tmp_parent=OutputLayout(Path(out_root)).tmp_dir)
        valid = conv.valid
        return FileResult(path, "converted", doc_id=folder.name, items=len(conv.items), warnings=conv.warnings,
                          valid=valid, seconds=round(time.perf_counter() - t0, 3),
                          exit_code=0 if valid else EXIT_INVALID, sha256=conv.document.source_sha256)
    except _Deadline:
        return failed(TimeLimitError(time_limit_message(timeout)), traceback.format_exc())
    except ReadError as exc:
        return failed(_with_hint(exc, password), traceback.format_exc())
    except Exception as exc:  # a bug or an input nobody foresaw: report it, keep the batch going
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
