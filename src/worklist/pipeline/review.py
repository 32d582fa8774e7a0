"""What a reviewer is pointed to: OCR's low-confidence cells named by their rows, and the row labels
`worklist inspect` draws beside each grid row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from worklist.extract import read_document
from worklist.extract.grid import RawDocument
from worklist.extract.table.layout import build_layout
from worklist.extract.table.rows import WorkRow, build_rows
from worklist.schemas.models import Item


def ocr_report(raw: RawDocument, rows: list[WorkRow], items: list[Item]) -> dict[str, Any] | None:
    """What OCR did, for the manifest: each low-confidence cell named by the row it went into (row_id,
    item_key), so a reviewer can go straight to it."""
    if raw.ocr is None:
        return None
    keys = {it.row_id: it.item_key for it in items}
    where: dict[tuple[int, int], int] = {}
    for row_id, r in enumerate(rows, start=1):
        for origin in r.origins:
            where.setdefault(origin, row_id)
    low = []
    for entry in raw.low_confidence:
        e = dict(entry)
        found = where.get((e["grid"], e["row"])) if e.get("where") == "cell" else None
        if found is not None:
            e["row_id"], e["item_key"] = found, keys.get(found)
        low.append(e)
    return {**raw.ocr, "low_confidence": low}


def row_labels(path: str | Path, *, password: str | None = None, ocr: str = "auto",
               raw: RawDocument | None = None) -> dict[tuple[int, int], str]:
    """(grid index, grid row) -> 'row N' for every grid row a work row was read from (for `inspect`);
    `raw`: the document already read (a scan is not OCR'd twice)."""
    raw = raw if raw is not None else read_document(path, password=password, ocr=ocr)
    rows, _ = build_rows(build_layout(raw))
    labels: dict[tuple[int, int], str] = {}
    for row_id, r in enumerate(rows, start=1):
        for i, origin in enumerate(r.origins):  # later origins: the row's fragments joined across a break
            labels[origin] = f"row {row_id}" if i == 0 else f"row {row_id} (cont.)"
    return labels
