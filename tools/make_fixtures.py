#!/usr/bin/env python
"""Generate the synthetic work-list fixtures in tests/fixtures/ (DOCX with python-docx, PDF with LibreOffice).

Why generated rather than hand-made: every layout variant the readers must survive (one long table with or
without a repeated header, rows split across pages, vertical type labels, renamed/reordered columns, a missing
责任人 column, gridBefore/gridAfter and old-style hMerge) is written from ONE data model, so the expected
extraction (tests/fixtures/expected/*.json and the summaries in tests/fixtures/README.md) is produced from the
same data and cannot drift from the files.

    /work/venv/bin/python tools/make_fixtures.py            # DOCX + PDF (needs `soffice` for the PDFs)
    /work/venv/bin/python tools/make_fixtures.py --no-pdf   # DOCX, expected JSON and README only

DOCX output is byte-for-byte reproducible (fixed zip timestamps and core properties); PDFs carry LibreOffice's
creation date and document id, so they differ between runs in those bytes only.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable
from xml.sax.saxutils import escape

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.enum.section import WD_ORIENT
from docx.shared import Cm

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures"
FONT = "Noto Serif CJK SC"
TWIPS_PER_CM = 567
ZIP_TIME = (2025, 1, 1, 0, 0, 0)
FIXED_TIME = datetime(2025, 1, 1, 0, 0, 0)
W_NS = nsdecls("w")

# ------------------------------------------------------------------------------------------- data model


@dataclass
class S:
    """One table row of an item: its schedule (4 quarters; a (text, n) tuple spans n quarters) and owners."""

    q: list[str | tuple[str, int]]
    lead: str
    owner: str = ""
    note: str = ""


@dataclass
class I:  # noqa: E742 - short on purpose: the content tables below read like the notice
    """A numbered work item (序号 + 名称), one or more sub-rows under the merged 序号/名称 cells."""

    no: str
    name: str
    subs: list[S]
    merge_lead: bool = False  # 牵头单位/责任人 merged over the sub-rows too


Group = tuple[str, list[I]]  # (类型, items)
Cat = tuple[str, list[Group]]  # (专项名称, groups)


@dataclass
class Col:
    key: str  # cat no type name q1..q4 lead owner note pad
    label: str
    width_cm: float


@dataclass
class Place:
    """A cell placed at its top-left grid position."""

    text: str
    rs: int = 1
    cs: int = 1
    bold: bool = False
    align: str = "center"
    br: bool = False  # "\n" written as w:br inside one paragraph instead of separate paragraphs
    hmerge: bool = False  # horizontal span written as old-style w:hMerge restart/continue cells
    num_id: int | None = None  # automatic list number instead of literal text
    extra_runs: str = ""  # raw run XML appended (revisions, hidden text)


@dataclass
class RowSpec:
    cells: dict[int, Place] = field(default_factory=dict)
    header: bool = False  # w:tblHeader (repeat on each page)
    cant_split: bool = True
    grid_before: int = 0
    grid_after: int = 0


@dataclass
class TableSpec:
    cols: list[Col]
    rows: list[RowSpec]
    data_start: int  # first work row
    # expected work rows, one per data row: filled by build_work_table
    expected: list[dict] = field(default_factory=list)


# ------------------------------------------------------------------------------------------- building tables

STD_COLS = [
    Col("cat", "专项名称", 1.9), Col("no", "序号", 1.1), Col("type", "类型", 1.5), Col("name", "名称", 3.3),
    Col("q1", "一季度", 3.6), Col("q2", "二季度", 3.6), Col("q3", "三季度", 3.6), Col("q4", "四季度", 3.6),
    Col("lead", "牵头单位", 2.2), Col("owner", "责任人", 1.5),
]
QUARTERS = ("q1", "q2", "q3", "q4")


def build_work_table(
    cats: list[Cat],
    cols: list[Col],
    *,
    two_level_header: bool = True,
    group_label: str = "工作时序",
    repeat_header: bool = False,
    cant_split: bool = True,
) -> TableSpec:
    """Lay the data out as the notices do: merged 专项名称/类型/序号/名称, schedule cells spanning quarters."""
    idx = {c.key: i for i, c in enumerate(cols)}
    qcols = [idx[q] for q in QUARTERS]
    assert qcols == list(range(qcols[0], qcols[0] + 4)), "quarter columns must be adjacent and in order"
    rows: list[RowSpec] = []
    hdr = dict(bold=True)
    if two_level_header:
        r0, r1 = RowSpec(header=repeat_header), RowSpec(header=repeat_header)
        for i, c in enumerate(cols):
            if c.key in QUARTERS:
                r1.cells[i] = Place(c.label, **hdr)
            else:
                r0.cells[i] = Place(c.label, rs=2, **hdr)
        r0.cells[qcols[0]] = Place(group_label, cs=4, **hdr)
        rows += [r0, r1]
    else:
        rows.append(RowSpec(header=repeat_header, cells={i: Place(c.label, **hdr) for i, c in enumerate(cols)}))
    spec = TableSpec(cols=cols, rows=rows, data_start=len(rows))

    def put(r: int, key: str, place: Place) -> None:
        if key in idx:
            rows[r].cells[idx[key]] = place

    for cat, groups in cats:
        cat_row = len(rows)
        n_cat = sum(len(it.subs) for _, items in groups for it in items)
        for typ, items in groups:
            type_row = len(rows)
            n_type = sum(len(it.subs) for it in items)
            for it in items:
                for k, sub in enumerate(it.subs):
                    r = len(rows)
                    rows.append(RowSpec(cant_split=cant_split))
                    if r == cat_row:
                        put(r, "cat", Place(cat, rs=n_cat))
                    if r == type_row:
                        put(r, "type", Place(typ, rs=n_type))
                    if k == 0:
                        put(r, "no", Place(it.no, rs=len(it.subs)))
                        put(r, "name", Place(it.name, rs=len(it.subs), align="left"))
                    if k == 0 or not it.merge_lead:
                        rs = len(it.subs) if it.merge_lead else 1
                        put(r, "lead", Place(sub.lead, rs=rs))
                        put(r, "owner", Place(sub.owner, rs=rs))
                    if "note" in idx:
                        put(r, "note", Place(sub.note, align="left"))
                    q, schedule = 0, []
                    for cell in sub.q:
                        text, n = (cell, 1) if isinstance(cell, str) else cell
                        put(r, QUARTERS[q], Place(text, cs=n, align="left"))
                        schedule.append({"quarters": list(range(q + 1, q + n + 1)), "text": text})
                        q += n
                    assert q == 4, (it.name, sub.q)
                    spec.expected.append({
                        "category": cat, "type": typ, "seq": it.no, "name": it.name,
                        "sub_row": k + 1, "schedule": schedule, "lead": sub.lead,
                        "owner": sub.owner if "owner" in idx else None,
                        **({"extra": {cols[idx["note"]].label: sub.note}} if "note" in idx else {}),
                    })
    return spec


def _run(text: str, bold: bool, size: int) -> str:
    rpr = f'<w:rPr>{"<w:b/>" if bold else ""}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _cell_paras(p: Place, size: int = 21) -> str:
    ppr = f'<w:pPr><w:jc w:val="{p.align}"/></w:pPr>'
    if p.num_id is not None:
        return (f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{p.num_id}"/></w:numPr>'
                f'<w:ind w:left="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr></w:p>')
    if p.br:
        parts = p.text.split("\n")
        runs = '<w:r><w:br/></w:r>'.join(_run(t, p.bold, size) for t in parts)
        return f"<w:p>{ppr}{runs}{p.extra_runs}</w:p>"
    lines = p.text.split("\n")
    out = [f"<w:p>{ppr}{_run(t, p.bold, size) if t else ''}" for t in lines]
    out[-1] += p.extra_runs
    return "</w:p>".join(out) + "</w:p>"


def table_xml(spec: TableSpec, *, layout_fixed: bool = True, borders: bool = True) -> str:
    """WordprocessingML for a TableSpec: vMerge restart/continue, gridSpan (or hMerge), gridBefore/After."""
    widths = [round(c.width_cm * TWIPS_PER_CM) for c in spec.cols]
    n = len(widths)
    cover: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(spec.rows):
        for c, p in row.cells.items():
            for rr in range(r, r + p.rs):
                for cc in range(c, c + p.cs):
                    assert (rr, cc) not in cover, ("overlap", rr, cc)
                    cover[(rr, cc)] = (r, c)
    border = "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = [f'<w:tbl {W_NS}><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/>'
           + (f"<w:tblBorders>{border}</w:tblBorders>" if borders else "")
           + ('<w:tblLayout w:type="fixed"/>' if layout_fixed else "")
           + '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0"'
             ' w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
           + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"]

    def tc(width: int, span: int, body: str, vm: str | None = None, hm: str | None = None) -> str:
        pr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
        if span > 1:
            pr += f'<w:gridSpan w:val="{span}"/>'
        if hm:
            pr += '<w:hMerge w:val="restart"/>' if hm == "restart" else "<w:hMerge/>"
        if vm:
            pr += '<w:vMerge w:val="restart"/>' if vm == "restart" else "<w:vMerge/>"
        pr += '<w:vAlign w:val="center"/>'
        return f"<w:tc><w:tcPr>{pr}</w:tcPr>{body}</w:tc>"

    for r, row in enumerate(spec.rows):
        trpr = ""
        if row.grid_before:
            trpr += f'<w:gridBefore w:val="{row.grid_before}"/>'
        if row.grid_after:
            trpr += f'<w:gridAfter w:val="{row.grid_after}"/>'
        if row.grid_before:
            trpr += '<w:wBefore w:w="0" w:type="dxa"/>'
        if row.cant_split:
            trpr += "<w:cantSplit/>"
        if row.header:
            trpr += "<w:tblHeader/>"
        out.append(f"<w:tr>{'<w:trPr>' + trpr + '</w:trPr>' if trpr else ''}")
        c = row.grid_before
        while c < n - row.grid_after:
            p = row.cells.get(c)
            origin = cover.get((r, c))
            if p is not None:
                vm = "restart" if p.rs > 1 else None
                if p.hmerge and p.cs > 1:
                    out.append(tc(widths[c], 1, _cell_paras(p), vm, "restart"))
                    for k in range(c + 1, c + p.cs):
                        out.append(tc(widths[k], 1, "<w:p/>", vm, "continue"))
                else:
                    out.append(tc(sum(widths[c:c + p.cs]), p.cs, _cell_paras(p), vm))
                c += p.cs
            elif origin is not None and origin[1] == c and origin[0] < r:
                op = spec.rows[origin[0]].cells[c]
                out.append(tc(sum(widths[c:c + op.cs]), op.cs, "<w:p/>", "continue"))
                c += op.cs
            else:
                out.append(tc(widths[c], 1, "<w:p/>"))
                c += 1
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


# ------------------------------------------------------------------------------------------- documents


@dataclass
class Notice:
    """Front and back matter of a notice; the table(s) go between."""

    county: str
    issuer: str
    doc_no: str
    title: str  # the list's title, without 《》
    date: str
    addressees: str = "各乡镇人民政府、街道办事处，县级有关单位："
    cc: str = "抄送：县委各部门，县人大常委会办公室，县政协办公室，县法院，县检察院。"


def _para(text: str, size: int = 28, bold: bool = False, align: str | None = None, page_break: bool = False) -> str:
    ppr = f'<w:pPr><w:jc w:val="{align}"/></w:pPr>' if align else ""
    br = '<w:r><w:br w:type="page"/></w:r>' if page_break else ""
    return f"<w:p {W_NS}>{ppr}{br}{_run(text, bold, size) if text else ''}</w:p>"


def front_xml(n: Notice) -> list[str]:
    return [
        _para(f"{n.issuer}文件", 44, True, "center"),
        _para(n.doc_no, 28, False, "center"),
        _para(f"{n.issuer}关于印发《{n.title}》的通知", 32, True, "center"),
        _para(n.addressees),
        _para(f"现将《{n.title}》印发给你们，请结合实际认真抓好落实。"),
        _para(n.issuer, align="right"),
        _para(n.date, align="right"),
        _para("", page_break=True),
        _para(n.title, 32, True, "center"),
    ]


def back_xml(n: Notice) -> list[str]:
    return [_para(""), _para(n.cc, 24), _para(f"{n.county}人民政府办公室  {n.date}印发", 24)]


def new_document() -> docx.document.Document:
    """python-docx's template, set up like a government notice: landscape A4, a CJK serif everywhere."""
    doc = docx.Document()
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    sec.orientation = WD_ORIENT.LANDSCAPE
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Cm(1.8))
    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT)
    rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
    spacing = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    cp = doc.core_properties
    cp.author = cp.last_modified_by = "worklist fixtures"
    cp.created = cp.modified = FIXED_TIME
    cp.revision = 1
    return doc


