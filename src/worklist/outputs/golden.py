"""Golden samples: the reviewed expected output, and a field-level diff against it.

A golden is the nested JSON of a document without what depends on the input format (ids, hashes, file
name, pages, source references), so that the PDF, DOCX and TXT of one notice share one golden. Items are
matched by `item_key`, milestones by their quarters, targets by where they were read from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from worklist.exit_codes import EXIT_DIFF, EXIT_NO_GOLDEN, EXIT_USAGE
from worklist.formats import not_carried as form_not_carried
from worklist.budget import OverBudget
from worklist.extract.errors import CorruptFileError, ReadError, TooLargeError
from worklist.outputs.layout import document_folders, document_json, load_json

__all__ = ["GOLDEN_FILE", "GoldenMatch", "GoldenReport", "comparable", "compare_with_golden", "diff_documents",
           "document_folders", "golden_folders", "load_nested", "pair_with_golden", "save_golden"]

GOLDEN_FILE = "document.json"
FORMAT_FIELDS = {"doc_id", "source_file", "source_format", "source_sha256", "extractor_version"}
ITEM_FORMAT_FIELDS = {"page", "source_ref"}


def comparable(nested: dict[str, Any]) -> dict[str, Any]:
    """The format-independent part of a document's nested JSON."""
    doc = {k: v for k, v in nested.items() if k not in FORMAT_FIELDS and k != "items"}
    items = []
    for it in nested.get("items", []):
        items.append({k: v for k, v in it.items() if k not in ITEM_FORMAT_FIELDS})
    doc["items"] = items
    return doc


