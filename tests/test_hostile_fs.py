"""Hostile situations around the files (issue 14, "the file system, the process and the output folder"):
each ends in its documented exit code, or converts correctly; never exit 70, never a traceback, nothing
half-written, never a hang. The situations are made by `tests.hostile_fs`.

No test here times anything: what must not happen (a conversion before a refusal, a file opened, hashed or
drawn at full size) is checked directly, and a test that would hang if the behaviour broke (a pipe opened,
a time limit not enforced) takes the `hang_guard` fixture, which fails it after minutes.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from tests import bad_inputs as bad
from tests import hostile_fs as hfs
from tests.helpers import (
    ROOT,
    SAMPLE,
    doc_dirs,
    notices,
    read_manifest,
    run_convert,
    start_slow_batch,
    work_names,
)
from worklist.cli import main
from worklist.exit_codes import EXIT_CANT_WRITE, EXIT_INVALID, EXIT_USAGE

UNREADABLE = 3  # README: unreadable file (a named non-regular file, a folder that cannot be listed)
TIME_LIMIT = 10


def invoke(*args: str):
    """Any `worklist` command in-process; exceptions propagate (a traceback would be a bug)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def assert_clean(res, code: int) -> None:
    """The documented exit code, no traceback, never the internal-error code."""
    assert res.exit_code == code, (res.exit_code, res.output)
    assert "Traceback" not in res.output and res.exit_code != 70


def error_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("error: ")]


# ------------------------------------------------------------------------------------- usage: exit 64


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder with one converted notice (made once; tests copy it before changing it)."""
    src = tmp_path_factory.mktemp("src")
    [a] = notices(src, 1)
    out = tmp_path_factory.mktemp("converted") / "out"
    assert run_convert(str(a), "-o", str(out), "-q").exit_code == 0
    return out


def _usage_cases(tmp: Path) -> dict[str, list[str]]:
    pdf = str(bad.SMALL_PDF)
    a_file = tmp / "a-file"
    if tmp.is_dir():
        a_file.write_text("x", encoding="utf-8")
    return {
        "convert-without-inputs": ["convert", "-o", str(tmp / "o")],
        "convert-without-output": ["convert", str(SAMPLE["txt"])],
        "workers-0": ["convert", str(SAMPLE["txt"]), "-o", str(tmp / "o"), "--workers", "0"],
        "timeout-negative": ["convert", str(SAMPLE["txt"]), "-o", str(tmp / "o"), "--timeout", "-1"],
        "output-is-a-file": ["convert", str(SAMPLE["txt"]), "-o", str(a_file)],
        "missing-input": ["convert", str(tmp / "nope.txt"), "-o", str(tmp / "o")],
        "page-0": ["inspect", pdf, "--page", "0", "-o", str(tmp / "p.png")],
        "page-past-the-end": ["inspect", pdf, "--page", "99", "-o", str(tmp / "p.png")],
        "inspect-missing": ["inspect", str(tmp / "nope.pdf"), "--page", "1", "-o", str(tmp / "p.png")],
        "diff-missing-folder": ["diff", str(tmp / "nope"), str(ROOT / "samples" / "golden")],
        "validate-missing-folder": ["validate", str(tmp / "nope")],
        "golden-missing": ["golden", str(tmp / "nope.txt"), "-o", str(tmp / "g")],
        "unknown-option": ["convert", str(SAMPLE["txt"]), "-o", str(tmp / "o"), "--fast"],
        "unknown-command": ["transmogrify"],
        "bad-choice": ["schema", "--table", "people"],
    }


@pytest.mark.parametrize("case", sorted(_usage_cases(Path("/nonexistent"))))
def test_usage_errors_exit_64_not_clicks_2(case: str, tmp_path: Path) -> None:
    """2 means "failed validation" (README): every usage error, click's own included, is 64."""
    res = invoke(*_usage_cases(tmp_path)[case])
    assert_clean(res, EXIT_USAGE)
    assert not (tmp_path / "o").exists()


# ------------------------------------------------------------------------------------- the output folder


