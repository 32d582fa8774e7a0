"""HTML reader: the rules on small pages made here, then the county page sample end to end (in test_golden).

Every expected value comes from the page as written in the test (or from the sample page itself).
"""

from __future__ import annotations

from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest
from lxml import html as lxml_html

from worklist.extract import read_document
from worklist.extract.detect import sniff
from worklist.extract.errors import NoTableError, TooLargeError
from worklist.extract.html.reader import _build_table, _cell_text, decode_html, read_html, read_page
from worklist.pipeline import convert
from tests.paths import SAMPLE

# ------------------------------------------------------------------------------------------------ builders

HEAD = ("<tr><td rowspan=2>专项名称</td><td rowspan=2>序号</td><td rowspan=2>类型</td><td rowspan=2>名称</td>"
        "<td colspan=4>工作时序</td><td rowspan=2>牵头单位</td><td rowspan=2>责任人</td></tr>"
        "<tr><td>一季度</td><td>二季度</td><td>三季度</td><td>四季度</td></tr>")
# the first part of a small list: merged 专项/类型, a schedule cell over two quarters and one over the year
PART1 = ("<tr><td rowspan=3>幼有善育</td><td>1</td><td rowspan=2>重点任务</td><td>推进托育建设</td>"
         "<td colspan=2><p>制定</p><p>方案</p></td><td>全面推进</td><td>总结</td><td>县卫健局</td><td>董冬</td></tr>"
         "<tr><td>2</td><td>婴幼儿照护</td><td>调研</td><td>试点</td><td>推广</td><td>评估</td><td>县卫健局</td>"
         "<td>王喆</td></tr>"
         "<tr><td>1</td><td>民生实事</td><td>新增托位</td><td colspan=4>年度指标&gt;63%</td>"
         "<td>县卫健局、县妇联</td><td>李四</td></tr>")
PART2 = ("<tr><td rowspan=2>学有优教</td><td>1</td><td rowspan=2>重点任务</td><td>推进学前教育</td><td>摸底</td>"
         "<td>建设</td><td>验收</td><td>总结</td><td>县教育局</td><td>张三</td></tr>"
         "<tr><td>2</td><td>建设校园</td><td>第一行<br>第二行</td><td>/</td><td>/</td><td>完成</td>"
         "<td>县教育局</td><td>张三</td></tr>")
TABLE = '<table border="1" class="MsoNormalTable" style="border-collapse:collapse">{}</table>'
CATALOGUE = ("<table class=xxgk><tr><td>索引号</td><td>001/2024-0001</td><td>组配分类</td><td>政府文件</td></tr>"
             "<tr><td>发布机构</td><td>某某县卫生健康局</td><td>生成日期</td><td>2024-04-02</td></tr>"
             "<tr><td>文号</td><td>某卫发〔2024〕5号</td><td>公开方式</td><td>主动公开</td></tr></table>")
NOTICE = ("<h1>某某县卫生健康局关于印发《2024年某某县卫生健康工作清单》的通知</h1>"
          "<div id=zoom><p>各乡镇人民政府：</p><p>现将清单印发给你们，请认真贯彻实施。</p>"
          "<p style='text-align:right'>某某县卫健局</p><p style='text-align:right'>2024年3月30日</p>"
          "<p style='text-align:center'><b>2024年某某县卫生健康工作清单</b></p>{}</div>")
CHROME = ('<div class=top>某某县人民政府</div><div class=nav><a href="/">首页</a> | <a href="/zwgk">政务公开</a>'
          ' | <a href="/fw">政务服务</a></div><div class=pos>当前位置：<a href="/">首页</a> &gt; '
          '<a href="/xxgk">政府信息公开</a> &gt; 政府文件</div>')
TITLE = "某某县卫生健康局关于印发《2024年某某县卫生健康工作清单》的通知_某某县人民政府"


def page(body: str, charset: str = "utf-8", meta: str = "meta") -> str:
    decl = (f'<meta charset="{charset}">' if meta == "meta" else
            f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if meta == "http-equiv" else "")
    return (f"<!DOCTYPE html><html><head>{decl}<title>{TITLE}</title><style>td {{padding:0}}</style>"
            f"<script>var x = '<table>';</script></head><body>{CHROME}{body}"
            "<div class=foot>主办：某某县人民政府办公室 网站标识码：0001</div></body></html>")


