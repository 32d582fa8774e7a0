"""What a batch tells its caller: one `FileResult` per input, the counts, and OUT/manifest.json's entries."""

from __future__ import annotations

import signal
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from worklist.outputs import layout as output_layout
from worklist.schemas.records import path_text

if TYPE_CHECKING:  # pragma: no cover
    from worklist.outputs.golden import GoldenReport


@dataclass
class FileResult:
    """One input of a batch: what happened to it (`status`), and where it went or why it failed."""

    path: str
    status: str  # "converted", "unchanged", "duplicate", "failed"
    doc_id: str | None = None
    error: str | None = None
    error_kind: str | None = None
    exit_code: int = 0
    items: int = 0
    warnings: list[str] = field(default_factory=list)
    valid: bool = True
    seconds: float = 0.0
    sha256: str | None = None
    traceback: str | None = None
    worker: str | None = None  # the cluster worker that converted it (a `--cluster` run only)


class BatchInterrupted(Exception):
    """SIGINT/SIGTERM during a batch: workers stopped, OUT/.tmp removed; `results` holds what finished."""

    def __init__(self, signum: int, results: list[FileResult]) -> None:
        super().__init__(f"interrupted by {signal.Signals(signum).name}")
        self.signum = signum
        self.results = results

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # the shell's convention: 130 for Ctrl-C, 143 for SIGTERM


def summarize(results: list[FileResult], seconds: float, *, interrupted: str | None = None,
              skipped: int = 0) -> dict[str, Any]:
    """Counts for OUT/manifest.json and the console summary; failures grouped by kind."""
    failed = [r for r in results if r.status == "failed"]
    kinds: dict[str, int] = {}
    for r in failed:
        kinds[r.error_kind or "unknown"] = kinds.get(r.error_kind or "unknown", 0) + 1
    out: dict[str, Any] = {
        "files": len(results),
        "converted": sum(r.status == "converted" for r in results),
        "unchanged": sum(r.status == "unchanged" for r in results),
        "duplicate": sum(r.status == "duplicate" for r in results),
        "failed": len(failed),
        "failed_by_kind": kinds,
        "invalid": sum(r.status in ("converted", "unchanged") and not r.valid for r in results),
        "warnings": sum(len(r.warnings) for r in results if r.status == "converted"),
        "skipped": skipped,
        "seconds": round(seconds, 3),
    }
    if interrupted:
        out["interrupted"] = interrupted
    return out


def manifest_entry(r: FileResult) -> dict[str, Any]:
    """One input as OUT/manifest.json lists it (tracebacks stay out: the console shows them with --debug)."""
    d = asdict(r)
    d.pop("traceback", None)
    if d.get("worker") is None:
        d.pop("worker", None)  # a local run's manifest stays as it was
    d["path"] = path_text(r.path)  # a name in GBK bytes is written escaped (`\\xd6`), the manifest stays UTF-8
    return d


def write_batch_manifest(out_root: Path, results: list[FileResult], seconds: float, *,
                         interrupted: str | None = None, notices: list[dict[str, Any]] | None = None,
                         skipped: list[dict[str, str]] | None = None,
                         dataset_files: dict[str, str] | None = None, built_from: str | None = None) -> Path:
    """OUT/manifest.json: every input with its status, doc_id or error; every notice of the dataset with its
    sources (which agree, which one is in the dataset, which were superseded); what the folder scan passed
    over; and the SHA-256 of every file of dataset/ (with the fingerprint of what it was built from)."""
    summary = summarize(results, seconds, interrupted=interrupted, skipped=len(skipped or []))
    return output_layout.write_batch_manifest(Path(out_root), summary, [manifest_entry(r) for r in results],
                                              notices=notices, skipped=skipped, dataset_files=dataset_files,
                                              built_from=built_from)


@dataclass
class BatchReport:
    """Everything `convert_batch` did, for a library caller or the CLI to report; `exit_code` is the status
    `worklist convert` exits with."""

    out: Path
    files: list[Path] = field(default_factory=list)  # the notices found, in input order
    missing: list[Path] = field(default_factory=list)  # inputs that do not exist
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # what the folder scan passed over, and why
    results: list[FileResult] = field(default_factory=list)  # one per file (what finished, if interrupted)
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)  # one-line errors of the batch as a whole (usage, busy)
    dataset: Path | None = None  # OUT/dataset, when written
    database: Path | None = None  # OUT/worklist.duckdb, when written
    notices: list[dict[str, Any]] = field(default_factory=list)  # the dataset's notices and their sources
    dataset_error: str | None = None
    dataset_error_code: int = 0  # 73 when the disk refused it, 70 for anything else
    manifest: Path | None = None  # OUT/manifest.json, when written
    manifest_error: str | None = None  # why OUT/manifest.json could not be written
    interrupted: str | None = None  # "interrupted by SIGINT" when a signal stopped the batch
    golden: "GoldenReport | None" = None  # the comparison with the golden samples, when asked and reached
    exit_code: int = 0

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def invalid(self) -> list[FileResult]:
        """Converted (now or before) but failed validation."""
        return [r for r in self.results if r.status in ("converted", "unchanged") and not r.valid]

    @property
    def done_ids(self) -> list[str]:
        return [r.doc_id for r in self.results if r.status != "failed" and r.doc_id]

    @property
    def single(self) -> bool:
        """One file asked for by name and nothing missing: the console says one line about it."""
        return len(self.files) == 1 and not self.missing and len(self.results) == 1

    def summary(self) -> dict[str, Any]:
        return summarize(self.results, self.seconds, interrupted=self.interrupted, skipped=len(self.skipped))
