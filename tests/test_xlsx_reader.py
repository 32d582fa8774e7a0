"""XLSX reader: the rules on small workbooks made here with openpyxl, then the Excel sample (golden in
test_golden). Expected values come from the workbook as written in the test or from the sample itself."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook

from worklist.extract import read_document
from worklist.extract.detect import sniff
from worklist.extract.errors import CorruptFileError, NoTableError, ZipBombError
from worklist.extract.xlsx.numfmt import format_value
from worklist.extract.xlsx.reader import read_xlsx
from worklist.pipeline import convert
from tests.paths import SAMPLE

# ------------------------------------------------------------------------------------------------ builder

HEADER = ["专项名称", "序号", "类型", "名称", "工作时序", None, None, None, "牵头单位", "责任人"]
QUARTERS = [None, None, None, None, "一季度", "二季度", "三季度", "四季度", None, None]
# rows as written (None: covered by a merge or empty); numbers stored as Excel stores them
ROWS = [
    ["幼有善育", 1.0, "重点指标", "托位使用率(%)", 0.63, None, None, None, "县卫健局", "董冬"],
    [None, 2.0, None, "新增托位", "年度指标100个", None, None, None, "县卫健局", "董冬"],
    [None, 1.0, "重点任务", "推进托育建设", "制定方案", None, "全面推进", datetime(2024, 12, 20), "县卫健局", "王喆"],
    ["学有优教", 1.0, "重点任务", "推进学前教育", "摸底\n调研", "建设", "验收", "总结", "县教育局、县财政局", "张三"],
]
FMT = {(0, 4): "0%", (2, 7): 'm"月"d"日"前完成', (0, 1): "0", (1, 1): "General"}  # (row, col) in ROWS -> format


def build_workbook(path: Path, *, notes_first: bool = True, hidden_copy: bool = False, title_rows: int = 2) -> Path:
    """The list on its own sheet (second, after a notes sheet), title rows above the header, merged ranges,
    a percent cell, a date cell, 序号 stored as floats, a hidden column (责任人) and a hidden row."""
    wb = Workbook()
    first = wb.active
    if notes_first:
        first.title = "填报说明"
        first["A1"] = "请按季度填报进度。"
        ws = wb.create_sheet("工作清单")
    else:
        ws = first
        ws.title = "工作清单"
    top = 1
    if title_rows >= 2:
        ws.cell(1, 1, "附件")
        top = 2
    if title_rows >= 1:
        ws.cell(top, 1, "2025年某某区民生实事工作清单")
        ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=10)
        top += 1
    h = top
    for c, v in enumerate(HEADER, start=1):
        ws.cell(h, c, v)
    for c, v in enumerate(QUARTERS, start=1):
        ws.cell(h + 1, c, v)
    for c in (1, 2, 3, 4, 9, 10):
        ws.merge_cells(start_row=h, start_column=c, end_row=h + 1, end_column=c)
    ws.merge_cells(start_row=h, start_column=5, end_row=h, end_column=8)
    d = h + 2
    for r, row in enumerate(ROWS):
        for c, v in enumerate(row):
            if v is not None:
                cell = ws.cell(d + r, c + 1, v)
                if (r, c) in FMT:
                    cell.number_format = FMT[(r, c)]
    ws.merge_cells(start_row=d, start_column=1, end_row=d + 2, end_column=1)  # 专项 over three rows
    ws.merge_cells(start_row=d, start_column=3, end_row=d + 1, end_column=3)  # 类型 over two
    ws.merge_cells(start_row=d, start_column=5, end_row=d, end_column=8)  # percent over the year
    ws.merge_cells(start_row=d + 1, start_column=5, end_row=d + 1, end_column=8)
    ws.merge_cells(start_row=d + 2, start_column=5, end_row=d + 2, end_column=6)  # Q1-Q2
    ws.column_dimensions["J"].hidden = True
    ws.row_dimensions[d + 1].hidden = True
    ws.print_title_rows = f"{h}:{h + 1}"
    if hidden_copy:
        copy = wb.create_sheet("旧版")
        for c, v in enumerate(HEADER, start=1):
            copy.cell(1, c, v)
        copy.cell(2, 4, "作废的行")
        copy.sheet_state = "hidden"
    wb.save(path)
    return path


# (item_key, name, q1, q2, q3, q4, lead_units, owners): read off ROWS as Excel shows them
EXPECTED = [
    ("幼有善育/重点指标/1", "托位使用率(%)", "63%", "63%", "63%", "63%", ["县卫健局"], ["董冬"]),
    ("幼有善育/重点指标/2", "新增托位", "年度指标100个", "年度指标100个", "年度指标100个", "年度指标100个", ["县卫健局"],
     ["董冬"]),
    ("幼有善育/重点任务/1", "推进托育建设", "制定方案", "制定方案", "全面推进", "12月20日前完成", ["县卫健局"], ["王喆"]),
    ("学有优教/重点任务/1", "推进学前教育", "摸底调研", "建设", "验收", "总结", ["县教育局", "县财政局"], ["张三"]),
]


def items_of(conv) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(i.item_key, i.name, i.q1, i.q2, i.q3, i.q4, i.lead_units, i.owners) for i in conv.items]


# ------------------------------------------------------------------------------------------------ end to end


@pytest.mark.parametrize("title_rows", [0, 1, 2])
def test_list_on_the_second_sheet_as_displayed(tmp_path: Path, title_rows: int) -> None:
    p = build_workbook(tmp_path / "list.xlsx", title_rows=title_rows)
    assert sniff(p) == "xlsx"
    conv = convert(p)
    assert items_of(conv) == EXPECTED
    assert conv.coverage["ratio"] == 1.0, conv.coverage["unaccounted"]
    assert conv.document.source_format == "xlsx"
    if title_rows:
        assert conv.document.title == "2025年某某区民生实事工作清单"
        assert (conv.document.year, conv.document.region) == (2025, "某某区")
    assert conv.document.doc_number is None and conv.document.issue_date is None


def test_percent_target_is_read_from_the_displayed_value(tmp_path: Path) -> None:
    conv = convert(build_workbook(tmp_path / "list.xlsx"))
    [t] = [t for t in conv.targets if t.row_id == 1]
    assert (t.comparator, t.value, t.unit, t.text) == ("=", 63.0, "%", "63%")
    assert [(m.quarter_from, m.quarter_to, m.text) for m in conv.milestones if m.row_id == 1] == [(1, 4, "63%")]


def test_refs_are_sheet_and_excel_row(tmp_path: Path) -> None:
    conv = convert(build_workbook(tmp_path / "list.xlsx"))
    # the list is the workbook's 2nd sheet; data starts under 附件, the title and two header rows
    assert [(i.page, i.source_ref) for i in conv.items] == [(2, "s2r5"), (2, "s2r6"), (2, "s2r7"), (2, "s2r8")]


def test_hidden_rows_and_columns_are_read_and_reported(tmp_path: Path) -> None:
    doc = read_xlsx(build_workbook(tmp_path / "list.xlsx"))
    assert "s2 (工作清单): hidden row(s) 6 read like the others" in doc.warnings
    assert "s2 (工作清单): hidden column(s) J read like the others" in doc.warnings


def test_title_rows_are_front_matter(tmp_path: Path) -> None:
    doc = read_xlsx(build_workbook(tmp_path / "list.xlsx"))
    assert doc.front_matter == ["附件", "2025年某某区民生实事工作清单"]
    assert doc.tables[0].rows[0].ref == "s2r3"  # the grid starts at the header


def test_hidden_sheet_with_a_list_is_skipped_with_a_warning(tmp_path: Path) -> None:
    doc = read_xlsx(build_workbook(tmp_path / "list.xlsx", hidden_copy=True))
    assert len(doc.tables) == 1
    assert any("'旧版'" in w and "not read" in w for w in doc.warnings)


def test_workbook_without_a_list_sheet_names_the_sheets(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "汇总"
    wb.active.append(["专项", "项目数"])
    wb.create_sheet("空白")
    p = tmp_path / "summary.xlsx"
    wb.save(p)
    with pytest.raises(NoTableError, match=r"looked at: '汇总' \(1×2 starting '专项'\), '空白' \(empty\)"):
        read_xlsx(p)


def test_zip_bomb_is_refused_before_openpyxl_opens_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.bad_inputs import xlsx_bomb

    import openpyxl

    p = xlsx_bomb(tmp_path)
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl opened the bomb"))
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("a member was inflated"))
    with pytest.raises(ZipBombError, match="inflate"):
        read_document(p)


def test_damaged_workbook_is_corrupt(tmp_path: Path) -> None:
    p = build_workbook(tmp_path / "list.xlsx")
    data = p.read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptFileError):
        read_document(tmp_path / "cut.xlsx")


def test_sample_workbook() -> None:
    doc = read_xlsx(SAMPLE["xlsx"])
    assert doc.front_matter == ["附件", "2024年嵊泗县公共服务“七优享”工程工作清单"]
    [g] = doc.tables
    assert g.rows[0].ref == "s1r3" and g.n_cols == 10  # the print-title rows 3:4 are the header
    assert doc.warnings == []


# ------------------------------------------------------------------------------------------------ display values

DISPLAY = {
    "序号 stored as a float": (1.0, "General", "1"),
    "General decimal": (0.63, "General", "0.63"),
    "General hides float noise": (0.1 + 0.2, "General", "0.3"),
    "General small": (1e-5, "General", "0.00001"),
    "General huge": (1.5e12, "General", "1.5E+12"),
    "integer format rounds half up": (2.5, "0", "3"),
    "percent": (0.63, "0%", "63%"),
    "percent with decimals": (0.6345, "0.00%", "63.45%"),
    "padding after the number": (2.6, "0.0_ ", "2.6"),
    "thousands": (1234, "#,##0", "1,234"),
    "accounting negative in parentheses": (-1234.5, "#,##0.00_);[Red]\\(#,##0.00\\)", "(1,234.50)"),
    "optional integer digit": (0.5, "#.00", ".50"),
    "zero padding": (5, "000", "005"),
    "literal unit": (12, '0"人"', "12人"),
    "currency tag": (3, "[$¥-804]#,##0.00", "¥3.00"),
    "scaling by thousands": (123456789, '#,##0,,"百万"', "123百万"),
    "zero section": (0, '0;-0;"—"', "—"),
    "minus in its section": (-3, "0;[Red]-0", "-3"),
    "minus without a section": (-3, "0", "-3"),
    "scientific": (12345.678, "0.00E+00", "1.23E+04"),
    "text format shows a number as General": (7, "@", "7"),
    "fraction falls back to General": (1.25, "# ?/?", "1.25"),
    "negative General section shows the section's sign": (-3, "General;[Red]-General", "-3"),
    "optional decimals keep the point": (3, "0.##", "3."),
    "Chinese date": (datetime(2024, 3, 28), 'yyyy"年"m"月"d"日"', "2024年3月28日"),
    "short date as zh-CN Excel shows it": (datetime(2024, 3, 28), "mm-dd-yy", "2024/3/28"),
    "date and time": (datetime(2024, 3, 28, 10, 18), "yyyy/m/d h:mm", "2024/3/28 10:18"),
    "12-hour clock": (datetime(2024, 3, 28, 15, 5), "h:mm AM/PM", "3:05 PM"),
    "上午/下午": (datetime(2024, 3, 28, 9, 5), '上午/下午h"时"mm"分"', "上午9时05分"),
    "Chinese weekday": (datetime(2024, 3, 28), "aaaa", "星期四"),
    "month and day": (date(2024, 6, 30), "m月d日", "6月30日"),
    "elapsed hours": (timedelta(hours=30, minutes=5), "[h]:mm", "30:05"),
    "a time": (time(8, 30), "hh:mm", "08:30"),
    "serial number under a date format": (45379.0, "yyyy-mm-dd", "2024-03-28"),
    "a date under General": (datetime(2024, 3, 28), "General", "2024/3/28"),
    "boolean": (True, "General", "TRUE"),
    "text is text": ("年度指标>63%", "0.00", "年度指标>63%"),
}


@pytest.mark.parametrize("case", sorted(DISPLAY))
def test_display_value(case: str) -> None:
    value, fmt, shown = DISPLAY[case]
    assert format_value(value, fmt) == shown


def test_east_asian_builtin_date_format(tmp_path: Path) -> None:
    """numFmtId 31 (yyyy年m月d日) is a built-in openpyxl does not know: the serial must still show as a date."""
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(QUARTERS)
    ws.append(["幼有善育", 1, "重点任务", "推进", 45379, "b", "c", "d", "县卫健局", "董冬"])
    p = tmp_path / "cn.xlsx"
    wb.save(p)
    # point the number cell's style at built-in 31 (what Chinese Excel/WPS write without a numFmt element)
    with zipfile.ZipFile(p) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    styles = parts["xl/styles.xml"].decode()
    styles = styles.replace('<cellXfs count="1">', '<cellXfs count="2">').replace(
        "</cellXfs>", '<xf numFmtId="31" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/></cellXfs>')
    parts["xl/styles.xml"] = styles.encode()
    sheet = parts["xl/worksheets/sheet1.xml"].decode().replace('<c r="E3" t="n">', '<c r="E3" s="1" t="n">')
    assert 's="1"' in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(p, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    conv = convert(p)
    assert conv.items[0].q1 == "2024年3月28日"
