"""HTML reader: a county site's page (or a browser's single-file `.mhtml` save of it) into `Grid`s.

A published notice is a whole site page: header and navigation, the 信息公开 catalogue table (索引号, 发布机构,
文号, 生成日期 …), the notice text, then the work list pasted from Word (`rowspan`/`colspan`, one `<p>` per line
inside cells, `<br>`, `&nbsp;`, inline styles), sometimes split into several `<table>`s or wrapped in layout
tables. lxml's HTML parser (libxml2) builds the tree; this module adds what lxml does not have: the HTML table
model (spans to grid positions), rendered text (block elements and `<br>` break lines, whitespace collapses,
hidden elements and scripts are not text), and the choice of tables.

What the reader gives (see `extract/grid.py`):
- the work-list tables, chosen by their header (`extract.headers.work_header`), never by position: of nested
  tables the innermost one with the header; a following table without a header and with as many columns
  continues the one before (the list split into several `<table>`s). Rows above a table's header (a title row
  inside the table) are not grid rows: the first table's go to the front matter. `Cell.page` is the table's
  number among the work tables (1-based), refs `t{table}r{row}` count the table's own `<tr>`s;
- spans as the HTML table model places them: `colspan` 0 is 1, `rowspan` 0 runs to the table's end, a span
  reaching past the table (a title row with colspan=20 in a 10-column table) is clamped to it, and a cell never
  overlaps one placed before it (its colspan stops there). Clamps are named in the warnings;
- cell text: one line per block (`<p>`, `<div>`, `<li>` …) and per `<br>`, joined with "\\n"; nested tables
  flattened into lines; `display:none`, `<script>`, `<style>` are not text;
- front matter: the page's lines before the first work table, from the article's heading on (the `<h1>`-`<h6>`
  that repeats the page `<title>`), without navigation (lines that are mostly links, breadcrumbs `首页 > …`)
  and without the catalogue table; back matter: the lines after the last work table;
- `metadata`: 文号, 发布机构, 成文/生成/发布日期 read from the catalogue table (label cell, value cell) or from
  `label：value` lines before the list; `normalize.metadata` prefers the notice text's own statements.

Charset: BOM, then the transport's charset (an MHTML part header), then `<meta charset>` / `http-equiv`, then
detection (UTF-8, UTF-16 without BOM, GB18030, charset-normalizer). GB2312 and GBK are read as GB18030, their
superset (pages declaring gb2312 routinely use GBK characters).

Limits: a page over `MAX_HTML_BYTES` (20 MB; a county page with its list is well under 1 MB) and an MHTML file
over `MAX_MHTML_BYTES` (64 MB: it carries the page's images) are refused before parsing (`TooLargeError`).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from worklist.extract import budget
from worklist.extract.errors import CorruptFileError, NoTableError, TooLargeError, UnsupportedFormatError
from worklist.extract.grid import Cell, Grid, RawDocument, RowInfo
from worklist.extract.headers import ColumnMap, work_header
from worklist.vocabulary.text import squash

__all__ = ["read_html", "read_mhtml", "decode_html", "MAX_HTML_BYTES", "MAX_MHTML_BYTES"]

MAX_HTML_BYTES = 20 * 1024 * 1024
MAX_MHTML_BYTES = 64 * 1024 * 1024

HEADER_SEARCH_ROWS = 8  # a header may stand below a few title rows inside the table
_MAX_COLSPAN = 1000  # the HTML table model's own limits
_MAX_ROWSPAN = 65534

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_GB = {"gb2312", "gbk", "x-gbk", "gb_2312", "gb_2312-80", "csgb2312", "chinese", "euc-cn", "x-euc-cn", "cp936",
       "windows-936", "ms936", "iso-ir-58", "csiso58gb231280", "gb18030"}
_LATIN = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "l1"}  # WHATWG: windows-1252
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

_BLOCK = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr legend li main menu nav ol p pre section summary "
    "table tbody td tfoot th thead tr ul".split()
)
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# never shown as text: document head, scripts, form controls, ruby annotations, embedded media
_SKIP = frozenset(
    "head title meta link script style noscript template iframe object embed select option button input "
    "textarea rt rp svg math map area audio video canvas source track param wbr keygen".split()
)
# never shown, whatever they hold: the list is not looked for inside these
_NEVER_SHOWN = frozenset("head title meta link script style noscript template select option textarea".split())
# media and plugin elements: their own text is a fallback never shown, but libxml2 (an HTML 4 parser) nests
# what follows an unclosed or unknown one (`<embed>`, `<source>`) inside it, so their block children are read
_MEDIA = _SKIP - _NEVER_SHOWN - frozenset("button input rt rp iframe".split())
# HTML5 void elements libxml2 does not know: closed where they start, so nothing after them nests inside
_UNKNOWN_VOID = re.compile(r"(<(embed|source|track|wbr|keygen)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>)", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.IGNORECASE)
_WS = re.compile(r"[ \t\n\r\f]+")
_NAV_SEPARATORS = re.compile(r"[>»›＞|｜]")
_TITLE_SPLIT = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s)\s*")
_ATTACHMENT = re.compile(r"\.(?:xlsx?|docx?|wps|et|pdf|ofd|rtf)(?:$|[?#])", re.IGNORECASE)

# the 政府信息公开 catalogue: labels -> contract field (None: a catalogue label of no use here)
_CATALOGUE: dict[str, str | None] = {
    "文号": "doc_number", "发文字号": "doc_number", "发文文号": "doc_number", "文件编号": "doc_number",
    "发布机构": "issuer", "发文机关": "issuer", "发文单位": "issuer", "发布单位": "issuer", "制发机关": "issuer",
    "成文日期": "issue_date", "发文日期": "issue_date", "印发日期": "issue_date", "生成日期": "issue_date",
    "发布日期": "issue_date", "发布时间": "issue_date", "公开日期": "issue_date",
    "索引号": None, "组配分类": None, "主题分类": None, "体裁分类": None, "公开方式": None, "公开范围": None,
    "公开时限": None, "有效性": None, "信息分类": None, "主题词": None, "统一编号": None, "标题": None,
    "名称": None, "信息来源": None, "来源": None,
}
# among several dates, the one closest to 成文日期 wins
_DATE_RANK = {"成文日期": 0, "发文日期": 1, "印发日期": 1, "生成日期": 2, "发布日期": 3, "发布时间": 3, "公开日期": 3}
_LABEL_VALUE = re.compile(r"([\u4e00-\u9fff]{2,6})\s*[:：]\s*")


# ------------------------------------------------------------------------------------------------ bytes


def _norm_encoding(name: str | bytes | None) -> str | None:
    """A codec Python knows for a declared charset, with the web's aliases; None if unknown."""
    if not name:
        return None
    n = (name.decode("ascii", "ignore") if isinstance(name, bytes) else name).strip().strip("\"'").lower()
    if n in _GB:
        return "gb18030"
    if n in _LATIN:
        return "cp1252"
    if n.startswith("utf-16") or n.startswith("utf-32"):
        return "utf-8"  # an ASCII-compatible page declaring UTF-16 is UTF-8 (WHATWG); BOM pages never get here
    try:
        return codecs.lookup(n).name
    except LookupError:
        return None


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, str, list[str]]:
    """(text, encoding, warnings): BOM, transport charset, <meta>/XML declaration, then detection."""
    for bom, bom_enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(bom_enc, "replace"), bom_enc, []
    head = data[: 1 << 16]
    m = _META_CHARSET.search(head) or _XML_ENCODING.match(head)  # browsers read <meta> in text/html
    said: str | None = declared or (m.group(1).decode("ascii", "ignore") if m else None)
    enc = _norm_encoding(said)
    warnings: list[str] = []
    if said and enc is None:
        warnings.append(f"the page declares an unknown charset {said!r}: detected instead")
    if enc:
        try:
            return data.decode(enc), enc, warnings
        except UnicodeDecodeError:
            pass
    from worklist.extract.txt.reader import utf16_without_bom

    enc16 = utf16_without_bom(data)
    if enc16:
        return data.decode(enc16, "replace"), enc16, warnings
    for guess in ("utf-8", "gb18030"):
        if guess == enc:
            continue
        try:
            text = data.decode(guess)
        except UnicodeDecodeError:
            continue
        if enc:
            warnings.append(f"the page declares {said} but its bytes are {guess}: read as {guess}")
        return text, guess, warnings
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 1 << 20]).best()
    guess = best.encoding if best is not None else (enc or "utf-8")
    warnings.append(f"the page's charset is not clear: read as {guess}, undecodable bytes replaced")
    return data.decode(guess, "replace"), guess, warnings


