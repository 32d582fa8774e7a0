"""Scaffolding shared by the tests: running `worklist convert`, listing and reading what it wrote, making
notices, and slowing or crashing chosen conversions. One copy here instead of one per test file.

These helpers define "a document folder" for the tests themselves (a non-dot folder other than dataset/):
the tests check the output layout, so they do not borrow its definition from the code under test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import pytest
from click.testing import CliRunner, Result

from tests import bad_inputs as bad
from tests.paths import FIXTURES, GOLDEN, ROOT, SAMPLE, SAMPLES

__all__ = ["FIXTURES", "GOLDEN", "ROOT", "SAMPLE", "SAMPLES", "doc_dirs", "notices", "on_convert", "read_manifest",
           "run_convert", "start_slow_batch", "work_names"]


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


SLOW_DRIVER = """
import sys, time
import worklist.pipeline as pipeline
real = pipeline.convert
def slow(*args, **kwargs):
    time.sleep(float(sys.argv[1]))
    return real(*args, **kwargs)
pipeline.convert = slow
from worklist.cli import main
main(sys.argv[2:], prog_name="worklist")
"""


def start_slow_batch(tmp_path: Path, n: int = 8, delay: float = 0.7, out: Path | None = None,
                     ) -> tuple[subprocess.Popen, Path]:
    """`worklist convert` of n notices with 2 workers in a child process, each conversion slowed by `delay`
    seconds (sleeping: no CPU time); returns once at least one document folder is done and more are running."""
    src = tmp_path / "in"
    notices(src, n)
    driver = tmp_path / "driver.py"
    driver.write_text(SLOW_DRIVER, encoding="utf-8")
    out = out or tmp_path / "out"
    proc = subprocess.Popen([sys.executable, str(driver), str(delay), "convert", str(src), "-o", str(out),
                             "--workers", "2"], cwd=ROOT, env=dict(os.environ), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not (out.exists() and doc_dirs(out)):  # midway: at least one folder done, more running
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return proc, out


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
