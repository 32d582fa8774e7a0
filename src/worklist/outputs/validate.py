"""`worklist validate`: re-check an emitted dataset, as a consumer would receive it.

Files are copied, edited by hand, half-synced: so the check starts from the Parquet files alone. Every record
goes through the pydantic models again, each document's tables through the Great Expectations suite again
(`checks.rules`, GX itself, not the native twin the converter uses), and the row counts are compared with
what the manifest promised. Every file is compared with the SHA-256 its manifest recorded when it was
written (a document's manifest for its folder, the batch manifest for dataset/), so a value edited in a CSV
that no check would notice is found too. Whatever is wrong with a file (a lost column, a damaged footer)
is a line of its document's report, never a traceback. The result is one line per document, and optionally
GX's own HTML rendering of the validation results (Data Docs' renderers) in one self-contained page
(`outputs.html_report`).

It reads files only: no reader, no pipeline, no writer is imported, so `worklist validate` starts without
pdfplumber or python-docx. What a document folder is comes from `worklist.outputs.layout`.

Accepted paths: an output root (OUT/ with document folders and dataset/), one document folder (OUT/docs/<doc_id>)
or a combined dataset (OUT/dataset). In a root, dataset/ is compared with the document folders (the same
rows), so it is not checked twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from worklist.outputs.layout import (
    MANIFEST,
    OutputLayout,
    document_folders,
    file_hashes,
    is_dataset_folder,
    is_document_folder,
    read_json,
)
from worklist.checks.rules import DERIVED
from worklist.outputs import manifest_schema
from worklist.schemas.models import TABLES

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

CHECKED = ("items", "milestones", "targets")
_ENGINE = ["native"]  # the engine of the current run (set by run_validation)  # the tables of the GX suite (documents: pydantic only)
DERIVED_COLUMNS = {c for cols in DERIVED.values() for c in cols}  # their unexpected values are just False


@dataclass
class DocReport:
    """What was found about one document; `line()` is what the CLI prints."""

    label: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    gx: dict[str, Any] = field(default_factory=dict)  # table -> GX ExpectationSuiteValidationResult
    results: list[dict[str, Any]] = field(default_factory=list)  # the suite's rule results (either engine)
    engine: str = "native"
    about: dict[str, Any] = field(default_factory=dict)  # the notice: title, region, year, programme, sources
    warnings: list[str] = field(default_factory=list)  # every warning of the conversion (its manifest)
    low_confidence: list[dict[str, Any]] = field(default_factory=list)  # OCR'd cells below the threshold
    source: Path | None = None  # the input file, when it is still there with the manifest's SHA-256

    @property
    def ok(self) -> bool:
        return not self.problems

    def line(self) -> str:
        if self.ok:
            counts = ", ".join(f"{n} {t}" for t, n in self.counts.items() if t != "documents")
            extra = f"; {'; '.join(self.notes)}" if self.notes else ""
            return f"ok    {self.label}: {counts}{extra}"
        return f"FAIL  {self.label}: {'; '.join(self.problems)}"


@dataclass
class Validation:
    """What `worklist validate` found: `ok`, one line per document, and the reports behind them."""

    ok: bool
    lines: list[str]
    reports: list[DocReport]

    def as_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "documents": [
            {"document": r.label, "ok": r.ok, "problems": r.problems, "notes": r.notes, "counts": r.counts,
             "engine": r.engine, "about": r.about, "warnings": r.warnings,
             "rules": [x.get("rule") for x in r.results],
             "failed_rules": [x for x in r.results if not x.get("success")],
             "low_confidence": r.low_confidence}
            for r in self.reports]}

    def junit_cases(self) -> list:
        from worklist.ci_report import Case

        return [Case(r.label, "worklist.validate", failure=None if r.ok else "; ".join(r.problems)[:300],
                     details="\n".join(r.problems + r.notes)) for r in self.reports]


def validate_output(path: Path, report: Path | None = None, *, engine: str = "native") -> tuple[bool, list[str]]:
    """(all documents valid, one line per document) for OUT, OUT/docs/<doc_id> or OUT/dataset."""
    v = run_validation(path, report=report, engine=engine)
    return v.ok, v.lines


def run_validation(path: Path, report: Path | None = None, *, engine: str = "native") -> Validation:
    """Re-check OUT, OUT/docs/<doc_id> or OUT/dataset with the suite's `engine` ("native" or "gx")."""
    if engine not in ("native", "gx"):
        raise ValueError(f"engine must be native or gx, not {engine!r}")
    _ENGINE[0] = engine
    path = Path(path)
    reports: list[DocReport] = []
    lines: list[str] = []
    if is_document_folder(path):
        reports.append(check_folder(path))
    elif is_dataset_folder(path):
        reports += check_dataset(path, siblings=path.parent)
    elif path.is_dir():
        folders = document_folders(path)
        for folder in folders:
            reports.append(check_folder(folder))
        dataset = OutputLayout(path).dataset_dir
        if is_dataset_folder(dataset):
            reports.append(compare_dataset(dataset, folders))
        elif folders and len(folders) > 1:
            reports.append(DocReport("dataset", problems=["OUT/dataset/ is missing (convert writes it)"]))
        lines += _batch_notes(path)
    if not reports:
        return Validation(False, [f"FAIL  {path}: no converted document found (expected OUT, OUT/docs/<doc_id> "
                                  "or OUT/dataset)"], [])
    lines = [r.line() for r in reports] + lines
    report_ok = True
    if report is not None:
        from worklist.outputs.html_report import write_html_report

        try:
            write_html_report(reports, Path(report))
            lines.append(f"report: {report}")
        except OSError as exc:
            lines.append(f"error: {report}: cannot write the report ({exc.strerror or exc})")
            report_ok = False
    ok = all(r.ok for r in reports) and report_ok
    n_bad = sum(not r.ok for r in reports)
    lines.append(f"{len(reports) - n_bad} ok, {n_bad} failed" if n_bad else f"all {len(reports)} ok")
    return Validation(ok, lines, reports)


