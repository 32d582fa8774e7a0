"""Scaffolding shared by the tests: running `worklist convert`, listing and reading what it wrote, making
notices, and holding back or crashing chosen conversions. One copy here instead of one per test file.

These helpers define "a document folder" for the tests themselves (a non-dot folder other than dataset/):
the tests check the output layout, so they do not borrow its definition from the code under test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest
from click.testing import CliRunner, Result

from tests import bad_inputs as bad
from tests.paths import FIXTURES, GOLDEN, ROOT, SAMPLE, SAMPLES

__all__ = ["FIXTURES", "GOLDEN", "HANG_SECONDS", "ROOT", "SAMPLE", "SAMPLES", "HeldBatch", "both_sizes", "doc_dirs",
           "notices", "on_convert", "process_gone", "read_manifest", "run_convert", "start_slow_batch", "work_names"]

# A Hypothesis property that deserves thousands of examples runs twice over: at the `small` profile in the
# default run, and at the `large` one (3000 examples) in the slow run, which loads that profile
# (tests/conftest.py). The test takes the parameter (`size`) without using it.
both_sizes = pytest.mark.parametrize("size", ["small", pytest.param("large", marks=pytest.mark.slow)])


def run_convert(*args: str) -> Result:
    """`worklist convert ARGS` in-process (click's runner); exceptions propagate (a bug shows as one)."""
    from worklist.cli import main

    return CliRunner().invoke(main, ["convert", *args], catch_exceptions=False)


def doc_dirs(out: Path) -> list[Path]:
    """The document folders under an output root (OUT/docs/<doc_id>), in name order."""
    from worklist.outputs.layout import OutputLayout

    return OutputLayout(out).document_dirs()


def work_names(out: Path) -> list[str]:
    """Unfinished work in OUT, by the names the tool documents for it (`.worklist-tmp-…`, `.worklist-old-…`)."""
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".worklist-")) if out.exists() else []


def read_manifest(folder: Path) -> dict[str, Any]:
    """OUT/manifest.json (the batch's) or OUT/docs/<doc_id>/manifest.json (a document's)."""
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def notices(d: Path, n: int, start: int = 1) -> list[Path]:
    """n distinct copies of the TXT sample in `d` (same content, different bytes: each its own doc_id)."""
    d.mkdir(parents=True, exist_ok=True)
    return [bad.txt_variant(d, k) for k in range(start, start + n)]


def on_convert(monkeypatch: pytest.MonkeyPatch, name: str, action: Callable[[], None]) -> None:
    """Run `action` at the start of converting a file called `name` (forked workers inherit the patch)."""
    import worklist.pipeline as pipeline

    real = pipeline.convert

    def convert(path, *args, **kwargs):
        if Path(path).name == name:
            action()
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "convert", convert)


# A test that would hang if the behaviour it checks broke is stopped after this long and fails: a safety net
# against a real hang, never a measure of speed (the `hang_guard` fixture of tests/conftest.py; waits below).
HANG_SECONDS = 300

HELD_DRIVER = """
import os, sys, time
from pathlib import Path
import worklist.pipeline as pipeline
real = pipeline.convert
free, gate, held = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
def held_back(path, *args, **kwargs):
    if Path(path).name != free:  # every other file waits for the gate (or, if never opened, a safety net)
        (held / str(os.getpid())).touch()
        end = time.monotonic() + float(sys.argv[4])
        while not gate.exists() and time.monotonic() < end:
            time.sleep(0.02)
    return real(path, *args, **kwargs)
pipeline.convert = held_back
from worklist.cli import main
main(sys.argv[5:], prog_name="worklist")
"""


@dataclass
class HeldBatch:
    """A `worklist convert` in a child process, midway: its first file converted, the others held back (their
    workers waiting, using no CPU) until `release()`."""

    proc: subprocess.Popen
    out: Path
    gate: Path
    held: Path

    def release(self) -> None:
        """Let the held files convert."""
        self.gate.touch()

    def held_pids(self) -> list[int]:
        """The workers that are (or were) holding a file back."""
        return sorted(int(p.name) for p in self.held.iterdir())


def start_slow_batch(tmp_path: Path, n: int = 8, out: Path | None = None) -> HeldBatch:
    """`worklist convert` of n ≥ 3 notices with 2 workers in a child process; returns once the first
    notice's document folder is done and two workers hold other notices back: the second of them was started
    in the slot the first notice's worker left, so the batch has taken its result too. Whatever the
    machine's load, the run is then midway, and stays so until `release()`."""
    src = tmp_path / "in"
    first = notices(src, n)[0]
    driver = tmp_path / "driver.py"
    driver.write_text(HELD_DRIVER, encoding="utf-8")
    gate, held = tmp_path / "gate", tmp_path / "held"
    held.mkdir()
    out = out or tmp_path / "out"
    proc = subprocess.Popen([sys.executable, str(driver), first.name, str(gate), str(held), str(HANG_SECONDS),
                             "convert", str(src), "-o", str(out), "--workers", "2"], cwd=ROOT,
                            env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    batch = HeldBatch(proc, out, gate, held)
    safety_net = time.monotonic() + HANG_SECONDS
    while not (out.exists() and doc_dirs(out) and len(batch.held_pids()) >= 2):
        assert proc.poll() is None, proc.communicate()
        if time.monotonic() > safety_net:  # a hang, not a slow machine: fail instead of waiting forever
            proc.kill()
            pytest.fail(f"the batch did not get midway in {HANG_SECONDS} s: {proc.communicate()}")
        time.sleep(0.02)
    return batch


def process_gone(pid: int) -> bool:
    """No such process, or only its zombie left (a killed orphan stays one until init reaps it)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def golden_document() -> dict[str, Any]:
    """The reviewed golden of the 2024 sample (a fresh copy: callers may edit it)."""
    from tests.paths import GOLDEN

    return json.loads((GOLDEN / "document.json").read_text(encoding="utf-8"))


def assert_matches_golden(conv: Any, label: str, expected: dict[str, Any] | None = None) -> dict[str, Any]:
    """A conversion equals the golden (or `expected`) field for field; returns its nested JSON."""
    from worklist.outputs.golden import diff_documents
    from worklist.outputs.writers import nested_json

    doc = nested_json(conv)
    diffs = diff_documents(doc, golden_document() if expected is None else expected)
    assert not diffs, f"{label} differs from the golden:\n" + "\n".join(diffs[:40])
    return doc