def one_table() -> str:
    return page(CATALOGUE + NOTICE.format(TABLE.format(HEAD + PART1 + PART2)))


def split_with_header_repeated() -> str:
    return page(CATALOGUE + NOTICE.format(TABLE.format(HEAD + PART1) + "<p>&nbsp;</p>" + TABLE.format(HEAD + PART2)))


def split_without_header() -> str:
    return page(CATALOGUE + NOTICE.format(TABLE.format(HEAD + PART1) + TABLE.format(PART2)))


def layout_table_around() -> str:
    inner = NOTICE.format(TABLE.format(HEAD + PART1) + TABLE.format(HEAD + PART2))
    return page("<table width=1000><tr><td width=200><a href='/a'>栏目导航</a></td><td>" + CATALOGUE + inner
                + "</td></tr></table>")


def title_row_inside_table() -> str:
    title_row = "<tr><td colspan=10>2024年某某县卫生健康工作清单</td></tr>"
    return page(CATALOGUE + NOTICE.format("").replace("<p style='text-align:center'><b>2024年某某县卫生健康工作清单"
                                                      "</b></p>", "")
                + TABLE.format(title_row + HEAD + PART1 + PART2))


def work_table_after_other_tables() -> str:
    links = "<table><tr><td><a href='/1'>相关文件一</a></td><td><a href='/2'>相关文件二</a></td></tr></table>"
    return page(links + CATALOGUE + NOTICE.format(TABLE.format(HEAD + PART1 + PART2)))


# (item_key, name, q1, q2, q3, q4, lead_units, owners): read off PART1 and PART2 above
EXPECTED = [
    ("幼有善育/重点任务/1", "推进托育建设", "制定方案", "制定方案", "全面推进", "总结", ["县卫健局"], ["董冬"]),
    ("幼有善育/重点任务/2", "婴幼儿照护", "调研", "试点", "推广", "评估", ["县卫健局"], ["王喆"]),
    ("幼有善育/民生实事/1", "新增托位", "年度指标>63%", "年度指标>63%", "年度指标>63%", "年度指标>63%",
     ["县卫健局", "县妇联"], ["李四"]),
    ("学有优教/重点任务/1", "推进学前教育", "摸底", "建设", "验收", "总结", ["县教育局"], ["张三"]),
    ("学有优教/重点任务/2", "建设校园", "第一行第二行", "/", "/", "完成", ["县教育局"], ["张三"]),
]


def items_of(conv) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(i.item_key, i.name, i.q1, i.q2, i.q3, i.q4, i.lead_units, i.owners) for i in conv.items]


# ------------------------------------------------------------------------------------------------ habits end to end

HABITS = {
    "one-table-utf8": (one_table, "utf-8", "meta"),
    "gbk-declared-gb2312": (one_table, "gb2312", "http-equiv"),
    "gbk-meta-gbk": (one_table, "gbk", "meta"),
    "gb18030-undeclared": (one_table, "gb18030", "none"),
    "utf16-bom": (one_table, "utf-16", "none"),
    "split-header-repeated": (split_with_header_repeated, "utf-8", "meta"),
    "split-continuation-without-header": (split_without_header, "utf-8", "meta"),
    "layout-table-around-gbk": (layout_table_around, "gbk", "meta"),
    "title-row-inside-table": (title_row_inside_table, "utf-8", "meta"),
    "work-table-not-first": (work_table_after_other_tables, "utf-8", "meta"),
}


def _write(tmp_path: Path, name: str, build, charset: str, meta: str) -> Path:  # type: ignore[no-untyped-def]
    text = build()
    if meta != "meta" or charset != "utf-8":
        text = text.replace('<meta charset="utf-8">', "")
        if meta == "meta":
            text = text.replace("<head>", f'<head><meta charset="{charset}">')
        elif meta == "http-equiv":
            text = text.replace("<head>", f'<head><meta http-equiv="Content-Type" content="text/html; '
                                          f'charset={charset}">')
    enc = {"gb2312": "gbk", "utf-16": "utf-16"}.get(charset, charset)  # gb2312-declared pages use GBK bytes
    p = tmp_path / f"{name}.html"
    p.write_bytes(text.encode(enc))
    return p


