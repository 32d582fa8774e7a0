"""Shared fixtures and settings of the suite: sample conversions once per session, the Hypothesis profiles,
and a safety net for the tests whose failure would be a hang.

No test asserts elapsed time: CI machines are shared and busy. A time limit is tested through its mechanism
(work far beyond the limit, a check that fires before the work), and speed is measured in bench/.
"""

from __future__ import annotations

import faulthandler
import os

import pytest
from hypothesis import HealthCheck, settings

from tests.paths import SAMPLE

# Hypothesis: `small` in the default run, `large` in the slow run (`python -m pytest -m slow`, which CI runs
# after the default one) or wherever HYPOTHESIS_PROFILE names it. Neither has a deadline nor the too-slow
# health check: both time examples on the wall clock, which a busy machine stretches. The properties that
# deserve thousands of examples run at both sizes (`tests.helpers.both_sizes`).
settings.register_profile("small", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("large", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# The suite runs one process per core (xdist): one ONNX Runtime thread per OCR engine, as a batch gives each
# of its workers, rather than two per process competing for the same two cores.
os.environ.setdefault("WORKLIST_OCR_THREADS", "1")


def slow_run(config: pytest.Config) -> bool:
    """Whether this run selects the slow tests (`-m slow`)."""
    expr = config.getoption("markexpr", "") or ""
    return "slow" in expr and "not slow" not in expr


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("hypothesis_profile", None):  # --hypothesis-profile: Hypothesis's own option wins
        return
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("large" if slow_run(config) else "small"))


@pytest.fixture
def hang_guard():
    """For a test that would hang if the behaviour it checks broke (a pipe opened, a time limit not
    enforced): past `tests.helpers.HANG_SECONDS` (minutes) its process ends, with every thread's traceback on
    stderr, and the test fails, named. A safety net against a real hang, never a measure of speed."""
    from tests.helpers import HANG_SECONDS

    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(scope="session")
def conversions():
    """Lazily convert each sample once per session (PDF is the slow one)."""
    from worklist.pipeline import convert

    cache: dict[str, object] = {}

    def get(fmt: str):
        if fmt not in cache:
            cache[fmt] = convert(SAMPLE[fmt])
        return cache[fmt]

    return get
