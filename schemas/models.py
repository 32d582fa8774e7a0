"""The data contract (CONTRACT.md) as pydantic models: the one definition of every output column.

Writers derive Parquet/CSV columns and types from these models, and `worklist schema` prints their JSON
Schema, so the contract, the files and the documentation cannot drift apart. Column names are the
contract's, exactly; changing one means bumping `SCHEMA_VERSION` and a changelog entry.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from worklist.formats import SourceFormat

SCHEMA_VERSION = "2.2"

Comparator = Literal["=", ">", ">=", "<", "<=", "~"]
Status = Literal["planned", "none", "done"]
TargetSource = Literal["schedule", "name"]
Quarter = int


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Document(_Record):
    """documents: one row per input file."""

    doc_id: str = Field(description="stable id of the document: the same bytes give the same id on any machine")
    notice_id: str = Field(description="the notice this file is a form of: list title + year + region (else 文号); "
                                       "every form and re-issue of one list shares it")
    source_file: str = Field(description="file name as given (no directory)")
    source_format: SourceFormat = (
        Field(description="read from the file's first bytes; image: page images (a folder of them is one notice)"))
    source_sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="hex digest of the input bytes")
    title: str = Field(min_length=1, description="e.g. 2024年嵊泗县公共服务“七优享”工程工作清单")
    doc_number: str | None = Field(None, description="文号, e.g. 嵊七优享办〔2024〕2号")
    issuer: str | None = Field(None, description="the issuing office")
    issue_date: date | None = Field(None, description="成文日期")
    year: int | None = Field(None, ge=1949, le=2100, description="the year the list is for")
    region: str | None = Field(None, description="the county/district/city, e.g. 嵊泗县")
    programme: str | None = Field(None, description="the programme the list belongs to (e.g. 七优享), recognised from "
                                  "its title or its 专项 (normalize/programmes.json); null for one not listed there")
    notes: list[str] = Field(default_factory=list, description="text of the table that is no work line, in "
                             "reading order: trailer rows (合计, 小计, 说明, 备注) and footnotes under the table (注：1.…)")
    schema_version: str = Field(description="version of this contract")
    extractor_version: str = Field(description="version of the worklist package that produced it")


class Item(_Record):
    """items: one row per table row (a work line), in document order."""

    doc_id: str = Field(description="the document (documents.doc_id)")
    notice_id: str = Field(description="the notice (documents.notice_id)")
    row_id: int = Field(ge=1, description="1-based position in the document's table, in reading order across pages")
    item_key: str = Field(min_length=1, description="positional key category/type/seq[.sub], unique within the document")
    item_uid: str = Field(description="content identity: hash of 专项/类型/normalized 名称[/sub]; survives an inserted row")
    year: int | None = Field(None, description="the year the list is for (documents.year)")
    category: str = Field(min_length=1, description="专项名称, filled down through merged cells and page breaks")
    type: str = Field(description="类型: 重点指标 / 重点任务 / 民生实事 or another label the document uses")
    seq: int = Field(ge=1, description="序号 within its category+type group")
    sub: int = Field(ge=1, description="1 for the first row of a 序号; 2, 3, … for further rows sharing it "
                     "(a merged 序号 cell, or a label numbered inside it: 1-2 → 2)")
    seq_label: str = Field(description="序号 as printed (1, 1-1, 1.1, （一）, 一、, ①); a sub-row carries its merged "
                           "cell's label; empty when the table has no 序号")
    name: str = Field(description="名称, clean text")
    q1: str | None = Field(None, description="schedule text covering quarter 1 (a merged cell repeated)")
    q2: str | None = Field(None, description="likewise for quarter 2")
    q3: str | None = Field(None, description="likewise for quarter 3")
    q4: str | None = Field(None, description="likewise for quarter 4")
    deadline: str | None = Field(None, description="完成时限 / 时间节点 as written (6月底前, 2025年12月, 长期坚持); null "
                                 "when the list has no such column")
    lead_units: list[str] = Field(description="牵头单位, split on 、，, ; / and on line breaks between whole names")
    owners: list[str] = Field(description="责任人, split on whitespace and 、; empty when blank")
    page: int = Field(ge=1, description="page (PDF), table block (TXT), table index (DOCX, HTML) or sheet (XLSX) where the row starts")
    source_ref: str = Field(description="p3 / p3-4 (PDF pages), t2r14 (DOCX/HTML table/row), s1r14 (XLSX sheet/row), l57 (TXT line)")


class _ItemKeys(_Record):
    """The keys of the item a row belongs to, repeated in every table below items so that no question needs
    a join (schema 2.0)."""

    doc_id: str = Field(description="the document (documents.doc_id)")
    notice_id: str = Field(description="the notice (documents.notice_id)")
    row_id: int = Field(ge=1, description="the item row (items.row_id)")
    item_key: str = Field(description="the item (items.item_key)")
    item_uid: str = Field(description="the item's content identity (items.item_uid)")
    category: str = Field(description="the item's 专项名称")
    type: str = Field(description="the item's 类型")
    year: int | None = Field(None, description="the year the list is for")


class Milestone(_ItemKeys):
    """milestones: one row per schedule cell (merged cells once)."""

    quarter_from: int = Field(ge=1, le=4, description="first quarter the cell covers")
    quarter_to: int = Field(ge=1, le=4, description="last quarter the cell covers (1–4 for a cell over the year)")
    text: str = Field(min_length=1, description="clean text as the document writes it; / and 已完成 kept")
    status: Status = Field(description="planned (ordinary text), none (/), done (已完成)")

    @model_validator(mode="after")
    def _order(self) -> "Milestone":
        if self.quarter_from > self.quarter_to:
            raise ValueError("quarter_from > quarter_to")
        return self


class Target(_ItemKeys):
    """targets: one row per numeric target found in a name or a schedule cell."""

    target_id: int = Field(ge=1, description="1-based within the row")
    source: TargetSource = Field(description="where the target was read")
    quarter_from: int = Field(ge=1, le=4, description="from the schedule cell; 1 for a target in the name")
    quarter_to: int = Field(ge=1, le=4, description="from the schedule cell; 4 for a target in the name")
    metric: str | None = Field(None, description="what is counted, as written; null for a bare number")
    comparator: Comparator = Field(description="~ for 左右/约")
    value: float = Field(description="the number as written (6.07 in 6.07万人)")
    unit: str | None = Field(None, description="as written: %, 人次, 万人, 个, 元, 万元 …; from the name's (%) for a bare number")
    value_base: float = Field(description="the value in its base unit (6.07万人 → 60700)")
    unit_base: str | None = Field(None, description="the base unit (人, 元, % …)")
    cumulative: bool = Field(description="累计 / 全年累计 applies")
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


class ScheduleQuarter(_ItemKeys):
    """schedule: one row per item and quarter (four per item): what is due that quarter, for one pivot."""

    name: str = Field(description="the item's 名称")
    quarter: int = Field(ge=1, le=4, description="the quarter (1–4)")
    text: str | None = Field(None, description="the schedule text covering this quarter; null when none")
    status: Status | None = Field(None, description="that milestone's status; null when no milestone covers it")
    quarter_from: int | None = Field(None, ge=1, le=4, description="first quarter of the covering milestone")
    quarter_to: int | None = Field(None, ge=1, le=4, description="last quarter of the covering milestone")
    targets: list[str] = Field(description="texts of the targets due this quarter: those read from the covering "
                               "milestone, in its last quarter only (a merged cell's target is due once, at its end)")
    target_value: float | None = Field(None, description="value_base of the target due this quarter when there is "
                                                         "exactly one; null otherwise (and in the earlier quarters "
                                                         "of a merged cell)")
    target_unit: str | None = Field(None, description="unit_base of that target")


TABLES: dict[str, type[_Record]] = {
    "documents": Document,
    "items": Item,
    "milestones": Milestone,
    "targets": Target,
    "schedule": ScheduleQuarter,
}
# Columns that repeat the parent item in milestones/targets/schedule (left out of the nested JSON, where the
# item holds them once).
ITEM_KEY_COLUMNS = ("doc_id", "notice_id", "row_id", "item_key", "item_uid", "category", "type", "year")


def json_schema() -> dict:
    """The contract's JSON Schema: one definition per table."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "worklist data contract",
        "version": SCHEMA_VERSION,
        "tables": {name: model.model_json_schema() for name, model in TABLES.items()},
    }