@pytest.mark.parametrize("habit", sorted(HABITS))
def test_habit_gives_the_list_as_written(habit: str, tmp_path: Path) -> None:
    build, charset, meta = HABITS[habit]
    p = _write(tmp_path, habit, build, charset, meta)
    assert sniff(p) == "html"
    conv = convert(p)
    assert items_of(conv) == EXPECTED
    assert conv.coverage["ratio"] == 1.0, conv.coverage["unaccounted"]
    d = conv.document
    assert d.source_format == "html"
    assert d.title == "2024年某某县卫生健康工作清单"
    assert d.doc_number == "某卫发〔2024〕5号"  # from the catalogue: the page's text has no 文号 line
    assert d.issuer == "某某县卫生健康局"  # 发布机构, not the shortened signature 某某县卫健局
    assert str(d.issue_date) == "2024-03-30"  # the notice's own date wins over the catalogue's 生成日期
    assert d.year == 2024 and d.region == "某某县"


def test_milestones_of_merged_schedule_cells(tmp_path: Path) -> None:
    conv = convert(_write(tmp_path, "x", one_table, "utf-8", "meta"))
    ms = [(m.row_id, m.quarter_from, m.quarter_to, m.text, m.status) for m in conv.milestones]
    assert (1, 1, 2, "制定方案", "planned") in ms  # colspan=2 over Q1-Q2: one milestone
    assert (3, 1, 4, "年度指标>63%", "planned") in ms  # colspan=4: the whole year
    assert (5, 2, 2, "/", "none") in ms
    assert [(t.row_id, t.comparator, t.value, t.unit) for t in conv.targets if t.row_id == 3] == [(3, ">", 63.0, "%")]


def test_refs_count_the_tables_own_rows(tmp_path: Path) -> None:
    conv = convert(_write(tmp_path, "x", split_with_header_repeated, "utf-8", "meta"))
    assert [(i.page, i.source_ref) for i in conv.items] == [(1, "t1r3"), (1, "t1r4"), (1, "t1r5"), (2, "t2r3"),
                                                            (2, "t2r4")]
    conv = convert(_write(tmp_path, "y", title_row_inside_table, "utf-8", "meta"))
    assert conv.items[0].source_ref == "t1r4"  # the title row is the table's first <tr>


# ------------------------------------------------------------------------------------------------ the table model


def _cells(snippet: str) -> list[tuple[int, int, int, int, str]]:
    t = _build_table(lxml_html.fragment_fromstring(snippet))
    return sorted((c.row, c.col, c.rs, c.cs, c.text) for c in t.cells)


SPANS = {
    "rowspan and colspan": (
        "<table><tr><td rowspan=2>a</td><td colspan=2>b</td></tr><tr><td>c</td><td>d</td></tr></table>",
        [(0, 0, 2, 1, "a"), (0, 1, 1, 2, "b"), (1, 1, 1, 1, "c"), (1, 2, 1, 1, "d")]),
    "colspan 0 is 1, rowspan 0 runs to the end": (
        "<table><tr><td colspan=0>a</td><td rowspan=0>b</td></tr><tr><td>c</td></tr><tr><td>d</td></tr></table>",
        [(0, 0, 1, 1, "a"), (0, 1, 3, 1, "b"), (1, 0, 1, 1, "c"), (2, 0, 1, 1, "d")]),
    "colspan past the table is clamped": (
        "<table><tr><td colspan=20>title</td></tr><tr><td>a</td><td>b</td><td>c</td></tr></table>",
        [(0, 0, 1, 3, "title"), (1, 0, 1, 1, "a"), (1, 1, 1, 1, "b"), (1, 2, 1, 1, "c")]),
    "rowspan past the table is clamped": (
        "<table><tr><td rowspan=99>a</td><td>b</td></tr><tr><td>c</td></tr></table>",
        [(0, 0, 2, 1, "a"), (0, 1, 1, 1, "b"), (1, 1, 1, 1, "c")]),
    "a colspan stops at a cell placed before it": (
        "<table><tr><td>a</td><td>b</td><td rowspan=2>c</td></tr><tr><td colspan=3>d</td></tr></table>",
        [(0, 0, 1, 1, "a"), (0, 1, 1, 1, "b"), (0, 2, 2, 1, "c"), (1, 0, 1, 2, "d")]),
    "spans parsed like browsers": (
        "<table><tr><td colspan=' 2px'>a</td></tr><tr><td>b</td><td colspan=x>c</td></tr></table>",
        [(0, 0, 1, 2, "a"), (1, 0, 1, 1, "b"), (1, 1, 1, 1, "c")]),
    "thead, tbody, tfoot in rendering order": (
        "<table><tfoot><tr><td>f</td></tr></tfoot><tbody><tr><td>b</td></tr></tbody><thead><tr><td>h</td></tr>"
        "</thead></table>",
        [(0, 0, 1, 1, "h"), (1, 0, 1, 1, "b"), (2, 0, 1, 1, "f")]),
    "th cells count, a nested table's rows do not": (
        "<table><tr><th>a</th><td><table><tr><td>x</td></tr><tr><td>y</td></tr></table></td></tr></table>",
        [(0, 0, 1, 1, "a"), (0, 1, 1, 1, "x\ny")]),
}


