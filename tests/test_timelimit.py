"""The parent's watch over a worker (`worklist.batch.timelimit.Watch`): CPU time judges the work, and the
idle backstop counts wall time only while the worker's CPU time stands still. Driven by a scripted CPU clock
and explicit `now` values, so no test depends on how busy the machine is."""

from __future__ import annotations

import pytest

from worklist.batch.timelimit import Watch


class Clock:
    """A worker's CPU seconds as the parent reads them, set by the test."""

    def __init__(self, value: float | None = 0.0) -> None:
        self.value = value

    def __call__(self, pid: int) -> float | None:
        return self.value


def _watch(clock: Clock, timeout: float = 10.0, share: float = 1.0) -> Watch:
    return Watch(pid=1, timeout=timeout, share=share, started=0.0, cpu=clock)


def test_a_slow_but_working_worker_outlives_the_wall_backstop() -> None:
    """A twentieth of a core (a machine busy with other jobs) for 150 s of wall time: 7.5 CPU-s of a 10 s
    limit, far past the backstop's wall allowance, and never stopped: it was working all along."""
    clock = Clock()
    w = _watch(clock)
    backstop = w.wall_limit(True)
    t = 0.0
    while t < 150.0:
        t += 0.25
        clock.value = 0.05 * t
        assert not w.expired(t), f"stopped at {t} s wall having used {clock.value} CPU-s of a 10 s limit"
    assert t > 5 * backstop


def test_a_worker_whose_cpu_stands_still_is_stopped_after_the_backstop() -> None:
    clock = Clock(1.5)
    w = _watch(clock, share=2.0)
    backstop = w.wall_limit(True)
    assert backstop == pytest.approx(10 * 2 * 2 + w.grace)
    assert not w.expired(0.0)
    assert not w.expired(backstop - 0.1)
    assert w.expired(backstop)


def test_the_backstop_counts_from_the_last_progress() -> None:
    clock = Clock(1.0)
    w = _watch(clock)
    backstop = w.wall_limit(True)
    assert not w.expired(backstop - 1)
    clock.value = 1.01  # one tick of work: the idle allowance starts again
    assert not w.expired(backstop - 0.5)
    assert not w.expired(2 * backstop - 1.5)
    assert w.expired(2 * backstop - 0.5)
    assert w.next_check(2 * backstop - 0.5) == 0.0


def test_cpu_past_the_limit_and_grace_is_stopped_at_once() -> None:
    clock = Clock(0.0)
    w = _watch(clock, timeout=10.0)
    clock.value = 10.0 + w.grace - 0.01
    assert not w.expired(11.0)
    clock.value = 10.0 + w.grace
    assert w.expired(11.0)


def test_unmeasured_cpu_falls_back_to_the_stretched_wall_limit() -> None:
    w = _watch(Clock(None), timeout=4.0, share=3.0)
    assert not w.expired(4 * 3 + w.grace - 0.01)
    assert w.expired(4 * 3 + w.grace)


def test_no_limit_never_expires() -> None:
    assert not Watch(pid=1, timeout=None, started=0.0, cpu=Clock(1e9)).expired(1e9)
