"""Batch conversion: many files, some broken, one summary; a tool the data team can leave running.

Each file is converted in its own forked worker process (the heavy imports are paid once, in the parent, before
forking), at most `workers` at a time. The time limit is enforced twice: inside the worker with SIGALRM (a clean
"time limit" result, its temporary folder removed), and by the parent, which kills a worker that is still
running a grace period later (a PDF stuck in C code does not see SIGALRM). A worker that crashes or is killed
becomes a failed file, never a stuck batch.

Nothing half-written is left in OUT: a document folder is built under OUT/.tmp and moved into place with one
rename (`worklist.writers`); OUT/.tmp is removed at the start and at the end of every run, and when the run is
interrupted: SIGTERM/SIGINT make the parent stop its workers, remove OUT/.tmp and raise `BatchInterrupted`;
workers die with the parent even when it is SIGKILLed (PR_SET_PDEATHSIG). One batch at a time writes to an
OUT (a lock on the folder), so that one run's cleaning cannot remove another's unfinished work.

A file whose bytes were converted before (same doc_id, same extractor and schema version) is skipped unless
`force`; two inputs with the same bytes are converted once.
"""

from __future__ import annotations

import errno
import json
import multiprocessing as mp
import os
import shutil
import signal
import sys
import time
import traceback
from collections import deque
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from worklist.extract.errors import EncryptedError, ReadError, TimeLimitError

NOTICE_SUFFIXES = {".pdf", ".docx", ".doc", ".wps", ".txt", ".tsv", ".text",
                   ".html", ".htm", ".shtml", ".mhtml", ".mht", ".xlsx", ".xlsm"}
TMP_DIR = ".tmp"
POLL = 0.25  # seconds between checks of the workers' deadlines and of a stop request
KILL_GRACE = 2.0  # seconds past the time limit before the parent kills a worker that ignored SIGALRM


@dataclass
class FileResult:
    path: str
    status: str  # "converted", "unchanged", "duplicate", "failed"
    doc_id: str | None = None
    error: str | None = None
    error_kind: str | None = None
    exit_code: int = 0
    items: int = 0
    warnings: list[str] = field(default_factory=list)
    valid: bool = True
    seconds: float = 0.0
    sha256: str | None = None
    traceback: str | None = None


class BatchInterrupted(Exception):
    """SIGINT/SIGTERM during a batch: workers stopped, OUT/.tmp removed; `results` holds what finished."""

    def __init__(self, signum: int, results: list[FileResult]) -> None:
        super().__init__(f"interrupted by {signal.Signals(signum).name}")
        self.signum = signum
        self.results = results

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # the shell's convention: 130 for Ctrl-C, 143 for SIGTERM


class BatchBusyError(Exception):
    """Another batch is writing to the same output folder."""


class _Signal(BaseException):
    """Raised in the parent by the SIGINT/SIGTERM handler (BaseException: no `except Exception` swallows it)."""

    def __init__(self, signum: int) -> None:
        self.signum = signum


class _Deadline(BaseException):
    """Raised in a worker by SIGALRM; BaseException so that a reader's `except Exception` cannot swallow it."""


def collect_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Files named on the command line are always tried; folders give their notice-like files (recursively)."""
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in NOTICE_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            found = [p]
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def _already_done(doc_id: str, out_root: Path) -> dict[str, Any] | None:
    """The manifest of an up-to-date earlier conversion of the same bytes in OUT/<doc_id>, else None."""
    from worklist.schemas.models import SCHEMA_VERSION
    from worklist import __version__

    try:
        m = json.loads((out_root / doc_id / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if m.get("extractor_version") == __version__ and m.get("schema_version") == SCHEMA_VERSION:
        return m
    return None


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


def _engine(run_checks: bool, checks: str) -> str:
    return checks if run_checks else "none"


def convert_one(path: str, out_root: str, password: str | None, timeout: float | None,
                run_checks: bool = True, checks: str = "native") -> FileResult:
    """Convert and write one file; never raises (the result says what went wrong)."""
    from worklist.pipeline import convert
    from worklist.writers import write_conversion

    t0 = time.perf_counter()

    def failed(exc: ReadError, tb: str | None = None) -> FileResult:
        return FileResult(path, "failed", error=str(exc), error_kind=exc.kind, exit_code=exc.exit_code,
                          seconds=round(time.perf_counter() - t0, 3), traceback=tb)

    try:
        engine = _engine(run_checks, checks)
        with _time_limit(timeout):
            conv = convert(path, password=password, run_checks=engine != "none",
                           **({"checks": engine} if engine != "none" else {}))
            folder = write_conversion(conv, Path(out_root), tmp_parent=Path(out_root) / TMP_DIR)
        valid = not conv.invalid and conv.checks.get("success", True)
        return FileResult(path, "converted", doc_id=folder.name, items=len(conv.items), warnings=conv.warnings,
                          valid=valid, seconds=round(time.perf_counter() - t0, 3),
                          exit_code=0 if valid else 2, sha256=conv.document.source_sha256)
    except _Deadline:
        return failed(TimeLimitError(_time_limit_message(timeout)), traceback.format_exc())
    except ReadError as exc:
        return failed(_with_hint(exc, password), traceback.format_exc())
    except Exception as exc:  # a bug or an input nobody foresaw: report it, keep the batch going
        return FileResult(path, "failed", error=f"internal error: {type(exc).__name__}: {exc}",
                          error_kind="internal", exit_code=70, seconds=round(time.perf_counter() - t0, 3),
                          traceback=traceback.format_exc())


def _with_hint(exc: ReadError, password: str | None) -> ReadError:
    """Say what to do when the reader's message does not: an encrypted PDF needs --password."""
    msg = str(exc)
    if isinstance(exc, EncryptedError) and "PDF" in msg and "--password" not in msg:
        hint = "give --password" if password is None else "the --password given does not open it"
        return type(exc)(f"{msg}: {hint}")
    return exc


