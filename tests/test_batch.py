"""Batch runs: good and bad files together, re-runs by content hash, time limits, crashes, interruptions.

Notices are distinct copies of the TXT sample (`bad_inputs.txt_variant`: same content, different bytes), so
each converts in a fraction of a second. Slow or crashing conversions are made by monkeypatching
`worklist.pipeline.convert`: workers are forked, so they inherit the patch.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from worklist.extract.errors import CorruptFileError, TimeLimitError
from tests import bad_inputs as bad
from tests.helpers import ROOT, doc_dirs as _doc_dirs, notices as _notices, on_convert, read_manifest as _manifest
from tests.helpers import run_convert as _convert, start_slow_batch, work_names as _work_names
from worklist import batch
from worklist.outputs.layout import lock_output
from worklist.cli import EXIT_MIXED, EXIT_USAGE
from worklist.schemas.models import TABLES

ROOT_FILES = {"docs", "dataset", "manifest.json", "worklist.duckdb"}  # what a batch leaves in OUT
TABLE_FILES = {f"{t}.{ext}" for t in TABLES for ext in ("parquet", "csv")}


def _assert_complete(folder: Path) -> None:
    names = {p.name for p in folder.iterdir()}
    assert TABLE_FILES | {"manifest.json", f"{folder.name}.json"} == names, (folder, names)
    _manifest(folder)


def test_good_and_bad_files_together(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir(parents=True)
    good = [bad.other_notice(src, 1), bad.other_notice(src, 2)]  # two counties' lists
    broken = [bad.corrupt_pdf(src), bad.scanned_pdf(src), bad.empty(src, "blank.docx")]
    out = tmp_path / "out"
    res = _convert(str(src), "-o", str(out), "--workers", "2")
    assert res.exit_code == EXIT_MIXED  # corrupt (5) and no text layer (7): different reasons
    assert "Traceback" not in res.output
    # the summary: counts, failures by kind, one line per file
    assert "5 files: 2 converted, 3 failed (2 corrupt, 1 no-text-layer)" in res.stderr
    for f in broken:
        assert f"FAIL  {f}: " in res.stderr
    for f in good:
        assert f"ok    {f} → " in res.stderr
    assert "converting" not in res.stderr  # no progress bar when stderr is not a terminal
    m = _manifest(out)
    assert m["summary"]["converted"] == 2 and m["summary"]["failed"] == 3
    failed = {d["path"]: d for d in m["documents"] if d["status"] == "failed"}
    assert set(failed) == {str(f) for f in broken}
    assert all(d["error"] and d["error_kind"] for d in failed.values())
    dirs = _doc_dirs(out)
    assert len(dirs) == 2
    for d in dirs:
        _assert_complete(d)
    assert not _work_names(out)
    # one dataset across notices, one read_parquet call per table
    items = pd.read_parquet(out / "dataset" / "items.parquet")
    assert items["notice_id"].nunique() == 2 and len(items) == 2 * 95
    docs = pd.read_parquet(out / "dataset" / "documents.parquet")
    assert sorted(docs["source_file"]) == sorted(f.name for f in good)


def test_same_kind_of_failure_gives_its_own_code(tmp_path: Path) -> None:
    src = tmp_path / "in"
    _notices(src, 1)
    bad.corrupt_pdf(src)
    bad.truncated_pdf(src)
    res = _convert(str(src), "-o", str(tmp_path / "out"), "-q")
    assert res.exit_code == CorruptFileError.exit_code
    assert len(res.stderr.splitlines()) == 2  # quiet: the errors only


def test_rerun_converts_only_what_changed_unless_force(tmp_path: Path) -> None:
    src = tmp_path / "in"
    first = _notices(src, 2)
    out = tmp_path / "out"
    assert _convert(str(src), "-o", str(out)).exit_code == 0
    before = {d.name: (d / "manifest.json").stat().st_mtime_ns for d in _doc_dirs(out)}
    new = bad.txt_variant(src, 9)
    res = _convert(str(src), "-o", str(out))
    assert res.exit_code == 0
    m = _manifest(out)
    status = {Path(d["path"]).name: d["status"] for d in m["documents"]}
    assert status == {first[0].name: "unchanged", first[1].name: "unchanged", new.name: "converted"}
    assert "1 converted, 2 unchanged" in res.stderr
    after = {d.name: (d / "manifest.json").stat().st_mtime_ns for d in _doc_dirs(out)}
    assert all(after[k] == v for k, v in before.items())  # untouched
    # three files of one notice (same rows, other bytes): the dataset holds it once, the manifest all three
    assert len(pd.read_parquet(out / "dataset" / "items.parquet")) == 95
    [notice] = _manifest(out)["notices"]
    assert len(notice["sources"]) == 3 and all(s["agrees"] for s in notice["sources"])
    # same name, new bytes: converted again (the content decides, not the name)
    bad.txt_variant(src, 7, name=first[0].name)
    res = _convert(str(src), "-o", str(out))
    assert "1 converted, 2 unchanged" in res.stderr
    res = _convert(str(src), "-o", str(out), "--force")
    assert res.exit_code == 0 and "3 converted" in res.stderr


def test_same_bytes_twice_are_converted_once(tmp_path: Path) -> None:
    src = tmp_path / "in"
    [a] = _notices(src, 1)
    b = src / "copy-of-a.txt"
    b.write_bytes(a.read_bytes())
    out = tmp_path / "out"
    res = _convert(str(src), "-o", str(out), "--workers", "2")
    assert res.exit_code == 0
    assert len(_doc_dirs(out)) == 1
    assert "1 duplicate" in res.stderr


# How long a pathological conversion would take if nothing stopped it: far past the 1 s limit of the test below
# on any machine, however busy, so that it is stopped by the limit or, if the limit failed, converts and
# fails the test (in minutes, not forever).
PATHOLOGICAL_SECONDS = 120


def _slow_for(monkeypatch: pytest.MonkeyPatch, name: str, how: str) -> None:
    """Make the conversion of files called `name` take PATHOLOGICAL_SECONDS: `busy` works (of CPU time),
    `deaf` works with the time-limit signal blocked (like C code that never returns to Python), `idle` waits
    (no CPU time at all, like a read that blocks)."""

    def pathological() -> None:
        if how == "deaf":
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGPROF, signal.SIGALRM})
        if how == "idle":
            time.sleep(PATHOLOGICAL_SECONDS)
        else:
            t_end = time.process_time() + PATHOLOGICAL_SECONDS
            while time.process_time() < t_end:
                pass

    on_convert(monkeypatch, name, pathological)


@pytest.mark.parametrize("how", ["busy", "deaf", "idle"])
def test_time_limit_stops_one_file_not_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 how: str) -> None:
    """The file is stopped by the limit, whichever guard gets it (the worker's CPU timer, the parent's watch
    of its CPU time, the wall-clock backstop): had none, it would have converted. How soon each guard fires
    is `test_watch_fires_at_the_limit_plus_grace`'s.

    A limit of 1 s keeps the CPU burnt small. The backstop, which stops a worker doing no work after 2
    limits of wall time, is lengthened to 10 limits: the good notices need a fraction of a second of work, but
    on a machine busy with other work that can take seconds of wall time, and they must not be stopped."""
    src = tmp_path / "in"
    ok = _notices(src, 2)
    slow = bad.txt_variant(src, 5, name="pathological.txt")
    _slow_for(monkeypatch, slow.name, how)
    monkeypatch.setattr(batch.timelimit, "KILL_GRACE", 0.5)
    monkeypatch.setattr(batch.timelimit, "WALL_FACTOR", 10.0)
    out = tmp_path / "out"
    res = _convert(str(src), "-o", str(out), "--workers", "2", "--timeout", "1")
    assert res.exit_code == TimeLimitError.exit_code
    assert f"FAIL  {slow}: took longer than the time limit of 1 s" in res.stderr
    m = _manifest(out)
    by_name = {Path(d["path"]).name: d for d in m["documents"]}
    assert by_name[slow.name]["error_kind"] == "time-limit"
    assert all(by_name[f.name]["status"] == "converted" for f in ok)
    assert len(_doc_dirs(out)) == 2 and not _work_names(out)


def test_watch_fires_at_the_limit_plus_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parent's guard over a worker, on a clock and a CPU meter of the test's own: a worker is killed once
    its CPU time reaches the limit plus the grace period, or, doing no work, once its wall time reaches
    WALL_FACTOR limits (per share of a core) plus the grace; not before."""
    timelimit = batch.timelimit
    cpu: dict[int, float | None] = {}
    monkeypatch.setattr(timelimit, "cpu_seconds", lambda pid: cpu[pid])
    monkeypatch.setattr(timelimit, "KILL_GRACE", 0.5)
    t0 = 100.0

    w = timelimit.Watch(pid=1, timeout=1.0, share=1.0, started=t0)
    cpu[1] = 1.49  # busy, a core to itself: CPU time is what counts
    assert not w.expired(now=t0 + 1.49)
    cpu[1] = 1.5
    assert w.expired(now=t0 + 1.5)
    backstop = 1.0 * timelimit.WALL_FACTOR + 0.5
    idle = timelimit.Watch(pid=2, timeout=1.0, share=1.0, started=t0)
    cpu[2] = 0.0  # idle from the start (a read that blocks): the wall-clock backstop, 2 limits + grace
    assert idle.wall_limit(measured=True) == backstop
    assert not idle.expired(now=t0 + backstop - 0.01) and idle.expired(now=t0 + backstop)
    assert idle.next_check(now=t0 + backstop - 0.1) == pytest.approx(0.1)  # looked at again when it is due

    shared = timelimit.Watch(pid=4, timeout=1.0, share=3.0, started=t0)  # six workers on two cores
    cpu[4] = 0.5  # worked a little, then waits for its turn: neither guard fires while it waits
    assert not shared.expired(now=t0) and not shared.expired(now=t0 + 3 * backstop - 1.01)
    assert shared.expired(now=t0 + 1.0 * 3.0 * timelimit.WALL_FACTOR + 0.5)

    cpu[3] = None  # no /proc: the wall clock is the only measure, the limit stretched by the share of a core
    unmeasured = timelimit.Watch(pid=3, timeout=1.0, share=3.0, started=t0)
    assert not unmeasured.expired(now=t0 + 3.49) and unmeasured.expired(now=t0 + 3.5)
    assert not timelimit.Watch(pid=1, timeout=None, started=t0).expired(now=1e9)  # no limit: never

    default = timelimit.Watch(pid=1, timeout=300.0, started=t0)  # the default limit: a grace of 10 % of it
    cpu[1] = 329.9
    assert default.grace == 30.0 and not default.expired(now=t0 + 330)
    cpu[1] = 330.0
    assert default.expired(now=t0 + 330)


