"""OFD reader (GB/T 33190-2016): each page's text and rules as the page geometry the PDF reader works on.

An OFD file is a zip of XML: `OFD.xml` names the document root (`DocBody/DocRoot`), whose `Document.xml` lists
the pages (`Pages/Page/@BaseLoc` → `Content.xml`) and the default page size (`CommonData/PageArea`). A page
draws `TextObject`s (a `Boundary` box, an optional `CTM`, a font `Size`, and `TextCode`s that place each
character with X/Y and DeltaX/DeltaY) and `PathObject`s (`AbbreviatedData`: M/L/Q/B/A/C commands) in
millimetres with y growing downward — the same orientation as pdfplumber's top-left coordinates.

Why geometry and not a table model of its own: an OFD is a printed page, exactly like a PDF, so its chars
become pdfplumber-style char dicts and its axis-parallel path segments become ruling edges (`PageObjects`),
and `geometry.page.read_objects` / `assemble` find the tables, spans and page joins. There is one table finder.

Text positions: a glyph's origin is on the baseline; a char's box spans `ASCENT` × size above it and
`DESCENT` × size below (the em box of the CJK fonts such files use). It is as wide as its step to the next
glyph (DeltaX: producers keep spaces as characters, so the steps are the glyphs' advances), but no wider than
an em, so a step wider than any glyph stays a gap that `line_text` turns into a space; the last glyph of a
TextCode takes its nominal advance (an em for wide characters, half an em otherwise). Its true advance is not
in the file, so a narrow last glyph also carries `reach` (its origin + an em): `line_text` measures the gap to
the next glyph from there, exactly as inside a TextCode. Without it, a Latin run set in its own TextObject
(`AED` in a Latin font, then `点位`) left a gap of the guessed width and read `AED 点位`.
"""

from __future__ import annotations

import math
import posixpath
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence

from lxml import etree

from worklist.extract import budget
from worklist.extract.errors import CorruptFileError, ReadError, ZipBombError
from worklist.extract.grid import RawDocument
from worklist.extract.zip_limits import ZipParts, check_zip
from worklist.extract.geometry.page import PageObjects, PagedRead, PageResult, read_objects
from worklist.extract.geometry.pictures import RENDER_DPI

MM_TO_PT = 72 / 25.4
A4_MM = (0.0, 0.0, 210.0, 297.0)
ASCENT = 0.86  # × size above the baseline
DESCENT = 0.14  # × size below it
NARROW_ADVANCE = 0.5  # × size: nominal advance of a narrow (Latin, digit) glyph; wide glyphs take 1 em
AXIS_TOLERANCE = 0.05  # mm: a segment whose ends differ less than this across it is horizontal/vertical
CURVE_STEPS = 8  # a Bézier segment is followed by this many straight pieces
DEFAULT_SIZE = 3.5  # mm (10 pt): the size of a TextObject that gives none, so that its text is not lost
UPRIGHT_SKEW = 0.05  # |b|, |c| of a text CTM up to this fraction of its scale still count as upright

Matrix = tuple[float, float, float, float, float, float]  # a b c d e f: x' = a x + c y + e, y' = b x + d y + f
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True, remove_pis=True
)


# ----------------------------------------------------------------------------------------------- numbers


def parse_numbers(text: str | None, part: str = "") -> list[float]:
    """A whitespace-separated list of numbers (ST_Array); a malformed one is a damaged part."""
    if not text:
        return []
    try:
        return [float(t) for t in text.split()]
    except ValueError:
        raise CorruptFileError(f"{part or 'a page'} has a malformed number list ({text[:40]!r})") from None


def parse_deltas(text: str | None, part: str = "", meter: budget.Meter | None = None) -> list[float]:
    """DeltaX/DeltaY with the `g` repeat syntax expanded: "g 3 2.5 1" is 2.5 2.5 2.5 1. Each repeat is charged
    to the page's glyph budget (`meter`; else this list's own) before it is expanded."""
    if not text:
        return []
    meter = meter or budget.Meter("OFD glyphs", part)
    tokens = text.split()
    out: list[float] = []
    i = 0
    try:
        while i < len(tokens):
            if tokens[i] == "g":
                count, value = int(float(tokens[i + 1])), float(tokens[i + 2])
                meter.charge(max(count, 0))
                out.extend([value] * max(count, 0))
                i += 3
            else:
                out.append(float(tokens[i]))
                i += 1
    except (ValueError, IndexError, OverflowError):
        raise CorruptFileError(f"{part or 'a page'} has a malformed DeltaX/DeltaY ({text[:40]!r})") from None
    return out


