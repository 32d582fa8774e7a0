"""A notice given as page images: which files are its pages, in which order.

A folder that holds page images (.png, .jpg, .tif) is one notice, its images the pages in natural name order
(p2 before p10). This is the input rule every layer shares — the batch finding inputs, the hash that names
the document, the manifest's size, the OCR reader — so it lives here, below all of them, with no I/O beyond
listing the folder.
"""

from __future__ import annotations

import re
from pathlib import Path

from worklist.formats import FORMATS

IMAGE_SUFFIXES = FORMATS["image"].suffixes


def image_pages(path: str | Path) -> list[Path]:
    """The page images of a notice: the file itself, or a folder's images in natural name order, hidden files
    left out."""
    p = Path(path)
    if not p.is_dir():
        return [p]
    files = [f for f in p.iterdir() if f.is_file() and f.suffix.lower() in IMAGE_SUFFIXES
             and not f.name.startswith(".")]
    return sorted(files, key=lambda f: [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", f.name)])


def input_files(path: str | Path) -> list[Path]:
    """The files an input consists of: itself, or a folder's page images."""
    return image_pages(path) if Path(path).is_dir() else [Path(path)]


def input_bytes(path: str | Path) -> int:
    """Size of an input: a file's, or a folder of page images' together."""
    return sum(f.stat().st_size for f in input_files(path))
