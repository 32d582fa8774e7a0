"""Tests of the PDF reader: the sample notice, and small PDFs written here byte by byte.

The synthetic PDFs come from `MiniPdf` below (no extra dependency): ruled cells drawn as separate rectangles
like LibreOffice/Word exports, Helvetica for Latin text and an unembedded Type0 font with a ToUnicode map for
Chinese (pdfminer reads text from ToUnicode alone), optional RC4 encryption (standard handler, revision 2).
"""

from __future__ import annotations

import logging
import re
import struct
import warnings
from hashlib import md5
from pathlib import Path

import pytest

from worklist.extract.errors import (
    CorruptFileError,
    EncryptedError,
    NoTableError,
    NoTextLayerError,
    ReadError,
    UnsupportedFormatError,
)
from worklist.extract.grid import Cell, Grid
from worklist.extract.pdf.reader import read_pdf
from worklist.extract.geometry.page import (
    chars_text,
    cluster_positions,
    continues,
    is_page_number,
    layout_table,
    TextLine,
)
from worklist.vocabulary.text import clean_text, squash
from tests import paths

SAMPLE = paths.SAMPLE["pdf"]
SAMPLE_DOCX = paths.SAMPLE["docx"]

# ----------------------------------------------------------------------------------------------- MiniPdf

_PAD = b"(\xbfN^Nu\x8aAd\x00NV\xff\xfa\x01\x08..\x00\xb6\xd0h>\x80/\x0c\xa9\xfedSiz"


def _rc4(key: bytes, data: bytes) -> bytes:
    from pdfminer.arcfour import Arcfour

    return Arcfour(key).encrypt(data)


class MiniPage:
    """Drawing operations in pdfplumber's coordinates (top-left origin, points)."""

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = width, height
        self.ops: list[str] = []

    def rect(self, x0: float, top: float, x1: float, bottom: float) -> None:
        self.ops.append(f"{x0:.2f} {self.height - bottom:.2f} {x1 - x0:.2f} {bottom - top:.2f} re S")

    def cells(self, xs: list[float], ys: list[float], spans: list[tuple[int, int, int, int]]) -> None:
        """Draw one rectangle per (row, col, row_span, col_span) on the grid of edges xs/ys."""
        for r, c, rs, cs in spans:
            self.rect(xs[c], ys[r], xs[c + cs], ys[r + rs])

    def text(
        self, x: float, top: float, s: str, size: float = 10, *, cjk: bool = False, rotate: bool = False
    ) -> None:
        """Text whose top is at `top` (baseline = top + 0.8 size)."""
        y = self.height - (top + 0.8 * size)
        if cjk:
            payload = "<" + "".join(f"{ord(ch):04X}" for ch in s) + ">"
            font = "/F2"
        else:
            payload = "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
            font = "/F1"
        m = f"0 1 -1 0 {x:.2f} {y:.2f}" if rotate else f"1 0 0 1 {x:.2f} {y:.2f}"
        self.ops.append(f"BT {font} {size} Tf {m} Tm {payload} Tj ET")

    def image(self) -> None:
        self.ops.append(f"q {self.width:.2f} 0 0 {self.height:.2f} 0 0 cm /Im1 Do Q")


