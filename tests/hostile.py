"""Generators of hostile inputs (issue 14, reader level): each builder writes a small file into a folder and
returns its path. Nothing here is a committed blob; every file is a few KB except where a size is the point
(sparse files take no disk).

Used by tests/test_hostile.py (behaviour, bounded time and memory in a child process), tests/test_fuzz.py
and bench/bench.py (the long-TXT row).
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from pathlib import Path

HEADER = "专项名称\t序号\t类型\t名称\t工作时序\t\t\t\t牵头单位\t责任人"
SUBHEADER = "\t\t\t\t一季度\t二季度\t三季度\t四季度\t\t"
TITLE = "2024年某县公共服务工作清单"


def txt_row(k: int, category: str = "幼有善育") -> str:
    """One ordinary TXT work row (序号 k, all ten columns)."""
    return "\t".join([category if k == 1 else "", str(k), "重点任务" if k == 1 else "", f"推进第{k}项重点工作",
                      f"启动第{k}项", "推进实施", "基本完成", "总结评估", "县发改局", "张三"])


def long_txt(d: Path, n_rows: int, name: str | None = None, cell_chars: int = 0, group: int = 50) -> Path:
    """A TXT notice of one table with `n_rows` rows: a new 专项 every `group` rows (序号 1..group in each,
    as in a batch of notices merged by a user). With `cell_chars`, the first row's 名称 is that long."""
    lines = [TITLE, "", HEADER, SUBHEADER]
    lines += [txt_row(i % group + 1, category=f"专项{i // group + 1}") for i in range(n_rows)]
    if cell_chars:
        cells = lines[4].split("\t")
        cells[3] = ("推进工作" * (cell_chars // 4 + 1))[:cell_chars]
        lines[4] = "\t".join(cells)
    p = d / (name or f"long-{n_rows}.txt")
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


# --------------------------------------------------------------------------------------------------- encodings


def _notice_text(n_rows: int = 3) -> str:
    return "\n".join([TITLE, "", HEADER, SUBHEADER] + [txt_row(k) for k in range(1, n_rows + 1)]) + "\n"


def txt_utf8_bom_cut(d: Path) -> Path:
    """UTF-8 with BOM, cut in the middle of the last (3-byte) character."""
    data = b"\xef\xbb\xbf" + (_notice_text() + "完").encode("utf-8")
    p = d / "bom-cut.txt"
    p.write_bytes(data[:-1])
    return p


def txt_utf16_odd(d: Path) -> Path:
    """UTF-16-LE with BOM and one stray byte at the end (an odd number of bytes)."""
    p = d / "utf16-odd.txt"
    p.write_bytes(b"\xff\xfe" + _notice_text().encode("utf-16-le") + b"\x41")
    return p


def txt_bom_then_gbk(d: Path) -> Path:
    """A UTF-8 byte-order mark in front of GBK text (an editor that added the mark to the wrong file)."""
    p = d / "bom-gbk.txt"
    p.write_bytes(b"\xef\xbb\xbf" + _notice_text().encode("gbk"))
    return p


def txt_mixed_utf8_gbk(d: Path) -> tuple[Path, list[int]]:
    """UTF-8 lines with two GBK rows pasted in; returns the path and the (1-based) GBK line numbers."""
    lines = _notice_text(6).splitlines()
    gbk = [6, 8]  # data rows 2 and 4
    data = b"\n".join(ln.encode("gbk") if no in gbk else ln.encode("utf-8") for no, ln in enumerate(lines, 1))
    p = d / "mixed.txt"
    p.write_bytes(data + b"\n")
    return p, gbk


def txt_garbage_line(d: Path) -> Path:
    """UTF-8 text with one line that is neither UTF-8 nor GB18030 (bytes 0xFF)."""
    lines = _notice_text().encode("utf-8").split(b"\n")
    lines[5] = b"\xff\xfe\xff\xff\xff" * 40
    p = d / "garbage-line.txt"
    p.write_bytes(b"\n".join(lines))
    return p


# --------------------------------------------------------------------------------------------------- size, kind


def sparse_file(d: Path, size: int, name: str = "huge.txt", head: bytes = b"") -> Path:
    """A file that `stat` says is `size` bytes, written in no time (a hole after `head`)."""
    p = d / name
    with open(p, "wb") as fh:
        fh.write(head)
        fh.truncate(size)
    return p


def fifo(d: Path, name: str = "notice.txt") -> Path:
    p = d / name
    os.mkfifo(p)
    return p


# --------------------------------------------------------------------------------------------------- TXT layout


def txt_wide_header(d: Path, extras: int = 7) -> Path:
    """The ten contract columns plus `extras` columns the contract does not know (备注, 完成情况 …)."""
    names = ["备注", "完成情况", "资金来源", "进展", "评价", "配合单位", "联系电话", "督办", "考核", "附件"][:extras]
    header = HEADER + "\t" + "\t".join(names)
    sub = SUBHEADER + "\t" * extras
    rows = [txt_row(k) + "\t" + "\t".join(f"{n}{k}" for n in names) for k in range(1, 4)]
    p = d / f"wide-{extras}.txt"
    p.write_text("\n".join([TITLE, "", header, sub, *rows]) + "\n", encoding="utf-8")
    return p


def txt_header_only(d: Path) -> Path:
    p = d / "header-only.txt"
    p.write_text("\n".join([TITLE, "", HEADER, SUBHEADER]) + "\n", encoding="utf-8")
    return p


def txt_notes_beyond_columns(d: Path, n_notes: int = 2) -> Path:
    """Row 2 followed by `n_notes` lines whose only text lies beyond the header's last column."""
    rows = [txt_row(1), txt_row(2)]
    rows += ["\t" * 10 + f"注{k}：此项由县发改局牵头，每月报送进度" for k in range(1, n_notes + 1)]
    rows += [txt_row(3)]
    p = d / f"notes-{n_notes}.txt"
    p.write_text("\n".join([TITLE, "", HEADER, SUBHEADER, *rows]) + "\n", encoding="utf-8")
    return p


# --------------------------------------------------------------------------------------------------- PDF


class PdfBuilder:
    """A hand-written PDF: numbered objects, a correct xref, so that only the hostile part is wrong."""

    def __init__(self) -> None:
        self.objects: dict[int, bytes] = {}

    def add(self, n: int, body: bytes) -> None:
        self.objects[n] = body

    def stream(self, n: int, data: bytes, extra: bytes = b"", compress: bool = False) -> None:
        if compress:
            data = zlib.compress(data, 9)
            extra += b" /Filter /FlateDecode"
        self.objects[n] = b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"

    def build(self, root: int = 1) -> bytes:
        out = io.BytesIO()
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        size = max(self.objects) + 1
        offsets: dict[int, int] = {}
        for n in sorted(self.objects):
            offsets[n] = out.tell()
            out.write(b"%d 0 obj\n" % n + self.objects[n] + b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
        for n in range(1, size):
            if n in offsets:
                out.write(b"%010d 00000 n \n" % offsets[n])
            else:
                out.write(b"0000000000 65535 f \n")
        out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref))
        return out.getvalue()


def _ruled_table_ops(n_rows: int = 3, n_cols: int = 4) -> bytes:
    """Content-stream operators drawing a ruled grid (so the page has a table for pdfplumber)."""
    ops = [b"0.5 w"]
    x0, y0, w, h = 72, 700, 100, 30
    for r in range(n_rows + 1):
        ops.append(b"%d %d m %d %d l S" % (x0, y0 - r * h, x0 + n_cols * w, y0 - r * h))
    for c in range(n_cols + 1):
        ops.append(b"%d %d m %d %d l S" % (x0 + c * w, y0, x0 + c * w, y0 - n_rows * h))
    return b"\n".join(ops) + b"\n"


def _page_objects(b: PdfBuilder, kids: list[int]) -> None:
    b.add(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    b.add(2, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))


def flate_bomb_bytes(megabytes: int) -> bytes:
    """A valid zlib stream inflating to `megabytes` MB of spaces, made in a fraction of a second: after a
    full flush, deflate's output for the same 1 MB chunk is the same bytes, so one piece is repeated (and
    the Adler-32 checksum computed over the whole)."""
    chunk = b" " * (1 << 20)
    comp = zlib.compressobj(9)
    first = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)  # with the zlib header
    piece = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    adler = 1
    for _ in range(megabytes):
        adler = zlib.adler32(chunk, adler)
    return first + piece * (megabytes - 1) + b"\x03\x00" + adler.to_bytes(4, "big")  # empty final block


