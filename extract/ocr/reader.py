"""Scanned notices: page images read by OCR into the same cell grid as every other format.

A page image goes through four steps, and only the first two are about pixels:

1. straighten it by its rules and find the rules (`raster_table`);
2. recognise its text lines once (`ocr_engine`), after erasing the rules so no "|" is read from them;
3. turn the rules into pdfplumber edges and the recognised characters into pdfplumber-like char dicts
   (points, top-left origin, with a `conf` key), i.e. a `geometry.page.PageObjects`;
4. hand that to `geometry.page.read_objects` and the pages to `geometry.page.assemble`.

So the table finder, span detection, text assembly and page stitching of printed PDFs are the ones used here;
nothing about tables is written twice. Each OCR'd cell keeps the lowest confidence of its characters; cells
and free-text lines below `LOW_CONFIDENCE` are listed (`RawDocument.low_confidence`) so that a reviewer checks
those and not the whole notice, and every recognised line is looked for again in what the reader returns
(`RawDocument.ocr["boxes"]`): nothing recognised is dropped silently.

Inputs: PDF pages without a text layer (or, with `--ocr force`, with a garbage one), page images (.png, .jpg,
.tif; a multi-page TIFF is several pages), a folder of page images (one notice, pages in name order), and
any paged reader's pages that hold only images (`ocr_paged`: the reader says how to picture its pages,
`geometry.pictures`; the dispatcher, not the reader, calls OCR).
"""

from __future__ import annotations

import math
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import numpy as np

from worklist.extract import budget
from worklist.extract.errors import CorruptFileError, NoTableError, NoTextLayerError, ReadError, UnsupportedFormatError
from worklist.extract.grid import RawDocument
from worklist.extract.geometry.page import PageObjects, PagedRead, PageResult, assemble, is_page_number, read_objects
from worklist.extract.geometry.pictures import DPI_RANGE, MIN_SCAN_DPI
from worklist.page_images import image_pages
from worklist.progress import step

# A cell whose least certain character is below this is listed for review. Calibrated on the bundled scan
# (tools/calibrate_confidence.py): its 12 misread cells have 0.55–0.956, so 0.97 lists them all, with 137
# of its 1053 OCR'd cells (13 %) to check; 0.9 listed 93 and missed three.
LOW_CONFIDENCE = 0.97
ASSUMED_PAGE_MM = 297.0  # an image without a usable resolution: its long side taken as A4's
GARBAGE_SHARE = 0.3  # a text layer with more unreadable characters than this is garbage (--ocr force)
BODY_EM_PT = 10.5  # pt: the character advance assumed on a page with no line of Chinese long enough to measure


@dataclass
class OcrPage:
    """One OCR'd page: what `read_objects` made of it, and what the engine saw (for coverage and review)."""

    page_no: int
    result: PageResult
    boxes: list[Any]  # ocr_engine.TextBox, in the straightened image's pixels
    scale: float  # points per pixel
    angle: float  # degrees the page was turned back by
    image: np.ndarray | None = None  # the straightened page (kept only when asked, for `inspect`)
    suspects: list[Any] = field(default_factory=list)  # crosscheck.SuspectCell: cells a lost rule merged


# ----------------------------------------------------------------------------------------------- one page


def box_chars(boxes: Iterable[Any], scale: float) -> list[dict[str, Any]]:
    """pdfplumber-like char dicts (points) from recognised lines. The recogniser places characters only
    roughly, so within a line they are made to touch: the line's spaces are the " " characters
    `ocr_boxes.spaces` put where the ink shows one, not accidents of placement. All the characters of a line
    share the line's top and bottom, so they stay one line of text."""
    chars: list[dict[str, Any]] = []
    for b in boxes:
        top, bottom = b.top * scale, b.bottom * scale
        placed = list(b.chars)
        for i, (text, x0, x1, conf) in enumerate(placed):
            if i + 1 < len(placed) and text.strip() and placed[i + 1][0].strip():
                x1 = max(x1, placed[i + 1][1])
            chars.append({"text": text, "x0": x0 * scale, "x1": x1 * scale, "top": top, "bottom": bottom,
                          "size": bottom - top, "upright": True, "conf": round(min(conf, b.conf), 4)})
    return chars


