"""Year-over-year compare: which work items a new list added, dropped, renamed or moved, and which targets
it raised or lowered.

Items are matched by what they say, not by where they stand: a row's 序号 and position change whenever a row
is inserted, so positional keys cannot pair two years' lists. Matching runs in passes, strictest first, each
pass pairing only what the earlier ones left:

1. the same normalized 名称 (sub-rows under one 名称 paired in order);
2. similar 名称: jieba word tokens and character bigrams (Jaccard), with a bonus for sharing a 牵头单位, greedily
   from the most similar pair down, above `RENAME_THRESHOLD`.

A paired item whose 专项 or 类型 changed is "moved"; whose 名称 changed is "renamed" (both can apply). Targets
of a paired item are compared when they count the same thing (metric, base unit) over the same quarters:
a higher base value is "raised", a lower one "lowered". What stays unpaired is "added" or "dropped".

Input is the nested JSON of a document (`worklist.outputs.writers.nested_json`, a document folder's `<doc_id>.json`
or a golden's `document.json`), so a compare needs no reader and no re-conversion.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Sequence

from worklist.normalize.identity import name_key

CHANGE_KINDS = ("added", "dropped", "renamed", "moved", "target_raised", "target_lowered")
RENAME_THRESHOLD = 0.45  # similarity of two 名称 below which they are different items
UNIT_BONUS = 0.1  # added to the similarity of two items that share a 牵头单位


@dataclass(frozen=True)
class Change:
    """One difference between two lists, as a row of the compare table."""

    kind: str
    category: str
    type: str
    old_key: str | None
    new_key: str | None
    old_name: str | None
    new_name: str | None
    detail: str
    metric: str | None = None
    quarter_from: int | None = None
    quarter_to: int | None = None
    unit: str | None = None
    old_value: float | None = None
    new_value: float | None = None
    similarity: float | None = None


@dataclass
class Comparison:
    old: dict[str, Any]  # the old document's fields (no items)
    new: dict[str, Any]
    changes: list[Change] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (old item_key, new item_key)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(CHANGE_KINDS, 0)
        for c in self.changes:
            out[c.kind] += 1
        return out

    def rows(self) -> list[dict[str, Any]]:
        return [asdict(c) for c in self.changes]


# ------------------------------------------------------------------------------------------------ tokens


_TOKENIZER: Any = None
_LOCK = threading.Lock()


def _tokenizer() -> Any:
    """jieba with its default dictionary (phrase boundaries of ordinary Chinese), loaded once per process."""
    global _TOKENIZER
    with _LOCK:
        if _TOKENIZER is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            tok = jieba.Tokenizer()
            tok.initialize()
            _TOKENIZER = tok
    return _TOKENIZER


def tokens(name: str) -> frozenset[str]:
    """Words of a 名称 (jieba) plus its character bigrams: words catch reordered phrases, bigrams catch
    words that jieba cuts differently in two versions of the same sentence."""
    s = name_key(name)
    words = {w for w in _tokenizer().cut(s, HMM=False) if w.strip()}
    bigrams = {s[i:i + 2] for i in range(len(s) - 1)}
    return frozenset(words | bigrams)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


# ------------------------------------------------------------------------------------------------ matching


def _pair_exact(old: Sequence[dict], new: Sequence[dict]) -> list[tuple[int, int]]:
    by_name: dict[str, list[int]] = {}
    for j, it in enumerate(new):
        by_name.setdefault(name_key(it.get("name", "")), []).append(j)
    pairs = []
    for i, it in enumerate(old):
        queue = by_name.get(name_key(it.get("name", "")))
        if queue:
            pairs.append((i, queue.pop(0)))
    return pairs


def _pair_similar(old: Sequence[dict], new: Sequence[dict], free_old: Iterable[int], free_new: Iterable[int],
                  threshold: float) -> list[tuple[int, int, float]]:
    fo, fn = list(free_old), list(free_new)
    tok_o = {i: tokens(old[i].get("name", "")) for i in fo}
    tok_n = {j: tokens(new[j].get("name", "")) for j in fn}
    scored = []
    for i in fo:
        units_o = set(old[i].get("lead_units") or [])
        for j in fn:
            s = similarity(tok_o[i], tok_n[j])
            if units_o & set(new[j].get("lead_units") or []):
                s += UNIT_BONUS
            if s >= threshold:
                scored.append((s, i, j))
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_o: set[int] = set()
    used_n: set[int] = set()
    out = []
    for s, i, j in scored:
        if i in used_o or j in used_n:
            continue
        used_o.add(i)
        used_n.add(j)
        out.append((i, j, round(min(s, 1.0), 3)))
    return out


def _target_key(t: dict[str, Any], item_name: str) -> tuple:
    return (t.get("metric") or item_name, t.get("unit_base"), t.get("quarter_from"), t.get("quarter_to"))


def _target_changes(o: dict[str, Any], n: dict[str, Any]) -> list[Change]:
    """Targets of two paired items that count the same thing over the same quarters, and moved."""
    old_t: dict[tuple, list[dict]] = {}
    for t in o.get("targets") or []:
        old_t.setdefault(_target_key(t, name_key(o.get("name", ""))), []).append(t)
    out = []
    for t in n.get("targets") or []:
        key = _target_key(t, name_key(n.get("name", "")))
        if t.get("metric") is None:  # a bare number measures the item itself, whatever the item is now called
            key = (name_key(o.get("name", "")),) + key[1:]
        queue = old_t.get(key)
        if not queue:
            continue
        prev = queue.pop(0)
        a, b = prev.get("value_base"), t.get("value_base")
        if a is None or b is None or a == b:
            continue
        kind = "target_raised" if b > a else "target_lowered"
        out.append(Change(
            kind=kind, category=n.get("category", ""), type=n.get("type", ""), old_key=o.get("item_key"),
            new_key=n.get("item_key"), old_name=o.get("name"), new_name=n.get("name"),
            detail=f"{prev.get('text')} → {t.get('text')}", metric=t.get("metric") or prev.get("metric"),
            quarter_from=t.get("quarter_from"), quarter_to=t.get("quarter_to"), unit=t.get("unit_base"),
            old_value=a, new_value=b,
        ))
    return out


def compare_documents(old: dict[str, Any], new: dict[str, Any], *,
                      threshold: float = RENAME_THRESHOLD) -> Comparison:
    """Every change from `old` to `new` (nested JSON documents)."""
    oi: list[dict] = list(old.get("items") or [])
    ni: list[dict] = list(new.get("items") or [])
    exact = _pair_exact(oi, ni)
    taken_o = {i for i, _ in exact}
    taken_n = {j for _, j in exact}
    similar = _pair_similar(oi, ni, (i for i in range(len(oi)) if i not in taken_o),
                            (j for j in range(len(ni)) if j not in taken_n), threshold)
    pairs: list[tuple[int, int, float | None]] = [(i, j, None) for i, j in exact] + list(similar)
    pairs.sort(key=lambda p: p[1])
    comp = Comparison(old={k: v for k, v in old.items() if k != "items"},
                      new={k: v for k, v in new.items() if k != "items"})
    for i, j, sim in pairs:
        o, n = oi[i], ni[j]
        comp.pairs.append((o.get("item_key"), n.get("item_key")))
        base = dict(category=n.get("category", ""), type=n.get("type", ""), old_key=o.get("item_key"),
                    new_key=n.get("item_key"), old_name=o.get("name"), new_name=n.get("name"))
        if sim is not None:
            comp.changes.append(Change(kind="renamed", detail=f"{o.get('name')} → {n.get('name')}",
                                       similarity=sim, **base))
        if (o.get("category"), o.get("type")) != (n.get("category"), n.get("type")):
            comp.changes.append(Change(
                kind="moved", detail=f"{o.get('category')}/{o.get('type')} → {n.get('category')}/{n.get('type')}",
                **base))
        comp.changes.extend(_target_changes(o, n))
    paired_o = {i for i, _, _ in pairs}
    paired_n = {j for _, j, _ in pairs}
    for i, o in enumerate(oi):
        if i not in paired_o:
            comp.changes.append(Change(kind="dropped", category=o.get("category", ""), type=o.get("type", ""),
                                       old_key=o.get("item_key"), new_key=None, old_name=o.get("name"),
                                       new_name=None, detail=o.get("name", "")))
    for j, n in enumerate(ni):
        if j not in paired_n:
            comp.changes.append(Change(kind="added", category=n.get("category", ""), type=n.get("type", ""),
                                       old_key=None, new_key=n.get("item_key"), old_name=None,
                                       new_name=n.get("name"), detail=n.get("name", "")))
    order = {k: i for i, k in enumerate(CHANGE_KINDS)}
    comp.changes.sort(key=lambda c: (order[c.kind], c.category, c.new_key or c.old_key or ""))
    return comp


# ------------------------------------------------------------------------------------------------ outputs


def _label(doc: dict[str, Any]) -> str:
    parts = [str(doc.get(k)) for k in ("title", "doc_number") if doc.get(k)]
    return " · ".join(parts) or str(doc.get("source_file") or "?")


def chart_svg(comp: Comparison) -> str:
    """One horizontal bar chart per 专项 (counts of each change kind) as inline SVG: the page stays one
    offline file. matplotlib's SVG backend, with a CJK font when the machine has one."""
    import io

    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    cjk = [f.name for f in font_manager.fontManager.ttflist
           if any(k in f.name for k in ("Noto Sans CJK", "Noto Serif CJK", "WenQuanYi", "SimHei", "Source Han"))]
    plt.rcParams["font.family"] = [cjk[0]] if cjk else ["DejaVu Sans"]
    plt.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, and the page's own font shows it
    cats = sorted({c.category for c in comp.changes}) or ["—"]
    out = []
    for cat in cats:
        counts = [sum(1 for c in comp.changes if c.category == cat and c.kind == k) for k in CHANGE_KINDS]
        fig, ax = plt.subplots(figsize=(5.5, 1.9))
        ax.barh(list(CHANGE_KINDS), counts, color=["#2a9d8f", "#e76f51", "#8ab17d", "#e9c46a", "#264653", "#f4a261"])
        ax.invert_yaxis()
        ax.set_title(cat, fontsize=10)
        ax.tick_params(labelsize=8)
        ax.xaxis.get_major_locator().set_params(integer=True)
        for y, n in enumerate(counts):
            if n:
                ax.text(n, y, f" {n}", va="center", fontsize=8)
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg")
        plt.close(fig)
        svg = re.sub(r"<metadata>.*?</metadata>", "", buf.getvalue(), flags=re.S)  # a date: same input, same page
        out.append(svg[svg.find("<svg"):])
    return "\n".join(out)