# ------------------------------------------------------------------------------------------------ finding


def _batch_notes(root: Path) -> list[str]:
    """Inputs that a batch could not convert: not a validation failure (there is no data), but worth a line."""
    m = read_json(OutputLayout(root).batch_manifest) or {}
    failed = [d for d in m.get("documents", []) if d.get("status") == "failed"]
    return [f"note  {d.get('path')}: not converted ({d.get('error')})" for d in failed]


# ------------------------------------------------------------------------------------------------ checks


def _read(folder: Path, table: str, rep: DocReport) -> "pa.Table | None":
    import pyarrow.parquet as pq

    f = folder / f"{table}.parquet"
    if not f.exists():
        rep.problems.append(f"{table}.parquet is missing")
        return None
    try:
        return pq.read_table(f)
    except Exception as exc:  # a damaged file: say so, check the rest
        rep.problems.append(f"{table}.parquet cannot be read ({type(exc).__name__}: {str(exc)[:120]})")
        return None


def _schema_problems(table: str, t: "pa.Table") -> list[str]:
    """Columns and Arrow types against the contract (list field names and metadata are not compared)."""
    import pyarrow as pa

    from worklist.schemas.arrow import arrow_schema

    want = arrow_schema(table)
    if t.schema.names != want.names:
        missing = [n for n in want.names if n not in t.schema.names]
        extra = [n for n in t.schema.names if n not in want.names]
        what = ", ".join(x for x in (missing and f"missing {missing}", extra and f"unexpected {extra}") if x)
        return [f"{table}: columns differ from the contract ({what or 'order'})"]
    out = []
    for f in want:
        got = t.schema.field(f.name).type
        same = (pa.types.is_list(got) and pa.types.is_list(f.type) and got.value_type == f.type.value_type) \
            or got == f.type
        if not same:
            out.append(f"{table}.{f.name}: type {got}, the contract says {f.type}")
    return out


