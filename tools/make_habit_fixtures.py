#!/usr/bin/env python
"""Generate the synthetic notices of other offices' habits in tests/fixtures/habits/ (DOCX, TXT, PDF).

Each notice is written page by page as the notices are laid out: one table per page of the original (as the
2024 sample's DOCX), so that what a page break does to a row — a merged 序号 printed again at the top of the
next page, a 牵头单位 cut in the middle (县卫健 | 局), the last row continued on the final page above the back
matter — is written down exactly. The TXT is the same pages as tab-separated blocks, merged cells shown once,
as the data team's exports write them; the PDF is the DOCX exported by LibreOffice.

The expected rows are NOT generated here: tests/fixtures/habits/expected/<name>.json is written by hand from
the pages below (see tests/fixtures/habits/README.md), so the generator and the expectation cannot share a
mistake.

    python tools/make_habit_fixtures.py            # DOCX + TXT + PDF (needs `soffice` for the PDFs)
    python tools/make_habit_fixtures.py --no-pdf   # DOCX and TXT only
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_fixtures as mf  # noqa: E402  (the sibling generator: DOCX building blocks, reproducible saving)

OUT = mf.ROOT / "tests" / "fixtures" / "habits"
HEADER_TOP = ["专项名称", "序号", "类型", "名称", "工作时序", "", "", "", "牵头单位", "责任人"]
HEADER_SUB = ["", "", "", "", "一季度", "二季度", "三季度", "四季度", "", ""]
LEFT = {3, 4, 5, 6, 7}  # 名称 and the quarters are left-aligned

Entry = Union[str, mf.Place, None]  # None: a position covered by a merged cell that starts above or left


@dataclass
class Page:
    """One page of the original: its table rows (10 entries each), with or without the header on top."""

    rows: list[list[Entry]]
    header: bool = True
    txt_extra_tab: bool = False  # TXT: every line of this block ends with one more (empty) cell
    txt_trim: bool = False  # TXT: trailing empty cells left out of every line of this block


@dataclass
class Habit:
    name: str
    notice: mf.Notice
    pages: list[Page]
    description: str
    formats: tuple[str, ...] = ("docx", "txt", "pdf")
    notes_after: list[str] = field(default_factory=list)  # paragraphs between the table and the back matter


def M(text: str, rs: int = 1, cs: int = 1) -> mf.Place:  # noqa: N802 - reads like the notice: M("…", 2)
    """A merged cell: `rs` rows, `cs` columns."""
    return mf.Place(text, rs=rs, cs=cs)


# ------------------------------------------------------------------------------------------- the notices


def seq_two_level() -> Habit:
    n = mf._notice("澜江县", "澜七优享办", 3, "2025年澜江县“幼有善育”“学有优教”工作清单", "2025年3月3日")
    wj, jy = "县卫健局", "县教育局"
    rows: list[list[Entry]] = [
        [M("幼有善育", 6), "1", M("重点指标", 2), "每千人口拥有3岁以下婴幼儿托位数", M("年度指标3.0", 1, 4), None, None, None, wj, "林晓红"],
        [None, "2", None, "托位使用率", M("达到60%以上", 1, 4), None, None, None, wj, "林晓红"],
        [None, "1-1", "重点任务", "新建普惠托育园", "完成选址。", "开工建设。", "主体完工。", "投入使用。", jy, "周建国"],
        [None, "1-2", "重点任务", "推进托育机构备案", "开展摸排。", "完成备案50%。", "完成备案80%。", "全部完成备案。", wj, "林晓红"],
        [None, "2-1", "重点任务", "开展婴幼儿照护培训", "制定培训计划。", "累计培训100人次。", "累计培训200人次。", "已完成", wj, "林晓红"],
        [None, "2-2", "重点任务", "建设家庭托育点", "/", "新增家庭托育点2个。", "新增家庭托育点4个。", "/", wj, "林晓红"],
        [M("学有优教", 4), "1", M("重点任务", 3), "推进集团化办学", "制定集团化办学方案。", "组建教育集团2个。", "开展集团内交流活动。", "完成年度评估。", jy, "周建国"],
        [None, "1.1", None, "城区学校结对帮扶", "签订结对协议。", "开展送教下乡活动。", "/", "完成结对考核。", jy, "周建国"],
        [None, "1.2", None, "乡村学校课堂提质", "/", "开设同步课堂20节。", "开设同步课堂40节。", "/", jy, "郑丽君"],
        [None, "1", "民生实事", "新建学校食堂", "完成食堂设计。", "开工建设。", "完成主体建设。", "投入使用。", jy, "郑丽君"],
    ]
    return Habit("seq_two_level", n, [Page(rows)], (
        "序号 numbered inside an item, from two offices: 幼有善育 writes `1-1`, `1-2`, `2-1`, `2-2`, each row with "
        "its own 类型 cell and no parent row, right after a 重点指标 group; 学有优教 writes a parent row `1` "
        "followed by `1.1`, `1.2` under one merged 类型 cell."))


def seq_chinese() -> Habit:
    n = mf._notice("青岚县", "岚七优享办", 5, "2025年青岚县“劳有所得”“病有良医”“老有康养”工作清单", "2025年3月6日")
    rs, ws, mz = "县人社局", "县卫健局", "县民政局"
    rows: list[list[Entry]] = [
        [M("劳有所得", 5), "（一）", M("重点指标", 2), "城镇新增就业人数", M("全年新增2000人以上", 1, 4), None, None, None, rs, "许文斌"],
        [None, "（二）", None, "城镇调查失业率", M("控制在5%以内", 1, 4), None, None, None, rs, "许文斌"],
        [None, M("（一）", 2), M("重点任务", 3), M("实施技能提升行动", 2), "制定年度培训计划。", "累计培训1000人次。", "累计培训2000人次。", "已完成", rs, "许文斌"],
        [None, None, None, None, "/", "新增高技能人才100人。", "新增高技能人才200人。", "新增高技能人才300人以上。", rs, "许文斌"],
        [None, "（二）", None, "开展欠薪专项整治", "开展春节前欠薪排查。", M("推进劳动关系和谐企业创建。", 1, 2), None, "新增和谐企业3家。", rs, "许文斌"],
        [M("病有良医", 3), "一、", M("重点任务", 3), "深化县域医共体建设", "制定医共体考核方案。", "推进药品耗材统一采购。", "完成医共体运行评估。", "已完成", ws, "王志强"],
        [None, "二、", None, "推进家庭医生签约服务", "组建签约服务团队。", "重点人群签约率达到70%。", "重点人群签约率达到75%。", "重点人群签约率达到80%以上。", ws, "王志强"],
        [None, "三、", None, "提升院前急救能力", "新增急救站点1个。", M("配齐急救车辆及设备。", 1, 2), None, "急救反应时间缩短至12分钟以内。", ws, "陈晓梅"],
        [M("老有康养", 2), "①", M("民生实事", 2), "为困难老年人家庭实施适老化改造", "摸排改造需求。", "完成改造100户。", "完成改造200户。", "/", mz, "韩冬梅"],
        [None, "②", None, "新建老年食堂", "完成选址。", "新建老年食堂3家。", "新建老年食堂6家。", "已完成", mz, "韩冬梅"],
    ]
    return Habit("seq_chinese", n, [Page(rows)], (
        "序号 written as Chinese labels: `（一）`, `（二）` (劳有所得, one of them merged over two rows with its "
        "名称), `一、`, `二、`, `三、` (病有良医), and circled numbers `①`, `②` (老有康养)."))


def trailer_notes() -> Habit:
    n = mf._notice("石门县", "石七优享办", 2, "2025年石门县“住有宜居”“弱有众扶”工作清单", "2025年2月20日")
    zj, mz = "县住建局", "县民政局"
    rows: list[list[Entry]] = [
        [M("住有宜居", 3), "1", M("重点指标", 2), "城镇危旧房屋治理改造", "开工40户。", "开工80户。", "完工80户。", "已完成", zj, "蒋文涛"],
        [None, "2", None, "新增城市绿道长度", M("新增城市绿道10公里以上", 1, 4), None, None, None, zj, "蒋文涛"],
        [None, "1", "重点任务", "推进未来社区建设", "完成创建方案编制。", M("推进场景建设，完成投资60%。", 1, 2), None, "通过省级验收。", zj, "蒋文涛"],
        [M("小计", 1, 4), None, None, None, M("住有宜居共3项", 1, 6), None, None, None, None, None],
        [M("弱有众扶", 3), "1", M("重点任务", 2), "提高低保标准", "制定调标方案。", "发布新标准。", "按新标准发放。", "已完成", mz, "韩冬梅"],
        [None, "2", None, "推进残疾人就业帮扶", "/", "新增残疾人就业50人。", "累计新增残疾人就业100人。", "/", "县残联", "孙国平"],
        [None, "1", "民生实事", "实行群众“身后事”基本服务免费", "出台实施办法。", M("督查贯彻落实情况。", 1, 3), None, None, mz, "韩冬梅"],
        [M("合计", 1, 4), None, None, None, M("重点指标2项，重点任务3项，民生实事1项", 1, 6), None, None, None, None, None],
        [M("说明：本清单所列目标为年度目标，各牵头单位于每季度末向县专班报送工作进展。", 1, 10), *([None] * 9)],
    ]
    return Habit("trailer_notes", n, [Page(rows)], (
        "Rows that are not work lines: a `小计` row after 住有宜居 (`小计` over 专项名称…名称, the count over the "
        "rest), a `合计` row at the end, a `说明：…` row spanning the whole table, and two footnotes under the "
        "table (`注：1.…`, `2.…`) before the back matter."),
        notes_after=["注：1.“/”表示该季度无节点任务。", "2.牵头单位对本单位承担的任务负总责，配合单位积极配合。"])


def page_breaks() -> Habit:
    n = mf._notice("岱西县", "岱七优享办", 7, "2025年岱西县“病有良医”工作清单", "2025年3月18日")
    ws = "县卫健局"
    p1: list[list[Entry]] = [
        [M("病有良医", 3), "1", M("重点指标", 2), "县域就诊率", M("达到90%以上", 1, 4), None, None, None, ws, "王志强"],
        [None, "2", None, "每千人口执业（助理）医师数", M("年度指标3.2", 1, 4), None, None, None, ws, "王志强"],
        [None, "1", "重点任务", "深化县域医共体建设", "制定医共体年度考核方案。", "推进药品耗材统一采购。", "完成医共体运行评估。", "已完成", ws, "王志强"],
    ]
    p2: list[list[Entry]] = [  # the merged 专项名称/序号/类型/名称 cells printed again at the top of the page
        ["病有良医", "1", "重点任务", "深化县域医共体建设", "派驻专家下沉乡镇卫生院。", "累计下沉专家30人次。", "累计下沉专家60人次。", "累计下沉专家100人次以上。", ws, "王志强"],
        ["", "2", "", "推进“千村万户”健康服务", "组建家庭医生签约服务团队，", "重点人群签约率达到70%。", "重点人群签约率达到75%。", "重点人群签约率达到80%以上。", "县卫健", "王志强"],
    ]
    p3: list[list[Entry]] = [  # no header on this page; the row above continues here
        ["", "", "", "", "覆盖全部行政村。", "", "", "", "局", ""],
        ["", "3", "", "提升院前急", "新增急救站点1个，", "配齐急救车辆及设备。", "开展急救技能培训。", "急救反应时间缩短至12分钟以内。", "市急救指挥中心岱西分", "陈晓梅"],
    ]
    p4: list[list[Entry]] = [  # the final page: only the end of the last row, then the back matter
        ["", "", "", "救能力", "完成站点验收。", "", "", "", "中心", ""],
    ]
    return Habit("page_breaks", n, [Page(p1), Page(p2), Page(p3, header=False), Page(p4)], (
        "What page breaks do to rows, one table per page: page 2 prints the merged cells of 重点任务 序号 1 again "
        "(`1`, its 名称, 专项名称, 类型) over the item's second row; the last row of page 2 is cut inside its "
        "牵头单位 (`县卫健` | `局` at the top of page 3, with the end of its 一季度 text); page 3 has no header; "
        "its last row is cut inside 名称 (`提升院前急` | `救能力`), 一季度 and 牵头单位 (`市急救指挥中心岱西分` | "
        "`中心`), and the final page holds only that continuation, above the back matter."))


def txt_quirks() -> Habit:
    n = mf._notice("东桥县", "东七优享办", 4, "2025年东桥县“老有康养”工作清单", "2025年3月12日")
    mz = "县民政局"
    p1: list[list[Entry]] = [
        ["老有康养", "1", "重点指标", "养老机构护理型床位占比", M("达到60%以上", 1, 4), None, None, None, mz, "吴海燕"],
        ["", "1", "重点任务", "提升居家养老服务质量", "开展居家养老服务中心星级评定。", "完成星级评定。", "新增四星级以上中心2家。", "已完成", mz, "吴海燕"],
        ["", "", "", "", "3月底前", "6月底前", "9月底前", "12月底前", mz, "吴海燕"],
    ]
    p2: list[list[Entry]] = [  # no header; every line one trailing tab more
        ["", "", "", "", "3月31日前", "6月30日前", "9月30日前", "12月31日前", "", ""],
        ["", "2", "", "推进养老服务数字化", "制定平台接入方案。", "完成养老机构接入。", "安装智能监护设备500台（套）。", "/", mz, "吴海燕"],
    ]
    p3: list[list[Entry]] = [  # no header; no line writes its empty 责任人 cell
        ["", "3", "", "建立养老护理员岗位津贴制度", "出台岗位津贴实施办法。", "落实津贴发放。", "开展发放情况检查。", "津贴发放率达到100%。", mz, ""],
        ["", "1", "民生实事", "为困难老年人家庭实施适老化改造", "摸排改造需求。", "完成改造100户。", "完成改造200户。", "/", mz, ""],
    ]
    return Habit("txt_quirks", n, [Page(p1), Page(p2, header=False, txt_extra_tab=True),
                                   Page(p3, header=False, txt_trim=True)], (
        "TXT only, the export's quirks: a sub-row whose quarters read `3月底前` … `12月底前` (deadlines that "
        "look like quarter names) in the middle of the first block, another (`3月31日前` … `12月31日前`, no 牵头单位 "
        "or 责任人 written) at the top of the second block; the second block has no header and one more trailing "
        "tab on every line; the third has no header and no line writes its (empty) 责任人 cell."),
        formats=("txt",))


HABITS = [seq_two_level, seq_chinese, trailer_notes, page_breaks, txt_quirks]


# ------------------------------------------------------------------------------------------- writing


def _check(page: Page) -> None:
    for r, row in enumerate(page.rows):
        assert len(row) == 10, (r, len(row))


def _table_spec(page: Page) -> mf.TableSpec:
    rows: list[mf.RowSpec] = []
    if page.header:
        top = mf.RowSpec(cells={c: mf.Place(t, rs=2, bold=True) for c, t in enumerate(HEADER_TOP) if t and c != 4})
        top.cells[4] = mf.Place("工作时序", cs=4, bold=True)
        sub = mf.RowSpec(cells={c: mf.Place(t, bold=True) for c, t in enumerate(HEADER_SUB) if t})
        rows += [top, sub]
    for row in page.rows:
        cells: dict[int, mf.Place] = {}
        for c, e in enumerate(row):
            if e is None:
                continue
            p = e if isinstance(e, mf.Place) else mf.Place(e)
            cells[c] = mf.Place(p.text, rs=p.rs, cs=p.cs, align="left" if c in LEFT else "center")
        rows.append(mf.RowSpec(cells=cells))
    return mf.TableSpec(cols=mf.STD_COLS, rows=rows, data_start=2 if page.header else 0)


def write_docx(h: Habit, path: Path) -> None:
    doc = mf.new_document()
    doc.core_properties.title = h.notice.title
    blocks = list(mf.front_xml(h.notice))
    for i, page in enumerate(h.pages):
        _check(page)
        if i:
            blocks.append(mf._para("", page_break=True))
        blocks.append(mf.table_xml(_table_spec(page)))
    blocks += [mf._para(t, 24) for t in h.notes_after]
    blocks += mf.back_xml(h.notice)
    mf.add_blocks(doc, blocks)
    mf.save_reproducible(doc, path)


def _txt_line(cells: list[str], page: Page) -> str:
    if page.txt_extra_tab:
        cells = [*cells, ""]
    if page.txt_trim:
        while cells and not cells[-1]:
            cells = cells[:-1]
    return "\t".join(cells)


def txt_text(h: Habit) -> str:
    nt = h.notice
    lines = [f"{nt.issuer}文件", "", nt.doc_no, "", f"{nt.issuer}关于印发《{nt.title}》的通知", "",
             nt.addressees, "", f"现将《{nt.title}》印发给你们，请结合实际认真抓好落实。", "", nt.issuer, "",
             nt.date, "", nt.title, ""]
    for page in h.pages:
        _check(page)
        if page.header:
            lines += [_txt_line(list(HEADER_TOP), page), _txt_line(list(HEADER_SUB), page)]
        for row in page.rows:  # merged cells shown once: text where the cell starts, empty where it covers
            lines.append(_txt_line([(e.text if isinstance(e, mf.Place) else (e or "")) for e in row], page))
        lines.append("")
    lines += [*h.notes_after, "", nt.cc, "", f"{nt.county}人民政府办公室", "", f"{nt.date}印发", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice PDF export")
    args = ap.parse_args(argv)
    habits = [make() for make in HABITS]
    pdfs: list[Path] = []
    for h in habits:
        if "docx" in h.formats:
            (OUT / "docx").mkdir(parents=True, exist_ok=True)
            write_docx(h, OUT / "docx" / f"{h.name}.docx")
            if "pdf" in h.formats:
                pdfs.append(OUT / "docx" / f"{h.name}.docx")
        if "txt" in h.formats:
            (OUT / "txt").mkdir(parents=True, exist_ok=True)
            (OUT / "txt" / f"{h.name}.txt").write_text(txt_text(h), encoding="utf-8")
        print(f"{h.name}: {', '.join(h.formats)}")
    if pdfs and not args.no_pdf:
        mf.convert_pdfs(pdfs, OUT / "pdf")


if __name__ == "__main__":
    main()
