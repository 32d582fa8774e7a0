"""`worklist validate --report`: the re-checked documents as one self-contained HTML page.

Made for a reviewer on a government intranet: no script, no stylesheet or font from the network, nothing
but the page itself. Failures come first; each failed rule says what it requires, on which table, how many
rows broke it and where (the items' source references, which a reviewer opens in the document); then the
documents that passed, with their counts and warnings. Works with either engine of the checks.
"""

from __future__ import annotations

import html
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

    @property
    def ok(self) -> bool: ...


_STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em;color:#222;max-width:80em}
h1{font-size:1.4em} h2{font-size:1.1em;margin-top:1.6em} .fail h2{color:#b00020} .ok h2{color:#1b5e20}
table{border-collapse:collapse;font-size:13px;margin:.4em 0} td,th{border:1px solid #ccc;padding:3px 6px;
vertical-align:top;text-align:left} th{background:#f0f0f0} code{background:#f6f6f6;padding:0 3px}
.summary span{display:inline-block;margin-right:1.5em} ul{margin:.3em 0}
"""


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


def _section(rep: CheckedDocument) -> str:
    cls = "ok" if rep.ok else "fail"
    counts = ", ".join(f"{n} {t}" for t, n in rep.counts.items())
    parts = [f"<section class='{cls}'><h2>{'✔' if rep.ok else '✘'} {_esc(rep.label)}</h2>",
             f"<p>{_esc(counts)} · checks: {_esc(rep.engine)}</p>"]
    if rep.problems:
        parts.append("<ul>" + "".join(f"<li>{_esc(p)}</li>" for p in rep.problems) + "</ul>")
    parts.append(_failed_rules(rep))
    if rep.notes:
        parts.append("<details><summary>notes and warnings</summary><ul>"
                     + "".join(f"<li>{_esc(n)}</li>" for n in rep.notes) + "</ul></details>")
    parts.append("</section>")
    return "\n".join(parts)


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