def ocr_page(img: np.ndarray, dpi: float, page_no: int, first_index: int = 0, *,
             keep_image: bool = False) -> OcrPage:
    """Read one page image (grey or colour, `dpi` pixels per inch) into grids and free text.

    The hook for every reader whose pages can be pictures (scanned PDF pages, image files, OFD image pages):
    the page is straightened by its rules, its rules become ruling edges, its text is recognised once, and
    `geometry.page.read_objects` does the rest. Coordinates are points of the straightened page. A ruled cell
    left empty although it holds ink (a lone mark the detector passed over) is read again on its own."""
    import cv2

    from worklist.extract.ocr.boxes import refine
    from worklist.extract.ocr.crosscheck import suspect_merges, suspect_spans
    from worklist.extract.ocr.engine import recognise
    from worklist.extract.ocr.raster import deskew, find_rules, ink, ruling_edges, upsample

    img, dpi = upsample(img, dpi)
    straight, angle = deskew(img, dpi)
    rules = find_rules(straight, dpi)
    # erase the rules (and a pixel around them) so the recogniser reads no "|" or "一" from a rule
    erased = straight.copy()
    erased[cv2.dilate(rules.mask, np.ones((3, 3), np.uint8)) > 0] = 255
    marks = ink(erased, dpi)
    x0, y0, x1, y1 = content_box(marks, round(BODY_EM_PT * dpi / 72))
    found = recognise(erased[y0:y1, x0:x1], origin=(x0, y0)) if x1 > x0 and y1 > y0 else []
    flecks: list[str] = []
    boxes, em = refine(found, marks, rules.vertical, em=BODY_EM_PT * dpi / 72, flecks=flecks)
    scale = 72.0 / dpi
    h, w = straight.shape[:2]
    edges = ruling_edges(rules, scale)

    def read(boxes: list[Any]) -> PageResult:
        # has_images False: the page's picture has been read; an empty page is reported by read_pages
        objs = PageObjects(chars=box_chars(boxes, scale), edges=edges, has_images=False,
                           bbox=(0.0, 0.0, w * scale, h * scale))
        return read_objects(objs, page_no, first_index)

    result = read(boxes)
    missed = missed_marks(result, erased, marks, scale, em or BODY_EM_PT * dpi / 72, boxes)
    if missed:
        boxes = sorted(boxes + missed, key=lambda b: (b.top, b.x0))
        result = read(boxes)
    if flecks:
        result.warnings.append(f"p{page_no}: specks read as '.' inside Chinese text dropped from "
                               + "; ".join(repr(t) for t in flecks))
    suspects = suspect_merges(page_no, result.grids, boxes, scale)
    for s in suspects:
        result.warnings.append(f"p{page_no}: the cell at row {s.row + 1}, column {s.col + 1} holds one text per "
                               f"row of its neighbours ({' | '.join(s.texts)}): a rule the scan lost? "
                               "not read as one cell")
    across = suspect_spans(page_no, result.grids, boxes, scale)
    for s in across:
        result.warnings.append(f"p{page_no}: the cell at row {s.row + 1}, column {s.col + 1} holds one text per "
                               f"column of its neighbours ({' | '.join(s.texts)}): a rule the scan lost? "
                               "not read as one cell")
    suspects += across
    return OcrPage(page_no, result, boxes, scale, angle, straight if keep_image else None, suspects)


def content_box(marks: np.ndarray, pad: int, block: int = 8, min_ink: int = 3) -> tuple[int, int, int, int]:
    """The part of the page that holds ink (x0, y0, x1, y1), padded: detection is the costliest step and
    its cost grows with the area it looks at. Ink is counted in blocks so that scanner specks do not count."""
    h, w = marks.shape
    hb, wb = h // block, w // block
    if not hb or not wb:
        return 0, 0, w, h
    counts = (marks[:hb * block, :wb * block] > 0).reshape(hb, block, wb, block).sum(axis=(1, 3))
    ys, xs = np.nonzero(counts >= min_ink)
    if not len(xs):
        return 0, 0, 0, 0
    return (max(0, int(xs.min()) * block - pad), max(0, int(ys.min()) * block - pad),
            min(w, (int(xs.max()) + 1) * block + pad), min(h, (int(ys.max()) + 1) * block + pad))


