"""One notice in, one validated `Conversion` out: the fixed sequence of steps after the reader.

read (format reader) → grid (header mapping, joining pages) → rows (merged-cell rules) → normalize (text,
metadata, targets) → records (`build`) → coverage (`coverage`) → checks. Writing is separate
(`worklist.outputs.writers`) so that a library user can convert without touching the disk. Each step's time
is kept for the manifest. The checks return their results and the pipeline, which owns the conversion it
builds, adds their warnings to it.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from worklist import __version__
from worklist.extract import read_document
from worklist.extract.limits import check_input
from worklist.extract.table.layout import build_layout
from worklist.extract.table.rows import build_rows
from worklist.normalize.identity import notice_id_for
from worklist.normalize.metadata import read_metadata
from worklist.page_images import input_files
from worklist.pipeline.build import UNCATEGORIZED, build_records, schedule_records
from worklist.pipeline.coverage import coverage as coverage_of
from worklist.pipeline.options import ConvertOptions
from worklist.pipeline.review import ocr_report
from worklist.schemas.models import SCHEMA_VERSION, Document
from worklist.schemas.records import Conversion, doc_id_for, file_sha256, path_text
from worklist.vocabulary.labels import recognise_programme

__all__ = ["Conversion", "ConvertOptions", "convert"]


class _Timer:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = round(self.timings.get(name, 0.0) + time.perf_counter() - t0, 4)


def _programme(rows: list[Any], title: str | None) -> str | None:
    """The list's programme (七优享 …) by its title or its 专项, as the vocabulary knows them."""
    p = recognise_programme((r.category for r in rows if isinstance(r.category, str)), title)
    return p.name if p is not None else None


def convert(path: str | Path, options: ConvertOptions | None = None) -> Conversion:
    """Read and normalize one notice (`options`: password, check engine, OCR mode; `ConvertOptions`).
    Raises `extract.errors.ReadError` for files that cannot be read."""
    opts = options or ConvertOptions()
    p = Path(path)
    timer = _Timer()
    with timer.stage("read"):
        for f in input_files(p):  # a file, or a folder's page images
            check_input(f)  # before the hash: a FIFO or /dev/zero must not be opened, a huge file not read
        sha = file_sha256(p)
        raw = read_document(p, password=opts.password, ocr=opts.ocr)
    with timer.stage("grid"):
        layout = build_layout(raw)
    with timer.stage("rows"):
        rows, row_warnings = build_rows(layout)
    warnings = list(raw.warnings) + layout.warnings + row_warnings
    doc_id = doc_id_for(sha)
    invalid: list[dict[str, str]] = list(raw.invalid)
    with timer.stage("normalize"):
        meta = read_metadata(layout.front_matter, known=raw.metadata)
        title = meta.title or path_text(p.stem)
        if meta.title is None:
            warnings.append("no title found in the front matter: the file name is used")
        notice_id = notice_id_for(title=meta.title, year=meta.year, region=meta.region,
                                  doc_number=meta.doc_number, doc_id=doc_id)
        document = Document(
            doc_id=doc_id, notice_id=notice_id, source_file=path_text(p.name), source_format=raw.source_format, source_sha256=sha,
            title=title, doc_number=meta.doc_number, issuer=meta.issuer, issue_date=meta.issue_date,
            year=meta.year, region=meta.region, programme=_programme(rows, meta.title), notes=layout.notes, schema_version=SCHEMA_VERSION,
            extractor_version=__version__,
        )
        if any(not r.category for r in rows):
            warnings.append(f"rows without a 专项名称 (no such column or heading): taken as {UNCATEGORIZED}")
            for r in rows:
                r.category = r.category or UNCATEGORIZED
        rec = build_records(document, rows, invalid, warnings)
        items, milestones, targets, extras = rec.items, rec.milestones, rec.targets, rec.extras
        schedule = schedule_records(items, milestones, targets)
        coverage = coverage_of(layout, rows)
        invalid += [{"table": "coverage", "source_ref": c["source_ref"],
                     "error": f"source text found in no output: {c['text']!r}"} for c in coverage["unaccounted"]]
        # OCR: a recognised line found in no cell, or read into a cell it shares with the next row's text
        invalid += [{"table": "coverage", "source_ref": f"p{b['page']}",
                     "error": f"recognised text {b.get('why') or 'found in no output'}: {b['text']!r}"}
                    for b in ((raw.ocr or {}).get("boxes") or {}).get("unaccounted", [])]
    conv = Conversion(document, items, milestones, targets, extras, warnings, invalid, coverage,
                      timer.timings, str(p), n_pages=raw.n_pages, schedule=schedule,
                      conversion=raw.conversion, ocr=ocr_report(raw, rows, items))
    engine = opts.checks
    if engine != "none":
        with timer.stage("validate"):
            from worklist.checks.rules import check_warnings

            if engine == "gx":
                from worklist.checks.rules import run_checks as _run
            else:
                from worklist.checks.native import run_native as _run
            conv.checks = _run(conv)
            conv.warnings.extend(check_warnings(conv.checks))
    return conv
