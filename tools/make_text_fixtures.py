#!/usr/bin/env python
"""Generate the text fixtures in tests/fixtures/text/: small lists whose cells test text as users search it.

`separators`: list entries separated by every kind of break a producer writes — a space in a cell narrow enough
to wrap when printed, separate paragraphs, a line break inside one paragraph, a full-width space, a no-break
space — beside a radical code point (⼾) and zero-width characters. `implausible`: a list with one planted case per
plausibility check of `checks.plausible` (a unit in 名称, a quarter label in 牵头单位, names run together in 责任人).

Each is written in every form the generator makes: DOCX (python-docx + raw WordprocessingML), its PDF exported by
LibreOffice, an HTML page (`<p>`, `<br>`, `&nbsp;`), an XLSX workbook (line breaks inside cells), that workbook
printed by LibreOffice Calc (calc/*.pdf) and a TXT export (tab-separated; a cell's paragraphs joined by a space,
as the data team's exports write them).

The expected rows are NOT generated here: they are written by hand in tests/test_text_forms.py from the cells
below, so the generator and the expectation cannot share a mistake.

    python tools/make_text_fixtures.py            # every form (needs `soffice` for the PDFs)
    python tools/make_text_fixtures.py --no-pdf   # all but the PDFs
"""

from __future__ import annotations

import argparse
import html
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Side
import openpyxl.utils

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_fixtures as mf  # noqa: E402  (the sibling generator: DOCX building blocks, reproducible saving)

OUT = mf.ROOT / "tests" / "fixtures" / "text"
HEADER = ["专项名称", "序号", "类型", "名称", "一季度", "二季度", "三季度", "四季度", "牵头单位", "责任人"]
WIDTHS_CM = [1.9, 1.1, 1.5, 3.3, 3.4, 3.4, 3.4, 3.4, 2.2, 1.5]  # 责任人 narrow: three names wrap when printed
BR = "\u2028"  # in the cell texts below: a line break inside one paragraph (w:br, <br>); "\n" a new paragraph


@dataclass
class TextList:
    name: str
    notice: mf.Notice
    rows: list[list[str]]  # 10 cells per row, HEADER's order; 专项/类型 merged down their runs in DOCX/HTML/XLSX


def separators() -> TextList:
    q = ["完成选址。", "完成10个点位。", "完成20个点位。", "完成30个点位。"]
    rows = [
        ["幼有善育", "1", "重点任务", "开展AED点位布设", *q, "县卫健局", "韩娜 陈海明 孙政"],
        ["", "2", "", "实施⼾外运动场地提升", "制定方案。", "开工建设。", "完成主体。", "服务1000⼾次。",
         "区卫健局\n区委政法委", "王芳\n李强"],
        ["", "3", "", "推进托育服务扩面", "摸底调查。", "新增托位50个。", "新增托位80个。", "新增托位100个。",
         f"县教育局{BR}县财政局", "赵敏\u3000钱进"],
        ["", "4", "", "完善养育指导服务", "组建队伍。", "开展指导。", "开展指导。", "全年完成。",
         "县妇联 县民政局", "周杰\u00a0吴刚"],
        ["", "5", "", "建设儿童友好\u200b公园", "选址。", "设计。", "施工。", "\u200b=全年完成",
         "县住建局、县妇联", "孙政"],
        ["", "6", "", "统筹七优享工程", "制定清单。", "督查推进。", "督查推进。", "总结评估。",
         "县公共服务七优享工程工作专班办公室", "韩娜"],
    ]
    notice = mf.Notice("青田县", "青田县公共服务“七优享”工程工作专班", "青七优享办〔2025〕3号",
                       "2025年青田县公共服务“七优享”工程工作清单", "2025年3月10日")
    return TextList("separators", notice, rows)


