#!/usr/bin/env python
"""Generate the list shapes of tests/fixtures/shapes/: one small notice per shape, in every form.

Each shape is one table written as the office wrote it — its header rows and its rows, merged cells placed at
their top-left position (`M(text, rows, cols)`), line breaks inside a cell as "\n" — and rendered into:

- `docx/<name>.docx`: python-docx, landscape A4, Noto Serif CJK SC, the table as one continuous table (its header
  not repeated on later pages; rows of the long shapes may break across pages); same bytes on every run;
- `pdf/<name>.pdf`: that DOCX exported by LibreOffice Writer (`soffice --headless --convert-to pdf`);
- `html/<name>.html`: the county site's web page: the notice's paragraphs and the table with rowspan/colspan,
  a line break as `<br>`;
- `xlsx/<name>.xlsx`: an Excel attachment: a title row, the table with merged ranges, wrapped text;
- `txt/<name>.txt`: the data team's export: one line per row, cells separated by tabs, a merged cell shown once;
  a line break inside a cell written as 、 in the unit and person columns and as ； elsewhere (none after ；/。).

The expected rows are NOT generated here: tests/fixtures/shapes/expected/<name>.json is written by hand from the
tables below (tests/fixtures/shapes/README.md), so that the generator and the expectation cannot share a mistake.

    python tools/make_shape_fixtures.py            # every form (needs `soffice` for the PDFs)
    python tools/make_shape_fixtures.py --no-pdf   # all but the PDFs
"""

from __future__ import annotations

import argparse
import html
import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Union

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_fixtures as mf  # noqa: E402  (the sibling generator: DOCX building blocks, reproducible saving)

OUT = mf.ROOT / "tests" / "fixtures" / "shapes"
FORMATS = ("docx", "pdf", "html", "xlsx", "txt")

Entry = Union[str, mf.Place, None]  # None: a position covered by a merged cell that starts above or left


def M(text: str, rs: int = 1, cs: int = 1) -> mf.Place:  # noqa: N802 - reads like the notice: M("…", 2)
    """A merged cell: `rs` rows, `cs` columns."""
    return mf.Place(text, rs=rs, cs=cs)


@dataclass
class Shape:
    name: str
    notice: mf.Notice
    widths: list[float]  # cm per column
    header: list[list[Entry]]
    rows: list[list[Entry]]
    description: str
    left: frozenset[int] = frozenset()  # left-aligned columns (名称, schedule)
    unit_cols: frozenset[int] = frozenset()  # 牵头单位/责任人 columns: TXT writes their line breaks as 、
    cant_split: bool = True  # False: LibreOffice may break a row across pages
    breaks: frozenset[int] = frozenset()  # rows that start a new page (DOCX: a table of their own; TXT: a block)


def _quarter_header(first: list[str], rest: list[str]) -> list[list[Entry]]:
    """Two header rows: the columns before the schedule, 工作时序 over four quarters, the columns after."""
    top: list[Entry] = [M(t, 2) for t in first] + [M("工作时序", 1, 4), None, None, None] + [M(t, 2) for t in rest]
    sub: list[Entry] = [None] * len(first) + ["一季度", "二季度", "三季度", "四季度"] + [None] * len(rest)
    return [top, sub]


# ------------------------------------------------------------------------------------------- the shapes