def add_blocks(doc: docx.document.Document, blocks: Iterable[str]) -> None:
    sect = doc.element.body.find(qn("w:sectPr"))
    for xml in blocks:
        sect.addprevious(parse_xml(xml))


def save_reproducible(doc: docx.document.Document, path: Path) -> None:
    """Save with fixed zip timestamps so re-running the script gives the same bytes."""
    buf = io.BytesIO()
    doc.save(buf)
    buf.seek(0)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == "docProps/thumbnail.jpeg":
                continue  # python-docx's template thumbnail: a stray picture of an empty page
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            data = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b'<Default Extension="jpeg" ContentType="image/jpeg"/>', b"")
            if info.filename == "_rels/.rels":
                data = _drop_rel(data, b"thumbnail")
            zout.writestr(zi, data)


def _drop_rel(data: bytes, needle: bytes) -> bytes:
    start = data.find(needle)
    if start < 0:
        return data
    a = data.rfind(b"<Relationship ", 0, start)
    b = data.find(b"/>", start) + 2
    return data[:a] + data[b:]


# ------------------------------------------------------------------------------------------- content


def seven_benefits(county: str) -> list[Cat]:
    """29 rows over 3 categories, used by the two continuous-table fixtures."""
    wj, jy, ws = "县卫健局", "县教育局", "县卫健局"
    return [
        ("幼有善育", [
            ("重点指标", [
                I("1", "每千人口拥有3岁以下婴幼儿托位数", [S([("年度指标4.5", 4)], wj, "林晓红")]),
                I("2", "普惠性幼儿园在园幼儿占比", [S([("达到92%以上", 4)], jy, "周建国")]),
                I("3", "0—3岁儿童发育监测筛查率", [S(["/", "达到60%", "达到75%", "达到85%以上"], wj, "林晓红")]),
            ]),
            ("重点任务", [
                I("1", "推进普惠托育服务体系建设", [S(["制定年度普惠托育工作方案，明确目标任务。", "新增普惠托育机构1家。",
                                                  "新增社区托育点3家。", "全县托位使用率达到省市要求。"], wj, "林晓红")]),
                I("2", "开展托育机构质量提升行动", [
                    S(["开展托育机构安全隐患排查。", "完成隐患整改销号。", "/", "/"], wj, "林晓红"),
                    S(["组织保育人员岗位培训。", "累计完成100人次。", "累计完成200人次。", "已完成"], wj, "林晓红"),
                    S(["启动省级示范托育机构申报。", ("开展示范创建评估，迎接省市复核。", 2), "新增省级示范托育机构1家。"],
                      wj, "林晓红"),
                ], merge_lead=True),
                I("3", "实施儿童早期发展促进行动", [S(["部署0—3岁儿童发育监测筛查工作。", "开展婴幼儿养育小组活动。",
                                                  "开展儿童眼保健、营养等健康指导。", "总结推广典型经验。"], wj, "林晓红")]),
                I("4", "深化医育结合托育指导", [S([f"完善{county}妇幼保健院婴幼儿照护指导中心功能。",
                                                "开展医疗机构与托育机构签约服务。", "签约覆盖率达到100%。", "已完成"],
                                               wj, "林晓红")]),
            ]),
            ("民生实事", [
                I("1", "新建婴幼儿成长驿站", [S(["完成选址和设计方案。", ("推进项目建设。", 2), "新增3家，投入使用。"],
                                             wj, "林晓红")]),
                I("2", "建设儿童友好医院", [S(["制定创建方案。", "完成儿科诊区适儿化改造。", "开展创建自评。",
                                             f"建成儿童友好医院1家（{county}人民医院）。"], wj, "林晓红")]),
            ]),
        ]),
        ("学有优教", [
            ("重点指标", [
                I("1", "开展职业技能培训", [S(["制定年度培训计划。", "累计培训150人次。", "累计培训300人次。",
                                             "累计完成500人次以上。"], jy, "周建国")]),
                I("2", "学前教育毛入园率", [S([("达到98%以上", 4)], jy, "周建国")]),
            ]),
            ("重点任务", [
                I("1", "推进城乡义务教育共同体建设", [
                    S(["制定教共体年度考核办法。", "开展结对学校互访交流。", "组织骨干教师跨校任教。", "完成年度考核。"],
                      jy, "周建国"),
                    S(["/", "累计开展同步课堂80节。", "累计开展同步课堂160节。", "累计开展同步课堂240节以上。"],
                      jy, "周建国"),
                ]),
                I("2", "实施县域普通高中振兴行动", [S(["制定高中振兴三年行动方案。",
                                                  ("推进县中课程改革和特色高中建设。", 3)], jy, "周建国")]),
                I("3", "推进学校食堂“阳光厨房”提升", [S(["完成全县学校食堂摸底。", "改造提升食堂2所。",
                                                    "改造提升食堂4所。", "已完成"], jy, "周建国")]),
                I("4", "加强校外培训规范管理", [S(["开展寒假校外培训专项检查。", "/", "开展暑期校外培训专项治理。", "/"],
                                               jy, "郑丽君")]),
            ]),
            ("民生实事", [
                I("1", "新建改扩建中小学校舍", [S([(f"推进{county}第二实验小学扩建工程，完成主体结构。", 2),
                                                 "完成竣工验收。", "新增学位540个。"], jy, "郑丽君")]),
                I("2", "建设智慧教室", [S(["完成采购招标。", "建成智慧教室20间。", "建成智慧教室40间。",
                                         "累计建成60间，覆盖率达到85%以上。"], jy, "郑丽君")]),
            ]),
        ]),
        ("病有良医", [
            ("重点指标", [
                I("1", "县域就诊率", [S(["/", "达到88%", "达到89%", "达到90%以上"], ws, "王志强")]),
                I("2", "每千人口执业（助理）医师数", [S([("年度指标3.2", 4)], ws, "王志强")]),
            ]),
            ("重点任务", [
                I("1", "深化县域医共体建设", [
                    S(["制定医共体年度绩效考核方案。", "推进医共体内药品耗材统一采购。", "完成医共体运行评估。", "已完成"],
                      ws, "王志强"),
                    S(["派驻专家下沉乡镇卫生院。", "累计下沉专家30人次。", "累计下沉专家60人次。",
                       "累计下沉专家100人次以上。"], ws, "王志强"),
                    S(["推进基层检查、上级诊断。", "新增远程影像诊断点2个。", "/", "/"], ws, "王志强"),
                ], merge_lead=True),
                I("2", "推进“千村万户”健康服务", [S(["组建家庭医生签约服务团队。", "重点人群签约率达到70%。",
                                                  "重点人群签约率达到75%。", "重点人群签约率达到80%以上。"], ws, "王志强")]),
                I("3", "提升院前急救能力", [S(["新增急救站点1个。", ("配齐配强急救车辆及设备。", 2),
                                             "急救反应时间缩短至12分钟以内。"], ws, "陈晓梅")]),
            ]),
            ("民生实事", [
                I("1", "免费为适龄女生接种二价HPV疫苗", [S(["摸排适龄女生底数。", "完成第一剂接种。", "完成第二剂接种。",
                                                       "接种覆盖率达到90%以上。"], ws, "陈晓梅")]),
                I("2", "开展老年人免费体检", [S(["制定体检工作方案。", "累计完成体检3000人次。", "累计完成体检6000人次。",
                                               "已完成"], ws, "陈晓梅")]),
            ]),
        ]),
    ]