def parse_box(text: str | None, part: str = "") -> tuple[float, float, float, float] | None:
    """ST_Box "x y w h" (mm) or None when absent."""
    nums = parse_numbers(text, part)
    if not nums:
        return None
    if len(nums) != 4:
        raise CorruptFileError(f"{part or 'a page'} has a box with {len(nums)} numbers ({text!r})")
    return nums[0], nums[1], nums[2], nums[3]


def parse_matrix(text: str | None, part: str = "") -> Matrix:
    nums = parse_numbers(text, part)
    if not nums:
        return IDENTITY
    if len(nums) != 6:
        raise CorruptFileError(f"{part or 'a page'} has a CTM with {len(nums)} numbers ({text!r})")
    return nums[0], nums[1], nums[2], nums[3], nums[4], nums[5]


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def placed(ctm: Matrix, boundary: tuple[float, float, float, float] | None) -> Matrix:
    """Object space → page: the CTM, then the Boundary's origin (an object draws relative to its Boundary)."""
    bx, by = (boundary[0], boundary[1]) if boundary else (0.0, 0.0)
    return ctm[0], ctm[1], ctm[2], ctm[3], ctm[4] + bx, ctm[5] + by


# ----------------------------------------------------------------------------------------------- text


def nominal_advance(ch: str) -> float:
    """Advance of a glyph in em when the file gives none: 1 for wide characters (CJK, full-width, and the
    'ambiguous' ones such as “ ” · — that Chinese fonts draw full-width), half an em otherwise."""
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else NARROW_ADVANCE


@dataclass(frozen=True, slots=True)
class TextStyle:
    """What a TextObject says about all its characters."""

    size: float  # mm
    matrix: Matrix  # object space → page (mm)
    upright: bool
    fontname: str = ""
    hscale: float = 1.0


def text_chars(codes: Sequence[tuple[float | None, float | None, list[float], list[float], str]],
               style: TextStyle) -> list[dict[str, Any]]:
    """Char dicts (pdfplumber's keys, PDF points) of a TextObject's TextCodes.

    Each code is (X, Y, DeltaX, DeltaY, text). X or Y absent takes the previous code's value (the standard's
    rule). A DeltaX list shorter than the text repeats its last value; none at all advances by the nominal
    width of each glyph.
    """
    s = style.size
    k = MM_TO_PT
    a, b, c, d, e, f = (v * k for v in style.matrix)  # straight to PDF points
    out: list[dict[str, Any]] = []
    x = y = 0.0
    size_pt = s * math.sqrt(abs(a * d - b * c))
    fast = b == 0 and c == 0 and a > 0 and d > 0  # scale and shift only: the common case
    ascent, descent = ASCENT * s, DESCENT * s
    em = s * style.hscale
    upright, fontname = style.upright, style.fontname
    for cx, cy, dxs, dys, text in codes:
        x = x if cx is None else cx
        y = y if cy is None else cy
        gx, gy = x, y
        last = len(text) - 1
        n_dx, n_dy = len(dxs), len(dys)
        for i, ch in enumerate(text):
            if i < last:
                step = dxs[i] if i < n_dx else (dxs[-1] if dxs else nominal_advance(ch) * em)
                width = (step if step < em else em) if step > 0 else nominal_advance(ch) * em
            else:
                step, width = 0.0, nominal_advance(ch) * em
            top, bottom = gy - ascent, gy + descent
            if fast:
                x0 = a * gx + e
                box = {"text": ch, "x0": x0, "x1": x0 + a * width, "top": d * top + f,
                       "bottom": d * bottom + f, "size": size_pt, "upright": upright, "fontname": fontname}
                if i == last and width < em:
                    box["reach"] = x0 + a * em  # its true advance is unknown: up to an em (see line_text)
                out.append(box)
            else:
                corners = [(a * px + c * py + e, b * px + d * py + f)
                           for px, py in ((gx, top), (gx + width, top), (gx, bottom), (gx + width, bottom))]
                out.append({"text": ch, "x0": min(p[0] for p in corners), "x1": max(p[0] for p in corners),
                            "top": min(p[1] for p in corners), "bottom": max(p[1] for p in corners),
                            "size": size_pt, "upright": upright, "fontname": fontname})
            if i < last:
                gx += step
                if dys:
                    gy += dys[i] if i < n_dy else dys[-1]
    return out


