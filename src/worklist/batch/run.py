"""A batch from start to end: `run_batch` converts files into OUT; `convert_batch` is everything
`worklist convert` does (inputs found, documents converted, OUT/dataset and OUT/manifest.json written, golden
comparison, exit status), as a library call that returns a `BatchReport` and prints nothing.

Nothing half-written is left in OUT: document folders are built in the run's own work folder
(`OUT/.worklist-tmp-<pid>-<nonce>`) and moved into place with one rename; the work folder is removed at the
end of the run and when it is interrupted (SIGTERM/SIGINT stop the workers and raise `BatchInterrupted`),
and a killed run's is removed by the next. One run at a time writes to an OUT
(`worklist.outputs.layout.lock_output`), from before it looks at OUT until its manifest is written, so that
one run's cleaning never meets another's unfinished work and the last to finish wrote the last dataset. An OUT
holding anything worklist did not write is refused, never cleaned (`outputs.layout.check_owned`).

After an interruption the dataset is still rewritten from the document folders that finished, so that OUT
is consistent (`worklist validate` passes) and the same command converts the rest.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from concurrent.futures import Executor
from typing import Callable, Iterable

from worklist.batch.cluster import run_on_executor
from worklist.batch.plan import collect_inputs, plan, scan_inputs
from worklist.batch.pool import (Stop, StopSignal, formats, isolate, restore_signals, run_workers,
                                 trap_signals, warm)
from worklist.batch.report import BatchInterrupted, BatchReport, FileResult, write_batch_manifest
from worklist.batch.timelimit import usable_cores
from worklist.batch.worker import Job, convert_one, disk_full, os_error_text
from worklist.pipeline.options import ConvertOptions
from worklist.exit_codes import EXIT_CANT_WRITE, EXIT_INTERNAL, EXIT_INVALID, EXIT_MIXED, EXIT_USAGE
from worklist.extract.errors import ReadError
from worklist.outputs.layout import (
    DATABASE,
    ForeignContentError,
    OutputBusyError,
    OutputLayout,
    OutputLock,
    check_owned,
    clean_leftovers,
    dataset_basis,
    file_hashes,
    lock_output,
    read_json,
)
from worklist.schemas.records import path_text

__all__ = ["BatchBusyError", "ForeignContentError", "collect_inputs", "convert_batch", "default_workers",
           "run_batch"]

BatchBusyError = OutputBusyError  # another batch is writing to the same output folder


def default_workers() -> int:
    """The cores this process may use (its CPU set and a container's CPU quota, not the machine's)."""
    return usable_cores()


def _expected_checks(used: str) -> tuple[str, str | None]:
    """How this run checks a document, as `outputs.layout.checks_key` reads it back from a manifest."""
    if used == "none":
        return "none", None
    from worklist.checks.rules import SUITE_ID

    return used, SUITE_ID


def run_batch(
    files: list[Path],
    out_root: Path,
    *,
    workers: int = 1,
    timeout: float | None = 300.0,
    password: str | None = None,
    force: bool = False,
    checks: str = "native",
    ocr: str = "auto",
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Convert files into out_root; results in input order. The document folders only: `convert_batch`
    also writes OUT/dataset and OUT/manifest.json.

    Raises `BatchInterrupted` on SIGINT/SIGTERM (after stopping the workers and removing the unfinished
    work), `BatchBusyError` when another batch holds OUT's lock, and `ForeignContentError` when OUT holds
    files worklist did not write."""
    out_root = Path(out_root)
    stop = Stop()
    handlers = trap_signals(stop)
    try:
        with lock_output(out_root):
            check_owned(out_root)
            return _convert_files(files, out_root, workers=workers, timeout=timeout,
                                  options=ConvertOptions(password=password, checks=checks, ocr=ocr),
                                  force=force, on_result=on_result, stop=stop)
    finally:
        restore_signals(handlers)


def _convert_files(files: list[Path], out_root: Path, *, workers: int, timeout: float | None,
                   options: ConvertOptions, force: bool, on_result: Callable[[FileResult], None] | None,
                   stop: Stop, executor: Executor | None = None, memory_mb: int | None = None) -> list[FileResult]:
    """The body of a run, with OUT's lock held and the signals trapped (`stop`) by the caller."""
    results: dict[int, FileResult] = {}

    def finish(i: int, r: FileResult) -> None:
        results[i] = r
        if on_result:
            on_result(r)

    in_workers = executor is not None or isolate(workers, timeout)
    stop.raise_now = not in_workers
    clean_leftovers(out_root)
    tmp_dir = OutputLayout(out_root).new_work_dir()
    try:
        used = options.checks
        job = Job(str(out_root), options, timeout, str(tmp_dir))
        try:
            stop.check()
            todo = plan(files, out_root, force, finish, checks=_expected_checks(used))
            if todo and executor is not None:
                run_on_executor(todo, job, executor, finish, stop, memory_mb=memory_mb)
            elif todo and in_workers:
                if len(todo) > 1:  # a single file gains nothing from warming the parent
                    warm(used, formats([t.path for t in todo]))
                run_workers(todo, job, workers, finish, stop)
            else:
                for t in todo:
                    stop.check()
                    r = convert_one(str(t.path), job)
                    r.sha256 = r.sha256 or t.sha256
                    finish(t.index, r)
            stop.check()
        except StopSignal as s:
            raise BatchInterrupted(s.signum, [results[i] for i in sorted(results)]) from None
    finally:
        stop.raise_now = False
        shutil.rmtree(tmp_dir, ignore_errors=True)
    return [results[i] for i in range(len(files))]


