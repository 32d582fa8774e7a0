"""`worklist validate --report`: the re-checked documents as one self-contained HTML page.

Made for a reviewer on a government intranet: no script, no stylesheet or font from the network, nothing
but the page itself. Failures come first; each document says which notice it is (title, region, year,
sources), each failed rule what it requires, on which table, how many rows broke it and where (the items'
source references, which a reviewer opens in the document); then the documents that passed. Every document
lists the rules that ran, every warning of its conversion, and the cells OCR read with low confidence, each
with a crop of the page (embedded as a PNG data URI, rendered from the source PDF by poppler's pdftoppm when
the source is still there with the same bytes; else the cell is listed without one). Works with either
engine of the checks.
"""

from __future__ import annotations

import base64
import html
import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Protocol, Sequence

from worklist.outputs.layout import write_text_atomic
from worklist.checks.rules import RULES


class CheckedDocument(Protocol):
    label: str
    problems: list[str]
    notes: list[str]
    counts: dict[str, int]
    results: list[dict[str, Any]]
    engine: str
    about: dict[str, Any]
    warnings: list[str]
    low_confidence: list[dict[str, Any]]
    source: Path | None

    @property
    def ok(self) -> bool: ...


_STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em;color:#222;max-width:80em}
h1{font-size:1.4em} h2{font-size:1.1em;margin-top:1.6em} .fail h2{color:#b00020} .ok h2{color:#1b5e20}
table{border-collapse:collapse;font-size:13px;margin:.4em 0} td,th{border:1px solid #ccc;padding:3px 6px;
vertical-align:top;text-align:left} th{background:#f0f0f0} code{background:#f6f6f6;padding:0 3px}
.summary span{display:inline-block;margin-right:1.5em} ul{margin:.3em 0} .about td:first-child{color:#555}
img.crop{max-width:36em;border:1px solid #e0a040} .pass{color:#1b5e20} .nopass{color:#b00020}
"""
CROP_DPI = 100  # enough to read a cell's characters; small enough that 100 crops stay a light page
MAX_CROPS = 200


def _esc(v: Any) -> str:
    return html.escape(str(v))


def _failed_rules(rep: CheckedDocument) -> str:
    rows = []
    for r in rep.results:
        if r.get("success"):
            continue
        rule = RULES.get(r.get("rule", ""))
        why = rule.why if rule else ""
        where = ", ".join(r.get("where") or [])
        values = ", ".join(r.get("unexpected") or [])
        rows.append(
            f"<tr><td><code>{_esc(r.get('rule'))}</code></td><td>{_esc(r.get('level'))}</td>"
            f"<td>{_esc(r.get('table'))}</td><td>{_esc(why)}</td><td>{_esc(r.get('unexpected_count', ''))}</td>"
            f"<td>{_esc(where)}</td><td>{_esc(values)}</td></tr>")
    if not rows:
        return ""
    return ("<table><tr><th>rule</th><th>level</th><th>table</th><th>requires</th><th>rows</th>"
            "<th>where (source)</th><th>offending values</th></tr>" + "".join(rows) + "</table>")


def _about(rep: CheckedDocument) -> str:
    """Which notice this is: title, region, year, programme, 文号, sources (a dataset: each of its notices)."""
    about = getattr(rep, "about", None) or {}
    rows = []
    for n in about.get("notices") or [about]:
        for k, label in (("title", "标题 title"), ("region", "地区 region"), ("year", "年度 year"),
                         ("programme", "programme"), ("doc_number", "文号"), ("sources", "sources")):
            v = n.get(k)
            if v not in (None, "", []):
                rows.append(f"<tr><td>{_esc(label)}</td><td>{_esc('; '.join(v) if isinstance(v, list) else v)}</td></tr>")
    return f"<table class='about'>{''.join(rows)}</table>" if rows else ""


def _rules_ran(rep: CheckedDocument) -> str:
    if not rep.results:
        return ""
    rows = "".join(
        f"<tr><td class='{'pass' if r.get('success') else 'nopass'}'>{'✔' if r.get('success') else '✘'}</td>"
        f"<td><code>{_esc(r.get('rule'))}</code></td><td>{_esc(r.get('level'))}</td><td>{_esc(r.get('table'))}</td>"
        f"<td>{_esc(RULES[r['rule']].why if r.get('rule') in RULES else '')}</td></tr>" for r in rep.results)
    return (f"<details><summary>{len(rep.results)} rules ran ({_esc(rep.engine)})</summary><table><tr><th></th>"
            f"<th>rule</th><th>level</th><th>table</th><th>requires</th></tr>{rows}</table></details>")


def _warnings(rep: CheckedDocument) -> str:
    items = [*(getattr(rep, "warnings", None) or []), *rep.notes]
    if not items:
        return ""
    return (f"<details open><summary>{len(items)} warning(s) and note(s)</summary><ul>"
            + "".join(f"<li>{_esc(n)}</li>" for n in items) + "</ul></details>")


def _low_confidence(rep: CheckedDocument) -> str:
    cells = getattr(rep, "low_confidence", None) or []
    if not cells:
        return ""
    crops = page_crops(getattr(rep, "source", None), cells[:MAX_CROPS])
    rows = []
    for i, c in enumerate(cells):
        img = crops.get(i)
        pic = f"<img class='crop' alt='p{_esc(c.get('page'))}' src='data:image/png;base64,{img}'>" if img else "—"
        rows.append(f"<tr><td>p{_esc(c.get('page'))}</td><td>{_esc(c.get('where', ''))}</td>"
                    f"<td>{_esc(c.get('confidence'))}</td><td>{_esc(c.get('text'))}</td><td>{pic}</td></tr>")
    note = "" if crops else " (no crops: the source file is not where it was read, or not a PDF, or pdftoppm is missing)"
    return (f"<details open><summary>{len(cells)} cell(s) read by OCR with low confidence: check them against the "
            f"page{_esc(note)}</summary><table><tr><th>page</th><th>where</th><th>confidence</th><th>read as</th>"
            f"<th>the page there</th></tr>{''.join(rows)}</table></details>")


def page_crops(source: Path | None, cells: Sequence[dict[str, Any]]) -> dict[int, str]:
    """Index of a cell -> base64 PNG of its box (PDF points, a small margin) on the source PDF's page; each
    page rendered once. Empty when the source is not a PDF still there or poppler's pdftoppm is missing."""
    if source is None or not shutil.which("pdftoppm"):
        return {}
    try:
        with open(source, "rb") as fh:
            if fh.read(5) != b"%PDF-":
                return {}
    except OSError:
        return {}
    from PIL import Image

    scale = CROP_DPI / 72
    out: dict[int, str] = {}
    with tempfile.TemporaryDirectory(prefix="worklist-crops-") as tmp:
        for page in sorted({int(c["page"]) for c in cells if c.get("page") and c.get("bbox")}):
            stem = Path(tmp) / f"p{page}"
            try:
                subprocess.run(["pdftoppm", "-png", "-r", str(CROP_DPI), "-f", str(page), "-l", str(page),
                                "-singlefile", str(source), str(stem)], check=True, capture_output=True, timeout=60)
                im = Image.open(f"{stem}.png").convert("L")  # grey: a third of the bytes, as legible
            except (OSError, subprocess.SubprocessError):
                continue
            for i, c in enumerate(cells):
                if c.get("page") != page or not c.get("bbox"):
                    continue
                x0, y0, x1, y1 = (float(v) * scale for v in c["bbox"])
                box = (max(0, int(x0) - 6), max(0, int(y0) - 6), min(im.width, int(x1) + 6), min(im.height, int(y1) + 6))
                if box[2] <= box[0] or box[3] <= box[1]:
                    continue
                buf = io.BytesIO()
                im.crop(box).save(buf, format="PNG", optimize=True)
                out[i] = base64.b64encode(buf.getvalue()).decode("ascii")
    return out


def _section(rep: CheckedDocument) -> str:
    cls = "ok" if rep.ok else "fail"
    counts = ", ".join(f"{n} {t}" for t, n in rep.counts.items())
    parts = [f"<section class='{cls}'><h2>{'✔' if rep.ok else '✘'} {_esc(rep.label)}</h2>", _about(rep),
             f"<p>{_esc(counts)} · checks: {_esc(rep.engine)}</p>"]
    if rep.problems:
        parts.append("<ul>" + "".join(f"<li>{_esc(p)}</li>" for p in rep.problems) + "</ul>")
    parts.append(_failed_rules(rep))
    parts.append(_rules_ran(rep))
    parts.append(_warnings(rep))
    parts.append(_low_confidence(rep))
    parts.append("</section>")
    return "\n".join(p for p in parts if p)


def render(reports: Sequence[CheckedDocument]) -> str:
    failed = [r for r in reports if not r.ok]
    passed = [r for r in reports if r.ok]
    body = "\n".join(_section(r) for r in failed + passed)
    return (f"<!doctype html>\n<html lang='zh'><head><meta charset='utf-8'><title>worklist validate</title>"
            f"<style>{_STYLE}</style></head><body>\n<h1>Validation of {len(reports)} document(s)</h1>\n"
            f"<p class='summary'><span>✘ failed: {len(failed)}</span><span>✔ passed: {len(passed)}</span></p>\n"
            f"{body}\n</body></html>\n")


def write_html_report(reports: Sequence[CheckedDocument], out: Path) -> Path:
    """One offline page; written atomically."""
    return write_text_atomic(Path(out), render(reports))
