"""Year-over-year compare: what a new list changed — items added, dropped, renamed or moved, and for every
item that stayed, its 牵头单位, 责任人, schedule text per quarter, targets (raised, lowered, new, dropped),
deadline and other columns.

Items are matched by what they say, not by where they stand: a row's 序号 and position change whenever a row
is inserted, so positional keys cannot pair two years' lists. Matching runs in passes, strictest first, each
pass pairing only what the earlier ones left:

1. the same normalized 名称 (sub-rows under one 名称 paired in order);
2. similar 名称: jieba word tokens and character bigrams (Jaccard), with a bonus for sharing a 牵头单位, greedily
   from the most similar pair down, above `RENAME_THRESHOLD`.

The list's own year inside a text is the year, not a change: `2024年…` in the 2024 list and `2025年…` in the
2025 list are the same 名称 (each text is read with its own list's year written as 本年). A paired item whose
专项 or 类型 changed is "moved"; whose 名称 changed is "renamed" (both can apply). Targets of a paired item are
compared when they count the same thing (metric, base unit) over the same quarters: a higher base value is
"target_raised", a lower one "target_lowered", one only in the new list "target_added", only in the old
"target_dropped". A schedule text is "schedule_changed" when it differs in more than its targets (a changed
number alone is the target's change), once per run of quarters with the same old and new text. Every change
names its item (`Change.name`).

Input is the nested JSON of a document (`worklist.outputs.writers.nested_json`, a document folder's
`<doc_id>.json` or a golden's `document.json`), so a compare needs no reader and no re-conversion.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Sequence

from worklist.normalize.identity import name_key

CHANGE_KINDS = ("added", "dropped", "renamed", "moved", "lead_units_changed", "owners_changed", "schedule_changed",
                "target_raised", "target_lowered", "target_added", "target_dropped", "deadline_changed",
                "extra_changed")
# The change kinds in the lists' own words (the HTML page's labels).
KIND_LABELS = {
    "added": "新增事项", "dropped": "删除事项", "renamed": "名称变更", "moved": "专项/类型调整",
    "lead_units_changed": "牵头单位变更", "owners_changed": "责任人变更", "schedule_changed": "工作时序变更",
    "target_raised": "目标提高", "target_lowered": "目标降低", "target_added": "新增目标", "target_dropped": "删除目标",
    "deadline_changed": "完成时限变更", "extra_changed": "其他列变更",
}
RENAME_THRESHOLD = 0.45  # similarity of two 名称 below which they are different items
UNIT_BONUS = 0.1  # added to the similarity of two items that share a 牵头单位
QUARTER_LABELS = ("一季度", "二季度", "三季度", "四季度")


@dataclass(frozen=True)
class Change:
    """One difference between two lists, as a row of the compare table. `name` is the item's 名称 (the new
    one when it has one), so that every row says which item it is about."""

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
    name: str = ""
    field: str | None = None  # what changed: q1-q4, lead_units, owners, deadline, an extra column's name
    old_text: str | None = None  # the old and the new value as the lists write them
    new_text: str | None = None

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def line(self) -> str:
        """The change as one console line: kind, the item (its key 专项/类型/序号 and 名称), what changed."""
        key = self.new_key or self.old_key or f"{self.category}/{self.type}"
        return f"{self.kind:<18} {key} {self.name}: {self.detail}"


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

    def as_json(self) -> dict[str, Any]:
        """The comparison for programs: both notices, the counts, every change."""
        keys = ("notice_id", "title", "year", "region", "doc_number", "issue_date", "source_file")
        return {"old": {k: self.old.get(k) for k in keys}, "new": {k: self.new.get(k) for k in keys},
                "counts": self.counts(), "changes": self.rows()}


# ------------------------------------------------------------------------------------------------ tokens


def own_year(text: str, year: int | None) -> str:
    """`text` with its list's own year (a 4-digit year followed by 年) written as 本年."""
    if not year or not text:
        return text
    return re.sub(rf"(?<!\d){int(year)}\s*年", "本年", text)


def normalize_name(name: str, year: int | None = None) -> str:
    """A 名称 as compared: the one meaning of "the same name" (`normalize.identity.name_key`: NFKC, no
    punctuation or spaces, so a changed comma is not a rename), with the list's own `year` written as 本年."""
    return name_key(own_year(name or "", year))


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


