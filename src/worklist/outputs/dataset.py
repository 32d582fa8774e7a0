"""The combined dataset: every notice once, whatever forms and versions of it the batch saw.

The data team receives one notice as DOCX, PDF, web page and spreadsheet, and receives it again when a cell
is corrected. Counting rows across document folders would count the notice once per file, so the dataset
is assembled by notice (`documents.notice_id`):

- Forms of one notice whose rows agree (the format-independent content, as the golden compares it) are one
  *version*; the dataset takes one of its documents, by `worklist.formats.preference` (formats that carry
  the table's structure first), and the manifest lists every source and that it agrees.
- A version supersedes another only on evidence inside the documents: a later 成文日期, a later 文号 of the
  same series (〔2024〕3号 after 〔2024〕2号), or a 更正/修订 title where the other has none. A file's
  modification time is no evidence (a copy, a download or an unzip sets it). Superseded documents keep
  their folders under OUT/docs/, the manifest marks them, the dataset leaves them out.
- Forms that disagree without such evidence are still one notice: the dataset takes the most trusted form
  (trusted first, then the registry's preference), and the disagreement is a named warning listing each
  differing field (form A says X, form B says Y) in the manifest and the batch summary. A document is
  trusted when it passed validation, its coverage is complete and its text was not read by OCR: a misread
  scan never replaces a text reading.
- The notice's metadata (文号, issuer, 成文日期, and the title where the chosen form only had its file name)
  comes from whichever of its forms carries it — an Excel attachment has no 文号, the web page does — and
  the manifest's `metadata` says which document each value came from.

`select_notices` decides from the document folders alone (manifest and nested JSON), so the choice is the
same whichever run wrote which folder.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from worklist.formats import preference
from worklist.outputs.golden import comparable, differences
from worklist.outputs.layout import MANIFEST, document_json, read_json

# What the documents row takes from another form of the notice when the chosen form lacks it.
METADATA_FIELDS = ("doc_number", "issuer", "issue_date", "title")
NO_TITLE_WARNING = "no title found in the front matter"  # the pipeline's warning: the title is the file name
CORRECTION_WORDS = ("更正", "修订", "修正")
_DOC_NUMBER = re.compile(r"^(?P<series>.*?)[〔\[［(（](?P<year>\d{4})[〕\]］)）](?P<n>\d+)号")
MAX_LISTED = 5  # differing fields spelt out in a warning line (the manifest lists them all)


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
    nested: dict[str, Any] = field(repr=False, default_factory=dict)
    titled: bool = True  # its title was read from the document (not its file name)


@dataclass
class Notice:
    notice_id: str
    chosen: Source
    sources: list[Source] = field(default_factory=list)
    superseded: list[Source] = field(default_factory=list)
    metadata: dict[str, dict[str, Any]] = field(default_factory=dict)  # field -> {value, doc_id, file}
    disagreements: list[dict[str, Any]] = field(default_factory=list)  # {doc_id, file, fields: [...]}
    warnings: list[str] = field(default_factory=list)

    def document_values(self) -> dict[str, Any]:
        """The documents row's fields the dataset takes from another form (field -> value)."""
        return {k: v["value"] for k, v in self.metadata.items() if v["doc_id"] != self.chosen.doc_id}

    def manifest_entry(self) -> dict[str, Any]:
        chosen_fp = self.chosen.fingerprint
        label = dict(self.chosen.label)
        label.update({k: v for k, v in self.document_values().items() if k in label})
        return {
            "notice_id": self.notice_id,
            **label,
            "doc_id": self.chosen.doc_id,
            "metadata": self.metadata,
            "sources": [
                {"doc_id": s.doc_id, "file": s.file, "format": s.format, "agrees": s.fingerprint == chosen_fp,
                 "in_dataset": s is self.chosen, "superseded": s in self.superseded, "trusted": s.trusted}
                for s in self.sources
            ],
            "disagreements": self.disagreements,
            "warnings": self.warnings,
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
    warnings = [str(w) for w in m.get("warnings") or []]
    return Source(
        doc_id=nested.get("doc_id") or folder.name, folder=folder, file=(m.get("input") or {}).get("file", ""),
        format=fmt, fingerprint=fingerprint(nested), issue_date=nested.get("issue_date"),
        modified=(m.get("input") or {}).get("modified"),
        trusted=bool(validation.get("success", True)) and coverage >= 1.0 and not ocr,
        notice_id=nested.get("notice_id") or nested.get("doc_id") or folder.name,
        label={k: nested.get(k) for k in ("title", "doc_number", "year", "region", "issue_date")},
        nested=nested, titled=not any(w.startswith(NO_TITLE_WARNING) for w in warnings),
    )


def _format_rank(fmt: str) -> int:
    return preference(fmt)


def _rank(s: Source) -> tuple[bool, int, str]:
    """Most trusted first: a trusted reading, then the registry's preference of formats."""
    return (not s.trusted, _format_rank(s.format), s.doc_id)


def _doc_number_key(text: str | None) -> tuple[str, int, int] | None:
    m = _DOC_NUMBER.match(text or "")
    return (m.group("series").strip(), int(m.group("year")), int(m.group("n"))) if m else None


def _corrected(title: str | None) -> bool:
    return any(w in (title or "") for w in CORRECTION_WORDS)


def later(a: list[Source], b: list[Source]) -> bool:
    """Whether version `a` is, by evidence inside the documents, a later issue than version `b`: a later
    成文日期, else a later 文号 of the same series, else a 更正/修订 title where `b` has none."""
    da = max((s.issue_date for s in a if s.issue_date), default=None)
    db = max((s.issue_date for s in b if s.issue_date), default=None)
    if da and db and da != db:
        return da > db
    na = max((k for s in a if (k := _doc_number_key(s.label.get("doc_number")))), default=None)
    nb = max((k for s in b if (k := _doc_number_key(s.label.get("doc_number")))), default=None)
    if na and nb and na[0] == nb[0] and na[1:] != nb[1:]:
        return na[1:] > nb[1:]
    ca = any(_corrected(s.label.get("title")) for s in a)
    cb = any(_corrected(s.label.get("title")) for s in b)
    return ca and not cb


def _metadata(chosen: Source, sources: list[Source], warnings: list[str]) -> dict[str, dict[str, Any]]:
    """Each metadata field from the chosen form, else from the most trusted form that carries it (never from
    an untrusted form when the chosen one is trusted); forms carrying different values are a warning (the
    chosen form's value stays)."""
    out: dict[str, dict[str, Any]] = {}
    # an OCR'd or invalid form lends nothing to a trusted one: its 文号 may be misread
    ordered = [chosen] + sorted((s for s in sources if s is not chosen and (s.trusted or not chosen.trusted)),
                                key=_rank)
    for f in METADATA_FIELDS:
        carriers = [s for s in ordered if s.nested.get(f) not in (None, "") and (f != "title" or s.titled)]
        if not carriers:
            continue
        first = carriers[0]
        out[f] = {"value": first.nested.get(f), "doc_id": first.doc_id, "file": first.file}
        others = {(s.file, json.dumps(s.nested.get(f), ensure_ascii=False)) for s in carriers
                  if s.nested.get(f) != first.nested.get(f)}
        if others:
            said = "; ".join(f"{file} says {v}" for file, v in sorted(others))
            warnings.append(f"forms disagree on {f}: {first.file} says "
                            f"{json.dumps(first.nested.get(f), ensure_ascii=False)}; {said} (kept: {first.file})")
    return out


def _disagreement(chosen: Source, other: Source) -> dict[str, Any]:
    """The fields where `other` says something else than the chosen form (as the golden diff names them)."""
    diffs = differences(other.nested, chosen.nested, metadata=False)
    return {"doc_id": other.doc_id, "file": other.file, "format": other.format, "trusted": other.trusted,
            "fields": [{"field": d.field, "in_dataset": d.expected, "this_form": d.got, "source_ref": d.source_ref}
                       for d in diffs],
            "count": len(diffs), "_diffs": diffs}


def _disagreement_warning(chosen: Source, dis: dict[str, Any]) -> str:
    shown = []
    for d in dis["_diffs"][:MAX_LISTED]:
        a, b = _around_difference(d.expected, d.got)
        shown.append(f"{d.field}: {chosen.file} says {a}, {dis['file']} says {b}")
    more = f"; +{dis['count'] - MAX_LISTED} more (see OUT/manifest.json)" if dis["count"] > MAX_LISTED else ""
    if dis["trusted"]:
        why = f"no later date, 文号 or 更正 in either: one notice, the dataset takes {chosen.file}"
    else:
        why = f"{dis['file']} was read by OCR or failed validation: never trusted over {chosen.file}"
    return f"forms of one notice disagree in {dis['count']} field(s) ({why}): " + "; ".join(shown) + more


def _around_difference(a: Any, b: Any, before: int = 12, after: int = 24) -> tuple[str, str]:
    """Two values as a line shows them: long texts cut to where they differ (…MRI海马扫描… / …MRI 海马扫描…),
    so a changed comma deep in a cell is visible; other values whole (JSON)."""
    if not (isinstance(a, str) and isinstance(b, str)) or max(len(a), len(b)) <= before + after:
        return _short(a), _short(b)
    p = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    lo = max(0, p - before)

    def cut(t: str) -> str:
        return ("…" if lo else "") + t[lo:p + after] + ("…" if p + after < len(t) else "")

    return json.dumps(cut(a), ensure_ascii=False), json.dumps(cut(b), ensure_ascii=False)


def _short(v: Any) -> str:
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 80 else s[:77] + "…"


def select_notices(doc_dirs: list[Path]) -> list[Notice]:
    """One `Notice` per notice_id, in the order of first appearance."""
    groups: dict[str, list[Source]] = {}
    for d in doc_dirs:
        s = _source(d)
        if s is not None:
            groups.setdefault(s.notice_id, []).append(s)
    return [_notice(nid, sources) for nid, sources in groups.items()]


def _notice(nid: str, sources: list[Source]) -> Notice:
    versions: dict[str, list[Source]] = {}
    for s in sources:
        versions.setdefault(s.fingerprint, []).append(s)
    vs = list(versions.values())
    pool = [v for v in vs if any(s.trusted for s in v)] or vs
    # a version is superseded when another of the pool is, by evidence inside the documents, later
    beaten = [v for v in pool if any(later(w, v) for w in pool if w is not v)]
    current = [v for v in pool if not any(v is b for b in beaten)] or pool
    candidates = [s for v in current for s in v]
    chosen = min(candidates, key=_rank)
    superseded = [s for v in beaten for s in v]
    live = [s for s in sources if s not in superseded]
    warnings: list[str] = []
    disagreements = []
    seen: set[str] = {chosen.fingerprint}
    for s in sorted(live, key=_rank):
        if s.fingerprint in seen:
            continue
        seen.add(s.fingerprint)
        dis = _disagreement(chosen, s)
        warnings.append(_disagreement_warning(chosen, dis))
        disagreements.append({k: v for k, v in dis.items() if k != "_diffs"})
    metadata = _metadata(chosen, live, warnings)
    return Notice(nid, chosen, sorted(sources, key=lambda s: (_format_rank(s.format), s.doc_id)), superseded,
                  metadata, disagreements, warnings)
