"""Legacy formats through LibreOffice: Office 97-2003 files told apart by their streams, the sample .doc against
the golden, and a conversion that is sealed off (time limit ends the whole process group, temporary folder
always removed, one-line errors when LibreOffice is missing or fails).

Tests that need a real LibreOffice are skipped, with the reason, where `soffice` is not installed; the time
limit and the failure paths use a fake `soffice` script put first on PATH.
"""

from __future__ import annotations

import os
import signal
import stat
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.ole_files import ole_file, word_stream, workbook_stream
from tests.paths import HAS_SOFFICE, NO_SOFFICE, SAMPLES
from tests.helpers import assert_matches_golden, golden_document
from worklist.extract import read_document
from worklist.extract.detect import sniff
from worklist.extract.errors import (
    CorruptFileError,
    EncryptedError,
    NoTableError,
    TimeLimitError,
    UnsupportedFormatError,
)
from worklist.extract.legacy.office import read_legacy

SAMPLE_DOC = SAMPLES / "shengsi-2024-worklist.doc"
needs_soffice = pytest.mark.skipif(not HAS_SOFFICE, reason=NO_SOFFICE)


# ----------------------------------------------------------------------------------------------- detection


@pytest.mark.parametrize("name, streams, expected", [
    ("notice.doc", {"WordDocument": word_stream(), "1Table": b"t"}, "doc"),
    ("notice.wps", {"WordDocument": word_stream(), "1Table": b"t"}, "wps"),
    ("notice.docx", {"WordDocument": word_stream()}, "doc"),  # the bytes decide, not the name
    ("list.xls", {"Workbook": workbook_stream()}, "xls"),
    ("list.et", {"Workbook": workbook_stream()}, "et"),
    ("old.xls", {"Book": workbook_stream()}, "xls"),  # BIFF5
])
def test_office_97_files_are_told_apart_by_their_streams(tmp_path: Path, name: str, streams: dict[str, bytes],
                                                         expected: str) -> None:
    assert sniff(ole_file(tmp_path / name, streams)) == expected


@pytest.mark.parametrize("name, streams, error, fragment", [
    ("locked.doc", {"WordDocument": word_stream(encrypted=True)}, EncryptedError, "password-protected Word"),
    ("locked.xls", {"Workbook": workbook_stream(encrypted=True)}, EncryptedError, "password-protected Excel"),
    ("locked.docx", {"EncryptedPackage": b"x", "EncryptionInfo": b"y"}, EncryptedError, "password-protected"),
    ("slides.ppt", {"PowerPoint Document": b"p"}, UnsupportedFormatError, "PowerPoint"),
    ("other.doc", {"Contents": b"c"}, UnsupportedFormatError, "neither a Word nor an Excel"),
])
def test_encrypted_and_other_ole_files_are_refused(tmp_path: Path, name: str, streams: dict[str, bytes],
                                                   error: type[Exception], fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        sniff(ole_file(tmp_path / name, streams))


def test_broken_ole_directory_is_corrupt(tmp_path: Path) -> None:
    data = ole_file(tmp_path / "whole.doc", {"WordDocument": word_stream()}).read_bytes()
    f = tmp_path / "cut.doc"
    f.write_bytes(data[:700])  # the header and the FAT, not the directory
    with pytest.raises(CorruptFileError, match="Office 97-2003"):
        sniff(f)


@pytest.mark.parametrize("head", [b"{\\rtf1\\ansi", b"\xef\xbb\xbf{\\rtf1", b"\r\n{\\rtf1\\ansi"])
def test_rtf_is_known_by_its_bytes(tmp_path: Path, head: bytes) -> None:
    f = tmp_path / "notice.txt"
    f.write_bytes(head + b" hello}")
    assert sniff(f) == "rtf"


# ----------------------------------------------------------------------------------------------- conversion


def _fake_soffice(bin_dir: Path, body: str) -> Path:
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / "soffice"
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return script


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the reader makes its temporary folders, so a test can see that none is left."""
    d = tmp_path / "tmp"
    d.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(d))
    return d


def _gone(pid: int) -> bool:
    """No such process, or only its zombie left for init to reap."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to see the processes are gone")