def tokens(name: str, year: int | None = None) -> frozenset[str]:
    """Words of a 名称 (jieba) plus its character bigrams: words catch reordered phrases, bigrams catch
    words that jieba cuts differently in two versions of the same sentence."""
    s = normalize_name(name, year)
    words = {w for w in _tokenizer().cut(s, HMM=False) if w.strip()}
    bigrams = {s[i:i + 2] for i in range(len(s) - 1)}
    return frozenset(words | bigrams)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


# ------------------------------------------------------------------------------------------------ matching


def _pair_exact(old: Sequence[dict], new: Sequence[dict], oy: int | None, ny: int | None) -> list[tuple[int, int]]:
    by_name: dict[str, list[int]] = {}
    for j, it in enumerate(new):
        by_name.setdefault(normalize_name(it.get("name", ""), ny), []).append(j)
    pairs = []
    for i, it in enumerate(old):
        queue = by_name.get(normalize_name(it.get("name", ""), oy))
        if queue:
            pairs.append((i, queue.pop(0)))
    return pairs


def _pair_similar(old: Sequence[dict], new: Sequence[dict], free_old: Iterable[int], free_new: Iterable[int],
                  threshold: float, oy: int | None = None, ny: int | None = None) -> list[tuple[int, int, float]]:
    fo, fn = list(free_old), list(free_new)
    tok_o = {i: tokens(old[i].get("name", ""), oy) for i in fo}
    tok_n = {j: tokens(new[j].get("name", ""), ny) for j in fn}
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


# ------------------------------------------------------------------------------------------------ item fields


@dataclass(frozen=True)
class _Pair:
    """A paired item: the old and the new row, each with its list's year."""

    o: dict[str, Any]
    n: dict[str, Any]
    oy: int | None
    ny: int | None

    def base(self) -> dict[str, Any]:
        o, n = self.o, self.n
        return dict(category=n.get("category", ""), type=n.get("type", ""), old_key=o.get("item_key"),
                    new_key=n.get("item_key"), old_name=o.get("name"), new_name=n.get("name"),
                    name=n.get("name") or o.get("name") or "")


def _target_key(t: dict[str, Any], item_name: str, year: int | None) -> tuple:
    metric = normalize_name(t["metric"], year) if t.get("metric") else item_name
    return (metric, t.get("unit_base"), t.get("quarter_from"), t.get("quarter_to"))


def _quarters(qf: Any, qt: Any) -> str:
    if qf == 1 and qt == 4:
        return "全年"
    if qf == qt:
        return f"Q{qf}"
    return f"Q{qf}-Q{qt}"


# The same value under another comparator: which way the target moved (≥60% → >60% asks more).
_COMPARATOR_MOVES = {(">=", ">"): "target_raised", (">", ">="): "target_lowered", ("=", ">"): "target_raised",
                     ("=", ">="): "target_raised", ("<", "<="): "target_raised", ("<=", "<"): "target_lowered",
                     ("~", ">"): "target_raised", ("~", ">="): "target_raised"}


def _target_changes(p: _Pair) -> list[Change]:
    """Targets of a paired item that count the same thing over the same quarters: raised or lowered; and
    the targets only one of the two lists has."""
    o, n = p.o, p.n
    old_name = normalize_name(o.get("name", ""), p.oy)
    old_t: dict[tuple, list[dict]] = {}
    for t in o.get("targets") or []:
        old_t.setdefault(_target_key(t, old_name, p.oy), []).append(t)
    out = []
    for t in n.get("targets") or []:
        # a bare number measures the item itself, whatever the item is now called
        key = _target_key(t, old_name, p.ny)
        queue = old_t.get(key)
        when = _quarters(t.get("quarter_from"), t.get("quarter_to"))
        if not queue:
            out.append(Change(kind="target_added", detail=f"{when} 新增 {t.get('text')}", metric=t.get("metric"),
                              quarter_from=t.get("quarter_from"), quarter_to=t.get("quarter_to"),
                              unit=t.get("unit_base"), new_value=t.get("value_base"), new_text=t.get("text"),
                              **p.base()))
            continue
        prev = queue.pop(0)
        a, b = prev.get("value_base"), t.get("value_base")
        if a is None or b is None or (a == b and prev.get("comparator") == t.get("comparator")):
            continue
        kind = "target_raised" if b > a else "target_lowered" if b < a else \
            _COMPARATOR_MOVES.get((str(prev.get("comparator")), str(t.get("comparator"))))
        if kind is None:  # the same value under comparators that do not order (> → <): both lines said
            queue.insert(0, prev)
            out.append(Change(kind="target_added", detail=f"{when} 新增 {t.get('text')}", metric=t.get("metric"),
                              quarter_from=t.get("quarter_from"), quarter_to=t.get("quarter_to"),
                              unit=t.get("unit_base"), new_value=b, new_text=t.get("text"), **p.base()))
            continue
        out.append(Change(
            kind=kind, detail=f"{when} {prev.get('text')} → {t.get('text')}",
            metric=t.get("metric") or prev.get("metric"), quarter_from=t.get("quarter_from"),
            quarter_to=t.get("quarter_to"), unit=t.get("unit_base"), old_value=a, new_value=b,
            old_text=prev.get("text"), new_text=t.get("text"), **p.base()))
    for queue in old_t.values():
        for t in queue:
            when = _quarters(t.get("quarter_from"), t.get("quarter_to"))
            out.append(Change(kind="target_dropped", detail=f"{when} 删除 {t.get('text')}", metric=t.get("metric"),
                              quarter_from=t.get("quarter_from"), quarter_to=t.get("quarter_to"),
                              unit=t.get("unit_base"), old_value=t.get("value_base"), old_text=t.get("text"),
                              **p.base()))
    return out