class MiniPdf:
    """A tiny PDF writer: enough for ruled tables, Latin/CJK text, an image, and RC4-40 encryption."""

    def __init__(self) -> None:
        self.pages: list[MiniPage] = []

    def page(self, width: float = 842, height: float = 595) -> MiniPage:
        p = MiniPage(width, height)
        self.pages.append(p)
        return p

    def _cjk_chars(self) -> list[str]:
        used = set()
        for p in self.pages:
            for op in p.ops:
                if "/F2" in op:
                    hexs = op[op.index("<") + 1 : op.index(">")]
                    used.update(chr(int(hexs[i : i + 4], 16)) for i in range(0, len(hexs), 4))
        return sorted(used)

    def to_bytes(self, user_password: str | None = None) -> bytes:
        chars = self._cjk_chars() or ["\u4e00"]
        bf = "\n".join(f"<{ord(c):04X}> <{ord(c):04X}>" for c in chars)
        tounicode = (
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CMapName /Mini def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            f"{len(chars)} beginbfchar\n{bf}\nendbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
        ).encode()
        objs: list[tuple[str, bytes | None]] = [
            ("<< /Type /Catalog /Pages 2 0 R >>", None),
            ("PAGES", None),
            ("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>", None),
            ("<< /Type /Font /Subtype /Type0 /BaseFont /MiniSong /Encoding /Identity-H "
             "/DescendantFonts [5 0 R] /ToUnicode 6 0 R >>", None),
            ("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /MiniSong "
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>", None),
            ("<< >>", tounicode),
            ("<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
             "/BitsPerComponent 8 >>", b"\x00\x80\x80\x00"),
        ]
        kids = []
        for p in self.pages:
            content = "\n".join(p.ops).encode()
            objs.append(("<< >>", content))
            n_content = len(objs)
            objs.append(
                (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {p.width} {p.height}] /Contents {n_content} 0 R "
                 "/Resources << /Font << /F1 3 0 R /F2 4 0 R >> /XObject << /Im1 7 0 R >> >> >>", None)
            )
            kids.append(f"{len(objs)} 0 R")
        objs[1] = (f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>", None)

        doc_id = md5(b"minipdf").digest()
        key = None
        trailer_extra = ""
        if user_password is not None:
            p_flags = -4
            owner_key = md5((b"owner" + _PAD)[:32]).digest()[:5]
            o = _rc4(owner_key, (user_password.encode("latin1") + _PAD)[:32])
            key = md5((user_password.encode("latin1") + _PAD)[:32] + o + struct.pack("<i", p_flags) + doc_id).digest()[:5]
            u = _rc4(key, _PAD)
            objs.append((f"<< /Filter /Standard /V 1 /R 2 /O <{o.hex()}> /U <{u.hex()}> /P {p_flags} >>", None))
            trailer_extra = f" /Encrypt {len(objs)} 0 R"

        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, (head, stream) in enumerate(objs, 1):
            offsets.append(len(out))
            if stream is None:
                out += f"{i} 0 obj\n{head}\nendobj\n".encode()
                continue
            data = stream
            if key is not None and not head.startswith("<< /Filter /Standard"):
                data = _rc4(md5(key + struct.pack("<L", i)[:3] + b"\x00\x00").digest()[:10], stream)
            out += f"{i} 0 obj\n{head[:-2]}/Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
        out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
        out += (
            f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /ID [<{doc_id.hex()}> <{doc_id.hex()}>]{trailer_extra} >>\n"
            f"startxref\n{xref}\n%%EOF\n"
        ).encode()
        return bytes(out)

    def save(self, path: Path, user_password: str | None = None) -> Path:
        path.write_bytes(self.to_bytes(user_password))
        return path


XS = [50.0, 150.0, 250.0, 350.0]
YS = [100.0, 130.0, 160.0, 190.0]
# row 0: A | B over cols 1-2; rows 1-2: C over two rows | D | E; row 2: F over cols 1-2
SPANS = [(0, 0, 1, 1), (0, 1, 1, 2), (1, 0, 2, 1), (1, 1, 1, 1), (1, 2, 1, 1), (2, 1, 1, 2)]


def merged_table(p: MiniPage, prefix: str = "") -> None:
    p.cells(XS, YS, SPANS)
    for label, (r, c, _, _) in zip("ABCDEF", SPANS):
        p.text(XS[c] + 5, YS[r] + 5, prefix + label)


def cell_at(grid: Grid, row: int, col: int) -> Cell:
    cell = grid.covering()[row][col]
    assert cell is not None, (row, col)
    return cell


# ----------------------------------------------------------------------------------------------- sample


@pytest.fixture(scope="module")
def sample():
    return read_pdf(SAMPLE)


def test_sample_pages_and_grids(sample):
    assert sample.source_format == "pdf"
    assert sample.n_pages == 29
    assert len(sample.tables) == 27
    assert [g.index for g in sample.tables] == list(range(27))
    pages = [g.rows[0].page for g in sample.tables]
    assert pages == [p for p in range(2, 30) if p != 16]  # page 16 is blank
    for g in sample.tables:
        assert g.n_cols == 10 and not g.implicit_spans
        page = g.rows[0].page
        assert all(c.page == page and c.ref == f"p{page}" for c in g.cells)
        assert all(info.page == page and info.ref == f"p{page}" for info in g.rows)
        tops = [info.top for info in g.rows]
        assert tops == sorted(tops) and all(i.top < i.bottom for i in g.rows)
        # each grid position covered at most once
        seen = set()
        for c in g.cells:
            pos = {(r, k) for r in range(c.row, c.last_row + 1) for k in range(c.col, c.last_col + 1)}
            assert not pos & seen
            seen |= pos
    assert [(g.n_rows, g.n_cols) for g in sample.tables[:4]] == [(7, 10), (7, 10), (5, 10), (5, 10)]


def test_sample_header_spans(sample):
    g = sample.tables[0]
    heads = {(c.row, c.col): (c.row_span, c.col_span, c.text) for c in g.cells if c.row < 2}
    assert heads[(0, 0)] == (2, 1, "专项名称")
    assert heads[(0, 3)] == (2, 1, "名称")
    assert heads[(0, 4)] == (1, 4, "工作时序")
    assert heads[(0, 9)] == (2, 1, "责任人")
    assert [heads[(1, k)][2] for k in range(4, 8)] == ["一季度", "二季度", "三季度", "四季度"]


def test_sample_body_spans_and_text(sample):
    g = sample.tables[0]
    special = cell_at(g, 2, 0)
    assert (special.row, special.row_span, special.text) == (2, 5, "幼有善育")  # 专项名称 over the page
    kind = cell_at(g, 3, 2)
    assert (kind.row, kind.row_span, kind.text) == (2, 3, "重点指标")  # 类型 centred in its group
    sched = cell_at(g, 2, 6)
    assert (sched.col, sched.col_span, sched.text) == (4, 4, "年度指标2.6")  # one text over four quarters
    name = cell_at(g, 2, 3)
    assert name.text == "每千人口拥有3\n岁以下婴幼儿托\n位数"  # raw lines kept
    assert clean_text(name.text) == "每千人口拥有3岁以下婴幼儿托位数"
    assert cell_at(g, 3, 4).text == "年度指标>63%"
    assert cell_at(g, 0, 0).bbox == pytest.approx((51.0, 87.75, 125.0, 114.65), abs=0.05)


def test_sample_last_page_sub_rows(sample):
    g = sample.tables[-1]  # page 29: one task (序号/名称) over two sub-rows with different schedules
    assert g.rows[0].page == 29 and g.n_rows == 6
    seq = cell_at(g, 3, 1)
    assert (seq.row, seq.row_span, seq.text) == (3, 2, "2")
    assert cell_at(g, 4, 3) is cell_at(g, 3, 3)
    assert clean_text(cell_at(g, 3, 3).text) == "加强公共服务设施融合共建"
    q1 = cell_at(g, 4, 4)
    assert (q1.col_span, q1.text) == (1, "")  # ruled but empty
    later = cell_at(g, 4, 5)
    assert (later.col, later.col_span) == (5, 3)
    assert clean_text(later.text) == "建成运营首批1家民生服务综合体。"
    assert cell_at(g, 3, 9).text == "韩娜 陈海明 孙\n政"  # space chars kept as " ", wrapped line as "\n"


def test_sample_latin_spaces(sample):
    texts = [c.text for g in sample.tables for c in g.cells]
    hpv = next(t for t in texts if "HPV" in t)
    assert "价 HPV 疫" in hpv and clean_text(hpv).startswith("为全省所有适龄女生免费接种二价 HPV 疫苗，2024年重点")


def test_sample_table_split_across_pages(sample):
    # the 病有良医 table breaks after page 14; on page 15 the merged 专项名称/类型 continue as empty cells
    g14, g15 = sample.tables[12], sample.tables[13]
    assert (g14.rows[0].page, g15.rows[0].page) == (14, 15)
    assert cell_at(g14, 2, 0).text == "病有良医" and cell_at(g14, 2, 0).row_span == 2
    assert g15.n_rows == 2  # no repeated header rows on this page
    cont = cell_at(g15, 0, 0)
    assert (cont.row, cont.row_span, cont.text) == (0, 2, "")
    assert cell_at(g15, 0, 1).text == "3"


def test_sample_front_and_back_matter(sample):
    front = sample.front_matter
    assert front[0] == "嵊泗县公共服务七优享工程工作专班办公室 文件"
    assert "嵊七优享办〔2024〕2号" in front
    # the wrapped, centred title is one item
    assert "嵊泗县公共服务七优享工程工作专班办公室关于印发《2024年嵊泗县公共服务“七优享”工程工作清单》的通知" in front
    assert front[-1] == "2024年嵊泗县公共服务“七优享”工程工作清单"  # table title above the first table
    assert "嵊泗县公共服务七优享工程专班办公室" in front and "（嵊泗县人民政府办公室代章）" in front
    assert sample.back_matter[0].startswith("抄送：县委各部门")
    assert sample.back_matter[-1] == "嵊泗县人民政府办公室 2024年3月28日印发"
    assert sample.warnings == []


def _docx_tables(path: Path = SAMPLE_DOCX) -> list[dict[tuple[int, int], tuple[int, int, str]]]:
    """(row, col) -> (row_span, col_span, squashed text) of every DOCX table, from vMerge/gridSpan."""
    import docx
    from docx.oxml.ns import qn

    out = []
    for t in docx.Document(str(path)).tables:
        cells: dict[tuple[int, int], list] = {}
        for r, tr in enumerate(t._tbl.tr_lst):
            col = 0
            for tc in tr.tc_lst:
                if tc.vMerge == "continue":
                    above = max(k for k in cells if k[1] == col and k[0] < r)
                    cells[above][0] += 1
                else:
                    cells[(r, col)] = [1, tc.grid_span, squash("".join(x.text or "" for x in tc.iter(qn("w:t"))))]
                col += tc.grid_span
        out.append({k: tuple(v) for k, v in cells.items()})
    return out


def test_sample_grids_match_docx(sample):
    """Spans and text of every PDF grid equal the DOCX's true merges (the split table compared in parts)."""
    truth = _docx_tables()
    pdf = [{(c.row, c.col): (c.row_span, c.col_span, squash(c.text)) for c in g.cells} for g in sample.tables]
    assert len(truth) == 26
    for i, t in enumerate(truth):
        if i < 12:
            assert pdf[i] == t, i
        elif i > 12:
            assert pdf[i + 1] == t, i
    split = truth[12]  # rows 0-3 on page 14, rows 4-5 on page 15
    top = {k: v for k, v in split.items() if k[0] < 4}
    top = {k: (min(v[0], 4 - k[0]), v[1], v[2]) for k, v in top.items()}  # merged cells cut at the page end
    assert pdf[12] == top
    bottom = {(k[0] - 4, k[1]): v for k, v in split.items() if k[0] >= 4}
    assert {k: v for k, v in pdf[13].items() if v[2]} == bottom


@pytest.mark.parametrize("name", ["reordered_columns", "vertical_type_label"])
def test_fixture_single_page_tables_match_docx(name):
    """The project's LibreOffice fixtures whose table fits on one page: grid == DOCX merges, text included."""
    pdf_path, docx_path = paths.FIXTURES / "pdf" / f"{name}.pdf", paths.FIXTURES / "docx" / f"{name}.docx"
    # committed fixtures (tools/make_fixtures.py): one missing is a bug, not a reason to skip
    assert pdf_path.is_file() and docx_path.is_file(), (pdf_path, docx_path)
    (g,) = read_pdf(pdf_path).tables
    assert {(c.row, c.col): (c.row_span, c.col_span, squash(c.text)) for c in g.cells} == _docx_tables(docx_path)[0]


def test_console_clean(capsys, caplog, tmp_path):
    """pdfminer's font complaints (an unembedded Type0 font gives 'Could not get FontBBox') stay silent."""
    pdf = MiniPdf()
    p = pdf.page()
    merged_table(p)
    p.text(60, 140, "工作", cjk=True)
    cjk = pdf.save(tmp_path / "cjk.pdf")
    logging.getLogger("pdfminer").setLevel(logging.NOTSET)  # as in a fresh process
    root_level = logging.getLogger().level
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with caplog.at_level(logging.DEBUG):
            read_pdf(cjk)
            read_pdf(SAMPLE)
    assert not [r for r in caplog.records if r.name.startswith("pdfminer")]
    assert not caught
    assert capsys.readouterr() == ("", "")
    assert logging.getLogger().level == root_level
    assert logging.getLogger("pdfminer").level == logging.ERROR


def test_sample_pages_closed(monkeypatch):
    from pdfplumber.page import Page

    closed = []
    original = Page.close
    monkeypatch.setattr(Page, "close", lambda self: (closed.append(self.page_number), original(self))[1])
    read_pdf(SAMPLE)
    assert sorted(set(closed)) == list(range(1, 30))


# ----------------------------------------------------------------------------------------------- synthetic


def test_spans_from_rectangles(tmp_path):
    pdf = MiniPdf()
    merged_table(pdf.page())
    doc = read_pdf(pdf.save(tmp_path / "t.pdf"))
    (g,) = doc.tables
    assert (g.n_rows, g.n_cols) == (3, 3)
    got = {(c.row, c.col, c.row_span, c.col_span): c.text for c in g.cells}
    assert got == {s: label for s, label in zip(SPANS, "ABCDEF")}
    b = cell_at(g, 0, 2)
    assert b.bbox == pytest.approx((150, 100, 350, 130))
    assert [i.top for i in g.rows] == pytest.approx([100, 130, 160])
    assert [i.bottom for i in g.rows] == pytest.approx([130, 160, 190])


def test_empty_position_stays_empty(tmp_path):
    pdf = MiniPdf()
    p = pdf.page()
    # L-shaped table: the top-right position has no rectangle
    p.cells(XS, YS[:3], [(0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 1), (1, 1, 1, 1), (1, 2, 1, 1)])
    p.text(XS[2] + 5, YS[0] + 5, "unruled")  # text on that position belongs to no cell: free text
    p.text(XS[2] + 5, YS[1] + 5, "x")
    doc = read_pdf(pdf.save(tmp_path / "l.pdf"))
    (g,) = doc.tables
    assert (g.n_rows, g.n_cols) == (2, 3)
    assert g.covering()[0][2] is None
    assert len(g.cells) == 5
    assert cell_at(g, 1, 2).text == "x"
    assert any("outside its ruled cells" in w for w in doc.warnings)
    assert (1, "p1", "unruled") in doc.interludes  # free text inside the first table's span (the layout warns)


def test_cell_text_lines_gaps_duplicates_rotation(tmp_path):
    pdf = MiniPdf()
    p = pdf.page()
    p.cells([50, 300, 550], [100, 200, 260], [(0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 1), (1, 1, 1, 1)])
    p.text(55, 105, "Hello")
    p.text(55 + 40, 105, "world")  # visible gap, no space char
    p.text(55, 120, "second line")  # a real space char
    # Chinese drawn char by char, touching: no spaces; a wrapped second line
    for i, ch in enumerate("工作清单"):
        p.text(305 + 10 * i, 105, ch, cjk=True)
    p.text(305, 120, "续行", cjk=True)
    # bold simulation: each char printed twice, 0.3 pt apart
    for dx in (0, 0.3):
        p.text(55 + dx, 205, "重点任务", cjk=True)
    p.text(305, 205, "ok")
    p.text(400, 240, "WATERMARK", rotate=True)  # rotated: skipped
    doc = read_pdf(pdf.save(tmp_path / "text.pdf"))
    (g,) = doc.tables
    assert cell_at(g, 0, 0).text == "Hello world\nsecond line"
    assert cell_at(g, 0, 1).text == "工作清单\n续行"
    assert cell_at(g, 1, 0).text == "重点任务"
    assert cell_at(g, 1, 1).text == "ok"
    assert any("rotated" in w for w in doc.warnings)


def test_kangxi_radicals_kept(tmp_path):
    pdf = MiniPdf()
    p = pdf.page()
    merged_table(p)
    p.text(XS[1] + 5, YS[1] + 15, "⼯作⺠生", cjk=True)  # U+2F2F KANGXI RADICAL WORK, U+2EA0 民 supplement
    doc = read_pdf(pdf.save(tmp_path / "kangxi.pdf"))
    text = cell_at(doc.tables[0], 1, 1).text
    assert text == "D\n⼯作⺠生"  # the reader keeps the code points; the shared step maps them
    assert clean_text(text) == "D工作民生"  # a wrap next to Chinese joins


def test_front_back_matter_and_page_numbers(tmp_path):
    pdf = MiniPdf()
    p1 = pdf.page()
    p1.text(300, 40, "Notice title", size=16)
    p1.text(50, 70, "No. 2")
    merged_table(p1)
    p1.text(300, 240, "between the tables")
    p1.text(410, 570, "- 1 -")  # page number in the bottom margin: dropped
    p2 = pdf.page()
    merged_table(p2, prefix="2")
    p2.text(50, 230, "cc: all offices")
    p2.text(410, 570, "- 2 -")
    doc = read_pdf(pdf.save(tmp_path / "fm.pdf"))
    assert doc.n_pages == 2
    assert doc.front_matter == ["Notice title", "No. 2"]
    assert doc.back_matter == ["cc: all offices"]
    assert doc.interludes == [(1, "p1", "between the tables")]  # below one table: the layout decides
    assert [(g.index, g.rows[0].page) for g in doc.tables] == [(0, 1), (1, 2)]
    assert cell_at(doc.tables[1], 0, 0).text == "2A" and cell_at(doc.tables[1], 0, 0).ref == "p2"


def test_encrypted(tmp_path):
    pdf = MiniPdf()
    merged_table(pdf.page())
    path = pdf.save(tmp_path / "enc.pdf", user_password="secret")
    with pytest.raises(EncryptedError):
        read_pdf(path)
    with pytest.raises(EncryptedError):
        read_pdf(path, password="wrong")
    doc = read_pdf(path, password="secret")
    assert cell_at(doc.tables[0], 0, 1).text == "B"


def test_corrupt_files(tmp_path):
    data = SAMPLE.read_bytes()
    cases = {
        "truncated-a-third.pdf": data[: len(data) // 3],
        "truncated-near-end.pdf": data[:-200],
        "empty.pdf": b"",
        "header-only.pdf": b"%PDF-1.4\n",
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(CorruptFileError) as info:
            read_pdf(path)
        assert str(path) not in str(info.value), name


def test_not_a_pdf(tmp_path):
    path = tmp_path / "page.pdf"
    path.write_bytes(b"<html><body>404</body></html>")
    with pytest.raises(UnsupportedFormatError, match="not a PDF"):
        read_pdf(path)


def test_damaged_xref_recovered_unless_cut(tmp_path):
    """A whole file with a wrong startxref is read (pdfminer rescans); the same without %%EOF was cut short."""
    pdf = MiniPdf()
    merged_table(pdf.page())
    data = re.sub(rb"startxref\n\d+", b"startxref\n12", pdf.to_bytes())
    whole = tmp_path / "bad-xref.pdf"
    whole.write_bytes(data)
    assert cell_at(read_pdf(whole).tables[0], 0, 0).text == "A"
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: data.rindex(b"%%EOF")])
    with pytest.raises(CorruptFileError, match="truncated"):
        read_pdf(cut)


def test_no_text_layer(tmp_path):
    pdf = MiniPdf()
    pdf.page().image()
    pdf.page().image()
    with pytest.raises(NoTextLayerError):
        read_pdf(pdf.save(tmp_path / "scan.pdf"))


def test_no_table(tmp_path):
    pdf = MiniPdf()
    p = pdf.page()
    p.text(50, 50, "Just a letter, no table.")
    p.rect(40, 40, 300, 80)  # a framed paragraph is not a table
    with pytest.raises(NoTableError):
        read_pdf(pdf.save(tmp_path / "letter.pdf"))
    assert issubclass(NoTableError, ReadError)


# ----------------------------------------------------------------------------------------------- steps


def test_cluster_positions_and_layout():
    assert cluster_positions([10, 10.5, 11.9, 50, 51]) == pytest.approx([(10 + 10.5 + 11.9) / 3, 50.5])
    # cell sides off by a fraction of a point still land on the same grid line
    lay = layout_table([(0, 0, 10, 5), (10.4, 0, 20, 5.3), (0, 5, 20, 10)])
    assert lay is not None
    assert lay.cells == ((0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 2))
    assert layout_table([(0, 0, 10, 10)]) is None  # a single box is a frame, not a table


def test_chars_text_and_page_numbers():
    def ch(text: str, x0: float, top: float, size: float = 10) -> dict:
        return {"text": text, "x0": x0, "x1": x0 + size, "top": top, "bottom": top + size, "size": size}

    chars = [ch("b", 20, 0.4), ch("a", 10, 0), ch("c", 33, 0), ch("d", 10, 14)]
    assert chars_text(chars) == "ab c\nd"
    assert all(is_page_number(t) for t in ["- 3 -", "— 12 —", "第3页 共29页", "3/29", "7", "Page 2"])
    assert not any(is_page_number(t) for t in ["2024年3月28日", "一、总体要求", "No. 2"])


def test_continues_wrapped_title_only():
    def line(text: str, x0: float, x1: float, top: float, size: float = 16) -> TextLine:
        return TextLine(text, x0, x1, top, top + size, size, 1)

    title = line("……工作清", 64.5, 777.7, 157.5)
    assert continues(title, line("单》的通知", 381.1, 461.1, 184.0), 51, 791)
    signed = line("嵊泗县公共服务七优享工程专班办公室", 553, 791, 286, 14)
    assert not continues(signed, line("（嵊泗县人民政府办公室代章）", 595, 791, 319, 14), 51, 791)
    sentence = line("现将……请认真贯彻实施。", 51, 790, 253, 14)
    assert not continues(sentence, line("next", 51, 100, 272, 14), 51, 791)


# ----------------------------------------------------------------------------------------------- inspect


def test_draw_page(tmp_path):
    from PIL import Image

    from worklist.extract.geometry.draw import span_label
    from worklist.extract.inspect import draw_page

    out = draw_page(SAMPLE, 29, tmp_path / "p29.png", row_labels={(26, 3): "ggfw-02"}, resolution=50)
    with Image.open(out) as im:
        assert abs(im.size[0] - 841.89 * 50 / 72) <= 1 and abs(im.size[1] - 595.30 * 50 / 72) <= 1
    front = draw_page(SAMPLE, 1, tmp_path / "p1.png", resolution=30)  # no table on the page: still drawn
    assert front.exists()
    with pytest.raises(ValueError):
        draw_page(SAMPLE, 30, tmp_path / "none.png")
    assert span_label(Cell(row=2, col=5, text="", row_span=3, col_span=3)) == "r2-4 c5-7"
    assert span_label(Cell(row=0, col=1, text="")) == "r0 c1"


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_chinese_password(tmp_path, algorithm):
    """Older encryption hashes the password's bytes: a Chinese password is tried as UTF-8 and GB18030."""
    import pypdf  # a test dependency (pyproject's `test` extra): missing, the test fails rather than skips
    reader = pypdf.PdfReader(str(SAMPLE))
    writer = pypdf.PdfWriter()
    writer.add_page(reader.pages[1])
    writer.encrypt("七优享2024", algorithm=algorithm)
    path = tmp_path / "enc.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    assert read_pdf(path, password="七优享2024").tables
    with pytest.raises(EncryptedError):
        read_pdf(path, password="错误密码")
    with pytest.raises(EncryptedError):
        read_pdf(path)
