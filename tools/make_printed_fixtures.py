#!/usr/bin/env python
"""Generate the printed-PDF fixtures in tests/fixtures/printed/ from the hand-written rows in expected.json.

The rows (tests/fixtures/printed/expected.json, written by hand in the format of tests/fixtures/README.md) are
the source: this script lays them out as a web page and as a workbook with real merged ranges, and prints both
the way users do, so the PDFs show what printing does to a table, and the expected rows are the ones the file
was made from.

- `chromium-portrait.pdf`: the page printed by headless Chromium with its defaults (Letter portrait); the
  table is wider than the paper, so Chromium shrinks it to fit. Cells drawn as thin filled rectangles, a white
  content box on a tinted page, pale label shading, narrow 专项名称/类型 columns that stack a label one
  character per line, rows and merged cells cut by page breaks without a rule at the page edge.
- `chromium-landscape.pdf`: the same page with `@page { size: A4 landscape }`.
- `chromium-thead-footer.pdf`: portrait again, the header rows in `<thead>` (Chromium repeats them on every
  page) and Chromium's default page header (date, title) and footer (URL, page n/N) kept.
- `calc-portrait.pdf`, `calc-landscape.pdf`: the workbook printed by LibreOffice Calc (fit to page width,
  the two header rows repeated on every page): merged ranges cut by page breaks, their text printed in the
  middle of the whole range (often on the later page) and clipped elsewhere.

    .venv/bin/python tools/make_printed_fixtures.py   # needs chromium, soffice and openpyxl (dev only)

The PDFs carry creation dates and ids, so they differ between runs in those bytes only.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "printed"
QUARTER_NAMES = ("一季度", "二季度", "三季度", "四季度")


def load_rows() -> dict:
    return json.loads((OUT / "expected.json").read_text(encoding="utf-8"))


def spans(rows: list[dict], key) -> list[int]:
    """Row span of each row's merged cell for a column whose value is key(row): the first row of a run of
    equal values spans the run, the others 0."""
    out = [0] * len(rows)
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and key(rows[j + 1]) == key(rows[i]):
            j += 1
        out[i] = j - i + 1
        i = j + 1
    return out


def merges(rows: list[dict]) -> dict[str, list[int]]:
    item = lambda r: (r["category"], r["type"], r["seq"])  # noqa: E731
    return {
        "category": spans(rows, lambda r: r["category"]),
        "type": spans(rows, lambda r: (r["category"], r["type"])),
        "item": spans(rows, item),
        "lead": spans(rows, lambda r: (item(r), r["lead"], r["owner"])),
    }


# ----------------------------------------------------------------------------------------------- web page

CSS = """
html { background: #e8edf3; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: "Noto Serif CJK SC", serif; font-size: 16px; }
.page { background: #fff; margin: 12px auto; padding: 16px 24px; width: 1180px; zoom: ZOOM; }
.nav { color: #555; font-size: 13px; }
.meta { border-collapse: collapse; width: 100%; margin: 10px 0; font-size: 13px; }
.meta td { border: 1px solid #cfd9e6; padding: 3px 6px; }
.meta td.label { background: #f3f6fa; width: 90px; }
h1 { font-size: 22px; text-align: center; }
h2 { font-size: 19px; text-align: center; margin-top: 26px; }
p { line-height: 1.7; }
.sign { text-align: right; }
table.list { border-collapse: collapse; width: 100%; }
table.list td, table.list th { border: 1px solid #000; padding: 11px 5px; vertical-align: middle; line-height: 1.9; }
table.list td.q { width: 150px; }
table.list th { background: #f3f6fa; font-weight: normal; }
table.list td.narrow, table.list th.narrow { width: 1.2em; }
table.list td.c { text-align: center; }
"""


def page_html(data: dict, landscape: bool, thead: bool = False) -> str:
    fm = data["front_matter"]
    rows = data["rows"]
    m = merges(rows)
    # Chromium prints a page wider than the paper shrunk to fit; the zoom does the same for headless printing
    # (text, borders and all): 1228 px of page into Letter portrait's 7.7 in or A4 landscape's 10.9 in
    page_rule = "@page { size: A4 landscape; }" if landscape else ""
    css = CSS.replace("ZOOM", "0.85" if landscape else "0.6")
    out = [f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>{escape(fm['title'])}</title>",
           f"<style>{css}{page_rule}</style></head><body><div class='page'>",
           "<div class='nav'>首页 &gt; 政府信息公开 &gt; 政府文件</div>",
           "<h1>岱江县公共服务七优享工程工作专班办公室关于印发《" + escape(fm["title"]) + "》的通知</h1>",
           f"<p>文号：{escape(fm['doc_no'])}</p>",
           "<p>各乡镇人民政府，县公共服务七优享工程工作专班成员单位：</p>",
           f"<p>现将《{escape(fm['title'])}》印发给你们，请认真贯彻实施。</p>",
           f"<p class='sign'>{escape(fm['issuer'])}</p>",
           f"<p class='sign'>{escape(fm['date'])}</p>",
           f"<h2>{escape(fm['title'])}</h2>",
           "<table class='list'>" + ("<thead>" if thead else "")
           + "<tr><th class='narrow' rowspan='2'>专项名称</th><th rowspan='2'>序号</th>"
           "<th class='narrow' rowspan='2'>类型</th><th rowspan='2'>名称</th><th colspan='4'>工作时序</th>"
           "<th rowspan='2'>牵头单位</th><th rowspan='2'>责任人</th></tr><tr>"
           + "".join(f"<th>{q}</th>" for q in QUARTER_NAMES) + "</tr>" + ("</thead><tbody>" if thead else "")]
    for i, r in enumerate(rows):
        cells = []
        if m["category"][i]:
            cells.append(f"<td class='narrow c' rowspan='{m['category'][i]}'>{escape(r['category'])}</td>")
        if m["item"][i]:
            cells.append(f"<td class='c' rowspan='{m['item'][i]}'>{escape(r['seq'])}</td>")
        if m["type"][i]:
            cells.append(f"<td class='narrow c' rowspan='{m['type'][i]}'>{escape(r['type'])}</td>")
        if m["item"][i]:
            cells.append(f"<td rowspan='{m['item'][i]}'>{escape(r['name'])}</td>")
        for c in r["schedule"]:
            cells.append(f"<td class='q' colspan='{len(c['quarters'])}'>{escape(c['text'])}</td>")
        if m["lead"][i]:
            cells.append(f"<td class='c' rowspan='{m['lead'][i]}'>{escape(r['lead'])}</td>")
            cells.append(f"<td class='c' rowspan='{m['lead'][i]}'>{escape(r['owner'])}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append(("</tbody>" if thead else "") + "</table><p>抄送：县委各部门，县人大常委会办公室，县政协办公室。</p>"
               "</div></body></html>")
    return "\n".join(out)


def print_with_chromium(html: Path, pdf: Path, header_footer: bool = False) -> None:
    """Headless Chromium's print; `header_footer` keeps its default page header (date, title) and footer
    (the file's URL, page n/N)."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not exe:
        sys.exit("chromium not found (apt-get install chromium)")
    flags = [] if header_footer else ["--no-pdf-header-footer"]
    subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", *flags,
                    f"--print-to-pdf={pdf}", html.as_uri()], check=True, capture_output=True, timeout=120)


# ----------------------------------------------------------------------------------------------- workbook


def workbook(data: dict, landscape: bool, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    rows = data["rows"]
    m = merges(rows)
    wb = Workbook()
    ws = wb.active
    ws.title = "工作清单"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center", horizontal="left")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
    font = Font(name="Noto Sans CJK SC", size=11)
    ws["A1"] = data["front_matter"]["title"]
    ws["A1"].font = Font(name="Noto Sans CJK SC", size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells("A1:J1")
    head = ["专项名称", "序号", "类型", "名称", "工作时序", None, None, None, "牵头单位", "责任人"]
    for c, v in enumerate(head, start=1):
        ws.cell(2, c, v)
    for c, v in enumerate(QUARTER_NAMES, start=5):
        ws.cell(3, c, v)
    for rng in ("A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:H2", "I2:I3", "J2:J3"):
        ws.merge_cells(rng)
    first = 4
    for i, r in enumerate(rows):
        x = first + i
        ws.cell(x, 1, r["category"])
        ws.cell(x, 2, int(r["seq"]))
        ws.cell(x, 3, r["type"])
        ws.cell(x, 4, r["name"])
        col = 5
        for c in r["schedule"]:
            ws.cell(x, col, c["text"])
            if len(c["quarters"]) > 1:
                ws.merge_cells(start_row=x, start_column=col, end_row=x, end_column=col + len(c["quarters"]) - 1)
            col += len(c["quarters"])
        ws.cell(x, 9, r["lead"])
        ws.cell(x, 10, r["owner"])
    for key, cols in (("category", (1,)), ("type", (3,)), ("item", (2, 4)), ("lead", (9, 10))):
        for i, n in enumerate(m[key]):
            if n > 1:
                for c in cols:
                    ws.merge_cells(start_row=first + i, start_column=c, end_row=first + i + n - 1, end_column=c)
    last = first + len(rows) - 1
    for row in ws.iter_rows(min_row=2, max_row=last, min_col=1, max_col=10):
        for cell in row:
            cell.border = border
            cell.font = font
            cell.alignment = centre if cell.column in (1, 2, 3, 9, 10) or cell.row <= 3 else wrap
    # narrow 专项名称/类型 columns stack their labels; narrow schedule columns make tall rows and many pages
    widths = {"A": 3.5, "B": 5, "C": 3.5, "D": 16, "E": 13, "F": 13, "G": 13, "H": 13, "I": 11, "J": 8}
    if not landscape:  # portrait: narrower still, printed at full size
        widths.update({"B": 4, "D": 11, "E": 10, "F": 10, "G": 10, "H": 10, "I": 8, "J": 6})
    for k, w in widths.items():
        ws.column_dimensions[k].width = w
    for x in range(first, last + 1):  # wrapped text: row heights by the longest single cell (Calc keeps them)
        lines = max(-(-len(str(ws.cell(x, c).value or "")) // max(int(widths[k] / 2.2), 1))
                    for c, k in zip(range(4, 11), "DEFGHIJ") if not isinstance(ws.cell(x, c).value, type(None)))
        ws.row_dimensions[x].height = max(18, 15 * lines + 4)
    ws.print_title_rows = "2:3"
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # shrink to the page width, as many pages down as needed
    wb.save(path)


def print_with_calc(xlsx: Path, outdir: Path) -> Path:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        sys.exit("soffice not found (apt-get install libreoffice-calc)")
    subprocess.run([exe, "--headless", "--convert-to", "pdf", "--outdir", str(outdir), str(xlsx)],
                   check=True, capture_output=True, timeout=180)
    return outdir / (xlsx.stem + ".pdf")


def main() -> None:
    data = load_rows()
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        for orient in ("portrait", "landscape"):
            html = t / f"chromium-{orient}.html"
            html.write_text(page_html(data, orient == "landscape"), encoding="utf-8")
            print_with_chromium(html, OUT / f"chromium-{orient}.pdf")
            xlsx = t / f"calc-{orient}.xlsx"
            workbook(data, orient == "landscape", xlsx)
            shutil.copy(print_with_calc(xlsx, t), OUT / f"calc-{orient}.pdf")
            print(f"wrote chromium-{orient}.pdf, calc-{orient}.pdf")
        html = t / "chromium-thead-footer.html"
        html.write_text(page_html(data, False, thead=True), encoding="utf-8")
        print_with_chromium(html, OUT / "chromium-thead-footer.pdf", header_footer=True)
        print("wrote chromium-thead-footer.pdf")


if __name__ == "__main__":
    main()