def is_upright(m: Matrix, read_direction: int = 0, char_direction: int = 0) -> bool:
    """Horizontal left-to-right text, not rotated or mirrored (stamps and watermarks are not)."""
    a, b, c, d = m[:4]
    scale = max(abs(a), abs(d), 1e-9)
    return (a > 0 and d > 0 and abs(b) <= UPRIGHT_SKEW * scale and abs(c) <= UPRIGHT_SKEW * scale
            and read_direction % 360 == 0 and char_direction % 360 == 0)


# ----------------------------------------------------------------------------------------------- paths

_PATH_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ARITY = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0, "Z": 0}


def path_segments(data: str, part: str = "") -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Straight pieces of an AbbreviatedData path in its own object space.

    M/S move, L draws a line, Q and B (quadratic, cubic Bézier) are followed in `CURVE_STEPS` pieces, A (arc)
    is taken as a move to its end point (an arc is never a table rule), C/Z close the subpath.
    """
    tokens = _PATH_TOKEN.findall(data or "")
    segs: list[tuple[tuple[float, float], tuple[float, float]]] = []
    cur: tuple[float, float] | None = None
    start: tuple[float, float] | None = None
    i = 0
    while i < len(tokens):
        op = tokens[i]
        if op not in _ARITY:
            raise CorruptFileError(f"{part or 'a page'} has a path with an unknown command {op!r}")
        n = _ARITY[op]
        try:
            v = [float(t) for t in tokens[i + 1:i + 1 + n]]
        except ValueError:
            raise CorruptFileError(f"{part or 'a page'} has a malformed path ({data[:40]!r})") from None
        if len(v) < n:
            raise CorruptFileError(f"{part or 'a page'} has a truncated path ({data[:40]!r})")
        i += 1 + n
        if op in ("M", "S"):
            cur = start = (v[0], v[1])
        elif op in ("C", "Z"):
            if cur is not None and start is not None and cur != start:
                segs.append((cur, start))
            cur = start
        elif cur is None:  # a drawing command before any move starts at its own point
            cur = start = (v[-2], v[-1])
        elif op == "L":
            segs.append((cur, (v[0], v[1])))
            cur = (v[0], v[1])
        elif op == "A":
            cur = (v[5], v[6])
        else:
            pts = [cur, *zip(v[0::2], v[1::2])]
            prev = cur
            for k in range(1, CURVE_STEPS + 1):
                t = k / CURVE_STEPS
                pt = _bezier(pts, t)
                segs.append((prev, pt))
                prev = pt
            cur = pts[-1]
    return segs


def _bezier(pts: Sequence[tuple[float, float]], t: float) -> tuple[float, float]:
    pts = list(pts)
    while len(pts) > 1:
        pts = [((1 - t) * p[0] + t * q[0], (1 - t) * p[1] + t * q[1]) for p, q in zip(pts, pts[1:])]
    return pts[0]


def _colour(el: etree._Element | None) -> tuple[float, ...] | None:
    """An OFD colour ("R G B", 0-255) as pdfplumber's 0-1 tuple; None when absent or not plain numbers."""
    if el is None:
        return None
    try:
        return tuple(float(v) / 255 for v in (el.get("Value") or "").split())
    except ValueError:
        return None