def missed_marks(result: PageResult, erased: np.ndarray, marks: np.ndarray, scale: float, em: float,
                 boxes: Sequence[Any] = ()) -> list[Any]:
    """Ink in ruled cells that no recognised line covers, each such cluster cut out and recognised without
    detection: a lone mark in an empty cell the detector passed over (`/`), and the short last line of a
    paragraph it dropped (`店”。`) — without this a cell would read as complete with its end missing. Specks
    are left out (area below `min_area`), and so is a cluster taller than two lines (no detector misses that
    much; it is a stamp or a picture)."""
    from worklist.extract.ocr.boxes import lone_stroke
    from worklist.extract.ocr.engine import read_line

    out = []
    inset = max(2, round(0.15 * em))
    min_area = max(6, round(0.04 * em * em))
    pad = max(2, round(0.25 * em))
    covered = np.zeros(marks.shape, dtype=bool)
    for b in boxes:
        covered[max(0, int(b.top) - pad):int(b.bottom) + pad + 1, max(0, int(b.x0) - pad):int(b.x1) + pad + 1] = True
    for g in result.grids:
        for c in g.cells:
            if c.bbox is None:
                continue
            x0, t0 = int(c.bbox[0] / scale) + inset, int(c.bbox[1] / scale) + inset
            x1, t1 = int(c.bbox[2] / scale) - inset, int(c.bbox[3] / scale) - inset
            if x1 - x0 < 3 or t1 - t0 < 3:
                continue
            cell = marks[t0:t1, x0:x1]
            if c.text.strip():
                cell = np.where(covered[t0:t1, x0:x1], 0, cell).astype(np.uint8)
            for bx0, by0, bx1, by1 in _clusters(cell, min_area, em):
                bx0, bx1, by0, by1 = bx0 + x0, bx1 + x0, by0 + t0, by1 + t0
                if by1 - by0 > 2 * em or (c.text.strip() and max(bx1 - bx0, by1 - by0) < 0.3 * em):
                    continue  # a stamp or a picture; beside text, a fleck too small to be a character
                cx0, cy0 = max(0, bx0 - pad), max(0, by0 - pad)
                crop = erased[cy0:by1 + pad, cx0:bx1 + pad]
                box = read_line(crop, float(cx0), float(cy0))
                if box is None or (c.text.strip() and not any(ch.isalnum() for ch in box.text)):
                    continue  # beside text, specks read as "：" or ".o" are no lost line: only words are
                out.append(lone_stroke(box, marks))
    return out


def _clusters(mask: np.ndarray, min_area: int, em: float) -> list[tuple[int, int, int, int]]:
    """The ink of a cell (specks below `min_area` left out) in clusters of one text line each: components
    whose vertical extents overlap or lie within half an em are one line. (x0, y0, x1, y1) in the mask."""
    import cv2

    n, _labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    blobs = sorted((int(s[1]), int(s[1] + s[3]), int(s[0]), int(s[0] + s[2])) for s in stats[1:n] if s[4] >= min_area)
    out: list[list[int]] = []
    for y0, y1, x0, x1 in blobs:
        if out and y0 <= out[-1][3] + 0.5 * em:
            last = out[-1]
            last[0], last[1], last[2], last[3] = min(last[0], x0), min(last[1], y0), max(last[2], x1), max(last[3], y1)
        else:
            out.append([x0, y0, x1, y1])
    return [(a, b, c, d) for a, b, c, d in out]


# ----------------------------------------------------------------------------------------------- documents


