"""OFD reader: TextCode positions (DeltaX with the `g` repeat, CTM), AbbreviatedData rules as ruling edges, page
size inheritance, pages that are only images, broken parts; and the sample OFD against the golden.

The unit tests build tiny OFD files here (zipfile + XML strings); expected positions are worked out from the
numbers written into each fixture (mm × 72/25.4 = points).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests.paths import SAMPLES
from tests.helpers import assert_matches_golden, golden_document
from worklist.extract import read_document
from worklist.extract.detect import sniff
from worklist.extract.errors import CorruptFileError, NoTableError, NoTextLayerError, ZipBombError
from worklist.extract.ofd.reader import (
    MM_TO_PT,
    TextStyle,
    is_upright,
    ofd_page_images,
    open_ofd,
    parse_deltas,
    path_segments,
    read_ofd,
    segment_edges,
    text_chars,
)

SAMPLE_OFD = SAMPLES / "shengsi-2024-worklist.ofd"
NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
PT = MM_TO_PT


def _doc_xml(n_pages: int, box: str = "0 0 210 297", templates: str = "") -> str:
    pages = "".join(f'<ofd:Page ID="{10 + i}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(n_pages))
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>99'
            f'</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>{box}</ofd:PhysicalBox></ofd:PageArea>'
            f'<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>{templates}</ofd:CommonData>'
            f'<ofd:Pages>{pages}</ofd:Pages></ofd:Document>')


PUBLIC_RES = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res {NS} BaseLoc="Res"><ofd:Fonts>'
              '<ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts><ofd:MultiMedias>'
              '<ofd:MultiMedia ID="5" Type="Image"><ofd:MediaFile>scan.png</ofd:MediaFile></ofd:MultiMedia>'
              '</ofd:MultiMedias></ofd:Res>')


def page_xml(objects: str, area: str = "") -> str:
    area_xml = f"<ofd:Area><ofd:PhysicalBox>{area}</ofd:PhysicalBox></ofd:Area>" if area else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}>{area_xml}<ofd:Content>'
            f'<ofd:Layer ID="2" Type="Body">{objects}</ofd:Layer></ofd:Content></ofd:Page>')


def text_obj(x: float, y: float, text: str, *, size: float = 4, delta: str | None = None, ctm: str = "",
             w: float = 40, h: float = 6) -> str:
    dx = f' DeltaX="{delta}"' if delta is not None else ""
    ctm_attr = f' CTM="{ctm}"' if ctm else ""
    return (f'<ofd:TextObject ID="3" Boundary="{x} {y} {w} {h}" Font="1" Size="{size}"{ctm_attr}>'
            f'<ofd:TextCode X="0" Y="{size}"{dx}>{text}</ofd:TextCode></ofd:TextObject>')


def path_obj(x: float, y: float, data: str, *, w: float = 200, h: float = 200, ctm: str = "",
             extra: str = "") -> str:
    ctm_attr = f' CTM="{ctm}"' if ctm else ""
    return (f'<ofd:PathObject ID="4" Boundary="{x} {y} {w} {h}" LineWidth="0.2"{ctm_attr}{extra}>'
            f'<ofd:AbbreviatedData>{data}</ofd:AbbreviatedData></ofd:PathObject>')


def make_ofd(path: Path, pages: list[str], *, box: str = "0 0 210 297", drop: tuple[str, ...] = (),
             extra: dict[str, bytes | str] | None = None, templates: str = "") -> Path:
    files: dict[str, bytes | str] = {
        "OFD.xml": (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody>'
                    '<ofd:DocInfo><ofd:Title>测试</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml'
                    '</ofd:DocRoot></ofd:DocBody></ofd:OFD>'),
        "Doc_0/Document.xml": _doc_xml(len(pages), box, templates),
        "Doc_0/PublicRes.xml": PUBLIC_RES,
    }
    for i, p in enumerate(pages):
        files[f"Doc_0/Pages/Page_{i}/Content.xml"] = p
    files.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            if name not in drop:
                z.writestr(name, data)
    return path


def _objects(path: Path, page: int = 0):
    with open_ofd(path) as doc:
        return doc.page_objects(doc.pages[page])


# ----------------------------------------------------------------------------------------------- TextCode


@pytest.mark.parametrize("spec, expected", [
    ("g 3 2.5", [2.5, 2.5, 2.5]),
    ("1 g 2 3 4", [1.0, 3.0, 3.0, 4.0]),
    ("g 3 3.175 3.81 1.765", [3.175, 3.175, 3.175, 3.81, 1.765]),
    ("2 2.5", [2.0, 2.5]),
    ("", []),
    (None, []),
])
def test_deltax_g_repeat_is_expanded(spec: str | None, expected: list[float]) -> None:
    assert parse_deltas(spec) == pytest.approx(expected)


@pytest.mark.parametrize("spec", ["g 3", "g x 2", "1 two 3"])
def test_malformed_deltax_is_a_damaged_part(spec: str) -> None:
    with pytest.raises(CorruptFileError, match="DeltaX"):
        parse_deltas(spec, "Doc_0/Pages/Page_0/Content.xml")


def test_textcode_places_each_char_by_boundary_x_and_deltax(tmp_path: Path) -> None:
    # Boundary at (10, 20) mm, size 4, X=0 Y=4 (baseline 24 mm), DeltaX "g 2 4 2": origins 10, 14, 18, 20 mm
    f = make_ofd(tmp_path / "t.ofd", [page_xml(text_obj(10, 20, "序号1a", delta="g 2 4 2"))])
    chars = _objects(f).chars
    assert [c["text"] for c in chars] == list("序号1a")
    assert [c["x0"] for c in chars] == pytest.approx([10 * PT, 14 * PT, 18 * PT, 20 * PT])
    assert chars[0]["x1"] == pytest.approx(14 * PT)  # as wide as the step to the next glyph
    assert chars[2]["x1"] == pytest.approx(20 * PT)
    assert chars[3]["x1"] == pytest.approx(22 * PT)  # the last glyph: half an em for a narrow char
    for c in chars:  # baseline at 24 mm; the box spans most of an em above it and a little below
        assert c["top"] < 24 * PT < c["bottom"]
        assert c["bottom"] - c["top"] == pytest.approx(4 * PT)
        assert c["size"] == pytest.approx(4 * PT) and c["upright"]
        assert c["fontname"] == "宋体"


def test_a_step_wider_than_an_em_leaves_a_gap_read_as_a_space(tmp_path: Path) -> None:
    # "年度" then a 6 mm step (1.5 em at size 4) before "2": the gap is visible
    f = make_ofd(tmp_path / "gap.ofd", [page_xml(
        '<ofd:PathObject ID="9" Boundary="0 0 1 1"><ofd:AbbreviatedData>M 0 0</ofd:AbbreviatedData>'
        '</ofd:PathObject>' + text_obj(10, 20, "年度2", delta="4 6"))])
    chars = _objects(f).chars
    assert chars[2]["x0"] - chars[1]["x1"] == pytest.approx(2 * PT)
    from worklist.extract.geometry.page import line_text

    assert line_text(chars) == "年度 2"


def test_missing_deltax_advances_by_the_nominal_width(tmp_path: Path) -> None:
    f = make_ofd(tmp_path / "nodx.ofd", [page_xml(text_obj(0, 0, "工作ab"))])
    xs = [c["x0"] for c in _objects(f).chars]
    assert xs == pytest.approx([0, 4 * PT, 8 * PT, 10 * PT])  # 1 em for 工 作, half an em for a


def test_ctm_scales_and_moves_text_inside_its_boundary(tmp_path: Path) -> None:
    # CTM "2 0 0 2 5 1": object point (x, y) → (2x + 5, 2y + 1), then + Boundary (10, 20)
    f = make_ofd(tmp_path / "ctm.ofd", [page_xml(text_obj(10, 20, "工作", size=3, delta="3", ctm="2 0 0 2 5 1"))])
    a, b = _objects(f).chars
    assert a["x0"] == pytest.approx((10 + 5) * PT)
    assert b["x0"] == pytest.approx((10 + 5 + 2 * 3) * PT)  # the delta goes through the linear part
    assert a["size"] == pytest.approx(6 * PT)
    baseline = 20 + 1 + 2 * 3
    assert a["top"] < baseline * PT < a["bottom"] and a["bottom"] - a["top"] == pytest.approx(6 * PT)


@pytest.mark.parametrize("ctm, upright", [
    ("1 0 0 1 0 0", True),
    ("0.3528 0 0 0.3528 10 10", True),
    ("0 1 -1 0 0 0", False),  # turned 90°
    ("0.7071 0.7071 -0.7071 0.7071 0 0", False),  # a 45° watermark
    ("-1 0 0 1 0 0", False),  # mirrored
])
def test_rotated_or_mirrored_text_is_not_upright(ctm: str, upright: bool) -> None:
    m = tuple(float(v) for v in ctm.split())
    assert is_upright(m) is upright  # type: ignore[arg-type]
    style = TextStyle(size=4, matrix=m, upright=is_upright(m))  # type: ignore[arg-type]
    assert all(c["upright"] is upright for c in text_chars([(0, 4, [], [], "字")], style))


def test_read_direction_other_than_zero_is_not_upright() -> None:
    assert not is_upright((1, 0, 0, 1, 0, 0), read_direction=90)


# ----------------------------------------------------------------------------------------------- paths


def test_abbreviated_data_rectangle_becomes_four_ruling_edges(tmp_path: Path) -> None:
    # a closed 100 × 50 mm rectangle drawn at Boundary (10, 10)
    f = make_ofd(tmp_path / "rect.ofd", [page_xml(path_obj(10, 10, "M 0 0 L 100 0 L 100 50 L 0 50 C"))])
    edges = _objects(f).edges
    found = {(e["orientation"], round(e["x0"] / PT, 6), round(e["top"] / PT, 6), round(e["x1"] / PT, 6),
              round(e["bottom"] / PT, 6)) for e in edges}
    assert found == {("h", 10, 10, 110, 10), ("h", 10, 60, 110, 60), ("v", 10, 10, 10, 60), ("v", 110, 10, 110, 60)}
    assert len(edges) == 4
    for e in edges:
        assert {"x0", "x1", "top", "bottom", "doctop", "width", "height", "orientation", "object_type"} <= set(e)


def test_diagonals_curves_and_arcs_are_no_rules() -> None:
    segs = path_segments("M 0 0 L 10 10 M 0 20 B 3 25 7 25 10 20 M 0 30 A 5 5 0 0 1 10 30 M 0 40 Q 5 40 10 40")
    edges = segment_edges(segs, (1, 0, 0, 1, 0, 0), {})
    # only the quadratic curve whose control point lies on its chord is straight: 8 horizontal pieces
    assert len(edges) == 8 and all(e["orientation"] == "h" and e["top"] == pytest.approx(40 * PT) for e in edges)


def test_path_ctm_places_the_segments(tmp_path: Path) -> None:
    # CTM scales by 2 and shifts by (3, 4): the 10 mm line at y=5 lands at y = 20 + 4 + 10, x 10+3 .. 10+3+20
    f = make_ofd(tmp_path / "pctm.ofd", [page_xml(path_obj(10, 20, "M 0 5 L 10 5", ctm="2 0 0 2 3 4"))])
    [e] = _objects(f).edges
    assert (e["x0"], e["x1"], e["top"]) == pytest.approx((13 * PT, 33 * PT, 34 * PT))


def test_invisible_paths_are_not_rules(tmp_path: Path) -> None:
    f = make_ofd(tmp_path / "inv.ofd", [page_xml(
        path_obj(0, 0, "M 0 0 L 50 0", extra=' Stroke="false" Fill="false"')
        + path_obj(0, 0, "M 0 10 L 50 10", extra=' Visible="false"')
        + path_obj(0, 0, "M 0 0 L 50 0 L 50 5 L 0 5 C", extra=' Stroke="false" Fill="true"'))])
    assert len(_objects(f).edges) == 4  # the filled bar only


def test_unknown_path_command_names_the_part(tmp_path: Path) -> None:
    f = make_ofd(tmp_path / "badpath.ofd", [page_xml(path_obj(0, 0, "M 0 0 X 5 5"))])
    with pytest.raises(CorruptFileError, match="Page_0/Content.xml"):
        read_ofd(f)


# ----------------------------------------------------------------------------------------------- pages


def _table_page(area: str = "") -> str:
    """A ruled 3-column table: header 序号/名称/牵头单位, two rows, 序号 merged over both rows."""
    rules = "".join(path_obj(20, 30, d, w=150, h=40) for d in (
        "M 0 0 L 150 0", "M 0 10 L 150 10", "M 30 25 L 150 25", "M 0 40 L 150 40",
        "M 0 0 L 0 40", "M 30 0 L 30 40", "M 100 0 L 100 40", "M 150 0 L 150 40"))
    texts = "".join(text_obj(x, y, t, delta="g 3 4") for x, y, t in (
        (22, 32, "序号"), (52, 32, "名称"), (122, 32, "牵头单位"), (22, 52, "1"),
        (52, 42, "托育机构"), (122, 42, "县卫健局"), (52, 57, "养育指导"), (122, 57, "县妇联")))
    return page_xml(rules + texts + text_obj(20, 10, "工作清单", size=6, delta="g 3 6"), area)


def test_ruled_table_is_read_with_its_spans(tmp_path: Path) -> None:
    raw = read_ofd(make_ofd(tmp_path / "table.ofd", [_table_page()]))
    assert raw.source_format == "ofd" and raw.n_pages == 1
    assert raw.front_matter == ["工作清单"]
    [g] = raw.tables
    assert (g.n_rows, g.n_cols) == (3, 3)
    cells = {(c.row, c.col): (c.text, c.row_span, c.col_span) for c in g.cells}
    assert cells == {
        (0, 0): ("序号", 1, 1), (0, 1): ("名称", 1, 1), (0, 2): ("牵头单位", 1, 1),
        (1, 0): ("1", 2, 1), (1, 1): ("托育机构", 1, 1), (1, 2): ("县卫健局", 1, 1),
        (2, 1): ("养育指导", 1, 1), (2, 2): ("县妇联", 1, 1),
    }
    assert g.cells[0].bbox == pytest.approx((20 * PT, 30 * PT, 50 * PT, 40 * PT))


def test_page_size_comes_from_the_page_or_else_the_document(tmp_path: Path) -> None:
    f = make_ofd(tmp_path / "size.ofd", [_table_page(), _table_page(area="0 0 297 210")], box="0 0 210 297")
    assert _objects(f, 0).bbox == pytest.approx((0, 0, 210 * PT, 297 * PT))
    assert _objects(f, 1).bbox == pytest.approx((0, 0, 297 * PT, 210 * PT))


def test_template_page_content_is_drawn_with_the_page(tmp_path: Path) -> None:
    tpl = '<ofd:TemplatePage ID="7" BaseLoc="Tpls/Tpl_0/Content.xml"/>'
    page = page_xml(text_obj(10, 10, "正文", delta="4")).replace(
        "<ofd:Content>", '<ofd:Template TemplateID="7"/><ofd:Content>')
    f = make_ofd(tmp_path / "tpl.ofd", [page], templates=tpl,
                 extra={"Doc_0/Tpls/Tpl_0/Content.xml": page_xml(text_obj(10, 280, "页眉", delta="4"))})
    assert "".join(c["text"] for c in _objects(f).chars) == "页眉正文"


def _png(size: tuple[int, int], colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, "PNG")
    return buf.getvalue()


def _image_page() -> str:
    # the scan fills (20, 30)–(120, 80) mm: CTM maps the unit square onto 100 × 50 mm inside the Boundary
    return page_xml('<ofd:ImageObject ID="6" Boundary="20 30 100 50" CTM="100 0 0 50 0 0" ResourceID="5"/>')


def test_image_only_pages_are_a_scanned_document(tmp_path: Path) -> None:
    f = make_ofd(tmp_path / "scan.ofd", [_image_page(), _image_page()],
                 extra={"Doc_0/Res/scan.png": _png((40, 20), (200, 0, 0))})
    with pytest.raises(NoTextLayerError, match="an OFD file whose pages are images: no text to read"):
        read_ofd(f)
    with pytest.raises(NoTableError, match="no ruled table found in the OFD file"):  # OCR reads them: no table
        read_document(f)


def test_page_images_put_each_image_where_the_page_draws_it(tmp_path: Path) -> None:
    f = make_ofd(tmp_path / "scan.ofd", [_image_page()], extra={"Doc_0/Res/scan.png": _png((40, 20), (200, 0, 0))})
    [page] = list(ofd_page_images(f, dpi=72))  # 1 px per point
    assert page.number == 1 and page.px_per_pt == 1
    assert page.image.size == (round(210 * PT), round(297 * PT))
    assert page.image.getpixel((round(70 * PT), round(55 * PT))) == (200, 0, 0)  # inside the scan
    assert page.image.getpixel((round(10 * PT), round(55 * PT))) == (255, 255, 255)  # left of it
    assert page.image.getpixel((round(70 * PT), round(90 * PT))) == (255, 255, 255)  # below it


def test_text_but_no_ruled_table_names_the_ofd(tmp_path: Path) -> None:
    f = make_ofd(tmp_path / "letter.ofd", [page_xml(text_obj(20, 20, "清单另行印发", delta="g 5 4"))])
    with pytest.raises(NoTableError, match="OFD"):
        read_ofd(f)


# ----------------------------------------------------------------------------------------------- broken files


@pytest.mark.parametrize("drop, part", [
    ("Doc_0/Pages/Page_1/Content.xml", "Doc_0/Pages/Page_1/Content.xml"),
    ("Doc_0/Document.xml", "Doc_0/Document.xml"),
    ("OFD.xml", "OFD.xml"),
])
def test_missing_part_is_corrupt_and_named(tmp_path: Path, drop: str, part: str) -> None:
    f = make_ofd(tmp_path / "missing.ofd", [_table_page(), _table_page()], drop=(drop,))
    with pytest.raises(CorruptFileError, match=part.replace(".", r"\.")):
        read_ofd(f)


def test_malformed_content_xml_is_corrupt_and_named(tmp_path: Path) -> None:
    f = make_ofd(tmp_path / "bad.ofd", [_table_page(), page_xml("<ofd:TextObject")])
    with pytest.raises(CorruptFileError, match=r"Doc_0/Pages/Page_1/Content\.xml is not well-formed"):
        read_ofd(f)


def test_truncated_ofd_is_corrupt(tmp_path: Path) -> None:
    data = make_ofd(tmp_path / "whole.ofd", [_table_page()]).read_bytes()
    f = tmp_path / "cut.ofd"
    f.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptFileError):
        read_ofd(f)


def test_ofd_zip_bomb_is_refused_before_reading(tmp_path: Path) -> None:
    f = make_ofd(tmp_path / "bomb.ofd", [_table_page()],
                 extra={"Doc_0/Res/filler.xml": b"<a>" + b" " * (40 << 20) + b"</a>"})
    with pytest.raises(ZipBombError, match="inflate"):
        read_ofd(f)


@pytest.mark.parametrize("name", ["notice.ofd", "notice.zip", "notice.docx"])
def test_ofd_is_known_by_its_bytes(tmp_path: Path, name: str) -> None:
    assert sniff(make_ofd(tmp_path / name, [_table_page()])) == "ofd"


# ----------------------------------------------------------------------------------------------- the sample


@pytest.fixture
def sample_conversion(conversions):
    return conversions("ofd")  # once per session


def test_sample_ofd_matches_golden(sample_conversion) -> None:
    expected = golden_document()
    doc = assert_matches_golden(sample_conversion, "ofd", expected)
    assert doc["source_format"] == "ofd"
    for key in ("title", "doc_number", "issuer", "issue_date", "year", "region"):  # the form carries them all
        assert doc[key] == expected[key] and doc[key]
    assert sample_conversion.coverage["ratio"] == 1.0 and not sample_conversion.warnings


def test_inspect_draws_an_ofd_page(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from PIL import Image

    from worklist.cli import main

    out = tmp_path / "p2.png"
    res = CliRunner().invoke(main, ["inspect", str(SAMPLE_OFD), "--page", "2", "-o", str(out)])
    assert res.exit_code == 0, res.output
    with Image.open(out) as im:
        assert im.size == (round(297 * PT * 100 / 72), round(210.01 * PT * 100 / 72))  # landscape A4 at 100 dpi
        colours = {c for _, c in im.getcolors(1 << 20)}
    assert (255, 255, 255) in colours and len(colours) > 10  # a page with drawing on it, not a blank


def test_invisible_text_is_read_like_a_pdfs_text_layer(tmp_path: Path) -> None:
    """A scan with its OCR text behind it: the text objects are hidden, the text is still the page's text."""
    hidden = text_obj(10, 10, "县卫健局", delta="g 3 4").replace("<ofd:TextObject ", '<ofd:TextObject Visible="false" ')
    f = make_ofd(tmp_path / "ocr.ofd", [page_xml(hidden)])
    assert "".join(c["text"] for c in _objects(f).chars) == "县卫健局"