def to_html(comp: Comparison) -> str:
    """A readable, self-contained page: counts, a chart per 专项, then every change (no scripts, no network)."""
    esc = html.escape
    counts = comp.counts()
    rows = []
    for c in comp.changes:
        value = ""
        if c.old_value is not None:
            value = f"{c.old_value:g} → {c.new_value:g} {esc(c.unit or '')}"
        rows.append(
            f"<tr class='{c.kind}'><td>{esc(c.kind)}</td><td>{esc(c.category)}</td><td>{esc(c.type)}</td>"
            f"<td>{esc(c.old_key or '')}</td><td>{esc(c.new_key or '')}</td><td>{esc(c.detail)}</td>"
            f"<td>{value}</td></tr>")
    summary = " · ".join(f"{k}: {n}" for k, n in counts.items())
    return f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>worklist compare</title>
<style>
body{{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}}
table{{border-collapse:collapse;font-size:13px}} td,th{{border:1px solid #ccc;padding:3px 6px;vertical-align:top}}
th{{background:#eee}} .added td:first-child{{color:#2a9d8f}} .dropped td:first-child{{color:#e76f51}}
.target_raised td:first-child{{color:#264653}} .target_lowered td:first-child{{color:#c0392b}}
.charts svg{{max-width:32em;height:auto;display:inline-block;vertical-align:top}}
</style></head><body>
<h1>What changed</h1>
<p>old: {esc(_label(comp.old))}<br>new: {esc(_label(comp.new))}</p>
<p>{esc(summary)}</p>
<div class="charts">{chart_svg(comp)}</div>
<table><thead><tr><th>change</th><th>专项</th><th>类型</th><th>old key</th><th>new key</th><th>detail</th>
<th>target</th></tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table></body></html>
"""