def _time_limit_message(timeout: float | None) -> str:
    return f"took longer than the time limit of {timeout:g} s (raise it with --timeout)"


# ------------------------------------------------------------------------------------------- workers


def _die_with_parent() -> None:
    """Linux: this worker gets SIGKILL when the parent dies, even by SIGKILL (no orphan keeps writing)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the parent's handlers still stop workers on SIGTERM/SIGINT
        pass


def _worker(conn: Any, parent: int, args: tuple) -> None:
    """Body of a worker process: convert one file, send the result, exit."""
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
    try:
        conn.send(convert_one(*args))
    finally:
        conn.close()


def _formats(files: list[Path]) -> set[str]:
    from worklist.extract.detect import sniff

    out: set[str] = set()
    for f in files:
        try:
            out.add(sniff(f))
        except Exception:  # the worker reports it
            pass
    return out


def _warm(engine: str, formats: set[str] = frozenset({"pdf", "docx", "txt"})) -> None:  # type: ignore[assignment]
    """Import what every conversion needs before forking, so each worker starts warm (only the readers
    of the formats in the batch)."""
    import io

    import pyarrow as pa
    import pyarrow.csv  # noqa: F401
    import pyarrow.parquet as pq

    import worklist.extract.txt_reader  # noqa: F401

    if "docx" in formats:
        import worklist.extract.docx_reader  # noqa: F401
    if "pdf" in formats:
        import worklist.extract.pdf_reader  # noqa: F401
    if formats & {"html", "mhtml"}:
        import worklist.extract.html_reader  # noqa: F401
    if "xlsx" in formats:
        import openpyxl  # noqa: F401

        import worklist.extract.xlsx_reader  # noqa: F401
    import worklist.pipeline  # noqa: F401
    import worklist.writers  # noqa: F401
    from worklist.normalize.targets import find_targets

    find_targets("累计完成20人次")  # builds the jieba lexicon once, here, not in every worker
    pq.write_table(pa.table({"x": [1]}), io.BytesIO(), compression="zstd")  # codec set up once

    if engine == "gx":
        from worklist.schemas.checks import _context

        _context()
    elif engine == "native":
        try:
            import worklist.schemas.native  # noqa: F401
        except ImportError:  # pragma: no cover - an engine that does not exist is the pipeline's error
            pass


def _isolate(workers: int, timeout: float | None) -> bool:
    """Worker processes unless a plain in-process run was asked for (one worker, no time limit)."""
    return (workers > 1 or bool(timeout)) and "fork" in mp.get_all_start_methods()


# ------------------------------------------------------------------------------------------- the batch


def run_batch(
    files: list[Path],
    out_root: Path,
    *,
    workers: int = 1,
    timeout: float | None = 300.0,
    password: str | None = None,
    force: bool = False,
    run_checks: bool = True,
    checks: str = "native",
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Convert files into out_root; results in input order.

    Raises `BatchInterrupted` on SIGINT/SIGTERM (after stopping the workers and removing OUT/.tmp) and
    `BatchBusyError` when another batch holds OUT's lock."""
    out_root.mkdir(parents=True, exist_ok=True)
    lock = _lock(out_root)
    results: dict[int, FileResult] = {}

    def finish(i: int, r: FileResult) -> None:
        results[i] = r
        if on_result:
            on_result(r)

    isolate = _isolate(workers, timeout)
    stop = _Stop()
    handlers = _trap_signals(stop, raise_now=not isolate)
    try:
        _clean(out_root)
        (out_root / TMP_DIR).mkdir(exist_ok=True)
        engine = _engine(run_checks, checks)
        try:
            todo = _plan(files, out_root, force, finish)
            if todo and isolate:
                if len(todo) > 1:  # a single file gains nothing from warming the parent
                    _warm(engine, _formats([f for _, f, _ in todo]))
                _run_workers(todo, out_root, workers, timeout, password, run_checks, checks, finish, stop)
            else:
                for i, f, sha in todo:
                    stop.check()
                    r = convert_one(str(f), str(out_root), password, timeout, run_checks, checks)
                    r.sha256 = r.sha256 or sha
                    finish(i, r)
            stop.check()
        except _Signal as s:
            raise BatchInterrupted(s.signum, [results[i] for i in sorted(results)]) from None
    finally:
        shutil.rmtree(out_root / TMP_DIR, ignore_errors=True)
        lock.close()
        _restore_signals(handlers)
    return [results[i] for i in range(len(files))]


