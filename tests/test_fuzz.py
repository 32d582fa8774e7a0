"""Mutation fuzz of the readers: mutated DOCX XML, truncated and bit-flipped PDFs and TXT, random spans, and
one target for each reader added in 0.2.0 (HTML, MHTML, XLSX, OFD, image decoding, OLE; a few seeds by
default, many more under `-m slow`).

Whatever the bytes, `worklist.pipeline.convert` either converts or raises a `ReadError` subclass (a one-line
error with its exit code): never another exception (exit 70), never a hang. Seeded, so a failure names the
seed that reproduces it: the default run takes the first seeds of each kind (64 cases, a second or two of
work), the slow run (`python -m pytest -m slow`) 304 more.
"""

from __future__ import annotations

import random
import re
import signal
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import pytest

from tests import hostile as H
from tests.paths import FIXTURES, SAMPLE
from worklist.extract.errors import ReadError
from worklist.pipeline import convert

# A case takes well under a second of processor time; one past this is stuck in a loop (or a blow-up) and
# fails naming its seed. Counted in CPU time, as `worklist convert --timeout` counts, so that a busy machine
# cannot trip it.
CASE_CPU_SECONDS = 60
# seeds per kind of mutation: (default run, slow run)
N_DOCX, N_PDF, N_TXT, N_SPANS = (20, 120), (12, 48), (20, 120), (12, 80)


def _seeds(n: tuple[int, int]) -> list:
    """Seeds 0 … n[1]-1, those from n[0] on marked `slow`."""
    return [seed if seed < n[0] else pytest.param(seed, marks=pytest.mark.slow) for seed in range(n[1])]


@contextmanager
def _time_limit(seconds: float, what: str) -> Iterator[None]:
    """`seconds` of this process's CPU time (the timer the tool's own limit uses, ITIMER_PROF)."""
    def fail(*_: object) -> None:
        raise TimeoutError(f"{what}: longer than {seconds:g} s of processor time")

    old = signal.signal(signal.SIGPROF, fail)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)


def _survives(path: Path, what: str) -> None:
    """Converts, or refuses with a ReadError; anything else fails the test (with the case to reproduce it)."""
    with _time_limit(CASE_CPU_SECONDS, what):
        try:
            convert(path)
        except ReadError as e:
            assert str(e) and "\n" not in str(e), f"{what}: error message {e!r}"
        except Exception as e:  # noqa: BLE001 - the point of the test
            pytest.fail(f"{what}: {type(e).__name__}: {e}")


# --------------------------------------------------------------------------------------------------- DOCX

_DOCX_BODY = H.w_p(H.TITLE) + H.work_table(4) + H.w_p("抄送：县委办")
_NUM_ATTR = re.compile(rb'w:val="(\d+)"')


def _mutate_xml(xml: bytes, rng: random.Random) -> bytes:
    op = rng.randrange(7)
    if not xml or (op in (2, 3, 4, 5) and not re.search(rb"<w:tr>.*<w:tc>.*</w:tc>.*</w:tr>", xml)):
        op = 0 if xml else 6  # the structure the other mutations need is already gone
    if op == 0 and xml:  # flip bytes
        b = bytearray(xml)
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)
    if op == 1:  # cut the part short
        return xml[: rng.randrange(len(xml))]
    if op == 2:  # drop an element's start or end tag
        a, b = rng.choice([m.span() for m in re.finditer(rb"<[^>]+>", xml)])
        return xml[:a] + xml[b:]
    if op == 3:  # duplicate a row, cell or paragraph
        spans = [m.span() for m in re.finditer(rb"<w:(tr|tc)>.*?</w:\1>", xml)]
        a, b = rng.choice(spans)
        return xml[:b] + xml[a:b] * rng.randint(1, 3) + xml[b:]
    if op == 4:  # vertical and horizontal merge marks where there were none
        mark = rng.choice([b"<w:vMerge/>", b'<w:vMerge w:val="restart"/>', b"<w:hMerge/>",
                           b'<w:gridSpan w:val="%d"/>' % rng.choice([0, 2, 7, 99, 10**9])])
        spans = [m.end() for m in re.finditer(rb"<w:tc>", xml)]
        at = rng.choice(spans)
        return xml[:at] + b"<w:tcPr>" + mark + b"</w:tcPr>" + xml[at:]
    if op == 5:  # row properties with odd grid offsets
        spans = [m.end() for m in re.finditer(rb"<w:tr>", xml)]
        at = rng.choice(spans)
        val = rng.choice([b"-1", b"x", b"", b"3", b"1000000000", b"9" * 40])
        tag = rng.choice([b"gridBefore", b"gridAfter"])
        return xml[:at] + b"<w:trPr><w:" + tag + b' w:val="' + val + b'"/></w:trPr>' + xml[at:]
    # numbers in attributes replaced by odd ones
    return _NUM_ATTR.sub(lambda m: b'w:val="%s"' % rng.choice([m.group(1), b"0", b"-5", b"1e9", b"999999999999"]),
                         xml)