def test_cpu_timer_raises_once_the_work_reaches_the_limit() -> None:
    """The worker's own guard counts its CPU time: work far past a 0.1 s limit is stopped once it has used
    0.1 s of processor time, however long the machine makes it wait; without a limit, work runs to its end."""
    timelimit = batch.timelimit

    def work(seconds: float) -> bool:
        t_end = time.process_time() + seconds
        while time.process_time() < t_end:
            pass
        return True

    with pytest.raises(timelimit.Deadline):
        with timelimit.cpu_time_limit(0.1):
            work(PATHOLOGICAL_SECONDS)
    with timelimit.cpu_time_limit(None):
        assert work(0.05)
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)  # the timer is off again


def test_a_crashing_worker_is_a_failed_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "in"
    _notices(src, 1)
    crash = bad.txt_variant(src, 4, name="crash.txt")
    on_convert(monkeypatch, crash.name, lambda: os.kill(os.getpid(), signal.SIGKILL))  # what the OOM killer does
    res = _convert(str(src), "-o", str(tmp_path / "out"), "--workers", "2")
    assert res.exit_code == 70
    assert f"FAIL  {crash}: internal error: the worker died (signal SIGKILL)" in res.stderr
    assert "1 converted" in res.stderr


def test_leftovers_of_a_killed_run_are_cleaned(tmp_path: Path) -> None:
    src = tmp_path / "in"
    [a] = _notices(src, 1)
    out = tmp_path / "out"
    assert _convert(str(a), "-o", str(out)).exit_code == 0
    [doc] = _doc_dirs(out)
    # the tool's names for unfinished work: .worklist-tmp|old-<pid>-<8 hex digits>[-<final name>]
    (out / ".worklist-tmp-4242-0123abcd" / "abc-123").mkdir(parents=True)  # a run's work folder
    (out / ".worklist-tmp-4242-0123abcd" / "abc-123" / "items.parquet").write_bytes(b"half")
    (out / ".worklist-tmp-4242-89abcdef-dataset").mkdir()  # a dataset being written
    (out / ".worklist-tmp-4242-00000001-manifest.json").write_text("{", encoding="utf-8")  # a write cut short
    os.replace(doc, doc.parent / f".worklist-old-4242-00ff00ff-{doc.name}")  # a replacement cut between renames
    res = _convert(str(a), "-o", str(out))
    assert res.exit_code == 0 and "unchanged" in res.stderr  # the folder came back, so nothing to redo
    assert sorted(p.name for p in out.iterdir()) == sorted(ROOT_FILES)
    assert [p.name for p in doc.parent.iterdir()] == [doc.name]
    _assert_complete(doc)