def segment_edges(segs: Sequence[tuple[tuple[float, float], tuple[float, float]]], m: Matrix,
                  extra: dict[str, Any]) -> list[dict[str, Any]]:
    """pdfplumber edge dicts (PDF points) of the horizontal and vertical pieces of a path placed by `m`;
    slanted pieces (curves, diagonals) are no table rule and are left out."""
    edges: list[dict[str, Any]] = []
    for p, q in segs:
        (x0, y0), (x1, y1) = apply(m, *p), apply(m, *q)
        if abs(y1 - y0) <= AXIS_TOLERANCE and abs(x1 - x0) > AXIS_TOLERANCE:
            y = (y0 + y1) / 2 * MM_TO_PT
            left, right = sorted((x0 * MM_TO_PT, x1 * MM_TO_PT))
            edges.append({**extra, "object_type": "line", "orientation": "h", "x0": left, "x1": right,
                          "top": y, "bottom": y, "doctop": y, "width": right - left, "height": 0.0})
        elif abs(x1 - x0) <= AXIS_TOLERANCE and abs(y1 - y0) > AXIS_TOLERANCE:
            x = (x0 + x1) / 2 * MM_TO_PT
            top, bottom = sorted((y0 * MM_TO_PT, y1 * MM_TO_PT))
            edges.append({**extra, "object_type": "line", "orientation": "v", "x0": x, "x1": x,
                          "top": top, "bottom": bottom, "doctop": top, "width": 0.0, "height": bottom - top})
    return edges


# ----------------------------------------------------------------------------------------------- package


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(el: etree._Element | None, name: str) -> etree._Element | None:
    if el is None:
        return None
    return next((c for c in el if _local(c) == name), None)


def _children(el: etree._Element | None, name: str) -> list[etree._Element]:
    return [] if el is None else [c for c in el if _local(c) == name]