def implausible() -> TextList:
    rows = [
        ["学有优教", "1", "重点任务", "县教育局", "摸底调查。", "制定方案。", "组织实施。", "总结评估。",
         "县教育局", "林晓红"],
        ["", "2", "", "推进城乡教共体建设", "完善配套政策。", "组织结对。", "开展交流。", "全年完成。",
         "二季度", "陈晓梅"],
        ["", "3", "", "开展职业技能培训", "制定计划。", "培训100人次。", "培训200人次。", "培训300人次。",
         "县人社局", "韩娜陈海明孙政"],
        ["", "4", "", "提升学前教育质量", "开展评估。", "开展评估。", "开展评估。", "全年完成。",
         "县教育局", "林晓红"],
    ]
    notice = mf.Notice("文成县", "文成县公共服务“七优享”工程工作专班", "文七优享办〔2025〕4号",
                       "2025年文成县公共服务“七优享”工程工作清单", "2025年3月12日")
    return TextList("implausible", notice, rows)


LISTS = [separators, implausible]


# ------------------------------------------------------------------------------------------- DOCX


def _runs_of(text: str, size: int = 21) -> str:
    parts = text.split(BR)
    return '<w:r><w:br/></w:r>'.join(mf._run(t, False, size) for t in parts)  # noqa: SLF001 - sibling tool


def _cell(width: int, text: str, vmerge: str | None = None) -> str:
    pr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if vmerge:
        pr += '<w:vMerge w:val="restart"/>' if vmerge == "restart" else "<w:vMerge/>"
    pr += '<w:vAlign w:val="center"/>'
    paras = "".join(f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>{_runs_of(p) if p else ""}</w:p>'
                    for p in text.split("\n")) if text else "<w:p/>"
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{paras}</w:tc>"


def table_xml(t: TextList) -> str:
    widths = [round(w * mf.TWIPS_PER_CM) for w in WIDTHS_CM]
    border = "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = [f'<w:tbl {mf.W_NS}><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/>'
           f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>'
           + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"]
    out.append("<w:tr><w:trPr><w:tblHeader/></w:trPr>" + "".join(_cell(w, h) for w, h in zip(widths, HEADER))
               + "</w:tr>")
    for i, row in enumerate(t.rows):
        cells = []
        for c, (w, text) in enumerate(zip(widths, row)):
            vm = None
            if c in (0, 2):  # 专项名称 and 类型 merged down to the next row that names its own
                starts = bool(text)
                more = i + 1 < len(t.rows) and not t.rows[i + 1][c]
                vm = "restart" if starts and more else (None if starts else "continue")
            cells.append(_cell(w, text, vm))
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(cells) + "</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def write_docx(t: TextList, path: Path) -> None:
    doc = mf.new_document()
    mf.add_blocks(doc, [*mf.front_xml(t.notice), table_xml(t), *mf.back_xml(t.notice)])
    mf.save_reproducible(doc, path)


# ------------------------------------------------------------------------------------------- HTML


def _html_cell(text: str, tag: str = "td", rowspan: int = 1) -> str:
    def inline(p: str) -> str:
        return html.escape(p).replace("\u00a0", "&nbsp;").replace(BR, "<br>")

    body = "".join(f"<p>{inline(p)}</p>" for p in text.split("\n")) if "\n" in text else inline(text)
    span = f' rowspan="{rowspan}"' if rowspan > 1 else ""
    return f"<{tag}{span}>{body}</{tag}>"


def _run_length(rows: list[list[str]], i: int, c: int) -> int:
    n = 1
    while i + n < len(rows) and not rows[i + n][c]:
        n += 1
    return n


def html_text(t: TextList) -> str:
    n = t.notice
    out = ['<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
           f"<title>{html.escape(n.title)}</title></head><body>",
           f"<h1>{html.escape(n.issuer)}关于印发《{html.escape(n.title)}》的通知</h1>",
           f"<p>{html.escape(n.doc_no)}</p><p>{html.escape(n.addressees)}</p>",
           f"<p>现将《{html.escape(n.title)}》印发给你们，请结合实际认真抓好落实。</p>",
           f"<p>{html.escape(n.issuer)}</p><p>{html.escape(n.date)}</p>",
           f"<h2>{html.escape(n.title)}</h2>",
           '<table border="1" cellspacing="0"><tr>' + "".join(_html_cell(h, "th") for h in HEADER) + "</tr>"]
    for i, row in enumerate(t.rows):
        cells = []
        for c, text in enumerate(row):
            if c in (0, 2):
                if text:
                    cells.append(_html_cell(text, rowspan=_run_length(t.rows, i, c)))
                continue
            cells.append(_html_cell(text))
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append(f"</table><p>{html.escape(n.cc)}</p></body></html>")
    return "\n".join(out)


