"""OCR cost against the engine's: CPU seconds per page of our page reader and of a bare `RapidOCR()` with its
defaults, on the same page images, measured in the same run with the machine's load beside them.

Each side runs in a child process of its own (`python bench/ocr_engine.py ours|bare PDF PAGES`), which loads
its models, reads one page to warm up, then reads the pages and reports the CPU time of that loop
(`time.process_time`: every thread of the process, so ONNX Runtime's spinning threads count). CPU time, not
wall time: other engineers' work on the machine stretches wall time, not the work done. The page images are
the ones the PDF reader hands to OCR (`worklist.extract.pdf.pictures.render_pages`).

    .venv/bin/python bench/ocr_engine.py                # the scanned sample's first 4 table pages
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCAN = ROOT / "samples" / "shengsi-2024-worklist-scan.pdf"
PAGES = (1, 2, 3, 4)  # 0-based: table pages (the front page is mostly prose)


def _images(pdf: Path, pages: list[int]) -> list[tuple[Any, float]]:
    from worklist.extract.pdf.pictures import render_pages

    return [(img, dpi) for img, dpi in render_pages(pdf, pages) if img is not None]


def _side(which: str, pdf: Path, pages: list[int]) -> dict[str, Any]:
    """One side of the comparison, in this process: CPU seconds per page over `pages` after one warm-up."""
    images = _images(pdf, pages)
    if which == "bare":
        import cv2
        from rapidocr import RapidOCR

        engine = RapidOCR()

        def read(img: Any, dpi: float) -> None:
            engine(cv2.cvtColor(img, cv2.COLOR_GRAY2BGR))
    else:
        from worklist.extract.ocr.reader import ocr_page

        def read(img: Any, dpi: float) -> None:
            ocr_page(img, dpi, 1)

    read(*images[0])  # models loaded, arenas grown: the loop below is the steady state
    t0 = time.process_time()
    for img, dpi in images:
        read(img, dpi)
    cpu = time.process_time() - t0
    return {"side": which, "pages": len(images), "cpu_s": cpu, "cpu_s_per_page": cpu / len(images),
            "threads": _threads()}


def _threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0


def _busy() -> float | None:
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def compare(pdf: Path = SCAN, pages: tuple[int, ...] = PAGES) -> dict[str, Any]:
    """Both sides, one after the other, each in a child: CPU-s per page, ratio ours/bare, load meanwhile."""
    out: dict[str, Any] = {"file": pdf.name, "pages": list(pages)}
    for which in ("bare", "ours"):
        busy0, t0 = _busy(), time.perf_counter()
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.run([sys.executable, __file__, which, str(pdf), ",".join(map(str, pages))],
                              capture_output=True, text=True, cwd=ROOT)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall, busy1 = time.perf_counter() - t0, _busy()
        if proc.returncode:
            return {"skipped": f"{which}: {proc.stderr.strip().splitlines()[-1:] or proc.returncode}"}
        side = json.loads(proc.stdout.strip().splitlines()[-1])
        own = (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)
        side["other_load"] = None if busy0 is None or busy1 is None else max(0.0, (busy1 - busy0 - own) / wall)
        out[which] = side
    out["ratio"] = out["ours"]["cpu_s_per_page"] / out["bare"]["cpu_s_per_page"]
    return out


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] in ("ours", "bare"):
        print(json.dumps(_side(argv[0], Path(argv[1]), [int(p) for p in argv[2].split(",")])))
        return 0
    r = compare()
    if "skipped" in r:
        print(r["skipped"])
        return 1
    for s in ("bare", "ours"):
        print(f"{s:5s} {r[s]['cpu_s_per_page']:.2f} CPU-s/page over {r[s]['pages']} pages, "
              f"{r[s]['threads']} threads, other load {r[s]['other_load']:.2f} cores")
    print(f"ratio ours / bare RapidOCR(): {r['ratio']:.2f}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
