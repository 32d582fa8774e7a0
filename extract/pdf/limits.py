"""Bounds on what a PDF may make pdfminer do: decoded stream sizes, reference chains, retained data.

pdfminer.six has no limits of its own (read in its source, `pdftypes.PDFStream.decode`): a Flate stream is
inflated whole with `zlib.decompress`, a damaged one byte by byte with a quadratic fallback
(`decompress_corrupted`), the decoded data stays on the stream object for the document's life (pdfplumber
keeps every page, and each page its content streams), and `resolve1` follows a chain of references
(`5 0 obj 7 0 R`, `7 0 obj 5 0 R`) forever. So, installed once when this module is imported:

- `PDFStream.decode` is replaced by a bounded one: every filter's output is capped while it is produced
  (Flate through `decompressobj.decompress(max_length=…)`, LZW code by code, RunLength run by run), per
  stream (`MAX_STREAM_BYTES`) and per document (`MAX_DOCUMENT_BYTES`, all streams decoded while reading one
  document, including any decoded again); past either, `StreamBombError` (exit 8). A damaged Flate stream
  keeps what inflated before the damage, like pdfminer's fallback, without the quadratic loop.
- The raw bytes are kept, so that `release_page` can drop a page's decoded content once the page is read.
- `PDFObjRef.resolve` follows a chain of references itself, and a chain that loops, or runs longer than
  `MAX_REF_CHAIN`, is `PDFReferenceLoop`, which the reader reports as a damaged file (exit 5).

The per-document budget applies inside `document_budget()`; outside it (another tool opening a PDF) each
stream is still capped at `MAX_STREAM_BYTES`.
"""

from __future__ import annotations

import contextlib
import io
import zlib
from typing import Any, Iterator

from pdfminer import pdftypes, settings
from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.ccitt import ccittfaxdecode
from pdfminer.lzw import LZWDecoder
from pdfminer.pdfexceptions import PDFException, PDFNotImplementedError
from pdfminer.pdftypes import PDFObjRef, PDFStream
from pdfminer.utils import apply_png_predictor, apply_tiff_predictor

from worklist.extract.errors import StreamBombError

MiB = 2**20
MAX_STREAM_BYTES = 64 * MiB  # one decoded stream (a page's content, a font file, a CMap)
MAX_DOCUMENT_BYTES = 512 * MiB  # everything decoded while one document is read
MAX_REF_CHAIN = 32  # references to references: real files have one hop
_CHUNK = 4 * MiB  # inflate step: at most this much over the limit is ever held

_LIT = pdftypes  # the filter name literals live there


class PDFReferenceLoop(PDFException):
    """A chain of indirect references that loops (5 → 7 → 5) or does not end."""


class Budget:
    """Decoded bytes of one document: counted as they are produced, refused past the limits."""

    def __init__(self, per_stream: int = MAX_STREAM_BYTES, per_document: int | None = MAX_DOCUMENT_BYTES) -> None:
        self.per_stream, self.per_document = per_stream, per_document
        self.total = 0

    def room(self) -> int:
        """How many more bytes one stream may produce now."""
        if self.per_document is None:
            return self.per_stream
        return max(0, min(self.per_stream, self.per_document - self.total))

    def refuse(self, produced: int) -> StreamBombError:
        if self.per_document is not None and self.total + produced > self.per_document:
            return StreamBombError(f"PDF streams decode to more than {self.per_document // MiB} MB in all"
                                   f" (limit {self.per_document // MiB} MB per document)")
        return StreamBombError(f"a PDF stream decodes to more than {self.per_stream // MiB} MB"
                               f" (limit {self.per_stream // MiB} MB per stream)")


_budgets: list[Budget] = []


@contextlib.contextmanager
def document_budget(per_stream: int | None = None, per_document: int | None = None) -> Iterator[Budget]:
    """The decode budget of one document, for the duration of reading it."""
    b = Budget(per_stream or MAX_STREAM_BYTES, per_document or MAX_DOCUMENT_BYTES)
    _budgets.append(b)
    try:
        yield b
    finally:
        _budgets.remove(b)


def _current() -> Budget:
    return _budgets[-1] if _budgets else Budget(MAX_STREAM_BYTES, None)


# ------------------------------------------------------------------------------------------- filters


def inflate(data: bytes, cap: int) -> bytes:
    """Flate-decode at most `cap` bytes; more is `OverflowError`. Damaged data gives what inflated before the
    damage (pdfminer's own fallback does the same, byte by byte)."""
    d = zlib.decompressobj()
    out: list[bytes] = []
    size = 0
    buf = data
    try:
        while True:
            piece = d.decompress(buf, min(_CHUNK, cap - size + 1))
            size += len(piece)
            out.append(piece)
            if size > cap:
                raise OverflowError(size)
            buf = d.unconsumed_tail
            if d.eof or not buf:
                if not d.eof:
                    rest = d.flush(cap - size + 1)
                    size += len(rest)
                    out.append(rest)
                    if size > cap:
                        raise OverflowError(size)
                break
    except zlib.error:
        if settings.STRICT:
            raise PDFException("Invalid zlib bytes") from None
    return b"".join(out)


def lzw(data: bytes, cap: int) -> bytes:
    out: list[bytes] = []
    size = 0
    for piece in LZWDecoder(io.BytesIO(data)).run():
        size += len(piece)
        if size > cap:
            raise OverflowError(size)
        out.append(piece)
    return b"".join(out)