@pytest.mark.parametrize("entry", sorted(hfs.USER_ENTRIES))
def test_a_folder_holding_the_users_files_is_refused_not_cleaned(entry: str, converted: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    import worklist.pipeline as pipeline

    out = tmp_path / "out"
    shutil.copytree(converted, out)
    rel = hfs.USER_ENTRIES[entry]
    hfs.user_entry(out, rel)
    before = hfs.tree(out)
    src = tmp_path / "in"
    notices(src, 2, start=5)
    converted_any = tmp_path / "converted-any"
    hfs.record_calls(monkeypatch, pipeline, "convert", converted_any)
    res = run_convert(str(src), "-o", str(out))
    assert_clean(res, EXIT_USAGE)
    assert not converted_any.exists(), "refused only after converting"
    [line] = error_lines(res.stderr)
    first = rel.split("/")[0] if rel.startswith(".tmp") else rel  # a foreign folder is named as a folder
    assert "holds files worklist did not write" in line and first in line
    assert hfs.tree(out) == before  # nothing touched, nothing added, nothing renamed


def test_a_fresh_folder_of_the_users_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    for rel in hfs.USER_ENTRIES.values():
        hfs.user_entry(out, rel)
    before = hfs.tree(out)
    res = run_convert(str(SAMPLE["txt"]), "-o", str(out))
    assert_clean(res, EXIT_USAGE)
    assert hfs.tree(out) == before


def test_a_file_added_to_a_document_folder_is_foreign(converted: Path, tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "out"
    shutil.copytree(converted, out)
    [doc] = doc_dirs(out)
    hfs.user_entry(doc, "my-review.xlsx")
    before = hfs.tree(out)
    res = run_convert(str(SAMPLE["txt"]), "-o", str(out), "--force")
    assert_clean(res, EXIT_USAGE)
    assert f"{doc.name}/my-review.xlsx" in res.stderr
    assert hfs.tree(out) == before


def test_a_manifest_json_of_someone_else_is_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    hfs.user_entry(out, "manifest.json").write_text('{"name": "my project"}', encoding="utf-8")
    res = run_convert(str(SAMPLE["txt"]), "-o", str(out))
    assert_clean(res, EXIT_USAGE)
    assert (out / "manifest.json").read_text(encoding="utf-8") == '{"name": "my project"}'


def test_what_the_tool_wrote_is_its_own_on_the_next_run(converted: Path, tmp_path: Path) -> None:
    """The ownership check accepts everything a run leaves (manifests, dataset, document folders)."""
    import shutil

    out = tmp_path / "out"
    shutil.copytree(converted, out)
    src = tmp_path / "in"
    notices(src, 1, start=9)
    res = run_convert(str(src), "-o", str(out))
    assert_clean(res, 0)
    assert len(doc_dirs(out)) == 2 and not work_names(out)


def test_two_converts_at_once_the_second_exits_64_and_touches_nothing(tmp_path: Path) -> None:
    from tests.helpers import HANG_SECONDS

    run = start_slow_batch(tmp_path, n=4)  # midway until released
    proc, out = run.proc, run.out
    try:
        mine = work_names(out)
        assert mine, "the first run's unfinished work should be there while it runs"
        [a] = notices(tmp_path / "other", 1, start=40)
        res = run_convert(str(a), "-o", str(out))
        assert_clean(res, EXIT_USAGE)
        assert "another `worklist convert` is writing to this folder" in res.stderr
        assert proc.poll() is None and set(mine) <= set(work_names(out))  # the first's work untouched
        run.release()
        _, err = proc.communicate(timeout=HANG_SECONDS)  # a safety net: it ends in seconds, or hangs
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err.decode()
    assert not work_names(out)
    m = read_manifest(out)
    assert m["summary"]["converted"] == 4 and len(doc_dirs(out)) == 4
    ok, lines = _validate(out)
    assert ok, lines


def _validate(path: Path):
    from worklist.outputs.validate import validate_output

    return validate_output(path)


# ------------------------------------------------------------------------------------- what is read


def _nothing_half_written(out: Path) -> None:
    """No document folder, no unfinished work: at most the batch manifest."""
    left = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert left in ([], ["manifest.json"]), left


@pytest.mark.usefixtures("hang_guard")  # opening the pipe would block for ever
@pytest.mark.parametrize("what", ["fifo", "dev-zero"])
def test_a_named_non_regular_file_is_one_line_and_never_opened(what: str, tmp_path: Path) -> None:
    target = hfs.fifo(tmp_path / "in") if what == "fifo" else Path("/dev/zero")
    out = tmp_path / "out"
    res = run_convert(str(target), "-o", str(out))
    assert_clean(res, UNREADABLE)
    [line] = error_lines(res.stderr)
    kind = "a named pipe" if what == "fifo" else "a character device"
    assert line.startswith(f"error: {target}: not a regular file ({kind}") and "only files are read" in line
    _nothing_half_written(out)


@pytest.mark.usefixtures("hang_guard")  # opening the pipe would block for ever
@pytest.mark.parametrize("command", ["inspect", "golden"])
def test_inspect_and_golden_refuse_a_fifo_too(command: str, tmp_path: Path) -> None:
    target = hfs.fifo(tmp_path / "in", "notice.pdf")
    args = {"inspect": ["inspect", str(target), "--page", "1", "-o", str(tmp_path / "p.png")],
            "golden": ["golden", str(target), "-o", str(tmp_path / "g")]}[command]
    res = invoke(*args)
    assert_clean(res, UNREADABLE)
    assert "not a regular file (a named pipe" in res.output


def test_an_input_past_the_size_limit_is_refused_before_it_is_hashed(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The planner's hash is bounded like reading: a (sparse, diskless) file past the limit is never read."""
    import builtins
    import io

    from worklist.extract.errors import TooLargeError
    from worklist.extract.limits import MAX_INPUT_BYTES

    src = tmp_path / "in"
    src.mkdir()
    big = src / "huge.txt"
    with open(big, "wb") as fh:
        fh.truncate(MAX_INPUT_BYTES + 1)
    [good] = notices(src, 1)
    opened = tmp_path / "opened"
    for module in (builtins, io):  # open(), and Path.open() (io.open)
        hfs.record_calls(monkeypatch, module, "open", opened, path=big)
    res = run_convert(str(src), "-o", str(tmp_path / "out"))
    assert_clean(res, TooLargeError.exit_code)
    assert not opened.exists(), opened.read_text(encoding="utf-8")  # refused from its size alone
    assert f"FAIL  {big}: the file is " in res.stderr and "(limit 256 MB per input)" in res.stderr
    assert f"ok    {good}" in res.stderr


def test_process_substitution_is_refused_not_drained(tmp_path: Path) -> None:
    """`worklist convert <(cat notice.txt)`: the shell passes a pipe (/dev/fd/N); it is not read as empty."""
    import shlex

    cmd = " ".join(shlex.quote(x) for x in hfs.worklist_command())
    script = f"{cmd} convert <(cat {shlex.quote(str(SAMPLE['txt']))}) -o {shlex.quote(str(tmp_path / 'out'))}"
    proc = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120)  # a safety net
    assert proc.returncode == UNREADABLE, proc.stderr
    assert "not a regular file (a named pipe" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.usefixtures("hang_guard")  # opening the pipe would block for ever
def test_a_fifo_inside_a_folder_is_passed_over_and_listed(tmp_path: Path) -> None:
    src = tmp_path / "in"
    [good] = notices(src, 1)
    hfs.fifo(src, "pipe.txt")
    out = tmp_path / "out"
    res = run_convert(str(src), "-o", str(out))
    assert_clean(res, 0)
    skipped = {Path(s["path"]).name: s["reason"] for s in read_manifest(out)["skipped"]}
    assert list(skipped) == ["pipe.txt"] and skipped["pipe.txt"].startswith("not a regular file (a named pipe")


def test_a_gbk_file_name_converts_and_is_written_escaped(tmp_path: Path) -> None:
    src = tmp_path / "in"
    [plain] = notices(src, 1)
    hfs.gbk_named_notice(src)
    out = tmp_path / "out"
    res = run_convert(str(src), "-o", str(out))
    assert_clean(res, 0)
    escaped = hfs.GBK_NAME.decode("utf-8", "backslashreplace")  # "\xd6\xd0…": each byte that is not UTF-8
    assert "\\xd6\\xd0" in escaped
    raw = (out / "manifest.json").read_bytes()
    raw.decode("utf-8")  # valid UTF-8 JSON
    m = json.loads(raw)
    assert sorted(Path(d["path"]).name for d in m["documents"]) == sorted([plain.name, escaped])
    assert all(d["status"] == "converted" for d in m["documents"])
    [entry] = [d for d in m["documents"] if Path(d["path"]).name == escaped]
    [folder] = [d for d in doc_dirs(out) if d.name == entry["doc_id"]]  # its tables carry the name as data
    [name] = pq.read_table(folder / "documents.parquet").column("source_file").to_pylist()
    assert name == escaped
    assert f"ok    {src}/{escaped} → " in res.stderr  # printed as the manifest says it
    ok, lines = _validate(out)
    assert ok, lines


def test_a_name_with_a_newline_stays_on_one_status_line(tmp_path: Path) -> None:
    src = tmp_path / "in"
    notices(src, 1)
    odd = hfs.newline_named_notice(src)
    out = tmp_path / "out"
    res = run_convert(str(src), "-o", str(out))
    assert_clean(res, 0)
    [line] = [x for x in res.stderr.splitlines() if "line one" in x]
    assert line.startswith("  ok    ") and "line one\\nline two\\x1b[31m-32.txt → " in line
    res = run_convert(str(odd), "-o", str(tmp_path / "single"))
    assert_clean(res, 0)
    assert len(res.stderr.splitlines()) == 1 and "line one\\nline two" in res.stderr
    # the manifest keeps the real name (JSON escapes it)
    m = read_manifest(out)
    assert odd.name in {Path(d["path"]).name for d in m["documents"]}


# ------------------------------------------------------------------------------------- writing


def _can_chmod_deny() -> bool:
    return os.geteuid() != 0  # root writes through any mode: CI runs as root


@pytest.mark.parametrize("how", ["patched", "chmod"])
def test_a_parent_that_is_not_writable_is_one_line_and_exit_73(how: str, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    parent = tmp_path / "locked"
    parent.mkdir()
    if how == "chmod":
        if not _can_chmod_deny():
            pytest.skip("running as root: permissions do not stop root (the patched case covers it)")
        parent.chmod(0o555)
    else:
        hfs.deny(monkeypatch, os, "mkdir", parent / "out")
    try:
        res = run_convert(str(SAMPLE["txt"]), "-o", str(parent / "out"))
    finally:
        parent.chmod(0o755)
    assert_clean(res, EXIT_CANT_WRITE)
    [line] = error_lines(res.stderr)
    assert line.startswith(f"error: {parent / 'out'}: cannot create the output folder (Permission denied")
    assert list(parent.iterdir()) == []


@pytest.mark.parametrize("how", ["patched", "chmod"])
def test_an_output_folder_that_is_not_writable_is_one_line_and_exit_73(how: str, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    if how == "chmod":
        if not _can_chmod_deny():
            pytest.skip("running as root: permissions do not stop root (the patched case covers it)")
        out.chmod(0o555)
    else:
        hfs.deny(monkeypatch, os, "mkdir", out)  # OUT is there; nothing can be made in it
    try:
        res = run_convert(str(SAMPLE["txt"]), "-o", str(out))
    finally:
        out.chmod(0o755)
    assert_clean(res, EXIT_CANT_WRITE)
    [line] = error_lines(res.stderr)
    assert line.startswith(f"error: {out}: cannot write to the output folder (Permission denied")
    assert list(out.iterdir()) == []


def test_a_full_disk_while_writing_documents_leaves_nothing_half_written(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import worklist.outputs.writers as writers

    src = tmp_path / "in"
    notices(src, 2)
    hfs.full_disk(monkeypatch, writers, "_write_text")  # the nested JSON of each document
    out = tmp_path / "out"
    res = run_convert(str(src), "-o", str(out), "--workers", "2")
    assert_clean(res, EXIT_CANT_WRITE)
    assert res.stderr.count("output not written (No space left on device: ") == 2
    assert doc_dirs(out) == [] and not work_names(out)
    m = read_manifest(out)
    assert m["summary"]["failed_by_kind"] == {"output-not-written": 2}


def test_a_full_disk_for_the_batch_manifest_keeps_the_old_one(converted: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    import worklist.outputs.layout as layout

    out = tmp_path / "out"
    shutil.copytree(converted, out)
    before = (out / "manifest.json").read_bytes()
    src = tmp_path / "in"
    notices(src, 1, start=12)
    hfs.full_disk(monkeypatch, layout, "open")  # the atomic writes of OUT/manifest.json
    res = run_convert(str(src), "-o", str(out))
    assert_clean(res, EXIT_CANT_WRITE)
    [line] = error_lines(res.stderr)
    assert line.startswith(f"error: {out / 'manifest.json'}: not written (No space left on device")
    assert (out / "manifest.json").read_bytes() == before and not work_names(out)
    assert len(doc_dirs(out)) == 2  # the documents themselves are complete


def test_a_disk_that_refuses_large_files_in_a_real_process(tmp_path: Path) -> None:
    """RLIMIT_FSIZE: the kernel fails every write past 8 KB (Parquet and JSON writers alike)."""
    src = tmp_path / "in"
    notices(src, 2)
    out = tmp_path / "out"
    proc, _ = hfs.run_measured([*hfs.worklist_command(), "convert", str(src), "-o", str(out)],
                               tmp=tmp_path, preexec_fn=hfs.small_file_limit(8192))
    assert proc.returncode == EXIT_CANT_WRITE, proc.stderr
    assert "Traceback" not in proc.stderr and "File too large" in proc.stderr
    assert doc_dirs(out) == [] and not work_names(out)


@pytest.mark.parametrize("how", ["patched", "chmod"])
def test_a_folder_that_cannot_be_listed_is_a_failed_input(how: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import worklist.batch.plan as plan

    src = tmp_path / "in"
    notices(src, 1)
    hidden = src / "2024"
    notices(hidden, 1, start=7)
    if how == "chmod":
        if not _can_chmod_deny():
            pytest.skip("running as root: permissions do not stop root (the patched case covers it)")
        hidden.chmod(0o000)
    else:
        hfs.deny(monkeypatch, plan.os, "scandir", hidden)
    try:
        res = run_convert(str(src), "-o", str(tmp_path / "out"))
    finally:
        hidden.chmod(0o755)
    assert_clean(res, UNREADABLE)
    assert f"FAIL  {hidden}: cannot list the folder (Permission denied): its files were not converted" in res.stderr
    assert "1 converted" in res.stderr


# ------------------------------------------------------------------------------------- what "unchanged" means


def test_a_document_converted_without_checks_is_checked_on_the_next_run(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A 序号 gap fails `items.seq.contiguous`; converted with --no-checks it passes unseen, and the next
    plain run must not call it unchanged."""
    import worklist.pipeline as pipeline

    real = pipeline.build_rows

    def gap(layout):
        rows, warnings = real(layout)
        rows[4].seq += 10  # 序号 1, 2, 3, 4, 15, …: not contiguous
        return rows, warnings

    monkeypatch.setattr(pipeline, "build_rows", gap)
    [a] = notices(tmp_path / "in", 1)
    out = tmp_path / "out"
    assert_clean(run_convert(str(a), "-o", str(out), "--no-checks"), 0)
    res = run_convert(str(a), "-o", str(out))
    assert_clean(res, EXIT_INVALID)
    assert "unchanged" not in res.stderr and "failed validation" in res.stderr
    res = run_convert(str(a), "-o", str(out))  # now checked the same way: unchanged (and still invalid)
    assert_clean(res, EXIT_INVALID)
    assert read_manifest(out)["documents"][0]["status"] == "unchanged"


def test_the_suite_id_is_the_same_in_every_process() -> None:
    """The suite's id is part of "unchanged": if it differed between processes (an object address in a
    rule's repr), every run would convert everything again."""
    import sys

    code = "from worklist.checks.rules import SUITE_ID; print(SUITE_ID)"
    ids = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
           for _ in range(2)}
    from worklist.checks.rules import SUITE_ID

    assert ids == {SUITE_ID + "\n"}


# ------------------------------------------------------------------------------------- time limits


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="needs a CPU set to pin the test to one core")
def test_more_workers_than_cores_do_not_fail_good_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Six workers on one core under a limit of 2 s, each first waiting 3 s without working (as a worker
    waits for its turn on a busy core), then converting a notice (~0.3 s of work, a seventh of the limit):
    alive longer than the limit by construction, which a limit counted from the fork would fail; counted on
    each worker's CPU time, none fails."""
    import worklist.batch.timelimit as timelimit
    import worklist.pipeline as pipeline

    limit, wait = 2, 3.0
    monkeypatch.setattr(timelimit, "KILL_GRACE", 0.2)
    real = pipeline.convert

    def wait_then_work(*args, **kwargs):
        time.sleep(wait)  # no CPU time: the wall-clock backstop (2 limits per share of a core) is far off
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "convert", wait_then_work)
    src = tmp_path / "in"
    notices(src, 6)
    cpus = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cpus)})
    try:
        assert timelimit.share_of_cores(6) == 6  # one core: each worker's backstop is 2 × 2 s × 6 + grace
        res = run_convert(str(src), "-o", str(tmp_path / "out"), "--workers", "6", "--timeout", str(limit))
    finally:
        os.sched_setaffinity(0, cpus)
    assert wait > limit
    assert_clean(res, 0)
    assert "6 converted" in res.stderr


def test_usable_cores_is_the_cpu_set() -> None:
    from worklist.batch import default_workers

    if hasattr(os, "sched_getaffinity"):
        assert 1 <= default_workers() <= len(os.sched_getaffinity(0))


def _hang_in(monkeypatch: pytest.MonkeyPatch, module, name: str, deaf: bool) -> None:
    import worklist.batch.timelimit as timelimit

    monkeypatch.setattr(timelimit, "KILL_GRACE", 0.5)
    monkeypatch.setattr(module, name, lambda *a, **k: hfs.hang(deaf))


@pytest.mark.usefixtures("hang_guard")  # the work never ends: without the limit, the command would not
@pytest.mark.parametrize(("command", "deaf"), [("inspect", False), ("golden", False), ("validate", False),
                                               ("compare", False), ("inspect", True)],
                         ids=["inspect", "golden", "validate", "compare", "inspect-deaf-to-the-timer"])
def test_every_command_that_reads_a_document_has_the_time_limit(command: str, deaf: bool, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                converted: Path) -> None:
    import worklist.outputs.validate as validate
    import worklist.pipeline as pipeline
    import worklist.pipeline.review as review

    if command == "inspect":
        _hang_in(monkeypatch, review, "row_labels", deaf)
        args = ["inspect", str(bad.SMALL_PDF), "--page", "1", "-o", str(tmp_path / "p.png")]
    elif command == "golden":
        _hang_in(monkeypatch, pipeline, "convert", deaf)
        args = ["golden", str(SAMPLE["txt"]), "-o", str(tmp_path / "g")]
    elif command == "compare":  # a notice file is converted on the fly
        _hang_in(monkeypatch, pipeline, "convert", deaf)
        args = ["compare", str(SAMPLE["txt"]), str(converted)]
    else:
        _hang_in(monkeypatch, validate, "run_validation", deaf)
        args = ["validate", str(converted)]
    res = invoke(*args, "--timeout", "1")
    assert_clean(res, TIME_LIMIT)
    limit = 1 if command != "validate" else 1 * (len(doc_dirs(converted)) + 1)  # validate: per document
    assert f"took longer than the time limit of {limit} s" in res.output
    assert not (tmp_path / "p.png").exists() and not (tmp_path / "g").exists()


# ------------------------------------------------------------------------------------- inspect's image


@pytest.mark.parametrize("inches", [200, 20000])
def test_inspect_bounds_the_image_in_pixels(inches: int, tmp_path: Path) -> None:
    from PIL import Image

    from worklist.extract.geometry.draw import MAX_PIXELS

    pdf = hfs.huge_page_pdf(tmp_path, 72 * inches, 72 * inches)
    png = tmp_path / "page.png"
    proc, peak_mb = hfs.run_measured(
        [*hfs.worklist_command(), "inspect", str(pdf), "--page", "2", "-o", str(png)], tmp=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert peak_mb < 500, peak_mb  # never drawn at full size (200 inches at 100 dpi: 1.2 GB of pixels)
    assert f"is {inches} × {inches} inches: drawn at" in proc.stderr and "instead of 100" in proc.stderr
    with Image.open(png) as im:
        assert im.width * im.height <= MAX_PIXELS
        assert im.width >= 0.9 * (MAX_PIXELS ** 0.5)  # lowered to fit, not to nothing


def test_inspect_keeps_the_asked_resolution_on_a_normal_page(tmp_path: Path) -> None:
    res = invoke("inspect", str(bad.SMALL_PDF), "--page", "1", "-o", str(tmp_path / "p.png"), "--resolution", "72")
    assert_clean(res, 0)
    assert "warning" not in res.output


# ------------------------------------------------------------------------------------- folder scans


def test_a_folder_scan_takes_every_form_a_named_file_converts(tmp_path: Path) -> None:
    """.docm/.dotx are DOCX by their bytes: named on the command line they convert, so a folder gives them."""
    import shutil

    from worklist.formats import FORMATS

    src = tmp_path / "in"
    src.mkdir()
    for suffix in FORMATS["docx"].suffixes:
        shutil.copy(bad.SMALL_DOCX, src / f"notice{suffix}")
        # each form a different document: append a byte after the zip's end (still a valid zip)
        with open(src / f"notice{suffix}", "ab") as fh:
            fh.write(suffix.encode())
    named = run_convert(str(src / "notice.docm"), "-o", str(tmp_path / "named"))
    assert_clean(named, 0)
    res = run_convert(str(src), "-o", str(tmp_path / "out"))
    assert_clean(res, 0)
    m = read_manifest(tmp_path / "out")
    assert sorted(Path(d["path"]).suffix for d in m["documents"]) == sorted(FORMATS["docx"].suffixes)
    assert m["skipped"] == []


def test_a_folder_scan_lists_what_it_passed_over_and_why(tmp_path: Path) -> None:
    src = tmp_path / "in"
    [good] = notices(src, 1)
    (src / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (src / "README").write_text("notes", encoding="utf-8")
    (src / ".hidden.txt").write_text("x", encoding="utf-8")
    (src / ".git").mkdir()
    (src / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    (src / "dangling.txt").symlink_to(tmp_path / "nothing.txt")
    out = src / "out"  # the output folder inside the input folder: not read as input (from the 2nd run on)
    res = run_convert(str(src), "-o", str(out))
    assert_clean(res, 0)
    assert "95 rows; 6 other entries passed over" in res.stderr
    reasons = {Path(s["path"]).name: s["reason"] for s in read_manifest(out)["skipped"]}
    assert reasons == {
        "scan.png": "not a notice form (.png)",
        "README": "not a notice form (no suffix)",
        ".hidden.txt": "hidden name",
        ".git": "hidden name",
        "elsewhere": "a link to a folder (not followed)",
        "dangling.txt": "a link to nothing",
    }
    notices(src, 1, start=2)
    res = run_convert(str(src), "-o", str(out))
    assert_clean(res, 0)
    assert "1 converted, 1 unchanged" in res.stderr and "7 other entries passed over" in res.stderr
    m = read_manifest(out)
    assert m["summary"]["skipped"] == 7
    assert {Path(s["path"]).name: s["reason"] for s in m["skipped"]}["out"] == "the output folder"


# ------------------------------------------------------------------------------------- validate


@pytest.fixture
def out_copy(converted: Path, tmp_path: Path) -> Path:
    import shutil

    out = tmp_path / "out"
    shutil.copytree(converted, out)
    return out


def test_the_manifests_hold_the_hash_of_every_file_written(out_copy: Path) -> None:
    import hashlib

    [doc] = doc_dirs(out_copy)
    files = read_manifest(doc)["files"]
    assert set(files) == {p.name for p in doc.iterdir()} - {"manifest.json"}
    assert all(hashlib.sha256((doc / n).read_bytes()).hexdigest() == sha for n, sha in files.items())
    recorded = read_manifest(out_copy)["dataset"]["files"]
    assert set(recorded) == {p.name for p in (out_copy / "dataset").iterdir()}
    assert all(hashlib.sha256((out_copy / "dataset" / n).read_bytes()).hexdigest() == sha
               for n, sha in recorded.items())


def _edit_csv(path: Path) -> None:
    """Change one value in a CSV, keeping it a valid CSV of the same shape (a hand edit in Excel)."""
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines(keepends=True)
    lines[1] = lines[1].replace("1", "2", 1)
    assert "".join(lines) != text
    path.write_text("\ufeff" + "".join(lines), encoding="utf-8")


def _edit_parquet(path: Path) -> None:
    """Change one value in a Parquet file, same schema, same row count (checks cannot tell)."""
    import pyarrow as pa

    t = pq.read_table(path)
    rows = t.to_pylist()
    rows[0]["name"] = rows[0]["name"] + "。"
    pq.write_table(pa.Table.from_pylist(rows, schema=t.schema), path)


@pytest.mark.parametrize("where", ["document-csv", "document-parquet", "dataset-csv"])
def test_validate_finds_an_edited_value(where: str, out_copy: Path) -> None:
    [doc] = doc_dirs(out_copy)
    if where == "document-csv":
        target = doc / "targets.csv"
        _edit_csv(target)
    elif where == "document-parquet":
        target = doc / "items.parquet"
        _edit_parquet(target)
    else:
        target = out_copy / "dataset" / "milestones.csv"
        _edit_csv(target)
    res = invoke("validate", str(out_copy))
    assert_clean(res, EXIT_INVALID)
    fails = [x for x in res.output.splitlines() if x.startswith("FAIL")]
    label = "FAIL  dataset" if where.startswith("dataset") else f"FAIL  {doc.name}"
    [line] = [x for x in fails if x.startswith(label)]  # (an edited document also differs from the dataset)
    assert f"changed after conversion: {target.name} (SHA-256 differs from " in line


@pytest.mark.parametrize("where", ["document", "dataset"])
def test_validate_on_a_parquet_that_lost_a_column_is_one_line(where: str, out_copy: Path) -> None:
    [doc] = doc_dirs(out_copy)
    folder = doc if where == "document" else out_copy / "dataset"
    for table, column in (("items", "name"), ("targets", "doc_id")):
        t = pq.read_table(folder / f"{table}.parquet")
        pq.write_table(t.drop([column]), folder / f"{table}.parquet")
    for path in (out_copy, folder):
        res = invoke("validate", str(path))
        assert_clean(res, EXIT_INVALID)
        fails = [x for x in res.output.splitlines() if x.startswith("FAIL")]
        assert fails and all("columns differ" in x or "no doc_id column" in x for x in fails), res.output


def test_a_folders_readme_and_git_placeholders_are_left_alone(tmp_path: Path) -> None:
    """The repository's outputs/ keeps a README (and projects keep .gitkeep/.gitignore): not foreign, never
    touched; anything else beside them still is."""
    out = tmp_path / "outputs"
    out.mkdir()
    notes = {"README.md": "# outputs\n", ".gitkeep": "", ".gitignore": "*\n"}
    for name, text in notes.items():
        (out / name).write_text(text, encoding="utf-8")
    res = run_convert(str(SAMPLE["txt"]), "-o", str(out))
    assert res.exit_code == 0, res.output
    assert {n: (out / n).read_text(encoding="utf-8") for n in notes} == notes
    assert run_convert(str(SAMPLE["txt"]), "-o", str(out)).exit_code == 0  # and again
    (out / "README.md").unlink()
    (out / "notes.md").write_text("mine", encoding="utf-8")
    assert run_convert(str(SAMPLE["txt"]), "-o", str(out)).exit_code == EXIT_USAGE


# ------------------------------------------------------------------------------------------------ round 3


def test_duckdb_on_a_full_disk_is_exit_73(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DuckDB says a full disk in its own exception (IOException/FatalException), not an errno: still 73."""
    import duckdb

    def full(*_a: object, **_k: object) -> None:
        raise duckdb.IOException('IO Error: Could not write file "worklist.duckdb": No space left on device')

    src = tmp_path / "in"
    notices(src, 1)
    monkeypatch.setattr(duckdb, "connect", full)
    res = run_convert(str(src), "-o", str(tmp_path / "out"))
    assert_clean(res, EXIT_CANT_WRITE)
    [line] = error_lines(res.stderr)
    assert "No space left on device" in line and "FatalException" not in line and "IOException" not in line


def test_a_full_disk_while_reading_is_exit_73(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC from the read stage (a converter's or OCR's temporary files) is 'not written', not unreadable."""
    import errno

    import worklist.pipeline as pipeline

    def full(path: object, *_a: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    src = tmp_path / "in"
    notices(src, 1)
    monkeypatch.setattr(pipeline, "convert", full)
    res = run_convert(str(src), "-o", str(tmp_path / "out"), "--workers", "1")
    assert_clean(res, EXIT_CANT_WRITE)


@pytest.mark.parametrize("make", [
    lambda d: (d / "loop.txt").symlink_to("loop.txt"),
    lambda d: (d / "dangling.txt").symlink_to("nowhere.txt"),
], ids=["link-loop", "dangling-link"])
def test_a_named_input_that_cannot_be_looked_at_is_unreadable(tmp_path: Path, make) -> None:
    make(tmp_path)
    [name] = [p for p in tmp_path.iterdir()]
    res = run_convert(str(name), "-o", str(tmp_path / "out"))
    assert_clean(res, UNREADABLE)
    [line] = error_lines(res.stderr)
    assert line.startswith(f"error: {name}")


def test_a_named_input_in_a_folder_without_permission_is_unreadable(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """(Root reads every folder, so the refusal is the kernel's answer made here.)"""
    import errno

    import worklist.batch.run as run

    target = tmp_path / "locked" / "notice.txt"
    real = os.lstat

    def lstat(p: object, *a: object, **k: object) -> os.stat_result:
        if Path(str(p)) == target:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(p))
        return real(p, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(run.os, "lstat", lstat)
    assert run._absent(target) is False  # there, but not to be looked at: not a usage error
    assert run._absent(tmp_path / "absent.txt") is True