def read_pages(pages: Sequence[OcrPage | PageResult], source_format: str,
               ocr_pages: Sequence[int]) -> RawDocument:
    """Assemble OCR'd pages (and, in a PDF, the pages read from its text layer) into one RawDocument, with
    the low-confidence cells and the coverage of the recognised lines. Grid indices are renumbered in page
    order, as if every page had been read in one pass."""
    results = [p.result if isinstance(p, OcrPage) else p for p in pages]
    if not any(r.n_chars for r in results):
        raise NoTextLayerError("no text layer, and OCR recognised no text on the page images")
    for p in pages:
        if isinstance(p, OcrPage) and not p.result.n_chars:
            p.result.warnings.append(f"p{p.page_no}: scanned page with no text recognised (blank?)")
    index = 0
    for r in results:
        for g in r.grids:
            g.index = index
            index += 1
    try:
        doc = assemble(results, n_pages=len(results), source_format=source_format)
    except NoTableError:
        where = {"pdf": "in the PDF", "ofd": "in the OFD file"}.get(source_format, "on the page images")
        raise NoTableError(f"no ruled table found {where} (scanned pages read by OCR)") from None
    ocr = [p for p in pages if isinstance(p, OcrPage)]
    doc.low_confidence = low_confidence(doc, ocr)
    doc.ocr = {
        "engine": engine_name(),
        "pages": list(ocr_pages),
        "straightened": {f"p{p.page_no}": round(p.angle, 2) for p in ocr if abs(p.angle) >= 0.03},
        "threshold": LOW_CONFIDENCE,
        "boxes": box_coverage(doc, ocr, ocr_pages),
    }
    return doc


def engine_name() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"rapidocr {version('rapidocr')}, onnxruntime {version('onnxruntime')}"
    except PackageNotFoundError:
        return "rapidocr"


def low_confidence(doc: RawDocument, pages: Sequence[OcrPage]) -> list[dict[str, Any]]:
    """Cells whose least certain character is below the threshold, and free-text lines likewise, in page
    order: where they are (page, grid cell, box in points), what was read, how sure the engine was."""
    out: list[dict[str, Any]] = []
    for g in doc.tables:
        for c in g.cells:
            if c.conf is not None and c.conf < LOW_CONFIDENCE and c.text.strip():
                out.append({"page": c.page, "where": "cell", "grid": g.index, "row": c.row, "col": c.col,
                            "bbox": [round(v, 1) for v in c.bbox] if c.bbox else None, "text": c.text,
                            "confidence": round(c.conf, 3)})
    for p in pages:
        page_no = p.page_no
        cells = [c.bbox for g in p.result.grids for c in g.cells if c.bbox]
        for b in p.boxes:
            conf = min([b.conf] + [c[3] for c in b.chars])
            if conf >= LOW_CONFIDENCE:
                continue
            x, y = (b.x0 + b.x1) / 2 * p.scale, (b.top + b.bottom) / 2 * p.scale
            if any(x0 <= x <= x1 and t <= y <= bt for x0, t, x1, bt in cells):
                continue  # listed with its cell
            out.append({"page": page_no, "where": "text", "bbox": [round(v * p.scale, 1) for v in
                                                                   (b.x0, b.top, b.x1, b.bottom)],
                        "text": b.text, "confidence": round(conf, 3)})
    out.sort(key=lambda d: (d["page"], d.get("bbox") or [0, 0]))
    return out


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def box_coverage(doc: RawDocument, pages: Sequence[OcrPage], page_numbers: Sequence[int]) -> dict[str, Any]:
    """Every recognised line must be found again in what the reader returns (cells of its page in reading
    order, front and back matter, warnings) or be page furniture (a page number)."""
    by_page: dict[int, list[str]] = {}
    for g in doc.tables:
        for c in sorted(g.cells, key=lambda c: (c.row, c.col)):
            by_page.setdefault(c.page, []).append(c.text)
    shared = "\x00".join(doc.front_matter + doc.back_matter + doc.warnings)
    total = 0
    lost: list[dict[str, Any]] = []
    for p in pages:
        page_no = p.page_no
        haystack = _squash("".join(by_page.get(page_no, []))) + "\x00" + _squash(shared)
        merged = {id(b) for s in p.suspects for b in s.boxes}
        for b in p.boxes:
            text = _squash(b.text)
            if not text:
                continue
            total += 1
            if id(b) not in merged and (text in haystack or is_page_number(b.text)):
                continue
            lost.append({"page": page_no, "text": b.text,
                         "bbox": [round(v * p.scale, 1) for v in (b.x0, b.top, b.x1, b.bottom)]}
                        | ({"why": "merged with the next row's text (a lost rule?)"} if id(b) in merged else {}))
    return {"recognised": total, "accounted": total - len(lost),
            "ratio": round((total - len(lost)) / total, 4) if total else 1.0, "unaccounted": lost}


