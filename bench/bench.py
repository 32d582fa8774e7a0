"""The worklist benchmark: how long a notice takes, where the time goes, and what it costs next to pdfplumber.

    python bench/bench.py            # full run (a few minutes)
    python bench/bench.py --quick    # one file per format, 1 repetition (well under a minute)

Prints a Markdown report and writes it to bench/results/latest.md, with the raw numbers in
bench/results/latest.json and bench/results/bench-<UTC time>.json (the folder is git-ignored). Every
time is wall-clock; each figure is the median of the repetitions. Speed is measured here, never asserted in
the tests; `--strict` makes a missed goal exit 1. See bench/README.md for what each number means.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from make_batch import FORMATS, make_batch, sample_path  # noqa: E402

# Formats measured one file at a time (sections 1, 2, 5); the mixed batch (sections 3, 6, 7) keeps FORMATS.
SINGLE_FORMATS = FORMATS + ("html", "xlsx")

SECTIONS = {
    "formats": "1. Whole process per notice",
    "stages": "2. Time per stage",
    "floor": "3. PDFs: ours vs. the pdfplumber floor",
    "startup": "4. Start-up: `worklist --help`",
    "small": "5. One TXT / one DOCX: work beyond interpreter start",
    "throughput": "6. Batch throughput",
    "memory": "7. Memory",
    "forms": "8. Other forms of the same notice",
    "long": "9. Long tables: 10 000 TXT rows, a 5 000-character cell",
    "large": "10. The target reader on one large cell",
    "ocr": "11. Scanned notice (OCR)",
}
STAGES = ("read", "grid", "rows", "normalize", "validate", "write")
# Forms measured one file at a time (sections 1, 2, 8) beside the batch's three: OFD, and the legacy .doc (which
# LibreOffice converts; full runs only, where soffice is installed: each run starts LibreOffice).
EXTRA_FORMATS = ("ofd", "doc")

# Goals: (key, description, threshold, "<=" | "<" | ">=")
GOALS = {
    "pdf_ratio": ("PDF batch, `--workers 1`: ours / pdfplumber floor", 1.25, "<="),
    "help": ("`worklist --help` start-up (s)", 0.3, "<"),
    "txt_work": ("TXT: convert + write after imports (s)", 0.5, "<"),
    "docx_work": ("DOCX: convert + write after imports (s)", 0.5, "<"),
    # the same notice from the county page / the Excel attachment costs at most its DOCX plus 50%
    "html_vs_docx": ("HTML: `worklist convert` of the notice, whole process, over DOCX's", 1.5, "<="),
    "xlsx_vs_docx": ("XLSX: `worklist convert` of the notice, whole process, over DOCX's", 1.5, "<="),
    "speedup": ("batch: `--workers 2` speed-up over `--workers 1`", 1.7, ">="),
    # flat: a retained Conversion of the sample is ~800 KB, so 100 KB/file catches a leak of an eighth of one
    "rss_growth": ("memory growth per file across the batch (KB/file)", 100.0, "<="),
    "ofd_ratio": ("OFD whole process / DOCX whole process", 1.5, "<="),
    "doc_ratio": (".doc whole process / (DOCX whole process + LibreOffice's conversion alone)", 1.1, "<="),
    "ocr_pages": ("scanned PDF, `--workers 1`: pages per second (whole process)", 0.5, ">="),
}

FLOOR_SCRIPT = """\
import sys
import pdfplumber
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
"""

# One process: imports, then a cold conversion (first of the process) and a warm one, each with its write.
INPROCESS_SCRIPT = """\
import json, sys, tempfile, time
t0 = time.perf_counter()
import worklist.pipeline as P
import worklist.outputs.writers as W
t_import = time.perf_counter() - t0
out = {"import": t_import, "runs": []}
with tempfile.TemporaryDirectory() as tmp:
    for i in range(2):
        t1 = time.perf_counter()
        conv = P.convert(sys.argv[1])
        t2 = time.perf_counter()
        W.write_conversion(conv, tmp)
        t3 = time.perf_counter()
        out["runs"].append({"convert": t2 - t1, "write": t3 - t2, "timings": dict(conv.timings),
                            "pages": conv.n_pages, "items": len(conv.items)})