def save_golden(nested: dict[str, Any], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / GOLDEN_FILE
    path.write_text(json.dumps(comparable(nested), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def load_nested(doc_dir: Path) -> dict[str, Any]:
    """A converted document folder's nested JSON, or a golden folder's document.json."""
    golden = doc_dir / GOLDEN_FILE
    own = golden if golden.exists() else document_json(doc_dir)
    if own is not None:  # distrusted: size and depth within the budget before parsing (exit 8 / 5)
        try:
            data = load_json(own)
        except OverBudget as e:
            raise TooLargeError(str(e)) from None
        except ValueError as e:
            raise CorruptFileError(f"{own.name}: not JSON ({str(e)[:80]})") from None
        if not isinstance(data, dict):
            raise CorruptFileError(f"{own.name}: not a JSON object")
        return data
    raise FileNotFoundError(f"{doc_dir}: neither {GOLDEN_FILE} nor a converted document's <doc_id>.json")


def _fmt(v: Any) -> str:
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 120 else s[:117] + "..."


def _target_key(t: dict[str, Any], seen: dict[tuple, int]) -> tuple:
    base = (t.get("source"), t.get("quarter_from"), t.get("quarter_to"), t.get("text"))
    seen[base] = seen.get(base, 0) + 1
    return base + (seen[base],)


FORMS_FILE = "forms.json"  # beside a golden: {"not_carried": {"<source file>": [fields]}} for forms of that sample


def not_carried_by(golden: Path, source_file: str) -> frozenset[str]:
    """Document fields one sample form does not carry, as its golden folder records them (a workbook printed to
    PDF has no 文号 although its format, PDF, usually does): reviewed facts about that file, not a rule."""
    try:
        forms = load_json(Path(golden) / FORMS_FILE)  # within the output-JSON budget, like every file read back
    except (OSError, ValueError):
        return frozenset()
    if not isinstance(forms, dict) or not isinstance(forms.get("not_carried") or {}, dict):
        return frozenset()
    return frozenset((forms.get("not_carried") or {}).get(source_file, ()))


def diff_documents(actual: dict[str, Any], expected: dict[str, Any],
                   not_carried: frozenset[str] = frozenset()) -> list[str]:
    """Human-readable differences, one per line; empty when the documents agree. `not_carried`: document
    fields this form cannot carry (absent: no difference; present: compared like any other)."""
    a, e = comparable(actual), comparable(expected)
    not_carried = not_carried | form_not_carried(actual.get("source_format", ""))
    out: list[str] = []
    for k in sorted(set(a) | set(e)):
        if k == "items" or (k in not_carried and a.get(k) is None):
            continue
        if a.get(k) != e.get(k):
            out.append(f"document.{k}: got {_fmt(a.get(k))}, expected {_fmt(e.get(k))}")
    ai = {it["item_key"]: it for it in a["items"]}
    ei = {it["item_key"]: it for it in e["items"]}
    for key in ei:
        if key not in ai:
            out.append(f"{key}: missing (expected row {ei[key].get('row_id')} {_fmt(ei[key].get('name'))})")
    for key in ai:
        if key not in ei:
            out.append(f"{key}: unexpected row {ai[key].get('row_id')} {_fmt(ai[key].get('name'))}")
    for key, exp in ei.items():
        got = ai.get(key)
        if got is None:
            continue
        for f in sorted(set(exp) | set(got)):
            if f in ("milestones", "targets"):
                continue
            if got.get(f) != exp.get(f):
                out.append(f"{key}.{f}: got {_fmt(got.get(f))}, expected {_fmt(exp.get(f))}")
        gm = {(m["quarter_from"], m["quarter_to"]): m for m in got.get("milestones", [])}
        em = {(m["quarter_from"], m["quarter_to"]): m for m in exp.get("milestones", [])}
        for q in sorted(set(gm) | set(em)):
            if gm.get(q) != em.get(q):
                out.append(f"{key}.milestones[Q{q[0]}-Q{q[1]}]: got {_fmt(gm.get(q))}, expected {_fmt(em.get(q))}")
        s1: dict[tuple, int] = {}
        s2: dict[tuple, int] = {}
        gt = {_target_key(t, s1): t for t in got.get("targets", [])}
        et = {_target_key(t, s2): t for t in exp.get("targets", [])}
        for tk in list(et) + [k for k in gt if k not in et]:
            g, x = gt.get(tk), et.get(tk)
            if g is None:
                out.append(f"{key}.targets[{tk[0]} Q{tk[1]}-Q{tk[2]} {tk[3]!r}]: missing, expected {_fmt(x)}")
            elif x is None:
                out.append(f"{key}.targets[{tk[0]} Q{tk[1]}-Q{tk[2]} {tk[3]!r}]: unexpected {_fmt(g)}")
            else:
                for f in sorted(set(g) | set(x)):
                    if g.get(f) != x.get(f):
                        out.append(f"{key}.targets[{tk[3]!r}].{f}: got {_fmt(g.get(f))}, expected {_fmt(x.get(f))}")
    return out


def golden_folders(path: Path) -> list[Path]:
    """`path` itself when it holds a golden document.json, else its sub-folders that do."""
    if (path / GOLDEN_FILE).exists():
        return [path]
    return sorted(p for p in path.iterdir() if p.is_dir() and (p / GOLDEN_FILE).exists()) if path.is_dir() else []


def pair_with_golden(doc_dirs: list[Path], goldens: list[Path]) -> list[tuple[Path, Path | None]]:
    """Each document with the golden of the same notice (`notice_id`): every form of a notice shares one
    golden, and a notice without a golden gets None, never another notice's golden. A golden written before
    notice ids existed is found by the document's file name instead."""
    by_notice: dict[str, Path] = {}
    by_name: dict[str, Path] = {}
    for g in goldens:
        nid = load_nested(g).get("notice_id")
        if nid:
            by_notice.setdefault(nid, g)
        else:
            by_name[g.name] = g
    pairs = []
    for d in doc_dirs:
        nested = load_nested(d)
        g = by_notice.get(nested.get("notice_id") or "") or by_name.get(Path(nested.get("source_file", "")).stem)
        pairs.append((d, g))
    return pairs


@dataclass
class GoldenMatch:
    """One converted document against its golden sample (`golden` None: no golden of that name)."""

    folder: Path
    label: str  # "<source_file> (<doc_id>)"
    golden: Path | None
    expected_name: str  # the golden's name the document was looked up by
    diffs: list[str] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        return self.golden is not None and not self.diffs


@dataclass
class GoldenReport:
    """Converted documents compared with golden samples; `error` when there was nothing to compare."""

    matches: list[GoldenMatch] = field(default_factory=list)
    error: str | None = None

    @property
    def exit_code(self) -> int:
        if self.error:
            return EXIT_USAGE
        if any(m.golden is not None and m.diffs for m in self.matches):
            return EXIT_DIFF
        if any(m.golden is None for m in self.matches):
            return EXIT_NO_GOLDEN
        return 0

    def as_json(self) -> dict:
        """The comparison for CI tools: one entry per document."""
        return {
            "error": self.error,
            "exit_code": self.exit_code,
            "documents": [
                {"document": m.label, "folder": str(m.folder), "golden": str(m.golden) if m.golden else None,
                 "status": "no-golden" if m.golden is None else ("differs" if m.diffs else "matches"),
                 "differences": m.diffs}
                for m in self.matches
            ],
        }

    def junit_cases(self) -> list:
        from worklist.ci_report import Case

        cases = []
        for m in self.matches:
            if m.golden is None:
                cases.append(Case(m.label, "worklist.diff", skipped="no golden sample for this notice"))
            elif m.diffs:
                cases.append(Case(m.label, "worklist.diff", failure=f"{len(m.diffs)} difference(s) from {m.golden}",
                                  details="\n".join(m.diffs)))
            else:
                cases.append(Case(m.label, "worklist.diff"))
        if self.error:
            cases.append(Case("golden comparison", "worklist.diff", error=self.error))
        return cases


def compare_with_golden(out: Path, golden: Path, doc_ids: list[str] | None = None) -> GoldenReport:
    """Each document folder of `out` (OUT or OUT/docs/<doc_id>; only `doc_ids` if given) against the golden
    sample named after its source file, field by field."""
    out, golden = Path(out), Path(golden)
    docs = document_folders(out)
    if doc_ids is not None:
        docs = [d for d in docs if d.name in doc_ids]
    goldens = golden_folders(golden)
    if not docs:
        return GoldenReport(error=f"{out}: no converted document found")
    if not goldens:
        return GoldenReport(error=f"{golden}: no golden sample (document.json) found")
    report = GoldenReport()
    try:
        for d, g in pair_with_golden(docs, goldens):
            nested = load_nested(d)
            label = f"{nested.get('source_file')} ({d.name})"
            name = Path(nested.get("source_file", "")).stem
            diffs = diff_documents(nested, load_nested(g), not_carried_by(g, nested.get("source_file", ""))) \
                if g is not None else []
            report.matches.append(GoldenMatch(d, label, g, name, diffs))
    except ReadError as e:  # a document JSON or golden over the output-JSON budget, or not JSON
        return GoldenReport(error=f"{golden}: {e}")
    return report
