"""The output folder: where everything lands under OUT, and how it gets there without half-written files.

One module owns the layout so that the converter, the batch, `worklist diff` and `worklist validate` agree on
what a document folder is:

    OUT/docs/<doc_id>/       one document: <table>.parquet/.csv, <doc_id>.json, manifest.json
    OUT/dataset/             every notice's rows once, one Parquet/CSV file per table, datapackage.json
    OUT/worklist.duckdb      the same tables in DuckDB, with views (a cache of dataset/)
    OUT/manifest.json        what the last batch did (every input with its status, what it skipped)
    OUT/.worklist-tmp-*      unfinished work of a run (never complete): removed at the start and end of a run
    OUT/.worklist-old-*      a document folder being replaced (put back if a run was cut short there)

The folder belongs to its manifests: a document's manifest lists every file it wrote with its SHA-256, and the
batch manifest those of dataset/. The tool touches nothing else: a run refuses an OUT holding anything it did
not write (`check_owned`), and it removes leftovers only under names it alone gives (`.worklist-tmp-<pid>-
<nonce>…`, `work_name`), never a user's `.tmp/` or `manifest.json.mine.tmp`.

A document folder is a folder named like its nested JSON (`<name>/<name>.json`) that holds a manifest; it
is built elsewhere and moved into place with one rename, so a folder that is there is complete. Files are
written to a temporary name and renamed (`write_json_atomic`); folders are swapped in (`replace_dir`). One
process at a time writes to an OUT (`lock_output`: an flock on the folder, released by the kernel however
the process ends). Paths come from `OutputLayout`, so moving the documents (e.g. under OUT/docs/) is a
change here only.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import secrets
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from worklist import budget
from worklist.page_images import input_bytes
from worklist.schemas.records import file_sha256, path_text

if TYPE_CHECKING:  # pragma: no cover
    from worklist.schemas.records import Conversion

MANIFEST = "manifest.json"
RUN_TIME_KEYS = frozenset({"written_at", "timings"})  # what a document manifest dates or times at run time
DATASET = "dataset"
DOCS = "docs"
DATABASE = "worklist.duckdb"  # written by `worklist.outputs.database` (a cache of dataset/, rebuilt by every batch)
WORK_PREFIX = ".worklist-"  # every name the tool gives to unfinished work starts so
# .worklist-tmp-<pid>-<nonce>[-<final name>]: unfinished work; .worklist-old-<pid>-<nonce>-<name>: a folder
# swapped out by `replace_dir`, removed once the new one is in place. Nothing else is ever cleaned.
_WORK_NAME = re.compile(r"\.worklist-(tmp|old)-(\d+)-([0-9a-f]{8})(?:-(.+))?", re.S)


@dataclass(frozen=True)
class OutputLayout:
    """The paths of one output folder (nothing is created by asking)."""

    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root))

    @property
    def docs_root(self) -> Path:
        """The folder holding the document folders: OUT/docs/, apart from dataset/ so that a glob over
        OUT/docs/*/items.parquet or OUT/dataset/ never counts a notice twice."""
        return self.root / DOCS

    def doc_dir(self, doc_id: str) -> Path:
        return self.docs_root / doc_id

    def doc_json(self, doc_id: str) -> Path:
        return self.doc_dir(doc_id) / doc_json_name(doc_id)

    def doc_manifest(self, doc_id: str) -> Path:
        return self.doc_dir(doc_id) / MANIFEST

    @property
    def dataset_dir(self) -> Path:
        return self.root / DATASET

    @property
    def batch_manifest(self) -> Path:
        return self.root / MANIFEST

    def new_work_dir(self) -> Path:
        """A fresh folder for one run's unfinished document folders (same file system as OUT, so a finished
        folder moves into place with one rename)."""
        return make_work_dir(self.root)

    def document_dirs(self) -> list[Path]:
        """The complete document folders, in name order."""
        base = self.docs_root
        if not base.is_dir():
            return []
        return sorted(p for p in base.iterdir()
                      if not p.name.startswith(".") and p.name != DATASET and is_document_folder(p))

    def up_to_date(self, doc_id: str, *, extractor_version: str, schema_version: str,
                   checks: tuple[str, str | None] | None = None) -> dict[str, Any] | None:
        """The manifest of an earlier conversion of the same bytes by this extractor and schema (and, when
        `checks` is given, checked the same way: see `checks_key`), else None."""
        m = read_json(self.doc_manifest(doc_id))
        if not m or m.get("extractor_version") != extractor_version or m.get("schema_version") != schema_version:
            return None
        if checks is not None and checks_key(m) != checks:
            return None
        return m


# ------------------------------------------------------------------------------------------- what is where


def doc_json_name(doc_id: str) -> str:
    """The nested JSON's file name inside a document folder (the folder's own name: a folder is findable
    by it, and a copied file still says which document it is)."""
    return f"{doc_id}.json"


def is_document_folder(p: Path) -> bool:
    """A converted document: a manifest and the nested JSON of the document it names (`<doc_id>.json`; the
    folder is normally named after it too, but a copied or renamed folder is still that document). An output
    root has a manifest only."""
    if not (p.is_dir() and (p / MANIFEST).is_file()):
        return False
    return (p / doc_json_name(p.name)).is_file() or document_json(p) is not None


def document_json(folder: Path) -> Path | None:
    """The nested JSON of the document in `folder`, found by the folder's name or by its manifest's doc_id."""
    own = folder / doc_json_name(folder.name)
    if own.is_file():
        return own
    doc_id = (read_json(folder / MANIFEST) or {}).get("doc_id")
    named = folder / doc_json_name(str(doc_id)) if isinstance(doc_id, str) and doc_id else None
    return named if named is not None and named.is_file() and "/" not in str(doc_id) else None


def is_dataset_folder(p: Path) -> bool:
    """A combined dataset: table files without a document manifest."""
    return p.is_dir() and (p / "items.parquet").exists() and not (p / MANIFEST).exists()


def document_folders(path: Path) -> list[Path]:
    """`path` itself when it is a document folder, else the document folders of the output root `path`."""
    path = Path(path)
    if is_document_folder(path):
        return [path]
    return OutputLayout(path).document_dirs()


def checks_key(manifest: dict[str, Any]) -> tuple[str, str | None]:
    """How a document was checked, from its manifest: (engine, suite id); ("none", None) when no dataset
    check ran (`--no-checks`). Part of what "unchanged" compares: a document converted without the checks,
    or with another suite, is checked again on the next run."""
    summary = (manifest.get("validation") or {}).get("checks") or {}
    engine = str(summary.get("engine") or "none")
    if engine.startswith("great_expectations"):
        engine = "gx"
    return (engine, summary.get("suite")) if engine != "none" else ("none", None)


def is_batch_manifest(data: Any) -> bool:
    """OUT/manifest.json as a batch writes it (a file of that name in another shape is not ours)."""
    return isinstance(data, dict) and "summary" in data and "documents" in data


def is_work_name(name: str) -> bool:
    """A name the tool gives to unfinished work (and nobody else would)."""
    return _WORK_NAME.fullmatch(name) is not None


def work_name(kind: str, final: str = "") -> str:
    """`.worklist-<kind>-<pid>-<nonce>[-<final>]`: the pid and a random nonce make it the tool's own."""
    return f"{WORK_PREFIX}{kind}-{os.getpid()}-{secrets.token_hex(4)}" + (f"-{final}" if final else "")


def file_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under `folder`, by path relative to it ('/'-separated), in name order."""
    folder = Path(folder)
    out: dict[str, str] = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            out[p.relative_to(folder).as_posix()] = file_sha256(p)
    return out


def load_json(path: Path) -> Any:
    """A JSON file of an output folder, distrusted: its size (from `stat`) and nesting are checked against the
    output-JSON budget (`worklist.budget`) before it is read and parsed. Raises `budget.OverBudget` past it,
    `ValueError` for text that is not JSON, OSError when it cannot be read."""
    where = Path(path).name
    size = Path(path).stat().st_size
    if size > budget.OUT_JSON_BYTES:
        raise budget.OverBudget(budget.message("output JSON bytes", size, where))
    with Path(path).open("rb") as fh:  # (the module's `open` is the writers': tests fill the disk through it)
        data = fh.read(budget.OUT_JSON_BYTES + 1)
    return budget.loads_bounded(data, where)


def json_problem(path: Path) -> str | None:
    """Why `read_json` gives None for an existing file (over budget, not JSON, not an object), else None."""
    try:
        data = load_json(path)
    except FileNotFoundError:
        return None
    except OSError as e:
        return f"cannot be read ({e.strerror or e})"
    except budget.OverBudget as e:
        return str(e)
    except ValueError as e:
        return f"not JSON ({str(e)[:80]})"
    return None if isinstance(data, dict) else "not a JSON object"


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from a file, or None when it is missing, over the output-JSON budget, or not a JSON
    object (`json_problem` says which)."""
    try:
        data = load_json(path)
    except (OSError, ValueError):  # OverBudget is a ValueError
        return None
    return data if isinstance(data, dict) else None


# ------------------------------------------------------------------------------------------- atomic writes


_SURROGATE = re.compile("[\ud800-\udfff]")


def json_text(obj: Any) -> str:
    """The one JSON style of every file written: UTF-8 text, indented, ending in a newline.

    A lone surrogate (an undecodable byte of a file name that reached a message) is written as its JSON
    escape `\\udcNN`, so that the file is still valid UTF-8 whatever text it holds."""
    text = json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write_text_atomic(path: Path, text: str) -> Path:
    """Write to a temporary name next to `path`, then rename: a reader sees the old file or the new one.
    Whatever fails (a full disk), the temporary file is removed and the old file stays."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(work_name("tmp", path.name))
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_json_atomic(path: Path, obj: Any) -> Path:
    return write_text_atomic(path, json_text(obj))


def make_work_dir(parent: Path, final: str = "") -> Path:
    """A fresh folder for unfinished work under the tool's own name, readable like any other once moved
    into place."""
    parent.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = parent / work_name("tmp", final)
        try:
            os.mkdir(tmp, 0o755)
            return tmp
        except FileExistsError:  # pragma: no cover - a 32-bit nonce repeated within one process
            continue


def replace_dir(src: Path, dst: Path) -> None:
    """Move a finished folder into place; an older version is swapped out first, then removed."""
    if dst.exists():
        old = dst.with_name(work_name("old", dst.name))
        os.replace(dst, old)
        os.replace(src, dst)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(src, dst)


@contextmanager
def staged_dir(final: Path, *, parent: Path | None = None) -> Iterator[Path]:
    """A temporary folder to fill; moved to `final` when the block ends, removed if it raises.

    `parent` (same file system) holds the unfinished folder: by default next to `final`, under a work name."""
    tmp = make_work_dir(parent if parent is not None else final.parent, final.name)
    try:
        yield tmp
        replace_dir(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def clean_leftovers(root: Path) -> None:
    """Leftovers of a killed run, by the tool's own names only: unfinished work (never complete) goes; a
    document folder swapped out by an interrupted replacement comes back. Run with OUT's lock held, so the
    work of a live run is never among them."""
    for base in {root, OutputLayout(root).docs_root}:
        if not base.is_dir():
            continue
        for p in base.iterdir():
            m = _WORK_NAME.fullmatch(p.name)
            if m is None or p.is_symlink():
                continue
            kind, original = m.group(1), m.group(4)
            if kind == "old" and original and p.is_dir() and not (base / original).exists():
                os.replace(p, base / original)  # replace_dir was cut between its two renames
            elif p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)


# ------------------------------------------------------------------------------------------- ownership


class ForeignContentError(Exception):
    """OUT holds something worklist did not write: a run refuses it rather than risk touching it."""

    def __init__(self, root: Path, entries: list[str]) -> None:
        more = f" and {len(entries) - 1} more" if len(entries) > 1 else ""
        super().__init__(f"{path_text(root)}: holds files worklist did not write ({path_text(entries[0])}{more}): "
                         "give an empty or new folder, or move them out (worklist never deletes what it "
                         "did not write)")
        self.entries = entries


def _standard_files(kinds: tuple[str, ...]) -> set[str]:
    from worklist.schemas.models import TABLES

    return {f"{t}.{k}" for t in TABLES for k in kinds}


def _listing(folder: Path) -> list[os.DirEntry]:
    with os.scandir(folder) as it:
        return sorted(it, key=lambda e: e.name)


def _foreign_in_document(folder: Path, label: str) -> list[str]:
    """A document folder's entries that its manifest does not list (an old manifest without a file list:
    the files a document folder always had)."""
    m = read_json(folder / MANIFEST) or {}
    files = m.get("files")
    allowed = set(files) if isinstance(files, dict) else (
        _standard_files(("parquet", "csv")) | {doc_json_name(folder.name)})
    allowed.add(MANIFEST)
    return [f"{label}/{e.name}" + ("/" if e.is_dir(follow_symlinks=False) else "")
            for e in _listing(folder) if e.name not in allowed or not e.is_file(follow_symlinks=False)]


def _foreign_in_dataset(folder: Path, batch: dict[str, Any] | None) -> list[str]:
    """dataset/'s files that the batch manifest does not list (none listed, as before hashes were kept: the
    tables' files and the data package descriptor)."""
    files = ((batch or {}).get("dataset") or {}).get("files")
    allowed = set(files) if isinstance(files, dict) and files else (
        _standard_files(("parquet", "csv")) | {"datapackage.json"})
    out = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_symlink() or (p.is_file() and rel not in allowed) or not (p.is_file() or p.is_dir()):
            out.append(f"{folder.name}/{rel}")
        elif p.is_dir() and not any(a.startswith(rel + "/") for a in allowed):
            out.append(f"{folder.name}/{rel}/")
    return out


# Files that describe or keep an output folder in a repository (a README saying what lands there, git's
# placeholders). worklist never reads, writes or removes them, so they may stand at OUT's top level.
FOLDER_NOTES = frozenset({"README.md", "README.txt", ".gitignore", ".gitkeep"})


def foreign_entries(root: Path) -> list[str]:
    """What OUT holds that worklist did not write, as paths relative to OUT (folders end in /).

    Ours: the batch manifest (by its shape), dataset/'s files that it lists, the DuckDB file, document
    folders and the files their manifests list, and work names (`.worklist-tmp-…`). Anything else is someone
    else's, and so is a symbolic link (replacing it could reach outside OUT)."""
    root = Path(root)
    if not root.is_dir():
        return []
    layout = OutputLayout(root)
    batch = read_json(layout.batch_manifest)
    out: list[str] = []

    def shown(e: os.DirEntry, label: str) -> str:
        return label + ("/" if e.is_dir(follow_symlinks=False) else "")

    def documents(base: Path, prefix: str) -> None:
        """Document folders in `base`; anything else found there is foreign."""
        for e in _listing(base):
            p = Path(e.path)
            if p in own or is_work_name(e.name):
                continue
            if not e.is_symlink() and e.is_dir() and is_document_folder(p):
                out.extend(_foreign_in_document(p, prefix + e.name))
            else:
                out.append(shown(e, prefix + e.name))

    database = root / DATABASE
    own = {layout.batch_manifest, layout.dataset_dir, database}
    if layout.docs_root != root:
        own.add(layout.docs_root)
    for e in _listing(root):
        p = Path(e.path)
        if is_work_name(e.name) or (e.name in FOLDER_NOTES and e.is_file(follow_symlinks=False)):
            continue
        if p not in own or e.is_symlink():
            if p not in own and layout.docs_root == root:
                continue  # looked at below, with the documents
            out.append(shown(e, e.name))
        elif p == layout.batch_manifest:
            if not (e.is_file() and is_batch_manifest(batch)):
                out.append(shown(e, e.name))
        elif p == layout.dataset_dir:
            out.extend(_foreign_in_dataset(p, batch) if e.is_dir() else [e.name])
        elif p == database:  # rebuilt by every batch: owned by its name, as long as it is a plain file
            if not e.is_file(follow_symlinks=False):
                out.append(shown(e, e.name))
        elif e.is_dir():  # the documents' own folder (OUT/docs/)
            documents(p, e.name + "/")
        else:
            out.append(e.name)
    if layout.docs_root == root:
        documents(root, "")
    return sorted(out)


def check_owned(root: Path) -> None:
    """Refuse (`ForeignContentError`) an OUT holding anything worklist did not write: it is never cleaned."""
    found = foreign_entries(root)
    if found:
        raise ForeignContentError(Path(root), found)


# ------------------------------------------------------------------------------------------- the lock


class OutputBusyError(Exception):
    """Another process is writing to the same output folder."""


class OutputLock:
    """An exclusive flock on the output folder itself: no lock file to leave behind, and the kernel releases
    it when the process dies, however it dies. Closing releases it."""

    def __init__(self, fd: int | None) -> None:
        self.fd = fd

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases the flock
            self.fd = None

    def __enter__(self) -> "OutputLock":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def lock_output(root: Path) -> OutputLock:
    """Take OUT's lock (creating OUT); `OutputBusyError` when another process holds it."""
    root.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return OutputLock(None)
    fd = os.open(root, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            raise OutputBusyError(f"{root}: another `worklist convert` is writing to this folder") from None
        raise
    os.set_inheritable(fd, False)
    return OutputLock(fd)


# ------------------------------------------------------------------------------------------- manifests


def now_utc() -> str:
    """The manifests' timestamp: UTC, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _mtime(path: str) -> str | None:
    """The source file's modification time (UTC): which of two versions of a notice is the later one."""
    try:
        return datetime.fromtimestamp(os.stat(path).st_mtime, timezone.utc).isoformat(timespec="seconds")
    except OSError:
        return None


def document_manifest(conv: "Conversion", *, written_at: str | None = None,
                      files: dict[str, str] | None = None) -> dict[str, Any]:
    """OUT/docs/<doc_id>/manifest.json: input, hashes, counts, warnings, validation results, coverage, timings, and
    `files`: the SHA-256 of every other file of the folder (what `worklist validate` checks, and what marks
    the folder's contents as the tool's own)."""
    d = conv.document
    return {
        "doc_id": d.doc_id,
        "input": {"file": d.source_file, "path": path_text(conv.source_path), "format": d.source_format,
                  "sha256": d.source_sha256, "bytes": input_bytes(conv.source_path),
                  "modified": _mtime(conv.source_path),
                  "pages": conv.n_pages, "converted": conv.conversion},
        "schema_version": d.schema_version,
        "extractor_version": d.extractor_version,
        "counts": {"items": len(conv.items), "milestones": len(conv.milestones), "targets": len(conv.targets)},
        "warnings": conv.warnings,
        "validation": {
            "records_invalid": conv.invalid,
            "coverage": conv.coverage,
            "checks": conv.checks,
            "success": not conv.invalid and conv.checks.get("success", True),
        },
        "timings": conv.timings,
        "files": files if files is not None else {},
        "written_at": written_at,
        **({"ocr": conv.ocr} if conv.ocr is not None else {}),  # scanned pages: what OCR did, what to review
    }


def batch_manifest(summary: dict[str, Any], documents: list[dict[str, Any]],
                   notices: list[dict[str, Any]] | None = None, *,
                   skipped: list[dict[str, str]] | None = None,
                   dataset_files: dict[str, str] | None = None, built_from: str | None = None) -> dict[str, Any]:
    """OUT/manifest.json: the batch's counts, every input with its status, doc_id or error, the notices of
    the combined dataset, what the folder scan skipped and why, the SHA-256 of every file of dataset/ and
    the fingerprint of the document folders it was built from (`dataset_basis`)."""
    out: dict[str, Any] = {"summary": summary, "documents": documents}
    if notices is not None:
        out["notices"] = notices
    out["skipped"] = skipped or []
    out["dataset"] = {"files": dataset_files or {}}
    if built_from:
        out["dataset"]["built_from"] = built_from
    return out


def write_batch_manifest(root: Path, summary: dict[str, Any], documents: list[dict[str, Any]],
                         notices: list[dict[str, Any]] | None = None, *,
                         skipped: list[dict[str, str]] | None = None,
                         dataset_files: dict[str, str] | None = None, built_from: str | None = None) -> Path:
    """Write OUT/manifest.json, unless it already says the same (the run's timing aside): a re-run with
    nothing changed rewrites nothing. Returns its path."""
    layout = OutputLayout(root)
    new = batch_manifest(summary, documents, notices, skipped=skipped, dataset_files=dataset_files,
                         built_from=built_from)
    old = read_json(layout.batch_manifest)
    if old is not None and _untimed(old) == _untimed(new):
        return layout.batch_manifest
    return write_json_atomic(layout.batch_manifest, new)


def _untimed(manifest: dict[str, Any]) -> dict[str, Any]:
    """A batch manifest without what differs between two runs that did the same (seconds taken)."""
    out = dict(manifest)
    out["summary"] = {k: v for k, v in (manifest.get("summary") or {}).items() if k != "seconds"}
    out["documents"] = [{k: v for k, v in d.items() if k != "seconds"} if isinstance(d, dict) else d
                        for d in manifest.get("documents") or []]
    return out


def dataset_basis(doc_dirs: list[Path]) -> str:
    """A fingerprint of the document folders a dataset is built from: their names and their manifests
    (which hold the SHA-256 of every file they wrote), less what is dated or timed at run time. Same
    fingerprint, same dataset; two runs over the same inputs give the same fingerprint."""
    h = hashlib.sha256()
    for d in doc_dirs:
        h.update(d.name.encode("utf-8", "surrogateescape") + b"\x00")
        m = read_json(Path(d, MANIFEST))
        if m is None:
            h.update(b"\x01missing")
        else:
            stable = {k: v for k, v in m.items() if k not in RUN_TIME_KEYS}
            h.update(json.dumps(stable, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogateescape"))
        h.update(b"\x00")
    return h.hexdigest()