def _plan(files: list[Path], out_root: Path, force: bool,
          finish: Callable[[int, FileResult], None]) -> list[tuple[int, Path, str | None]]:
    """What to convert: not the files converted before (unless force), each distinct content once."""
    from worklist.pipeline import doc_id_for, file_sha256

    todo: list[tuple[int, Path, str | None]] = []
    first: dict[str, Path] = {}
    for i, f in enumerate(files):
        try:
            sha = file_sha256(f)
        except OSError as exc:
            finish(i, FileResult(str(f), "failed", error=f"cannot read the file ({exc.strerror or exc})",
                                 error_kind=ReadError.kind, exit_code=ReadError.exit_code))
            continue
        doc_id = doc_id_for(sha)
        if sha in first:
            finish(i, FileResult(str(f), "duplicate", doc_id=doc_id, sha256=sha,
                                 warnings=[f"same bytes as {first[sha]}: converted once"]))
            continue
        first[sha] = f
        earlier = None if force else _already_done(doc_id, out_root)
        if earlier is not None:
            finish(i, FileResult(str(f), "unchanged", doc_id=doc_id, sha256=sha,
                                 items=(earlier.get("counts") or {}).get("items", 0),
                                 valid=bool((earlier.get("validation") or {}).get("success", True))))
            continue
        todo.append((i, f, sha))
    return todo


def _run_workers(todo: list[tuple[int, Path, str | None]], out_root: Path, workers: int,
                 timeout: float | None, password: str | None, run_checks: bool, checks: str,
                 finish: Callable[[int, FileResult], None], stop: "_Stop") -> None:
    """At most `workers` forked workers; results as they come; hung workers killed past the limit."""
    from multiprocessing.connection import wait

    ctx = mp.get_context("fork")
    queue = deque(todo)
    running: dict[Any, tuple[int, Path, str | None, Any, float, float | None]] = {}
    parent = os.getpid()
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        while queue or running:
            stop.check()
            while queue and len(running) < max(1, workers):
                i, f, sha = queue.popleft()
                recv, send = ctx.Pipe(duplex=False)
                args = (str(f), str(out_root), password, timeout, run_checks, checks)
                proc = ctx.Process(target=_worker, args=(send, parent, args), daemon=True)
                proc.start()
                send.close()
                start = time.monotonic()
                deadline = start + timeout + max(KILL_GRACE, 0.1 * timeout) if timeout else None
                running[recv] = (i, f, sha, proc, start, deadline)
            deadlines = [d for *_, d in running.values() if d is not None]
            wait_for = min([max(0.0, d - time.monotonic()) for d in deadlines] + [POLL])
            for conn in wait(list(running), timeout=wait_for):
                i, f, sha, proc, start, _ = running.pop(conn)
                try:
                    r: FileResult = conn.recv()
                except (EOFError, OSError):  # died without a word: killed, out of memory, crashed
                    proc.join()
                    r = FileResult(str(f), "failed", error=f"internal error: the worker died ({_how(proc)})",
                                   error_kind="internal", exit_code=70,
                                   seconds=round(time.monotonic() - start, 3))
                conn.close()
                proc.join()
                r.sha256 = r.sha256 or sha
                finish(i, r)
            now = time.monotonic()
            for conn, (i, f, sha, proc, start, deadline) in list(running.items()):
                if deadline is not None and now >= deadline:
                    proc.kill()
                    proc.join()
                    conn.close()
                    del running[conn]
                    finish(i, FileResult(str(f), "failed", error=_time_limit_message(timeout) + ": stopped",
                                         error_kind=TimeLimitError.kind, exit_code=TimeLimitError.exit_code,
                                         seconds=round(now - start, 3), sha256=sha))
    finally:  # normal end, interrupt or bug: no worker outlives the batch
        for conn, (*_, proc, _start, _deadline) in running.items():
            if proc.is_alive():
                proc.kill()
        for conn, (*_, proc, _start, _deadline) in running.items():
            proc.join()
            conn.close()