LONG_1 = ("全面开展居家养老服务中心提升行动：对全县12个乡镇（街道）居家养老服务中心开展星级评定，重点完善助餐、助浴、"
          "助洁、助医等服务功能，推动每个中心至少配备2名专职社工；同步建立老年人能力综合评估制度，完成80周岁以上老年人"
          "能力评估2000人次，评估结果与养老服务补贴发放挂钩，实现动态管理；探索“物业+养老”服务模式，在3个城镇社区开展"
          "试点，推动物业服务企业为居家老年人提供上门巡访、应急呼叫和代购代办服务。")
LONG_2 = ("持续推进老旧小区综合改造：完成东城、西岭等5个老旧小区改造项目的施工招标，同步实施雨污分流、强弱电上改下、"
          "消防通道打通和适老化改造，加装电梯12台，新增停车位300个；建立“居民议事+专业设计”改造方案征询机制，改造"
          "方案居民同意率达到85%以上；对已完工小区开展“回头看”，督促落实长效物业管理，整改问题清单全部销号，群众满意度"
          "测评达到90%以上，形成可复制推广的改造经验。")
LONG_3 = ("深化“浙里康养”数字化应用：推动养老机构、居家养老服务中心全部接入县养老服务数字化平台，实现服务对象、服务"
          "过程、服务评价全流程线上管理；为高龄、独居、失能老年人安装智能安全监护设备500台（套），建立24小时应急响应"
          "机制，响应时间不超过15分钟；依托平台开展服务质量监测和补贴资金监管，全年开展线上抽查不少于4次，发现问题"
          "100%整改闭环。")


