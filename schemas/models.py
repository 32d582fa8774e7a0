"""The data contract (CONTRACT.md) as pydantic models: the one definition of every output column.

Writers derive Parquet/CSV columns and types from these models, and `worklist schema` prints their JSON
Schema, so the contract, the files and the documentation cannot drift apart. Column names are the
contract's, exactly; changing one means bumping `SCHEMA_VERSION` and a changelog entry.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION = "1.0"

Comparator = Literal["=", ">", ">=", "<", "<=", "~"]
Status = Literal["planned", "none", "done"]
Quarter = int


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Document(_Record):
    """documents: one row per input file."""

    doc_id: str = Field(description="stable id of the document: the same bytes give the same id on any machine")
    source_file: str = Field(description="file name as given (no directory)")
    source_format: Literal["pdf", "docx", "txt"]
    source_sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="hex digest of the input bytes")
    title: str = Field(min_length=1, description="e.g. 2024年嵊泗县公共服务“七优享”工程工作清单")
    doc_number: str | None = Field(None, description="文号, e.g. 嵊七优享办〔2024〕2号")
    issuer: str | None = Field(None, description="the issuing office")
    issue_date: date | None = Field(None, description="成文日期")
    year: int | None = Field(None, ge=1949, le=2100, description="the year the list is for")
    region: str | None = Field(None, description="the county/district/city, e.g. 嵊泗县")
    schema_version: str
    extractor_version: str


class Item(_Record):
    """items: one row per table row (a work line), in document order."""

    doc_id: str
    row_id: int = Field(ge=1, description="1-based position in the document's table, in reading order across pages")
    item_key: str = Field(min_length=1, description="stable key category/type/seq[.sub], unique within the document")
    category: str = Field(min_length=1, description="专项名称, filled down through merged cells and page breaks")
    type: str = Field(description="类型: 重点指标 / 重点任务 / 民生实事 or another label the document uses")
    seq: int = Field(ge=1, description="序号 within its category+type group")
    sub: int = Field(ge=1, description="1 for the first row of a 序号; 2, 3, … for further rows sharing it")
    name: str = Field(description="名称, clean text")
    q1: str | None = Field(None, description="schedule text covering quarter 1 (a merged cell repeated)")
    q2: str | None = None
    q3: str | None = None
    q4: str | None = None
    lead_units: list[str] = Field(description="牵头单位, split on 、，,")
    owners: list[str] = Field(description="责任人, split on whitespace and 、; empty when blank")
    page: int = Field(ge=1, description="page (PDF), table block (TXT) or table index (DOCX) where the row starts")
    source_ref: str = Field(description="p3 / p3-4 (PDF pages), t2r14 (DOCX table/row), l57 (TXT line)")


class Milestone(_Record):
    """milestones: one row per schedule cell (merged cells once)."""

    doc_id: str
    row_id: int = Field(ge=1)
    quarter_from: int = Field(ge=1, le=4)
    quarter_to: int = Field(ge=1, le=4)
    text: str = Field(min_length=1)
    status: Status

    @model_validator(mode="after")
    def _order(self) -> "Milestone":
        if self.quarter_from > self.quarter_to:
            raise ValueError("quarter_from > quarter_to")
        return self


class Target(_Record):
    """targets: one row per numeric target found in a name or a schedule cell."""

    doc_id: str
    row_id: int = Field(ge=1)
    target_id: int = Field(ge=1, description="1-based within the row")
    source: Literal["schedule", "name"]
    quarter_from: int = Field(ge=1, le=4)
    quarter_to: int = Field(ge=1, le=4)
    metric: str | None = Field(None, description="what is counted, as written; null for a bare number")
    comparator: Comparator
    value: float
    unit: str | None = None
    value_base: float
    unit_base: str | None = None
    cumulative: bool
    text: str = Field(min_length=1, description="the exact substring the target was read from")

    @field_validator("value", "value_base")
    @classmethod
    def _finite(cls, v: float) -> float:
        if v != v or v in (float("inf"), float("-inf")):
            raise ValueError("not a finite number")
        return v

    @model_validator(mode="after")
    def _order(self) -> "Target":
        if self.quarter_from > self.quarter_to:
            raise ValueError("quarter_from > quarter_to")
        return self


TABLES: dict[str, type[_Record]] = {
    "documents": Document,
    "items": Item,
    "milestones": Milestone,
    "targets": Target,
}


def json_schema() -> dict:
    """The contract's JSON Schema: one definition per table."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "worklist data contract",
        "version": SCHEMA_VERSION,
        "tables": {name: model.model_json_schema() for name, model in TABLES.items()},
    }