def test_text_without_a_size_is_kept(tmp_path: Path) -> None:
    f = make_ofd(tmp_path / "nosize.ofd", [page_xml(text_obj(10, 10, "名称", delta="4").replace(' Size="4"', ""))])
    assert [c["text"] for c in _objects(f).chars] == ["名", "称"]


# ----------------------------------------------------------------------------------------------- Latin next to Chinese
def _latin_page(gap_mm: float, latin: str = "AED", text_after: str = "点位", space_char: bool = False) -> str:
    """A one-cell ruled table whose text is a Latin run in its own TextObject (as producers write a run in a
    Latin font: DeltaX for its glyphs, none after the last) and the Chinese after it, `gap_mm` after the last
    Latin glyph's origin (size 4 mm: a proportional `D` advances ~0.72 em = 2.9 mm, Word's Asian/Latin spacing
    adds ~0.2 em)."""
    rules = "".join(path_obj(20, 30, d, w=100, h=20) for d in (
        "M 0 0 L 100 0", "M 0 10 L 100 10", "M 0 20 L 100 20", "M 0 0 L 0 20", "M 100 0 L 100 20"))
    steps = " ".join(["2.6"] * (len(latin) - 1))
    last_x = 22 + 2.6 * (len(latin) - 1)
    latin_text = latin + (" " if space_char else "")
    if space_char:
        steps += f" {gap_mm / 2}"
    return page_xml(rules + text_obj(22, 32, "名称", delta="4") + text_obj(22, 42, latin_text, delta=steps)
                    + text_obj(last_x + gap_mm, 42, text_after, delta="4"))