def heading_rows() -> Shape:
    n = mf._notice("临川县", "临七优享办", 11, "2025年临川县“幼有善育”“学有优教”工作清单", "2025年3月10日")
    wj, jy = "县卫健局", "县教育局"
    rows: list[list[Entry]] = [
        [M("一、幼有善育", 1, 9), *([None] * 8)],
        ["1", M("重点指标", 2), "每千人口拥有3岁以下婴幼儿托位数", M("达到4.5个", 1, 4), None, None, None, wj, "林晓红"],
        ["2", None, "普惠托位占比", M("达到60%以上", 1, 4), None, None, None, wj, "林晓红"],
        ["1", "重点任务", "新建公办托育园", "完成选址。", "开工建设。", "主体完工。", "投入使用。", wj, "林晓红"],
        [M("二、学有优教", 1, 9), *([None] * 8)],
        ["1", M("重点任务", 2), "推进集团化办学", "制定集团化办学方案。", "组建教育集团2个。", "开展集团内交流活动。", "完成年度评估。", jy, "周建国"],
        ["2", None, "新建城区幼儿园", "/", "开工建设。", "主体完工。", "投入使用。", jy, "郑丽君"],
        ["1", "民生实事", "新增公办学位", M("新增公办学位500个", 1, 4), None, None, None, jy, "郑丽君"],
    ]
    return Shape("heading_rows", n, [1.1, 1.6, 4.2, 3.4, 3.4, 3.4, 3.4, 2.4, 1.6],
                 _quarter_header(["序号", "类型", "名称"], ["牵头单位", "责任人"]), rows, (
                     "专项 not a column but a heading row across the table (`一、幼有善育`, `二、学有优教`) above its "
                     "items; 序号 restarts under each heading and under each 类型."),
                 left=frozenset({2, 3, 4, 5, 6}), unit_cols=frozenset({7, 8}))


def heading_types() -> Shape:
    n = mf._notice("临川县", "临七优享办", 12, "2025年临川县“病有良医”“老有康养”工作清单", "2025年3月12日")
    ws, mz = "县卫健局", "县民政局"
    rows: list[list[Entry]] = [
        [M("病有良医", 5), M("（一）重点指标", 1, 8), *([None] * 7)],
        [None, "1", "县域就诊率", M("达到90%以上", 1, 4), None, None, None, ws, "王志强"],
        [None, M("（二）重点任务", 1, 8), *([None] * 7)],
        [None, "1", "深化县域医共体建设", "制定医共体考核方案。", "推进药品耗材统一采购。", "完成医共体运行评估。", "已完成", ws, "王志强"],
        [None, "2", "提升院前急救能力", "新增急救站点1个。", "配齐急救车辆及设备。", "开展急救技能培训。", "急救反应时间缩短至12分钟以内。", ws, "陈晓梅"],
        [M("老有康养", 3), M("（一）民生实事", 1, 8), *([None] * 7)],
        [None, "1", "新建老年食堂", "完成选址。", "新建老年食堂3家。", "新建老年食堂6家。", "已完成", mz, "韩冬梅"],
        [None, "2", "为困难老年人家庭实施适老化改造", "摸排改造需求。", "完成改造100户。", "完成改造200户。", "/", mz, "韩冬梅"],
    ]
    return Shape("heading_types", n, [1.9, 1.1, 4.2, 3.4, 3.4, 3.4, 3.4, 2.2, 1.6],
                 _quarter_header(["专项名称", "序号", "名称"], ["牵头单位", "责任人"]), rows, (
                     "A 专项名称 column merged down its items, and no 类型 column: the 类型 is a heading row across "
                     "the columns from 序号 on (`（一）重点指标`, `（二）重点任务`), 序号 restarting under each."),
                 left=frozenset({2, 3, 4, 5, 6}), unit_cols=frozenset({7, 8}))


