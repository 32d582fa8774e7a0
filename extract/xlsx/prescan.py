"""What an XLSX's sheet XML says before openpyxl loads it: merged areas (checked against the grid budget) and
formula cells without a cached value.

Why before: openpyxl makes a cell object for every position of a merged range while it loads, so one
`<mergeCell ref="A200:XFD1048576"/>` in a 25 KB file costs gigabytes before any reader code runs; the raw refs
are cheap to read and are checked first. And with `data_only=True` a formula cell whose file holds no cached
value (a workbook written by a program that does not compute formulas) reads as empty: the reader must say so
rather than give an empty 名称 in silence, so those cells are found here (streamed, element by element).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from worklist.extract import budget
from worklist.extract.errors import CorruptFileError

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def cell_ref(ref: str) -> tuple[int, int] | None:
    """(row, column), 1-based, of an A1 reference; None if it is not one."""
    m = _REF.match(ref.strip())
    if not m:
        return None
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def merge_area(ref: str) -> int:
    """Positions a merge ref (A1:C3) covers; 0 for a ref that is not a range of cells."""
    a, _, b = ref.partition(":")
    p, q = cell_ref(a), cell_ref(b or a)
    if p is None or q is None:
        return 0
    return (abs(q[0] - p[0]) + 1) * (abs(q[1] - p[1]) + 1)


@dataclass
class SheetScan:
    part: str
    merge_positions: int = 0
    formulas: set[tuple[int, int]] = field(default_factory=set)  # (row, col) of formulas without a value


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its worksheet part, from the workbook and its relationships."""
    names = {n.lower(): n for n in zf.namelist()}

    def xml(name: str) -> etree._Element | None:
        real = names.get(name.lower())
        if real is None:
            return None
        try:
            return etree.fromstring(zf.read(real), etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            return None

    wb, rels = xml("xl/workbook.xml"), xml("xl/_rels/workbook.xml.rels")
    if wb is None or rels is None:
        return {}
    target = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{{{_PKG_REL}}}Relationship")}
    out: dict[str, str] = {}
    for sh in wb.iter(f"{{{_MAIN}}}sheet"):
        t = target.get(sh.get(f"{{{_REL}}}id"), "")
        if t:
            part = t.lstrip("/") if t.startswith("/") else posixpath.normpath(posixpath.join("xl", t))
            real = names.get(part.lower())
            if real:
                out[sh.get("name", "")] = real
    return out


def scan(zf: zipfile.ZipFile) -> dict[str, SheetScan]:
    """Sheet name -> its scan. Raises `TooLargeError` (exit 8) for a sheet whose merged ranges cover more
    positions than the grid budget, before openpyxl expands them."""
    out: dict[str, SheetScan] = {}
    parts = _sheet_parts(zf)
    # a worksheet part the workbook does not name (damaged relationships) is still loaded by openpyxl if it
    # can find it: its merged ranges are checked too, under its part name
    named = {p.lower() for p in parts.values()}
    for n in zf.namelist():
        if n.lower().startswith("xl/worksheets/") and n.lower().endswith(".xml") and n.lower() not in named:
            parts[n] = n
    for name, part in parts.items():
        s = out[name] = SheetScan(part)
        try:
            with zf.open(part) as fh:
                for _ev, el in etree.iterparse(fh, events=("end",), tag=(f"{{{_MAIN}}}c", f"{{{_MAIN}}}mergeCell"),
                                               resolve_entities=False, no_network=True, huge_tree=True):
                    if el.tag.endswith("mergeCell"):
                        s.merge_positions += merge_area(el.get("ref", ""))
                        budget.check("grid cells", s.merge_positions, f"sheet {name!r}: merged ranges")
                    elif el.find(f"{{{_MAIN}}}f") is not None:
                        v = el.find(f"{{{_MAIN}}}v")
                        if v is None or not (v.text or "").strip():
                            at = cell_ref(el.get("r", ""))
                            if at is not None:
                                s.formulas.add(at)
                    el.clear()
        except etree.XMLSyntaxError as e:
            raise CorruptFileError(f"damaged workbook: {part} is not well-formed XML ({e.msg})") from None
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as e:
            raise CorruptFileError(f"damaged workbook: {part} ({e})") from None
    return out