def broken_rows_cats() -> list[Cat]:
    mz, zj = "县民政局", "县住建局"
    return [
        ("老有康养", [
            ("重点指标", [
                I("1", "每万名老年人拥有持证养老护理员数", [S([("达到25人以上", 4)], mz, "吴海燕")]),
                I("2", "养老机构护理型床位占比", [S(["/", "达到58%", "达到60%", "达到62%以上"], mz, "吴海燕")]),
            ]),
            ("重点任务", [
                I("1", "提升居家养老服务质量", [S([LONG_1, "完成星级评定，新增四星级以上中心2家。",
                                                 "累计完成能力评估2000人次。", "已完成"], mz, "吴海燕")]),
                I("2", "推进养老服务数字化", [S(["制定平台接入工作方案。", LONG_3, "安装智能监护设备500台（套）。",
                                               "/"], mz, "吴海燕")]),
                I("3", "建立养老护理员岗位津贴制度", [S([("出台岗位津贴实施办法并落实发放。", 3),
                                                   "津贴发放率达到100%。"], mz, "吴海燕")]),
            ]),
        ]),
        ("住有宜居", [
            ("重点任务", [
                I("1", "推进老旧小区综合改造", [S(["完成改造项目施工招标。", LONG_2, "新增停车位300个。", "已完成"],
                                                 zj, "蒋文涛")]),
                I("2", "发展保障性租赁住房", [S(["制定年度筹集计划。", ("筹集保障性租赁住房200套（间）。", 2),
                                               "累计筹集300套（间）以上。"], zj, "蒋文涛")]),
            ]),
            ("民生实事", [
                I("1", "实施农村困难家庭危旧房改造", [S(["完成危旧房排查鉴定。", "开工改造30户。", "完成改造30户。",
                                                    "/"], zj, "蒋文涛")]),
            ]),
        ]),
    ]


def vertical_cats() -> list[Cat]:
    rs, mz = "县人力社保局", "县民政局"
    return [
        ("劳有所得", [
            ("重点指标", [
                I("1", "城镇新增就业人数", [S(["新增800人。", "累计新增1600人。", "累计新增2400人。",
                                             "累计新增3200人以上。"], rs, "许文斌")]),
                I("2", "城镇调查失业率", [S([("控制在5%以内", 4)], rs, "许文斌")]),
            ]),
            ("重点任务", [
                I("1", "实施技能提升行动", [
                    S(["制定年度技能培训计划。", "累计开展补贴性培训1000人次。", "累计开展补贴性培训2000人次。",
                       "已完成"], rs, "许文斌"),
                    S(["/", "新增高技能人才100人。", "新增高技能人才200人。", "新增高技能人才300人以上。"], rs, "许文斌"),
                ]),
                I("2", "加强劳动关系综合治理", [S(["开展春节前后欠薪专项整治。", ("推进劳动关系和谐企业创建。", 2),
                                                 "新增和谐企业3家。"], rs, "许文斌")]),
            ]),
            ("民生实事", [
                I("1", "建设“家门口”就业服务站", [S(["完成站点选址。", "建成就业服务站5个。", "建成就业服务站10个。",
                                                 "/"], rs, "许文斌")]),
            ]),
        ]),
        ("弱有众扶", [
            ("重点指标", [
                I("1", "低收入农户人均可支配收入增幅", [S([("高于全县农民平均水平", 4)], mz, "钱丽萍")]),
            ]),
            ("重点任务", [
                I("1", "完善分层分类社会救助体系", [S(["开展低保边缘家庭认定复核。", "完成救助对象动态调整。",
                                                  "开展“救助+服务”试点。", "已完成"], mz, "钱丽萍")]),
                I("2", "推进残疾人就业帮扶", [S(["/", "新增残疾人就业50人。", "累计新增残疾人就业100人。",
                                               "达到85%以上"], "县残联", "孙国平")]),
            ]),
        ]),
    ]


def reordered_cats() -> list[Cat]:
    return [
        ("病有良医", [
            ("重点指标", [
                I("1", "县级医院三四类手术占比", [S([("达到30%以上", 4)], "县卫健局", "沈佳怡", "省级考核指标")]),
                I("2", "基层就诊率", [S(["/", "达到66%", "达到68%", "达到70%以上"], "县卫健局", "沈佳怡", "")]),
            ]),
            ("重点任务", [
                I("1", "推进“县聘乡用”改革", [
                    S(["制定实施方案。", "首批派驻医生10名。", "累计派驻医生20名。", "已完成"], "县卫健局", "沈佳怡", ""),
                    S(["/", ("开展派驻医生绩效考核。", 2), "形成考核报告。"], "县人力社保局", "徐峰", "与编制改革衔接"),
                ]),
                I("2", "建设县域医学影像中心", [S(["完成设备采购。", "中心投入运行。", "新增3家乡镇接入。",
                                                 "实现乡镇全覆盖。"], "县卫健局", "沈佳怡", "列入十方面民生实事")]),
            ]),
        ]),
        ("老有康养", [
            ("重点任务", [
                I("1", "发展老年助餐服务", [S(["新增老年食堂2家。", "累计新增5家。", "累计新增8家。",
                                             "累计服务老年人10万人次。"], "县民政局", "韩冬梅", "")]),
                I("2", "推进认知障碍照护专区建设", [S([("建成认知障碍照护专区1个，新增床位30张。", 3), "已完成"],
                                                  "县民政局", "韩冬梅", "")]),
            ]),
            ("民生实事", [
                I("1", "为困难老年人家庭实施适老化改造", [S(["摸排改造需求。", "完成改造100户。", "完成改造200户。",
                                                       "/"], "县民政局", "韩冬梅", "")]),
            ]),
        ]),
    ]


