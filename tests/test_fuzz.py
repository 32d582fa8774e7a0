"""Mutation fuzz of the readers: mutated DOCX XML, truncated and bit-flipped PDFs and TXT, random spans.

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
    from worklist.extract.docx_reader import read_docx

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
