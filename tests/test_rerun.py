"""A re-run with nothing changed rewrites nothing: the document folders, dataset/ and the DuckDB file stay as
they are (same bytes, same modification time), and the batch manifest is rewritten only when it would say
something new. A changed input, a damaged dataset file or --force rebuilds the dataset."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.paths import SAMPLES
from worklist.batch import convert_batch

TXT = SAMPLES / "shengsi-2024-worklist.txt"


def _state(out: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(out)): (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != ".lock"}


def _run(src: Path, out: Path, **kw) -> None:
    report = convert_batch([src], out, workers=1, timeout=None, **kw)
    assert report.exit_code == 0, report.errors


def test_rerun_with_nothing_changed_rewrites_nothing(tmp_path: Path) -> None:
    src = tmp_path / "in" / TXT.name
    src.parent.mkdir()
    shutil.copyfile(TXT, src)
    out = tmp_path / "out"
    _run(src, out)
    first = _state(out)
    _run(src, out)  # the manifest now says "unchanged" for the input: its one rewrite
    second = _state(out)
    changed = {k for k in first if first[k] != second.get(k)}
    assert changed == {"manifest.json"}
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["summary"]["unchanged"] == 1
    _run(src, out)
    assert _state(out) == second


def test_a_damaged_dataset_file_or_force_rebuilds_the_dataset(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(TXT, out)
    items = out / "dataset" / "items.csv"
    good = items.read_bytes()
    damaged = good.replace("嵊泗".encode(), "舟山".encode(), 1)
    assert damaged != good
    items.write_bytes(damaged)
    _run(TXT, out)
    assert items.read_bytes() == good
    before = (out / "worklist.duckdb").stat().st_mtime_ns
    _run(TXT, out, force=True)
    assert (out / "worklist.duckdb").stat().st_mtime_ns != before


def test_a_new_document_rebuilds_the_dataset(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(TXT, out)
    before = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["dataset"]["built_from"]
    variant = tmp_path / "v.txt"
    variant.write_bytes(TXT.read_bytes().replace("嵊泗县".encode(), "岱山县".encode()))
    _run(variant, out)
    after = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert after["dataset"]["built_from"] != before
    assert len(after["notices"]) == 2