def no_owner_cats() -> list[Cat]:
    return [
        ("住有宜居", [
            ("重点指标", [
                I("1", "城镇危旧房屋治理改造", [S(["开工40户。", "开工80户。", "完工80户。", "已完成"], "县住建局")]),
                I("2", "新增城市绿道长度", [S([("新增城市绿道10公里以上", 4)], "县住建局")]),
            ]),
            ("重点任务", [
                I("1", "推进未来社区建设", [
                    S(["完成2个未来社区创建方案编制。", ("推进场景建设，完成投资60%。", 2), "通过省级验收。"], "县住建局"),
                    S(["/", "新增3家邻里中心。", "/", "/"], "县住建局"),
                ]),
                I("2", "提升物业服务水平", [S(["开展物业服务质量星级评定。", "完成评定。", "整改落实。", "/"], "县住建局")]),
            ]),
        ]),
        ("公共服务一体化", [
            ("重点任务", [
                I("1", "推进公共服务“一卡通”", [S(["制定实施方案。", "完成系统对接。", "新增应用场景5个。", "已完成"],
                                               "县大数据中心")]),
                I("2", "开展公共服务满意度调查", [S(["/", "/", "完成年度调查。", "形成评估报告。"], "县统计局")]),
            ]),
        ]),
    ]


def grid_offsets_cats() -> list[Cat]:
    ty, wl = "县文化和广电旅游体育局", "县文广旅体局"
    return [
        ("文体惠民", [
            ("重点指标", [
                I("1", "人均体育场地面积", [S([("达到2.9平方米以上", 4)], wl, "董志远")]),
                I("2", "每万人拥有公共文化设施面积", [S(["/", "达到3500平方米", "达到3600平方米", "达到3800平方米以上"],
                                                  wl, "董志远")]),
            ]),
            ("重点任务", [
                I("1", "推进城市书房建设", [
                    S(["完成选址。", "新建城市书房2家。", "新建城市书房4家。", "已完成"], wl, "董志远"),
                    S(["/", ("开展全民阅读活动。", 2), "累计开展阅读活动200场次。"], wl, ""),
                ]),
                I("2", "举办群众体育赛事", [S(["举办新春全民健身活动。", ("举办县运会和乡镇体育联赛。", 2),
                                             "累计举办赛事20场以上。"], ty, "")]),
            ]),
            ("民生实事", [
                I("1", "新建百姓健身房", [S(["完成选址。", "新建5家。", "新建10家。", "/"], wl, "董志远")]),
            ]),
        ]),
    ]


# ------------------------------------------------------------------------------------------- fixtures


@dataclass
class Fixture:
    name: str
    notice: Notice
    spec: TableSpec
    description: str
    pdf: bool
    doc_hook: Callable[[docx.document.Document, TableSpec], None] | None = None
    before_table: list[str] = field(default_factory=list)  # extra body blocks (layout tables)
    after_table: list[str] = field(default_factory=list)
    replace_front: list[str] | None = None
    replace_back: list[str] | None = None
    notes: list[str] = field(default_factory=list)


def _notice(county: str, tag: str, no: int, title: str, date: str, year: int = 2025) -> Notice:
    issuer = f"{county}公共服务七优享工程工作专班办公室"
    return Notice(county=county, issuer=issuer, doc_no=f"{tag}〔{year}〕{no}号", title=title, date=date)


def fixture_continuous(repeat: bool) -> Fixture:
    county = "云溪县" if repeat else "青屿县"
    n = _notice(county, "云七优享办" if repeat else "青七优享办", 1 if repeat else 3,
                f"2025年{county}公共服务“七优享”工程工作清单", "2025年2月26日" if repeat else "2025年3月5日")
    spec = build_work_table(seven_benefits(county), STD_COLS, repeat_header=repeat)
    if repeat:
        desc = ("One long table over several landscape pages. The two header rows are marked `w:tblHeader`, so the PDF "
                "repeats them at the top of every page. 专项名称 cells are merged (vMerge) over whole categories and "
                "cross page breaks: in the PDF their text is printed once, on the page where the merged cell starts. "
                "类型 merged over each group; 序号/名称 merged over sub-rows; 牵头单位/责任人 merged over the sub-rows "
                "of two items; schedule cells merged over 2, 3 or 4 quarters (gridSpan); `/` and `已完成` cells; rows "
                "cannot split (`w:cantSplit`).")
    else:
        desc = ("The same work rows as `continuous_repeat_header` (with 青屿县 in the county-specific names), one long "
                "table WITHOUT `w:tblHeader`: in the PDF the header appears on page 1 only and later pages start "
                "straight with data rows.")
    return Fixture(f"continuous_{'repeat_header' if repeat else 'no_repeat'}", n, spec, desc, pdf=True)


def fixture_broken_rows() -> Fixture:
    n = _notice("梅岭县", "梅七优享办", 2, "2025年梅岭县“老有康养”“住有宜居”专项工作清单", "2025年3月12日")
    spec = build_work_table(broken_rows_cats(), STD_COLS, repeat_header=True, cant_split=False)
    desc = ("Rows may split across pages (no `w:cantSplit`), and three rows carry a very long schedule text (~200 "
            "characters in one quarter cell), so in the PDF a row can start at the bottom of one page and its text "
            "continue at the top of the next page, under the repeated header (`w:tblHeader`); the PDF lines below "
            "say which rows split. In the DOCX nothing is split: each row is one `w:tr`.")
    return Fixture("broken_rows", n, spec, desc, pdf=True)


def fixture_vertical() -> Fixture:
    n = _notice("桐江县", "桐七优享办", 4, "2025年桐江县“劳有所得”“弱有众扶”工作清单", "二〇二五年三月十日")
    cols = [Col(c.key, c.label, c.width_cm) for c in STD_COLS]
    cols[2] = Col("type", "类型", 0.8)  # one CJK character per line at 10.5 pt
    cols[3] = Col("name", "名称", 4.05)
    spec = build_work_table(vertical_cats(), cols, repeat_header=True)
    tcol = 2
    typed = [(r, row.cells[tcol]) for r, row in enumerate(spec.rows) if r >= spec.data_start and tcol in row.cells]
    # 重点指标 (1st group) written with explicit line breaks; 重点任务 one paragraph per character; the rest wrap.
    typed[0][1].text, typed[0][1].br = "\n".join("重点指标"), True
    typed[1][1].text = "\n".join("重点任务")
    desc = ("A narrow 类型 column (0.8 cm) so the type labels render one character per line (重/点/任/务). Three "
            "ways in the DOCX: the first 重点指标 label is one paragraph with `w:br` between the characters (reader "
            "text `重\\n点\\n指\\n标`), the first 重点任务 label is four one-character paragraphs (reader text "
            "`重\\n点\\n任\\n务`), the other labels are plain text that only wraps when rendered (`民生实事`). The 成文日期 "
            "is written in Chinese numerals (二〇二五年三月十日).")
    return Fixture("vertical_type_label", n, spec, desc, pdf=True)


