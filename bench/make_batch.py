"""Generate a batch of distinct notices from the bundled samples (for `bench/bench.py`).

Every copy has the same content as its sample but different bytes, so its sha256 (and so its doc_id)
differs and `worklist convert` does not skip it as "unchanged":

- TXT:  the first line of the front matter (an empty line in the sample) gets trailing spaces;
- PDF:  a comment line after the final `%%EOF` (PDF readers ignore it);
- DOCX: a zip archive comment (the end-of-central-directory record; Word ignores it).

    python bench/make_batch.py OUT_DIR [--n 40] [--formats pdf,docx,txt]

Files are named `notice-NNN.<ext>`, the formats interleaved (pdf, docx, txt, pdf, …).
"""

from __future__ import annotations

import argparse
import shutil
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SAMPLE_STEM = "shengsi-2024-worklist"
FORMATS = ("pdf", "docx", "txt")


def sample_path(fmt: str, samples: Path = SAMPLES) -> Path:
    return samples / f"{SAMPLE_STEM}.{fmt}"


def _distinct_txt(src: Path, dst: Path, k: int) -> None:
    data = src.read_bytes()
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    body = data[len(bom):]
    nl = body.find(b"\n")
    if nl < 0:
        raise ValueError(f"{src}: no line break")
    first = body[:nl].rstrip(b"\r")
    eol = body[len(first):nl + 1]
    dst.write_bytes(bom + first + b" " * (k + 1) + eol + body[nl + 1:])


def _distinct_pdf(src: Path, dst: Path, k: int) -> None:
    data = src.read_bytes()
    if not data.endswith(b"\n"):
        data += b"\n"
    dst.write_bytes(data + b"%worklist-bench copy " + str(k).encode() + b"\n")


def _distinct_docx(src: Path, dst: Path, k: int) -> None:
    shutil.copyfile(src, dst)
    with zipfile.ZipFile(dst, "a") as z:
        z.comment = f"worklist-bench copy {k}".encode()


_MAKERS = {"txt": _distinct_txt, "pdf": _distinct_pdf, "docx": _distinct_docx}


def make_batch(dest: str | Path, n: int, formats: tuple[str, ...] = FORMATS,
               samples: Path = SAMPLES) -> list[Path]:
    """Write `n` distinct notices into `dest` (created), formats interleaved; returns their paths."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    for i in range(n):
        fmt = formats[i % len(formats)]
        dst = dest / f"notice-{i:03d}.{fmt}"
        _MAKERS[fmt](sample_path(fmt, samples), dst, i)
        out.append(dst)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--formats", default=",".join(FORMATS))
    args = ap.parse_args(argv)
    paths = make_batch(args.out, args.n, tuple(args.formats.split(",")))
    print(f"wrote {len(paths)} notices into {args.out}")


if __name__ == "__main__":
    main()