def test_one_batch_at_a_time_per_output_folder(tmp_path: Path) -> None:
    src = tmp_path / "in"
    [a] = _notices(src, 1)
    out = tmp_path / "out"
    out.mkdir()
    lock = lock_output(out)
    try:
        res = _convert(str(a), "-o", str(out))
    finally:
        lock.close()
    assert res.exit_code == EXIT_USAGE
    assert "another `worklist convert` is writing" in res.stderr
    assert _convert(str(a), "-o", str(out)).exit_code == 0


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    import pty

    src = tmp_path / "in"
    _notices(src, 2)
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))  # a 0-column pty shows no bar
    try:
        p = subprocess.run([sys.executable, "-m", "worklist.cli", "convert", str(src), "-o", str(tmp_path / "out")],
                           cwd=ROOT, stdout=subprocess.PIPE, stderr=slave, timeout=60)
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(master)
    assert p.returncode == 0
    text = seen.decode("utf-8", "replace")
    assert "converting" in text and "2 converted" in text


# ------------------------------------------------------------------------------------- interruption
# Each run is stopped midway: its first notice converted, its workers holding the others back (tests.helpers).


def _listing(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*"))


def _wait_gone(pids: list[int], out: Path) -> bool:
    """Whether the processes end, and with them every holder of OUT's lock (the killed run's workers inherit
    it), waiting at most HANG_SECONDS: a safety net, for they die with their parent or never."""
    from tests.helpers import HANG_SECONDS, process_gone

    def lock_free() -> bool:
        try:
            lock_output(out).close()
        except batch.BatchBusyError:
            return False
        return True

    safety_net = time.monotonic() + HANG_SECONDS
    while not (all(process_gone(p) for p in pids) and lock_free()) and time.monotonic() < safety_net:
        time.sleep(0.02)
    return all(process_gone(p) for p in pids) and lock_free()


def test_sigkill_leaves_only_complete_folders(tmp_path: Path) -> None:
    run = start_slow_batch(tmp_path)
    proc, out = run.proc, run.out
    proc.kill()
    proc.wait()
    proc.stdout.close()
    proc.stderr.close()
    snapshot = _listing(out)
    # the workers hold their notices back until released, which never comes: only their parent's death
    # (PR_SET_PDEATHSIG) can end them
    workers = run.held_pids()
    gone = _wait_gone(workers, out)
    for pid in workers if not gone else []:  # leave no orphan behind a failed test
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert gone, "workers outlived their parent"
    assert _listing(out) == snapshot
    dirs = _doc_dirs(out)
    assert len(dirs) == 1  # the first notice; the others were held
    for d in dirs:
        _assert_complete(d)
    assert {p.name for p in out.iterdir()} - set(_work_names(out)) <= ROOT_FILES
    assert {p.name for p in (out / "docs").iterdir()} <= {d.name for d in dirs}
    # the next run removes the unfinished work and converts the rest only
    res = _convert(str(tmp_path / "in"), "-o", str(out), "--workers", "2")
    assert res.exit_code == 0
    s = _manifest(out)["summary"]
    assert s["unchanged"] == len(dirs) and s["converted"] == 8 - len(dirs)
    assert not _work_names(out)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_sigterm_and_ctrl_c_stop_cleanly(tmp_path: Path, sig: signal.Signals) -> None:
    from tests.helpers import HANG_SECONDS

    run = start_slow_batch(tmp_path)
    proc, out = run.proc, run.out
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=HANG_SECONDS)  # a safety net: it stops at once, or hangs
    assert proc.returncode == 128 + sig, err.decode()
    err_text = err.decode()
    assert "Traceback" not in err_text
    assert f"interrupted by {sig.name}" in err_text and "run the same command again" in err_text
    assert not _work_names(out)
    dirs = _doc_dirs(out)
    for d in dirs:
        _assert_complete(d)
    m = _manifest(out)
    assert m["summary"]["interrupted"] == f"interrupted by {sig.name}"
    assert {p.name for p in out.iterdir()} <= ROOT_FILES
    assert {p.name for p in (out / "docs").iterdir()} <= {d.name for d in dirs}
    # the dataset was rewritten from the documents that finished: the folder is consistent
    docs = pd.read_parquet(out / "dataset" / "documents.parquet")  # every notice once, from finished folders
    assert len(docs) >= 1 and set(docs["doc_id"]) <= {d.name for d in dirs}
    from worklist.outputs.validate import validate_output

    ok, lines = validate_output(out)
    assert ok, lines