def _check_size(path: Path, limit: int, what: str) -> None:
    size = path.stat().st_size
    if size > limit:
        raise TooLargeError(f"{what} of {size // 2**20} MB is over the limit of {limit // 2**20} MB; "
                            "a work-list page is well under 1 MB")


# ------------------------------------------------------------------------------------------------ text


@dataclass
class _Line:
    text: str
    heading: bool = False
    link_chars: int = 0


@dataclass
class _Marker:
    """Where a work table stands among the page's lines."""

    table: int


@dataclass
class _Lines:
    """Rendered text as lines: block elements and <br> break, whitespace runs collapse to one space."""

    out: list[_Line | _Marker] = field(default_factory=list)
    buf: list[str] = field(default_factory=list)
    link_depth: int = 0
    heading_depth: int = 0
    link_chars: int = 0
    heading: bool = False

    def add(self, s: str | None) -> None:
        if not s:
            return
        s = _WS.sub(" ", s)
        self.buf.append(s)
        if self.heading_depth:
            self.heading = True
        if self.link_depth:
            self.link_chars += len(s.replace(" ", ""))

    def brk(self) -> None:
        text = "".join(self.buf).strip()
        if text:
            self.out.append(_Line(text, self.heading, self.link_chars))
        self.buf, self.link_chars, self.heading = [], 0, False

    def texts(self) -> list[str]:
        self.brk()
        return [ln.text for ln in self.out if isinstance(ln, _Line)]


