#!/usr/bin/env python
"""Calibrate the OCR reader's LOW_CONFIDENCE on a scan whose golden is known: which confidence the cells that
were misread have, and how many cells a threshold would list for review.

    .venv/bin/python tools/calibrate_confidence.py samples/shengsi-2024-worklist-scan.pdf

A field that differs from the golden is traced to the OCR'd cells whose text holds the misread value; the
threshold must lie above every such cell's confidence (so each misread is listed), and the share of cells it
lists is the reviewer's cost. Prints one line per misread cell and a table of thresholds.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def main() -> None:
    from tests.field_score import field_score
    from worklist.outputs.writers import nested_json
    import worklist.pipeline as P

    path = Path(sys.argv[1])
    golden = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "samples/golden/shengsi-2024-worklist/document.json"
    seen = []
    real = P.read_document
    P.read_document = lambda *a, **k: seen.append(real(*a, **k)) or seen[-1]  # type: ignore[assignment]
    conv = P.convert(path)
    raw = seen[0]
    got = nested_json(conv)
    score = field_score(got, json.loads(golden.read_text(encoding="utf-8")))
    cells = [(c.conf, _squash(c.text)) for g in raw.tables for c in g.cells if c.conf is not None and c.text.strip()]
    misread: list[tuple[float, str]] = []
    for m in score.misses:
        found = re.match(r"\s*(\S+)\.(name|q[1-4]|lead_units|owners|seq_label|type|category): (.+?) != ", m)
        if not found:
            continue
        value = found.group(3)
        try:
            v = eval(value, {})  # the repr the score printed: a str or a list of str
        except Exception:
            continue
        texts = [v] if isinstance(v, str) else [t for t in v if isinstance(t, str)] if isinstance(v, list) else []
        for t in texts:
            confs = [cf for cf, ct in cells if t and _squash(t) in ct]
            if confs:
                misread.append((min(confs), f"{found.group(1)}.{found.group(2)} {t[:40]}"))
    print(f"{path.name}: {score.matched}/{score.total} = {score.ratio:.4f}; {len(cells)} OCR'd cells")
    for cf, what in sorted(misread):
        print(f"  {cf:.3f}  {what}")
    for th in (0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99):
        listed = sum(cf < th for cf, _ in cells)
        caught = sum(cf < th for cf, _ in misread)
        print(f"threshold {th:.2f}: lists {listed} cells ({listed / max(1, len(cells)):.0%}), "
              f"catches {caught}/{len(misread)} misread cells")


if __name__ == "__main__":
    main()
