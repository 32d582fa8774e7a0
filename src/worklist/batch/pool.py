"""The worker pool: each file converted in its own forked worker process, at most `workers` at a time.

The heavy imports are paid once, in the parent, before forking (`warm`). The time limit counts each
worker's CPU time (`worklist.batch.timelimit`): the parent kills a worker whose CPU time is a grace period
past the limit (a PDF stuck in C code does not see the worker's timer), or which has done nothing for a
wall-clock allowance scaled by the workers sharing each core. A worker that crashes or is killed becomes a
failed file, never a stuck batch. Workers die with the parent even when it is SIGKILLed (PR_SET_PDEATHSIG).
SIGINT/SIGTERM are trapped by the parent (`trap_signals`), which stops its workers and lets the batch clean
up.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import time
from collections import deque
from pathlib import Path
from multiprocessing.connection import Connection
from typing import Any, Callable, cast

from worklist.batch.plan import Task
from worklist.batch.report import FileResult
from worklist.batch.timelimit import POLL, Watch, how_it_ended, share_of_cores, time_limit_message, worker_setup
from worklist.batch.worker import Job, convert_one
from worklist.exit_codes import EXIT_INTERNAL
from worklist.formats import FORMATS, load
from worklist.extract.errors import TimeLimitError


class StopSignal(BaseException):
    """Raised in the parent when SIGINT/SIGTERM arrived (BaseException: no `except Exception` swallows it)."""

    def __init__(self, signum: int) -> None:
        self.signum = signum


class Stop:
    """The first SIGINT/SIGTERM of the run, checked by the loops.

    With workers, the handler only records the signal and the parent's loop (which wakes every POLL
    seconds) stops: an exception raised from a handler can land anywhere, in an at-fork hook or a `__del__`,
    where Python prints it and drops it. Converting in-process, the handler raises at once, like Ctrl-C
    (`raise_now`); while the run writes its dataset and manifest, it only records (those writes finish)."""

    def __init__(self, raise_now: bool = False) -> None:
        self.signum: int | None = None
        self.raise_now = raise_now

    def check(self) -> None:
        if self.signum is not None:
            raise StopSignal(self.signum)


def trap_signals(stop: Stop) -> dict[int, Any]:
    """SIGINT/SIGTERM stop the batch (main thread only: elsewhere the caller's handlers stay)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return {}

    def handler(signum: int, frame: object) -> None:
        if stop.signum is not None:  # a second Ctrl-C while cleaning up must not cut the cleaning short
            return
        stop.signum = signum
        if stop.raise_now:
            raise StopSignal(signum)

    return {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}


def restore_signals(handlers: dict[int, Any]) -> None:
    for s, h in handlers.items():
        signal.signal(s, h)


def isolate(workers: int, timeout: float | None) -> bool:
    """Worker processes unless a plain in-process run was asked for (one worker, no time limit)."""
    return (workers > 1 or bool(timeout)) and "fork" in mp.get_all_start_methods()


def formats(files: list[Path]) -> set[str]:
    """The formats in a batch, judged by the files' first bytes (unreadable files: the worker reports them)."""
    from worklist.extract.detect import sniff

    out: set[str] = set()
    for f in files:
        try:
            out.add("image" if f.is_dir() else sniff(f))  # a folder is a notice of page images
        except Exception:  # the worker reports it
            pass
    return out


def warm(engine: str, fmts: set[str]) -> None:
    """Import what every conversion needs before forking, so each worker starts warm (only the readers
    of the formats in the batch)."""
    import io

    import pyarrow as pa
    import pyarrow.csv  # noqa: F401
    import pyarrow.parquet as pq

    for fmt in fmts & FORMATS.keys():
        load(FORMATS[fmt].reader)  # the reader of each format in the batch (registry), nothing else
    if any(FORMATS[f].pictures for f in fmts & FORMATS.keys()):  # pages OCR may read
        from worklist.extract.ocr.reader import warm as warm_ocr

        warm_ocr()  # the OCR libraries imported once here (the models load in each worker that needs them)
    import worklist.pipeline  # noqa: F401
    import worklist.outputs.writers  # noqa: F401
    from worklist.normalize.targets import find_targets

    find_targets("累计完成20人次")  # builds the jieba lexicon once, here, not in every worker
    pq.write_table(pa.table({"x": [1]}), io.BytesIO(), compression="zstd")  # codec set up once

    if engine == "gx":
        from worklist.checks.rules import gx_context

        gx_context()
    elif engine == "native":
        import worklist.checks.native  # noqa: F401


def _worker(conn: Any, parent: int, path: str, job: Job) -> None:
    """Body of a worker process: convert one file, send the result, exit."""
    worker_setup(parent)
    try:
        conn.send(convert_one(path, job))
    finally:
        conn.close()


def run_workers(todo: list[Task], job: Job, workers: int, finish: Callable[[int, FileResult], None],
                stop: Stop) -> None:
    """At most `workers` forked workers; results as they come; workers past the limit killed."""
    from multiprocessing.connection import wait

    ctx = mp.get_context("fork")
    queue = deque(todo)
    running: dict[Any, tuple[Task, Any, Watch]] = {}
    parent = os.getpid()
    share = share_of_cores(min(max(1, workers), len(todo)))
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        while queue or running:
            stop.check()
            while queue and len(running) < max(1, workers):
                task = queue.popleft()
                recv, send = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_worker, args=(send, parent, str(task.path), job), daemon=True)
                proc.start()
                send.close()
                assert proc.pid is not None  # started
                running[recv] = (task, proc, Watch(proc.pid, job.timeout, share))
            wait_for = min([w.next_check() for *_, w in running.values()] + [POLL])
            for ready in wait(list(running), timeout=wait_for):
                conn = cast(Connection, ready)
                task, proc, watch = running.pop(conn)
                try:
                    r: FileResult = conn.recv()
                except (EOFError, OSError):  # died without a word: killed, out of memory, crashed
                    proc.join()
                    r = FileResult(str(task.path), "failed",
                                   error=f"internal error: the worker died ({how_it_ended(proc)})",
                                   error_kind="internal", exit_code=EXIT_INTERNAL,
                                   seconds=round(time.monotonic() - watch.started, 3))
                conn.close()
                proc.join()
                r.sha256 = r.sha256 or task.sha256
                finish(task.index, r)
            now = time.monotonic()
            for conn, (task, proc, watch) in list(running.items()):
                if watch.expired(now):
                    proc.kill()
                    proc.join()
                    conn.close()
                    del running[conn]
                    finish(task.index, FileResult(str(task.path), "failed",
                                                  error=time_limit_message(job.timeout) + ": stopped",
                                                  error_kind=TimeLimitError.kind, exit_code=TimeLimitError.exit_code,
                                                  seconds=round(now - watch.started, 3), sha256=task.sha256))
    finally:  # normal end, interrupt or bug: no worker outlives the batch
        for conn, (_task, proc, _watch) in running.items():
            if proc.is_alive():
                proc.kill()
        for conn, (_task, proc, _watch) in running.items():
            proc.join()
            conn.close()