def _hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _shown(el: etree._Element) -> bool:
    """Neither the element nor an ancestor is hidden or never-shown content (a hidden print copy of the list).
    A media element around it does not hide it: the parser may have nested the page's rest inside one."""
    return not any(isinstance(a.tag, str) and (a.tag in _NEVER_SHOWN or _hidden(a))
                   for a in (el, *el.iterancestors()))


def _render(el: etree._Element, out: _Lines, on_table=None) -> None:
    """Append the text an element shows (not its tail). `on_table(el, out)` may take over a <table>."""
    tag = el.tag
    if not isinstance(tag, str) or _hidden(el):
        return
    if tag in _MEDIA:  # its own text is a fallback; what the parser nested inside it is the page's
        for ch in el:
            if isinstance(ch.tag, str) and (ch.tag in _BLOCK or ch.tag in _MEDIA):
                _render(ch, out, on_table)
        return
    if tag in _SKIP:
        return
    if tag == "br":
        out.brk()
        return
    if tag == "table" and on_table is not None and on_table(el, out):
        return
    block = tag in _BLOCK
    if block:
        out.brk()
    link, heading = tag == "a", tag in _HEADINGS
    out.link_depth += link
    out.heading_depth += heading
    out.add(el.text)
    for ch in el:
        _render(ch, out, on_table)
        out.add(ch.tail)
    out.link_depth -= link
    out.heading_depth -= heading
    if block:
        out.brk()


def _cell_text(td: etree._Element) -> str:
    out = _Lines()
    out.add(td.text)
    for ch in td:
        _render(ch, out)
        out.add(ch.tail)
    return "\n".join(out.texts())


# ------------------------------------------------------------------------------------------------ tables


def _table_rows(tbl: etree._Element) -> list[etree._Element]:
    """The table's own rows (not a nested table's), in rendering order: thead, body rows, tfoot."""
    head: list[etree._Element] = []
    body: list[etree._Element] = []
    foot: list[etree._Element] = []
    for ch in tbl:
        tag = ch.tag
        if tag == "tr":
            body.append(ch)
        elif tag in ("thead", "tbody", "tfoot"):
            rows = [r for r in ch if r.tag == "tr"]
            (head if tag == "thead" else foot if tag == "tfoot" else body).extend(rows)
    return head + body + foot


def _span(value: str | None, default: int = 1) -> int:
    """Leading digits of a span attribute, as browsers parse it ('2', ' 3 ', '2px'); else the default."""
    m = re.match(r"\s*(\d+)", value or "")
    return int(m.group(1)) if m else default


@dataclass
class _Raw:
    row: int
    col: int
    rs: int
    cs: int
    text: str