@pytest.mark.parametrize(("gap_mm", "space_char", "cell"), [
    (3.7, False, "AED点位"),  # issue 17: read `AED 点位` — the last glyph's guessed half-em width left a gap
    (2.9, False, "AED点位"),
    (4.0, False, "AED点位"),  # up to an em from the last glyph's origin: its advance plus spacing
    (6.5, False, "AED 点位"),  # a gap wider than any glyph is a visible space
    (3.7, True, "AED 点位"),  # a space the producer kept as a character
])
def test_no_space_is_added_after_a_latin_run_before_chinese(tmp_path: Path, gap_mm: float, space_char: bool,
                                                              cell: str) -> None:
    raw = read_ofd(make_ofd(tmp_path / "latin.ofd", [_latin_page(gap_mm, space_char=space_char)]))
    [g] = raw.tables
    assert {c.row: c.text for c in g.cells}[1] == cell


def test_a_wide_last_glyph_keeps_its_gap_rule(tmp_path: Path) -> None:
    """A Chinese run ending a TextObject has its true advance (an em): a 1.5 em step still reads as a space."""
    raw = read_ofd(make_ofd(tmp_path / "wide.ofd", [_latin_page(6.0, latin="韩娜", text_after="陈海明")]))
    [g] = raw.tables
    assert {c.row: c.text for c in g.cells}[1] == "韩娜 陈海明"
