"""The output folder: where everything lands under OUT, and how it gets there without half-written files.

One module owns the layout so that the converter, the batch, `worklist diff` and `worklist validate` agree on
what a document folder is:

    OUT/<doc_id>/            one document: <table>.parquet/.csv, <doc_id>.json, manifest.json
    OUT/dataset/             every document's rows, one Parquet/CSV file per table
    OUT/manifest.json        what the last batch did (every input with its status)
    OUT/.tmp/, OUT/.tmp-*    unfinished work: never complete, removed at the start and end of every run

A document folder is a folder named like its nested JSON (`<name>/<name>.json`) that holds a manifest; it
is built elsewhere and moved into place with one rename, so a folder that is there is complete. Files are
written to a temporary name and renamed (`write_json_atomic`); folders are swapped in (`replace_dir`). One
process at a time writes to an OUT (`lock_output`: an flock on the folder, released by the kernel however
the process ends). Paths come from `OutputLayout`, so moving the documents (e.g. under OUT/docs/) is a
change here only.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from worklist.page_images import input_bytes

if TYPE_CHECKING:  # pragma: no cover
    from worklist.records import Conversion

MANIFEST = "manifest.json"
DATASET = "dataset"
DOCS = "docs"
TMP_DIR = ".tmp"  # a batch's unfinished document folders
TMP_PREFIX = ".tmp-"  # unfinished files and folders outside OUT/.tmp (single writes, the dataset)
OLD_PREFIX = ".old-"  # a folder swapped out by `replace_dir`, removed once the new one is in place


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

    @property
    def tmp_dir(self) -> Path:
        return self.root / TMP_DIR

    def document_dirs(self) -> list[Path]:
        """The complete document folders, in name order."""
        base = self.docs_root
        if not base.is_dir():
            return []
        return sorted(p for p in base.iterdir()
                      if not p.name.startswith(".") and p.name != DATASET and is_document_folder(p))

    def up_to_date(self, doc_id: str, *, extractor_version: str, schema_version: str) -> dict[str, Any] | None:
        """The manifest of an earlier conversion of the same bytes by this extractor and schema, else None."""
        m = read_json(self.doc_manifest(doc_id))
        if m and m.get("extractor_version") == extractor_version and m.get("schema_version") == schema_version:
            return m
        return None


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


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from a file, or None when it is missing or not a JSON object."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


# ------------------------------------------------------------------------------------------- atomic writes


def json_text(obj: Any) -> str:
    """The one JSON style of every file written: UTF-8 text, indented, ending in a newline."""
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def write_text_atomic(path: Path, text: str) -> Path:
    """Write to a temporary name next to `path`, then rename: a reader sees the old file or the new one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{TMP_PREFIX}{path.name}-{os.getpid()}")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_json_atomic(path: Path, obj: Any) -> Path:
    return write_text_atomic(path, json_text(obj))


def make_tmpdir(parent: Path, prefix: str) -> Path:
    """A fresh folder for unfinished work, readable like any other once moved into place."""
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    tmp.chmod(0o755)  # mkdtemp makes 0700; the finished folder should read like any other
    return tmp


def replace_dir(src: Path, dst: Path) -> None:
    """Move a finished folder into place; an older version is swapped out first, then removed."""
    if dst.exists():
        old = dst.with_name(f"{OLD_PREFIX}{dst.name}-{os.getpid()}")
        os.replace(dst, old)
        os.replace(src, dst)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(src, dst)


@contextmanager
def staged_dir(final: Path, *, parent: Path | None = None, prefix: str | None = None) -> Iterator[Path]:
    """A temporary folder to fill; moved to `final` when the block ends, removed if it raises.

    `parent` (same file system) holds the unfinished folder: by default next to `final` under a dot-name."""
    where = parent if parent is not None else final.parent
    tmp = make_tmpdir(where, prefix or f"{TMP_PREFIX}{final.name}-")
    try:
        yield tmp
        replace_dir(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def clean_leftovers(root: Path) -> None:
    """Leftovers of a killed run: unfinished work (never complete) goes; a document folder swapped out by an
    interrupted replacement comes back."""
    shutil.rmtree(root / TMP_DIR, ignore_errors=True)
    for base in {root, OutputLayout(root).docs_root}:
        if not base.is_dir():
            continue
        for p in base.iterdir():
            name = p.name
            if name.startswith(TMP_PREFIX) or (name.startswith(f"{MANIFEST}.") and name.endswith(".tmp")):
                if p.is_dir():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)
            elif name.startswith(OLD_PREFIX) and p.is_dir():  # .old-<name>-<pid>: replace_dir was cut short
                original = base / name[len(OLD_PREFIX):].rsplit("-", 1)[0]
                if original.exists():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    os.replace(p, original)


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


def document_manifest(conv: "Conversion", *, written_at: str | None = None) -> dict[str, Any]:
    """OUT/<doc_id>/manifest.json: input, hashes, counts, warnings, validation results, coverage, timings."""
    d = conv.document
    return {
        "doc_id": d.doc_id,
        "input": {"file": d.source_file, "path": conv.source_path, "format": d.source_format,
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
        "written_at": written_at,
        **({"ocr": conv.ocr} if conv.ocr is not None else {}),  # scanned pages: what OCR did, what to review
    }


def batch_manifest(summary: dict[str, Any], documents: list[dict[str, Any]],
                   notices: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """OUT/manifest.json: the batch's counts, every input with its status, doc_id or error, and the notices
    of the combined dataset."""
    out: dict[str, Any] = {"summary": summary, "documents": documents}
    if notices is not None:
        out["notices"] = notices
    return out


def write_batch_manifest(root: Path, summary: dict[str, Any], documents: list[dict[str, Any]],
                         notices: list[dict[str, Any]] | None = None) -> Path:
    return write_json_atomic(OutputLayout(root).batch_manifest, batch_manifest(summary, documents, notices))