@dataclass
class _Table:
    el: etree._Element
    cells: list[_Raw]
    n_rows: int
    n_cols: int
    clamped: int
    header: ColumnMap | None = None
    start: int = 0  # first grid row (the header's): rows above are title lines

    def grid(self, number: int) -> Grid:
        cells = [Cell(row=c.row - self.start, col=c.col, text=c.text, row_span=c.rs, col_span=c.cs, page=number,
                      ref=f"t{number}r{c.row + 1}") for c in self.cells if c.row >= self.start]
        rows = [RowInfo(page=number, ref=f"t{number}r{r + 1}") for r in range(self.start, self.n_rows)]
        return Grid(n_rows=self.n_rows - self.start, n_cols=self.n_cols, cells=cells, rows=rows,
                    implicit_spans=False, index=number - 1)

    def title_lines(self) -> list[str]:
        """Text of the rows above the header (a title row inside the table), in reading order."""
        above = sorted((c for c in self.cells if c.row < self.start), key=lambda c: (c.row, c.col))
        return [ln for c in above for ln in c.text.split("\n") if ln.strip()]

    def describe(self) -> str:
        first = next((c.text for c in sorted(self.cells, key=lambda c: (c.row, c.col)) if c.text.strip()), "")
        first = squash(first)[:12]
        return f"{self.n_rows}×{self.n_cols}" + (f" starting {first!r}" if first else " empty")


def _build_table(tbl: etree._Element) -> _Table:
    """The HTML table model: each cell at the first free slot of its row, spans clamped to the table."""
    rows = _table_rows(tbl)
    n_rows = len(rows)
    taken: set[tuple[int, int]] = set()
    raw: list[_Raw] = []
    clamped = slots = 0
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            cs = min(max(_span(td.get("colspan")), 1), _MAX_COLSPAN)
            rs = _span(td.get("rowspan"))
            rs = n_rows - r if rs == 0 else min(max(rs, 1), _MAX_ROWSPAN)
            if rs > n_rows - r:
                rs, clamped = n_rows - r, clamped + 1
            width = 1
            while width < cs and (r, c + width) not in taken:  # never over a cell placed before
                width += 1
            if width < cs:
                clamped += 1
            slots += rs * width  # the positions this cell takes, charged before they are marked
            budget.check("grid cells", slots, f"a table of {n_rows} rows")
            for rr in range(r, r + rs):
                for cc in range(c, c + width):
                    taken.add((rr, cc))
            raw.append(_Raw(r, c, rs, width, _cell_text(td)))
            c += width
    # a column where no cell begins is not a column: spans past the last one are clamped to the table
    n_cols = max((x.col for x in raw), default=-1) + 1
    for x in raw:
        if x.col + x.cs > n_cols:
            x.cs, clamped = n_cols - x.col, clamped + 1
    return _Table(tbl, raw, n_rows, n_cols, clamped)


def _find_header(t: _Table) -> None:
    """Set the table's work-list header (if any) and the row it starts on."""
    if not t.cells or t.n_cols < 2:
        return
    top = min(t.n_rows, HEADER_SEARCH_ROWS)
    probe = Grid(n_rows=top, n_cols=t.n_cols,
                 cells=[Cell(row=c.row, col=c.col, text=c.text, row_span=min(c.rs, top - c.row), col_span=c.cs)
                        for c in t.cells if c.row < top],
                 rows=[RowInfo(page=1, ref="") for _ in range(top)])
    cmap = work_header(probe, max_rows=top)
    if cmap is not None:
        t.header, t.start = cmap, min(cmap.header_rows)


def _pick_work_tables(tables: list[_Table]) -> list[_Table]:
    """Tables with a work-list header (the innermost of nested ones), each followed by its continuations."""
    by_el = {t.el: t for t in tables}
    headed = {t.el for t in tables if t.header is not None}
    work: list[_Table] = []
    i = 0
    while i < len(tables):
        t = tables[i]
        i += 1
        if t.el not in headed or any(d in headed for d in t.el.iterdescendants("table")):
            continue
        work.append(t)
        last = t
        # the next tables (not nested in this one) without a header and with as many columns continue it
        while i < len(tables):
            nxt = tables[i]
            if any(a is last.el for a in nxt.el.iterancestors("table")):
                i += 1
                continue
            if nxt.el in headed or nxt.n_cols != last.n_cols or not nxt.cells:
                break
            if any(d in by_el and by_el[d].header is not None for d in nxt.el.iterdescendants("table")):
                break
            work.append(nxt)
            last = nxt
            i += 1
    return work


# ------------------------------------------------------------------------------------------------ metadata


def _label(text: str) -> str:
    return squash(text).rstrip(":：")


def _pairs_in_line(line: str) -> list[tuple[str, str]]:
    """`文号：X 发布机构：Y` -> [(文号, X), (发布机构, Y)] for catalogue labels."""
    found = [m for m in _LABEL_VALUE.finditer(line) if m.group(1) in _CATALOGUE]
    out = []
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(line)
        value = line[m.end():end].strip()
        nxt = _LABEL_VALUE.search(value)  # another label the catalogue does not know ends the value
        if nxt:
            value = value[: nxt.start()].strip()
        out.append((m.group(1), value))
    return out


