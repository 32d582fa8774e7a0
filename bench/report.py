"""The Markdown report: the goals judged from the raw numbers, and one block of text per section."""

from __future__ import annotations

import os
from typing import Any, Callable

from common import FORMATS, GOALS, SECTIONS, STAGES


def _s(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _ms(x: float | None) -> str:
    return "–" if x is None else f"{x * 1000:.0f}"


def _mb(kb: float | None) -> str:
    return "–" if kb is None else f"{kb / 1024:.0f}"


def _over_docx(r: dict[str, Any], fmt: str) -> float | None:
    """What converting the notice in a format costs over converting its DOCX: `worklist convert FILE`, whole
    process (section 1). Sections 2 and 5 show the parts: *cold* pays the reader's library import once per
    process (openpyxl ~0.1 s; in a batch the parent pays it before forking), *warm* is the per-file cost."""
    mine = r["formats"].get(fmt, {}).get("wall_s")
    docx = r["formats"].get("docx", {}).get("wall_s")
    return mine / docx if mine and docx else None


def evaluate_goals(r: dict[str, Any]) -> dict[str, dict[str, Any]]:
    vals: dict[str, float | None] = {
        "pdf_ratio": r["floor"]["batch"]["variants"]["ours"]["ratio"],
        "help": r["startup"]["help_s"],
        "txt_work": r["stages"].get("txt", {}).get("cold", {}).get("convert_write"),
        "docx_work": r["stages"].get("docx", {}).get("cold", {}).get("convert_write"),
        "html_vs_docx": _over_docx(r, "html"),
        "xlsx_vs_docx": _over_docx(r, "xlsx"),
        "speedup": r["throughput"]["speedup"],
        "rss_growth": r["memory"].get("slope_kb_per_file"),
        "ofd_ratio": r.get("forms", {}).get("ofd", {}).get("ratio"),
        "doc_ratio": r.get("forms", {}).get("doc", {}).get("ratio"),
        "ocr_pages": ((r.get("ocr") or {}).get("runs") or {}).get("one", {}).get("pages_per_s"),
        "ocr_vs_engine": ((r.get("ocr") or {}).get("engine") or {}).get("ratio"),
        "docx_vs_floor": (r.get("docx_floor") or {}).get("ratio"),
    }
    notes: dict[str, str] = {}
    tp = r["throughput"]
    w2_load = tp["workers_2"].get("other_load")
    if w2_load is not None and w2_load > 0.25:
        q = tp.get("speedup_quietest") or {}
        notes["speedup"] = (f"disturbed: other work took {w2_load:.2f} cores during the 2-worker runs, machine "
                            f"scaling {_s(tp.get('machine_scaling'))}; quietest pair: {_s(q.get('speedup'))} "
                            f"at {_s(q.get('other_load'))} cores of other load")
    fl = r["floor"]["batch"]["variants"]
    if (fl["ours"].get("other_load") or 0.0) > 0.25 or (fl["floor"].get("other_load") or 0.0) > 0.25:
        notes["pdf_ratio"] = f"other work on the machine; CPU-time ratio {_s(fl['ours'].get('cpu_ratio'))}"
    one = ((r.get("ocr") or {}).get("runs") or {}).get("one") or {}
    if (one.get("other_load") or 0.0) > 0.25:
        notes["ocr_pages"] = (f"other work took {one['other_load']:.2f} cores; CPU {_s(one.get('cpu_s_per_page'))} "
                              "s/page")
    eng = (r.get("ocr") or {}).get("engine") or {}
    if eng.get("ratio") is not None:
        notes["ocr_vs_engine"] = (f"CPU-s/page ours {_s(eng['ours']['cpu_s_per_page'])}, bare "
                                  f"{_s(eng['bare']['cpu_s_per_page'])}; other load {_s(eng['ours'].get('other_load'))}"
                                  f"/{_s(eng['bare'].get('other_load'))} cores")
    if r["quick"]:
        for k in ("pdf_ratio", "speedup", "ocr_pages", "ocr_vs_engine"):
            notes[k] = "--quick: one file, not a measurement" + ("; " + notes[k] if k in notes else "")
    out = {}
    for key, (desc, limit, op) in GOALS.items():
        v = vals[key]
        ok = None if v is None else {"<=": v <= limit, "<": v < limit, ">=": v >= limit}[op]
        out[key] = {"goal": desc, "value": v, "limit": limit, "op": op, "pass": ok, "note": notes.get(key, "")}
    return out


def _intro(r: dict[str, Any], add: Callable[[str], None]) -> None:
    """The run: machine, versions, mode, waits."""
    m = r["machine"]
    add(f"# worklist benchmark — {r['started']}")
    add("")
    add(f"- machine: {m['cpu']}, {m['cores']} cores{' (' + m['hypervisor'] + ')' if m['hypervisor'] else ''}, "
        f"{m['memory_gb']} GB, {m['os']}; load average at start "
        f"{', '.join(f'{x:.2f}' for x in m['loadavg'] or [])}")
    add(f"- Python {m['python']}; " + ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v))
    add(f"- commit {m['commit'] or '?'}; mode {'quick' if r['quick'] else 'full'}: {r['repeat']} repetition(s) "
        f"per single file, {r['batch_repeat']} per batch, medians; total run {r['seconds']:.0f} s")
    waits = r.get("quiet_waits") or []
    if waits:
        add(f"- waited {sum(w for w, _ in waits):.0f} s in all for other work on the machine to pass before "
            f"{len(waits)} multi-process measures (up to {r['quiet_wait']:g} s each); "
            f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '(unset)')}")
    add("")


