"""The measures: one function per section of the report, each returning the raw numbers it records."""

from __future__ import annotations

import json
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any

from common import (EXTRA_FORMATS, FORMATS, ROOT, SCRIPTS, SINGLE_FORMATS, STAGES, Bench, Run, machine_scaling,
                    manifests, med, run_child, sample_path)


def single_formats(quick: bool) -> tuple[str, ...]:
    """The batch's formats, then the other forms whose sample is there (and whose converter is installed)."""
    extra = [f for f in EXTRA_FORMATS if sample_path(f).exists()]
    if quick or not shutil.which("soffice"):
        extra = [f for f in extra if f != "doc"]
    return SINGLE_FORMATS + tuple(extra)


def section_formats(b: Bench) -> dict[str, Any]:
    """1. `worklist convert FILE` per format, whole process."""
    res: dict[str, Any] = {}
    for fmt in single_formats(b.quick):
        path = sample_path(fmt)
        walls, rss, timings = [], [], []
        pages = items = None
        for _ in range(b.repeat):
            run, out = b.convert([path], "--workers", "1")
            walls.append(run.wall)
            rss.append(run.maxrss_kb)
            ms = manifests(out)
            if ms:
                timings.append(ms[0]["timings"])
                pages = ms[0]["input"].get("pages")
                items = ms[0]["counts"]["items"]
        wall = med(walls)
        res[fmt] = {"file": path.name, "bytes": path.stat().st_size, "pages": pages, "items": items,
                    "wall_s": wall, "walls_s": walls, "pages_per_s": (pages / wall) if pages else None,
                    "maxrss_kb": max(rss), "manifest_timings": timings}
    return res


def section_inprocess(b: Bench) -> dict[str, Any]:
    """2 and 5: stage times (manifest timings + write) cold and warm, in one process per run."""
    res: dict[str, Any] = {}
    for fmt in single_formats(b.quick):
        reps = []
        for _ in range(b.repeat):
            run = b.python("inprocess.py", str(sample_path(fmt)))
            if run.rc == 0:
                reps.append(json.loads(run.stdout.strip().splitlines()[-1]))
        if not reps:
            continue

        def stage_medians(i: int) -> dict[str, float]:
            d = {s: med([r["runs"][i]["timings"].get(s, 0.0) for r in reps]) for s in STAGES if s != "write"}
            d["write"] = med([r["runs"][i]["write"] for r in reps])
            d["convert"] = med([r["runs"][i]["convert"] for r in reps])
            d["convert_write"] = med([r["runs"][i]["convert"] + r["runs"][i]["write"] for r in reps])
            return d

        res[fmt] = {"import_s": med([r["import"] for r in reps]), "cold": stage_medians(0),
                    "warm": stage_medians(1), "raw": reps}
    return res


def section_floor(b: Bench, single_pdf: Path, pdf_batch: list[Path], has_gx_option: bool) -> dict[str, Any]:
    """3. the same PDFs through pdfplumber's extract_tables() on every page, whole process, vs. ours."""
    floor_py = SCRIPTS / "floor.py"
    variants: dict[str, list[str] | None] = {"ours": [], "ours --no-checks": ["--no-checks"]}
    if has_gx_option:
        variants["ours --checks gx"] = ["--checks", "gx"]
    res: dict[str, Any] = {}
    for label, files, reps in (("single", [single_pdf], b.repeat), ("batch", pdf_batch, b.batch_repeat)):
        if label == "batch" and len(pdf_batch) == 1:  # --quick: the batch is the single file again
            res["batch"] = res["single"]
            continue
        runs: dict[str, list[Run]] = {"floor": [], **{v: [] for v in variants}}
        pages = 0
        for _ in range(reps):  # interleaved, so a slow moment of the machine hits every variant alike
            b.settle()
            run = run_child([sys.executable, str(floor_py), *map(str, files)])
            if run.rc != 0:
                b.failures.append(f"floor script exited {run.rc}: {run.stderr[-300:]}")
            runs["floor"].append(run)
            for v, extra in variants.items():
                run, out = b.convert(files, "--workers", "1", *extra)
                runs[v].append(run)
                if v == "ours":
                    pages = sum(m["input"].get("pages") or 0 for m in manifests(out))
        floor = med([r.wall for r in runs["floor"]])
        floor_cpu = med([r.cpu for r in runs["floor"]])

        def summary(rs: list[Run]) -> dict[str, Any]:
            wall, cpu = med([r.wall for r in rs]), med([r.cpu for r in rs])
            loads = [r.other_load for r in rs if r.other_load is not None]
            return {"wall_s": wall, "walls_s": [r.wall for r in rs], "ratio": wall / floor if floor else None,
                    "cpu_s": cpu, "cpu_ratio": cpu / floor_cpu if floor_cpu else None,
                    "per_file_s": wall / len(files), "pages_per_s": pages / wall if pages else None,
                    "other_load": med(loads) if loads else None, "maxrss_kb": max(r.maxrss_kb for r in rs)}

        res[label] = {"files": len(files), "pages": pages, "variants": {k: summary(rs) for k, rs in runs.items()}}
    return res