def _catalogue_pairs(t: _Table) -> list[tuple[str, str]]:
    """(label, value) pairs of a table: a label cell followed by its value cell, or `label：value` in a cell."""
    grid: dict[int, list[_Raw]] = {}
    for c in t.cells:
        grid.setdefault(c.row, []).append(c)
    out: list[tuple[str, str]] = []
    for r in sorted(grid):
        row = sorted(grid[r], key=lambda c: c.col)
        for k, c in enumerate(row):
            lab = _label(c.text)
            if lab in _CATALOGUE:
                nxt = row[k + 1].text if k + 1 < len(row) and _label(row[k + 1].text) not in _CATALOGUE else ""
                out.append((lab, nxt.strip()))
            else:
                out.extend(_pairs_in_line(c.text.replace("\n", " ")))
    return out


def _known_metadata(pairs: list[tuple[str, str]]) -> dict[str, str]:
    known: dict[str, str] = {}
    date_rank = 99
    for label, value in pairs:
        fld = _CATALOGUE.get(label)
        value = value.strip()
        if not fld or not value or value in ("无", "/", "-", "—"):
            continue
        if fld == "issue_date":
            rank = _DATE_RANK.get(label, 9)
            if rank < date_rank:
                known[fld], date_rank = value, rank
        else:
            known.setdefault(fld, value)
    return known


# ------------------------------------------------------------------------------------------------ page


def _is_nav(line: _Line) -> bool:
    """Site navigation, not the notice: a line that is mostly link text, or a breadcrumb `首页 > 政务公开 > …`."""
    chars = len(line.text.replace(" ", ""))
    return (chars and line.link_chars >= 0.6 * chars) or len(_NAV_SEPARATORS.findall(line.text)) >= 2


def _article_start(lines: list[_Line | _Marker], end: int, page_title: str) -> int:
    """Index of the article's heading among lines[:end]: the heading that repeats the page <title>."""
    parts = sorted((squash(p) for p in _TITLE_SPLIT.split(page_title or "")), key=len, reverse=True)
    want = parts[0] if parts and len(parts[0]) >= 6 else ""
    if not want:
        return 0
    for i in range(end - 1, -1, -1):
        ln = lines[i]
        if isinstance(ln, _Line) and ln.heading:
            s = squash(ln.text)
            if want in s or (len(s) >= 6 and s in want):
                return i
    for i in range(end - 1, -1, -1):
        ln = lines[i]
        if isinstance(ln, _Line) and squash(ln.text) == want:
            return i
    return 0


def _parse(text: str) -> etree._Element:
    text = _CONTROLS.sub("", _XML_DECL.sub("", text, count=1))
    text = _UNKNOWN_VOID.sub(lambda m: m.group(1) + f"</{m.group(2)}>", text)
    if not text.strip():
        raise CorruptFileError("the page is empty")
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=True)
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise CorruptFileError(f"not readable as HTML ({e})") from None
    if root is None:
        raise CorruptFileError("the page is empty")
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):  # libxml2 stopped reading
        raise CorruptFileError("the page's elements are nested too deeply to read")
    return root


def _no_table_message(tables: list[_Table], root: etree._Element) -> str:
    links = [a.get("href", "") for a in root.iter("a") if _ATTACHMENT.search(a.get("href", ""))]
    hint = ""
    if links:
        names = ", ".join(dict.fromkeys(h.rsplit("/", 1)[-1].split("?")[0] for h in links))
        hint = f"; the page links attachments ({names[:120]}): convert those files"
    if not tables:
        return "no work-list table: the page has no table" + hint
    shown = "; ".join(t.describe() for t in tables[:5]) + (" …" if len(tables) > 5 else "")
    return (f"no work-list table (no header with 名称/序号/牵头单位… columns) among the page's {len(tables)} "
            f"table(s): {shown}{hint}")


