"""A batch on any `concurrent.futures.Executor` — a Dask cluster's (`distributed.Client(...).get_executor()`) is
the one it is made for: one document per task, every rule of a local run kept.

What runs where:
- **on a worker** (`remote_convert`): the document is converted by a forked child of the worker, under the
  run's CPU-time limit (the child's own timer, and the task watching the child's CPU time, as the local pool
  does) and an optional memory limit (`RLIMIT_AS`); a hostile file's budgets are the readers' own and hold
  anywhere. The child writes the document folder into the worker's temporary folder; the task returns that
  folder's files as bytes with the `FileResult`, and the name of the worker. Nothing is written to OUT there.
- **on the driver** (the process that owns OUT, `run_on_executor`): OUT's lock, the run's work folder, the
  atomic move of each returned folder into OUT/docs/, the dataset, DuckDB and the manifests — exactly the local
  code path.

Inputs: a worker reads a file by its path when it sees the same file there (same SHA-256: a path shared by the
cluster); otherwise the task answers "missing" and is sent again with the file's bytes. A task lost with its
worker (killed, out of memory, the machine gone) is submitted once more, then reported as a failed input.
Ctrl-C (or SIGTERM) cancels every task still pending on the cluster.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import resource
import shutil
import signal
import socket
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from worklist.batch.plan import Task
from worklist.batch.pool import Stop, StopSignal
from worklist.batch.report import FileResult
from worklist.batch.timelimit import POLL, Watch, time_limit_message
from worklist.batch.worker import Job, convert_one
from worklist.exit_codes import EXIT_INTERNAL
from worklist.extract.errors import TimeLimitError, TooLargeError
from worklist.outputs.layout import MANIFEST, OutputLayout, json_text, make_work_dir, replace_dir
from worklist.schemas.records import path_text

MAX_SENT_BYTES = 256 << 20  # an input sent to a worker as bytes (no shared path) is at most this large
RETRIES = 1  # a task lost with its worker is submitted this many more times


@dataclass(frozen=True)
class RemoteTask:
    """One input as a worker receives it: its path on the driver, the SHA-256 the driver read, and — when the
    worker could not see the same file — its bytes and modification time."""

    path: str
    sha256: str | None
    data: bytes | None = None
    mtime: float | None = None


@dataclass
class RemoteResult:
    """What a task returns: the input's result, the document folder's files (relative name → bytes), the
    worker that did it; `missing`: the worker has no such file (send the bytes)."""

    result: FileResult | None
    files: dict[str, bytes] = field(default_factory=dict)
    worker: str = ""
    missing: bool = False


def worker_name() -> str:
    """The Dask worker's address when run inside one, else this host and process."""
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return f"{socket.gethostname()}:{os.getpid()}"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _same_file(path: Path, sha256: str | None) -> bool:
    """The worker sees the file the driver planned (a folder of page images is taken as shared)."""
    if path.is_dir():
        return True
    try:
        return path.is_file() and (sha256 is None or _sha256(path) == sha256)
    except OSError:
        return False


def remote_convert(task: RemoteTask, job: Job, memory_mb: int | None = None) -> RemoteResult:
    """The body of a cluster task (runs on a worker); never raises for a bad input."""
    where = worker_name()
    src = Path(task.path)
    if task.data is None and not _same_file(src, task.sha256):
        return RemoteResult(None, worker=where, missing=True)
    with tempfile.TemporaryDirectory(prefix="worklist-task-") as tmp:
        if task.data is not None:
            src = Path(tmp) / "in" / Path(task.path).name
            src.parent.mkdir()
            src.write_bytes(task.data)
            if task.mtime is not None:
                os.utime(src, (task.mtime, task.mtime))
        out, work = Path(tmp) / "out", Path(tmp) / "work"
        work.mkdir()
        local = replace(job, out_root=str(out), tmp_dir=str(work))
        result = run_forked(convert_one, (str(src), local), timeout=job.timeout, memory_mb=memory_mb)
        result.path = task.path
        files: dict[str, bytes] = {}
        if result.status == "converted" and result.doc_id:
            folder = OutputLayout(out).doc_dir(result.doc_id)
            files = {f.name: f.read_bytes() for f in sorted(folder.iterdir()) if f.is_file()}
            if task.data is not None:  # the manifest names the input as the driver knows it
                files[MANIFEST] = _with_input_path(files[MANIFEST], task.path)
        return RemoteResult(result, files, worker=where)


def _with_input_path(manifest: bytes, path: str) -> bytes:
    data = json.loads(manifest)
    data["input"]["path"] = path_text(path)
    return json_text(data).encode("utf-8")


# ------------------------------------------------------------------------------ the forked child