def _goals(r: dict[str, Any], add: Callable[[str], None]) -> None:
    """Each goal: limit, measured, verdict."""
    add("## Goals")
    add("")
    add("| goal | limit | measured | result | note |")
    add("|---|---|---|---|---|")
    for g in r["goals"].values():
        res = "–" if g["pass"] is None else ("PASS" if g["pass"] else "**FAIL**")
        add(f"| {g['goal']} | {g['op']} {g['limit']:g} | {_s(g['value'])} | {res} | {g.get('note', '')} |")
    add("")


def _formats(r: dict[str, Any], add: Callable[[str], None]) -> None:
    """Section 'formats' of the report."""
    f = r["formats"]
    add(f"## {SECTIONS['formats']}")
    add("")
    add("`worklist convert FILE -o OUT -q --force --workers 1` in a fresh process (interpreter start, imports, "
        "read, normalize, validate, write).")
    add("")
    add("| format | file | KB | pages | rows | wall (s) | pages/s | peak RSS (MB) |")
    add("|---|---|---|---|---|---|---|---|")
    for fmt, d in f.items():
        add(f"| {fmt} | {d['file']} | {d['bytes'] // 1024} | {d['pages']} | {d['items']} | {_s(d['wall_s'])} "
            f"| {_s(d['pages_per_s'], 1)} | {_mb(d['maxrss_kb'])} |")
    add("")


def _stages(r: dict[str, Any], add: Callable[[str], None]) -> None:
    """Section 'stages' of the report."""
    st = r["stages"]
    add(f"## {SECTIONS['stages']}")
    add("")
    add("ms, in one process after `import worklist.pipeline, worklist.outputs.writers`: read…validate from "
        "`Conversion.timings` (what manifest.json records), write timed around `write_conversion`. *cold* = "
        "first conversion of the process (lazy imports: pdfplumber, python-docx, jieba, pyarrow.csv …), "
        "*warm* = the same file again. *batch* = median of the manifests' timings over the documents of the "
        "`--workers 1` batch (section 6).")
    add("")
    add("| format | run | " + " | ".join(STAGES) + " | convert | convert+write |")
    add("|---|---|" + "---|" * (len(STAGES) + 2))
    for fmt, d in st.items():
        for run in ("cold", "warm"):
            s = d[run]
            add(f"| {fmt} | {run} | " + " | ".join(_ms(s.get(x)) for x in STAGES)
                + f" | {_ms(s['convert'])} | {_ms(s['convert_write'])} |")
        bm = r["throughput"]["batch_stage_medians"].get(fmt)
        if bm:
            add(f"| {fmt} | batch | " + " | ".join(_ms(bm.get(x)) if x != "write" else "–" for x in STAGES)
                + " | – | – |")
    add("")


