"""Builders of hostile situations around the files rather than inside them: the output folder, the file
system and the process. Each builder makes its situation in a test's tmp_path (or patches one call, where
the real thing needs privileges CI lacks) and returns what the test needs.

Conventions: permission problems are made by patching the one system call that meets them (`os.mkdir`,
`os.scandir`), because CI runs as root, where chmod changes nothing; a full disk is made by patching a write
(in-process) or by RLIMIT_FSIZE in a child process (the kernel then refuses every write past the limit,
C++ writers included), which needs no privilege either.
"""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import pytest

from tests import bad_inputs as bad
from tests.paths import ROOT

# What a user may keep in a folder before pointing -o at it (issue 14): their own files, some named like the
# tool's old temporary names. Relative path -> content.
USER_ENTRIES = {
    "dot-tmp": ".tmp/draft.txt",
    "dot-tmp-cache": ".tmp-cache/blob.bin",
    "dataset-csv": "dataset/survey-2023.csv",
    "manifest-tmp": "manifest.json.mine.tmp",
    "old-notes": ".old-notes-2024",
    "notes": "notes.txt",
}


def user_entry(out: Path, rel: str) -> Path:
    """A user's own file at OUT/rel (its parents made), with content naming it."""
    p = out / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(f"the user's own {rel}\n", encoding="utf-8")
    return p


def tree(root: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every entry under root: relative path -> (mtime_ns, bytes or None for a folder): a snapshot to compare."""
    out: dict[str, tuple[int, bytes | None]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            st = p.lstat()
            out[str(p.relative_to(root))] = (st.st_mtime_ns, None if p.is_dir() else p.read_bytes())
    return out


def fifo(d: Path, name: str = "notice.txt") -> Path:
    """A named pipe with a notice's name: opening it for reading blocks until a writer comes (none will)."""
    d.mkdir(parents=True, exist_ok=True)
    p = d / name
    os.mkfifo(p)
    return p


GBK_NAME = "中文工作清单.txt".encode("gbk")  # as an archive unzipped from Windows leaves it


def gbk_named_notice(d: Path, k: int = 31) -> Path:
    """A notice whose file name is GBK bytes (not UTF-8): Python sees it with surrogate escapes."""
    src = bad.txt_variant(d, k, name=f"tmp-{k}.txt")
    target = os.path.join(os.fsencode(d), GBK_NAME)
    os.rename(os.fsencode(src), target)
    return Path(os.fsdecode(target))


def newline_named_notice(d: Path, k: int = 32) -> Path:
    """A notice whose file name holds a newline and an escape character."""
    return bad.txt_variant(d, k, name=f"line one\nline two\x1b[31m-{k}.txt")


def huge_page_pdf(d: Path, width_pt: float, height_pt: float, name: str = "huge-page.pdf") -> Path:
    """A work list whose second page (the table) is `width_pt` × `height_pt` points, the table at its top
    left corner: 200 × 200 inches is 14400 × 14400, the largest page the PDF spec allows without UserUnit."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import RectangleObject

    writer = PdfWriter(clone_from=str(bad.SMALL_PDF))  # page 1: title, page 2: the table
    page = writer.pages[1]
    x0, top = float(page.mediabox.left), float(page.mediabox.top)
    box = RectangleObject([x0, top - height_pt, x0 + width_pt, top])
    page.mediabox = box
    page.cropbox = box
    p = d / name
    d.mkdir(parents=True, exist_ok=True)
    with open(p, "wb") as fh:
        writer.write(fh)
    assert len(PdfReader(str(p)).pages) == 2
    return p


def deny(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, under: Path,
         err: int = errno.EACCES) -> None:
    """`module.name(path, …)` raises OSError(err) for every path under `under` (itself included), as the
    kernel does for a folder without write permission (or a full disk: ENOSPC). Forked workers inherit it."""
    real = getattr(module, name)
    base = os.path.abspath(under)

    def guarded(path: Any, *args: Any, **kwargs: Any) -> Any:
        p = os.path.abspath(os.fsdecode(path)) if isinstance(path, (str, bytes, os.PathLike)) else None
        if p is not None and (p == base or p.startswith(base + os.sep)):
            raise OSError(err, os.strerror(err), os.fsdecode(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(module, name, guarded)


def full_disk(monkeypatch: pytest.MonkeyPatch, module: Any, name: str = "open") -> None:
    """`module.name` (a writer's `open` or write function) fails as on a full disk (ENOSPC)."""

    def no_space(path: Any, *args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), os.fsdecode(path))

    monkeypatch.setattr(module, name, no_space, raising=False)


def record_calls(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, marker: Path,
                 path: Path | None = None) -> None:
    """Every call of `module.name` (with `path` as its first argument, when given) appends a line to `marker`,
    in this process or in a forked worker, then does what it did: a test can then check that something was
    never done (`marker` does not exist), which no timing can."""
    real = getattr(module, name)
    target = None if path is None else os.path.abspath(path)

    def spy(*args: Any, **kwargs: Any) -> Any:
        first = args[0] if args else None
        if target is None or (isinstance(first, (str, bytes, os.PathLike))
                              and os.path.abspath(os.fsdecode(first)) == target):
            fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)  # not `open`: it may be the spied
            try:
                os.write(fd, f"{name}({first!r})\n".encode("utf-8", "backslashreplace"))
            finally:
                os.close(fd)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)


def small_file_limit(limit_bytes: int) -> Callable[[], None]:
    """A `preexec_fn` for a child process whose writes stop at `limit_bytes` per file (RLIMIT_FSIZE): the
    kernel then fails each write past it with EFBIG, like a disk that is full for anything bigger."""

    def setup() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the first write past the limit kills the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return setup


def busy(seconds: float) -> None:
    """Work (CPU time) for `seconds` of this process's own CPU time."""
    t_end = time.process_time() + seconds
    while time.process_time() < t_end:
        pass


def hang(deaf: bool = False) -> None:
    """Work forever; `deaf`: with the time-limit signals blocked, like C code that never returns to Python.
    (A test using it hangs if the time limit fails: it takes the `hang_guard` fixture.)"""
    if deaf:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGPROF, signal.SIGALRM})
    while True:
        pass


def worklist_command() -> list[str]:
    """The installed `worklist` script next to this interpreter."""
    script = Path(sys.executable).parent / "worklist"
    return [str(script)] if script.exists() else [sys.executable, "-m", "worklist.cli"]


_MEASURE = (
    "import resource, subprocess, sys\n"
    "r = subprocess.run(sys.argv[2:])\n"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(r.returncode)\n"
)


def run_measured(args: list[str], *, cwd: Path = ROOT, tmp: Path,
                 preexec_fn: Callable[[], None] | None = None) -> tuple[subprocess.CompletedProcess, float]:
    """Run a command; (result, peak RSS in MB of the command and its children), the peak measured by a
    wrapper process of its own (so that earlier children of the test run do not count). A command still
    running after HANG_SECONDS (minutes: a hang, never a slow machine) fails the test."""
    from tests.helpers import HANG_SECONDS

    rss = tmp / "peak-rss"
    proc = subprocess.run([sys.executable, "-c", _MEASURE, str(rss), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=HANG_SECONDS, preexec_fn=preexec_fn)
    return proc, int(rss.read_text()) / 1024