def _masked(text: str | None, item: dict[str, Any], year: int | None) -> str:
    """A schedule text as compared: its targets' substrings masked (their change is the target's), the
    list's own year as 本年, punctuation and spaces out."""
    s = text or ""
    for t in sorted(item.get("targets") or [], key=lambda t: -len(t.get("text") or "")):
        if t.get("text"):
            s = s.replace(t["text"], "#")
    return normalize_name(s, year)


def _schedule_changes(p: _Pair) -> list[Change]:
    """Quarters whose schedule text changed in more than its targets, one change per run of quarters with
    the same old and new text (a merged cell that changed is one change)."""
    runs: list[list[Any]] = []  # [q_from, q_to, old, new]
    for q in range(1, 5):
        a, b = p.o.get(f"q{q}"), p.n.get(f"q{q}")
        if _masked(a, p.o, p.oy) == _masked(b, p.n, p.ny):
            continue
        if runs and runs[-1][1] == q - 1 and (runs[-1][2], runs[-1][3]) == (a, b):
            runs[-1][1] = q
        else:
            runs.append([q, q, a, b])
    out = []
    for qf, qt, a, b in runs:
        field_name = f"q{qf}" if qf == qt else f"q{qf}-q{qt}"
        out.append(Change(kind="schedule_changed", detail=f"{_quarters(qf, qt)}: {a or '（空）'} → {b or '（空）'}",
                          quarter_from=qf, quarter_to=qt, field=field_name, old_text=a, new_text=b, **p.base()))
    return out


def _join(v: Any) -> str:
    return "、".join(v) if isinstance(v, list) else ("" if v is None else str(v))


def _field_changes(p: _Pair) -> list[Change]:
    """牵头单位, 责任人 (as sets: an order is no change), deadline and the list's other columns (extra)."""
    out = []
    for f, kind in (("lead_units", "lead_units_changed"), ("owners", "owners_changed")):
        a, b = p.o.get(f) or [], p.n.get(f) or []
        if sorted(a) != sorted(b):
            out.append(Change(kind=kind, detail=f"{_join(a) or '（空）'} → {_join(b) or '（空）'}", field=f,
                              old_text=_join(a), new_text=_join(b), **p.base()))
    a, b = p.o.get("deadline"), p.n.get("deadline")
    if ("deadline" in p.o or "deadline" in p.n) and own_year(_join(a), p.oy) != own_year(_join(b), p.ny):
        out.append(Change(kind="deadline_changed", detail=f"{_join(a) or '（空）'} → {_join(b) or '（空）'}",
                          field="deadline", old_text=_join(a) or None, new_text=_join(b) or None, **p.base()))
    ea, eb = p.o.get("extra") or {}, p.n.get("extra") or {}
    for k in sorted(set(ea) | set(eb)):
        a, b = ea.get(k), eb.get(k)
        if normalize_name(_join(a), p.oy) != normalize_name(_join(b), p.ny):
            out.append(Change(kind="extra_changed", detail=f"{k}: {_join(a) or '（空）'} → {_join(b) or '（空）'}",
                              field=str(k), old_text=_join(a) or None, new_text=_join(b) or None, **p.base()))
    return out


