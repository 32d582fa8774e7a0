"""Progress a person can follow: pages of a long OCR drawn as a bar with its estimate on a terminal, nothing
when stderr is not one (CI, pipes, CliRunner)."""

from __future__ import annotations

import io
import sys

import pytest
from click.testing import CliRunner

from tests.paths import SAMPLE
from worklist import progress
from worklist.cli import _page_bar, main


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_page_bar_shows_pages_and_an_estimate(monkeypatch: pytest.MonkeyPatch) -> None:
    tty = _Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    sink = _page_bar(position=0)
    for done in range(0, 4):
        sink("OCR pages", done, 3)
    text = tty.getvalue()
    assert "OCR pages" in text and "3/3" in text and "<" in text  # tqdm's elapsed<remaining estimate


def test_steps_without_a_sink_do_nothing_and_a_failing_sink_never_fails_the_work() -> None:
    progress.step("OCR pages", 1, 2)

    def broken(what: str, done: int, total: int) -> None:
        raise RuntimeError("display gone")

    progress.set_sink(broken)
    try:
        progress.step("OCR pages", 1, 2)
    finally:
        progress.set_sink(None)


def test_no_page_progress_when_not_a_terminal(tmp_path) -> None:
    res = CliRunner().invoke(main, ["convert", str(SAMPLE["txt"]), "-o", str(tmp_path / "o")])
    assert res.exit_code == 0 and "pages" not in res.stderr and progress._SINK[0] is None