def one_cell_schedule() -> Shape:
    n = mf._notice("临川县", "临七优享办", 13, "2025年临川县“住有宜居”“弱有众扶”工作清单", "2025年3月14日")
    zj, mz = "县住建局", "县民政局"
    rows: list[list[Entry]] = [
        [M("住有宜居", 3), "1", "重点指标", "城镇危旧房屋治理改造",
         "一季度：开工40户；\n二季度：开工80户；\n三季度：完工80户；\n四季度：已完成", zj, "蒋文涛"],
        [None, "1", M("重点任务", 2), "推进未来社区建设",
         "一季度：完成创建方案编制。\n二、三季度：推进场景建设，完成投资60%。\n四季度：通过省级验收。", zj, "蒋文涛"],
        [None, "2", None, "新增城市绿道", "全年：新增城市绿道10公里以上", zj, "蒋文涛"],
        [M("弱有众扶", 2), "1", M("重点任务", 2), "推进残疾人就业帮扶",
         "上半年：新增残疾人就业50人；\n下半年：累计新增残疾人就业100人。", "县残联", "孙国平"],
        [None, "2", None, "提高低保标准", "1-3月：制定调标方案；\n4-6月：发布新标准；\n7-12月：按新标准发放。", mz, "韩冬梅"],
    ]
    header: list[list[Entry]] = [["专项名称", "序号", "类型", "名称", "工作时序", "牵头单位", "责任人"]]
    return Shape("one_cell_schedule", n, [2.0, 1.1, 1.6, 4.6, 9.6, 2.4, 1.6], header, rows, (
        "One 工作时序 column whose cell names its periods (`一季度：…；二季度：…` on lines, `二、三季度`, `全年`, "
        "`上半年`/`下半年`, `1-3月`/`4-6月`/`7-12月`): one milestone per period, targets in their quarter."),
        left=frozenset({3, 4}), unit_cols=frozenset({5, 6}))


def deadline_column() -> Shape:
    n = mf._notice("临川县", "临共富办", 14, "2025年临川县共同富裕示范区建设重点工作清单", "2025年3月16日")
    rows: list[list[Entry]] = [
        [M("缩小收入差距", 3), "1", "实施农民增收行动", "2025年12月", "县农业农村局", "李建华"],
        [None, "2", "开展技能人才培训", "6月底前", "县人社局", "许文斌"],
        [None, "3", "完善工资正常增长机制", "长期坚持", "县人社局", "许文斌"],
        [M("公共服务优质共享", 2), "1", "推进城乡学校共同体建设", "3月底前完成方案；\n12月底前完成验收", "县教育局", "周建国"],
        [None, "2", "建设县域医共体", "年底前", "县卫健局", "王志强"],
    ]
    header: list[list[Entry]] = [["领域", "序号", "工作任务", "完成时限", "责任单位", "责任领导"]]
    return Shape("deadline_column", n, [3.0, 1.2, 7.0, 4.6, 3.2, 2.0], header, rows, (
        "Another programme (共同富裕, not in programmes.json): 领域 for 专项, no 类型 column, 工作任务, a single "
        "完成时限 column (`2025年12月`, `6月底前`, `长期坚持`, two deadlines in one cell), 责任单位 and 责任领导."),
        left=frozenset({2, 3}), unit_cols=frozenset({4, 5}))


