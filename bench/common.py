"""What every part of the benchmark shares: its settings and goals, running a child process and measuring
it (wall, CPU, peak RSS, the rest of the machine's load), and the machine's description."""

from __future__ import annotations

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
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCRIPTS = HERE / "scripts"  # the programs measured in child processes, one file each
sys.path.insert(0, str(HERE))

from make_batch import FORMATS, make_batch, sample_path  # noqa: E402,F401

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
    # issue 21: CPU per page at most half of a bare `RapidOCR()` on the same page images, same run
    "ocr_vs_engine": ("OCR: CPU-s/page ours / bare `RapidOCR()` defaults, same pages", 0.5, "<="),
    # issue 21: one DOCX, whole process, CPU time, over python-docx reading every cell
    "docx_vs_floor": ("DOCX: `worklist convert` whole process / python-docx reading every cell (CPU)", 1.5, "<="),
}








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
        run = run_child([sys.executable, str(SCRIPTS / "calibrate.py")], capture=True)
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
        """Run `bench/scripts/<script>` (a file name) or, given code, `python -c` it, in a child process."""
        cmd = [str(SCRIPTS / script)] if script.endswith(".py") and "\n" not in script else ["-c", script]
        run = run_child([sys.executable, *cmd, *args], capture=capture)
        if run.rc != 0:
            self.failures.append(f"python child exited {run.rc}: {run.stderr.strip()[-300:]}")
        return run


def manifests(out: Path) -> list[dict[str, Any]]:
    found = []
    for m in sorted(out.glob("docs/*/manifest.json")):  # OUT/docs/<doc_id>/manifest.json
        found.append(json.loads(m.read_text(encoding="utf-8")))
    return found




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