def convert_batch(
    paths: Iterable[str | Path],
    out: str | Path,
    *,
    workers: int | None = None,
    timeout: float | None = 300.0,
    password: str | None = None,
    force: bool = False,
    checks: str = "native",
    ocr: str = "auto",
    golden: str | Path | None = None,
    on_result: Callable[[FileResult], None] | None = None,
    on_start: Callable[[list[Path]], None] | None = None,
    executor: Executor | None = None,
    memory_mb: int | None = None,
) -> BatchReport:
    """Everything `worklist convert PATHS -o OUT` does, without printing: returns what happened.

    `paths`: files and folders (searched for notices). `workers`: processes (default: the usable cores).
    `timeout`: seconds of CPU time per file (0 or None: no limit). `checks`: "native", "gx" or "none". `ocr`:
    which pages of a scan OCR reads ("auto", "off", "force"; `pipeline.convert`).
    `golden`: compare each converted document with its golden sample (only when everything else succeeded).
    `executor`: run the documents on it (any `concurrent.futures.Executor`, e.g. a Dask cluster's
    `Client.get_executor()`; `worklist.batch.cluster`) instead of the local worker pool; `memory_mb` caps
    each document's address space there.
    `on_start` gets the files found before converting starts, `on_result` each file's result as it finishes
    (progress). SIGINT and SIGTERM stop the batch cleanly: the report says `interrupted` and its exit code is
    128 + the signal."""
    t0 = time.perf_counter()
    out = Path(out)
    inputs = [Path(p) for p in paths]
    report = BatchReport(out=out)
    if out.exists() and not out.is_dir():
        report.errors.append(f"{path_text(out)}: is a file, not a folder (-o names the output folder)")
        report.exit_code = EXIT_USAGE
        return report
    report.missing = [p for p in inputs if _absent(p)]
    scan = scan_inputs([p for p in inputs if p not in report.missing], out=out)
    report.files, report.skipped = scan.files, scan.skipped
    unlisted = [FileResult(str(d), "failed", error=why, error_kind=ReadError.kind, exit_code=ReadError.exit_code)
                for d, why in scan.unlisted]
    if not report.files and not unlisted:
        if not report.missing:
            others = f" ({len(scan.skipped)} other entries passed over)" if scan.skipped else ""
            report.errors.append("no notice files (.pdf, .docx, .txt, .html, .xlsx …) found in "
                                 + ", ".join(map(path_text, inputs)) + others)
        report.exit_code = EXIT_USAGE
        return report
    if on_start is not None:
        on_start(report.files)
    try:
        lock: OutputLock = lock_output(out)
    except OutputBusyError as exc:
        report.errors.append(str(exc))
        report.exit_code = EXIT_USAGE
        return report
    except OSError as exc:
        report.errors.append(f"{path_text(out)}: cannot create the output folder ({os_error_text(exc)})")
        report.exit_code = EXIT_CANT_WRITE
        return report
    stop = Stop()
    handlers = trap_signals(stop)
    try:
        with lock:
            _run_locked(report, inputs, out, unlisted, stop, t0, workers=workers or default_workers(),
                        timeout=timeout or None, options=ConvertOptions(password=password, checks=checks, ocr=ocr),
                        force=force, on_result=on_result, executor=executor, memory_mb=memory_mb)
    finally:
        restore_signals(handlers)
    if report.exit_code or report.errors:
        return report
    report.exit_code = _exit_code(report)
    if golden is not None and report.exit_code == 0:
        from worklist.outputs.golden import compare_with_golden

        report.golden = compare_with_golden(out, Path(golden), report.done_ids)
        report.exit_code = report.golden.exit_code
    return report