def pdf_flate_bomb(d: Path, pages: int = 2, inflated_mb: int = 1024, name: str = "flate-bomb.pdf") -> Path:
    """Each page's content stream inflates to `inflated_mb` MB (about 1 MB of file per GB)."""
    b = PdfBuilder()
    kids = []
    data = flate_bomb_bytes(inflated_mb)
    for i in range(pages):
        page, content = 3 + 2 * i, 4 + 2 * i
        kids.append(page)
        b.add(page, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R >>" % content)
        b.add(content, b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
    _page_objects(b, kids)
    p = d / name
    p.write_bytes(b.build())
    return p


def pdf_contents_loop(d: Path) -> Path:
    """/Contents 5 0 R, where object 5 is a reference to 7 and 7 a reference back to 5."""
    b = PdfBuilder()
    _page_objects(b, [3])
    b.add(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R >>")
    b.add(5, b"7 0 R")
    b.add(7, b"5 0 R")
    p = d / "contents-loop.pdf"
    p.write_bytes(b.build())
    return p


def pdf_contents_array_loop(d: Path) -> Path:
    """/Contents [5 0 R] where 5 is an array holding a reference to itself."""
    b = PdfBuilder()
    _page_objects(b, [3])
    b.add(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [5 0 R 7 0 R] >>")
    b.add(5, b"[7 0 R]")
    b.add(7, b"[5 0 R]")
    p = d / "contents-array-loop.pdf"
    p.write_bytes(b.build())
    return p


def pdf_broken_page_tree(d: Path) -> Path:
    """The catalog's /Pages points at an object that is not a page tree, and no /Type /Page object exists."""
    b = PdfBuilder()
    b.add(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    b.add(2, b"<< /Type /Pages /Kids [9 0 R] /Count 1 >>")  # object 9 does not exist
    b.add(3, b"<< /Font << >> >>")
    p = d / "broken-tree.pdf"
    p.write_bytes(b.build())
    return p


def pdf_page_contents_missing(d: Path) -> Path:
    """A page whose /Contents names an object that is not in the file."""
    b = PdfBuilder()
    _page_objects(b, [3])
    b.add(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 8 0 R >>")
    p = d / "contents-missing.pdf"
    p.write_bytes(b.build())
    return p


def pdf_type3_no_tounicode(d: Path, n_rows: int = 3, n_cols: int = 4) -> Path:
    """A ruled table whose cells are written in a Type3 font with no ToUnicode map and no /Encoding
    differences: pdfminer can only give `(cid:N)` for every glyph."""
    b = PdfBuilder()
    _page_objects(b, [3])
    b.add(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
             b"/Resources << /Font << /T3 5 0 R >> >> >>")
    ops = [_ruled_table_ops(n_rows, n_cols)]
    for r in range(n_rows):
        for c in range(n_cols):
            x, y = 72 + c * 100 + 5, 700 - r * 30 - 20
            ops.append(b"BT /T3 10 Tf %d %d Td <%02x%02x%02x> Tj ET\n" % (x, y, 1 + r, 2 + c, 3))
    b.stream(4, b"".join(ops))
    glyph = b"0 0 d0 0 0 m 700 0 l 700 700 l 0 700 l f"
    b.add(5, b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 750 750] /FontMatrix [0.001 0 0 0.001 0 0] "
             b"/CharProcs 6 0 R /FirstChar 0 /LastChar 255 /Widths [%s] /Resources << >> >>"
             % b" ".join([b"750"] * 256))
    b.add(6, b"<< /g 7 0 R >>")
    b.stream(7, glyph)
    p = d / "type3.pdf"
    p.write_bytes(b.build())
    return p


# --------------------------------------------------------------------------------------------------- DOCX

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (
    f'xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
)
_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
_REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def docx_part(body: str, root: str = "document") -> str:
    inner = f"<w:body>{body}</w:body>" if root == "document" else body
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{root} {NSDECL}>{inner}</w:{root}>'


def write_docx(path: Path, body: str, parts: dict[str, tuple[str, str]] | None = None) -> Path:
    """A minimal DOCX. `parts`: part name -> (relationship type suffix, XML) related from document.xml."""
    rels = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    for i, (name, (rtype, _)) in enumerate((parts or {}).items(), start=10):
        rels.append(f'<Relationship Id="rId{i}" Type="{_REL_BASE}{rtype}" Target="{name.split("/", 1)[1]}"/>')
    rels.append("</Relationships>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", docx_part(body))
        if parts:
            z.writestr("word/_rels/document.xml.rels", "".join(rels))
            for name, (_, xml) in parts.items():
                z.writestr(name, xml)
    return path


def w_p(text: str = "") -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>' if text else "<w:p/>"


def w_tc(text: str = "", span: int = 1) -> str:
    pr = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span != 1 else ""
    return f"<w:tc>{pr}{w_p(text)}</w:tc>"


def w_tr(*cells: str, before: int = 0, after: int = 0) -> str:
    pr = ""
    if before:
        pr += f'<w:gridBefore w:val="{before}"/>'
    if after:
        pr += f'<w:gridAfter w:val="{after}"/>'
    return f"<w:tr>{'<w:trPr>' + pr + '</w:trPr>' if pr else ''}{''.join(cells)}</w:tr>"


def w_tbl(*rows: str, grid: int = 0) -> str:
    g = "<w:tblGrid>" + '<w:gridCol w:w="1000"/>' * grid + "</w:tblGrid>" if grid else ""
    return f"<w:tbl><w:tblPr/>{g}{''.join(rows)}</w:tbl>"


WORK_HEADER = ["专项名称", "序号", "类型", "名称", "一季度", "二季度", "三季度", "四季度", "牵头单位", "责任人"]


def work_table(n_rows: int = 3, prefix: str = "") -> str:
    """A ten-column work list as DOCX table markup (header + `n_rows` rows)."""
    rows = [w_tr(*(w_tc(h) for h in WORK_HEADER))]
    for k in range(1, n_rows + 1):
        rows.append(w_tr(*(w_tc(t) for t in txt_row(k, category=f"{prefix}幼有善育").split("\t"))))
    return w_tbl(*rows, grid=len(WORK_HEADER))


def docx_huge_spans(d: Path, span: int = 10**9, where: str = "gridSpan") -> Path:
    """A work table whose second data row declares a span of `span` columns (gridSpan, gridBefore or
    gridAfter) in a 10-column grid."""
    rows = [w_tr(*(w_tc(h) for h in WORK_HEADER))]
    rows.append(w_tr(*(w_tc(t) for t in txt_row(1).split("\t"))))
    cells = [w_tc(t) for t in txt_row(2).split("\t")]
    if where == "gridSpan":
        cells[9] = w_tc("张三", span=span)
        rows.append(w_tr(*cells))
    elif where == "gridBefore":
        rows.append(w_tr(*cells, before=span))
    else:
        rows.append(w_tr(*cells, after=span))
    rows.append(w_tr(*(w_tc(t) for t in txt_row(3).split("\t"))))
    p = d / f"span-{where}-{span}.docx"
    return write_docx(p, w_p(TITLE) + w_tbl(*rows, grid=len(WORK_HEADER)))


def _wps_textbox(inner: str) -> str:
    """A paragraph anchoring a WPS/Word text box (AlternateContent: wps:txbx, VML v:textbox fallback)."""
    return (
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic>"
        "<a:graphicData><wps:wsp><wps:txbx><w:txbxContent>" + inner + "</w:txbxContent></wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>"
        "<v:textbox><w:txbxContent>" + inner + "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )


def docx_table_in_textbox(d: Path, n_rows: int = 3) -> Path:
    p = d / "textbox-table.docx"
    return write_docx(p, w_p(TITLE) + _wps_textbox(work_table(n_rows)) + w_p("抄送：县委办"))


def docx_table_in_vml_textbox(d: Path, n_rows: int = 3) -> Path:
    """Only the VML text box (older Word/WPS): w:pict/v:shape/v:textbox."""
    inner = work_table(n_rows)
    body = (w_p(TITLE) + "<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>" + inner
            + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>")
    return write_docx(d / "vml-textbox-table.docx", body)


def docx_table_in_header(d: Path, n_rows: int = 3) -> Path:
    hdr = docx_part(work_table(n_rows), root="hdr")
    body = w_p(TITLE) + w_p("见页眉中的清单")
    return write_docx(d / "header-table.docx", body, {"word/header1.xml": ("header", hdr)})


def docx_table_in_footnote(d: Path, n_rows: int = 3) -> Path:
    fn = docx_part('<w:footnote w:id="1">' + work_table(n_rows) + "</w:footnote>", root="footnotes")
    body = w_p(TITLE) + w_p("清单见脚注")
    return write_docx(d / "footnote-table.docx", body, {"word/footnotes.xml": ("footnotes", fn)})


# --------------------------------------------------------------------------------------------------- round 3
# The readers added in 0.2.0 (issue 20): small files that describe unbounded work. Each is a few KB.

_OFD_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def _ofd(path: Path, page: str, *, box: str = "0 0 210 297", templates: str = "",
         extra: dict[str, bytes | str] | None = None) -> Path:
    """A one-page OFD whose page part is `page` (the Content.xml text)."""
    files: dict[str, bytes | str] = {
        "OFD.xml": (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {_OFD_NS} Version="1.0" DocType="OFD">'
                    '<ofd:DocBody><ofd:DocInfo><ofd:Title>测试</ofd:Title></ofd:DocInfo><ofd:DocRoot>'
                    'Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>'),
        "Doc_0/Document.xml": (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {_OFD_NS}><ofd:CommonData>'
                               f'<ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>{box}'
                               '</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>'
                               f'{templates}</ofd:CommonData><ofd:Pages><ofd:Page ID="10" '
                               'BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>'),
        "Doc_0/PublicRes.xml": (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res {_OFD_NS} BaseLoc="Res">'
                                '<ofd:Fonts><ofd:Font ID="1" FontName="宋体"/></ofd:Fonts><ofd:MultiMedias>'
                                '<ofd:MultiMedia ID="5" Type="Image"><ofd:MediaFile>scan.png</ofd:MediaFile>'
                                '</ofd:MultiMedia></ofd:MultiMedias></ofd:Res>'),
        "Doc_0/Pages/Page_0/Content.xml": page,
        **(extra or {}),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


def _ofd_page(objects: str, head: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {_OFD_NS}>{head}<ofd:Content><ofd:Layer ID="2">'
            f'{objects}</ofd:Layer></ofd:Content></ofd:Page>')


def _png_bytes(size: tuple[int, int] = (40, 20)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", size, 255).save(buf, "PNG")
    return buf.getvalue()


def ofd_huge_page(d: Path, mm: int = 10_000) -> Path:
    """An image-only OFD whose page is `mm` × `mm` millimetres (10 m: the OCR canvas would be 6 Gpx)."""
    img = '<ofd:ImageObject ID="6" Boundary="0 0 100 50" CTM="100 0 0 50 0 0" ResourceID="5"/>'
    return _ofd(d / "huge-page.ofd", _ofd_page(img), box=f"0 0 {mm} {mm}",
                extra={"Doc_0/Res/scan.png": _png_bytes()})


def ofd_deltax_repeat(d: Path, count: int = 10**9) -> Path:
    """A TextCode whose DeltaX repeats one step `count` times (`g 1000000000 3.175`)."""
    text = (f'<ofd:TextObject ID="3" Boundary="10 10 100 10" Font="1" Size="4"><ofd:TextCode X="0" Y="4" '
            f'DeltaX="g {count} 3.175">推进工作</ofd:TextCode></ofd:TextObject>')
    return _ofd(d / "deltax.ofd", _ofd_page(text))


def ofd_template_refs(d: Path, refs: int = 20_000) -> Path:
    """A page that draws one template `refs` times (each reference re-walks the template's objects)."""
    tpl = '<ofd:TemplatePage ID="7" BaseLoc="Tpls/Tpl_0/Content.xml"/>'
    objects = "".join(f'<ofd:TextObject ID="{20 + i}" Boundary="10 {i % 200} 40 6" Font="1" Size="4"><ofd:TextCode '
                      f'X="0" Y="4" DeltaX="4">页眉</ofd:TextCode></ofd:TextObject>' for i in range(200))
    head = '<ofd:Template TemplateID="7"/>' * refs
    page = _ofd_page('<ofd:TextObject ID="3" Boundary="10 10 40 6" Font="1" Size="4"><ofd:TextCode X="0" Y="4">'
                     '正文</ofd:TextCode></ofd:TextObject>', head)
    return _ofd(d / "template-refs.ofd", page, templates=tpl,
                extra={"Doc_0/Tpls/Tpl_0/Content.xml": _ofd_page(objects)})


def png_header_only(d: Path, width: int, height: int, name: str = "huge.png") -> Path:
    """A PNG that declares width × height pixels in a few hundred bytes (its pixel data is one short row:
    what costs memory is decoding, which must not start)."""
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    p = d / name
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
                  + chunk(b"IEND", b""))
    return p


def tiff_frames(d: Path, frames: int = 1000, size: tuple[int, int] = (400, 560)) -> Path:
    """A multi-page TIFF of `frames` blank group-4 pages (each a few hundred bytes)."""
    from PIL import Image

    page = Image.new("1", size, 1)
    p = d / f"frames-{frames}.tif"
    page.save(p, save_all=True, append_images=[page] * (frames - 1), compression="group4")
    return p


def _workbook(rows: list[list[object]]) -> dict[str, bytes]:
    """The parts of an openpyxl workbook holding `rows` on its one sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as z:
        return {n: z.read(n) for n in z.namelist()}


def _write_parts(p: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return p


XLSX_HEADER = ["专项名称", "序号", "类型", "名称", "一季度", "二季度", "三季度", "四季度", "牵头单位", "责任人"]


def xlsx_rows(n: int = 3) -> list[list[object]]:
    return [XLSX_HEADER] + [txt_row(k).split("\t") for k in range(1, n + 1)]


def xlsx_stray_cell(d: Path, n: int = 3, at: str = "XFD1048576", text: str = "附注") -> Path:
    """A list of `n` rows and one text cell far away (XFD1048576: the last cell a sheet has)."""
    parts = _workbook(xlsx_rows(n))
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    row = int("".join(ch for ch in at if ch.isdigit()))
    cell = f'<row r="{row}"><c r="{at}" t="inlineStr"><is><t>{text}</t></is></c></row>'
    parts["xl/worksheets/sheet1.xml"] = sheet.replace("</sheetData>", cell + "</sheetData>").encode()
    return _write_parts(d / "stray-cell.xlsx", parts)


def xlsx_merge_area(d: Path, ref: str = "A200:XFD1048576") -> Path:
    """A list with one merged range `ref` (openpyxl makes a cell for every position of it while loading)."""
    parts = _workbook(xlsx_rows(3))
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    merge = f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'
    parts["xl/worksheets/sheet1.xml"] = sheet.replace("</sheetData>", "</sheetData>" + merge).encode()
    return _write_parts(d / "merge-area.xlsx", parts)


def xlsx_formulas(d: Path, n: int = 5, column: str = "D") -> Path:
    """A list whose `column` cells (D: 名称) below the header are formulas without a cached value."""
    import re

    parts = _workbook(xlsx_rows(n))
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for r in range(2, n + 2):
        sheet = re.sub(rf'<c r="{column}{r}"[^>]*>.*?</c>', f'<c r="{column}{r}"><f>CONCAT("推进",{r})</f></c>', sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    return _write_parts(d / "formulas.xlsx", parts)


def _html_list(rows: int = 3, before: str = "") -> str:
    head = "".join(f"<td>{h}</td>" for h in XLSX_HEADER)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in txt_row(k).split("\t")) + "</tr>"
                   for k in range(1, rows + 1))
    return (f"<html><head><meta charset='utf-8'><title>{TITLE}</title></head><body><h1>{TITLE}</h1>{before}"
            f"<table><tr>{head}</tr>{body}</table><p>抄送：县委办</p></body></html>")


def html_rowspan_zero(d: Path, rows: int = 20_000, colspan: int = 1000) -> Path:
    """`<td rowspan=0 colspan=1000>` at the top of a table of `rows` rows (rowspan 0 runs to the table's end)."""
    body = f'<tr><td rowspan="0" colspan="{colspan}">x</td></tr>' + "<tr><td></td></tr>" * rows
    p = d / "rowspan0.html"
    p.write_text(_html_list(3, f"<table>{body}</table>"), encoding="utf-8")
    return p


def html_empty_cells(d: Path, cells: int = 60_000, rows: int = 30) -> Path:
    """A list whose header row carries `cells` empty cells more, over `rows` rows."""
    p = d / "empty-cells.html"
    page = _html_list(rows).replace("<td>责任人</td>", "<td>责任人</td>" + "<td></td>" * cells, 1)
    p.write_text(page, encoding="utf-8")
    return p


def html_embed(d: Path, element: str = '<embed src="player.swf" width="400">') -> Path:
    """A county page with a media player (`<embed>`, `<object>`, `<source>`) before the list."""
    p = d / "embed.html"
    p.write_text(_html_list(3, element), encoding="utf-8")
    return p


def mhtml_nested(d: Path, depth: int = 3000) -> Path:
    """An MHTML file of `depth` nested multipart parts around its page."""
    parts = [f"Content-Type: text/html; charset=utf-8\n\n{_html_list(3)}\n"]
    for k in range(depth):
        b = f"b{k}"
        parts.append(f'Content-Type: multipart/related; boundary="{b}"\n\n--{b}\n{parts[-1]}\n--{b}--\n')
    p = d / "nested.mhtml"
    p.write_text("MIME-Version: 1.0\n" + parts[-1], encoding="utf-8")
    return p


def pdf_dense_grid(d: Path, n: int = 350, per_cell: bool = False) -> Path:
    """One page ruled into n × n cells (350: ~122 000 cells), by n+1 lines each way or, with `per_cell`, by a
    rectangle per cell (how some programs draw tables: 4 edges a cell)."""
    size = 8.0  # wider than the snap tolerance: each is a cell
    x0, y0 = 20.0, 20.0
    if per_cell:
        ops = [b"0.2 w"] + [b"%.2f %.2f %.2f %.2f re S" % (x0 + c * size, y0 + r * size, size, size)
                            for r in range(n) for c in range(n)]
    else:
        ops = [b"0.2 w"]
        for k in range(n + 1):
            ops.append(b"%.2f %.2f m %.2f %.2f l S" % (x0, y0 + k * size, x0 + n * size, y0 + k * size))
            ops.append(b"%.2f %.2f m %.2f %.2f l S" % (x0 + k * size, y0, x0 + k * size, y0 + n * size))
    b = PdfBuilder()
    side = int(n * size + 2 * x0)
    b.add(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R >>" % (side, side))
    b.stream(4, b"\n".join(ops) + b"\n", compress=True)
    _page_objects(b, [3])
    p = d / f"dense-{n}{'-rects' if per_cell else ''}.pdf"
    p.write_bytes(b.build())
    return p