def _how(proc: Any) -> str:
    code = proc.exitcode
    if code is not None and code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


class _Stop:
    """The first SIGINT/SIGTERM of the run, checked by the loops.

    With workers, the handler only records the signal and the parent's loop (which wakes every POLL
    seconds) stops: an exception raised from a handler can land anywhere, in an at-fork hook or a `__del__`,
    where Python prints it and drops it. Converting in-process, the handler raises at once, like Ctrl-C."""

    def __init__(self) -> None:
        self.signum: int | None = None

    def check(self) -> None:
        if self.signum is not None:
            raise _Signal(self.signum)


def _trap_signals(stop: _Stop, *, raise_now: bool) -> dict[int, Any]:
    """SIGINT/SIGTERM stop the batch (main thread only: elsewhere the caller's handlers stay)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return {}

    def handler(signum: int, frame: object) -> None:
        if stop.signum is not None:  # a second Ctrl-C while cleaning up must not cut the cleaning short
            return
        stop.signum = signum
        if raise_now:
            raise _Signal(signum)

    return {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}


def _restore_signals(handlers: dict[int, Any]) -> None:
    for s, h in handlers.items():
        signal.signal(s, h)


class _Lock:
    def __init__(self, fd: int | None) -> None:
        self.fd = fd

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases the flock
            self.fd = None


def _lock(out_root: Path) -> _Lock:
    """An exclusive flock on the OUT folder itself for the run: no lock file to leave behind, and the kernel
    releases it when the process dies, however it dies."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return _Lock(None)
    fd = os.open(out_root, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            raise BatchBusyError(f"{out_root}: another `worklist convert` is writing to this folder") from None
        raise
    os.set_inheritable(fd, False)
    return _Lock(fd)


def _clean(out_root: Path) -> None:
    """Leftovers of a killed run: unfinished work (never complete) goes; a document folder swapped out by
    an interrupted replacement comes back."""
    shutil.rmtree(out_root / TMP_DIR, ignore_errors=True)
    for p in out_root.iterdir():
        name = p.name
        if name.startswith(".tmp-"):  # writers' temporary folders outside a batch, the dataset's
            shutil.rmtree(p, ignore_errors=True)
        elif name.startswith(".old-") and p.is_dir():  # .old-<doc_id>-<pid>: replace_dir was cut short
            original = out_root / name[len(".old-"):].rsplit("-", 1)[0]
            if original.exists():
                shutil.rmtree(p, ignore_errors=True)
            else:
                os.replace(p, original)
        elif name.startswith("manifest.json.") and name.endswith(".tmp"):
            p.unlink(missing_ok=True)


# ------------------------------------------------------------------------------------------- reporting


def summarize(results: list[FileResult], seconds: float, *, interrupted: str | None = None) -> dict[str, Any]:
    """Counts for OUT/manifest.json and the console summary; failures grouped by kind."""
    failed = [r for r in results if r.status == "failed"]
    kinds: dict[str, int] = {}
    for r in failed:
        kinds[r.error_kind or "unknown"] = kinds.get(r.error_kind or "unknown", 0) + 1
    out: dict[str, Any] = {
        "files": len(results),
        "converted": sum(r.status == "converted" for r in results),
        "unchanged": sum(r.status == "unchanged" for r in results),
        "duplicate": sum(r.status == "duplicate" for r in results),
        "failed": len(failed),
        "failed_by_kind": kinds,
        "invalid": sum(r.status in ("converted", "unchanged") and not r.valid for r in results),
        "warnings": sum(len(r.warnings) for r in results if r.status == "converted"),
        "seconds": round(seconds, 3),
    }
    if interrupted:
        out["interrupted"] = interrupted
    return out


def write_batch_manifest(out_root: Path, results: list[FileResult], seconds: float, *,
                         interrupted: str | None = None) -> Path:
    """OUT/manifest.json: every input with its status, doc_id or error (tracebacks only with --debug)."""
    docs = []
    for r in results:
        d = asdict(r)
        d.pop("traceback", None)
        docs.append(d)
    summary = summarize(results, seconds, interrupted=interrupted)
    path = out_root / "manifest.json"
    tmp = path.with_name(f"manifest.json.{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"summary": summary, "documents": docs}, ensure_ascii=False, indent=2) + "\n",
                   encoding="utf-8")
    os.replace(tmp, path)
    return path


def document_dirs(out_root: Path) -> list[Path]:
    """Complete document folders under out_root (those with a manifest), in name order."""
    return sorted(p for p in out_root.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and p.name != "dataset"
                  and (p / "manifest.json").exists())