def _pydantic_problems(tables: dict[str, "pa.Table"]) -> list[str]:
    """Every record through its model; failures named by the item's source_ref (or row_id)."""
    refs: dict[tuple[Any, Any], str] = {}
    keys = ["doc_id", "row_id", "source_ref"]
    if "items" in tables and set(keys) <= set(tables["items"].schema.names):
        for r in tables["items"].select(keys).to_pylist():
            refs[(r["doc_id"], r["row_id"])] = r["source_ref"]
    bad: list[str] = []
    n_bad = 0
    for table, t in tables.items():
        model = TABLES[table]
        for row in t.to_pylist():
            try:
                model.model_validate(row)
            except ValidationError as exc:
                n_bad += 1
                if len(bad) < 5:
                    where = row.get("source_ref") or refs.get((row.get("doc_id"), row.get("row_id"))) \
                        or f"row_id {row.get('row_id')}"
                    e = exc.errors()[0]
                    loc = ".".join(str(x) for x in e.get("loc", ()))
                    bad.append(f"{table} {where}: {loc}: {e.get('msg')}")
    if not n_bad:
        return []
    more = f" (+{n_bad - len(bad)} more)" if n_bad > len(bad) else ""
    return [f"{n_bad} record(s) fail the contract: " + "; ".join(bad) + more]


def _suite_results(tables: dict[str, "pa.Table"], rep: DocReport) -> dict[str, Any]:
    """The suite's summary on these tables, by the run's engine: native (default: no Great Expectations, no
    pandas) or GX itself (`--engine gx`); both give the same rule names and verdicts (a test keeps them so)."""
    rep.engine = _ENGINE[0]
    if _ENGINE[0] == "gx":
        try:
            from worklist.checks.rules import derive, summarize, validate_frames
            dfs = derive(*(tables[t].to_pandas() for t in CHECKED))
            validated = validate_frames(dfs)
        except ImportError as exc:
            raise GxMissing(str(exc)) from None
        rep.gx.update(validated)
        return summarize(dfs, validated)
    from worklist.checks.native import evaluate, tables_from_rows

    rows = {t: tables[t].to_pylist() for t in CHECKED}
    return evaluate(tables_from_rows(rows, {t: tables[t].schema.names for t in CHECKED}))


class GxMissing(Exception):
    """`--engine gx` without Great Expectations installed."""


def _gx_problems(tables: dict[str, "pa.Table"], rep: DocReport) -> list[str]:
    """The suite (native or GX); failed fail-level rules become problems, warn-level ones notes."""
    from worklist.checks.rules import check_warnings

    if not all(t in tables for t in CHECKED):
        return []
    res = _suite_results(tables, rep)
    rep.results = res["results"]
    out = []
    for r in res["results"]:
        if r["success"] or r["level"] != "fail":
            continue
        detail = r.get("error") or ""
        if not detail and r.get("where"):
            detail = "at " + ", ".join(r["where"])
        if r.get("unexpected") and r.get("column") not in DERIVED_COLUMNS:
            detail = ", ".join(x for x in (", ".join(r["unexpected"]), detail) if x)
        detail = detail or r.get("observed") or ""
        count = f"{r['unexpected_count']} rows" if r.get("unexpected_count") else ""
        what = ": ".join(x for x in (count, detail[:120]) if x)
        out.append(f"{r['rule']} failed" + (f" ({what})" if what else ""))
    rep.notes += [f"warning: {w}" for w in check_warnings(res)]
    return out


def _check_tables(tables: dict[str, "pa.Table"], rep: DocReport, doc_id: str | None) -> None:
    for table, t in tables.items():
        rep.problems += _schema_problems(table, t)
        rep.counts[table] = t.num_rows
        if doc_id is not None and "doc_id" in t.schema.names:
            others = set(t.column("doc_id").to_pylist()) - {doc_id}
            if others:
                rep.problems.append(f"{table}: rows of another document ({', '.join(map(str, sorted(others)))})")
    if "documents" in tables and tables["documents"].num_rows != 1:
        rep.problems.append(f"documents: {tables['documents'].num_rows} rows, expected 1")
    rep.problems += _pydantic_problems(tables)
    try:
        rep.problems += _gx_problems(tables, rep)
    except GxMissing:
        raise
    except Exception as exc:  # the suite could not run on these frames: a failure, not a crash
        rep.problems.append(f"the dataset checks could not run ({type(exc).__name__}: {str(exc)[:120]})")


def _manifest(folder: Path) -> dict[str, Any] | None:
    return read_json(folder / MANIFEST)


