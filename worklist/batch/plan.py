"""What a batch converts: the notice files among the inputs, each distinct content once, and not the files
whose bytes were converted before (same doc_id, same extractor and schema version) unless `force`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from worklist import __version__
from worklist.batch.report import FileResult
from worklist.extract.errors import ReadError
from worklist.output_layout import OutputLayout
from worklist.records import doc_id_for, file_sha256
from worklist.schemas.models import SCHEMA_VERSION

NOTICE_SUFFIXES = {".pdf", ".docx", ".doc", ".wps", ".txt", ".tsv", ".text", ".ofd", ".rtf", ".xls", ".et",
                   ".html", ".htm", ".shtml", ".mhtml", ".mht", ".xlsx", ".xlsm"}


@dataclass(frozen=True)
class Task:
    """A file to convert: its position among the inputs (results keep input order) and its hash."""

    index: int
    path: Path
    sha256: str | None


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


def plan(files: list[Path], out_root: Path, force: bool,
         finish: Callable[[int, FileResult], None]) -> list[Task]:
    """The tasks to run; files settled without converting (unreadable, duplicate, unchanged) go to `finish`."""
    layout = OutputLayout(out_root)
    todo: list[Task] = []
    first: dict[str, Path] = {}
    for i, f in enumerate(files):
        try:
            sha = file_sha256(f)
        except OSError as exc:
            finish(i, FileResult(str(f), "failed", error=f"cannot read the file ({exc.strerror or exc})",
                                 error_kind=ReadError.kind, exit_code=ReadError.exit_code))
            continue
        doc_id = doc_id_for(sha)
        if sha in first:
            finish(i, FileResult(str(f), "duplicate", doc_id=doc_id, sha256=sha,
                                 warnings=[f"same bytes as {first[sha]}: converted once"]))
            continue
        first[sha] = f
        earlier = None if force else layout.up_to_date(doc_id, extractor_version=__version__,
                                                         schema_version=SCHEMA_VERSION)
        if earlier is not None:
            finish(i, FileResult(str(f), "unchanged", doc_id=doc_id, sha256=sha,
                                 items=(earlier.get("counts") or {}).get("items", 0),
                                 valid=bool((earlier.get("validation") or {}).get("success", True))))
            continue
        todo.append(Task(i, f, sha))
    return todo
