#!/usr/bin/env python
"""Render a text PDF's pages as a scanner or an OFD producer would (`tests/scan_render.py`), for measuring the
OCR path on material the reader was not tuned on: an image-only OFD, a PDF of page images, or PNG files.

    .venv/bin/python tools/make_scan_ofd.py samples/shengsi-2024-worklist.pdf -o /tmp/s96.ofd --dpi 96
    .venv/bin/python tools/make_scan_ofd.py samples/shengsi-2024-worklist.pdf -o /tmp/s170.pdf --dpi 170

Expected values stay those of the source document (its golden or its hand-written rows): the pictures show
the same table.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.scan_render import degrade, render, write_ofd  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdf", type=Path)
    ap.add_argument("-o", "--out", type=Path, required=True, help=".ofd, .pdf or a folder of .png")
    ap.add_argument("--dpi", type=int, default=96)
    ap.add_argument("--pages", default="", help="1-based pages, e.g. 1,2,5 (default: all)")
    ap.add_argument("--angle", type=float, default=0.6, help="largest turn in degrees")
    ap.add_argument("--specks", type=int, default=300)
    ap.add_argument("--quality", type=int, default=80)
    ap.add_argument("--blur", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=21)
    a = ap.parse_args()
    pages = [int(p) for p in a.pages.split(",") if p] or None
    rng = random.Random(a.seed)
    imgs = [degrade(i, rng, angle_max=a.angle, specks=a.specks, quality=a.quality, blur=a.blur)
            for i in render(a.pdf, a.dpi, pages)]
    if a.out.suffix == ".ofd":
        write_ofd(a.out, imgs, a.dpi)
    elif a.out.suffix == ".pdf":
        imgs[0].save(a.out, save_all=True, append_images=imgs[1:], resolution=a.dpi)
    else:
        a.out.mkdir(parents=True, exist_ok=True)
        for i, img in enumerate(imgs, 1):
            img.save(a.out / f"p{i:03d}.png", dpi=(a.dpi, a.dpi))
    print(f"{a.out}: {len(imgs)} pages at {a.dpi} dpi")


if __name__ == "__main__":
    main()
