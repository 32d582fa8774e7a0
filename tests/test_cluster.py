"""A batch on a Dask cluster (issue 22): the same outputs as a local run, byte for byte; lost tasks retried once;
inputs sent as bytes when a worker does not see them; limits held inside the task; an interrupt leaves OUT valid.

One test (marked slow) runs a real `LocalCluster` of two worker processes; the driver's rules (retry, resend, cancel) are
tested with in-process executors that fail on purpose, since a cluster cannot be made to lose a worker on cue.
"""

from __future__ import annotations

import json
import os
import signal
import time
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

import pytest

from tests.paths import SAMPLE
from worklist.batch import convert_batch
from worklist.batch.cluster import RemoteTask, remote_convert, run_forked
from worklist.batch.report import FileResult
from worklist.batch.worker import Job

distributed = pytest.importorskip("distributed", reason="the cluster extra (pip install 'worklist[cluster]')")

FORMS = ("txt", "docx", "html", "xlsx")
VOLATILE = {"timings", "written_at", "seconds", "worker"}  # what differs between any two runs


def _stable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _stable(v) for k, v in obj.items() if k not in VOLATILE}
    if isinstance(obj, list):
        return [_stable(v) for v in obj]
    return obj


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "worklist.duckdb" and not p.name.startswith(".")}


def _assert_same_outputs(a: Path, b: Path) -> None:
    fa, fb = _files(a), _files(b)
    assert sorted(fa) == sorted(fb)
    for name in fa:
        if name.endswith("manifest.json"):
            assert _stable(json.loads(fa[name])) == _stable(json.loads(fb[name])), name
        else:
            assert fa[name] == fb[name], name


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local")
    report = convert_batch([SAMPLE[f] for f in FORMS], out, workers=1)
    assert report.exit_code == 0
    return out


@pytest.mark.slow  # ~10 s to start two worker processes; CI runs `-m slow`
def test_a_two_worker_local_cluster_writes_what_a_local_run_writes(local_run: Path, tmp_path: Path) -> None:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as lc, \
            distributed.Client(lc) as client:
        report = convert_batch([SAMPLE[f] for f in FORMS], tmp_path, executor=client.get_executor())
        addresses = set(lc.workers[w].worker_address for w in lc.workers)
    assert report.exit_code == 0, [r.error for r in report.results]
    _assert_same_outputs(local_run, tmp_path)
    batch = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    workers = {d["worker"] for d in batch["documents"]}
    assert workers <= addresses and len(workers) >= 1  # the manifest names the Dask workers that did the work


class _Flaky(Executor):
    """Runs tasks in threads; the first `fail` submissions of each input are lost as if with their worker."""

    def __init__(self, fail: int) -> None:
        self.pool = ThreadPoolExecutor(2)
        self.fail = fail
        self.seen: dict[str, int] = {}
        self.submitted: list[RemoteTask] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        task: RemoteTask = args[0]
        self.submitted.append(task)
        n = self.seen[task.path] = self.seen.get(task.path, 0) + 1
        if n <= self.fail:
            lost: Future = Future()
            lost.set_exception(RuntimeError("worker tcp://10.0.0.9:4000 was lost"))
            return lost
        return self.pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, **kwargs: Any) -> None:
        self.pool.shutdown(wait)


def test_a_task_lost_with_its_worker_is_submitted_again(local_run: Path, tmp_path: Path) -> None:
    ex = _Flaky(fail=1)
    report = convert_batch([SAMPLE["txt"]], tmp_path, executor=ex)
    assert report.exit_code == 0 and [r.status for r in report.results] == ["converted"]
    assert len(ex.submitted) == 2
    local_doc = next((local_run / "docs").iterdir()).name  # the txt sample's folder, among the local ones
    assert (tmp_path / "docs").exists() and local_doc


def test_a_task_lost_twice_is_a_failed_input_and_the_batch_goes_on(tmp_path: Path) -> None:
    ex = _Flaky(fail=2)
    report = convert_batch([SAMPLE["txt"]], tmp_path, executor=ex)
    [r] = report.results
    assert r.status == "failed" and r.exit_code == 70 and "lost the task twice" in (r.error or "")
    assert "10.0.0.9" in (r.error or "")