def unit_lists() -> Shape:
    n = mf._notice("临川县", "临七优享办", 15, "2025年临川县公共服务“七优享”工程重点任务清单", "2025年3月18日")
    zb = "县公共服务七优享工程工作专班办公室"
    rows: list[list[Entry]] = [
        [M("幼有善育", 4), "1", "实施婴幼儿照护服务提升行动，推进普惠托育服务体系建设", "制定年度工作方案，明确普惠托育机构建设任务。",
         "新增普惠托位200个，开展托育机构等级评定。", "累计新增普惠托位400个，开展照护人员培训2期。", "累计新增普惠托位600个，完成年度考核。",
         "县卫健局\n县教育局", "林晓红\n周建国"],
        [None, "2", "开展青少年心理健康关爱行动", "制定关爱行动方案。", "开展心理健康讲座10场。", "开展心理健康讲座20场。", "完成年度评估。",
         "县委宣传部\n团县委", "陈海明\n孙政"],
        [None, "3", "推进儿童友好城市建设", "完成儿童友好空间布点规划。", "建成儿童友好空间5个。", "建成儿童友好空间10个。", "通过市级评估。",
         f"{zb}\n县住建局", "韩娜"],
        [None, "4", "落实育儿补贴政策", "出台实施细则。", "开始发放育儿补贴。", "持续发放育儿补贴。", "完成年度发放。",
         "县医保局、县财政局", "吴海燕"],
        [M("学有优教", 4), "1", "推进城乡教育共同体建设，促进优质教育资源均衡配置", "完成城乡教共体结对。", "开展送教下乡活动20次。",
         "开展送教下乡活动40次。", "完成年度考核。", "县教育局", "周建国"],
        [None, "2", "实施中小学食堂提升工程", "完成食堂改造方案。", "开工改造食堂5所。", "完成改造食堂5所。", "通过验收。",
         "县教育局\n县市场监管局", "郑丽君\n许文斌"],
        [None, "3", "开展校园安全专项整治", "开展校园周边环境排查。", "整治安全隐患问题。", "开展消防安全演练。", "完成年度整治。",
         "县公安局\n县教育局\n县消防救援大队", "王志强"],
        [None, "4", "推进学校体育场馆开放", "制定开放方案。", "开放学校体育场馆10所。", "开放学校体育场馆20所。", "完成年度评估。",
         "县教育局/县文化广电旅游体育局", "蒋文涛"],
        [M("病有良医", 3), "1", "深化县域医共体建设，提升基层医疗卫生服务能力", "制定医共体年度考核方案。", "推进药品耗材统一采购。",
         "完成医共体运行评估。", "完成年度绩效考核。", "县卫健局\n县医保局", "王志强"],
        [None, "2", "实施院前急救能力提升工程", "新增急救站点1个。", "配齐急救车辆及设备。", "开展急救技能培训。",
         "急救反应时间缩短至12分钟以内。", "县卫健局", "陈晓梅"],
        [None, "3", "推进“千村万户”健康服务", "组建家庭医生签约服务团队，覆盖全部行政村，开展重点人群健康体检。",
         "重点人群签约率达到70%，完成健康体检5000人次。", "重点人群签约率达到75%，完成健康体检10000人次。",
         "重点人群签约率达到80%以上，完成健康体检15000人次，建立健康档案。", "县卫健局\n各乡镇（街道）", "陈晓梅"],
    ]
    return Shape("unit_lists", n, [1.7, 1.0, 4.0, 3.8, 3.8, 3.8, 3.8, 2.2, 1.5],
                 _quarter_header(["专项名称", "序号", "名称"], ["牵头单位", "责任人"]), rows, (
                     "A long landscape list without 类型: several 牵头单位 and 责任人 per row on lines of their own "
                     "(`县委宣传部` / `团县委`), a long office name that the PDF wraps inside its narrow column, units "
                     "after 、 and /; rows may break across pages and the header is not repeated."),
                 left=frozenset({2, 3, 4, 5, 6}), unit_cols=frozenset({7, 8}), cant_split=False)


def planted() -> Shape:
    n = mf._notice("临川县", "临七优享办", 16, "2025年临川县“病有良医”工作清单", "2025年3月20日")
    ws = "县卫健局"
    rows: list[list[Entry]] = [
        [M("病有良医", 6), "1", M("重点任务", 6), "深化县域医共体建设", "制定考核方案。", "推进统一采购。", "完成运行评估。", "已完成", ws, "王志强"],
        # planted: a schedule that names its periods, merged over the four quarters: one milestone, two periods
        [None, "2", None, "推进家庭医生签约服务", M("一季度：组建签约团队；二季度：签约率达到70%", 1, 4), None, None, None, ws, "王志强"],
        # planted: two offices written together, no separator
        [None, "3", None, "开展青少年心理健康关爱行动", "制定方案。", "开展讲座10场。", "开展讲座20场。", "完成评估。", "县委宣传部团县委", "陈海明"],
        # planted: a period in 牵头单位
        [None, "4", None, "推进健康乡村建设", "完成摸排。", "启动建设。", "推进建设。", "完成验收。", "6月底前", "陈晓梅"],
        [None, "5", None, "提升院前急", "新增急救站点1个，", "配齐急救车辆及设备。", "开展急救技能培训。", "急救反应时间缩短至12分钟以内。", ws, "陈晓梅"],
        # planted (page 2): no 序号 of its own, the end of the 名称 above, and a whole office of its own
        [None, "", None, "救能力", "完成站点验收。", "", "", "", "县民政局", ""],
    ]
    return Shape("planted", n, [1.9, 1.1, 1.6, 3.6, 3.4, 3.4, 3.4, 3.4, 2.4, 1.6],
                 _quarter_header(["专项名称", "序号", "类型", "名称"], ["牵头单位", "责任人"]), rows, (
                     "One planted misreading per plausibility check: a merged schedule cell naming two periods, "
                     "two offices written together, a period in 牵头单位, and (page 2 in DOCX, PDF and TXT) a row "
                     "without 序号 continuing the 名称 above beside an office of its own."),
                 left=frozenset({3, 4, 5, 6, 7}), unit_cols=frozenset({8, 9}), breaks=frozenset({5}))


