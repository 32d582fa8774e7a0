"""The contract as Arrow: Parquet columns and types derived from the pydantic models, never inferred.

Next to the models because it is part of the contract: the writers write these schemas, `worklist validate`
compares emitted files with them, and the checks build their frames through `to_arrow` so that they see the
types the Parquet files have.
"""

from __future__ import annotations

import sys
import types
import typing
from datetime import date, datetime
from typing import Any

import pyarrow as pa

from worklist.schemas.models import SCHEMA_VERSION, TABLES


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
        # date32: a date is a date (DuckDB DATE, the data package's "date", pandas `datetime.date`), not a
        # timestamp at a midnight the document never wrote (schema 2.2; 2.1 wrote timestamps)
        return pa.date32(), nullable
    raise TypeError(f"no Arrow type for {annotation!r}")


def arrow_schema(table: str) -> pa.Schema:
    """The contract table's Arrow schema: columns in the models' order, nullability from Optional."""
    model = TABLES[table]
    fields = []
    for name, f in model.model_fields.items():
        typ, nullable = _arrow_type(f.annotation)
        fields.append(pa.field(name, typ, nullable=nullable, metadata={"description": f.description or ""}))
    about = (model.__doc__ or "").strip().splitlines()[0]
    meta = {"table": table, "schema_version": SCHEMA_VERSION, "description": about, "pandas": _pandas_metadata(fields)}
    return pa.schema(fields, metadata=meta)


def _pandas_metadata(fields: list[pa.Field]) -> str:
    """pandas' own Parquet metadata, so that `pandas.read_parquet` keeps a nullable integer an integer
    (`Int64`, not float64 with NaN for null) without `dtype_backend`: pyarrow rebuilds a column as the pandas
    dtype this metadata names. Written by hand (no pandas import for writing)."""
    import json

    cols = []
    for f in fields:
        nullable_int = f.nullable and pa.types.is_integer(f.type)
        cols.append({"name": f.name, "field_name": f.name, "pandas_type": "int64" if nullable_int else str(f.type),
                     "numpy_type": "Int64" if nullable_int else "object", "metadata": None})
    return json.dumps({"index_columns": [], "column_indexes": [], "columns": cols, "creator":
                       {"library": "worklist"}, "pandas_version": "2.0.0"})


def _value(v: Any, typ: pa.DataType) -> Any:
    """A model value as its Arrow column takes it (a datetime given for a contract date → its date)."""
    if isinstance(v, datetime) and pa.types.is_date(typ):
        return v.date()
    return v


def to_arrow(table: str, records: list[Any]) -> pa.Table:
    """Records (pydantic models of `table`) as an Arrow table of the contract's schema."""
    schema = arrow_schema(table)
    rows = [r.model_dump() for r in records]
    cols = {f.name: [_value(row[f.name], f.type) for row in rows] for f in schema}
    return pa.table(cols, schema=schema)


def with_notice_metadata(documents: pa.Table, values: dict[str, dict[str, Any]]) -> pa.Table:
    """The documents rows with the fields the dataset takes from another form of the same notice (doc_id ->
    field -> value; `worklist.outputs.dataset.Notice.document_values`): 文号, issuer and date where the chosen
    form (an Excel attachment) does not carry them. The manifest records where each value came from."""
    if not any(values.values()):
        return documents
    import datetime

    schema = documents.schema
    rows = documents.to_pylist()
    for row in rows:
        for k, v in values.get(row["doc_id"], {}).items():
            if k in row:
                typ = schema.field(k).type
                row[k] = datetime.date.fromisoformat(v) if pa.types.is_date(typ) and isinstance(v, str) else v
    return pa.Table.from_pylist(rows, schema=schema)