def _text(el: etree._Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def _flag(value: str | None, default: bool) -> bool:
    return default if value is None else value.strip().lower() in ("true", "1")


def resolve(base_dir: str, loc: str) -> str:
    """A location in the package: absolute ("/Doc_0/…") from the root, otherwise relative to `base_dir`."""
    loc = loc.strip().replace("\\", "/")
    joined = loc.lstrip("/") if loc.startswith("/") else posixpath.join(base_dir, loc)
    return posixpath.normpath(joined).lstrip("./") if joined else ""


class OfdPackage(ZipParts):
    """The zip, checked against the zip-bomb limits before anything is inflated; parts read as `ZipParts`
    reads them (case-tolerant, bounded by their declared sizes)."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        try:
            check_zip(zf)  # the same zip-bomb limits as a DOCX, from the zip directory alone
        except ZipBombError as exc:
            raise ZipBombError(f"OFD {exc}") from None
        super().__init__(zf, "OFD")

    def xml(self, name: str) -> etree._Element:
        data = self.read(name)
        try:
            return etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise CorruptFileError(f"broken OFD: {name} is not well-formed XML ({exc.msg})") from None


@dataclass
class OfdPage:
    number: int  # 1-based
    part: str  # Content.xml
    box_mm: tuple[float, float, float, float]  # the document's PhysicalBox (x y w h); the page's own Area wins


@dataclass
class OfdDocument:
    """An opened OFD: its pages and resources. Use as a context manager (it holds the zip open)."""

    pkg: OfdPackage
    pages: list[OfdPage]
    fonts: dict[str, str]  # resource ID → font name
    media: dict[str, str]  # resource ID → part of an image file
    templates: dict[str, str] = field(default_factory=dict)  # template ID → its Content.xml part
    title: str | None = None  # DocInfo/Title

    def __enter__(self) -> "OfdDocument":
        return self

    def __exit__(self, *exc: object) -> None:
        self.pkg.zf.close()

    def _collect(self, page: OfdPage) -> "_Collector":
        """Parse the page once: its size (own Area, else the document's), then what its templates and its own
        layers draw (templates first: they lie under the page's content)."""
        collector = _Collector(self, page.part)
        root = self.pkg.xml(page.part)
        collector.box_mm = parse_box(_text(_child(_child(root, "Area"), "PhysicalBox")), page.part) or page.box_mm
        roots = []
        refs = _children(root, "Template")
        budget.check("OFD template references", len(refs), page.part)  # each one re-walks its template
        for tpl in refs:
            tpl_part = self.templates.get(tpl.get("TemplateID", ""))
            if tpl_part and self.pkg.has(tpl_part):
                roots.append((tpl_part, self.pkg.xml(tpl_part)))
        for part, el in [*roots, (page.part, root)]:
            collector.part = part
            for layer in _children(_child(el, "Content"), "Layer"):
                collector.walk(layer)
        return collector

    def page_objects(self, page: OfdPage) -> PageObjects:
        """The page's chars, ruling edges and image presence, in PDF points (top-left origin)."""
        c = self._collect(page)
        x, y, w, h = c.box_mm
        bbox = (x * MM_TO_PT, y * MM_TO_PT, (x + w) * MM_TO_PT, (y + h) * MM_TO_PT)
        return PageObjects(c.chars, c.edges, c.has_images, bbox)

    def images(self, page: OfdPage) -> tuple[tuple[float, float, float, float], list[tuple[str, Matrix]]]:
        """The page's box (mm) and (image part, unit square → page mm) of every ImageObject it draws."""
        c = self._collect(page)
        return c.box_mm, c.images


class _Collector:
    """Walks a page's layers (and page blocks inside them) collecting chars, edges and images."""

    def __init__(self, doc: OfdDocument, part: str) -> None:
        self.doc = doc
        self.part = part
        self.chars: list[dict[str, Any]] = []
        self.edges: list[dict[str, Any]] = []
        self.images: list[tuple[str, Matrix]] = []
        self.has_images = False
        self.box_mm = A4_MM
        self.objects = budget.Meter("OFD objects", part)  # templates re-walked count on the page that draws them
        self.glyphs = budget.Meter("OFD glyphs", part)

    def walk(self, container: etree._Element) -> None:
        for el in container:
            self.objects.charge()
            kind = _local(el)
            if kind == "TextObject":
                self.text(el)
            elif kind == "PathObject":
                self.path(el)
            elif kind == "ImageObject":
                self.image(el)
            elif kind == "PageBlock":
                self.walk(el)

    def _placement(self, el: etree._Element) -> Matrix:
        boundary = parse_box(el.get("Boundary"), self.part)
        return placed(parse_matrix(el.get("CTM"), self.part), boundary)

    def text(self, el: etree._Element) -> None:
        # Invisible text is read too, as pdfminer reads a PDF's invisible text: it is the text layer an OCR step
        # puts behind a scanned page.
        m = self._placement(el)
        try:
            size = abs(float(el.get("Size") or 0)) or DEFAULT_SIZE
            hscale = float(el.get("HScale") or 1)
            read_dir = int(float(el.get("ReadDirection") or 0))
            char_dir = int(float(el.get("CharDirection") or 0))
        except ValueError:
            raise CorruptFileError(f"broken OFD: {self.part} has a TextObject with a malformed number") from None
        style = TextStyle(size=size, matrix=m, upright=is_upright(m, read_dir, char_dir),
                          fontname=self.doc.fonts.get(el.get("Font") or "", ""), hscale=hscale)
        codes = []
        for tc in _children(el, "TextCode"):
            text = tc.text or ""
            if not text:
                continue
            codes.append((_opt_float(tc.get("X"), self.part), _opt_float(tc.get("Y"), self.part),
                          parse_deltas(tc.get("DeltaX"), self.part, self.glyphs),
                          parse_deltas(tc.get("DeltaY"), self.part, self.glyphs),
                          text))
        self.chars.extend(text_chars(codes, style))

    def path(self, el: etree._Element) -> None:
        if not _flag(el.get("Visible"), True):
            return
        stroke, fill = _flag(el.get("Stroke"), True), _flag(el.get("Fill"), False)
        if not (stroke or fill):
            return
        segs = path_segments(_text(_child(el, "AbbreviatedData")), self.part)
        if not segs:
            return
        self.objects.charge(len(segs))  # each segment may become a ruling edge: counted like an object
        extra = {"stroke": stroke, "fill": fill,
                 "stroking_color": _colour(_child(el, "StrokeColor")) or ((0.0, 0.0, 0.0) if stroke else None),
                 "non_stroking_color": _colour(_child(el, "FillColor")),
                 "linewidth": _opt_float(el.get("LineWidth"), self.part) or 0.353}
        self.edges.extend(segment_edges(segs, self._placement(el), extra))

    def image(self, el: etree._Element) -> None:
        if not _flag(el.get("Visible"), True):
            return
        self.has_images = True
        media = self.doc.media.get(el.get("ResourceID") or "")
        if media:
            self.images.append((media, self._placement(el)))


def _opt_float(v: str | None, part: str) -> float | None:
    if v is None or not v.strip():
        return None
    try:
        return float(v)
    except ValueError:
        raise CorruptFileError(f"broken OFD: {part} has a malformed number ({v[:20]!r})") from None


def open_ofd(path: str | Path) -> OfdDocument:
    """Open an OFD: the document root, its pages and resources (each page's XML is parsed when it is read).

    Raises CorruptFileError naming the part that is missing or broken, ZipBombError before inflating anything.
    """
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise CorruptFileError("damaged zip archive (truncated or not an OFD)") from None
    except (OSError, ValueError, EOFError) as exc:
        raise CorruptFileError(f"damaged zip archive ({exc})") from None
    try:
        return _open(OfdPackage(zf))
    except BaseException:
        zf.close()
        raise


def _open(pkg: OfdPackage) -> OfdDocument:
    if not pkg.has("OFD.xml"):
        raise CorruptFileError("broken OFD: OFD.xml is missing")
    ofd = pkg.xml("OFD.xml")
    body = _child(ofd, "DocBody")
    root_loc = _text(_child(body, "DocRoot"))
    if not root_loc:
        raise CorruptFileError("broken OFD: OFD.xml names no DocRoot")
    doc_part = resolve("", root_loc)
    document = pkg.xml(doc_part)
    doc_dir = posixpath.dirname(doc_part)
    common = _child(document, "CommonData")
    default_box = parse_box(_text(_child(_child(common, "PageArea"), "PhysicalBox")), doc_part) or A4_MM

    fonts: dict[str, str] = {}
    media: dict[str, str] = {}
    for kind in ("PublicRes", "DocumentRes"):
        for res in _children(common, kind):
            loc = _text(res)
            if loc:
                _read_resources(pkg, resolve(doc_dir, loc), fonts, media)

    templates = {t.get("ID", ""): resolve(doc_dir, t.get("BaseLoc", "")) for t in _children(common, "TemplatePage")}
    pages: list[OfdPage] = []
    for n, pg in enumerate(_children(_child(document, "Pages"), "Page"), start=1):
        base_loc = pg.get("BaseLoc")
        if not base_loc:
            raise CorruptFileError(f"broken OFD: page {n} has no BaseLoc in {doc_part}")
        part = resolve(doc_dir, base_loc)
        if not pkg.has(part):
            raise CorruptFileError(f"broken OFD: page {n}'s {part} is missing")
        pages.append(OfdPage(number=n, part=part, box_mm=default_box))
    if not pages:
        raise CorruptFileError(f"broken OFD: {doc_part} lists no pages")
    title = _text(_child(_child(body, "DocInfo"), "Title")) or None
    return OfdDocument(pkg, pages, fonts, media, templates, title)


def _read_resources(pkg: OfdPackage, part: str, fonts: dict[str, str], media: dict[str, str]) -> None:
    """Fonts (ID → name) and image files (ID → part) of one resource file; a missing one is no loss of text."""
    if not pkg.has(part):
        return
    res = pkg.xml(part)
    base = resolve(posixpath.dirname(part), res.get("BaseLoc") or "")
    for group in res:
        for item in group:
            kind = _local(item)
            if kind == "Font" and item.get("ID"):
                fonts[item.get("ID", "")] = item.get("FontName") or item.get("FamilyName") or ""
            elif kind == "MultiMedia" and item.get("ID"):
                loc = _text(_child(item, "MediaFile"))
                if loc:
                    media[item.get("ID", "")] = resolve(base, loc)


# ----------------------------------------------------------------------------------------------- reader


def read_ofd_pages(path: str | Path) -> PagedRead:
    """Every page of an OFD file as page geometry, with how to picture a page that is only images (drawn
    from its ImageObjects, `ofd_page_images`). Raises CorruptFileError (a missing or broken part, named) and
    ZipBombError."""
    results: list[PageResult] = []
    with open_ofd(path) as doc:
        index = 0
        for page in doc.pages:
            res = read_objects(doc.page_objects(page), page.number, index)
            index += len(res.grids)
            results.append(res)

    return PagedRead(results, "ofd", pictures=lambda todo: page_pictures(path, todo), pictured_only=True,
                     no_text="an OFD file with no text on any page",
                     images_only="an OFD file whose pages are images: no text to read",
                     no_table="no ruled table found in the OFD file")


def page_pictures(path: str | Path, indices: Sequence[int], password: str | None = None,
                  ) -> Iterator[tuple[Any, float]]:
    """Grey pictures of the pages `indices` (0-based, in order) drawn from their images, with their dpi."""
    import numpy as np

    wanted = set(indices)
    for picture in ofd_page_images(path, dpi=round(RENDER_DPI)):
        if picture.number - 1 in wanted:
            yield np.asarray(picture.image.convert("L")), picture.px_per_pt * 72


def read_ofd(path: str | Path) -> RawDocument:
    """Read an OFD notice by its text objects alone: one Grid per ruled table per page, free text as
    front/back matter (`worklist.extract.read_document` also reads pages that are only images, by OCR).

    Raises CorruptFileError (a missing or broken part, named), ZipBombError, NoTextLayerError (pages that are
    only images) and NoTableError (text but no ruled table).
    """
    return read_ofd_pages(path).assemble()


@dataclass(frozen=True)
class PageImage:
    """A page drawn from its images (for OCR): `image` is `px_per_pt` pixels per PDF point."""

    number: int
    image: Any  # PIL.Image.Image
    px_per_pt: float


def ofd_page_images(path: str | Path, dpi: int = 200) -> Iterator[PageImage]:
    """Each page as a white canvas of the page's size with its ImageObjects pasted where they are drawn.

    This is what an OCR step reads when the pages are scans (no TextObject); axis-parallel placement is
    followed exactly, a rotated image is pasted into its bounding box.
    """
    from io import BytesIO

    from PIL import Image

    px_per_pt = dpi / 72
    k = MM_TO_PT * px_per_pt  # pixels per mm
    with open_ofd(path) as doc:
        for page in doc.pages:
            (x, y, w, h), images = doc.images(page)
            where = f"page {page.number}"
            budget.check_pixels(w * k, h * k, f"{where} at {dpi} dpi")  # before the canvas is allocated
            size = (max(1, round(w * k)), max(1, round(h * k)))
            canvas = Image.new("RGB", size, "white")
            for part, m in images:
                try:
                    with Image.open(BytesIO(doc.pkg.read(part))) as im:
                        budget.check_pixels(*im.size, f"{where}: image {part}")  # before it is decoded
                        corners = [apply(m, u, v) for u, v in ((0, 0), (1, 0), (0, 1), (1, 1))]
                        left = min(p[0] for p in corners) - x
                        top = min(p[1] for p in corners) - y
                        width = max(p[0] for p in corners) - x - left
                        height = max(p[1] for p in corners) - y - top
                        budget.check_pixels(width * k, height * k, f"{where}: image {part} as placed")
                        size = (max(1, round(width * k)), max(1, round(height * k)))
                        canvas.paste(im.convert("RGB").resize(size), (round(left * k), round(top * k)))
                except ReadError:
                    raise
                except Exception as exc:  # PIL raises many types for a broken image file
                    raise CorruptFileError(f"broken OFD: image {part} cannot be decoded ({exc})") from None
            yield PageImage(page.number, canvas, px_per_pt)


__all__ = [
    "read_ofd", "open_ofd", "ofd_page_images", "OfdDocument", "OfdPage", "PageImage", "parse_deltas",
    "path_segments", "text_chars", "segment_edges", "TextStyle",
]