def _hash_problems(folder: Path, recorded: Any, rep: DocReport, *, where: str) -> None:
    """Every file recorded in a manifest (`where` names it) must be there with the same SHA-256."""
    if not isinstance(recorded, dict) or not recorded:
        rep.notes.append(f"no file hashes in {where} to compare with (written by an older version)")
        return
    try:
        found = file_hashes(folder)
    except OSError as exc:
        rep.problems.append(f"{folder.name}: cannot be read ({exc.strerror or exc})")
        return
    changed = sorted(name for name, sha in recorded.items() if name in found and found[name] != sha)
    missing = sorted(name for name in recorded if name not in found and not name.endswith(".parquet"))
    if changed:  # a missing .parquet is reported where it is read
        rep.problems.append(f"changed after conversion: {', '.join(changed)} (SHA-256 differs from {where})")
    if missing:
        rep.problems.append(f"missing: {', '.join(missing)} (listed in {where})")


def _compare_manifest(m: dict[str, Any], rep: DocReport, tables: dict[str, "pa.Table"]) -> None:
    """Counts, id and hash as the manifest recorded them at conversion time."""
    for table, n in (m.get("counts") or {}).items():
        if table in rep.counts and rep.counts[table] != n:
            rep.problems.append(f"{table}: {rep.counts[table]} rows, the manifest says {n}")
    docs = tables.get("documents")
    if docs is not None and docs.num_rows == 1 and {"doc_id", "source_sha256"} <= set(docs.schema.names):
        row = docs.to_pylist()[0]
        if m.get("doc_id") and row["doc_id"] != m["doc_id"]:
            rep.problems.append(f"doc_id {row['doc_id']}, the manifest says {m['doc_id']}")
        sha = (m.get("input") or {}).get("sha256")
        if sha and row["source_sha256"] != sha:
            rep.problems.append("source_sha256 differs from the manifest")
    validation = m.get("validation") or {}
    invalid = validation.get("records_invalid") or []
    lost = [x for x in invalid if x.get("table") != "coverage"]
    if lost:
        refs = ", ".join(str(x.get("source_ref")) for x in lost[:5])
        rep.problems.append(f"{len(lost)} record(s) failed the contract at conversion and are missing ({refs})")
    cov = validation.get("coverage") or {}
    if cov.get("unaccounted"):
        refs = ", ".join(str(x.get("source_ref")) for x in cov["unaccounted"][:5])
        rep.problems.append(f"{len(cov['unaccounted'])} source cell(s) found in no output (coverage "
                            f"{cov.get('ratio')}: {refs}; see manifest.json)")


def _describe(rep: DocReport, m: dict[str, Any], tables: dict[str, "pa.Table"]) -> None:
    """What a reviewer needs beside the verdict: which notice (title, region, year, source), every warning
    of its conversion, and the cells OCR read with low confidence (with the source, to crop them)."""
    docs = tables.get("documents")
    row = docs.to_pylist()[0] if docs is not None and docs.num_rows == 1 else {}
    inp = m.get("input") or {}
    rep.about = {k: row.get(k) for k in ("title", "region", "year", "programme", "doc_number", "notice_id")
                 if k in row}
    rep.about["sources"] = [f"{inp.get('file')} ({inp.get('format')})"]
    rep.warnings = [str(w) for w in m.get("warnings") or []]
    rep.low_confidence = list((m.get("ocr") or {}).get("low_confidence") or [])
    rep.source = _source_file(inp) if rep.low_confidence else None


def _source_file(inp: dict[str, Any]) -> Path | None:
    """The converted file, if it is still where the batch read it and has the same bytes (so a crop of it
    shows what was read)."""
    import hashlib

    path = Path(str(inp.get("path") or ""))
    try:
        if not inp.get("path") or not path.is_file():
            return None
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return path if h.hexdigest() == inp.get("sha256") else None


def check_folder(folder: Path) -> DocReport:
    """One document folder: Parquet files, records, suite, manifest."""
    m = _manifest(folder)
    label = f"{folder.name} ({((m or {}).get('input') or {}).get('file', '?') if isinstance((m or {}).get('input'), dict) else '?'})"
    rep = DocReport(label)
    if m is None:
        why = manifest_schema.unreadable(folder / MANIFEST)
        rep.problems.append(f"manifest.json: {why}" if why else "manifest.json is missing or not JSON")
    else:  # its shape checked before any of it is trusted
        rep.problems += manifest_schema.document_manifest_problems(m)
        if rep.problems:
            return rep
    tables = {t: tb for t in TABLES if (tb := _read(folder, t, rep)) is not None}
    # the document is who its manifest says (a copied or renamed folder is still that document)
    _check_tables(tables, rep, (m or {}).get("doc_id") or folder.name)
    if m is not None:
        _describe(rep, m, tables)
        _compare_manifest(m, rep, tables)
        _hash_problems(folder, {k: v for k, v in (m.get("files") or {}).items() if k != MANIFEST}
                       if isinstance(m.get("files"), dict) else None, rep, where=MANIFEST)
    return rep


