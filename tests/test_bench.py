"""The benchmark runs and its report has every section. No timing is asserted here (or in any test): speed is
watched by `bench/bench.py`, never asserted.

The smoke run takes ~25 s, so its tests are marked `bench` and left out of the default run (pytest settings in
pyproject.toml); run them with `python -m pytest -m bench` (or `make test-bench`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT

BENCH = ROOT / "bench" / "bench.py"
SECTION_TITLES = [
    "## Goals",
    "## 1. Whole process per notice",
    "## 2. Time per stage",
    "## 3. PDFs: ours vs. the pdfplumber floor",
    "## 4. Start-up: `worklist --help`",
    "## 5. One TXT / one DOCX: work beyond interpreter start",
    "## 6. Batch throughput",
    "## 7. Memory",
    "## 8. Other forms of the same notice",
    "## 9. Long tables",
    "## 10. The target reader on one large cell",
]


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path_factory.mktemp("bench")
    proc = subprocess.run([sys.executable, str(BENCH), "--quick", "--out", str(out)], capture_output=True,
                          text=True, cwd=ROOT, timeout=600)
    return proc, out


@pytest.mark.bench
def test_quick_benchmark_runs(quick_run) -> None:
    proc, out = quick_run
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (out / "latest.md").exists() and (out / "latest.json").exists()
    assert list(out.glob("bench-*.json"))


@pytest.mark.bench
def test_report_has_every_section(quick_run) -> None:
    proc, out = quick_run
    md = (out / "latest.md").read_text(encoding="utf-8")
    assert md.strip() == proc.stdout.strip()  # what is printed is what is written
    positions = [md.find(title) for title in SECTION_TITLES]
    assert all(p >= 0 for p in positions), [t for t, p in zip(SECTION_TITLES, positions) if p < 0]
    assert positions == sorted(positions)
    assert "- machine:" in md and "Python " in md
    for fmt in ("pdf", "docx", "txt", "html", "xlsx", "ofd"):
        assert f"| {fmt} |" in md
    for stage in ("read", "grid", "rows", "normalize", "validate", "write"):
        assert f" {stage} |" in md


@pytest.mark.bench
def test_json_has_every_measure(quick_run) -> None:
    _, out = quick_run
    r = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    assert {"machine", "formats", "stages", "floor", "startup", "throughput", "memory", "forms", "goals"} <= set(r)
    assert r["machine"]["cores"] and r["machine"]["python"]
    assert set(r["formats"]) == {"pdf", "docx", "txt", "html", "xlsx", "ofd"}  # --quick: .doc in full runs only
    assert r["forms"]["ofd"]["ratio"] > 0
    for fmt in ("pdf", "docx", "txt", "html", "xlsx", "ofd"):
        assert r["formats"][fmt]["wall_s"] > 0
        assert r["formats"][fmt]["maxrss_kb"] > 0
        assert set(r["stages"][fmt]["cold"]) >= {"read", "grid", "rows", "normalize", "validate", "write"}
    assert r["floor"]["batch"]["variants"]["floor"]["wall_s"] > 0
    assert r["floor"]["batch"]["variants"]["ours"]["ratio"] is not None
    assert r["startup"]["help_s"] > 0
    assert r["throughput"]["workers_1"]["wall_s"] > 0 and r["throughput"]["workers_2"]["wall_s"] > 0
    assert r["memory"]["samples"] and all(s["rss_kb"] > 0 for s in r["memory"]["samples"])
    assert set(r["goals"]) == {"pdf_ratio", "help", "txt_work", "docx_work", "html_vs_docx", "xlsx_vs_docx",
                               "speedup", "rss_growth", "ofd_ratio", "doc_ratio"}
    assert not r["failures"], r["failures"]


def test_generated_batch_is_distinct(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from make_batch import make_batch
    finally:
        sys.path.remove(str(ROOT / "bench"))
    import hashlib

    paths = make_batch(tmp_path, 6)
    assert [p.suffix for p in paths] == [".pdf", ".docx", ".txt"] * 2
    assert len({hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}) == 6
