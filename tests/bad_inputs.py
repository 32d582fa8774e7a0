"""Builders of broken and odd input files, made in a test's tmp_path (no binary bad files in the repository).

Each builder takes a folder and returns the path it wrote. They start from the small generated fixtures and
the TXT sample, so every file is a few KB and quick to convert or to refuse.
"""

from __future__ import annotations

import io
import random
import shutil
import zipfile
from pathlib import Path

from tests.paths import FIXTURES, SAMPLE

SMALL_PDF = FIXTURES / "pdf" / "vertical_type_label.pdf"  # a 1-page work list
SMALL_DOCX = FIXTURES / "docx" / "reordered_columns.docx"
PASSWORD = "qyx-2024"  # ASCII: pdfminer encodes R<=4 passwords as latin-1 (see the report to the lead)


def _rng(seed: int = 20240328) -> random.Random:
    return random.Random(seed)


def empty(d: Path, name: str = "empty.pdf") -> Path:
    p = d / name
    p.write_bytes(b"")
    return p


def truncated_pdf(d: Path) -> Path:
    """The first third of a real PDF: header and some objects, no xref, no %%EOF."""
    data = SMALL_PDF.read_bytes()
    p = d / "truncated.pdf"
    p.write_bytes(data[: len(data) // 3])
    return p


def corrupt_pdf(d: Path) -> Path:
    """A PDF header followed by garbage."""
    p = d / "corrupt.pdf"
    p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + _rng().randbytes(20_000) + b"\n%%EOF\n")
    return p


def encrypted_pdf(d: Path, password: str = PASSWORD) -> Path:
    """A real work-list PDF encrypted with a user password (pypdf, AES-128)."""
    from pypdf import PdfWriter

    w = PdfWriter(clone_from=str(SMALL_PDF))
    w.encrypt(user_password=password, owner_password="owner-" + password, algorithm="AES-128")
    p = d / "encrypted.pdf"
    with open(p, "wb") as fh:
        w.write(fh)
    return p


def scanned_pdf(d: Path) -> Path:
    """An image-only PDF (what a scanner makes): a drawn 'table', no text layer."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1240, 877), "white")
    draw = ImageDraw.Draw(img)
    for y in range(100, 800, 60):
        draw.line([(80, y), (1160, y)], fill="black", width=2)
    for x in (80, 300, 600, 900, 1160):
        draw.line([(x, 100), (x, 760)], fill="black", width=2)
    p = d / "scanned.pdf"
    img.save(p, "PDF", resolution=150)
    return p


def text_pdf(lines: list[str]) -> bytes:
    """A minimal valid PDF with a text layer (Helvetica, ASCII) and no ruled table."""
    body = " ".join(f"({line}) Tj 0 -18 Td" for line in lines)
    content = f"BT /F1 12 Tf 72 720 Td {body} ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def pdf_without_table(d: Path) -> Path:
    p = d / "letter.pdf"
    p.write_bytes(text_pdf(["Notice on the work list", "The list will follow in a separate letter.", "2024-03-28"]))
    return p


def doc_renamed_docx(d: Path) -> Path:
    """An OLE compound document header (what a Word 97-2003 file starts with) and no streams, named .docx."""
    p = d / "old-word.docx"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    p.write_bytes(header + b"\x00" * (4096 - len(header)))
    return p


def zip_not_docx(d: Path) -> Path:
    p = d / "archive.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("readme.txt", "not a Word document")
        z.writestr("data/list.csv", "a,b\n1,2\n")
    return p


def xlsx(d: Path) -> Path:
    """The skeleton of an Excel workbook (named .xlsx): a zip with xl/ parts."""
    p = d / "list.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
        z.writestr("xl/workbook.xml", "<workbook/>")
    return p


def png(d: Path) -> Path:
    from PIL import Image

    p = d / "photo.png"
    Image.new("RGB", (32, 32), "red").save(p, "PNG")
    return p


def random_bytes(d: Path, name: str = "random.pdf") -> Path:
    p = d / name
    p.write_bytes(_rng(7).randbytes(8192))
    return p


def _patch_sizes(data: bytes, member: str, size: int) -> bytes:
    """Declare `size` as the uncompressed size of `member` in its local header and central directory."""
    import struct

    buf = bytearray(data)
    name = member.encode()
    pos = buf.find(b"PK\x03\x04")
    while pos != -1:
        n = struct.unpack_from("<H", buf, pos + 26)[0]
        if bytes(buf[pos + 30: pos + 30 + n]) == name:
            struct.pack_into("<I", buf, pos + 22, size)
        pos = buf.find(b"PK\x03\x04", pos + 4)
    pos = buf.find(b"PK\x01\x02")
    while pos != -1:
        n = struct.unpack_from("<H", buf, pos + 28)[0]
        if bytes(buf[pos + 46: pos + 46 + n]) == name:
            struct.pack_into("<I", buf, pos + 24, size)
        pos = buf.find(b"PK\x01\x02", pos + 4)
    return bytes(buf)


def docx_bomb_declared(d: Path, declared: int = 3 * 2**30) -> Path:
    """A DOCX whose central directory says word/document.xml inflates to 3 GB (the directory is all a
    reader may trust before inflating; the refusal must come from it)."""
    src = io.BytesIO()
    with zipfile.ZipFile(SMALL_DOCX) as zin, zipfile.ZipFile(src, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
    p = d / "bomb-declared.docx"
    p.write_bytes(_patch_sizes(src.getvalue(), "word/document.xml", declared))
    return p


def docx_bomb_real(d: Path, megabytes: int = 64) -> Path:
    """A DOCX with a real highly compressible part: `megabytes` of zeros streamed in chunks (ratio ~1000)."""
    p = d / "bomb-real.docx"
    with zipfile.ZipFile(SMALL_DOCX) as zin, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        chunk = b"\x00" * (1 << 20)
        with zout.open("word/media/padding.bin", "w", force_zip64=True) as fh:
            for _ in range(megabytes):
                fh.write(chunk)
    return p


def docx_without_table(d: Path) -> Path:
    from docx import Document

    doc = Document()
    doc.add_paragraph("关于印发2024年工作清单的通知")
    doc.add_paragraph("清单另行印发。")
    p = d / "letter.docx"
    doc.save(p)
    return p


def txt_without_table(d: Path) -> Path:
    p = d / "letter.txt"
    p.write_text("关于印发2024年工作清单的通知\n\n各乡镇人民政府：\n清单另行印发。\n\n2024年3月28日\n", encoding="utf-8")
    return p


def pdf_named_txt(d: Path) -> Path:
    p = d / "really-a-pdf.txt"
    shutil.copyfile(SMALL_PDF, p)
    return p


def txt_named_pdf(d: Path) -> Path:
    p = d / "really-a-txt.pdf"
    shutil.copyfile(SAMPLE["txt"], p)
    return p


def txt_variant(d: Path, k: int, name: str | None = None) -> Path:
    """The TXT sample with different bytes (trailing spaces on its first line), so a different doc_id."""
    data = SAMPLE["txt"].read_bytes()
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    body = data[len(bom):]
    nl = body.index(b"\n")
    first = body[:nl].rstrip(b"\r")
    p = d / (name or f"notice-{k:03d}.txt")
    p.write_bytes(bom + first + b" " * k + body[len(first):])
    return p


def pptx(d: Path) -> Path:
    """The skeleton of a PowerPoint file: still not a notice."""
    p = d / "slides.pptx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("ppt/presentation.xml", "<presentation/>")
    return p


def xlsx_without_list(d: Path) -> Path:
    """A workbook whose sheets hold a summary and notes, not a work list."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append(["专项", "项目数", "完成率"])
    ws.append(["幼有善育", 12, 0.5])
    notes = wb.create_sheet("说明")
    notes["A1"] = "清单见附件一。"
    p = d / "summary.xlsx"
    wb.save(p)
    return p


def xlsx_bomb(d: Path, megabytes: int = 64) -> Path:
    """A real workbook with a highly compressible part: `megabytes` of zeros (ratio ~1000)."""
    from openpyxl import Workbook

    src = io.BytesIO()
    wb = Workbook()
    wb.active.append(["序号", "名称", "牵头单位"])
    wb.save(src)
    p = d / "bomb.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        chunk = b"\x00" * (1 << 20)
        with zout.open("xl/media/padding.bin", "w", force_zip64=True) as fh:
            for _ in range(megabytes):
                fh.write(chunk)
    return p


def html_without_table(d: Path) -> Path:
    """A county page whose list is only linked as an attachment: the catalogue table, text, a link."""
    p = d / "notice.html"
    p.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于印发工作清单的通知</title></head><body>'
        "<table><tr><td>索引号</td><td>001</td><td>文号</td><td>某政办〔2024〕1号</td></tr></table>"
        "<h1>关于印发工作清单的通知</h1><p>各乡镇：现将清单印发给你们。</p>"
        '<p>附件：<a href="/att/2024/清单.xlsx">2024年工作清单.xlsx</a></p></body></html>',
        encoding="utf-8",
    )
    return p


def html_too_large(d: Path, megabytes: int = 200) -> Path:
    """An HTML file of `megabytes` MB: 64 KB of real page, the rest a sparse hole (costs no disk, no time)."""
    p = d / "huge.html"
    row = "<tr><td>1</td><td>重点任务</td><td>推进普惠托育服务体系建设</td></tr>\n".encode()
    with open(p, "wb") as fh:
        fh.write(b"<!DOCTYPE html><html><body><table>" + row * (65536 // len(row)))
        fh.truncate(megabytes * 2**20)
    return p


OTHER_COUNTIES = ("云溪县", "青川县", "白沙县", "石门县", "桃源县", "松阳县", "安平县", "临水县", "长宁县")


def other_notice(d: Path, k: int) -> Path:
    """The TXT sample as another county's list (嵊泗县 → an invented county): a different notice, same rows."""
    text = SAMPLE["txt"].read_text(encoding="utf-8-sig")
    p = d / f"county-{k:03d}.txt"
    p.write_text(text.replace("嵊泗县", OTHER_COUNTIES[k % len(OTHER_COUNTIES)]), encoding="utf-8")
    return p
