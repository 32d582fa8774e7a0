"""The contract as a Frictionless Data Package (datapackage.json) describing the dataset's CSV files, so
that tools that validate or load CSVs (frictionless, Open Data portals, Excel power queries) know each
column's type, meaning, the tables' keys and how they join.

Derived from the pydantic models like the Arrow schema: one definition of every column.
"""

from __future__ import annotations

import types
import typing
from datetime import date
from typing import Any, Callable

from worklist.schemas.models import SCHEMA_VERSION, TABLES


PRIMARY_KEYS: dict[str, list[str]] = {
    "documents": ["doc_id"],
    "items": ["doc_id", "row_id"],
    "milestones": ["doc_id", "row_id", "quarter_from", "quarter_to"],
    "targets": ["doc_id", "row_id", "target_id"],
    "schedule": ["doc_id", "row_id", "quarter"],
}
FOREIGN_KEYS: dict[str, list[dict[str, Any]]] = {
    "items": [{"fields": ["doc_id"], "reference": {"resource": "documents", "fields": ["doc_id"]}}],
    **{t: [{"fields": ["doc_id", "row_id"], "reference": {"resource": "items", "fields": ["doc_id", "row_id"]}}]
       for t in ("milestones", "targets", "schedule")},
}


def _field(name: str, annotation: Any, description: str, list_sep: str,
           guard: Callable[[str], str]) -> dict[str, Any]:
    origin = typing.get_origin(annotation)
    required = True
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        required = len(args) == len(typing.get_args(annotation))
        annotation = args[0]
        origin = typing.get_origin(annotation)
    out: dict[str, Any] = {"name": name, "description": description}
    if origin is list:
        out["type"] = "string"
        out["description"] += f" (the list joined with {list_sep}; an empty list is an empty cell)"
        required = False  # an empty list and a missing value are the same empty CSV cell
    elif origin is typing.Literal:
        out["type"] = "string"
        # the values as the CSV holds them: a comparator `=` is written `'=` (csv_safety's guard), and the
        # package describes the file it ships, not the Parquet value
        out["constraints"] = {"enum": [guard(str(a)) for a in typing.get_args(annotation)]}
    elif annotation is bool:
        out["type"] = "boolean"
        out["trueValues"], out["falseValues"] = ["true"], ["false"]
    elif annotation is int:
        out["type"] = "integer"
    elif annotation is float:
        out["type"] = "number"
    elif annotation is date:
        out["type"] = "date"
    else:
        out["type"] = "string"
    if required:
        out.setdefault("constraints", {})["required"] = True
    return out


def data_package(list_sep: str, guard: Callable[[str], str] = lambda s: s) -> dict[str, Any]:
    """The package of the CSVs; `guard`: how the CSV writer writes a text cell (its formula guard), so that
    an enum lists the values as the file holds them."""
    resources = []
    for table, model in TABLES.items():
        schema: dict[str, Any] = {
            "fields": [_field(n, f.annotation, f.description or "", list_sep, guard) for n, f in model.model_fields.items()],
            "primaryKey": PRIMARY_KEYS[table],
            "missingValues": [""],
        }
        if table in FOREIGN_KEYS:
            schema["foreignKeys"] = FOREIGN_KEYS[table]
        resources.append({
            "name": table, "path": f"{table}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8-sig",
            "description": (model.__doc__ or "").strip().splitlines()[0],
            "dialect": {"delimiter": ",", "header": True},
            "schema": schema,
        })
    return {
        "profile": "tabular-data-package",
        "name": "worklist-dataset",
        "title": "Work lists (工作清单) as typed tables",
        "version": SCHEMA_VERSION,
        "description": ("One row per notice, work item, schedule cell, numeric target and item-quarter. Text "
                        "cells that a spreadsheet would evaluate as a formula (starting with = + - @, tab or "
                        "carriage return) carry a leading apostrophe in the CSV only; strip one leading ' "
                        "before such a character to get the exact text (the Parquet files keep it as is)."),
        "resources": resources,
    }
