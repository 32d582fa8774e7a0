"""The records of one converted notice: the datamodel every layer after normalize shares.

`Conversion` is what `worklist.pipeline.convert` returns and what the checks, the writers and the output
layout take. It lives here, below all of them, so that none of those needs the pipeline (and with it the
reader stack) to know the shape of a conversion. The record types themselves are the contract's pydantic
models (`worklist.schemas.models`); this module adds what travels with them (warnings, coverage, timings).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from worklist.page_images import input_files
from worklist.schemas.models import TABLES, Document, Item, Milestone, ScheduleQuarter, Target


@dataclass
class Conversion:
    """One notice as validated records, plus what the manifest reports about it."""

    document: Document
    items: list[Item]
    milestones: list[Milestone]
    targets: list[Target]
    extras: dict[int, dict[str, str]]  # row_id -> columns the contract does not know
    warnings: list[str]
    invalid: list[dict[str, str]]  # records that failed the contract: table, source_ref, error
    coverage: dict[str, Any]
    timings: dict[str, float]
    source_path: str
    n_pages: int = 1
    checks: dict[str, Any] = field(default_factory=dict)  # dataset checks' summary (the pipeline fills it)
    schedule: list[ScheduleQuarter] = field(default_factory=list)  # derived: four rows per item
    conversion: str | None = None  # a legacy file converted before reading (RawDocument.conversion)
    ocr: dict[str, Any] | None = None  # OCR'd pages: engine, pages, low-confidence cells, recognised lines

    @property
    def doc_id(self) -> str:
        return self.document.doc_id

    @property
    def valid(self) -> bool:
        """Every record met the contract and no dataset check of level `fail` failed."""
        return not self.invalid and bool(self.checks.get("success", True))

    def records(self, table: str) -> list[Any]:
        """The records of one contract table (documents: the one Document)."""
        if table == "documents":
            return [self.document]
        if table not in TABLES:
            raise KeyError(table)
        return list(getattr(self, table))


def file_sha256(path: str | Path) -> str:
    """Hex digest of a file, streamed (a notice can be large); of a folder of page images, the digest of their
    bytes in page order (`worklist.page_images`)."""
    h = hashlib.sha256()
    for f in input_files(path):
        with open(f, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def doc_id_for(sha256_hex: str) -> str:
    """Stable id: the same bytes give the same id on any machine (the file name plays no part)."""
    return sha256_hex[:16]


def path_text(path: str | Path) -> str:
    """A file name or path as text that can be written anywhere (UTF-8 JSON, Parquet, CSV).

    A name that is not valid UTF-8 (GBK bytes from an archive unzipped on Windows) arrives from the OS with
    surrogate escapes, which no UTF-8 writer accepts; its undecodable bytes are shown as `\\xNN` instead,
    so the name stays readable and says which bytes it had. Valid names come back unchanged."""
    text = os.fspath(path)
    if isinstance(text, bytes):
        return text.decode("utf-8", "backslashreplace")
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
