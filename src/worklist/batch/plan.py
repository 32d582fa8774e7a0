"""What a batch converts: the notice files among the inputs, each distinct content once, and not the files
whose bytes were converted before (same doc_id, extractor, schema and checks) unless `force`.

Folders are walked by hand (`os.scandir`), not globbed, so that nothing is passed over without a word: every
entry not taken is listed with the reason (another suffix, a hidden name, a link to a folder, not a regular
file, the output folder itself), and a folder that cannot be listed is a failed input. The suffixes taken
are every form a named file would convert: `worklist.formats.FORMATS`.

Before an input is hashed it is checked from `stat` alone (a regular file within the size limit per input,
`worklist.extract.limits`), and the hash reads no more than that limit: a FIFO or /dev/zero named on the
command line is never opened.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from worklist import __version__
from worklist.batch.report import FileResult
from worklist.formats import notice_suffixes
from worklist.extract.errors import ReadError
from worklist.extract.limits import check_input, sha256_bounded
from worklist.outputs.layout import OutputLayout
from worklist.page_images import IMAGE_SUFFIXES, input_files
from worklist.schemas.records import doc_id_for, file_sha256, path_text
from worklist.schemas.models import SCHEMA_VERSION

NOTICE_SUFFIXES = notice_suffixes()


@dataclass(frozen=True)
class Task:
    """A file to convert: its position among the inputs (results keep input order) and its hash."""

    index: int
    path: Path
    sha256: str | None


@dataclass
class Scan:
    """The inputs found: files to convert, entries passed over (path, reason) and folders that could not
    be listed (path, reason)."""

    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    unlisted: list[tuple[Path, str]] = field(default_factory=list)

    def skipped_entries(self) -> list[dict[str, str]]:
        """For OUT/manifest.json."""
        return [{"path": path_text(p), "reason": why} for p, why in self.skipped]


# ------------------------------------------------------------------------------------------- inputs


_DESCEND = "a folder"  # `_entry_reason` of a sub-folder to walk


def _entry_reason(e: os.DirEntry) -> str | None:
    """Why a folder entry is not a notice to take (None: take it; `_DESCEND`: walk it)."""
    name = e.name
    if name.startswith("."):
        return "hidden name"
    try:
        if e.is_dir(follow_symlinks=False):
            return _DESCEND
        if e.is_symlink() and e.is_dir():
            return "a link to a folder (not followed)"
        if e.is_file():
            suffix = Path(name).suffix.lower()
            return None if suffix in NOTICE_SUFFIXES else f"not a notice form ({suffix or 'no suffix'})"
        if e.is_symlink() and not os.path.exists(e.path):
            return "a link to nothing"
        check_input(e.path)
        return "not a regular file"  # pragma: no cover - check_input refuses what is not a file
    except ReadError as exc:
        return str(exc)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"


def _is_page_image(e: os.DirEntry) -> bool:
    """A page image (`worklist.page_images`): its folder is one notice, the images its pages in name order."""
    try:
        return not e.name.startswith(".") and Path(e.name).suffix.lower() in IMAGE_SUFFIXES and e.is_file()
    except OSError:
        return False


def scan_inputs(inputs: Iterable[str | Path], *, out: Path | None = None) -> Scan:
    """Files named on the command line are always tried; folders give their notice files (recursively, in
    name order), and say what they passed over. `out`, when inside a folder given, is passed over."""
    scan = Scan()
    seen: set[Path] = set()
    own = Path(out).resolve() if out is not None else None

    def take(f: Path) -> None:
        try:
            key = f.resolve()
        except (OSError, RuntimeError):  # a link loop: tried as it is named, and refused when read (exit 3)
            key = f.absolute()
        if key not in seen:
            seen.add(key)
            scan.files.append(f)

    for raw in inputs:
        p = Path(raw)
        try:
            folder_given = p.is_dir()
        except OSError:  # cannot be looked at (no permission on its folder): an unreadable input, exit 3
            folder_given = False
        if not folder_given:
            take(p)
            continue
        found: list[Path] = []
        stack = [p]
        while stack:
            folder = stack.pop()
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                scan.unlisted.append((folder, f"cannot list the folder ({exc.strerror or exc}): its files were "
                                              "not converted"))
                continue
            reasons = [_entry_reason(e) for e in entries]
            # a folder of page images and no notice file is one notice, its images the pages
            pages = None not in reasons and any(_is_page_image(e) for e in entries)
            if pages:
                found.append(folder)
            for e, reason in zip(entries, reasons):
                path = folder / e.name
                if pages and _is_page_image(e):
                    continue  # a page of its folder's notice
                if reason is None:
                    found.append(path)
                elif reason == _DESCEND:
                    if own is not None and path.resolve() == own:
                        scan.skipped.append((path, "the output folder"))
                    else:
                        stack.append(path)
                else:
                    scan.skipped.append((path, reason))
        for f in sorted(found):
            take(f)
    return scan


def collect_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """The files `scan_inputs` takes (files named are always tried; folders give their notice files). Page
    images are not notices one by one: a folder that holds images (.png/.jpg/.tif) and no notice file is one
    notice, its images the pages in name order; an image named on the command line is a notice of its own;
    images beside notice files are passed over (listed with the reason)."""
    return scan_inputs(inputs).files


def check_input_file(path: Path) -> None:
    """The checks every reader makes first, from `stat` alone (`worklist.extract.limits.check_input`): a
    regular file (a FIFO, /dev/zero or `<(cat x)` is never opened) within the size limit per input."""
    try:
        check_input(path)
    except OSError as exc:
        raise ReadError(f"cannot read the file ({exc.strerror or exc})") from None


def input_sha256(path: Path) -> str:
    """The input's hash, after `check_input_file`'s checks, reading no more bytes than the size limit; a
    folder of page images: each page checked, their bytes hashed in page order (`schemas.records.file_sha256`)."""
    try:
        if path.is_dir():
            for f in input_files(path):
                check_input(f)
            return file_sha256(path)
        return sha256_bounded(path)
    except OSError as exc:
        raise ReadError(f"cannot read the file ({exc.strerror or exc})") from None


# ------------------------------------------------------------------------------------------- the plan


def plan(files: list[Path], out_root: Path, force: bool, finish: Callable[[int, FileResult], None], *,
         checks: tuple[str, str | None] | None = None) -> list[Task]:
    """The tasks to run; files settled without converting (unreadable, duplicate, unchanged) go to `finish`.

    `checks` is how this run checks a document (`outputs.layout.checks_key`): a document checked otherwise
    before (say with `--no-checks`) is converted again."""
    layout = OutputLayout(out_root)
    todo: list[Task] = []
    first: dict[str, Path] = {}
    for i, f in enumerate(files):
        try:
            sha = input_sha256(f)
        except ReadError as exc:
            finish(i, FileResult(str(f), "failed", error=str(exc), error_kind=exc.kind, exit_code=exc.exit_code))
            continue
        doc_id = doc_id_for(sha)
        if sha in first:
            finish(i, FileResult(str(f), "duplicate", doc_id=doc_id, sha256=sha,
                                 warnings=[f"same bytes as {path_text(first[sha])}: converted once"]))
            continue
        first[sha] = f
        earlier = None if force else layout.up_to_date(doc_id, extractor_version=__version__,
                                                         schema_version=SCHEMA_VERSION, checks=checks)
        if earlier is not None:
            finish(i, FileResult(str(f), "unchanged", doc_id=doc_id, sha256=sha,
                                 items=(earlier.get("counts") or {}).get("items", 0),
                                 valid=bool((earlier.get("validation") or {}).get("success", True))))
            continue
        todo.append(Task(i, f, sha))
    return todo
