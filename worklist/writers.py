"""Writers per the contract: Parquet (typed), CSV (UTF-8 with BOM), nested JSON, manifest.

Everything for one document is written into a temporary folder next to the destination and moved into
place with one rename, so a crash or a kill never leaves a half-written document folder behind.
Column types come from the pydantic models (`schemas.models`), never from what pandas infers.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import types
import typing
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from worklist.schemas.models import TABLES
from worklist.pipeline import Conversion

LIST_SEP = "、"


def _skip_pandas_probe() -> None:
    """Spare a conversion the ~150 ms import of pandas that it never uses.

    The first time pyarrow converts a Python list it probes whether the list is a pandas object, importing
    pandas to find out. The writers only hand it lists, so the probe is answered "no pandas" once, here.
    pyarrow keeps its real pandas support: the first `to_pandas()`/`from_pandas()` imports pandas then."""
    if "pandas" in sys.modules:
        return

    class _NoPandas:
        @staticmethod
        def find_spec(name: str, *args: object) -> None:
            if name == "pandas":
                raise ImportError("pandas skipped for pyarrow's probe")
            return None

    sys.meta_path.insert(0, _NoPandas)  # type: ignore[arg-type]
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(_NoPandas)  # type: ignore[arg-type]


_skip_pandas_probe()


def _arrow_type(annotation: Any) -> tuple[pa.DataType, bool]:
    """pydantic annotation -> (arrow type, nullable)."""
    nullable = False
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(annotation))
        annotation = args[0]
        origin = typing.get_origin(annotation)
    if origin is list:
        return pa.list_(pa.string()), nullable
    if origin is typing.Literal or annotation is str:
        return pa.string(), nullable
    if annotation is bool:
        return pa.bool_(), nullable
    if annotation is int:
        return pa.int64(), nullable
    if annotation is float:
        return pa.float64(), nullable
    if annotation is date:
        return pa.date32(), nullable
    raise TypeError(f"no Arrow type for {annotation!r}")


def arrow_schema(table: str) -> pa.Schema:
    model = TABLES[table]
    fields = []
    for name, f in model.model_fields.items():
        typ, nullable = _arrow_type(f.annotation)
        fields.append(pa.field(name, typ, nullable=nullable))
    return pa.schema(fields, metadata={"table": table})


def to_arrow(table: str, records: list[Any]) -> pa.Table:
    schema = arrow_schema(table)
    rows = [r.model_dump() for r in records]
    cols = {f.name: [row[f.name] for row in rows] for f in schema}
    return pa.table(cols, schema=schema)


def _csv_table(t: pa.Table) -> pa.Table:
    """Lists joined with 、 for Excel; everything else as is."""
    cols = []
    for name in t.column_names:
        col = t.column(name)
        if pa.types.is_list(col.type):
            col = pa.array([LIST_SEP.join(v) if v is not None else None for v in col.to_pylist()], pa.string())
        cols.append(col)
    return pa.table(cols, names=t.column_names)


def write_table(t: pa.Table, folder: Path, name: str) -> None:
    pq.write_table(t, folder / f"{name}.parquet", compression="zstd")
    with open(folder / f"{name}.csv", "wb") as fh:
        fh.write(b"\xef\xbb\xbf")
        pacsv.write_csv(_csv_table(t), fh)


def nested_json(conv: Conversion) -> dict[str, Any]:
    """document → items → milestones, targets (for downstream systems that want one object)."""
    ms: dict[int, list[dict]] = {}
    for m in conv.milestones:
        ms.setdefault(m.row_id, []).append(m.model_dump(mode="json", exclude={"doc_id", "row_id"}))
    ts: dict[int, list[dict]] = {}
    for t in conv.targets:
        ts.setdefault(t.row_id, []).append(t.model_dump(mode="json", exclude={"doc_id", "row_id"}))
    items = []
    for it in conv.items:
        d = it.model_dump(mode="json", exclude={"doc_id"})
        if it.row_id in conv.extras:
            d["extra"] = conv.extras[it.row_id]
        d["milestones"] = ms.get(it.row_id, [])
        d["targets"] = ts.get(it.row_id, [])
        items.append(d)
    doc = conv.document.model_dump(mode="json")
    doc["items"] = items
    return doc


def manifest(conv: Conversion, *, written_at: str | None = None) -> dict[str, Any]:
    d = conv.document
    return {
        "doc_id": d.doc_id,
        "input": {"file": d.source_file, "path": conv.source_path, "format": d.source_format,
                  "sha256": d.source_sha256, "bytes": os.path.getsize(conv.source_path),
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
    }


def _dump_json(obj: Any, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, ensure_ascii=False, indent=2)
        fh.write("\n")


def write_conversion(conv: Conversion, out_root: str | Path, *, tmp_parent: Path | None = None) -> Path:
    """Write OUT/<doc_id>/ atomically; returns the folder. `tmp_parent` (same file system) holds the
    unfinished folder; a batch points it at OUT/.tmp, which it clears at start and end."""
    out_root = Path(out_root)
    out_root.mkdir(parents=True, exist_ok=True)
    final = out_root / conv.doc_id
    parent = tmp_parent if tmp_parent is not None else out_root
    parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmpdir(parent, f"{conv.doc_id}-" if tmp_parent is not None else f".tmp-{conv.doc_id}-")
    try:
        write_table(to_arrow("documents", [conv.document]), tmp, "documents")
        write_table(to_arrow("items", conv.items), tmp, "items")
        write_table(to_arrow("milestones", conv.milestones), tmp, "milestones")
        write_table(to_arrow("targets", conv.targets), tmp, "targets")
        _dump_json(nested_json(conv), tmp / f"{conv.doc_id}.json")
        from datetime import datetime, timezone

        _dump_json(manifest(conv, written_at=datetime.now(timezone.utc).isoformat(timespec="seconds")),
                   tmp / "manifest.json")
        replace_dir(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def _tmpdir(parent: Path, prefix: str) -> Path:
    tmp = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    tmp.chmod(0o755)  # mkdtemp makes 0700; the finished folder should read like any other
    return tmp


def replace_dir(src: Path, dst: Path) -> None:
    """Move a finished folder into place; an older version is swapped out first, then removed."""
    if dst.exists():
        old = dst.with_name(f".old-{dst.name}-{os.getpid()}")
        os.replace(dst, old)
        os.replace(src, dst)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(src, dst)


def write_dataset(out_root: str | Path, doc_dirs: list[Path]) -> Path:
    """OUT/dataset/<table>.parquet across all documents (readable in one pandas.read_parquet call)."""
    out_root = Path(out_root)
    tmp = _tmpdir(out_root, ".tmp-dataset-")
    try:
        for table in TABLES:
            # ParquetFile.read, not read_table: the latter imports pyarrow.dataset (~30 ms) for nothing here
            parts = [pq.ParquetFile(d / f"{table}.parquet").read() for d in doc_dirs
                     if (d / f"{table}.parquet").exists()]
            schema = arrow_schema(table)
            t = pa.concat_tables([p.cast(schema) for p in parts]) if parts else schema.empty_table()
            write_table(t, tmp, table)
        replace_dir(tmp, out_root / "dataset")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_root / "dataset"