def _floor(r: dict[str, Any], add: Callable[[str], None]) -> None:
    """Section 'floor' of the report."""
    fl = r["floor"]
    add(f"## {SECTIONS['floor']}")
    add("")
    add("Whole process each. *floor* = `python floor.py PDF…` that opens each PDF with pdfplumber and calls "
        "`page.extract_tables()` on every page; *ours* = `worklist convert PDF… --workers 1` (default checks: "
        "the native engine, validation included). *CPU* = user + system seconds of the process tree (less "
        "sensitive than wall time to other work on the machine, shown as *other load* in cores).")
    add("")
    add("| PDFs | variant | files | pages | wall (s) | s/file | pages/s | ours/floor | CPU (s) | CPU ratio "
        "| other load | peak RSS (MB) |")
    add("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for label in ("single", "batch"):
        d = fl[label]
        for v, x in d["variants"].items():
            add(f"| {label} | {v} | {d['files']} | {d['pages']} | {_s(x['wall_s'])} | {_s(x['per_file_s'])} "
                f"| {_s(x['pages_per_s'], 1)} | {_s(x['ratio'])} | {_s(x['cpu_s'])} | {_s(x['cpu_ratio'])} "
                f"| {_s(x['other_load'])} | {_mb(x['maxrss_kb'])} |")
    if not r["has_gx_option"]:
        add("")
        add("(`worklist convert` has no `--checks` option in this version: no `--checks gx` row.)")
    add("")


def _startup(r: dict[str, Any], add: Callable[[str], None]) -> None:
    """Section 'startup' of the report."""
    su = r["startup"]
    add(f"## {SECTIONS['startup']}")
    add("")
    add(f"| command | median of {su['n']} (s) |")
    add("|---|---|")
    add(f"| `worklist --help` | {_s(su['help_s'], 3)} |")
    add(f"| `python -c pass` (bare interpreter) | {_s(su['bare_python_s'], 3)} |")
    add(f"| `python -c 'import worklist.pipeline, worklist.outputs.writers'` | {_s(su['import_pipeline_writers_s'], 3)} |")
    add("")


def _small(r: dict[str, Any], add: Callable[[str], None]) -> None:
    """Section 'small' of the report."""
    st, f, su = r["stages"], r["formats"], r["startup"]
    add(f"## {SECTIONS['small']}")
    add("")
    add("*after imports* = the first `convert(path)` + `write_conversion` of a process that has imported "
        "`worklist.pipeline` and `worklist.outputs.writers` (the goal); *beyond interpreter* = whole process minus a "
        "bare `python -c pass`.")
    add("")
    add("| format | import pipeline+writers (s) | convert (s) | write (s) | after imports (s) | warm again (s) "
        "| whole process (s) | beyond interpreter (s) |")
    add("|---|---|---|---|---|---|---|---|")
    for fmt in ("txt", "docx", "html", "xlsx"):
        d = st.get(fmt)
        if not d:
            continue
        whole = f[fmt]["wall_s"]
        add(f"| {fmt} | {_s(d['import_s'])} | {_s(d['cold']['convert'])} | {_s(d['cold']['write'])} "
            f"| {_s(d['cold']['convert_write'])} | {_s(d['warm']['convert_write'])} | {_s(whole)} "
            f"| {_s(whole - su['bare_python_s'])} |")
    add("")


def _throughput(r: dict[str, Any], add: Callable[[str], None]) -> None:
    """Section 'throughput' of the report."""
    tp, m = r["throughput"], r["machine"]
    add(f"## {SECTIONS['throughput']}")
    add("")
    fm = ", ".join(f"{n} {k.upper()}" for k, n in tp["formats"].items())
    add(f"`worklist convert BATCH/ -o OUT -q --force --workers N` on {tp['files']} generated notices ({fm}; "
        f"{tp['pages']} pages), whole process, on {m['cores']} cores. *other load* = cores busy with other "
        "processes during the run (from /proc/stat; above ~0.2 the 2-worker figure is disturbed). *machine "
        "scaling* = what 2 processes of pure-Python work gain over 1 on this machine at that moment (ideal 2.0): "
        "the ceiling for the speed-up.")
    add("")
    add("| workers | wall (s) | best (s) | notices/s | pages/s | speed-up | best speed-up | CPU (s) | other load "
        "| peak RSS (MB) |")
    add("|---|---|---|---|---|---|---|---|---|---|")
    for w in (1, 2):
        d = tp[f"workers_{w}"]
        add(f"| {w} | {_s(d['wall_s'])} | {_s(d['best_s'])} | {_s(d['files_per_s'])} | {_s(d['pages_per_s'], 1)} "
            f"| {_s(tp['workers_1']['wall_s'] / d['wall_s'])} | {_s(tp['workers_1']['best_s'] / d['best_s'])} "
            f"| {_s(d['cpu_s'], 1)} | {_s(d['other_load'])} | {_mb(d['maxrss_kb'])} |")
    add("")
    q = tp.get("speedup_quietest") or {}
    add(f"Machine scaling (2 processes of pure-Python work vs 1): {_s(tp['machine_scaling'])} "
        f"({', '.join(_s(x) for x in tp['machine_scalings'])}). Speed-up of the quietest repetition: "
        f"{_s(q.get('speedup'))} (other load {_s(q.get('other_load'))}).")
    bs, ms = tp.get("batch_seconds_per_file") or {}, (r["memory"].get("seconds_per_file") or {})
    if bs:
        add("")
        add("Seconds per notice, convert + write: in a `--workers 1` batch (OUT/manifest.json) vs. in one warm "
            "process (section 7); the difference is what each file pays for running in its own worker.")
        add("")
        add("| format | batch worker (s) | warm in-process (s) | difference (s) |")
        add("|---|---|---|---|")
        for fmt in FORMATS:
            if fmt in bs:
                diff = bs[fmt] - ms[fmt] if fmt in ms else None
                add(f"| {fmt} | {_s(bs[fmt], 3)} | {_s(ms.get(fmt), 3)} | {_s(diff, 3)} |")
    add("")


def _memory(r: dict[str, Any], add: Callable[[str], None]) -> None:
    """Section 'memory' of the report."""
    me = r["memory"]
    add(f"## {SECTIONS['memory']}")
    add("")
    if "error" in me:
        add(f"memory loop failed: {me['error']}")
    else:
        add(f"The {me['files']} notices converted and written in one process (`convert` + `write_conversion` in "
            "a loop), RSS from /proc/self/statm after each file. Growth = Theil–Sen slope (median of pairwise "
            "slopes) after the first round of formats (the first file of each format pays one-off costs); "
            "for scale, keeping one conversion of the sample alive costs ~800 KB.")
        add("")
        add("| after import (MB) | after file 1 (MB) | after first round (MB) | last (MB) | max (MB) "
            "| growth (KB/file) | peak RSS (MB) |")
        add("|---|---|---|---|---|---|---|")
        add(f"| {_mb(me['after_import_kb'])} | {_mb(me['first_kb'])} | {_mb(me['after_first_round_kb'])} "
            f"| {_mb(me['last_kb'])} | {_mb(me['max_kb'])} | {_s(me['slope_kb_per_file'], 1)} "
            f"| {_mb(me['maxrss_kb'])} |")
        rss = [s["rss_kb"] for s in me["samples"]]
        add("")
        add("RSS after each file (MB): " + " ".join(_mb(x) for x in rss))
    add("")


def _forms(r: dict[str, Any], add: Callable[[str], None]) -> None:
    """Section 'forms' of the report."""
    fo = r.get("forms") or {}
    add(f"## {SECTIONS['forms']}")
    add("")
    add("The same notice in another form, whole process (section 1), against its DOCX. OFD pages are read as "
        "page geometry like a PDF's (goal: ≤ DOCX + 50%); a .doc is converted by LibreOffice (private profile, "
        "fresh each time) and then read as a DOCX (goal: ≈ LibreOffice's conversion alone + the DOCX path).")
    add("")
    add("| form | whole process (s) | DOCX (s) | LibreOffice alone (s) | ratio |")
    add("|---|---|---|---|---|")
    for fmt, d in fo.items():
        add(f"| {fmt} | {_s(d['wall_s'])} | {_s(d['docx_wall_s'])} | {_s(d.get('soffice_s'))} | {_s(d['ratio'])} |")
    if not fo:
        add("| – | – | – | – | – |")
    if "doc" not in fo:
        add("")
        add("(.doc is measured in full runs where LibreOffice is installed: each run starts LibreOffice.)")
    add("")


def _long(r: dict[str, Any], add: Callable[[str], None]) -> None:
    """Section 'long' of the report."""
    lg = r.get("long")
    if lg is not None:
        add(f"## {SECTIONS['long']}")
        add("")
        if "error" in lg:
            add(f"long-table run failed: {lg['error']}")
        else:
            add("Generated TXT notices (`tests/hostile.py`), converted with checks in one warm process. Reading "
                "is linear when doubling the rows about doubles the time (ratio ≈ 2; quadratic would be 4).")
            add("")
            add("| rows | longest cell (chars) | items | convert (s) | read | grid | rows | normalize | validate "
                "| ms/row |")
            add("|---|---|---|---|---|---|---|---|---|---|")
            for c in lg["cases"]:
                t = c["timings"]
                add(f"| {c['rows']} | {c['cell_chars'] or '–'} | {c['items']} | {_s(c['seconds'])} "
                    + " ".join(f"| {_s(t.get(k), 3)}" for k in ("read", "grid", "rows", "normalize", "validate"))
                    + f" | {_s(1000 * c['seconds'] / c['rows'], 2)} |")
            add("")
            add(f"Doubling ratio ({lg['cases'][0]['rows']} → {lg['cases'][1]['rows']} rows): "
                f"{_s(lg['doubling_ratio'])}; peak RSS {_mb(lg['maxrss_kb'])} MB.")
        add("")


def _large(r: dict[str, Any], add: Callable[[str], None]) -> None:
    """Section 'large' of the report."""
    lc = r.get("large", {})
    add(f"## {SECTIONS['large']}")
    add("")
    if "error" in lc:
        add(f"large inputs failed: {lc['error']}")
    else:
        add("| input | characters | targets read | seconds |")
        add("|---|---|---|---|")
        for name, d in lc.items():
            add(f"| {name} | {d['chars']} | {d['targets']} | {_s(d['seconds'], 3)} |")


def _ocr(r: dict[str, Any], add: Callable[[str], None]) -> None:
    """Section 'ocr' of the report."""
    oc = r.get("ocr") or {}
    add(f"## {SECTIONS['ocr']}")
    add("")
    if "skipped" in oc:
        add(f"skipped: {oc['skipped']}")
    else:
        add(f"`worklist convert SCAN… -o OUT -q --force --workers N` on copies of `{oc.get('file')}` (each page an "
            "image: rendered, straightened, ruled, recognised), whole process: interpreter start, imports and "
            "the OCR models' load included. *read/page* is the manifest's read time per page (in the worker, "
            "after imports); *CPU/page* the process tree's CPU time per page, which other work on the machine "
            "disturbs less than wall time.")
        add("")
        add("| notices | workers | pages | wall (s) | pages/s | read/page (s) | CPU (s) | CPU/page (s) "
            "| other load |")
        add("|---|---|---|---|---|---|---|---|---|")
        for d in (oc.get("runs") or {}).values():
            add(f"| {d['notices']} | {d['workers']} | {d['pages']} | {_s(d['wall_s'])} | {_s(d['pages_per_s'])} "
                f"| {_s(d['read_s_per_page'])} | {_s(d['cpu_s'], 1)} | {_s(d['cpu_s_per_page'])} "
                f"| {_s(d['other_load'])} |")
        eng = oc.get("engine") or {}
        if "ratio" in eng:
            add("")
            add(f"Against the engine (`bench/ocr_engine.py`, pages {eng['pages']} of the scan, CPU time of the "
                "loop after one warm-up page, each side in its own process, models loaded before timing): "
                "*ours* = `ocr_page` (straighten, rules, recognise, repairs), *bare* = `RapidOCR()` with its "
                "defaults on the same page images.")
            add("")
            add("| side | pages | CPU-s/page | threads | other load (cores) |")
            add("|---|---|---|---|---|")
            for side in ("ours", "bare"):
                d = eng[side]
                add(f"| {side} | {d['pages']} | {_s(d['cpu_s_per_page'])} | {d['threads']} | {_s(d['other_load'])} |")
            add("")
            add(f"ratio ours / bare: **{_s(eng['ratio'])}**")
        elif eng:
            add("")
            add(f"engine comparison skipped: {eng.get('skipped')}")
    add("")


def _docx_floor(r: dict[str, Any], add: Callable[[str], None]) -> None:
    """One DOCX, whole process, in CPU time against python-docx reading every cell."""
    d = r.get("docx_floor") or {}
    if not d:
        return
    add("## 12. One DOCX against python-docx, CPU time")
    add("")
    add("`worklist convert` of the sample DOCX into a fresh folder, whole process, against a process that opens "
        "it with python-docx and reads every cell's text; *re-run* = the same command again (nothing changed). "
        "CPU time of the child (user + system), median; other load beside it.")
    add("")
    add("| run | CPU (s) |")
    add("|---|---|")
    add(f"| python-docx, every cell | {_s(d['floor_cpu_s'])} |")
    add(f"| worklist convert | {_s(d['convert_cpu_s'])} |")
    add(f"| worklist convert, re-run | {_s(d['rerun_cpu_s'])} |")
    add("")
    add(f"ratio convert / python-docx: **{_s(d['ratio'])}** (other load {_s(d.get('other_load'))} cores)")
    add("")


def _problems(r: dict[str, Any], add: Callable[[str], None]) -> None:
    """What failed during the run."""
    if r["failures"]:
        add("## Problems during the run")
        add("")
        for line in r["failures"]:
            add(f"- {line}")
        add("")


# the report, in order
PARTS = (_intro, _goals, _formats, _stages, _floor, _startup, _small, _throughput, _memory, _forms, _long, _large,
         _ocr, _docx_floor, _problems)


def render(r: dict[str, Any]) -> str:
    """The Markdown report of a run's raw numbers (`r`: what bench.py records)."""
    L: list[str] = []
    add = L.append
    for part in PARTS:
        part(r, add)
    return "\n".join(L)
