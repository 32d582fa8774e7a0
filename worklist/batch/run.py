"""A batch from start to end: `run_batch` converts files into OUT; `convert_batch` is everything
`worklist convert` does (inputs found, documents converted, OUT/dataset and OUT/manifest.json written, golden
comparison, exit status), as a library call that returns a `BatchReport` and prints nothing.

Nothing half-written is left in OUT: document folders are built under OUT/.tmp and moved into place with
one rename; OUT/.tmp is removed at the start and at the end of every run, and when the run is interrupted
(SIGTERM/SIGINT stop the workers, remove OUT/.tmp and raise `BatchInterrupted`). One run at a time writes
to an OUT (`worklist.output_layout.lock_output`), so that one run's cleaning cannot remove another's
unfinished work; `convert_batch` holds the lock until its manifest is written.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Callable, Iterable

from worklist.batch.plan import collect_inputs, plan
from worklist.batch.pool import (Stop, StopSignal, formats, isolate, ocr_threads, restore_signals, run_workers,
                                 trap_signals, warm)
from worklist.batch.report import BatchInterrupted, BatchReport, FileResult, write_batch_manifest
from worklist.batch.worker import convert_one, engine
from worklist.exit_codes import EXIT_INTERNAL, EXIT_INVALID, EXIT_MIXED, EXIT_USAGE
from worklist.output_layout import OutputBusyError, OutputLayout, OutputLock, clean_leftovers, lock_output

BatchBusyError = OutputBusyError  # another batch is writing to the same output folder


def default_workers() -> int:
    """The cores this process may use (a container's CPU set, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def run_batch(
    files: list[Path],
    out_root: Path,
    *,
    workers: int = 1,
    timeout: float | None = 300.0,
    password: str | None = None,
    force: bool = False,
    run_checks: bool = True,
    checks: str = "native",
    ocr: str = "auto",
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Convert files into out_root; results in input order. The document folders only: `convert_batch`
    also writes OUT/dataset and OUT/manifest.json.

    Raises `BatchInterrupted` on SIGINT/SIGTERM (after stopping the workers and removing OUT/.tmp) and
    `BatchBusyError` when another batch holds OUT's lock."""
    out_root = Path(out_root)
    with lock_output(out_root):
        return _convert_files(files, out_root, workers=workers, timeout=timeout, password=password, force=force,
                              run_checks=run_checks, checks=checks, ocr=ocr, on_result=on_result)


def _convert_files(files: list[Path], out_root: Path, *, workers: int, timeout: float | None,
                   password: str | None, force: bool, run_checks: bool, checks: str,
                   on_result: Callable[[FileResult], None] | None, ocr: str = "auto") -> list[FileResult]:
    """The body of a run, with OUT's lock held by the caller."""
    results: dict[int, FileResult] = {}

    def finish(i: int, r: FileResult) -> None:
        results[i] = r
        if on_result:
            on_result(r)

    tmp_dir = OutputLayout(out_root).tmp_dir
    in_workers = isolate(workers, timeout)
    stop = Stop()
    handlers = trap_signals(stop, raise_now=not in_workers)
    try:
        clean_leftovers(out_root)
        tmp_dir.mkdir(exist_ok=True)
        used = engine(run_checks, checks)
        try:
            todo = plan(files, out_root, force, finish)
            if todo and in_workers:
                if len(todo) > 1:  # a single file gains nothing from warming the parent
                    warm(used, formats([t.path for t in todo]))
                with ocr_threads(workers):
                    run_workers(todo, out_root, workers, timeout, password, run_checks, checks, finish, stop, ocr)
            else:
                for t in todo:
                    stop.check()
                    r = convert_one(str(t.path), str(out_root), password, timeout, run_checks, checks, ocr)
                    r.sha256 = r.sha256 or t.sha256
                    finish(t.index, r)
            stop.check()
        except StopSignal as s:
            raise BatchInterrupted(s.signum, [results[i] for i in sorted(results)]) from None
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        restore_signals(handlers)
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
) -> BatchReport:
    """Everything `worklist convert PATHS -o OUT` does, without printing: returns what happened.

    `paths`: files and folders (searched for notices). `workers`: processes (default: the usable cores).
    `timeout`: seconds per file (0 or None: no limit). `checks`: "native", "gx" or "none". `ocr`: which pages
    of a scan OCR reads ("auto", "off", "force"; `pipeline.convert`). `golden`: compare
    each converted document with its golden sample (only when everything else succeeded). `on_start` gets the
    files found before converting starts, `on_result` each file's result as it finishes (progress). SIGINT
    and SIGTERM stop the batch cleanly: the report says `interrupted` and its exit code is 128 + the signal."""
    t0 = time.perf_counter()
    out = Path(out)
    paths = [Path(p) for p in paths]
    report = BatchReport(out=out)
    report.missing = [p for p in paths if not p.exists()]
    report.files = collect_inputs([p for p in paths if p.exists()])
    if not report.files:
        if not report.missing:
            report.errors.append("no notice files (.pdf, .docx, .txt, .html, .xlsx, page images …) found in "
                                 + ", ".join(map(str, paths)))
        report.exit_code = EXIT_USAGE
        return report
    if on_start is not None:
        on_start(report.files)
    layout = OutputLayout(out)
    try:
        lock: OutputLock = lock_output(out)
    except OutputBusyError as exc:
        report.errors.append(str(exc))
        report.exit_code = EXIT_USAGE
        return report
    with lock:
        try:
            report.results = _convert_files(report.files, out, workers=workers or default_workers(),
                                            timeout=timeout or None, password=password, force=force,
                                            run_checks=checks != "none", checks=checks, on_result=on_result,
                                            ocr=ocr)
        except BatchInterrupted as exc:
            report.results, report.interrupted = exc.results, str(exc)
            report.seconds = time.perf_counter() - t0
            report.manifest = write_batch_manifest(out, exc.results, report.seconds, interrupted=str(exc))
            report.exit_code = exc.exit_code
            return report
        if any(r.status != "failed" for r in report.results) or layout.dataset_dir.exists():
            from worklist.writers import write_dataset

            try:
                written = write_dataset(out, layout.document_dirs())
                report.dataset, report.database, report.notices = written.folder, written.database, written.notices
            except Exception as exc:  # e.g. a folder left by another schema version: the documents still stand
                report.dataset_error = f"{layout.dataset_dir}: not written ({type(exc).__name__}: {exc})"
        report.seconds = time.perf_counter() - t0
        report.manifest = write_batch_manifest(out, report.results, report.seconds, notices=report.notices)
    report.exit_code = _exit_code(report)
    if golden is not None and report.exit_code == 0:
        from worklist.golden import compare_with_golden

        report.golden = compare_with_golden(out, Path(golden), report.done_ids)
        report.exit_code = report.golden.exit_code
    return report


def _exit_code(report: BatchReport) -> int:
    """One status for the batch: a kind of failure shared by every failed file is its own code; different
    kinds are EXIT_MIXED; otherwise invalid documents give EXIT_INVALID."""
    code = EXIT_INTERNAL if report.dataset_error else 0
    failed = report.failed
    if failed or report.missing:
        codes = {r.exit_code for r in failed} | ({EXIT_USAGE} if report.missing else set())
        return codes.pop() if len(codes) == 1 else EXIT_MIXED
    if report.invalid and not code:
        return EXIT_INVALID
    return code