def section_forms(b: Bench, formats: dict[str, Any]) -> dict[str, Any]:
    """8. The other forms against the DOCX of the same notice; for .doc, LibreOffice's conversion alone too
    (the same command line as the reader, private profile, in a fresh folder each time)."""
    res: dict[str, Any] = {}
    docx = formats.get("docx", {}).get("wall_s")
    if "ofd" in formats and docx:
        res["ofd"] = {"wall_s": formats["ofd"]["wall_s"], "docx_wall_s": docx,
                      "ratio": formats["ofd"]["wall_s"] / docx}
    if "doc" in formats and docx:
        walls = []
        for i in range(b.repeat):
            tmp = b.work / f"soffice-{i}"
            tmp.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(sample_path("doc"), tmp / "input.doc")
            run = run_child(["soffice", "--headless", "--invisible", "--norestore", "--nolockcheck",
                             f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--convert-to", "docx",
                             "--outdir", str(tmp / "out"), str(tmp / "input.doc")], capture=True)
            if run.rc == 0:
                walls.append(run.wall)
            shutil.rmtree(tmp, ignore_errors=True)
        lo = med(walls) if walls else None
        res["doc"] = {"wall_s": formats["doc"]["wall_s"], "docx_wall_s": docx, "soffice_s": lo,
                      "ratio": formats["doc"]["wall_s"] / (docx + lo) if lo else None}
    return res


def section_startup(b: Bench) -> dict[str, Any]:
    """4. `worklist --help` (median of 10) against a bare interpreter."""
    n = 3 if b.quick else 10
    help_runs = [run_child(b.wl + ["--help"]) for _ in range(n)]
    bare = [run_child([sys.executable, "-c", "pass"]) for _ in range(n)]
    imports = [run_child([sys.executable, "-c", "import worklist.pipeline, worklist.outputs.writers"]) for _ in range(n)]
    return {"n": n, "help_s": med([r.wall for r in help_runs]), "bare_python_s": med([r.wall for r in bare]),
            "import_pipeline_writers_s": med([r.wall for r in imports]),
            "help_maxrss_kb": max(r.maxrss_kb for r in help_runs)}


def section_throughput(b: Bench, batch: list[Path]) -> dict[str, Any]:
    """6. the mixed batch at --workers 1 and --workers 2, interleaved, each pair preceded by a calibration."""
    runs: dict[int, list[Run]] = {1: [], 2: []}
    scaling: list[float] = []
    pages = 0
    warm_timings: dict[str, list[dict[str, float]]] = {}
    per_file: dict[str, list[float]] = {}
    for _ in range(b.batch_repeat):
        b.settle()
        sc = machine_scaling()
        if sc is not None:
            scaling.append(sc)
        for w in (1, 2):
            run, out = b.convert([batch[0].parent], "--workers", str(w))
            runs[w].append(run)
            if w == 1:
                ms = manifests(out)
                pages = sum(m["input"].get("pages") or 0 for m in ms)
                for m in ms:
                    warm_timings.setdefault(m["input"]["format"], []).append(m["timings"])
                try:  # the batch manifest's seconds per document (convert + write, in the worker)
                    docs = json.loads((out / "manifest.json").read_text(encoding="utf-8")).get("documents", [])
                    for d in docs:
                        if d.get("seconds"):
                            per_file.setdefault(Path(d["path"]).suffix.lstrip("."), []).append(d["seconds"])
                except (OSError, ValueError, AttributeError):
                    pass
    n = len(batch)
    res: dict[str, Any] = {"files": n, "pages": pages,
                           "formats": {f: sum(p.suffix == "." + f for p in batch) for f in FORMATS},
                           "machine_scaling": med(scaling) if scaling else None, "machine_scalings": scaling}
    for w in (1, 2):
        walls = [r.wall for r in runs[w]]
        wall = med(walls)
        loads = [r.other_load for r in runs[w] if r.other_load is not None]
        res[f"workers_{w}"] = {"wall_s": wall, "walls_s": walls, "best_s": min(walls), "files_per_s": n / wall,
                               "pages_per_s": pages / wall if pages else None,
                               "cpu_s": med([r.cpu for r in runs[w]]),
                               "other_load": med(loads) if loads else None,
                               "maxrss_kb": max(r.maxrss_kb for r in runs[w])}
    res["speedup"] = res["workers_1"]["wall_s"] / res["workers_2"]["wall_s"]
    res["speedup_best"] = res["workers_1"]["best_s"] / res["workers_2"]["best_s"]
    # the repetition whose pair of runs saw the least other work on the machine
    pairs = [(max(r1.other_load or 0.0, r2.other_load or 0.0), r1.wall / r2.wall)
             for r1, r2 in zip(runs[1], runs[2])]
    quiet = min(pairs) if pairs else (None, None)
    res["speedup_quietest"] = {"speedup": quiet[1], "other_load": quiet[0]}
    # per-stage medians over the batch's documents, as their manifests record them
    res["batch_stage_medians"] = {fmt: {s: med([t.get(s, 0.0) for t in ts]) for s in STAGES if s != "write"}
                                  for fmt, ts in warm_timings.items()}
    res["batch_seconds_per_file"] = {fmt: med(v) for fmt, v in per_file.items()}
    return res


