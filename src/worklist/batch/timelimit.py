"""Time limits counted on the work itself, the same for `convert` and for every command that reads a document.

A limit counts the processor time of the worker doing the work, not wall time from its fork: forty workers on
two cores each get a twentieth of a core, and a file that needs 2 s of work must not fail an 8 s limit for
waiting its turn. Two guards, as for `convert` since its first version:

- in the worker, an interval timer on its own CPU time (ITIMER_PROF, user + system) raises `Deadline`,
  which the worker turns into a clean "time limit" result;
- in the parent, a watch (`Watch`) kills a worker whose CPU time is past the limit plus a grace period (C
  code that never returns to Python does not see the timer), and, as a backstop for a worker that does no
  work at all (blocked on a read), one whose CPU time has not moved for a wall-clock allowance scaled by
  how many workers share each core. The backstop judges progress, not age: a worker that keeps working on a
  machine busy with other jobs (an OCR getting a tenth of a core) is judged by its CPU time alone, so a busy
  machine never turns a working conversion into "took longer than the time limit".

`run_limited` runs one function in a forked worker under these guards: `worklist inspect`, `golden` and
`validate` use it, so a document that hangs the reader hangs none of them.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
import signal
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from worklist.extract.errors import TimeLimitError

POLL = 0.25  # seconds between checks of the workers' deadlines and of a stop request
KILL_GRACE = 2.0  # seconds of CPU past the limit before the parent kills a worker that ignored the timer
WALL_FACTOR = 2.0  # a worker doing no work is killed after this many limits of wall time (per core share)
_TIMER = getattr(signal, "ITIMER_PROF", None)
_TIMER_SIGNAL = getattr(signal, "SIGPROF", None)


class Deadline(BaseException):
    """Raised in a worker when its CPU time reaches the limit; BaseException so that a reader's
    `except Exception` cannot swallow it."""


def _expired(signum: int, frame: object) -> None:
    raise Deadline()


@contextmanager
def cpu_time_limit(timeout: float | None) -> Iterator[None]:
    """`Deadline` is raised in the code inside once this process has used `timeout` seconds of CPU (main
    thread, POSIX only; elsewhere the parent's watch is the only guard)."""
    if not timeout or _TIMER is None or _TIMER_SIGNAL is None or not hasattr(signal, "setitimer"):
        yield
        return
    old = signal.signal(_TIMER_SIGNAL, _expired)
    signal.setitimer(_TIMER, float(timeout))
    try:
        yield
    finally:  # a signal landing in here still raises Deadline: the caller catches it outside this block
        signal.setitimer(_TIMER, 0)
        signal.signal(_TIMER_SIGNAL, old)


def time_limit_message(timeout: float | None) -> str:
    return f"took longer than the time limit of {timeout:g} s (raise it with --timeout)"


# ------------------------------------------------------------------------------------------- the parent


def usable_cores() -> int:
    """The cores this process may use: its CPU set, and a container's CPU quota (cgroup v2 `cpu.max`, v1
    `cpu.cfs_quota_us`) when it allows fewer."""
    try:
        n = len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not Linux
        n = os.cpu_count() or 1
    quota = _cgroup_quota()
    return max(1, min(n, math.ceil(quota))) if quota else n


def _cgroup_quota() -> float | None:
    try:
        with open("/sys/fs/cgroup/cpu.max", encoding="ascii") as fh:
            limit, period = fh.read().split()[:2]
        return None if limit == "max" else int(limit) / int(period)
    except (OSError, ValueError):
        pass
    try:
        with open("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", encoding="ascii") as fh:
            limit_us = int(fh.read())
        with open("/sys/fs/cgroup/cpu/cpu.cfs_period_us", encoding="ascii") as fh:
            period_us = int(fh.read())
        return limit_us / period_us if limit_us > 0 and period_us > 0 else None
    except (OSError, ValueError):
        return None


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a live process, from /proc (None where there is no /proc)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    fields = data[data.rfind(b")") + 2:].split()  # after "pid (comm) ": the name may hold spaces
    try:
        return (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime (fields 14 and 15 of stat)
    except (IndexError, ValueError):
        return None


@dataclass
class Watch:
    """The parent's guard over one worker: `expired()` once its CPU time is past the limit plus a grace
    period, or (the backstop) its CPU time has stood still for the idle allowance. `share`: workers per core
    in this run (at least 1). `cpu` reads a process's CPU seconds (None where it cannot be measured: then
    the backstop is the limit itself in wall time, stretched by the share)."""

    pid: int
    timeout: float | None
    share: float = 1.0
    started: float = field(default_factory=time.monotonic)
    cpu: Callable[[int], float | None] = field(default=lambda pid: cpu_seconds(pid), repr=False)
    last_cpu: float | None = field(default=None, init=False)
    progressed: float = field(default=-1.0, init=False)  # when the CPU time last moved (monotonic)

    def __post_init__(self) -> None:
        self.progressed = self.started

    @property
    def grace(self) -> float:
        return max(KILL_GRACE, 0.1 * (self.timeout or 0))

    def wall_limit(self, measured: bool) -> float:
        """Wall seconds allowed: where CPU time is measured, without any progress (a worker doing nothing);
        where it is not, since the start, the limit itself stretched by the share of a core each worker gets."""
        assert self.timeout
        factor = WALL_FACTOR if measured else 1.0
        return self.timeout * max(1.0, self.share) * factor + self.grace

    def expired(self, now: float | None = None) -> bool:
        if not self.timeout:
            return False
        now = time.monotonic() if now is None else now
        cpu = self.cpu(self.pid)
        if cpu is None:
            return now - self.started >= self.wall_limit(False)
        if cpu >= self.timeout + self.grace:
            return True
        if cpu > (self.last_cpu if self.last_cpu is not None else 0.0):  # a worker idle from its start: none
            self.progressed = now
        self.last_cpu = cpu
        return now - self.progressed >= self.wall_limit(True)

    def next_check(self, now: float | None = None) -> float:
        """Seconds until this watch should be looked at again."""
        if not self.timeout:
            return POLL
        now = time.monotonic() if now is None else now
        return max(0.0, min(POLL, self.progressed + self.wall_limit(True) - now))


def share_of_cores(workers: int) -> float:
    """Workers per usable core (1 when there are at least as many cores as workers)."""
    return max(1.0, workers / usable_cores())


# ------------------------------------------------------------------------------------------- one call


class WorkerDied(Exception):
    """The worker of `run_limited` ended without an answer (killed, out of memory, crashed)."""


class WorkerBug(Exception):
    """An unexpected exception in the worker of `run_limited` (`traceback` holds the worker's)."""

    def __init__(self, message: str, tb: str) -> None:
        super().__init__(message)
        self.traceback = tb


def _die_with_parent() -> None:
    """Linux: this worker gets SIGKILL when the parent dies, even by SIGKILL (no orphan keeps writing)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the parent's handlers still stop workers on SIGTERM/SIGINT
        pass


def worker_setup(parent: int) -> None:
    """First thing in a forked worker: die with the parent, default SIGTERM, leave Ctrl-C to the parent."""
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides


def _limited_body(conn: Any, parent: int, fn: Callable[..., Any], args: tuple, timeout: float | None) -> None:
    worker_setup(parent)
    try:
        try:
            with cpu_time_limit(timeout):
                answer: tuple = ("ok", fn(*args))
        except Deadline:
            answer = ("error", TimeLimitError(time_limit_message(timeout)))
        except Exception as exc:  # noqa: BLE001 - the parent decides what it is
            exc.worker_traceback = traceback.format_exc()  # type: ignore[attr-defined]  # travels with it
            answer = ("error", exc)
        try:
            conn.send(answer)
        except Exception as exc:  # an answer that does not pickle: say what it was
            conn.send(("bug", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    finally:
        conn.close()


def run_limited(fn: Callable[..., Any], *args: Any, timeout: float | None) -> Any:
    """`fn(*args)` in a forked worker with the time limit of a conversion; returns its result or raises
    what it raised (a `ReadError` as it is, `TimeLimitError` past the limit, `WorkerDied` when it ended
    without an answer). Without fork (not POSIX), in this process under the CPU timer only."""
    if not timeout:
        return fn(*args)
    if "fork" not in mp.get_all_start_methods():  # pragma: no cover - not POSIX
        try:
            with cpu_time_limit(timeout):
                return fn(*args)
        except Deadline:
            raise TimeLimitError(time_limit_message(timeout)) from None
    from multiprocessing.connection import wait

    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_limited_body, args=(send, os.getpid(), fn, args, timeout), daemon=True)
    proc.start()
    send.close()
    assert proc.pid is not None  # started
    watch = Watch(proc.pid, timeout)
    try:
        while True:
            if wait([recv], timeout=watch.next_check()):
                try:
                    answer = recv.recv()
                except (EOFError, OSError):
                    proc.join()
                    raise WorkerDied(f"the worker died ({how_it_ended(proc)})") from None
                break
            if watch.expired():
                raise TimeLimitError(time_limit_message(timeout) + ": stopped")
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        recv.close()
    kind, value, *rest = answer
    if kind == "ok":
        return value
    if kind == "bug":
        raise WorkerBug(value, rest[0])
    raise value


def how_it_ended(proc: Any) -> str:
    code = proc.exitcode
    if code is not None and code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"