print(json.dumps(out))
"""

# One process: every file of the batch converted and written in a loop, RSS sampled after each.
MEMORY_SCRIPT = """\
import gc, json, os, resource, sys, tempfile, time
PAGE = os.sysconf("SC_PAGE_SIZE")
def rss_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE // 1024
import worklist.pipeline as P
import worklist.outputs.writers as W
before = rss_kb()
samples = []
with tempfile.TemporaryDirectory() as tmp:
    for path in sys.argv[1:]:
        t = time.perf_counter()
        conv = P.convert(path)
        W.write_conversion(conv, tmp)
        del conv
        samples.append({"file": os.path.basename(path), "rss_kb": rss_kb(),
                        "seconds": time.perf_counter() - t})
gc.collect()
print(json.dumps({"after_import_kb": before, "samples": samples, "after_gc_kb": rss_kb(),
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

# One process: the target reader on single large cells (issue 14: it must be linear in the text length).
LARGE_CELL_SCRIPT = """\
import json, time
from worklist.normalize.targets import find_targets
SENTENCE = "1.累计开展职业教育培训50人次，新增持证数字高技能人才5人以上；全县投保率达55%以上。"
CELLS = {
    "5 000-character cell, notice sentences": (SENTENCE * 200)[:5000],
    "5 000-character cell, unbalanced quotes (“新增k人)": "".join(f"“新增{k}人" for k in range(2000))[:5000],
    "5 000-character cell, one unbroken clause (新增k人)": "".join(f"新增{k}人" for k in range(2000))[:5000],
}
out = {}
for name, text in CELLS.items():
    find_targets("累计开展职业教育培训50人次")  # the dictionary is loaded before timing
    t = time.perf_counter()
    n = len(find_targets(text))
    out[name] = {"chars": len(text), "targets": n, "seconds": time.perf_counter() - t}
print(json.dumps(out, ensure_ascii=False))
"""


# One process: long generated TXT notices converted (checks included) after a warm-up, stage times kept.
LONG_SCRIPT = """\
import json, sys, time
import worklist.pipeline as P
P.convert(sys.argv[1])  # warm-up: jieba's dictionary, the models
out = []
for path in sys.argv[2:]:
    t = time.perf_counter()
    conv = P.convert(path)
    out.append({"file": path, "seconds": time.perf_counter() - t, "items": len(conv.items),
                "timings": dict(conv.timings)})
print(json.dumps(out))
"""


# ------------------------------------------------------------------------------------------------ running


@dataclass
class Run:
    wall: float
    rc: int
    maxrss_kb: int
    cpu: float = 0.0  # user + system seconds of the child and the children it waited for
    other_cpu: float | None = None  # CPU seconds the rest of the machine used meanwhile (/proc/stat)
    stdout: str = ""
    stderr: str = ""

    @property
    def other_load(self) -> float | None:
        """Cores busy with other work during the run (a shared machine makes timings noisy)."""
        return None if self.other_cpu is None or not self.wall else max(0.0, self.other_cpu / self.wall)


_CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _busy_cpu_seconds() -> float | None:
    """CPU seconds spent busy by the whole machine since boot (all cores), from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    busy = sum(fields[:8]) - idle  # user nice system idle iowait irq softirq steal
    return busy / _CLK_TCK


def run_child(cmd: list[str], *, capture: bool = False) -> Run:
    """Run a command: wall time, the child's peak RSS (wait4: its waited-for children included), its CPU time,
    and how much CPU the rest of the machine used meanwhile."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        busy0 = _busy_cpu_seconds()
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        busy1 = _busy_cpu_seconds()
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text_out = out.read().decode("utf-8", "replace") if capture else ""
        text_err = err.read().decode("utf-8", "replace")
    cpu = ru.ru_utime + ru.ru_stime
    other = None if busy0 is None or busy1 is None else busy1 - busy0 - cpu
    return Run(wall, p.returncode, ru.ru_maxrss, cpu, other, text_out, text_err[-2000:])


CALIBRATE_SCRIPT = """\
import multiprocessing as mp, sys, time
def spin(n=10_000_000):
    x = 0
    for i in range(n):
        x += i * i
if __name__ == "__main__":
    t = time.perf_counter(); spin(); one = time.perf_counter() - t
    ps = [mp.get_context("fork").Process(target=spin) for _ in range(2)]
    t = time.perf_counter(); [p.start() for p in ps]; [p.join() for p in ps]; two = time.perf_counter() - t
    print(2 * one / two)
"""


def other_load_now(window: float = 1.0) -> float | None:
    """Cores busy right now (this process sleeps meanwhile, so all of it is other work)."""
    a = _busy_cpu_seconds()
    time.sleep(window)
    b = _busy_cpu_seconds()
    return None if a is None or b is None else (b - a) / window


def wait_quiet(max_wait: float, threshold: float = 0.25) -> tuple[float, float | None]:
    """Wait (up to max_wait s) until the machine's other work drops below `threshold` cores: other sessions on
    a shared machine take a core and halve a 2-worker run. Returns (seconds waited, load seen last)."""
    t0 = time.perf_counter()
    load = None
    while True:
        load = other_load_now(0.5)
        if load is None or load < threshold or time.perf_counter() - t0 >= max_wait:
            return time.perf_counter() - t0, load


def machine_scaling() -> float | None:
    """What 2 processes of pure-Python CPU work gain over 1 on this machine right now (ideal 2.0)."""
    best = None
    for _ in range(2):  # best of two: a momentary blip of other work should not set the ceiling
        run = run_child([sys.executable, "-c", CALIBRATE_SCRIPT], capture=True)
        try:
            value = float(run.stdout.strip())
        except ValueError:
            continue
        best = value if best is None else max(best, value)
    return best


def worklist_cmd() -> list[str]:
    """The `worklist` console script of this interpreter's environment (else `python -m worklist.cli`)."""
    script = Path(sys.executable).parent / "worklist"
    if script.exists():
        return [str(script)]
    found = shutil.which("worklist")
    if found:
        return [found]
    return [sys.executable, "-m", "worklist.cli"]


def med(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


@dataclass
class Bench:
    repeat: int
    batch_repeat: int
    quick: bool
    work: Path
    quiet_wait: float = 0.0
    wl: list[str] = field(default_factory=worklist_cmd)
    waits: list[tuple[float, float | None]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    _n: int = 0

    def settle(self) -> None:
        """Before a measure that needs both cores: wait a little for other sessions' work to pass."""
        if self.quiet_wait > 0:
            self.waits.append(wait_quiet(self.quiet_wait))

    def out_dir(self) -> Path:
        self._n += 1
        return self.work / f"out-{self._n:03d}"

    def convert(self, inputs: list[Path], *extra: str) -> tuple[Run, Path]:
        out = self.out_dir()
        run = run_child(self.wl + ["convert", *map(str, inputs), "-o", str(out), "-q", "--force", *extra])
        if run.rc != 0:
            last = (run.stderr.strip().splitlines() or [""])[-1]
            self.failures.append(f"`worklist convert {' '.join(map(str, inputs))[:80]} {' '.join(extra)}` "
                                 f"exited {run.rc}: {last}")
        return run, out

    def python(self, script: str, *args: str, capture: bool = True) -> Run:
        run = run_child([sys.executable, "-c", script, *args], capture=capture)
        if run.rc != 0:
            self.failures.append(f"python child exited {run.rc}: {run.stderr.strip()[-300:]}")
        return run


def manifests(out: Path) -> list[dict[str, Any]]:
    found = []
    for m in sorted(out.glob("*/manifest.json")):
        if m.parent.name == "dataset":
            continue
        found.append(json.loads(m.read_text(encoding="utf-8")))
    return found


# ------------------------------------------------------------------------------------------------ sections


def machine_info() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib import metadata

    versions = {}
    for dist in ("worklist", "pdfplumber", "pdfminer.six", "pypdfium2", "python-docx", "lxml", "jieba",
                 "pydantic", "pyarrow", "pandas", "great_expectations", "click"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    commit = None
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=5).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                          if line.startswith("MemTotal")))
    except (OSError, StopIteration, ValueError):
        mem_kb = None
    hypervisor = None
    try:
        if " hypervisor" in Path("/proc/cpuinfo").read_text():
            hypervisor = "virtual machine"
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "hypervisor": hypervisor,
        "memory_gb": round(mem_kb / 2**20, 1) if mem_kb else None,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "executable": sys.executable,
        "packages": versions,
        "commit": commit,
        "loadavg": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


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
            run = b.python(INPROCESS_SCRIPT, str(sample_path(fmt)))
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
    floor_py = b.work / "floor.py"
    floor_py.write_text(FLOOR_SCRIPT)
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
    return res


def section_memory(b: Bench, batch: list[Path]) -> dict[str, Any]:
    """7. RSS after each file, converting the whole batch in one process."""
    run = b.python(MEMORY_SCRIPT, *map(str, batch))
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


# ------------------------------------------------------------------------------------------------ report


def section_large(b: Bench) -> dict[str, Any]:
    """Single large inputs, each in one process: the time of the step that must stay linear."""
    runs = [b.python(LARGE_CELL_SCRIPT) for _ in range(b.repeat)]
    ok = [json.loads(r.stdout) for r in runs if r.rc == 0]
    if not ok:
        b.failures.append("large cells: " + runs[-1].stderr[-300:])
        return {"error": runs[-1].stderr[-300:]}
    return {name: {**ok[0][name], "seconds": med([o[name]["seconds"] for o in ok])} for name in ok[0]}


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
    if r["quick"]:
        for k in ("pdf_ratio", "speedup", "ocr_pages"):
            notes[k] = "--quick: one file, not a measurement" + ("; " + notes[k] if k in notes else "")
    out = {}
    for key, (desc, limit, op) in GOALS.items():
        v = vals[key]
        ok = None if v is None else {"<=": v <= limit, "<": v < limit, ">=": v >= limit}[op]
        out[key] = {"goal": desc, "value": v, "limit": limit, "op": op, "pass": ok, "note": notes.get(key, "")}
    return out


def render(r: dict[str, Any]) -> str:
    m = r["machine"]
    L: list[str] = []
    add = L.append
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

    add("## Goals")
    add("")
    add("| goal | limit | measured | result | note |")
    add("|---|---|---|---|---|")
    for g in r["goals"].values():
        res = "–" if g["pass"] is None else ("PASS" if g["pass"] else "**FAIL**")
        add(f"| {g['goal']} | {g['op']} {g['limit']:g} | {_s(g['value'])} | {res} | {g.get('note', '')} |")
    add("")

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

    su = r["startup"]
    add(f"## {SECTIONS['startup']}")
    add("")
    add(f"| command | median of {su['n']} (s) |")
    add("|---|---|")
    add(f"| `worklist --help` | {_s(su['help_s'], 3)} |")
    add(f"| `python -c pass` (bare interpreter) | {_s(su['bare_python_s'], 3)} |")
    add(f"| `python -c 'import worklist.pipeline, worklist.outputs.writers'` | {_s(su['import_pipeline_writers_s'], 3)} |")
    add("")

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

    tp = r["throughput"]
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
    add("")
    if r["failures"]:
        add("## Problems during the run")
        add("")
        for line in r["failures"]:
            add(f"- {line}")
        add("")
    return "\n".join(L)


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
    run = b.python(LONG_SCRIPT, str(warm), *map(str, paths))
    if run.rc != 0:
        return {"error": run.stderr.strip()[-300:]}
    got = json.loads(run.stdout.strip().splitlines()[-1])
    rows = [{"rows": n, "cell_chars": c, **g} for (_, n, c), g in zip(cases, got)]
    half, whole = rows[0]["seconds"], rows[1]["seconds"]
    return {"cases": rows, "doubling_ratio": whole / half if half else None, "maxrss_kb": run.maxrss_kb}


# ------------------------------------------------------------------------------------------------ main


def has_checks_option(wl: list[str]) -> bool:
    run = run_child(wl + ["convert", "--help"], capture=True)
    return "--checks" in run.stdout.replace("--no-checks", "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark worklist (see bench/README.md).")
    ap.add_argument("--quick", action="store_true", help="one file per format, 1 repetition (smoke test)")
    ap.add_argument("--repeat", type=int, default=None, help="repetitions per single-file measure (default 3)")
    ap.add_argument("--batch-repeat", type=int, default=None, help="repetitions per batch measure (default 2)")
    ap.add_argument("--batch-size", type=int, default=None, help="notices in the mixed batch (default 40)")
    ap.add_argument("--pdf-batch", type=int, default=None, help="PDFs in the floor comparison (default 6)")
    ap.add_argument("--out", type=Path, default=HERE / "results", help="where latest.md/.json go")
    ap.add_argument("--keep", action="store_true", help="keep the generated batch and outputs (path printed)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    ap.add_argument("--quiet-wait", type=float, default=None,
                    help="seconds to wait, at most, for other work on the machine to pass before each "
                         "multi-process measure (default 20; 0 in --quick)")
    ap.add_argument("--skip-ocr", action="store_true", help="leave out section 11 (OCR of the scanned sample)")
    args = ap.parse_args(argv)

    quick = args.quick
    repeat = args.repeat or (1 if quick else 3)
    batch_repeat = args.batch_repeat or (1 if quick else 2)
    batch_size = args.batch_size or (3 if quick else 40)
    pdf_batch_n = args.pdf_batch or (1 if quick else 6)

    work = Path(tempfile.mkdtemp(prefix="worklist-bench-"))
    t_start = time.perf_counter()
    started = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    quiet_wait = args.quiet_wait if args.quiet_wait is not None else (0.0 if quick else 20.0)
    b = Bench(repeat=repeat, batch_repeat=batch_repeat, quick=quick, work=work, quiet_wait=quiet_wait)
    try:
        machine = machine_info()
        batch = make_batch(work / "batch", batch_size)
        pdfs = make_batch(work / "pdfs", pdf_batch_n, formats=("pdf",))
        gx_opt = has_checks_option(b.wl)
        # warm-up (discarded): byte-code caches, the page cache for the samples and the libraries
        b.convert([sample_path(fmt) for fmt in SINGLE_FORMATS], "--workers", "1")

        def step(name: str, fn, *a):
            t = time.perf_counter()
            print(f"[bench] {name} …", file=sys.stderr, flush=True)
            value = fn(*a)
            print(f"[bench] {name}: {time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)
            return value

        r: dict[str, Any] = {"started": started, "quick": quick, "repeat": repeat, "batch_repeat": batch_repeat,
                             "machine": machine, "has_gx_option": gx_opt, "worklist_cmd": b.wl}
        r["startup"] = step("start-up", section_startup, b)
        r["formats"] = step("whole process per format", section_formats, b)
        r["stages"] = step("stages in one process", section_inprocess, b)
        r["floor"] = step("pdfplumber floor", section_floor, b, sample_path("pdf"), pdfs, gx_opt)
        r["throughput"] = step("batch throughput", section_throughput, b, batch)
        r["memory"] = step("memory across the batch", section_memory, b, batch)
        r["forms"] = step("other forms against the DOCX", section_forms, b, r["formats"])
        r["long"] = step("long tables", section_long, b)
        r["large"] = step("the target reader on large cells", section_large, b)
        r["ocr"] = step("scanned notice (OCR)", section_ocr, b) if not args.skip_ocr else {"skipped": "--skip-ocr"}
        r["seconds"] = time.perf_counter() - t_start
        r["quiet_wait"] = quiet_wait
        r["quiet_waits"] = b.waits
        r["failures"] = b.failures
        r["goals"] = evaluate_goals(r)
    finally:
        if args.keep:
            print(f"[bench] kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    md = render(r)
    print(md)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.md").write_text(md + "\n", encoding="utf-8")
    raw = json.dumps(r, ensure_ascii=False, indent=1, default=str)
    (args.out / "latest.json").write_text(raw + "\n", encoding="utf-8")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    (args.out / f"bench-{stamp}.json").write_text(raw + "\n", encoding="utf-8")
    missed = [g for g in r["goals"].values() if g["pass"] is False]
    return 1 if (args.strict and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