@pytest.mark.parametrize("case", sorted(SPANS))
def test_table_model(case: str) -> None:
    snippet, expected = SPANS[case]
    assert _cells(snippet) == expected


def test_clamped_spans_are_named_in_the_warnings(tmp_path: Path) -> None:
    text = page(NOTICE.format(TABLE.format("<tr><td colspan=30>清单</td></tr>" + HEAD + PART1 + PART2)))
    p = tmp_path / "clamp.html"
    p.write_text(text, encoding="utf-8")
    doc = read_html(p)
    assert any("t1: 1 row/col span" in w for w in doc.warnings)
    assert doc.tables[0].n_cols == 10


CELL_TEXT = {
    "one <p> per line": ("<p>第一行</p><p>第二行</p>", "第一行\n第二行"),
    "<br> breaks the line": ("甲<br>乙<br/>丙", "甲\n乙\n丙"),
    "whitespace collapses, &nbsp; stays": ("<p>  多个 \n\t 空白&nbsp;&nbsp;x </p>", "多个 空白\xa0\xa0x"),
    "empty paragraphs dropped": ("<p>&nbsp;</p><p>乙</p><p> </p>", "乙"),
    "hidden text is not text": ("<span style='display: none'>隐</span>显<span hidden>藏</span>"
                                "<span style='mso-hide:all'>x</span>", "显"),
    "scripts and styles are not text": ("<script>var a=1;</script><style>p{}</style>文", "文"),
    "inline markup joins": ("<p><span style='font-family:仿宋'><b>重点</b></span><i>任务</i></p>", "重点任务"),
    "Word's conditional list numbers are shown": ("<p><![if !supportLists]>1.<![endif]>任务</p>", "1.任务"),
    "Word's o:p tags": ("<p>文本<o:p></o:p></p>", "文本"),
    "ruby annotation dropped": ("<ruby>行<rt>xíng</rt></ruby>动", "行动"),
    "nested table flattened into lines": ("<table><tr><td>甲</td><td>乙</td></tr></table>", "甲\n乙"),
    "divs and list items are lines": ("<div>甲</div><ul><li>乙</li><li>丙</li></ul>", "甲\n乙\n丙"),
}


@pytest.mark.parametrize("case", sorted(CELL_TEXT))
def test_cell_text(case: str) -> None:
    inner, expected = CELL_TEXT[case]
    td = lxml_html.fragment_fromstring(f"<table><tr><td>{inner}</td></tr></table>").find(".//td")
    assert _cell_text(td) == expected


# ------------------------------------------------------------------------------------------------ charset

CHARSETS = {
    "utf-8 BOM wins over a wrong meta": (b"\xef\xbb\xbf" + '<meta charset="gbk"><p>喆</p>'.encode(), "utf-8"),
    "utf-16-le BOM": (b"\xff\xfe" + '<p>喆</p>'.encode("utf-16-le"), "utf-16-le"),
    "meta charset gb2312 read as gb18030": ('<meta charset="gb2312"><p>喆</p>'.encode("gbk"), "gb18030"),
    "http-equiv GBK": ('<meta http-equiv="Content-Type" content="text/html; charset=GBK"><p>喆</p>'.encode("gbk"),
                       "gb18030"),
    "xml declaration": ('<?xml version="1.0" encoding="gb2312"?><html><p>喆</p></html>'.encode("gbk"), "gb18030"),
    "undeclared utf-8": ('<p>喆</p>'.encode(), "utf-8"),
    "undeclared gbk": ('<p>喆喆喆 工作清单</p>'.encode("gbk"), "gb18030"),
    "declared gb2312 but the bytes are utf-8": ('<meta charset="gb2312"><p>喆 工作清单</p>'.encode(), "utf-8"),
    "utf-16 without BOM": ('<html><p>喆 工作清单</p></html>'.encode("utf-16-le"), "utf-16-le"),
}