def _type_name(annotation: object) -> str:
    import types
    import typing

    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _type_name(args[0]) + "?"
    if origin is list:
        return "list[str]"
    if origin is typing.Literal:
        return " / ".join(f"`{a}`" for a in typing.get_args(annotation))
    return getattr(annotation, "__name__", str(annotation))


def contract_markdown() -> str:
    """The contract's tables as Markdown (schemas/CONTRACT.md is this text; a test keeps them equal)."""
    lines = [
        "# worklist data contract",
        "",
        f"schema_version {SCHEMA_VERSION}. Generated from `schemas/models.py` by `worklist schema --markdown`;",
        "do not edit by hand. Column names are ASCII snake_case; values keep the document's Chinese.",
        "Types: `int?` is a nullable integer (Parquet int64, pandas `Int64`), `date` a calendar date (Parquet",
        "date32, pandas `datetime.date`, DuckDB DATE), `list[str]` a list (joined with 、 in the CSV files).",
    ]
    for name, model in TABLES.items():
        doc = (model.__doc__ or "").strip().splitlines()[0]
        lines += ["", f"## {name}", "", doc, "", "| column | type | meaning |", "|---|---|---|"]
        for col, f in model.model_fields.items():
            lines.append(f"| {col} | {_type_name(f.annotation)} | {f.description or ''} |")
    return "\n".join(lines) + "\n"