def test_hanging_conversion_is_stopped_with_its_children_and_leaves_nothing(
        tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A LibreOffice that never finishes (it and a child of its own sleep for twice HANG_SECONDS) is
    stopped at the limit, the two processes with it: within HANG_SECONDS, only the kill can have ended them.
    The limit (3 s) leaves the fake's few shell commands ample time to note where they ran, however busy the
    machine."""
    from tests.helpers import HANG_SECONDS

    marks = tmp_path / "marks"
    marks.mkdir()
    never = 2 * HANG_SECONDS
    _fake_soffice(tmp_path / "bin", f'pwd > "{marks}/cwd"\nsleep {never} &\necho $! > "{marks}/child"\n'
                                    f'echo $$ > "{marks}/parent"\nsleep {never}\n')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(TimeLimitError, match="did not finish .* within 3 s"):
        read_legacy(SAMPLE_DOC, "doc", time_limit=3)
    pids = [int((marks / name).read_text()) for name in ("parent", "child")]
    safety_net = time.monotonic() + HANG_SECONDS  # they are gone at once, or still there then
    while not all(_gone(p) for p in pids) and time.monotonic() < safety_net:
        time.sleep(0.02)
    survivors = [p for p in pids if not _gone(p)]
    for pid in survivors:  # leave no process behind a failed test
        os.kill(pid, signal.SIGKILL)
    assert not survivors, pids
    workdir = Path((marks / "cwd").read_text().strip())
    assert workdir.parent == private_tmp and not workdir.exists()
    assert list(private_tmp.iterdir()) == []


def test_conversion_that_fails_is_corrupt_and_leaves_nothing(
        tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_soffice(tmp_path / "bin", 'echo "Error: source file could not be loaded" >&2\nexit 1\n')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(CorruptFileError, match="LibreOffice could not convert .*could not be loaded"):
        read_legacy(SAMPLE_DOC, "doc")
    assert list(private_tmp.iterdir()) == []


@pytest.mark.parametrize("fmt, package", [("doc", "libreoffice-writer-nogui"), ("rtf", "libreoffice-writer-nogui")])
def test_missing_libreoffice_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str,
                                                    package: str) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no soffice, no libreoffice
    with pytest.raises(UnsupportedFormatError, match=f"apt-get install {package}") as info:
        read_legacy(SAMPLE_DOC, fmt)
    assert info.value.exit_code == 4 and "\n" not in str(info.value)


def test_missing_libreoffice_is_one_line_exit_4_on_the_command_line(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from worklist.cli import main

    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    res = CliRunner().invoke(main, ["convert", str(SAMPLE_DOC), "-o", str(tmp_path / "out")])
    assert res.exit_code == UnsupportedFormatError.exit_code
    [line] = res.stderr.splitlines()
    assert line.startswith(f"error: {SAMPLE_DOC}: ") and "apt-get install libreoffice-writer-nogui" in line


def test_spreadsheets_wait_for_the_spreadsheet_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Until extract/xlsx/reader.py exists, .xls/.et say so (exit 4) instead of converting for nothing."""
    monkeypatch.setitem(sys.modules, "worklist.extract.xlsx.reader", None)  # import fails
    f = ole_file(tmp_path / "list.xls", {"Workbook": workbook_stream()})
    with pytest.raises(UnsupportedFormatError, match="needs the spreadsheet reader"):
        read_document(f)


# ----------------------------------------------------------------------------------------------- real LibreOffice


@pytest.fixture
def doc_conversion(conversions):
    """The sample .doc, converted once per session (LibreOffice's start-up costs a second or two)."""
    return conversions("doc")


@needs_soffice
def test_sample_doc_matches_golden(doc_conversion) -> None:
    expected = golden_document()
    doc = assert_matches_golden(doc_conversion, "doc", expected)
    assert doc["source_format"] == "doc"
    for key in ("title", "doc_number", "issuer", "issue_date", "year", "region"):  # the form carries them all
        assert doc[key] == expected[key] and doc[key]


@needs_soffice
def test_manifest_says_the_doc_was_converted(doc_conversion) -> None:
    from worklist.outputs.writers import manifest

    m = manifest(doc_conversion)
    assert m["input"]["format"] == "doc"
    assert m["input"]["converted"].startswith("converted from .doc to .docx by LibreOffice ")
    assert doc_conversion.coverage["ratio"] == 1.0 and not doc_conversion.warnings


RTF_TABLE = r"""{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 SimSun;}}
\pard\qc\f0\fs32 \u24037?\u20316?\u28165?\u21333?\par
\trowd\cellx1500\cellx5000\cellx8000
\pard\intbl \u24207?\u21495?\cell \u21517?\u31216?\cell \u29301?\u22836?\u21333?\u20301?\cell\row
\trowd\cellx1500\cellx5000\cellx8000
\pard\intbl 1\cell \u25176?\u32946?\u26381?\u21153?\cell \u21439?\u21355?\u20581?\u23616?\cell\row
\trowd\cellx1500\cellx5000\cellx8000
\pard\intbl 2\cell \u20859?\u32946?\u25351?\u23548?\cell \u21439?\u22919?\u32852?\cell\row
\pard\par}
"""  # 工作清单 / 序号 名称 牵头单位 / 1 托育服务 县卫健局 / 2 养育指导 县妇联


@needs_soffice
def test_rtf_table_is_read_through_libreoffice(tmp_path: Path) -> None:
    f = tmp_path / "notice.rtf"
    f.write_text(RTF_TABLE, encoding="ascii")
    raw = read_document(f)
    assert raw.source_format == "rtf" and raw.conversion and "LibreOffice" in raw.conversion
    [g] = raw.tables
    rows = [[c.text for c in g.row_cells(r)] for r in range(g.n_rows)]
    assert rows == [["序号", "名称", "牵头单位"], ["1", "托育服务", "县卫健局"], ["2", "养育指导", "县妇联"]]
    assert raw.front_matter == ["工作清单"]


def test_reader_errors_on_the_converted_file_say_it_was_converted(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from tests import bad_inputs as bad
    from worklist.extract.legacy import office as legacy_office

    letter = bad.docx_without_table(tmp_path)  # what LibreOffice would give for a .doc letter without a table
    monkeypatch.setattr(legacy_office, "soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(legacy_office, "convert", lambda path, fmt, workdir, limit: (letter, "LibreOffice 9.9"))
    with pytest.raises(NoTableError, match=r"no table \(after conversion by LibreOffice 9\.9\)"):
        read_legacy(SAMPLE_DOC, "doc")