def _dataset_hashes(dataset: Path, root: Path | None, rep: DocReport) -> None:
    """dataset/'s files against the hashes OUT/manifest.json recorded for them."""
    path = OutputLayout(root).batch_manifest if root is not None else None
    batch = read_json(path) if path is not None else None
    if batch is None:
        why = manifest_schema.unreadable(path) if path is not None else None
        if why:
            rep.problems.append(f"OUT/manifest.json: {why}")
        else:
            rep.notes.append("no OUT/manifest.json to compare the files' hashes with")
        return
    versions = [(read_json(f / MANIFEST) or {}).get("extractor_version") for f in document_folders(root)] \
        if root is not None else []
    problems = manifest_schema.batch_manifest_problems(
        batch, any(manifest_schema.writes_hashes(v) for v in versions if v))
    if problems:
        rep.problems += problems
        return
    _hash_problems(dataset, (batch.get("dataset") or {}).get("files"), rep, where="OUT/manifest.json")


def _split(dataset: Path, rep: DocReport) -> dict[str, dict[str, "pa.Table"]]:
    """doc_id -> table -> that document's rows of the combined dataset."""
    import pyarrow.compute as pc

    tables = {t: tb for t in TABLES if (tb := _read(dataset, t, rep)) is not None}
    for t, tb in list(tables.items()):
        if "doc_id" not in tb.schema.names:  # its rows cannot be told apart by document
            rep.problems.append(f"{t}.parquet has no doc_id column")
            del tables[t]
    doc_ids: list[str] = []
    for tb in tables.values():
        doc_ids += [d for d in pc.unique(tb.column("doc_id")).to_pylist() if d not in doc_ids]
    return {d: {t: tb.filter(pc.equal(tb.column("doc_id"), d)) for t, tb in tables.items()} for d in doc_ids}


def check_dataset(dataset: Path, siblings: Path | None = None) -> list[DocReport]:
    """OUT/dataset alone: each document's rows checked like a folder; counts against the manifests found
    (`siblings`: the output root the dataset belongs to)."""
    top = DocReport("dataset")
    parts = _split(dataset, top)
    _dataset_hashes(dataset, siblings, top)
    if top.problems:
        return [top]
    batch = {}
    layout = OutputLayout(siblings) if siblings is not None else None
    if layout is not None:
        bm = read_json(layout.batch_manifest) or {}
        batch = {d.get("doc_id"): d for d in bm.get("documents", []) if d.get("doc_id")}
    out = []
    for doc_id, tables in parts.items():
        file = (tables["documents"].column("source_file").to_pylist() or ["?"])[0] \
            if "documents" in tables and "source_file" in tables["documents"].schema.names else "?"
        rep = DocReport(f"dataset/{doc_id} ({file})")
        _check_tables(tables, rep, doc_id)
        m = _manifest(layout.doc_dir(doc_id)) if layout is not None else None
        if m is not None:
            _compare_manifest(m, rep, tables)
        elif doc_id in batch and batch[doc_id].get("items") is not None:
            if rep.counts.get("items") != batch[doc_id]["items"]:
                rep.problems.append(f"items: {rep.counts.get('items')} rows, OUT/manifest.json says "
                                    f"{batch[doc_id]['items']}")
        else:
            rep.notes.append("no manifest to compare counts with")
        out.append(rep)
    if not out:
        return [DocReport("dataset", problems=["the dataset holds no document", *top.problems])]
    return out


