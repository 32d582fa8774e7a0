"""`worklist.batch.convert_batch` is `worklist convert` as a library call: the README's first command, run by the
installed CLI in a fresh folder, and `convert_batch` on the same samples write the same files, byte for byte.

The only fields that may differ are measured or dated at run time (`written_at`, `timings`, `seconds`): the
CLI calls `convert_batch`, so everything else is equal by construction and this test keeps it so.

Converting every form of the sample twice (LibreOffice's .doc, three PDFs, the OFD…) costs some twenty
seconds of CPU, so the default run compares the two on a folder of the TXT and the DOCX notice, and the slow
run (`python -m pytest -m slow`, which CI runs too) runs the README's command on all of samples/.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, SAMPLES, doc_dirs, read_manifest
from tests.paths import HAS_SOFFICE, NO_SOFFICE, PRINTED, SAMPLE

N_FORMS = len(SAMPLE) + len(PRINTED)  # every form of the notice in samples/

VOLATILE = {"written_at", "timings", "seconds"}  # measured or dated at run time


def readme_first_command() -> list[str]:
    """The `worklist …` part of the README's first command (after the install steps joined by &&)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first = re.search(r"^```bash\n(.*?)\n", text, flags=re.M).group(1)
    command = first.split("&&")[-1].split()
    assert command[0] == "worklist", first
    return command


def installed_worklist() -> str:
    """The console script installed next to this interpreter (what `pip install -e .` put on PATH)."""
    script = Path(sys.executable).parent / "worklist"
    found = str(script) if script.exists() else shutil.which("worklist")
    assert found, "the worklist command is not installed (pip install -e .)"
    return found


def _run_readme_command(work: Path) -> tuple[Path, subprocess.CompletedProcess]:
    """The README's first command, as a user runs it, in `work` (which holds samples/)."""
    command = readme_first_command()
    proc = subprocess.run([installed_worklist(), *command[1:]], cwd=work, capture_output=True, text=True,
                          timeout=300)
    return work, proc


@pytest.fixture(scope="module")
def readme_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    """The README's first command in a folder holding a copy of samples/."""
    work = tmp_path_factory.mktemp("readme")
    # the scanned form is left out: its OCR takes a minute or more (tests/test_ocr_scan.py reads it)
    shutil.copytree(SAMPLES, work / "samples", ignore=shutil.ignore_patterns("*-scan.pdf"))
    return _run_readme_command(work)


SMALL_FORMS = ("txt", "docx")


@pytest.fixture(scope="module")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    """The same command where samples/ holds the golden and the TXT and DOCX forms only."""
    work = tmp_path_factory.mktemp("small")
    shutil.copytree(SAMPLES / "golden", work / "samples" / "golden")
    for fmt in SMALL_FORMS:
        shutil.copy(SAMPLE[fmt], work / "samples")
    return _run_readme_command(work)


@pytest.mark.slow
@pytest.mark.skipif(not HAS_SOFFICE, reason=NO_SOFFICE)
def test_readme_first_command_converts_the_samples(readme_run) -> None:
    work, proc = readme_run
    assert readme_first_command() == ["worklist", "convert", "samples/", "-o", "outputs/"]
    assert proc.returncode == 0, proc.stderr
    out = work / "outputs"
    docs = doc_dirs(out)
    assert len(docs) == N_FORMS  # the notice in every sample form (TXT, DOCX, PDF, OFD, DOC, printed PDFs)
    formats = sorted(read_manifest(d)["input"]["format"] for d in docs)
    assert formats == sorted([*SAMPLE, *["pdf"] * len(PRINTED)])
    assert all(read_manifest(d)["counts"]["items"] == 95 for d in docs)
    assert (out / "dataset" / "items.parquet").exists()
    assert read_manifest(out)["summary"]["converted"] == N_FORMS


def _stable(obj):
    """A manifest without what is measured or dated at run time."""
    if isinstance(obj, dict):
        return {k: _stable(v) for k, v in obj.items() if k not in VOLATILE}
    if isinstance(obj, list):
        return [_stable(v) for v in obj]
    return obj


def _database(path: Path) -> dict[str, list]:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        return {n: con.execute(f'SELECT * FROM "{n}" ORDER BY ALL').fetchall() for n in names}
    finally:
        con.close()


def _files(out: Path) -> dict[str, Path]:
    return {str(p.relative_to(out)): p for p in sorted(out.rglob("*")) if p.is_file()}


def test_convert_batch_writes_what_the_cli_writes(small_run, monkeypatch: pytest.MonkeyPatch,
                                                  capfd: pytest.CaptureFixture[str]) -> None:
    _assert_library_writes_what_the_cli_wrote(*small_run, len(SMALL_FORMS), monkeypatch, capfd)


@pytest.mark.slow
@pytest.mark.skipif(not HAS_SOFFICE, reason=NO_SOFFICE)
def test_convert_batch_writes_what_the_cli_writes_for_every_form(readme_run, monkeypatch: pytest.MonkeyPatch,
                                                                 capfd: pytest.CaptureFixture[str]) -> None:
    _assert_library_writes_what_the_cli_wrote(*readme_run, N_FORMS, monkeypatch, capfd)


def _assert_library_writes_what_the_cli_wrote(work: Path, proc: subprocess.CompletedProcess, n_forms: int,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capfd: pytest.CaptureFixture[str]) -> None:
    from worklist.batch import convert_batch

    assert proc.returncode == 0, proc.stderr
    monkeypatch.chdir(work)  # the same relative input paths as the command's, so the manifests name the same
    report = convert_batch(["samples/"], "library/")
    assert report.exit_code == 0 and not report.errors
    assert [r.status for r in report.results] == ["converted"] * n_forms
    assert report.dataset == Path("library/dataset") and report.manifest == Path("library/manifest.json")
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # a library call prints nothing

    cli, lib = _files(work / "outputs"), _files(work / "library")
    assert sorted(cli) == sorted(lib)
    for rel, path in cli.items():
        if path.name == "manifest.json":
            a = json.loads(path.read_text(encoding="utf-8"))
            b = json.loads(lib[rel].read_text(encoding="utf-8"))
            assert _stable(a) == _stable(b), rel
        elif path.suffix == ".duckdb":  # a database file holds random block ids: compare what it holds
            assert _database(path) == _database(lib[rel]), rel
        else:
            assert path.read_bytes() == lib[rel].read_bytes(), rel

    again = convert_batch(["samples/"], "library/", golden="samples/golden/")  # and the golden comparison
    assert [r.status for r in again.results] == ["unchanged"] * n_forms
    assert again.golden is not None and len(again.golden.matches) == n_forms
    # every form matches; the fields a form does not carry are recorded beside the golden (forms.json)
    assert all(m.matches for m in again.golden.matches), [(m.label, m.diffs) for m in again.golden.matches]
    assert again.exit_code == 0


def test_convert_batch_returns_its_exit_status(tmp_path: Path) -> None:
    """Usage problems and golden differences come back as values, not as exits."""
    from worklist.batch import convert_batch

    report = convert_batch([tmp_path / "nope.pdf"], tmp_path / "out")
    assert report.exit_code == 64 and report.missing == [tmp_path / "nope.pdf"] and report.results == []
    empty = tmp_path / "empty"
    empty.mkdir()
    report = convert_batch([empty], tmp_path / "out")
    assert report.exit_code == 64 and report.errors and "no notice files" in report.errors[0]
