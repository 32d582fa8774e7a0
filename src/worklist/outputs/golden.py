"""Golden samples: the reviewed expected output, and a field-level diff against it.

A golden is the nested JSON of a document without what depends on the input format (ids, hashes, file
name, pages, source references), so that the PDF, DOCX and TXT of one notice share one golden. Items are
matched by `item_key`, milestones by their quarters, targets by where they were read from.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from worklist.exit_codes import EXIT_DIFF, EXIT_NO_GOLDEN, EXIT_USAGE
from worklist.formats import not_carried as form_not_carried
from worklist.budget import OverBudget
from worklist.extract.errors import CorruptFileError, ReadError, TooLargeError
from worklist.outputs.layout import document_folders, document_json, load_json

__all__ = ["GOLDEN_FILE", "Difference", "FormRules", "GoldenMatch", "differences", "form_rules", "GoldenReport", "comparable", "compare_with_golden", "diff_documents",
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
    return json.dumps(v, ensure_ascii=False)


def _target_key(t: dict[str, Any], seen: dict[tuple, int]) -> tuple:
    base = (t.get("source"), t.get("quarter_from"), t.get("quarter_to"), t.get("text"))
    seen[base] = seen.get(base, 0) + 1
    return base + (seen[base],)


FORMS_FILE = "forms.json"  # beside a golden: what is compared, and how, per sample form (see `FormRules`)


@dataclass(frozen=True)
class FormRules:
    """How one sample form is compared with its golden, as `forms.json` beside the golden declares it
    (reviewed facts about that file, not a rule of the reader):

    - `not_carried`: document fields the form does not carry (a workbook printed to PDF has no 文号);
      absent there is no difference, present it is compared like any other.
    - `text`: how text is compared for this form, a list of rules (default none: exact). For an OCR'd form:
      "punctuation_form" — a punctuation mark compared by what it is, not its glyph's width or length
      (，/, ；/; （/( —/-), which OCR cannot tell apart on a scan; "cjk_spacing" — a space between a Chinese
      character and a Latin letter or digit (MRI 海马) is no difference. Every other character, number, unit,
      key and field is still compared exactly: a misread word or number fails."""

    not_carried: frozenset[str] = frozenset()
    text: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return "exact" if not self.text else "text: " + ", ".join(self.text)


TEXT_RULES = ("punctuation_form", "cjk_spacing")


def form_rules(golden: Path, source_file: str) -> FormRules:
    """The rules `forms.json` beside `golden` declares for the form named `source_file` (default: exact)."""
    try:
        forms = load_json(Path(golden) / FORMS_FILE)  # within the output-JSON budget, like every file read back
    except (OSError, ValueError):
        return FormRules()
    entries, older = (forms.get("forms") or {}, forms.get("not_carried") or {}) if isinstance(forms, dict) else ({}, {})
    entry = entries.get(source_file) if isinstance(entries, dict) else None
    entry = entry if isinstance(entry, dict) else {}
    not_carried = set(entry.get("not_carried") or ())
    if isinstance(older, dict):
        not_carried |= set(older.get(source_file, ()))
    text = entry.get("text") or []
    text = [text] if isinstance(text, str) else list(text)
    unknown = [t for t in text if t not in TEXT_RULES]
    if unknown:
        raise ValueError(f"{Path(golden) / FORMS_FILE}: {source_file}: unknown text rule(s) {unknown} "
                         f"(known: {', '.join(TEXT_RULES)})")
    return FormRules(frozenset(not_carried), tuple(text))


def not_carried_by(golden: Path, source_file: str) -> frozenset[str]:
    """Document fields one sample form does not carry, as its golden folder records them."""
    return form_rules(golden, source_file).not_carried


# Punctuation marks by what they are: full-width forms and dash lengths folded to one character each.
_PUNCT_FORM = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "！": "!", "？": "?", "％": "%",
                             "—": "-", "–": "-", "－": "-", "―": "-", "～": "~", "＜": "<", "＞": ">", "＝": "=",
                             "＋": "+", "／": "/"})
_CJK = r"[\u3400-\u9fff\uf900-\ufaff]"
_CJK_SPACE = re.compile(rf"(?<={_CJK})[ \u3000]+(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])[ \u3000]+(?={_CJK})")


def _normalise(v: Any, rules: tuple[str, ...]) -> Any:
    """A value as the form's text rules compare it."""
    if not rules:
        return v
    if isinstance(v, str):
        if "punctuation_form" in rules:
            v = v.translate(_PUNCT_FORM)
        if "cjk_spacing" in rules:
            v = _CJK_SPACE.sub("", v)
        return v
    if isinstance(v, list):
        return [_normalise(x, rules) for x in v]
    if isinstance(v, dict):
        return {k: _normalise(x, rules) for k, x in v.items()}
    return v


@dataclass(frozen=True)
class Difference:
    """One field that differs: `field` names it (document.doc_number, <item_key>.name,
    <item_key>.milestones[Q1-Q4].text, <item_key>.targets['>63%'].value), `source_ref` where the converted
    document has it."""

    field: str
    expected: Any
    got: Any
    source_ref: str | None = None

    def line(self) -> str:
        if self.got is _MISSING:
            return f"{self.field}: missing (expected {_fmt(self.expected)})"
        if self.expected is _MISSING:
            return f"{self.field}: unexpected {_fmt(self.got)}"
        return f"{self.field}: got {_fmt(self.got)}, expected {_fmt(self.expected)}"

    def as_json(self) -> dict[str, Any]:
        return {"field": self.field, "expected": None if self.expected is _MISSING else self.expected,
                "got": None if self.got is _MISSING else self.got, "source_ref": self.source_ref}


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Any = _Missing()


def differences(actual: dict[str, Any], expected: dict[str, Any], not_carried: frozenset[str] = frozenset(),
                *, text: tuple[str, ...] = (), metadata: bool = True) -> list[Difference]:
    """Every differing field once, at the finest level (a milestone's text, a target's value). `not_carried`:
    document fields this form cannot carry; `text`: the form's text rule (`FormRules`); `metadata`: False to
    compare the items only (forms of one notice in the dataset)."""
    refs = {it.get("item_key"): it.get("source_ref") for it in actual.get("items", [])}
    a, e = _normalise(comparable(actual), text), _normalise(comparable(expected), text)
    not_carried = not_carried | form_not_carried(actual.get("source_format", ""))
    out: list[Difference] = []
    for k in sorted(set(a) | set(e)) if metadata else ():
        if k == "items" or (k in not_carried and a.get(k) is None):
            continue
        if a.get(k) != e.get(k):
            out.append(Difference(f"document.{k}", e.get(k), a.get(k)))
    ai = {it["item_key"]: it for it in a["items"]}
    ei = {it["item_key"]: it for it in e["items"]}
    for key in ei:
        if key not in ai:
            out.append(Difference(key, {"row_id": ei[key].get("row_id"), "name": ei[key].get("name")}, _MISSING))
    for key in ai:
        if key not in ei:
            out.append(Difference(key, _MISSING, {"row_id": ai[key].get("row_id"), "name": ai[key].get("name")},
                                  refs.get(key)))
    for key, exp in ei.items():
        got = ai.get(key)
        if got is None:
            continue
        ref = refs.get(key)
        gm = {(m["quarter_from"], m["quarter_to"]): m for m in got.get("milestones", [])}
        em = {(m["quarter_from"], m["quarter_to"]): m for m in exp.get("milestones", [])}
        # q1..q4 repeat the milestones' texts: a quarter whose milestone differs is reported once, there
        repeated = {f"q{n}" for q in set(gm) | set(em) if gm.get(q) != em.get(q) for n in range(q[0], q[1] + 1)}
        for f in sorted(set(exp) | set(got)):
            if f not in ("milestones", "targets") and f not in repeated and got.get(f) != exp.get(f):
                out.append(Difference(f"{key}.{f}", exp.get(f), got.get(f), ref))
        for q in sorted(set(gm) | set(em)):
            where = f"{key}.milestones[Q{q[0]}-Q{q[1]}]"
            g, x = gm.get(q), em.get(q)
            if g is None or x is None:
                out.append(Difference(where, _MISSING if x is None else x, _MISSING if g is None else g, ref))
                continue
            for f in sorted(set(g) | set(x)):
                if g.get(f) != x.get(f):
                    out.append(Difference(f"{where}.{f}", x.get(f), g.get(f), ref))
        s1: dict[tuple, int] = {}
        s2: dict[tuple, int] = {}
        gt = {_target_key(t, s1): t for t in got.get("targets", [])}
        et = {_target_key(t, s2): t for t in exp.get("targets", [])}
        for tk in list(et) + [k for k in gt if k not in et]:
            gv, xv = gt.get(tk), et.get(tk)
            where = f"{key}.targets[{tk[0]} Q{tk[1]}-Q{tk[2]} {tk[3]!r}]"
            if gv is None or xv is None:
                out.append(Difference(where, _MISSING if xv is None else xv, _MISSING if gv is None else gv, ref))
                continue
            for f in sorted(set(gv) | set(xv)):
                if gv.get(f) != xv.get(f):
                    out.append(Difference(f"{key}.targets[{tk[3]!r}].{f}", xv.get(f), gv.get(f), ref))
    return out


def diff_documents(actual: dict[str, Any], expected: dict[str, Any],
                   not_carried: frozenset[str] = frozenset(), *, text: tuple[str, ...] = ()) -> list[str]:
    """Human-readable differences, one line per differing field, in full; empty when the documents agree."""
    return [d.line() for d in differences(actual, expected, not_carried, text=text)]


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
    pairs: list[tuple[Path, Path | None]] = []
    for d in doc_dirs:
        nested = load_nested(d)
        match = by_notice.get(nested.get("notice_id") or "") or by_name.get(Path(nested.get("source_file", "")).stem)
        pairs.append((d, match))
    return pairs


@dataclass
class GoldenMatch:
    """One converted document against its golden sample (`golden` None: no golden of that name)."""

    folder: Path
    label: str  # "<source_file> (<doc_id>)"
    golden: Path | None
    expected_name: str  # the golden's name the document was looked up by
    differences: list[Difference] = field(default_factory=list)
    text: str = "exact"  # how the form was compared (forms.json), for the report

    @property
    def diffs(self) -> list[str]:
        """The differences as lines, one per differing field."""
        return [d.line() for d in self.differences]

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
                 "compared": m.text, "differences": [d.as_json() for d in m.differences]}
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
            rules = form_rules(g, nested.get("source_file", "")) if g is not None else FormRules()
            diffs = differences(nested, load_nested(g), rules.not_carried, text=rules.text) if g is not None else []
            report.matches.append(GoldenMatch(d, label, g, name, diffs, rules.label))
    except ReadError as e:  # a document JSON or golden over the output-JSON budget, or not JSON
        return GoldenReport(error=f"{golden}: {e}")
    return report