def compare_documents(old: dict[str, Any], new: dict[str, Any], *,
                      threshold: float = RENAME_THRESHOLD) -> Comparison:
    """Every change from `old` to `new` (nested JSON documents)."""
    oi: list[dict] = list(old.get("items") or [])
    ni: list[dict] = list(new.get("items") or [])
    oy, ny = old.get("year"), new.get("year")
    exact = _pair_exact(oi, ni, oy, ny)
    taken_o = {i for i, _ in exact}
    taken_n = {j for _, j in exact}
    similar = _pair_similar(oi, ni, (i for i in range(len(oi)) if i not in taken_o),
                            (j for j in range(len(ni)) if j not in taken_n), threshold, oy, ny)
    pairs: list[tuple[int, int, float | None]] = [(i, j, None) for i, j in exact] + list(similar)
    pairs.sort(key=lambda p: p[1])
    comp = Comparison(old={k: v for k, v in old.items() if k != "items"},
                      new={k: v for k, v in new.items() if k != "items"})
    for i, j, sim in pairs:
        p = _Pair(oi[i], ni[j], oy, ny)
        o, n = p.o, p.n
        comp.pairs.append((str(o.get("item_key")), str(n.get("item_key"))))
        if sim is not None:
            comp.changes.append(Change(kind="renamed", detail=f"{o.get('name')} → {n.get('name')}",
                                       similarity=sim, field="name", old_text=o.get("name"),
                                       new_text=n.get("name"), **p.base()))
        if (o.get("category"), o.get("type")) != (n.get("category"), n.get("type")):
            comp.changes.append(Change(
                kind="moved", detail=f"{o.get('category')}/{o.get('type')} → {n.get('category')}/{n.get('type')}",
                field="category/type", old_text=f"{o.get('category')}/{o.get('type')}",
                new_text=f"{n.get('category')}/{n.get('type')}", **p.base()))
        comp.changes.extend(_field_changes(p))
        comp.changes.extend(_schedule_changes(p))
        comp.changes.extend(_target_changes(p))
    paired_o = {i for i, _, _ in pairs}
    paired_n = {j for _, j, _ in pairs}
    for i, o in enumerate(oi):
        if i not in paired_o:
            comp.changes.append(Change(kind="dropped", category=o.get("category", ""), type=o.get("type", ""),
                                       old_key=o.get("item_key"), new_key=None, old_name=o.get("name"),
                                       new_name=None, detail=o.get("name", ""), name=o.get("name", ""),
                                       old_text=o.get("name")))
    for j, n in enumerate(ni):
        if j not in paired_n:
            comp.changes.append(Change(kind="added", category=n.get("category", ""), type=n.get("type", ""),
                                       old_key=None, new_key=n.get("item_key"), old_name=None,
                                       new_name=n.get("name"), detail=n.get("name", ""), name=n.get("name", ""),
                                       new_text=n.get("name")))
    order = {k: i for i, k in enumerate(CHANGE_KINDS)}
    comp.changes.sort(key=lambda c: (order[c.kind], c.category, c.new_key or c.old_key or "", c.quarter_from or 0))
    return comp


# ------------------------------------------------------------------------------------------------ outputs


def _label(doc: dict[str, Any]) -> str:
    parts = [str(doc.get(k)) for k in ("title", "doc_number") if doc.get(k)]
    return " · ".join(parts) or str(doc.get("source_file") or "?")


