"""Shared fixtures: sample paths, and one conversion per sample format per test session."""

from __future__ import annotations

import pytest

from tests.paths import SAMPLE


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