SHAPES = [heading_rows, heading_types, one_cell_schedule, deadline_column, unit_lists, planted]


# ------------------------------------------------------------------------------------------- writing


def _place(e: Entry) -> mf.Place | None:
    if e is None:
        return None
    return e if isinstance(e, mf.Place) else mf.Place(e)


def _pages(s: Shape) -> list[list[list[Entry]]]:
    """The rows page by page: a merged cell cut by a break is written again on the next page, empty."""
    pages: list[list[list[Entry]]] = [[]]
    for i, row in enumerate(s.rows):
        if i in s.breaks:
            pages.append([])
            row = [("" if e is None else e) for e in row]
        pages[-1].append(list(row))  # a copy: clamping below must not change the shape's own rows
    for page in pages:  # clamp merges to their page
        for r, row in enumerate(page):
            for c, e in enumerate(row):
                if isinstance(e, mf.Place) and r + e.rs > len(page):
                    row[c] = mf.Place(e.text, rs=len(page) - r, cs=e.cs)
    return pages


def _table_spec(s: Shape, body: list[list[Entry]] | None = None, header: bool = True) -> mf.TableSpec:
    cols = [mf.Col(f"c{i}", "", w) for i, w in enumerate(s.widths)]
    rows: list[mf.RowSpec] = []
    head_rows = s.header if header else []
    for r, row in enumerate([*head_rows, *(s.rows if body is None else body)]):
        head = r < len(head_rows)
        assert len(row) == len(s.widths), (s.name, r, len(row))
        cells: dict[int, mf.Place] = {}
        for c, e in enumerate(row):
            p = _place(e)
            if p is None:
                continue
            align = "left" if (c in s.left and not head and p.cs == 1) else "center"
            cells[c] = mf.Place(p.text, rs=p.rs, cs=p.cs, bold=head, align=align)
        rows.append(mf.RowSpec(cells=cells, cant_split=s.cant_split))
    return mf.TableSpec(cols=cols, rows=rows, data_start=len(head_rows))


def write_docx(s: Shape, path: Path) -> None:
    doc = mf.new_document()
    doc.core_properties.title = s.notice.title
    tables: list[str] = []
    for i, page in enumerate(_pages(s)):
        if i:
            tables.append(mf._para("", page_break=True))
        tables.append(mf.table_xml(_table_spec(s, page, header=i == 0)))
    mf.add_blocks(doc, [*mf.front_xml(s.notice), *tables, *mf.back_xml(s.notice)])
    mf.save_reproducible(doc, path)


def _front_lines(nt: mf.Notice) -> list[str]:
    return [f"{nt.issuer}文件", nt.doc_no, f"{nt.issuer}关于印发《{nt.title}》的通知", nt.addressees,
            f"现将《{nt.title}》印发给你们，请结合实际认真抓好落实。", nt.issuer, nt.date, nt.title]