def fixture_reordered() -> Fixture:
    n = _notice("白溪县", "白七优享办", 1, "2025年白溪县卫生健康和养老服务重点工作清单", "2025年1月20日")
    cols = [
        Col("no", "序号", 1.0), Col("cat", "领域", 1.8), Col("type", "类型", 1.4), Col("name", "任务名称", 3.0),
        Col("lead", "责任单位", 2.2),
        Col("q1", "第一季度", 3.3), Col("q2", "第二季度", 3.3), Col("q3", "第三季度", 3.3), Col("q4", "第四季度", 3.3),
        Col("owner", "联系人", 1.5), Col("note", "备注", 2.3),
    ]
    spec = build_work_table(reordered_cats(), cols, two_level_header=False, repeat_header=True)
    desc = ("Columns in another order and under other names, with ONE header row (no 工作时序 group): 序号 | 领域 | 类型 | "
            "任务名称 | 责任单位 | 第一季度 | 第二季度 | 第三季度 | 第四季度 | 联系人 | 备注. 领域 = 专项名称, 任务名称 = 名称, "
            "责任单位 = 牵头单位, 联系人 = 责任人; 备注 is a column the contract does not know (kept as an extra). One "
            "item has two sub-rows with different 责任单位/联系人.")
    return Fixture("reordered_columns", n, spec, desc, pdf=True)


