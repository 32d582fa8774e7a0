"""The worklist benchmark: how long a notice takes, where the time goes, and what it costs next to pdfplumber.

    python bench/bench.py            # full run (a few minutes)
    python bench/bench.py --quick    # one file per format, 1 repetition (well under a minute)

Prints a Markdown report and writes it to bench/results/latest.md, with the raw numbers in
bench/results/latest.json and bench/results/bench-<UTC time>.json (the folder is git-ignored). Every
time is wall-clock; each figure is the median of the repetitions. Speed is measured here, never asserted in
the tests; `--strict` makes a missed goal exit 1. See bench/README.md for what each number means.

The parts: `common.py` (settings, goals, running and measuring a child), `sections.py` (one function per
section), `report.py` (goals and the Markdown), `scripts/` (the programs measured in child processes),
`ocr_engine.py` (OCR CPU per page against a bare `RapidOCR()`), `make_batch.py` (the generated inputs).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import HERE, SINGLE_FORMATS, Bench, machine_info, make_batch, sample_path  # noqa: E402
from report import evaluate_goals, render  # noqa: E402
from sections import (has_checks_option, section_floor, section_forms, section_formats, section_inprocess,  # noqa: E402
                      section_docx_floor, section_large, section_long, section_memory, section_ocr,
                      section_startup, section_throughput)


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
        r["docx_floor"] = step("one DOCX against python-docx (CPU)", section_docx_floor, b)
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
