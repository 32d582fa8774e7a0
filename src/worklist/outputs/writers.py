"""Writers per the contract: Parquet (typed), CSV (UTF-8 with BOM), nested JSON, manifest.

Everything for one document is written into a temporary folder and moved into place with one rename
(`worklist.outputs.layout.staged_dir`), so a crash or a kill never leaves a half-written document folder
behind. Column types come from the contract's Arrow mapping (`worklist.schemas.arrow`), never from what
pandas infers. Where things go is `worklist.outputs.layout`'s business; this module knows the file formats.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from worklist.outputs.layout import (
    MANIFEST,
    OutputLayout,
    doc_json_name,
    document_manifest,
    file_hashes,
    json_text,
    now_utc,
    staged_dir,
)
from worklist.outputs.csv_safety import guard
from worklist.schemas.records import Conversion
from worklist.schemas.arrow import arrow_schema, to_arrow, with_notice_metadata
from worklist.schemas.models import ITEM_KEY_COLUMNS, TABLES

__all__ = ["LIST_SEP", "arrow_schema", "manifest", "nested_json", "to_arrow", "with_notice_metadata",
           "write_conversion", "write_dataset", "write_table"]

LIST_SEP = "、"
DATAPACKAGE = "datapackage.json"


@dataclass
class DatasetResult:
    folder: Path
    database: Path
    notices: list[dict[str, Any]]  # one entry per notice: its sources, which one is in the dataset


def datapackage() -> dict[str, Any]:
    """A Frictionless Data Package describing dataset/*.csv: types, descriptions, keys and foreign keys."""
    from worklist.schemas.frictionless import data_package

    return data_package(LIST_SEP, lambda v: guard(v) or v)
manifest = document_manifest  # the document manifest's shape is the output layout's (kept under this name)


def _csv_table(t: pa.Table) -> pa.Table:
    """Lists joined with 、 for Excel, and text that a spreadsheet would run as a formula guarded
    (`worklist.outputs.csv_safety`); numbers, dates and booleans as they are."""
    cols = []
    for name in t.column_names:
        col = t.column(name)
        if pa.types.is_list(col.type):
            col = pa.array([guard(LIST_SEP.join(v)) if v is not None else None for v in col.to_pylist()],
                           pa.string())
        elif pa.types.is_string(col.type):
            col = pa.array([guard(v) for v in col.to_pylist()], pa.string())
        elif pa.types.is_timestamp(col.type):  # contract dates: the date alone, as the document writes it
            col = col.cast(pa.date32())
        cols.append(col)
    return pa.table(cols, names=t.column_names)


def write_table(t: pa.Table, folder: Path, name: str) -> None:
    """<name>.parquet (zstd) and <name>.csv (UTF-8 with BOM, lists joined) in `folder`."""
    pq.write_table(t, folder / f"{name}.parquet", compression="zstd")
    with open(folder / f"{name}.csv", "wb") as fh:
        fh.write(b"\xef\xbb\xbf")
        pacsv.write_csv(_csv_table(t), fh)


def nested_json(conv: Conversion) -> dict[str, Any]:
    """document → items → milestones, targets (for downstream systems that want one object)."""
    keys = set(ITEM_KEY_COLUMNS)  # the item holds them once
    ms: dict[int, list[dict]] = {}
    for m in conv.milestones:
        ms.setdefault(m.row_id, []).append(m.model_dump(mode="json", exclude=keys))
    ts: dict[int, list[dict]] = {}
    for t in conv.targets:
        ts.setdefault(t.row_id, []).append(t.model_dump(mode="json", exclude=keys))
    items = []
    for it in conv.items:
        d = it.model_dump(mode="json", exclude={"doc_id", "notice_id", "year"})
        if it.row_id in conv.extras:
            d["extra"] = conv.extras[it.row_id]
        d["milestones"] = ms.get(it.row_id, [])
        d["targets"] = ts.get(it.row_id, [])
        items.append(d)
    doc = conv.document.model_dump(mode="json")
    doc["items"] = items
    return doc


def _write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def write_conversion(conv: Conversion, out_root: str | Path, *, tmp_parent: Path | None = None) -> Path:
    """Write OUT/docs/<doc_id>/ atomically; returns the folder. `tmp_parent` (same file system) holds the
    unfinished folder; a batch points it at its own work folder, which it removes at the end. The manifest
    lists every other file with its SHA-256 (what `worklist validate` checks)."""
    layout = OutputLayout(Path(out_root))
    final = layout.doc_dir(conv.doc_id)
    final.parent.mkdir(parents=True, exist_ok=True)
    with staged_dir(final, parent=tmp_parent) as tmp:
        for table in TABLES:
            write_table(to_arrow(table, conv.records(table)), tmp, table)
        _write_text(tmp / doc_json_name(conv.doc_id), json_text(nested_json(conv)))
        done = manifest(conv, written_at=now_utc(), files=file_hashes(tmp))
        _write_text(tmp / MANIFEST, json_text(done))  # last: the folder is done
    return final


def write_dataset(out_root: str | Path, doc_dirs: list[Path]) -> DatasetResult:
    """OUT/dataset/<table>.parquet|.csv with every notice once (`worklist.outputs.dataset.select_notices`),
    OUT/dataset/datapackage.json describing the CSVs, and OUT/worklist.duckdb with the same tables."""
    from worklist.outputs.dataset import select_notices

    layout = OutputLayout(Path(out_root))
    notices = select_notices(doc_dirs)
    chosen = [n.chosen.folder for n in notices]
    tables: dict[str, pa.Table] = {}
    with staged_dir(layout.dataset_dir) as tmp:
        for table in TABLES:
            # ParquetFile.read, not read_table: the latter imports pyarrow.dataset (~30 ms) for nothing here
            parts = [pq.ParquetFile(d / f"{table}.parquet").read() for d in chosen
                     if (d / f"{table}.parquet").exists()]
            schema = arrow_schema(table)
            t = pa.concat_tables([p.cast(schema) for p in parts]) if parts else schema.empty_table()
            if table == "documents":
                t = with_notice_metadata(t, {n.chosen.doc_id: n.document_values() for n in notices})
            write_table(t, tmp, table)
            tables[table] = t
        _write_text(tmp / DATAPACKAGE, json_text(datapackage()))
    from worklist.outputs.database import write_database

    database = write_database(layout.root, tables)
    return DatasetResult(layout.dataset_dir, database, [n.manifest_entry() for n in notices])