def _back_lines(nt: mf.Notice) -> list[str]:
    return [nt.cc, f"{nt.county}人民政府办公室  {nt.date}印发"]


def html_text(s: Shape) -> str:
    nt = s.notice
    out = ['<!DOCTYPE html>', '<html lang="zh-CN"><head><meta charset="utf-8">', f"<title>{html.escape(nt.title)}</title>",
           "</head><body>", '<div class="article">']
    out += [f"<p>{html.escape(t)}</p>" for t in _front_lines(nt)]
    out.append('<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse">')
    for row in [*s.header, *s.rows]:
        out.append("<tr>")
        for e in row:
            p = _place(e)
            if p is None:
                continue
            span = (f' rowspan="{p.rs}"' if p.rs > 1 else "") + (f' colspan="{p.cs}"' if p.cs > 1 else "")
            body = "<br>".join(html.escape(t) for t in p.text.split("\n"))
            out.append(f"<td{span}>{body}</td>")
        out.append("</tr>")
    out.append("</table>")
    out += [f"<p>{html.escape(t)}</p>" for t in _back_lines(nt)]
    out += ["</div>", "</body></html>", ""]
    return "\n".join(out)


def write_xlsx(s: Shape, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "工作清单"
    n_cols = len(s.widths)
    ws.cell(1, 1, s.notice.title)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n_cols)
    for r, row in enumerate([*s.header, *s.rows], start=2):
        for c, e in enumerate(row, start=1):
            p = _place(e)
            if p is None:
                continue
            cell = ws.cell(r, c, p.text)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if p.rs > 1 or p.cs > 1:
                ws.merge_cells(start_row=r, start_column=c, end_row=r + p.rs - 1, end_column=c + p.cs - 1)
    for c, w in enumerate(s.widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w * 4.5
    props = wb.properties
    props.creator = props.lastModifiedBy = "worklist fixtures"
    props.created = props.modified = mf.FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():  # fixed timestamps: the same bytes on every run
            zi = zipfile.ZipInfo(info.filename, date_time=mf.ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, zin.read(info.filename))


def _txt_cell(text: str, unit_col: bool) -> str:
    """A cell as the export writes it: line breaks as 、 (units, persons) or ； (nothing after ；/。)."""
    out = ""
    for i, line in enumerate(text.split("\n")):
        if i:
            out += "、" if unit_col else ("" if out.endswith(("；", "。")) else "；")
        out += line
    return out


def txt_text(s: Shape) -> str:
    nt = s.notice
    lines: list[str] = []
    for t in _front_lines(nt):
        lines += [t, ""]
    for i, row in enumerate([*s.header, *s.rows]):  # merged cells shown once: text where it starts, empty below
        if i - len(s.header) in s.breaks:
            lines.append("")  # a new page: a block of its own
        lines.append("\t".join(_txt_cell(p.text, c in s.unit_cols) if (p := _place(e)) else ""
                               for c, e in enumerate(row)))
    lines.append("")
    for t in _back_lines(nt):
        lines += [t, ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice PDF export")
    args = ap.parse_args(argv)
    docs: list[Path] = []
    for make in SHAPES:
        s = make()
        for fmt in ("docx", "html", "xlsx", "txt"):
            (OUT / fmt).mkdir(parents=True, exist_ok=True)
        write_docx(s, OUT / "docx" / f"{s.name}.docx")
        docs.append(OUT / "docx" / f"{s.name}.docx")
        (OUT / "html" / f"{s.name}.html").write_text(html_text(s), encoding="utf-8")
        write_xlsx(s, OUT / "xlsx" / f"{s.name}.xlsx")
        (OUT / "txt" / f"{s.name}.txt").write_text(txt_text(s), encoding="utf-8")
        print(s.name)
    if not args.no_pdf:
        mf.convert_pdfs(docs, OUT / "pdf")


if __name__ == "__main__":
    main()