def _run_locked(report: BatchReport, paths: list[Path], out: Path, unlisted: list[FileResult], stop: Stop,
                t0: float, *, workers: int, timeout: float | None, options: ConvertOptions, force: bool,
                on_result: Callable[[FileResult], None] | None, executor: Executor | None = None,
                memory_mb: int | None = None) -> None:
    """The part of `convert_batch` under OUT's lock: check OUT, convert, write the dataset and the manifest.
    Sets `report.exit_code` only for what ends the run early (foreign content, OUT not writable, a signal)."""
    layout = OutputLayout(out)
    try:
        check_owned(out)
    except ForeignContentError as exc:
        report.errors.append(str(exc))
        report.exit_code = EXIT_USAGE
        return
    except OSError as exc:
        report.errors.append(f"{path_text(out)}: cannot list the output folder ({os_error_text(exc)})")
        report.exit_code = EXIT_CANT_WRITE
        return
    previous = read_json(layout.batch_manifest) or {}
    signum: int | None = None
    try:
        results = _convert_files(report.files, out, workers=workers, timeout=timeout, options=options,
                                 force=force, on_result=on_result, stop=stop, executor=executor,
                                 memory_mb=memory_mb)
    except BatchInterrupted as exc:
        results, report.interrupted, signum = exc.results, str(exc), exc.signum
    except OSError as exc:  # the run's work folder could not be made: OUT is not writable
        report.errors.append(f"{path_text(out)}: cannot write to the output folder ({os_error_text(exc)})")
        report.exit_code = EXIT_CANT_WRITE
        return
    report.results = results + unlisted
    stop.raise_now = False  # from here on a signal is recorded, and the dataset and manifest still written
    dataset_files = ((previous.get("dataset") or {}).get("files")) or {}
    built_from: str | None = (previous.get("dataset") or {}).get("built_from")
    if any(r.status != "failed" for r in results) or layout.dataset_dir.exists():
        doc_dirs = layout.document_dirs()
        basis = dataset_basis(doc_dirs)
        if not force and _dataset_current(layout, previous, basis):  # nothing changed: nothing rewritten
            report.dataset, report.database = layout.dataset_dir, layout.root / DATABASE
            report.notices = previous.get("notices") or []
        else:
            from worklist.outputs.writers import write_dataset

            try:
                written = write_dataset(out, doc_dirs)
                report.dataset, report.database, report.notices = written.folder, written.database, written.notices
                dataset_files, built_from = file_hashes(report.dataset), basis
            except OSError as exc:
                report.dataset_error = f"{path_text(layout.dataset_dir)}: not written ({os_error_text(exc)})"
                report.dataset_error_code = EXIT_CANT_WRITE
            except Exception as exc:  # e.g. a folder left by another schema version: the documents still stand
                report.dataset_error = f"{path_text(layout.dataset_dir)}: not written ({type(exc).__name__}: {exc})"
                report.dataset_error_code = EXIT_CANT_WRITE if disk_full(exc) else EXIT_INTERNAL
    report.seconds = time.perf_counter() - t0
    try:
        report.manifest = write_batch_manifest(out, report.results, report.seconds, interrupted=report.interrupted,
                                               notices=report.notices if report.dataset else previous.get("notices"),
                                               skipped=_skipped_entries(report), dataset_files=dataset_files,
                                               built_from=built_from)
    except OSError as exc:
        report.manifest_error = f"{path_text(layout.batch_manifest)}: not written ({os_error_text(exc)})"
    if signum is None and stop.signum is not None:  # came while the dataset and manifest were written: finished
        report.interrupted = str(BatchInterrupted(stop.signum, []))
        signum = stop.signum
    if signum is not None:
        report.exit_code = 128 + signum


def _absent(p: str | Path) -> bool:
    """Nothing at all by that name (a usage error, 64). A name that is there but cannot be looked at (no
    permission on its folder, a link loop, a dangling link) is an unreadable input (exit 3), found when read."""
    try:
        os.lstat(p)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False
    return False


def _dataset_current(layout: OutputLayout, previous: dict, basis: str) -> bool:
    """Whether OUT/dataset and the database are what the previous run built from these same document folders
    (`dataset_basis`) and untouched since (every file's SHA-256 as that run's manifest lists them)."""
    before = previous.get("dataset") or {}
    if before.get("built_from") != basis or not before.get("files"):
        return False
    if not (layout.root / DATABASE).is_file() or not layout.dataset_dir.is_dir():
        return False
    return bool(file_hashes(layout.dataset_dir) == before["files"])


def _skipped_entries(report: BatchReport) -> list[dict[str, str]]:
    return [{"path": path_text(p), "reason": why} for p, why in report.skipped]


def _exit_code(report: BatchReport) -> int:
    """One status for the batch: a kind of failure shared by every failed file (and by the batch's own
    writes) is its own code; different kinds are EXIT_MIXED; otherwise invalid documents give EXIT_INVALID."""
    codes = {r.exit_code for r in report.failed}
    if report.missing:
        codes.add(EXIT_USAGE)
    if report.dataset_error:
        codes.add(report.dataset_error_code)
    if report.manifest_error:
        codes.add(EXIT_CANT_WRITE)
    if codes:
        return codes.pop() if len(codes) == 1 else EXIT_MIXED
    return EXIT_INVALID if report.invalid else 0

