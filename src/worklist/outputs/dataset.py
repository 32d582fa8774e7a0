"""The combined dataset: every notice once, whatever forms and versions of it the batch saw.

The data team receives one notice as DOCX, PDF, web page and spreadsheet, and receives it again when a cell
is corrected. Counting rows across document folders would count the notice once per file, so the dataset
is assembled by notice (`documents.notice_id`):

- Forms of one notice whose rows agree (the format-independent content, as the golden compares it) are one
  *version*; the dataset takes one of its documents, by `worklist.formats.preference` (formats that carry the table's
  structure first), and the manifest lists every source and that it agrees.
- Versions that disagree are ordered by issue date, then by the source file's modification time: the
  latest *trusted* version is the notice; the others are superseded (their folders stay under OUT/docs/,
  the manifest marks them, the dataset leaves them out). A document is trusted when it passed validation,
  its coverage is complete and its text was not read by OCR: a misread scan must not replace a correct
  reading of the same notice; it is listed as a disagreeing source instead.

`select_notices` decides from the document folders alone (manifest and nested JSON), so the choice is the
same whichever run wrote which folder.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from worklist.formats import preference
from worklist.outputs.golden import comparable
from worklist.outputs.layout import MANIFEST, document_json, read_json

# Formats that carry the table's structure (merges, cells) directly come first; geometry-read and legacy
# formats next; OCR last.



@dataclass
class Source:
    doc_id: str
    folder: Path
    file: str
    format: str
    fingerprint: str
    issue_date: str | None
    modified: str | None
    trusted: bool
    notice_id: str
    label: dict[str, Any]


@dataclass
class Notice:
    notice_id: str
    chosen: Source
    sources: list[Source] = field(default_factory=list)
    superseded: list[Source] = field(default_factory=list)

    def manifest_entry(self) -> dict[str, Any]:
        chosen_fp = self.chosen.fingerprint
        return {
            "notice_id": self.notice_id,
            **self.chosen.label,
            "doc_id": self.chosen.doc_id,
            "sources": [
                {"doc_id": s.doc_id, "file": s.file, "format": s.format, "agrees": s.fingerprint == chosen_fp,
                 "in_dataset": s is self.chosen, "superseded": s in self.superseded, "trusted": s.trusted}
                for s in self.sources
            ],
        }


def fingerprint(nested: dict[str, Any]) -> str:
    """Hash of what a notice says (its items with milestones and targets), independent of the file's form."""
    items = comparable(nested).get("items", [])
    return hashlib.sha256(json.dumps(items, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def _source(folder: Path) -> Source | None:
    m = read_json(folder / MANIFEST)
    path = document_json(folder)
    nested = read_json(path) if path is not None else None
    if m is None or nested is None:
        return None
    validation = m.get("validation") or {}
    coverage = (validation.get("coverage") or {}).get("ratio", 1.0)
    fmt = (m.get("input") or {}).get("format") or nested.get("source_format") or ""
    ocr = bool(m.get("ocr")) or bool((m.get("input") or {}).get("ocr")) or fmt in ("scan", "image")
    return Source(
        doc_id=nested.get("doc_id") or folder.name, folder=folder, file=(m.get("input") or {}).get("file", ""),
        format=fmt, fingerprint=fingerprint(nested), issue_date=nested.get("issue_date"),
        modified=(m.get("input") or {}).get("modified"),
        trusted=bool(validation.get("success", True)) and coverage >= 1.0 and not ocr,
        notice_id=nested.get("notice_id") or nested.get("doc_id") or folder.name,
        label={k: nested.get(k) for k in ("title", "doc_number", "year", "region", "issue_date")},
    )


def _format_rank(fmt: str) -> int:
    return preference(fmt)


def select_notices(doc_dirs: list[Path]) -> list[Notice]:
    """One `Notice` per notice_id, in the order of first appearance."""
    groups: dict[str, list[Source]] = {}
    for d in doc_dirs:
        s = _source(d)
        if s is not None:
            groups.setdefault(s.notice_id, []).append(s)
    notices = []
    for nid, sources in groups.items():
        versions: dict[str, list[Source]] = {}
        for s in sources:
            versions.setdefault(s.fingerprint, []).append(s)
        pool = [v for v in versions.values() if any(s.trusted for s in v)] or list(versions.values())

        def recency(v: list[Source]) -> tuple:
            return (max(s.issue_date or "" for s in v), max(s.modified or "" for s in v), len(v))

        latest = max(pool, key=recency)
        chosen = min(latest, key=lambda s: (not s.trusted, _format_rank(s.format), s.doc_id))
        superseded = [s for v in versions.values() if v is not latest and v in pool for s in v]
        notices.append(Notice(nid, chosen, sorted(sources, key=lambda s: (_format_rank(s.format), s.doc_id)),
                              superseded))
    return notices
