"""Batch conversion: many files, some broken, one summary.

Files run in worker processes (fork: the heavy imports are paid once, in the parent), each under a time
limit enforced inside the worker with SIGALRM, so one pathological PDF cannot hang the batch. Every document
folder is written atomically; a file that fails leaves nothing behind but its line in the summary and in
OUT/manifest.json. A file whose bytes were converted before (same doc_id, same extractor and schema
version) is skipped unless `force`.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import shutil
import signal
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from extract.errors import ReadError, TimeLimitError

NOTICE_SUFFIXES = {".pdf", ".docx", ".doc", ".wps", ".txt", ".tsv", ".text"}
TMP_DIR = ".tmp"


@dataclass
class FileResult:
    path: str
    status: str  # "converted", "unchanged", "failed"
    doc_id: str | None = None
    error: str | None = None
    error_kind: str | None = None
    exit_code: int = 0
    items: int = 0
    warnings: list[str] = field(default_factory=list)
    valid: bool = True
    seconds: float = 0.0
    traceback: str | None = None


def collect_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Files named on the command line are always tried; folders give their notice-like files (recursively)."""
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in NOTICE_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            found = [p]
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def _already_done(path: Path, out_root: Path) -> str | None:
    """doc_id of an up-to-date earlier conversion of the same bytes, else None."""
    import hashlib

    from schemas.models import SCHEMA_VERSION
    from worklist import __version__

    try:
        doc_id = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return None
    man = out_root / doc_id / "manifest.json"
    if not man.exists():
        return None
    try:
        m = json.loads(man.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if m.get("extractor_version") == __version__ and m.get("schema_version") == SCHEMA_VERSION:
        return doc_id
    return None


def _alarm(signum: int, frame: object) -> None:
    raise TimeLimitError("took longer than the time limit")


def convert_one(path: str, out_root: str, password: str | None, timeout: float | None,
                run_checks: bool = True) -> FileResult:
    """Convert and write one file; never raises (the result says what went wrong)."""
    from worklist.pipeline import convert
    from worklist.writers import write_conversion

    t0 = time.perf_counter()
    use_alarm = bool(timeout) and hasattr(signal, "setitimer")
    if use_alarm:
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, float(timeout))  # type: ignore[arg-type]
    try:
        conv = convert(path, password=password, run_checks=run_checks)
        folder = write_conversion(conv, Path(out_root), tmp_parent=Path(out_root) / TMP_DIR)
        valid = not conv.invalid and conv.checks.get("success", True)
        return FileResult(path, "converted", doc_id=folder.name, items=len(conv.items), warnings=conv.warnings,
                          valid=valid, seconds=round(time.perf_counter() - t0, 3),
                          exit_code=0 if valid else 2)
    except ReadError as exc:
        return FileResult(path, "failed", error=str(exc), error_kind=exc.kind, exit_code=exc.exit_code,
                          seconds=round(time.perf_counter() - t0, 3))
    except Exception as exc:  # a bug or an input nobody foresaw: report it, keep the batch going
        return FileResult(path, "failed", error=f"internal error: {type(exc).__name__}: {exc}",
                          error_kind="internal", exit_code=70, seconds=round(time.perf_counter() - t0, 3),
                          traceback=traceback.format_exc())
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)


def _warm() -> None:
    """Import what every conversion needs before forking, so each worker starts warm."""
    import worklist.pipeline  # noqa: F401
    import worklist.writers  # noqa: F401


def run_batch(
    files: list[Path],
    out_root: Path,
    *,
    workers: int = 1,
    timeout: float | None = 300.0,
    password: str | None = None,
    force: bool = False,
    run_checks: bool = True,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Convert files into out_root; results in input order."""
    out_root.mkdir(parents=True, exist_ok=True)
    tmp_parent = out_root / TMP_DIR
    shutil.rmtree(tmp_parent, ignore_errors=True)  # leftovers of a killed run: never complete folders
    tmp_parent.mkdir(exist_ok=True)
    results: dict[int, FileResult] = {}
    todo: list[tuple[int, Path]] = []
    for i, f in enumerate(files):
        done = None if force else _already_done(f, out_root)
        if done:
            results[i] = FileResult(str(f), "unchanged", doc_id=done)
            if on_result:
                on_result(results[i])
        else:
            todo.append((i, f))
    try:
        if workers <= 1 or len(todo) <= 1:
            for i, f in todo:
                results[i] = convert_one(str(f), str(out_root), password, timeout, run_checks)
                if on_result:
                    on_result(results[i])
        else:
            _warm()
            if run_checks:
                from schemas.checks import _context

                _context()
            ctx = mp.get_context("fork")
            with ctx.Pool(processes=min(workers, len(todo)), maxtasksperchild=50) as pool:
                pending = {
                    i: pool.apply_async(convert_one, (str(f), str(out_root), password, timeout, run_checks))
                    for i, f in todo
                }
                for i, f in todo:
                    results[i] = pending[i].get()
                    if on_result:
                        on_result(results[i])
    finally:
        shutil.rmtree(tmp_parent, ignore_errors=True)
    return [results[i] for i in range(len(files))]


def write_batch_manifest(out_root: Path, results: list[FileResult], seconds: float) -> Path:
    """OUT/manifest.json: every input with its status, doc_id or error (tracebacks only with --debug)."""
    docs = []
    for r in results:
        d = asdict(r)
        d.pop("traceback", None)
        docs.append(d)
    summary = {
        "files": len(results),
        "converted": sum(r.status == "converted" for r in results),
        "unchanged": sum(r.status == "unchanged" for r in results),
        "failed": sum(r.status == "failed" for r in results),
        "invalid": sum(r.status == "converted" and not r.valid for r in results),
        "warnings": sum(len(r.warnings) for r in results),
        "seconds": round(seconds, 3),
    }
    path = out_root / "manifest.json"
    tmp = path.with_suffix(f".json.{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"summary": summary, "documents": docs}, ensure_ascii=False, indent=2) + "\n",
                   encoding="utf-8")
    os.replace(tmp, path)
    return path


def document_dirs(out_root: Path) -> list[Path]:
    """Complete document folders under out_root (those with a manifest), in name order."""
    return sorted(p for p in out_root.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and p.name != "dataset"
                  and (p / "manifest.json").exists())