def theil_sen(points: list[tuple[float, float]]) -> float | None:
    """Median of the pairwise slopes: a trend line that a few temporary bumps do not tilt."""
    slopes = [(y2 - y1) / (x2 - x1) for i, (x1, y1) in enumerate(points) for x2, y2 in points[i + 1:] if x2 != x1]
    return statistics.median(slopes) if slopes else None


SCAN_SAMPLE = "shengsi-2024-worklist-scan.pdf"


def _scan_copies(work: Path, pages: list[int] | None, n: int) -> list[Path]:
    """`n` copies of the scanned sample with distinct bytes (only the pages `pages`, 0-based, when given)."""
    import pypdfium2 as pdfium

    src = ROOT / "samples" / SCAN_SAMPLE
    work.mkdir(parents=True, exist_ok=True)
    base = src
    if pages:
        doc = pdfium.PdfDocument(str(src))
        part = pdfium.PdfDocument.new()
        part.import_pages(doc, pages)
        base = work / "scan-part.pdf"
        part.save(str(base))
        part.close()
        doc.close()
    out = []
    for k in range(n):
        dst = work / f"scan-{k:02d}.pdf"
        dst.write_bytes(base.read_bytes().rstrip(b"\n") + b"\n%worklist-bench copy " + str(k).encode() + b"\n")
        out.append(dst)
    return out


def section_ocr(b: Bench) -> dict[str, Any]:
    """8. the scanned sample through OCR: one notice with `--workers 1`, and two notices with `--workers 1`
    and `--workers 2` (a notice is one worker's job, so two are needed to use two workers)."""
    probe = b.python("from worklist.extract.ocr.engine import available; print(available())")
    if probe.stdout.strip() != "True":
        return {"skipped": "OCR is not installed (pip install -e '.[ocr]')"}
    pages_wanted = [1] if b.quick else None  # --quick: one page of the table
    files = _scan_copies(b.work / "scans", pages_wanted, 2)
    reps = 1
    res: dict[str, Any] = {"file": SCAN_SAMPLE, "runs": {}}
    for label, inputs, workers in (("one", files[:1], 1), ("two_w1", files, 1), ("two_w2", files, 2)):
        walls, cpus, loads, reads = [], [], [], []
        pages = 0
        for _ in range(reps):
            if workers > 1:
                b.settle()
            run, out = b.convert(inputs, "--workers", str(workers))
            ms = manifests(out)
            pages = sum(m["input"].get("pages") or 0 for m in ms)
            walls.append(run.wall)
            cpus.append(run.cpu)
            if run.other_load is not None:
                loads.append(run.other_load)
            reads += [m["timings"].get("read", 0.0) / max(1, m["input"].get("pages") or 1) for m in ms]
        wall = med(walls)
        res["runs"][label] = {"notices": len(inputs), "workers": workers, "pages": pages, "wall_s": wall,
                              "pages_per_s": pages / wall if pages and wall else None, "cpu_s": med(cpus),
                              "cpu_s_per_page": med(cpus) / pages if pages else None,
                              "read_s_per_page": med(reads) if reads else None,
                              "other_load": med(loads) if loads else None}
    import ocr_engine

    res["engine"] = ocr_engine.compare(pages=ocr_engine.PAGES[:1] if b.quick else ocr_engine.PAGES)
    return res