def _notice_values(root: Path) -> dict[str, dict[str, Any]]:
    """doc_id -> the documents fields the dataset took from another form of its notice (the batch manifest's
    `metadata`, each value with the document it came from)."""
    notices = (read_json(OutputLayout(root).batch_manifest) or {}).get("notices") or []
    out: dict[str, dict[str, Any]] = {}
    for n in notices:
        meta = n.get("metadata") or {}
        out[str(n.get("doc_id"))] = {k: v.get("value") for k, v in meta.items()
                                     if isinstance(v, dict) and v.get("doc_id") != n.get("doc_id")}
    return out


def _dataset_documents(root: Path, folders: list[Path]) -> dict[str, Path] | None:
    """The document folders whose rows the dataset must hold: the batch manifest's choice, one per notice
    (None when the manifest does not say: then each notice of the folders must be there once)."""
    notices = (read_json(OutputLayout(root).batch_manifest) or {}).get("notices")
    if notices is None:
        return None
    names = {f.name: f for f in folders}
    chosen = [n.get("doc_id") for n in notices if n.get("doc_id")]
    return {d: names[d] for d in chosen if d in names}


def compare_dataset(dataset: Path, folders: list[Path]) -> DocReport:
    """In an output root: dataset/ must hold exactly the rows of the documents chosen for it (one per notice,
    as OUT/manifest.json's `notices` records), each equal to its folder's (checked above)."""
    rep = DocReport("dataset")
    parts = _split(dataset, rep)
    _dataset_hashes(dataset, dataset.parent, rep)
    if rep.problems:
        return rep
    chosen = _dataset_documents(dataset.parent, folders)
    all_names = {f.name: f for f in folders}
    if chosen is None:  # no record of the choice: every notice once, from one of its folders
        by_notice: dict[str, list[str]] = {}
        for f in folders:
            nested = read_json(f / f"{f.name}.json") or {}
            by_notice.setdefault(str(nested.get("notice_id") or f.name), []).append(f.name)
        chosen = {}
        for notice, ids in by_notice.items():
            present = [d for d in ids if d in parts]
            if len(present) > 1:
                rep.problems.append(f"notice {notice} is in the dataset {len(present)} times ({', '.join(present)})")
            pick = present[0] if present else ids[0]
            chosen[pick] = all_names[pick]
    names = chosen
    missing = sorted(set(names) - set(parts))
    stray = sorted(set(parts) - set(names))
    if missing:
        rep.problems.append(f"documents missing from the dataset: {', '.join(missing)}")
    if stray:
        what = "without a folder" if not set(stray) <= set(all_names) else "not chosen for it"
        rep.problems.append(f"documents in the dataset {what}: {', '.join(stray)}")
    import pyarrow.parquet as pq

    from worklist.schemas.arrow import with_notice_metadata

    taken = _notice_values(dataset.parent)
    for doc_id in sorted(set(parts) & set(names)):
        for table, part in parts[doc_id].items():
            f = names[doc_id] / f"{table}.parquet"
            try:
                own = pq.read_table(f)
                if table == "documents" and taken.get(doc_id):  # the fields taken from another form
                    own = with_notice_metadata(own, {doc_id: taken[doc_id]})
            except Exception:  # reported on the folder's own line
                continue
            if own.schema.names != part.schema.names:
                rep.problems.append(f"{doc_id} {table}: the dataset's columns differ from {f.parent.name}/{f.name}")
                continue
            try:
                same = own.num_rows == part.num_rows and own.cast(part.schema).equals(part)
            except Exception:  # types that do not cast: not the same rows
                same = False
            if not same:
                rep.problems.append(f"{doc_id} {table}: the dataset's rows differ from {f.parent.name}/{f.name}")
    for table in TABLES:
        rep.counts[table] = sum(p[table].num_rows for p in parts.values() if table in p)
    rep.label = f"dataset ({len(parts)} notices)"
    notices = (read_json(OutputLayout(dataset.parent).batch_manifest) or {}).get("notices") or []
    rep.about = {"notices": [{k: n.get(k) for k in ("notice_id", "title", "year", "region", "doc_number", "doc_id")}
                             | {"sources": [f"{s.get('file')} ({s.get('format')})" + (" ✓" if s.get("in_dataset") else "")
                                            for s in n.get("sources") or []]} for n in notices]}
    rep.warnings = [f"{n.get('year')} {n.get('region')}: {w}" for n in notices for w in n.get("warnings") or []]
    if rep.ok:
        rep.notes.append("same rows as the document folders chosen for it")
    return rep
