"""Scaffolding shared by the tests: running `worklist convert`, listing and reading what it wrote, making
notices, and slowing or crashing chosen conversions. One copy here instead of one per test file.

These helpers define "a document folder" for the tests themselves (a non-dot folder other than dataset/):
the tests check the output layout, so they do not borrow its definition from the code under test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest
from click.testing import CliRunner, Result

from tests import bad_inputs as bad
from tests.paths import FIXTURES, GOLDEN, ROOT, SAMPLE, SAMPLES

__all__ = ["FIXTURES", "GOLDEN", "ROOT", "SAMPLE", "SAMPLES", "doc_dirs", "notices", "on_convert", "read_manifest",
           "run_convert"]


def run_convert(*args: str) -> Result:
    """`worklist convert ARGS` in-process (click's runner); exceptions propagate (a bug shows as one)."""
    from worklist.cli import main

    return CliRunner().invoke(main, ["convert", *args], catch_exceptions=False)


def doc_dirs(out: Path) -> list[Path]:
    """The document folders under an output root (OUT/docs/<doc_id>), in name order."""
    from worklist.output_layout import OutputLayout

    return OutputLayout(out).document_dirs()


def read_manifest(folder: Path) -> dict[str, Any]:
    """OUT/manifest.json (the batch's) or OUT/<doc_id>/manifest.json (a document's)."""
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