def run_length(data: bytes, cap: int) -> bytes:
    """RunLengthDecode (PDF 1.7 §7.4.5), linear and capped."""
    out = bytearray()
    i, n = 0, len(data)
    while i < n:
        length = data[i]
        i += 1
        if length == 128:
            break
        if length < 128:
            out += data[i:i + length + 1]
            i += length + 1
        else:
            if i >= n:
                break
            out += data[i:i + 1] * (257 - length)
            i += 1
        if len(out) > cap:
            raise OverflowError(len(out))
    return bytes(out)


def _apply_predictor(data: bytes, params: Any) -> bytes:
    if not params or "Predictor" not in params:
        return data
    pred = pdftypes.int_value(params["Predictor"])
    if pred == 1:
        return data
    colors = pdftypes.int_value(params.get("Colors", 1))
    columns = pdftypes.int_value(params.get("Columns", 1))
    bpc = pdftypes.int_value(params.get("BitsPerComponent", 8))
    if pred == 2:
        return apply_tiff_predictor(colors, columns, bpc, data)
    if pred >= 10:
        return apply_png_predictor(pred, colors, columns, bpc, data)
    raise PDFNotImplementedError(f"Unsupported predictor: {pred!r}")


def decode_filters(stream: PDFStream, data: bytes, cap: int) -> bytes:
    """Apply the stream's filters in order, each output capped at `cap` bytes (OverflowError past it)."""
    for f, params in stream.get_filters():
        if f in _LIT.LITERALS_FLATE_DECODE:
            data = inflate(data, cap)
        elif f in _LIT.LITERALS_LZW_DECODE:
            data = lzw(data, cap)
        elif f in _LIT.LITERALS_ASCII85_DECODE:
            data = ascii85decode(data)
        elif f in _LIT.LITERALS_ASCIIHEX_DECODE:
            data = asciihexdecode(data)
        elif f in _LIT.LITERALS_RUNLENGTH_DECODE:
            data = run_length(data, cap)
        elif f in _LIT.LITERALS_CCITTFAX_DECODE:
            data = ccittfaxdecode(data, params)
        elif f in _LIT.LITERALS_DCT_DECODE or f in _LIT.LITERALS_JBIG2_DECODE or f in _LIT.LITERALS_JPX_DECODE:
            pass  # images: handed on encoded, as pdfminer does
        elif f == _LIT.LITERAL_CRYPT:
            raise PDFNotImplementedError("/Crypt filter is unsupported")
        else:
            raise PDFNotImplementedError(f"Unsupported filter: {f!r}")
        if len(data) > cap:
            raise OverflowError(len(data))
        data = _apply_predictor(data, params)
    return data


def _bounded_decode(self: PDFStream) -> None:
    """PDFStream.decode with limits; the raw bytes stay (so a page's decoded content can be released)."""
    assert self.data is None and self.rawdata is not None
    data = self.rawdata
    if self.decipher:
        assert self.objid is not None and self.genno is not None
        data = self.decipher(self.objid, self.genno, data, self.attrs)
    budget = _current()
    cap = budget.room()
    try:
        data = decode_filters(self, data, cap)
    except OverflowError:
        raise budget.refuse(cap + 1) from None
    if len(data) > cap:
        raise budget.refuse(len(data))
    budget.total += len(data)
    self.data = data


def _resolve(self: PDFObjRef, default: object = None) -> Any:
    """PDFObjRef.resolve that follows references to references itself, refusing loops and long chains."""
    assert self.doc is not None
    seen = [self.objid]
    try:
        obj = self.doc.getobj(self.objid)
        while isinstance(obj, PDFObjRef):
            if obj.objid in seen or len(seen) >= MAX_REF_CHAIN:
                chain = " → ".join(str(i) for i in [*seen, obj.objid])
                raise PDFReferenceLoop(f"object reference loop ({chain})")
            seen.append(obj.objid)
            assert obj.doc is not None
            obj = obj.doc.getobj(obj.objid)
        return obj
    except pdftypes.PDFObjectNotFound:
        return default


def release_page(page: Any) -> None:
    """Drop the decoded content streams of a pdfminer page that has been read (raw bytes stay)."""
    for item in getattr(page, "contents", None) or ():
        try:
            s = pdftypes.resolve1(item)
        except Exception:  # a damaged reference was reported when the page was read
            continue
        if isinstance(s, PDFStream) and s.rawdata is not None and s.data is not None:
            s.data = None


def damaged_contents(page: Any) -> bool:
    """A page whose /Contents is given but is no content stream (a reference to a missing object, a loop
    of arrays): a damaged file, not a blank page."""
    if "Contents" not in getattr(page, "attrs", {}):
        return False
    try:
        return not any(isinstance(pdftypes.resolve1(s), PDFStream) for s in page.contents or [None])
    except PDFException:
        return True


def install() -> None:
    """Put the bounded decode and the loop-safe resolve in place (idempotent)."""
    if PDFStream.decode is not _bounded_decode:
        PDFStream.decode = _bounded_decode  # type: ignore[method-assign]
    if PDFObjRef.resolve is not _resolve:
        PDFObjRef.resolve = _resolve  # type: ignore[method-assign]


install()