DOCX_FLOOR = """\
import sys, docx
d = docx.Document(sys.argv[1])
[c.text for t in d.tables for r in t.rows for c in r.cells]
"""


def section_docx_floor(b: Bench) -> dict[str, Any]:
    """12. One DOCX, whole process, in CPU time: `worklist convert` into a fresh folder, the same again with
    nothing changed, and python-docx reading every cell (issue 21's floor)."""
    path = sample_path("docx")
    floors, converts, reruns, loads = [], [], [], []
    for i in range(max(3, b.repeat)):
        floors.append(b.python(DOCX_FLOOR, str(path)).cpu)
        out = b.work / f"docx-floor-{i}"
        run = run_child(b.wl + ["convert", str(path), "-o", str(out), "-q"])
        converts.append(run.cpu)
        if run.other_load is not None:
            loads.append(run.other_load)
        reruns.append(run_child(b.wl + ["convert", str(path), "-o", str(out), "-q"]).cpu)
    floor, convert = med(floors), med(converts)
    return {"floor_cpu_s": floor, "convert_cpu_s": convert, "rerun_cpu_s": med(reruns),
            "ratio": convert / floor if floor else None, "other_load": med(loads) if loads else None}


def section_memory(b: Bench, batch: list[Path]) -> dict[str, Any]:
    """7. RSS after each file, converting the whole batch in one process."""
    run = b.python("memory.py", *map(str, batch))
    if run.rc != 0:
        return {"error": run.stderr[-500:]}
    d = json.loads(run.stdout.strip().splitlines()[-1])
    rss = [s["rss_kb"] for s in d["samples"]]
    k = len(FORMATS)
    # Growth: robust slope of RSS over the files after the first round of formats (the first file of each
    # format pays one-off costs: lazy imports, the jieba lexicon, font caches). Too few files: no slope.
    tail = [(float(i), float(y)) for i, y in enumerate(rss)][k:]
    slope = theil_sen(tail) if len(tail) >= 2 * k else None
    per_format: dict[str, list[float]] = {}
    for smp in d["samples"]:
        per_format.setdefault(smp["file"].rsplit(".", 1)[-1], []).append(smp["seconds"])
    d.update({
        "files": len(rss),
        "first_kb": rss[0] if rss else None,
        "after_first_round_kb": rss[min(k, len(rss)) - 1] if rss else None,
        "last_kb": rss[-1] if rss else None,
        "max_kb": max(rss) if rss else None,
        "slope_kb_per_file": slope,
        # in-process seconds per file (convert + write), first file of each format left out when possible
        "seconds_per_file": {f: med(v[1:] or v) for f, v in per_format.items()},
    })
    return d



def section_large(b: Bench) -> dict[str, Any]:
    """Single large inputs, each in one process: the time of the step that must stay linear."""
    runs = [b.python("large_cell.py") for _ in range(b.repeat)]
    ok = [json.loads(r.stdout) for r in runs if r.rc == 0]
    if not ok:
        b.failures.append("large cells: " + runs[-1].stderr[-300:])
        return {"error": runs[-1].stderr[-300:]}
    return {name: {**ok[0][name], "seconds": med([o[name]["seconds"] for o in ok])} for name in ok[0]}


def section_long(b: Bench) -> dict[str, Any]:
    """8. Reading is linear in the table: 5 000 and 10 000 TXT rows (half and full), one 5 000-char cell."""
    sys.path.insert(0, str(ROOT))
    from tests.hostile import long_txt

    d = b.work / "long"
    d.mkdir(parents=True, exist_ok=True)
    full = 1000 if b.quick else 10_000
    cases = [("rows", full // 2, 0), ("rows", full, 0), ("cell", 100, 5000)]
    paths = [long_txt(d, n, name=f"{kind}-{n}-{c}.txt", cell_chars=c) for kind, n, c in cases]
    warm = long_txt(d, 20, name="warm.txt")
    run = b.python("long_tables.py", str(warm), *map(str, paths))
    if run.rc != 0:
        return {"error": run.stderr.strip()[-300:]}
    got = json.loads(run.stdout.strip().splitlines()[-1])
    rows = [{"rows": n, "cell_chars": c, **g} for (_, n, c), g in zip(cases, got)]
    half, whole = rows[0]["seconds"], rows[1]["seconds"]
    return {"cases": rows, "doubling_ratio": whole / half if half else None, "maxrss_kb": run.maxrss_kb}


def has_checks_option(wl: list[str]) -> bool:
    run = run_child(wl + ["convert", "--help"], capture=True)
    return "--checks" in run.stdout.replace("--no-checks", "")