@pytest.mark.parametrize("seed", _seeds(N_DOCX))
def test_mutated_docx_xml_never_crashes(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    src = H.write_docx(tmp_path / "base.docx", _DOCX_BODY)
    with zipfile.ZipFile(src) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/document.xml"] = _mutate_xml(parts["word/document.xml"], rng)
    if rng.random() < 0.3:
        parts["word/document.xml"] = _mutate_xml(parts["word/document.xml"], rng)
    out = tmp_path / f"fuzz-{seed}.docx"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    _survives(out, f"docx seed {seed}")


@pytest.mark.parametrize("seed", _seeds(N_SPANS))
def test_random_spans_never_crash_and_stay_in_the_grid(tmp_path: Path, seed: int) -> None:
    """Random gridSpan / gridBefore / gridAfter / vMerge on a 10-column table: the grid stays 10 wide
    (the spans are clamped to it) and every cell lies inside it, without overlap."""
    from worklist.extract.docx.reader import read_docx

    rng = random.Random(1000 + seed)
    rows = [H.w_tr(*(H.w_tc(h) for h in H.WORK_HEADER))]
    for k in range(1, 6):
        cells = []
        for text in H.txt_row(k).split("\t"):
            span = rng.choice([1, 1, 1, 2, 3, 10, 11, 10**6, 10**9])
            pr = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            if rng.random() < 0.2:
                pr += rng.choice(['<w:vMerge w:val="restart"/>', "<w:vMerge/>", "<w:hMerge/>"])
            cells.append(f"<w:tc><w:tcPr>{pr}</w:tcPr>{H.w_p(text)}</w:tc>")
        rows.append(H.w_tr(*cells, before=rng.choice([0, 0, 1, 10**9]), after=rng.choice([0, 0, 2, 10**9])))
    path = H.write_docx(tmp_path / f"spans-{seed}.docx", H.w_p(H.TITLE) + H.w_tbl(*rows, grid=10))
    with _time_limit(CASE_CPU_SECONDS, f"spans seed {seed}"):
        g = read_docx(path).tables[0]
    assert g.n_cols == 10
    seen: set[tuple[int, int]] = set()
    for c in g.cells:
        assert 0 <= c.col and c.col + c.col_span <= g.n_cols and c.row + c.row_span <= g.n_rows, c
        cover = {(r, k) for r in range(c.row, c.row + c.row_span) for k in range(c.col, c.col + c.col_span)}
        assert not cover & seen, f"spans seed {seed}: overlap at {cover & seen}"
        seen |= cover
    _survives(path, f"spans seed {seed}")


# --------------------------------------------------------------------------------------------------- PDF

_PDF_SOURCES: list[Callable[[Path], Path]] = [
    lambda d: FIXTURES / "pdf" / "vertical_type_label.pdf",
    H.pdf_type3_no_tounicode,
    H.pdf_contents_loop,
]


@pytest.mark.parametrize("seed", _seeds(N_PDF))
def test_truncated_and_bit_flipped_pdfs_never_crash(tmp_path: Path, seed: int) -> None:
    rng = random.Random(2000 + seed)
    data = bytearray(_PDF_SOURCES[seed % len(_PDF_SOURCES)](tmp_path).read_bytes())
    if rng.random() < 0.5:
        data = data[: rng.randrange(16, len(data))]
    for _ in range(rng.choice([0, 1, 4, 32])):
        i = rng.randrange(len(data))
        data[i] ^= 1 << rng.randrange(8)
    if seed % 4 == 3:  # flips inside the first stream's compressed bytes too
        start = data.find(b"stream")
        if start > 0:
            for _ in range(8):
                i = rng.randrange(start, min(len(data), start + 400))
                data[i] ^= 0xFF
    p = tmp_path / f"fuzz-{seed}.pdf"
    p.write_bytes(bytes(data))
    _survives(p, f"pdf seed {seed}")


# --------------------------------------------------------------------------------------------------- TXT


def _mutate_txt(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    op = rng.randrange(6)
    if op == 0:
        return bytes(b[: rng.randrange(len(b))])
    if op == 1:
        for _ in range(rng.randint(1, 16)):
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(8)
        return bytes(b)
    if op == 2:  # tabs and line ends inserted at random
        for _ in range(rng.randint(1, 30)):
            b.insert(rng.randrange(len(b)), rng.choice(b"\t\n\r"))
        return bytes(b)
    if op == 3:  # a line re-encoded as GBK, or a BOM added
        text = data.decode("utf-8", errors="ignore").split("\n")
        k = rng.randrange(len(text))
        enc = [t.encode("gbk", errors="ignore") if i == k else t.encode() for i, t in enumerate(text)]
        return rng.choice([b"", b"\xef\xbb\xbf", b"\xff\xfe"]) + b"\n".join(enc)
    if op == 4:  # random bytes spliced in
        i = rng.randrange(len(b))
        return bytes(b[:i]) + rng.randbytes(rng.randint(1, 64)) + bytes(b[i:])
    # lines shuffled
    lines = bytes(b).split(b"\n")
    rng.shuffle(lines)
    return b"\n".join(lines)


@pytest.mark.parametrize("seed", _seeds(N_TXT))
def test_mutated_txt_never_crashes(tmp_path: Path, seed: int) -> None:
    rng = random.Random(3000 + seed)
    base = SAMPLE["txt"].read_bytes() if seed % 3 == 0 else H.long_txt(tmp_path, 12).read_bytes()
    data = _mutate_txt(base, rng)
    if rng.random() < 0.3:
        data = _mutate_txt(data, rng)
    p = tmp_path / f"fuzz-{seed}.txt"
    p.write_bytes(data)
    _survives(p, f"txt seed {seed}")


# ------------------------------------------------------------------------------------- the 0.2.0 readers
# One target per reader added since round 2 (issue 20): whatever the bytes, the exit is a documented one, never
# 70. A few seeds by default (the suite stays cheap); `-m slow` runs many more.

DOCUMENTED_EXITS = {3, 4, 5, 6, 7, 8, 9, 10}  # README "Exit codes": what a reader may end a file with
N_READER, N_READER_SLOW = 4, 40


def _reader_seeds(base: int) -> list:
    return [base + k for k in range(N_READER)] + [pytest.param(base + k, marks=pytest.mark.slow)
                                                  for k in range(N_READER, N_READER_SLOW)]


def _documented(run: Callable[[], object], what: str) -> None:
    """`run` converts or refuses with a documented exit code; anything else (exit 70) fails the test."""
    with _time_limit(CASE_CPU_SECONDS, what):
        try:
            run()
        except ReadError as e:
            assert e.exit_code in DOCUMENTED_EXITS, f"{what}: exit {e.exit_code} ({e})"
            assert str(e) and "\n" not in str(e), f"{what}: error message {e!r}"
        except Exception as e:  # noqa: BLE001 - the point of the test
            pytest.fail(f"{what}: exit 70: {type(e).__name__}: {e}")


_ODD_NUMBERS = [b"0", b"-1", b"1e9", b"999999999999", b"4294967296", b"9" * 40, b"nan", b""]


def _mutate_markup(data: bytes, rng: random.Random, tags: list[bytes]) -> bytes:
    """Generic markup mutations: flipped bytes, a cut, a tag dropped or repeated, numbers made odd, a hostile
    element (`tags`) spliced in at a tag boundary."""
    op = rng.randrange(6)
    b = bytearray(data)
    if op == 0:
        for _ in range(rng.randint(1, 16)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)
    if op == 1:
        return data[: rng.randrange(len(data))]
    marks = [m.span() for m in re.finditer(rb"<[^>]{1,200}>", data)] or [(0, 0)]
    a, z = rng.choice(marks)
    if op == 2:
        return data[:a] + data[z:]
    if op == 3:
        return data[:z] + data[a:z] * rng.randint(2, 50) + data[z:]
    if op == 4:
        return re.sub(rb'="(-?\d+(?:\.\d+)?)"', lambda m: b'="%s"' % rng.choice([m.group(1), *_ODD_NUMBERS]), data)
    return data[:z] + rng.choice(tags) + data[z:]


_HTML_TAGS = [b"<embed src=x.swf>", b"<object data=x>", b"<source src=a.mp4>", b"<video>", b"<table>",
              b'<td rowspan="0" colspan="1000">x</td>', b'<td colspan="99999999">', b"<tr>" * 50, b"<div>" * 400,
              b"<iframe src=x>", b"<svg><foreignObject>", b"<![CDATA[", b"<?xml version='1.0'?>"]


@pytest.mark.parametrize("seed", _reader_seeds(4000))
def test_mutated_html_never_crashes(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    data = SAMPLE["html"].read_bytes()
    for _ in range(rng.randint(1, 3)):
        data = _mutate_markup(data, rng, _HTML_TAGS)
    p = tmp_path / f"fuzz-{seed}.html"
    p.write_bytes(data)
    _documented(lambda: convert(p), f"html seed {seed}")


@pytest.mark.parametrize("seed", _reader_seeds(4100))
def test_mutated_mhtml_never_crashes(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    depth = rng.choice([1, 2, 30, 400])
    data = H.mhtml_nested(tmp_path, depth).read_bytes()
    data = _mutate_markup(data, rng, [b"--b0\n", b"Content-Type: multipart/related; boundary=\"b0\"\n\n",
                                      b"Content-Transfer-Encoding: base64\n\n@@@", b"charset=\"x-unknown\""])
    p = tmp_path / f"fuzz-{seed}.mhtml"
    p.write_bytes(data)
    _documented(lambda: convert(p), f"mhtml seed {seed}")


def _mutated_zip(src: Path, out: Path, rng: random.Random, parts: Callable[[str], bool], tags: list[bytes]) -> Path:
    with zipfile.ZipFile(src) as z:
        files = {n: z.read(n) for n in z.namelist()}
    names = [n for n in files if parts(n)]
    for _ in range(rng.randint(1, 3)):
        n = rng.choice(names)
        files[n] = _mutate_markup(files[n], rng, tags)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out


_XLSX_TAGS = [b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>', b'<mergeCell ref="B2:A1"/>',
              b'<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>', b"<c><f>SUM(A1)</f></c>",
              b'<c r="A1" t="s"><v>99999</v></c>', b'<row r="0">', b"<sheetData>"]


@pytest.mark.parametrize("seed", _reader_seeds(4200))
def test_mutated_xlsx_never_crashes(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    p = _mutated_zip(SAMPLE["xlsx"], tmp_path / f"fuzz-{seed}.xlsx", rng,
                     lambda n: n.startswith("xl/") and n.endswith(".xml"), _XLSX_TAGS)
    _documented(lambda: convert(p), f"xlsx seed {seed}")


_OFD_TAGS = [b'<ofd:Template TemplateID="1"/>' * 100, b'<ofd:TextCode X="0" Y="4" DeltaX="g 1000000000 3">x</ofd:TextCode>',
             b'<ofd:PhysicalBox>0 0 100000 100000</ofd:PhysicalBox>', b'<ofd:PhysicalBox>0 0 1e309 1</ofd:PhysicalBox>',
             b'<ofd:ImageObject ID="9" Boundary="0 0 1e9 1e9" ResourceID="5"/>', b"<ofd:PageBlock>" * 300,
             b'<ofd:PathObject ID="9" Boundary="0 0 10 10"><ofd:AbbreviatedData>M 0 0 L 1e308 0 Z B'
             b"</ofd:AbbreviatedData></ofd:PathObject>"]


@pytest.mark.parametrize("seed", _reader_seeds(4300))
def test_mutated_ofd_never_crashes(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    p = _mutated_zip(SAMPLE["ofd"], tmp_path / f"fuzz-{seed}.ofd", rng,
                     lambda n: n.endswith(".xml") and ("Page_1/" in n or "Page_2/" in n or "Document.xml" in n),
                     _OFD_TAGS)
    _documented(lambda: convert(p), f"ofd seed {seed}")


@pytest.mark.parametrize("seed", _reader_seeds(4400))
def test_mutated_images_never_crash(tmp_path: Path, seed: int) -> None:
    """The image reader's decoding (what OCR is handed): truncated, bit-flipped, or with huge declared sizes."""
    from PIL import Image

    from worklist.extract.ocr.reader import load_images

    rng = random.Random(seed)
    kind = rng.choice(["png", "tiff", "header"])
    p = tmp_path / f"fuzz-{seed}.{'tif' if kind == 'tiff' else 'png'}"
    if kind == "header":
        p = H.png_header_only(tmp_path, rng.choice([1, 9000, 60000, 2**31 - 1]), rng.choice([1, 9000, 60000]))
    else:
        frames = [Image.new("L", (rng.randint(1, 60), rng.randint(1, 60)), rng.randrange(256)) for _ in range(3)]
        frames[0].save(p, save_all=kind == "tiff", append_images=frames[1:] if kind == "tiff" else [])
        b = bytearray(p.read_bytes())
        for _ in range(rng.choice([0, 1, 8])):
            b[rng.randrange(8, len(b))] ^= 1 << rng.randrange(8)
        p.write_bytes(bytes(b[: rng.randrange(16, len(b) + 1)]))
    _documented(lambda: list(load_images(p)), f"image seed {seed}")


@pytest.mark.parametrize("seed", _reader_seeds(4500))
def test_garbage_ole_never_crashes(tmp_path: Path, seed: int) -> None:
    """An OLE signature followed by garbage (a damaged .doc): told apart or refused, Python's words never shown."""
    from worklist.extract.ole import ole_format

    rng = random.Random(seed)
    head = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(504))
    if rng.random() < 0.5:  # a plausible header (sector shift 9, mini 6) with garbage counts
        head[0x1E:0x22] = b"\x09\x00\x06\x00"
        head[0x2C:0x30] = rng.randbytes(4)
    p = tmp_path / f"fuzz-{seed}.doc"
    p.write_bytes(bytes(head) + rng.randbytes(rng.choice([0, 512, 4096])))

    def run() -> None:
        try:
            ole_format(p)
        except ReadError as e:
            assert "digits" not in str(e) and "int(" not in str(e), str(e)
            raise

    _documented(run, f"ole seed {seed}")