# ----------------------------------------------------------------------------------------------- PDF pages


def garbage_text(result: PageResult) -> bool:
    """Whether a page's text layer is unreadable: more than `GARBAGE_SHARE` of its characters without a Unicode
    mapping (`extract.unmapped`: CID placeholders, private-use, control), so the picture of the page is the
    better source."""
    from worklist.extract.unmapped import count_unmapped

    texts = [c.text for g in result.grids for c in g.cells] + [line.text for _, line, _ in result.lines]
    bad = good = 0
    for t in texts:
        n, ok, _kind = count_unmapped(t)
        bad, good = bad + n, good + ok
    return bool(bad) and bad / (bad + good) > GARBAGE_SHARE


def pages_to_ocr(results: Sequence[PageResult], mode: str) -> list[int]:
    """0-based pages that need OCR: without a text layer (auto), or also with a garbage one (force)."""
    if mode == "off":
        return []
    out = []
    for i, r in enumerate(results):
        if r.n_chars == 0 and r.has_images:
            out.append(i)
        elif mode == "force" and r.n_chars and garbage_text(r):
            out.append(i)
    return out


def ocr_paged(paged: PagedRead, mode: str) -> RawDocument:
    """A paged document some of whose pages need OCR (`pages_to_ocr`): the reader's `pictures` gives those
    pages' images (None: too coarse to be a scan) with their resolution, in order; each is read by `ocr_page`,
    the other pages keep what the reader gave. Without the OCR extra, a document with some text is read without
    the pictured pages (a warning names them) and one without any is refused with the install hint.
    `paged.pictured_only`: only pages with images can be pictured (an OFD's text is not drawn)."""
    from worklist.extract.ocr.engine import INSTALL_HINT, OcrUnavailableError, available

    results, source_format = paged.results, paged.source_format
    todo = [i for i in pages_to_ocr(results, mode) if results[i].has_images or not paged.pictured_only]
    if todo and not available():
        if not any(r.n_chars for r in results):
            raise OcrUnavailableError(f"no text layer (scanned pages?) and OCR is not installed; {INSTALL_HINT}")
        doc = paged.assemble()
        doc.warnings.append(f"pages {', '.join(str(i + 1) for i in todo)} need OCR, which is not installed; "
                            f"{INSTALL_HINT}")
        return doc
    if not todo or paged.pictures is None:
        return paged.assemble()
    pages: list[OcrPage | PageResult] = list(results)
    done = []
    step("OCR pages", 0, len(todo))
    for k, (i, (img, dpi)) in enumerate(zip(todo, paged.pictures(todo)), start=1):
        if img is not None:
            pages[i] = ocr_page(img, dpi, i + 1)
            done.append(i + 1)
        step("OCR pages", k, len(todo))  # a person at a terminal sees the pages go (worklist.progress)
    if not done:
        if not any(r.n_chars for r in results):
            raise NoTextLayerError(f"no text layer, and its images are too coarse to read (below {MIN_SCAN_DPI:g} dpi)")
        return paged.assemble()
    return read_pages(pages, source_format, done)


def straighten(img: np.ndarray, dpi: float) -> np.ndarray:
    """A page image as the OCR reader sees it, straightened by its rules: what `worklist inspect` draws the
    cells of a scanned page over."""
    from worklist.extract.ocr.raster import deskew

    return deskew(img, dpi)[0]


def image_pictures(path: str | Path, indices: Sequence[int], password: str | None = None,
                   ) -> Iterator[tuple[np.ndarray | None, float]]:
    """The pages `indices` (0-based) of a notice given as page images (a file or a folder), with their dpi."""
    wanted = set(indices)
    n = 0
    frames = budget.Meter("image frames", Path(path).name)
    for f in image_pages(path):
        for img, dpi in load_images(f, frames):
            if n in wanted:
                yield img, dpi
            n += 1