def test_an_input_the_worker_cannot_see_is_sent_as_bytes(tmp_path: Path) -> None:
    """A worker sees no file at the driver's path (or another file there): the task says so and is sent again
    with the bytes; the document names the input as the driver knows it."""
    import hashlib

    data = SAMPLE["txt"].read_bytes()
    gone = str(tmp_path / "elsewhere" / SAMPLE["txt"].name)
    sha = hashlib.sha256(data).hexdigest()
    job = Job("", timeout=60)
    assert remote_convert(RemoteTask(gone, sha), job).missing
    other = tmp_path / "other.txt"
    other.write_text("专项名称\t序号\n", encoding="utf-8")  # same path, other bytes: not the planned file
    assert remote_convert(RemoteTask(str(other), sha), job).missing
    got = remote_convert(RemoteTask(gone, sha, data=data, mtime=1_700_000_000.0), job)
    assert got.result is not None and got.result.status == "converted" and got.result.path == gone
    manifest = json.loads(got.files["manifest.json"])
    assert manifest["input"]["path"] == gone and manifest["input"]["modified"].startswith("2023-11-14")


def test_the_driver_resends_bytes_when_told_the_input_is_missing(tmp_path: Path, monkeypatch) -> None:
    import worklist.batch.cluster as cluster

    real = cluster._same_file
    monkeypatch.setattr(cluster, "_same_file", lambda path, sha: False)  # no path is shared with the workers
    ex = _Flaky(fail=0)
    report = convert_batch([SAMPLE["docx"]], tmp_path, executor=ex)
    assert report.exit_code == 0
    assert [t.data is not None for t in ex.submitted] == [False, True]
    assert real(SAMPLE["docx"], None)


def _burn(path: str, job: Job) -> FileResult:
    while True:  # a reader stuck in C code ignores the timer: the task's watch must kill it
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGPROF})
        sum(range(10_000))


def test_the_time_limit_holds_inside_the_task() -> None:
    """The child is killed by CPU time (limit + grace), whatever the wall clock says."""
    r = run_forked(_burn, ("stuck.pdf", Job("")), timeout=0.5)
    assert r.status == "failed" and r.error_kind == "time-limit" and "stopped" in (r.error or "")


def _grab_memory(path: str, job: Job) -> FileResult:
    blocks = [bytearray(64 << 20) for _ in range(64)]  # 4 GB: past the cap below
    return FileResult(path, "converted", items=len(blocks))


def test_the_memory_limit_holds_inside_the_task() -> None:
    r = run_forked(_grab_memory, ("big.pdf", Job("")), timeout=None, memory_mb=1024)
    assert r.status == "failed" and r.exit_code == 8 and "memory limit of 1024 MB" in (r.error or "")


def test_a_hostile_file_keeps_its_limits_on_a_worker(tmp_path: Path) -> None:
    from tests.bad_inputs import docx_bomb_declared

    bomb = docx_bomb_declared(tmp_path)
    report = convert_batch([bomb, SAMPLE["txt"]], tmp_path / "out", executor=_Flaky(fail=0))
    by_name = {Path(r.path).name: r for r in report.results}
    assert by_name[bomb.name].exit_code == 8 and by_name[SAMPLE["txt"].name].status == "converted"


def test_interrupting_the_driver_cancels_the_tasks_and_leaves_out_valid(tmp_path: Path) -> None:
    """SIGTERM once the first document is back: the pending task is cancelled, OUT holds what finished and
    `worklist validate` passes."""
    from click.testing import CliRunner

    from worklist.cli import main

    class Slow(_Flaky):
        def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
            if args[0].path.endswith(".docx"):
                self.slow = Future()  # never runs: the driver must cancel it
                self.submitted.append(args[0])
                return self.slow
            return super().submit(fn, *args, **kwargs)

    ex = Slow(fail=0)

    def on_result(r: FileResult) -> None:
        os.kill(os.getpid(), signal.SIGTERM)

    report = convert_batch([SAMPLE["txt"], SAMPLE["docx"]], tmp_path, executor=ex, on_result=on_result)
    assert report.interrupted and report.exit_code == 143
    assert ex.slow.cancelled()
    deadline = time.monotonic() + 60  # a safety net only: the assertion is on what was written
    while not (tmp_path / "manifest.json").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    res = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert res.exit_code == 0, res.output
