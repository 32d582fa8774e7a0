"""The cluster's overhead: the same 40-notice batch on a two-worker Dask `LocalCluster` and with `--workers 2`.

    python bench/cluster.py [--n 40] [--repeat 1]

Prints a Markdown row per run: wall seconds, the ratio cluster / local (README "Speed"; goal ≤ 1.15), and the
machine's load average while it ran (other work on the machine changes both sides alike, not the ratio's
meaning: read it beside the load). Both runs convert the same files into fresh folders with `--force`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from make_batch import make_batch


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    from distributed import Client, LocalCluster

    from worklist.batch import convert_batch

    work = Path(tempfile.mkdtemp(prefix="worklist-bench-cluster-"))
    try:
        files = make_batch(work / "in", n=args.n)
        print("| run | notices | local --workers 2 (s) | LocalCluster 2 workers (s) | ratio | load (1 min) |")
        print("|---|---|---|---|---|---|")
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as lc, \
                Client(lc) as client:
            ex = client.get_executor()
            for i in range(args.repeat):
                local = _timed(lambda: convert_batch(files, work / f"local{i}", workers=2, force=True))
                cluster = _timed(lambda: convert_batch(files, work / f"cluster{i}", executor=ex, force=True))
                print(f"| {i + 1} | {len(files)} | {local:.1f} | {cluster:.1f} | {cluster / local:.2f} | "
                      f"{os.getloadavg()[0]:.1f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
