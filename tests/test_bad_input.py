"""Bad input: one line on stderr naming the file and the problem, a documented exit code, no traceback
(unless --debug), and nothing half-written in the output folder. The format comes from the bytes.

The files are built by `tests.bad_inputs` in tmp_path; the command runs in-process (click's CliRunner) except
for one real subprocess that checks the installed entry point says the same.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Callable

import pytest

from worklist.extract.errors import (
    CorruptFileError,
    EncryptedError,
    NoTableError,
    NoTextLayerError,
    TooLargeError,
    UnsupportedFormatError,
    ZipBombError,
)
from tests import bad_inputs as bad
from tests.helpers import ROOT, doc_dirs, read_manifest, run_convert as _convert

# builder, exit code (extract.errors / the cli docstring), fragments the message must contain
CASES: dict[str, tuple[Callable[[Path], Path], int, tuple[str, ...]]] = {
    "empty": (bad.empty, CorruptFileError.exit_code, ("empty",)),
    "empty-txt": (lambda d: bad.empty(d, "empty.txt"), CorruptFileError.exit_code, ("empty",)),
    "truncated-pdf": (bad.truncated_pdf, CorruptFileError.exit_code, ("truncated",)),
    "corrupt-pdf": (bad.corrupt_pdf, CorruptFileError.exit_code, ("damaged",)),
    "encrypted-pdf": (bad.encrypted_pdf, EncryptedError.exit_code, ("password", "give --password")),
    # a scan with OCR: the drawn table holds no text for OCR to read (tests/test_ocr.py reads real ones)
    "scanned-pdf": (bad.scanned_pdf, NoTextLayerError.exit_code, ("no text layer", "OCR recognised no text")),
    "ole-header-only": (bad.doc_renamed_docx, UnsupportedFormatError.exit_code, ("Office 97-2003", "neither")),
    "zip-not-docx": (bad.zip_not_docx, UnsupportedFormatError.exit_code, ("not a DOCX",)),
    "docx-bomb-declared": (bad.docx_bomb_declared, ZipBombError.exit_code, ("inflate", "3072 MB")),
    "docx-bomb-real": (bad.docx_bomb_real, ZipBombError.exit_code, ("inflate",)),
    "docx-no-table": (bad.docx_without_table, NoTableError.exit_code, ("table",)),
    "pdf-no-table": (bad.pdf_without_table, NoTableError.exit_code, ("table",)),
    "txt-no-table": (bad.txt_without_table, NoTableError.exit_code, ("table",)),
    "random-bytes": (bad.random_bytes, UnsupportedFormatError.exit_code, ("binary",)),
    "png": (bad.png, NoTextLayerError.exit_code, ("OCR recognised no text",)),  # a photo of nothing
    "pptx": (bad.pptx, UnsupportedFormatError.exit_code, ("PowerPoint",)),
    "xlsx-without-sheets": (bad.xlsx, CorruptFileError.exit_code, ("no sheets",)),
    "xlsx-no-list-sheet": (bad.xlsx_without_list, NoTableError.exit_code, ("no sheet holds a work list", "'汇总'",
                                                                          "'说明'")),
    "xlsx-bomb": (bad.xlsx_bomb, ZipBombError.exit_code, ("inflate",)),
    "html-no-table": (bad.html_without_table, NoTableError.exit_code, ("no work-list table", "1 table", "索引号",
                                                                      "清单.xlsx")),
    "html-too-large": (bad.html_too_large, TooLargeError.exit_code, ("200 MB", "limit of 20 MB")),
}


def _assert_nothing_half_written(out: Path) -> None:
    """Only the batch manifest may be there: no document folder, no .tmp, no temporary file."""
    left = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert left in ([], ["manifest.json"]), left


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_gives_one_line_and_its_exit_code(case: str, tmp_path: Path) -> None:
    build, code, fragments = CASES[case]
    src = tmp_path / "in"
    src.mkdir()
    f = build(src)
    out = tmp_path / "out"
    res = _convert(str(f), "-o", str(out))
    lines = res.stderr.splitlines()
    assert res.exit_code == code, res.stderr
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith(f"error: {f}: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in res.output
    assert res.stdout == ""
    _assert_nothing_half_written(out)
    m = read_manifest(out)
    [doc] = m["documents"]
    assert doc["status"] == "failed" and doc["exit_code"] == code and doc["path"] == str(f)


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    f = bad.corrupt_pdf(tmp_path)
    res = _convert(str(f), "-o", str(tmp_path / "out"), "--debug")
    assert res.exit_code == CorruptFileError.exit_code
    assert "Traceback (most recent call last)" in res.stderr
    assert res.stderr.rstrip().splitlines()[-1].startswith(f"error: {f}: ")


def test_encrypted_pdf_opens_with_password(tmp_path: Path) -> None:
    f = bad.encrypted_pdf(tmp_path)
    out = tmp_path / "out"
    wrong = _convert(str(f), "-o", str(out), "--password", "not-it")
    assert wrong.exit_code == EncryptedError.exit_code
    assert "does not open it" in wrong.stderr
    res = _convert(str(f), "-o", str(out), "--password", bad.PASSWORD)
    assert res.exit_code == 0, res.stderr
    [folder] = doc_dirs(out)
    m = read_manifest(folder)
    assert m["input"]["format"] == "pdf" and m["counts"]["items"] > 0


@pytest.mark.parametrize("build, fmt", [(bad.pdf_named_txt, "pdf"), (bad.txt_named_pdf, "txt")],
                         ids=["pdf-named-txt", "txt-named-pdf"])
def test_format_comes_from_the_bytes_not_the_name(build: Callable[[Path], Path], fmt: str,
                                                  tmp_path: Path) -> None:
    f = build(tmp_path)
    out = tmp_path / "out"
    res = _convert(str(f), "-o", str(out))
    assert res.exit_code == 0, res.stderr
    [folder] = doc_dirs(out)
    m = read_manifest(folder)
    assert m["input"]["format"] == fmt and m["input"]["file"] == f.name
    assert m["counts"]["items"] > 0


@pytest.mark.parametrize("build", [bad.docx_bomb_declared, bad.docx_bomb_real], ids=["declared", "real"])
def test_zip_bomb_is_refused_from_the_directory_before_inflating(build: Callable[[Path], Path], tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from worklist.extract import read_document

    f = build(tmp_path)
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, name: object, *args: object, **kwargs: object) -> object:
        opened.append(getattr(name, "filename", name))  # type: ignore[arg-type]
        return real_open(self, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    with pytest.raises(ZipBombError):
        read_document(f)
    assert opened == [], f"members read before the refusal: {opened}"


def test_bad_files_in_a_folder_are_found_by_content(tmp_path: Path) -> None:
    """A folder scan picks notice-like names; the bytes then decide (a PDF named .txt converts as a PDF)."""
    src = tmp_path / "in"
    src.mkdir()
    bad.pdf_named_txt(src)
    bad.corrupt_pdf(src)
    out = tmp_path / "out"
    res = _convert(str(src), "-o", str(out), "--workers", "2")
    assert res.exit_code == CorruptFileError.exit_code
    assert "FAIL" in res.stderr and "corrupt.pdf" in res.stderr
    assert "Traceback" not in res.output


def test_entry_point_in_a_real_process(tmp_path: Path) -> None:
    """The installed command, not the in-process runner: one line, the code, nothing else on stderr."""
    f = bad.scanned_pdf(tmp_path)
    out = tmp_path / "out"
    p = subprocess.run([sys.executable, "-m", "worklist.cli", "convert", str(f), "-o", str(out)],
                       cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert p.returncode == NoTextLayerError.exit_code
    assert p.stderr.splitlines() == [f"error: {f}: no text layer (scanned pages?); OCR is not done"] \
        or (len(p.stderr.splitlines()) == 1 and "no text layer" in p.stderr)
    assert p.stdout == ""
    _assert_nothing_half_written(out)