def _numbering_hook(doc: docx.document.Document, spec: TableSpec) -> None:
    """序号 as automatic list numbers ('%1', restarting in every 类型 group), like many Word-made lists."""
    numbering = doc.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    abstract = parse_xml(
        f'<w:abstractNum {W_NS} w:abstractNumId="90"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/>'
        '<w:lvlJc w:val="center"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl></w:abstractNum>')
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    no_col = next(i for i, c in enumerate(spec.cols) if c.key == "no")
    type_col = next(i for i, c in enumerate(spec.cols) if c.key == "type")
    num_id = 90
    for r, row in enumerate(spec.rows):
        if r < spec.data_start:
            continue
        if type_col in row.cells:  # a new 类型 group: a new list instance restarting at 1
            num_id += 1
            numbering.append(parse_xml(
                f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="90"/>'
                f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
        if no_col in row.cells:
            row.cells[no_col].num_id = num_id


def fixture_no_owner() -> Fixture:
    n = _notice("石湖县", "石七优享办", 5, "2026年石湖县“住有宜居”和公共服务一体化工作清单", "2026年2月9日", year=2026)
    cols = [c for c in STD_COLS if c.key != "owner"]
    cols = [Col(c.key, c.label, c.width_cm + (0.17 if c.key.startswith("q") else 0)) for c in cols]
    spec = build_work_table(no_owner_cats(), cols)
    # a tracked change and a hidden note in one schedule cell (DOCX only, so no PDF rendering of revisions)
    r = spec.data_start + 2  # 推进未来社区建设, first sub-row
    q1 = next(i for i, c in enumerate(cols) if c.key == "q1")
    cell = spec.rows[r].cells[q1]
    assert cell.text == "完成2个未来社区创建方案编制。"
    cell.text = "完成2个未来社区创建方案编制"
    cell.extra_runs = ('<w:del w:id="1" w:author="审核" w:date="2025-01-01T00:00:00Z"><w:r><w:delText>（初稿）</w:delText>'
                       '</w:r></w:del><w:ins w:id="2" w:author="审核" w:date="2025-01-01T00:00:00Z"><w:r>'
                       '<w:t>。</w:t></w:r></w:ins><w:r><w:rPr><w:vanish/></w:rPr><w:t>（内部备注：资金待落实）</w:t></w:r>')
    desc = ("No 责任人 column at all (9 columns: 专项名称 序号 类型 名称 一季度…四季度 牵头单位). 序号 cells are automatic "
            "Word list numbers (`w:numPr`, restarting in each 类型 group) with no literal text; the reader renders them "
            "(`1`, `2`…). One schedule cell holds a tracked deletion `（初稿）` (dropped), a tracked insertion `。` "
            "(kept) and a hidden run `（内部备注：资金待落实）` (dropped). DOCX only.")
    return Fixture("no_owner_column", n, spec, desc, pdf=False, doc_hook=_numbering_hook)


def _layout_table(lines: list[list[str]], widths_cm: list[float], size: int = 28) -> str:
    """A small borderless table (issuer block / 抄送 box) of plain text cells."""
    cols = [Col(f"c{i}", "", w) for i, w in enumerate(widths_cm)]
    rows = [RowSpec(cells={i: Place(t, align="left") for i, t in enumerate(line)}) for line in lines]
    xml = table_xml(TableSpec(cols=cols, rows=rows, data_start=0), borders=False)
    return xml.replace('w:val="21"', f'w:val="{size}"')


def fixture_grid_offsets() -> Fixture:
    n = _notice("溪口县", "溪七优享办", 6, "2025年溪口县文体惠民工作清单", "2025年4月1日")
    cols = [Col("pad", "", 0.3)] + [Col(c.key, c.label, c.width_cm) for c in STD_COLS]
    cols[4] = Col("name", "名称", 3.0)
    spec = build_work_table(grid_offsets_cats(), cols)
    # Header: 专项名称 spans the pad column and the category column; data rows skip the pad column (gridBefore=1).
    hdr = spec.rows[0]
    hdr.cells[0] = Place("专项名称", rs=2, cs=2, bold=True)
    del hdr.cells[1]
    for r in range(spec.data_start, len(spec.rows)):
        spec.rows[r].grid_before = 1
    # Rows with no 责任人: the trailing cell is absent (gridAfter=1), not empty.
    owner_col = len(cols) - 1
    for r, exp in zip(range(spec.data_start, len(spec.rows)), spec.expected):
        if exp["owner"] == "":
            spec.rows[r].cells.pop(owner_col, None)
            spec.rows[r].grid_after = 1
            exp["owner"] = None
    # One two-quarter schedule cell written as old-style hMerge instead of gridSpan.
    for r in range(spec.data_start, len(spec.rows)):
        p = spec.rows[r].cells.get(6)
        if p is not None and p.text == "开展全民阅读活动。":
            p.hmerge = True
    front = [
        _layout_table([[f"{n.issuer}文件", n.doc_no]], [18.0, 8.1], 28),
        _para(f"{n.issuer}关于印发《{n.title}》的通知", 32, True, "center"),
        _para(n.addressees),
        _para(f"现将《{n.title}》印发给你们，请结合实际认真抓好落实。"),
        _para(n.issuer, align="right"),
        _para(n.date, align="right"),
        _para(n.title, 32, True, "center"),
    ]
    back = [_layout_table([[n.cc], [f"{n.county}人民政府办公室  {n.date}印发"]], [26.1], 24)]
    desc = ("Row offsets and old-style merges. The grid has 11 columns: a narrow leading pad column (grid column 0), "
            "then the usual 10. The 专项名称 header cell spans grid columns 0–1 (gridSpan=2); every data row starts "
            "at grid column 1 (`w:gridBefore=1`, `w:wBefore=0`), so grid column 0 is empty in data rows. Rows "
            "whose 责任人 is not assigned have NO trailing cell (`w:gridAfter=1`): 责任人 is absent, not an empty "
            "string. One schedule cell covering 二季度–三季度 is written as two cells with `w:hMerge` "
            "restart/continue instead of gridSpan. The issuer line and 文号 sit in a one-row borderless layout "
            "table before the title, and 抄送/印发 in a two-row one-column layout table after the work table; "
            "the reader puts their text into front/back matter. DOCX only.")
    return Fixture("grid_offsets", n, spec, desc, pdf=False, replace_front=front, replace_back=back)


def all_fixtures() -> list[Fixture]:
    return [fixture_continuous(True), fixture_continuous(False), fixture_broken_rows(), fixture_vertical(),
            fixture_reordered(), fixture_no_owner(), fixture_grid_offsets()]


# ------------------------------------------------------------------------------------------- output


def write_docx(fx: Fixture, path: Path) -> None:
    doc = new_document()
    doc.core_properties.title = fx.notice.title
    if fx.doc_hook:
        fx.doc_hook(doc, fx.spec)
    front = fx.replace_front if fx.replace_front is not None else front_xml(fx.notice)
    back = fx.replace_back if fx.replace_back is not None else back_xml(fx.notice)
    add_blocks(doc, [*front, *fx.before_table, table_xml(fx.spec), *fx.after_table, *back])
    save_reproducible(doc, path)


def convert_pdfs(docx_paths: list[Path], outdir: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("soffice not found: install libreoffice-writer-nogui, or run with --no-pdf")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
               "--outdir", str(outdir), *map(str, docx_paths)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env={**os.environ, "HOME": profile})


def pdf_layout(path: Path, fx: Fixture) -> dict:
    """Where things landed in the PDF: pages, header repeats, the pages of each item, category labels, split cells.

    Text is read per column band (the table is centred on the page and the column widths are known), so a name
    wrapped over several lines is still found as one string.
    """
    import pdfplumber

    pt_per_cm = 72 / 2.54
    widths = [c.width_cm * pt_per_cm for c in fx.spec.cols]
    col_of = {c.key: i for i, c in enumerate(fx.spec.cols)}
    q1_label = fx.spec.cols[col_of["q1"]].label
    pages: list[dict[str, str]] = []  # per page: column key -> text of that band, top to bottom
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            left = (float(page.width) - sum(widths)) / 2
            edges = [left]
            for w in widths:
                edges.append(edges[-1] + w)
            band: dict[int, list] = {}
            for wd in page.extract_words():
                xc = (wd["x0"] + wd["x1"]) / 2
                for i in range(len(widths)):
                    if edges[i] <= xc < edges[i + 1]:
                        band.setdefault(i, []).append(wd)
                        break
            pages.append({fx.spec.cols[i].key: "".join(w["text"] for w in sorted(ws, key=lambda w: (round(w["top"]), w["x0"])))
                          for i, ws in band.items()})
    info: dict = {"pages": len(pages)}
    info["header_on_pages"] = [i for i, b in enumerate(pages, 1) if q1_label in b.get("q1", "")]
    info["items_on_pages"] = {}
    for e in fx.spec.expected:
        found = [i for i, b in enumerate(pages, 1) if e["name"] in b.get("name", "")]
        info["items_on_pages"].setdefault(e["name"], found)
    cats = list(dict.fromkeys(e["category"] for e in fx.spec.expected))
    info["category_label_pages"] = {c: [i for i, b in enumerate(pages, 1) if c in b.get("cat", "")] for c in cats}
    splits = []
    for e in fx.spec.expected:
        for s in e["schedule"]:
            if len(s["text"]) > 120:
                key = QUARTERS[s["quarters"][0] - 1]
                head, tail = s["text"][:10], s["text"][-10:]
                splits.append({
                    "name": e["name"], "quarter": s["quarters"][0],
                    "starts_on_page": [i for i, b in enumerate(pages, 1) if head in b.get(key, "")],
                    "ends_on_page": [i for i, b in enumerate(pages, 1) if tail in b.get(key, "")],
                })
    if splits:
        info["long_cells"] = splits
    return info


def _check_layouts(layouts: dict[str, dict]) -> None:
    """Warn when a LibreOffice version lays the PDFs out so that a fixture no longer shows what it is for."""
    problems = []
    rep, norep, broken = (layouts.get(k) for k in ("continuous_repeat_header", "continuous_no_repeat", "broken_rows"))
    if rep and len(rep["header_on_pages"]) < 2:
        problems.append("continuous_repeat_header: the header is not repeated")
    if norep and len(norep["header_on_pages"]) != 1:
        problems.append("continuous_no_repeat: the header appears on more than one page")
    for name, lay in (("continuous_repeat_header", rep), ("continuous_no_repeat", norep)):
        if lay and lay["pages"] < 3:
            problems.append(f"{name}: the table does not run over several pages")
    if broken and not any(c["starts_on_page"] != c["ends_on_page"] for c in broken.get("long_cells", [])):
        problems.append("broken_rows: no row is split across a page break")
    for p in problems:
        print(f"WARNING: {p}", file=sys.stderr)


def summary(fx: Fixture) -> dict:
    exp = fx.spec.expected
    cats: dict[str, int] = {}
    types: dict[str, int] = {}
    for e in exp:
        cats[e["category"]] = cats.get(e["category"], 0) + 1
        types[e["type"]] = types.get(e["type"], 0) + 1
    n_items = len({(e["category"], e["type"], e["seq"]) for e in exp})
    return {
        "work_rows": len(exp), "items": n_items, "categories": cats, "types": types,
        "header_rows": fx.spec.data_start, "columns": [c.label for c in fx.spec.cols],
        "front_matter": {"doc_no": fx.notice.doc_no, "date": fx.notice.date, "title": fx.notice.title,
                         "issuer": fx.notice.issuer},
    }


def spot_values(fx: Fixture) -> list[str]:
    """A few rows worth asserting on: a merged schedule, a sub-row, a `/`, an 已完成, a numeric target."""
    out, seen = [], set()
    exp = fx.spec.expected

    def fmt(e: dict) -> str:
        sched = "; ".join(
            f"{'Q' + '–Q'.join(map(str, [s['quarters'][0], s['quarters'][-1]])) if len(s['quarters']) > 1 else 'Q' + str(s['quarters'][0])}"
            f" `{s['text'] if len(s['text']) <= 40 else s['text'][:24] + '…' + s['text'][-8:]}`"
            for s in e["schedule"])
        owner = "absent" if e["owner"] is None else f"`{e['owner']}`"
        extra = "".join(f", {k} `{v}`" for k, v in e.get("extra", {}).items())
        return (f"{e['category']} / {e['type']} / 序号 `{e['seq']}` / `{e['name']}` (sub-row {e['sub_row']}): "
                f"{sched}; 牵头单位 `{e['lead']}`, 责任人 {owner}{extra}")

    picks = [
        next((e for e in exp if any(len(s["quarters"]) == 4 for s in e["schedule"])), None),
        next((e for e in exp if any(len(s["quarters"]) in (2, 3) for s in e["schedule"])), None),
        next((e for e in exp if e["sub_row"] == 2), None),
        next((e for e in exp if any(s["text"] == "已完成" for s in e["schedule"])), None),
        next((e for e in exp if any(len(s["text"]) > 120 for s in e["schedule"])), None),
        next((e for e in exp if e["owner"] is None), None) if any(c.key == "owner" for c in fx.spec.cols) else None,
        next((e for e in exp if e.get("extra", {}).get("备注")), None),
        exp[-1],
    ]
    for e in picks:
        if e is not None and id(e) not in seen:
            seen.add(id(e))
            out.append(fmt(e))
    return out


README_HEAD = """# Synthetic work-list fixtures

GENERATED by `tools/make_fixtures.py` (do not edit by hand; change the script and re-run
`/work/venv/bin/python tools/make_fixtures.py`). Every fixture is an invented but plausible 工作清单 notice:
front matter (issuer line `…文件`, 文号, notice title, addressees, one body sentence, signature, 成文日期, then
on a new page the list title), one work table, back matter (抄送, `…人民政府办公室  <date>印发`).

- `docx/<name>.docx`: the Word file (python-docx, landscape A4, Noto Serif CJK SC), same bytes on every run.
- `pdf/<name>.pdf`: that file exported by LibreOffice Writer (`soffice --headless --convert-to pdf`), for
  fixtures 1–5 only. PDFs differ between runs only in creation date / document id.
- `expected/<name>.json`: the work rows the pipeline should extract, one object per table data row, in order:
  `category` (专项名称), `type` (类型, squashed: `重点任务` even where the file writes `重\\n点\\n任\\n务`), `seq`
  (序号 as shown), `name` (名称), `sub_row` (1-based position under a merged 序号/名称), `schedule` (the schedule
  cells as drawn, left to right: `{"quarters": [2, 3], "text": …}` for a cell merged over 二季度–三季度), `lead`
  (牵头单位), `owner` (责任人; `null` when the column or the cell does not exist), `extra` (unknown columns).
  Texts are given as `vocabulary.text.clean_text` leaves them (no line breaks). The top-level keys also give the
  front-matter facts and the layout the PDF export produced.

"Work rows" counts table data rows (header rows excluded); sub-rows under one merged 序号 are separate work rows
that share 序号 and 名称, as in the 嵊泗 sample (95 work rows). In every fixture 序号 restarts at 1 in each 类型
group of each category. Cells holding only `/` mean "nothing scheduled this quarter".

Other offices' habits (序号 written `1-1`/`（一）`/`①`, 合计 rows and footnotes, rows cut by page breaks, TXT
export quirks) have their own notices in `habits/`, generated by `tools/make_habit_fixtures.py` with expected
rows written by hand: see `habits/README.md`.

"""


def write_readme(fixtures: list[Fixture], layouts: dict[str, dict]) -> None:
    parts = [README_HEAD]
    for i, fx in enumerate(fixtures, 1):
        s = summary(fx)
        files = f"`docx/{fx.name}.docx`" + (f", `pdf/{fx.name}.pdf`" if fx.pdf else "")
        parts.append(f"## {i}. `{fx.name}`\n\nFiles: {files}, `expected/{fx.name}.json`.\n\n{fx.description}\n")
        parts.append(
            f"- Front matter: 文号 `{s['front_matter']['doc_no']}`, 成文日期 `{s['front_matter']['date']}`, "
            f"list title `{s['front_matter']['title']}`.\n"
            f"- Table: {len(fx.spec.rows)} rows in the DOCX table ({s['header_rows']} header row"
            f"{'s' if s['header_rows'] > 1 else ''}), columns: {' | '.join(c or '(pad)' for c in s['columns'])}.\n"
            f"- **{s['work_rows']} work rows** ({s['items']} numbered items). Categories: "
            + ", ".join(f"{k} {v}" for k, v in s["categories"].items())
            + ". Types: " + ", ".join(f"{k} {v}" for k, v in s["types"].items()) + ".\n"
        )
        lay = layouts.get(fx.name)
        if lay:
            per_page: dict[int, list[str]] = {}
            for nm, pgs in lay["items_on_pages"].items():
                for pg in pgs:
                    per_page.setdefault(pg, []).append(nm)
            pages_txt = "; ".join(f"p{pg}: `{v[0]}` … `{v[-1]}` ({len(v)} items)" for pg, v in sorted(per_page.items()))
            labels = ", ".join(f"{c} on p{'/p'.join(map(str, pgs))}" for c, pgs in lay["category_label_pages"].items())
            parts.append(
                f"- PDF: {lay['pages']} pages; the table header is printed on page(s) "
                f"{', '.join(map(str, lay['header_on_pages']))}; 名称 per page: {pages_txt}. Category labels "
                f"printed: {labels} (a merged 专项名称 cell shows its text once).\n")
            for sp in lay.get("long_cells", []):
                parts.append(f"- PDF: the long Q{sp['quarter']} text of `{sp['name']}` starts on page "
                             f"{'/'.join(map(str, sp['starts_on_page']))} and ends on page "
                             f"{'/'.join(map(str, sp['ends_on_page']))}.\n")
        parts.append("- Spot values:\n" + "".join(f"  - {v}\n" for v in spot_values(fx)) + "\n")
    (OUT / "README.md").write_text("".join(parts), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice PDF export")
    args = ap.parse_args(argv)
    fixtures = all_fixtures()
    (OUT / "docx").mkdir(parents=True, exist_ok=True)
    (OUT / "expected").mkdir(parents=True, exist_ok=True)
    for fx in fixtures:
        write_docx(fx, OUT / "docx" / f"{fx.name}.docx")
    layouts: dict[str, dict] = {}
    old_layouts = {}
    for fx in fixtures:
        p = OUT / "expected" / f"{fx.name}.json"
        if p.exists():
            old_layouts[fx.name] = json.loads(p.read_text(encoding="utf-8")).get("pdf_layout")
    if not args.no_pdf:
        pdf_fx = [fx for fx in fixtures if fx.pdf]
        convert_pdfs([OUT / "docx" / f"{fx.name}.docx" for fx in pdf_fx], OUT / "pdf")
        for fx in pdf_fx:
            layouts[fx.name] = pdf_layout(OUT / "pdf" / f"{fx.name}.pdf", fx)
        _check_layouts(layouts)
    else:
        layouts = {k: v for k, v in old_layouts.items() if v}
    for fx in fixtures:
        data = {"fixture": fx.name, **summary(fx), "pdf_layout": layouts.get(fx.name), "rows": fx.spec.expected}
        (OUT / "expected" / f"{fx.name}.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    write_readme(fixtures, layouts)
    for fx in fixtures:
        print(f"{fx.name}: {len(fx.spec.expected)} work rows"
              + (f", PDF {layouts[fx.name]['pages']} pages" if fx.name in layouts else ""))


if __name__ == "__main__":
    main()