def read_page(text: str, warnings: list[str] | None = None) -> RawDocument:
    """Read a decoded HTML page into front matter, the work-list grids, back matter and known metadata."""
    warnings = list(warnings or [])
    root = _parse(text)
    try:
        tables = [_build_table(el) for el in root.iter("table") if _shown(el)]
    except RecursionError:
        raise CorruptFileError("the page's elements are nested too deeply to read") from None
    for t in tables:
        _find_header(t)
    work = _pick_work_tables(tables)
    if not work:
        raise NoTableError(_no_table_message(tables, root))
    number = {t.el: k for k, t in enumerate(work, start=1)}
    inside_work = {a for t in work for a in t.el.iterdescendants("table")}
    pairs: list[tuple[str, str]] = []
    catalogue: set[etree._Element] = set()
    for t in tables[: tables.index(work[0])]:  # the catalogue stands above the list; tables below are others'
        if t.el in inside_work or any(d in number for d in t.el.iterdescendants("table")):
            continue
        found = _catalogue_pairs(t)
        if len({lab for lab, _ in found}) >= 2:
            catalogue.add(t.el)
        pairs.extend(found)

    def on_table(el: etree._Element, out: _Lines) -> bool:
        if el in number:
            t = work[number[el] - 1]
            out.brk()
            cap = el.find("caption")
            if number[el] == 1:
                if cap is not None:
                    out.out.extend(_Line(x) for x in _cell_text(cap).split("\n") if x.strip())
                out.out.extend(_Line(x) for x in t.title_lines())
            out.out.append(_Marker(number[el]))
            return True
        return el in catalogue  # the catalogue is read as metadata, not as text

    lines = _Lines()
    body = root.find("body")
    try:
        _render(body if body is not None else root, lines, on_table)
    except RecursionError:
        raise CorruptFileError("the page's elements are nested too deeply to read") from None
    lines.brk()
    seq = lines.out
    marks = [i for i, x in enumerate(seq) if isinstance(x, _Marker)]
    first, last = marks[0], marks[-1]
    before = [x for x in seq[:first] if isinstance(x, _Line)]
    for ln in before:
        pairs.extend(_pairs_in_line(ln.text))
    title_el = root.find(".//title")
    start = _article_start(seq, first, "".join(str(t) for t in title_el.itertext()) if title_el is not None else "")
    front = [x.text for x in seq[start:first] if isinstance(x, _Line) and not _is_nav(x)]
    back = [x.text for x in seq[last + 1:] if isinstance(x, _Line) and not _is_nav(x)]
    grids = [t.grid(k) for k, t in enumerate(work, start=1)]
    for k, t in enumerate(work, start=1):
        if t.clamped:
            warnings.append(f"t{k}: {t.clamped} row/col span(s) reaching past the table or over another cell "
                            "were clamped")
    return RawDocument("html", front_matter=front, tables=grids, n_pages=len(grids), warnings=warnings,
                       back_matter=back, metadata=_known_metadata(pairs))


# ------------------------------------------------------------------------------------------------ files


def read_html(path: str | Path) -> RawDocument:
    """Read an .html/.htm/.shtml page. Raises `ReadError` subclasses with short messages."""
    p = Path(path)
    _check_size(p, MAX_HTML_BYTES, "an HTML page")
    data = p.read_bytes()
    if not data.strip():
        raise CorruptFileError("the file is empty")
    text, _enc, warnings = decode_html(data)
    return read_page(text, warnings)


def read_mhtml(path: str | Path) -> RawDocument:
    """Read a browser's single-file save (.mhtml/.mht: MIME multipart/related): its root HTML part."""
    import email
    from email import policy

    p = Path(path)
    _check_size(p, MAX_MHTML_BYTES, "an MHTML file")
    try:  # the stdlib parser recurses per nesting level of the parts
        with open(p, "rb") as fh:
            msg = email.message_from_binary_file(fh, policy=policy.compat32)
        part = _root_html_part(msg)
    except RecursionError:
        raise CorruptFileError("the MHTML file's parts are nested too deeply to read") from None
    if part is None:
        raise UnsupportedFormatError("an MHTML file without an HTML page in it")
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise CorruptFileError("the MHTML file's page is empty")
    if len(payload) > MAX_HTML_BYTES:
        raise TooLargeError(f"the MHTML file's page of {len(payload) // 2**20} MB is over the limit of "
                            f"{MAX_HTML_BYTES // 2**20} MB")
    text, _enc, warnings = decode_html(payload, part.get_content_charset())
    return read_page(text, warnings)


def _root_html_part(msg):  # type: ignore[no-untyped-def]
    """The part `start` names (by Content-ID), else the first text/html part."""
    if not msg.is_multipart():
        return msg if msg.get_content_type() == "text/html" else None
    start = (msg.get_param("start") or "").strip().strip("<>")
    html_parts = [part for part in msg.walk() if part.get_content_type() == "text/html"]
    if start:
        for part in html_parts:
            if (part.get("Content-ID") or "").strip().strip("<>") == start:
                return part
    return html_parts[0] if html_parts else None
