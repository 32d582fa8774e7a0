"""Held-out-like scans of a text PDF, for measuring the OCR path on material it was not tuned on: the pages
rasterised by poppler (`pdftoppm`) at a given resolution (OFD producers embed page images at ~96 dpi, office
scanners 150–300), turned by a small angle, given specks and a JPEG round-trip, and wrapped as an image-only
OFD (one `ImageObject` per page covering it). Expected values stay those of the source PDF (its golden).

Used by the slow tests and by `tools/make_scan_ofd.py`.
"""

from __future__ import annotations

import io
import random
import subprocess
import tempfile
import zipfile
from pathlib import Path

from PIL import Image, ImageFilter

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


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


def scan_ofd(pdf: Path, out: Path, *, dpi: int = 96, pages: list[int] | None = None, angle: float = 0.6,
             specks: int = 300, quality: int = 80, blur: float = 0.0, seed: int = 21) -> Path:
    """`pdf` (pages 1-based, None: all) as an image-only OFD of degraded page images at `dpi`."""
    rng = random.Random(seed)
    images = [degrade(i, rng, angle_max=angle, specks=specks, quality=quality, blur=blur)
              for i in render(pdf, dpi, pages)]
    return write_ofd(out, images, dpi)