@pytest.mark.parametrize("case", sorted(CHARSETS))
def test_charset(case: str) -> None:
    data, enc = CHARSETS[case]
    text, got, _ = decode_html(data)
    assert got == enc
    assert "喆" in text


def test_transport_charset_beats_meta() -> None:
    """An MHTML part's own Content-Type charset comes before the page's <meta>, as HTTP's does in browsers."""
    data = b'<meta charset="gbk"><p>abc</p>'
    assert decode_html(data)[1] == "gb18030"
    assert decode_html(data, declared="utf-8")[1] == "utf-8"


def test_wrong_declaration_is_a_warning() -> None:
    _, enc, warnings = decode_html('<meta charset="gb2312"><p>喆 工作清单</p>'.encode())
    assert enc == "utf-8" and any("declares gb2312" in w for w in warnings)


# ------------------------------------------------------------------------------------------------ detection

DETECT = {
    "doctype": (b"<!DOCTYPE html>\n<html><body></body></html>", "html"),
    "xhtml with xml declaration": (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', "html"),
    "gbk page with leading blank lines": (b"\r\n\r\n<HTML><HEAD>" + "<title>清单</title>".encode("gbk"), "html"),
    "a bare table": ("<table><tr><td>序号</td></tr></table>".encode(), "html"),
    "utf-16 BOM": (b"\xff\xfe" + "<html><body>清单</body></html>".encode("utf-16-le"), "html"),
    "utf-16 without BOM": ("<html><body>工作清单</body></html>".encode("utf-16-le"), "html"),
    "mhtml": (b"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\t"
              b'type="text/html";\r\n\tboundary="----x"\r\n\r\n', "mhtml"),
    "tab text with comparisons stays text": ("序号\t名称\t一季度\n1\t托位\t<5%\n".encode(), "txt"),
}


@pytest.mark.parametrize("case", sorted(DETECT))
def test_detect(case: str, tmp_path: Path) -> None:
    data, fmt = DETECT[case]
    p = tmp_path / "f.bin"
    p.write_bytes(data)
    assert sniff(p) == fmt


# ------------------------------------------------------------------------------------------------ page and metadata


def test_front_matter_starts_at_the_article_heading_without_navigation(tmp_path: Path) -> None:
    doc = read_page(one_table())
    assert doc.front_matter[0] == "某某县卫生健康局关于印发《2024年某某县卫生健康工作清单》的通知"
    assert doc.front_matter[-1] == "2024年某某县卫生健康工作清单"
    assert not any("首页" in ln or "索引号" in ln or "001/2024" in ln for ln in doc.front_matter)
    assert doc.back_matter == ["主办：某某县人民政府办公室 网站标识码：0001"]


def test_navigation_lines_are_dropped_even_without_a_heading() -> None:
    text = one_table().replace(TITLE, "某某县人民政府")  # no heading repeats the <title>
    doc = read_page(text)
    assert not any("首页" in ln for ln in doc.front_matter)  # links and the breadcrumb are not front matter
    assert "某某县人民政府" in doc.front_matter  # the site name is plain text: kept, harmless


def test_catalogue_is_known_metadata() -> None:
    doc = read_page(one_table())
    assert doc.metadata == {"issuer": "某某县卫生健康局", "issue_date": "2024-04-02", "doc_number": "某卫发〔2024〕5号"}


def test_label_value_lines_and_date_ranks() -> None:
    lines = ("<p>文号：某政发〔2024〕9号 发布机构：某某县人民政府</p><p>发布日期：2024-05-01 成文日期：2024-04-28</p>"
             "<p>信息来源：某某县政府办</p>")
    doc = read_page(page(lines + TABLE.format(HEAD + PART1)))
    assert doc.metadata == {"doc_number": "某政发〔2024〕9号", "issuer": "某某县人民政府", "issue_date": "2024-04-28"}


def test_innermost_table_with_the_header_is_the_list() -> None:
    # the outer table's first row is itself a header-looking row; the list is the table inside it
    outer = ("<table><tr><td>序号</td><td>名称</td><td>牵头单位</td></tr><tr><td colspan=3>"
             + TABLE.format(HEAD + PART1) + "</td></tr></table>")
    doc = read_page(page(outer))
    assert len(doc.tables) == 1 and doc.tables[0].n_cols == 10


def test_no_work_table_names_the_tables_found(tmp_path: Path) -> None:
    with pytest.raises(NoTableError, match=r"2 table\(s\): 3×4 starting '索引号'; 1×2 starting '甲'"):
        read_page(page(CATALOGUE + "<table><tr><td>甲</td><td>乙</td></tr></table>"))
    with pytest.raises(NoTableError, match="the page has no table"):
        read_page(page("<p>清单见附件。</p>"))


def test_oversized_page_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.bad_inputs import html_too_large

    p = html_too_large(tmp_path)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the page was read"))
    with pytest.raises(TooLargeError, match="limit of 20 MB"):
        read_document(p)


# ------------------------------------------------------------------------------------------------ MHTML


@pytest.mark.parametrize("cte", ["quoted-printable", "base64"])
def test_mhtml_single_file_save(cte: str, tmp_path: Path) -> None:
    """A browser's .mhtml: multipart/related, the page as a QP or base64 part in GBK, an image beside it."""
    from email.charset import BASE64, QP, Charset

    msg = MIMEMultipart("related", type="text/html")
    msg["Subject"] = "清单"
    cs = Charset("gbk")
    cs.body_encoding = QP if cte == "quoted-printable" else BASE64
    part = MIMEText("", "html")
    part.set_payload(one_table().replace('charset="utf-8"', 'charset="gbk"'), charset=cs)
    part["Content-Location"] = "https://www.example.gov.cn/art/2024/4/2/art_1.html"
    msg.attach(part)
    msg.attach(MIMEImage(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "png"))
    p = tmp_path / "saved.mhtml"
    p.write_bytes(msg.as_bytes())
    assert sniff(p) == "mhtml"
    conv = convert(p)
    assert items_of(conv) == EXPECTED
    assert conv.document.source_format == "html" and conv.document.doc_number == "某卫发〔2024〕5号"


# ------------------------------------------------------------------------------------------------ the sample


def test_sample_page_reads_catalogue_and_notice() -> None:
    doc = read_html(SAMPLE["html"])
    assert doc.metadata == {"issuer": "嵊泗县公共服务七优享工程工作专班办公室", "issue_date": "2024-03-28",
                            "doc_number": "嵊七优享办〔2024〕2号"}
    assert doc.front_matter[-2:] == ["2024年3月28日", "2024年嵊泗县公共服务“七优享”工程工作清单"]
    assert len(doc.tables) == 1 and doc.tables[0].n_rows == 97 and doc.tables[0].n_cols == 10
    assert doc.back_matter[0].startswith("抄送：")


def test_a_hidden_copy_of_the_list_is_not_read() -> None:
    hidden = "<div style='display:none' class=print-copy>" + TABLE.format(HEAD + PART1) + "</div>"
    doc = read_page(page(CATALOGUE + NOTICE.format(TABLE.format(HEAD + PART1 + PART2)) + hidden))
    assert len(doc.tables) == 1


def test_tables_below_the_list_give_no_metadata() -> None:
    related = "<table><tr><td>文号</td><td>某政发〔2023〕1号</td><td>发布机构</td><td>别的单位</td></tr></table>"
    doc = read_page(page(NOTICE.format(TABLE.format(HEAD + PART1)) + related))
    assert doc.metadata == {}


@pytest.mark.parametrize("depth, readable", [(300, True), (900, True), (3000, False)])
def test_deep_nesting_is_read_or_refused_in_one_line(depth: int, readable: bool) -> None:
    from worklist.extract.errors import CorruptFileError

    deep = "<div>" * depth + TABLE.format(HEAD + PART1) + "</div>" * depth
    if readable:
        assert len(read_page(page(deep)).tables) == 1
    else:
        with pytest.raises(CorruptFileError, match="nested too deeply"):
            read_page(page(deep))
