#!/usr/bin/env python
"""Render a text PDF's pages as a scanner or an OFD producer would, for measuring the OCR path on material the
reader was not tuned on.

Each page is rasterised by poppler (`pdftoppm`) at `--dpi` (OFD producers embed page images at ~96 dpi;
office scanners use 150–300), turned by a small angle, given specks and a JPEG round-trip, then wrapped as an
image-only OFD (one `ImageObject` per page covering the page) or written as a PDF of images.

    .venv/bin/python tools/make_scan_ofd.py samples/shengsi-2024-worklist.pdf -o /tmp/s96.ofd --dpi 96
    .venv/bin/python tools/make_scan_ofd.py samples/shengsi-2024-worklist.pdf -o /tmp/s170.pdf --dpi 170

Expected values stay those of the source document (its golden or its hand-written rows): the pictures show
the same table.
"""

from __future__ import annotations

import argparse
import io
import random
import subprocess
import tempfile
import zipfile
from pathlib import Path

from PIL import Image, ImageFilter

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
MM_PER_PT = 25.4 / 72


def render(pdf: Path, dpi: int, pages: list[int] | None) -> list[Image.Image]:
    """The PDF's pages as grey images (pdftoppm), in page order; `pages` 1-based, None for all."""
    with tempfile.TemporaryDirectory() as tmp:
        if pages:
            for p in pages:
                subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(p), "-l", str(p), str(pdf),
                                f"{tmp}/p{p:03d}"], check=True)
        else:
            subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), str(pdf), f"{tmp}/p"], check=True)
        return [Image.open(f).convert("L") for f in sorted(Path(tmp).glob("*.pgm"))]


def degrade(img: Image.Image, rng: random.Random, *, angle_max: float, specks: int, quality: int,
            blur: float) -> Image.Image:
    """What a scan does to a page: a slight turn, a little blur, specks, JPEG."""
    angle = rng.uniform(-angle_max, angle_max)
    out = img.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    if blur:
        out = out.filter(ImageFilter.GaussianBlur(blur))
    px = out.load()
    w, h = out.size
    for _ in range(specks):
        x, y = rng.randrange(w), rng.randrange(h)
        px[x, y] = rng.randrange(0, 120)
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def write_ofd(path: Path, images: list[Image.Image], dpi: int) -> Path:
    """An OFD whose every page is one image covering the page (what image-only OFD producers write)."""
    w_mm, h_mm = (v / dpi * 25.4 for v in images[0].size)
    box = f"0 0 {w_mm:.2f} {h_mm:.2f}"
    media = "".join(f'<ofd:MultiMedia ID="{100 + i}" Type="Image"><ofd:MediaFile>p{i}.jpg</ofd:MediaFile>'
                    f'</ofd:MultiMedia>' for i in range(len(images)))
    files: dict[str, bytes | str] = {
        "OFD.xml": (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD">'
                    '<ofd:DocBody><ofd:DocInfo><ofd:Title>scan</ofd:Title></ofd:DocInfo>'
                    '<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>'),
        "Doc_0/Document.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>999'
            f'</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>{box}</ofd:PhysicalBox></ofd:PageArea>'
            '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>'
            + "".join(f'<ofd:Page ID="{10 + i}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(images)))
            + '</ofd:Pages></ofd:Document>'),
        "Doc_0/PublicRes.xml": (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res {NS} BaseLoc="Res">'
                                f'<ofd:MultiMedias>{media}</ofd:MultiMedias></ofd:Res>'),
    }
    for i, img in enumerate(images):
        iw, ih = (v / dpi * 25.4 for v in img.size)
        files[f"Doc_0/Pages/Page_{i}/Content.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Content><ofd:Layer ID="2" Type="Body">'
            f'<ofd:ImageObject ID="{200 + i}" Boundary="0 0 {iw:.2f} {ih:.2f}" CTM="{iw:.2f} 0 0 {ih:.2f} 0 0" '
            f'ResourceID="{100 + i}"/></ofd:Layer></ofd:Content></ofd:Page>')
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=90)
        files[f"Doc_0/Res/p{i}.jpg"] = buf.getvalue()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


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