def run_forked(fn: Callable[..., FileResult], args: tuple, *, timeout: float | None,
               memory_mb: int | None = None) -> FileResult:
    """`fn(*args)` in a forked child of this process (a Dask worker is a daemon process, which
    `multiprocessing` will not let have children), watched like a local worker: killed once its CPU time is
    past the limit plus a grace period. `memory_mb` caps the child's address space."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no return from here
        code = 0
        try:
            os.close(r)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            if memory_mb:
                limit = memory_mb << 20
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            try:
                payload = pickle.dumps(fn(*args))
            except MemoryError:
                payload = pickle.dumps(_failed(args[0], TooLargeError(
                    f"beyond the memory limit of {memory_mb} MB (raise it with --memory-limit)")))
            with os.fdopen(w, "wb") as fh:
                fh.write(payload)
        except BaseException:  # noqa: BLE001 - the parent reports a child that answered nothing
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    watch = Watch(pid, timeout)
    chunks: list[bytes] = []
    killed = False
    os.set_blocking(r, False)
    try:
        while True:
            try:
                chunk = os.read(r, 1 << 20)
            except BlockingIOError:
                chunk = None
            if chunk:
                chunks.append(chunk)
                continue
            if chunk == b"":  # the child closed its end: done
                break
            if watch.expired():
                os.kill(pid, signal.SIGKILL)
                killed = True
                break
            time.sleep(min(POLL, max(0.01, watch.next_check())))
    finally:
        os.close(r)
        _, status = os.waitpid(pid, 0)
    if killed:
        return _failed(args[0], TimeLimitError(time_limit_message(timeout) + ": stopped"))
    if not chunks:
        how = f"signal {-os.waitstatus_to_exitcode(status)}" if os.WIFSIGNALED(status) else "no answer"
        return FileResult(str(args[0]), "failed", error=f"internal error: the worker died ({how})",
                          error_kind="internal", exit_code=EXIT_INTERNAL)
    result: FileResult = pickle.loads(b"".join(chunks))
    return result


def _failed(path: Any, exc: TimeLimitError | TooLargeError) -> FileResult:
    return FileResult(str(path), "failed", error=str(exc), error_kind=exc.kind, exit_code=exc.exit_code)


# ------------------------------------------------------------------------------ the driver


def run_on_executor(todo: list[Task], job: Job, executor: Executor, finish: Callable[[int, FileResult], None],
                    stop: Stop, *, memory_mb: int | None = None) -> None:
    """Every task of `todo` on `executor`; each returned folder moved into OUT atomically as it arrives."""
    layout = OutputLayout(Path(job.out_root))
    pending: dict[Future, tuple[Task, RemoteTask, int]] = {}

    def submit(t: Task, rt: RemoteTask, attempt: int) -> None:
        remote_job = replace(job, out_root="", tmp_dir=None)  # the worker chooses its own folders
        pending[executor.submit(remote_convert, rt, remote_job, memory_mb)] = (t, rt, attempt)

    try:
        for t in todo:
            submit(t, RemoteTask(str(t.path), t.sha256), 0)
        while pending:
            stop.check()
            done, _ = wait(list(pending), timeout=POLL, return_when=FIRST_COMPLETED)
            for fut in done:
                t, rt, attempt = pending.pop(fut)
                try:
                    got: RemoteResult = fut.result()
                except Exception as exc:  # the task was lost with its worker (or the cluster failed it)
                    if attempt < RETRIES:
                        submit(t, rt, attempt + 1)
                        continue
                    finish(t.index, FileResult(str(t.path), "failed", sha256=t.sha256, error_kind="internal",
                                               exit_code=EXIT_INTERNAL,
                                               error=f"internal error: the cluster lost the task twice ({_why(exc)})"))
                    continue
                if got.missing:
                    resend = _with_bytes(t, rt)
                    if isinstance(resend, FileResult):
                        finish(t.index, resend)
                    else:
                        submit(t, resend, attempt)
                    continue
                assert got.result is not None
                r = got.result
                r.sha256 = r.sha256 or t.sha256
                r.worker = got.worker
                if got.files and r.doc_id:
                    _place(layout, r.doc_id, got.files, Path(job.tmp_dir) if job.tmp_dir else None)
                finish(t.index, r)
    except (StopSignal, KeyboardInterrupt):
        for fut in pending:
            fut.cancel()  # a Dask future's cancel() cancels the task on the cluster
        raise


def _why(exc: BaseException) -> str:
    return (f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)[:200]


def _with_bytes(t: Task, rt: RemoteTask) -> RemoteTask | FileResult:
    """The task again with the input's bytes (the worker sees no such file), or why it cannot be sent."""
    path = Path(t.path)
    if path.is_dir():
        return FileResult(str(path), "failed", sha256=t.sha256, error_kind="unreadable", exit_code=3,
                          error="a folder of page images must be on a path the cluster's workers share")
    st = path.stat()
    size = st.st_size
    if size > MAX_SENT_BYTES:
        return FileResult(str(path), "failed", sha256=t.sha256, error_kind="too-large", exit_code=8,
                          error=f"{size >> 20} MB is too large to send to a worker: put it on a path the "
                                "workers share")
    return replace(rt, data=path.read_bytes(), mtime=st.st_mtime)


def _place(layout: OutputLayout, doc_id: str, files: dict[str, bytes], tmp_parent: Path | None) -> None:
    """A document folder returned by a worker, written under the run's work folder and moved into place."""
    final = layout.doc_dir(doc_id)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = make_work_dir(tmp_parent if tmp_parent is not None else final.parent, final.name)
    try:
        for name, data in files.items():
            if "/" in name or name.startswith("."):
                raise ValueError(f"a worker returned an unexpected file name: {name!r}")
            (tmp / name).write_bytes(data)
        replace_dir(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def connect(address: str) -> Any:
    """A client of the running Dask scheduler at `address` (`tcp://HOST:8786`); its executor runs the tasks."""
    try:
        from distributed import Client
    except ImportError:
        raise RuntimeError("--cluster needs the cluster extra: pip install 'worklist[cluster]'") from None
    return Client(address, timeout="20s")