# ------------------------------------------------------------------------------------------- XLSX, TXT


def write_xlsx(t: TextList, path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "清单"
    ws.cell(1, 1, t.notice.title)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    for c, h in enumerate(HEADER, start=1):
        ws.cell(2, c, h)
    for i, row in enumerate(t.rows):
        for c, text in enumerate(row, start=1):
            if text:
                cell = ws.cell(3 + i, c, text.replace(BR, "\n"))
                cell.alignment = Alignment(wrap_text=True)
        for c in (0, 2):
            if row[c]:
                k = _run_length(t.rows, i, c)
                if k > 1:
                    ws.merge_cells(start_row=3 + i, start_column=c + 1, end_row=2 + i + k, end_column=c + 1)
    thin = Side(style="thin", color="000000")
    for r in range(2, 3 + len(t.rows)):
        for c in range(1, len(HEADER) + 1):
            ws.cell(r, c).border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if r == 2:
                ws.cell(r, c).alignment = Alignment(wrap_text=True)
    for r in range(3, 3 + len(t.rows)):
        ws.row_dimensions[r].height = 75  # room for every wrapped line: Calc prints a row as high as it is set
    for c, w in enumerate(WIDTHS_CM, start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width = w * 4.5  # ~ characters of the default font
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # the whole width on one page, as a list is printed
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    wb.properties.creator = "worklist fixtures"
    wb.properties.created = wb.properties.modified = mf.FIXED_TIME
    wb.save(path)


def txt_text(t: TextList) -> str:
    n = t.notice
    lines = [f"{n.issuer}文件", n.doc_no, f"{n.issuer}关于印发《{n.title}》的通知", n.addressees,
             f"现将《{n.title}》印发给你们，请结合实际认真抓好落实。", n.issuer, n.date, "", n.title,
             "\t".join(HEADER)]
    lines += ["\t".join(c.replace("\n", " ").replace(BR, " ") for c in row) for row in t.rows]
    lines += ["", n.cc, f"{n.county}人民政府办公室  {n.date}印发", ""]
    return "\n".join(lines)


def calc_pdfs(outdir: Path) -> None:
    """The workbooks printed by LibreOffice Calc (a printed PDF: the rules are the cell borders)."""
    with tempfile.TemporaryDirectory() as tmp:
        for xlsx in sorted((OUT / "xlsx").glob("*.xlsx")):
            mf.convert_pdfs([xlsx], Path(tmp))
            outdir.mkdir(parents=True, exist_ok=True)
            (outdir / f"{xlsx.stem}.pdf").write_bytes((Path(tmp) / f"{xlsx.stem}.pdf").read_bytes())


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice PDF export")
    args = ap.parse_args(argv)
    docx_paths = []
    for make in LISTS:
        t = make()
        for sub in ("docx", "html", "xlsx", "txt"):
            (OUT / sub).mkdir(parents=True, exist_ok=True)
        write_docx(t, OUT / "docx" / f"{t.name}.docx")
        docx_paths.append(OUT / "docx" / f"{t.name}.docx")
        (OUT / "html" / f"{t.name}.html").write_text(html_text(t), encoding="utf-8")
        write_xlsx(t, OUT / "xlsx" / f"{t.name}.xlsx")
        (OUT / "txt" / f"{t.name}.txt").write_text(txt_text(t), encoding="utf-8")
        print(t.name)
    if not args.no_pdf:
        mf.convert_pdfs(docx_paths, OUT / "pdf")
        calc_pdfs(OUT / "calc")


if __name__ == "__main__":
    main()