def warm() -> None:
    """Import the OCR libraries (not the models) before a batch forks its workers, when they are installed."""
    from worklist.extract.ocr.engine import available

    if available():
        import cv2  # noqa: F401
        import rapidocr  # noqa: F401

        import worklist.extract.ocr.raster  # noqa: F401


# ----------------------------------------------------------------------------------------------- images


def load_images(path: Path, frames: budget.Meter | None = None) -> Iterator[tuple[np.ndarray, float]]:
    """The pages of one image file (a TIFF can hold several) with their resolution, decoded one at a time as
    they are asked for. The frame count (`frames`: the document's meter, else this file's) and each frame's
    pixels are checked against the document budget before the frame is decoded (exit 8); whatever Pillow
    raises on broken bytes is a damaged image (exit 5), its warnings (corrupt EXIF) are not printed."""
    from PIL import Image, UnidentifiedImageError

    frames = frames or budget.Meter("image frames", path.name)

    def quiet(step: Any) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # DecompressionBombWarning (the page budget decides), bad EXIF
            return step()

    try:
        im = quiet(lambda: Image.open(path))
        with im:
            n = int(quiet(lambda: getattr(im, "n_frames", 1)))
            frames.charge(n)  # counted from the file's directory, before any frame is decoded
            for k in range(n):
                quiet(lambda: im.seek(k))
                width, height = im.size
                budget.check_pixels(width, height, f"{path.name} frame {k + 1}")
                grey = np.asarray(quiet(lambda: im.convert("L")))
                yield grey, _image_dpi(im, grey.shape)
    except ReadError:
        raise
    except Image.DecompressionBombError as exc:
        raise budget.over("page pixels", _bomb_pixels(str(exc)), path.name) from None
    except UnidentifiedImageError:
        raise UnsupportedFormatError("not an image this reader knows (PNG, JPEG, TIFF)") from None
    except MemoryError:
        raise budget.over("page pixels", math.inf, path.name) from None
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError, TypeError, struct.error… on garbage
        raise CorruptFileError(f"damaged or truncated image ({str(exc)[:100] or type(exc).__name__})") from None


def _bomb_pixels(message: str) -> float:
    """The pixel count Pillow's DecompressionBombError names ("Image size (N pixels) exceeds …")."""
    m = re.search(r"\((\d+) pixels\)", message)
    return float(m.group(1)) if m else math.inf


def _image_dpi(frame: Any, shape: tuple[int, ...]) -> float:
    """The resolution the image declares, when it is a plausible scan's; otherwise the long side is taken
    as A4's (a phone photo says 72 dpi whatever it shows)."""
    dpi = frame.info.get("dpi")
    try:
        x = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        x = 0.0
    if DPI_RANGE[0] * 0.75 <= x <= 1200:
        return x
    return max(shape[:2]) / (ASSUMED_PAGE_MM / 25.4)


def read_images(path: str | Path, *, ocr: str = "auto") -> RawDocument:
    """Read a notice given as page images: one image file, or a folder of them (one notice, name order)."""
    from worklist.extract.limits import check_input

    files = image_pages(path)
    if not files:
        raise NoTextLayerError("no page images (.png, .jpg, .tif) in the folder")
    for f in files:
        check_input(f)  # regular files within the size limit, checked before anything opens them
    if ocr == "off":
        raise NoTextLayerError("page images need OCR, which is off (--ocr off)")
    from worklist.extract.ocr.engine import INSTALL_HINT, OcrUnavailableError, available

    if not available():
        raise OcrUnavailableError(f"page images need OCR, which is not installed; {INSTALL_HINT}")
    pages: list[OcrPage | PageResult] = []
    step("OCR pages", 0, len(files))
    for f in files:
        for img, dpi in load_images(f):
            pages.append(ocr_page(img, dpi, len(pages) + 1))
            step("OCR pages", len(pages), max(len(files), len(pages)))  # a multi-page TIFF adds pages
    return read_pages(pages, "image", list(range(1, len(pages) + 1)))