def _short(text: str, n: int = 14) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def chart_svg(comp: Comparison) -> str:
    """Target values old vs new, one pair of bars per changed target (grouped by unit, one chart per unit),
    as inline SVG: the page stays one offline file. Empty when no target value changed — a chart of counts
    of 0–2 per 专项 tells nothing the table does not. matplotlib's SVG backend, a CJK font when there is one."""
    changed = [c for c in comp.changes if c.kind in ("target_raised", "target_lowered")
               and c.old_value is not None and c.new_value is not None]
    if not changed:
        return ""
    import io

    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    cjk = [f.name for f in font_manager.fontManager.ttflist
           if any(k in f.name for k in ("Noto Sans CJK", "Noto Serif CJK", "WenQuanYi", "SimHei", "Source Han"))]
    plt.rcParams["font.family"] = [cjk[0]] if cjk else ["DejaVu Sans"]
    plt.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, and the page's own font shows it
    old_year = comp.old.get("year") or "旧"
    new_year = comp.new.get("year") or "新"
    out = []
    for unit in sorted({c.unit or "" for c in changed}):
        group = [c for c in changed if (c.unit or "") == unit]
        labels = [_short(f"{c.name}（{_quarters(c.quarter_from, c.quarter_to)}）", 22) for c in group]
        fig, ax = plt.subplots(figsize=(6.5, 0.55 * len(group) + 1.1))
        ys = list(range(len(group)))
        ax.barh([y - 0.2 for y in ys], [c.old_value or 0 for c in group], height=0.38, color="#9fb3c8",
                label=f"{old_year}")
        ax.barh([y + 0.2 for y in ys], [c.new_value or 0 for c in group], height=0.38, color="#264653",
                label=f"{new_year}")
        for y, c in zip(ys, group):
            ax.text(c.new_value or 0, y + 0.2, f" {c.new_value:g}", va="center", fontsize=8)
            ax.text(c.old_value or 0, y - 0.2, f" {c.old_value:g}", va="center", fontsize=8, color="#555")
        ax.set_yticks(ys, labels)
        ax.invert_yaxis()
        ax.set_title(f"目标值 {old_year} → {new_year}" + (f"（{unit}）" if unit else ""), fontsize=10)
        ax.tick_params(labelsize=8)
        ax.legend(fontsize=8, loc="lower right")
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg")
        plt.close(fig)
        svg = re.sub(r"<metadata>.*?</metadata>", "", buf.getvalue(), flags=re.S)  # a date: same input, same page
        out.append(svg[svg.find("<svg"):])
    return "\n".join(out)


def to_html(comp: Comparison) -> str:
    """A readable, self-contained page: counts, target values old vs new, then every change with its old
    and new value side by side (no scripts, no network)."""
    esc = html.escape
    counts = comp.counts()
    rows = []
    for c in comp.changes:
        old = c.old_text if c.old_text is not None else ""
        new = c.new_text if c.new_text is not None else ""
        if c.kind in ("target_raised", "target_lowered") and c.old_value is not None:
            old, new = f"{c.old_text}（{c.old_value:g} {c.unit or ''}）", f"{c.new_text}（{c.new_value:g} {c.unit or ''}）"
        where = _quarters(c.quarter_from, c.quarter_to) if c.quarter_from else (c.field or "")
        keys = " → ".join(k for k in (c.old_key, c.new_key) if k) if c.old_key != c.new_key else (c.new_key or "")
        rows.append(
            f"<tr class='{c.kind}'><td>{esc(c.label)}</td><td>{esc(c.category)}/{esc(c.type)}</td>"
            f"<td>{esc(keys)}</td><td>{esc(c.name)}</td><td>{esc(where)}</td>"
            f"<td class='old'>{esc(old)}</td><td class='new'>{esc(new)}</td></tr>")
    summary = "".join(f"<tr><td>{esc(KIND_LABELS[k])}</td><td>{n}</td></tr>" for k, n in counts.items() if n)
    charts = chart_svg(comp)
    return f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>工作清单对比</title>
<style>
body{{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}}
table{{border-collapse:collapse;font-size:13px}} td,th{{border:1px solid #ccc;padding:3px 6px;vertical-align:top}}
th{{background:#eee}} td.old{{background:#fdf0ee}} td.new{{background:#eef7f0}}
.added td:first-child{{color:#2a9d8f}} .dropped td:first-child{{color:#e76f51}}
.target_raised td:first-child{{color:#264653}} .target_lowered td:first-child{{color:#c0392b}}
.charts svg{{max-width:40em;height:auto;display:block}}
</style></head><body>
<h1>工作清单对比</h1>
<p>旧：{esc(_label(comp.old))}<br>新：{esc(_label(comp.new))}</p>
<table class="counts"><thead><tr><th>变更</th><th>条数</th></tr></thead><tbody>{summary or "<tr><td colspan=2>无变更</td></tr>"}</tbody></table>
<div class="charts">{charts}</div>
<h2>逐项变更</h2>
<table><thead><tr><th>变更</th><th>专项/类型</th><th>序号</th><th>名称</th><th>季度/字段</th><th>旧</th><th>新</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table></body></html>
"""
