"""OCR of scanned notices: the rules of a page image, the repairs of recognised lines, and synthetic scans end to
end (pages drawn by `tests.scans`, so every expected value is what was drawn).

The scanned 2024 sample itself is read in `test_ocr_scan.py`.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw

cv2 = pytest.importorskip("cv2", reason="the ocr extra is not installed")

from tests import bad_inputs as bad  # noqa: E402
from tests.helpers import doc_dirs  # noqa: E402
from tests.scans import HEADER as HEADER_ROW  # noqa: E402
from tests.scans import cjk_font_path, save, table_page  # noqa: E402
from worklist.cli import main  # noqa: E402
from worklist.extract.ocr import boxes as OB  # noqa: E402
from worklist.extract.ocr import reader as R  # noqa: E402
from worklist.extract.ocr import raster as T  # noqa: E402
from worklist.extract.ocr.engine import TextBox  # noqa: E402
from worklist.extract.geometry.page import PageObjects, PageResult, page_layouts  # noqa: E402

needs_font = pytest.mark.skipif(cjk_font_path() is None, reason="no CJK font to draw test pages with")
ROWS = [
    ["幼有善育", "1", "重点任务", "托育服务", "完成摸底", "/", "推进建设", "总结提升", "县卫健局", "董冬"],
    ["", "2", "", "托位使用率", "年度指标", "/", "/", "达到90%", "县卫健局", "董冬"],
]
MERGES = {(0, 0): (2, 1), (0, 2): (2, 1)}


# ----------------------------------------------------------------------------------------------- rules


@needs_font
@pytest.mark.parametrize("angle", [-0.85, -0.35, 0.0, 0.6])
def test_skew_is_measured_from_the_rules_and_undone(angle: float) -> None:
    grey = np.asarray(table_page(ROWS, merges=MERGES, angle=angle))
    assert T.skew_angle(T.ink(grey, 150), 150) == pytest.approx(angle, abs=0.05)
    straight, turned = T.deskew(grey, 150)
    assert turned == pytest.approx(angle, abs=0.05)
    assert T.skew_angle(T.ink(straight, 150), 150) == pytest.approx(0.0, abs=0.05)


@needs_font
def test_rules_of_a_scan_give_the_cells_and_spans_the_pdf_reader_finds() -> None:
    grey, _ = T.deskew(np.asarray(table_page(ROWS, merges=MERGES, angle=0.6)), 150)
    rules = T.find_rules(grey, 150)
    h, w = grey.shape
    scale = 72 / 150
    objs = PageObjects(chars=[], edges=T.ruling_edges(rules, scale), has_images=False, bbox=(0, 0, w * scale, h * scale))
    [lay] = page_layouts(objs)
    assert (lay.n_rows, lay.n_cols) == (3, 10)
    assert (1, 0, 2, 1) in lay.cells and (1, 2, 2, 1) in lay.cells  # 专项 and 类型 merged over two rows
    assert len(lay.cells) == 10 + 8 + 10


@needs_font
def test_strokes_of_a_big_title_are_not_rules() -> None:
    """Long strokes of big characters (初号, 42 pt, the largest title size) survive the opening but belong to no
    framework of rules as wide as a table."""
    from PIL import ImageFont

    img = Image.new("L", (1200, 300), 255)
    ImageDraw.Draw(img).text((40, 60), "工程工作国田", fill=0, font=ImageFont.truetype(cjk_font_path(), 88))
    rules = T.find_rules(np.asarray(img), 150)
    assert rules.horizontal == [] and rules.vertical == [] and not rules.mask.any()


def test_content_box_ignores_scanner_specks() -> None:
    marks = np.zeros((400, 600), np.uint8)
    marks[100:140, 200:300] = 255  # text
    rng = np.random.default_rng(1)
    for y, x in zip(rng.integers(0, 400, 60), rng.integers(0, 600, 60)):
        marks[y, x] = 255  # specks
    x0, y0, x1, y1 = R.content_box(marks, pad=10)
    assert 180 <= x0 <= 200 and 80 <= y0 <= 100 and 300 <= x1 <= 320 and 140 <= y1 <= 160


# ----------------------------------------------------------------------------------------------- line repairs


def _box(text: str, xs: list[tuple[float, float]], top: float = 0.0, bottom: float = 30.0, conf: float = 1.0) -> TextBox:
    return TextBox(text, conf, xs[0][0], top, xs[-1][1], bottom,
                   tuple((c, a, b, conf) for c, (a, b) in zip(text, xs)))


def test_a_line_read_across_a_rule_is_cut_into_one_line_per_cell() -> None:
    box = _box("县卫健局董冬", [(0, 20), (20, 40), (40, 60), (60, 80), (95, 115), (115, 135)])
    parts = OB.split_at_rules(box, [(-10.0, 100.0, 87.0)])
    assert [p.text for p in parts] == ["县卫健局", "董冬"]
    assert parts[0].x1 == 87.0 and parts[1].x0 == 87.0
    assert OB.split_at_rules(box, [(200.0, 300.0, 87.0)]) == [box]  # the rule is elsewhere on the page


@pytest.mark.parametrize("text, runs, expected", [
    # em 20: a blank of 9 px (0.45 em) between two names is a space, 3 px is character spacing
    ("韩娜陈海", [(1, 19), (21, 39), (48, 66), (69, 87)], "韩娜 陈海"),
    ("韩娜陈海", [(1, 19), (21, 39), (42, 60), (63, 81)], "韩娜陈海"),
    # next to a digit a wider blank is needed: digits stand in wide side bearings
    ("位12个", [(1, 19), (27, 31), (38, 46), (55, 73)], "位12个"),
    ("室2024", [(1, 19), (31, 39), (41, 49), (51, 59), (61, 69)], "室 2024"),
    # a full-width mark keeps its own blank: no space after "，"
    ("通，探", [(1, 19), (21, 25), (41, 59)], "通，探"),
])
def test_spaces_come_from_blanks_in_the_ink(text: str, runs: list[tuple[int, int]], expected: str) -> None:
    starts = [r[0] - 1 for r in runs]
    xs = [(a, b) for a, b in zip(starts, starts[1:] + [runs[-1][1] + 1])]
    chars = OB.spaces(list(_box(text, xs).chars), runs, 20.0)
    assert "".join(c[0] for c in chars) == expected


@pytest.mark.parametrize("text, runs, expected", [
    ("道，探", [(1, 19), (21, 25), (40, 58)], "道，探"),  # 15 px blank after the mark: full-width
    ("道,探", [(1, 19), (21, 25), (40, 58)], "道，探"),
    ("道，探", [(1, 19), (21, 25), (28, 46)], "道,探"),  # 3 px: half-width
    ("划(20", [(1, 19), (34, 38), (40, 48), (50, 58)], "划（20"),  # 15 px before "(": full-width
    ("划（20", [(1, 19), (22, 26), (28, 36), (38, 46)], "划(20"),
    ("通道，", [(1, 19), (21, 39), (41, 45)], "通道，"),  # at the end of the line: cannot tell, as read
])
def test_punctuation_width_comes_from_the_blank_on_its_open_side(text, runs, expected) -> None:
    xs = [(r[0] - 1, r[1] + 1) for r in runs]
    chars = OB.punctuation_width(list(_box(text, xs).chars), runs, 20.0)
    assert "".join(c[0] for c in chars) == expected


@pytest.mark.parametrize("text, measured, expected", [
    ("〔2024]2号", set(), "〔2024〕2号"),
    ("(2022年）", {6}, "（2022年）"),  # the measured closer decides the opener read at the line start
    ("（2022年)", {0}, "（2022年）"),
    ("(2022年）", set(), "(2022年）"),  # neither measured: left as read
])
def test_brackets_pair_up(text: str, measured: set[int], expected: str) -> None:
    chars = [(c, float(i), float(i + 1), 1.0) for i, c in enumerate(text)]
    assert "".join(c[0] for c in OB.pair_brackets(chars, measured)) == expected


@pytest.mark.parametrize("stroke, read, expected", [
    (((14, 4), (4, 36)), "1", "/"),  # leaning right: a slash, whatever it was read as
    (((9, 4), (9, 36)), "1", "1"),  # upright: left as read
    (((9, 4), (9, 36)), "/", "/"),
])
def test_a_lone_stroke_leaning_right_is_a_slash(stroke, read: str, expected: str) -> None:
    img = Image.new("L", (20, 40), 0)
    ImageDraw.Draw(img).line(stroke, fill=255, width=2)
    box = TextBox(read, 0.6, 0.0, 0.0, 19.0, 39.0, ((read, 0.0, 19.0, 0.6),))
    assert OB.lone_stroke(box, np.asarray(img)).text == expected


def test_characters_of_a_line_touch_and_keep_its_spaces() -> None:
    box = TextBox("韩娜 陈", 0.97, 10, 100, 80, 130,
                  (("韩", 10, 25, 1.0), ("娜", 30, 45, 0.9), (" ", 46, 46, 1.0), ("陈", 50, 65, 1.0)))
    chars = R.box_chars([box], 0.5)
    assert [c["text"] for c in chars] == ["韩", "娜", " ", "陈"]
    assert chars[0]["x1"] == chars[1]["x0"]  # no gap the PDF reader would take for a space
    assert {(c["top"], c["bottom"]) for c in chars} == {(50.0, 65.0)}
    assert [c["conf"] for c in chars] == [0.97, 0.9, 0.97, 0.97]


# ----------------------------------------------------------------------------------------------- inputs


def _result(texts: list[str], n_chars: int | None = None, has_images: bool = False) -> PageResult:
    from worklist.extract.grid import Cell, Grid, RowInfo

    cells = [Cell(row=0, col=i, text=t) for i, t in enumerate(texts)]
    grid = Grid(n_rows=1, n_cols=len(texts), cells=cells, rows=[RowInfo(page=1, ref="p1")])
    n = sum(len(t) for t in texts) if n_chars is None else n_chars
    return PageResult([grid], [], [], n, has_images, 0.0, 100.0)


@pytest.mark.parametrize("texts, garbage", [
    (["专项名称", "牵头单位"], False),
    (["(cid:12)(cid:40)(cid:7)", "(cid:9)"], True),
    (["\ue001\ue002\ue003", "县"], True),
    (["\ufffd\ufffd", "县卫健局牵头单位"], False),  # a few (2 in 10): still a text layer
    ([""], False),
])
def test_garbage_text_layer(texts: list[str], garbage: bool) -> None:
    assert R.garbage_text(_result(texts)) is garbage


def test_pages_to_ocr_by_mode() -> None:
    pages = [_result(["县卫健局"]), _result([""], n_chars=0, has_images=True), _result(["(cid:3)(cid:4)"]),
             _result([""], n_chars=0)]
    assert R.pages_to_ocr(pages, "auto") == [1]
    assert R.pages_to_ocr(pages, "force") == [1, 2]
    assert R.pages_to_ocr(pages, "off") == []


def test_page_images_of_a_folder_in_natural_order(tmp_path: Path) -> None:
    for name in ("p10.png", "p2.png", "p1.jpg", ".hidden.png", "notes.txt"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in R.image_pages(tmp_path)] == ["p1.jpg", "p2.png", "p10.png"]


def test_a_folder_of_page_images_is_one_notice(tmp_path: Path) -> None:
    from worklist.batch import collect_inputs

    scans = tmp_path / "inbox" / "scan-2019"
    scans.mkdir(parents=True)
    for name in ("1.png", "2.png", "3.png"):
        (scans / name).write_bytes(b"x")
    (tmp_path / "inbox" / "a.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "inbox" / "stray.png").write_bytes(b"x")  # beside a notice file: not a page of anything
    assert collect_inputs([tmp_path / "inbox"]) == [tmp_path / "inbox" / "a.pdf", scans]
    assert collect_inputs([scans]) == [scans]  # the folder named itself


@pytest.mark.parametrize("head", [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"II*\x00", b"MM\x00*"])
def test_page_images_are_recognised_by_their_bytes(tmp_path: Path, head: bytes) -> None:
    from worklist.extract.detect import sniff

    p = tmp_path / "scan.bin"
    p.write_bytes(head + b"\x00" * 64)
    assert sniff(p) == "image"


def _convert(*args: str):
    return CliRunner().invoke(main, ["convert", *args], catch_exceptions=False)


def test_scan_without_the_ocr_extra_says_how_to_install_it(tmp_path: Path, monkeypatch) -> None:
    import worklist.extract.ocr.engine as E

    monkeypatch.setattr(E, "available", lambda: False)
    f = bad.scanned_pdf(tmp_path)
    res = _convert(str(f), "-o", str(tmp_path / "out"))
    assert res.exit_code == 7
    assert res.stderr.strip() == (f"error: {f}: no text layer (scanned pages?) and OCR is not installed; "
                                  "install OCR with: pip install 'worklist[ocr]'")


def test_scan_with_ocr_off_is_refused(tmp_path: Path) -> None:
    f = bad.scanned_pdf(tmp_path)
    res = _convert(str(f), "-o", str(tmp_path / "out"), "--ocr", "off")
    assert res.exit_code == 7
    assert "OCR is off (--ocr off)" in res.stderr


# ----------------------------------------------------------------------------------------------- engine


@needs_font
def test_models_load_from_the_package_without_network(monkeypatch) -> None:
    """The models ship in the rapidocr wheel: loading and recognising neither downloads nor connects."""
    import rapidocr.utils.download_file as dl

    import worklist.extract.ocr.engine as E

    def refuse(*a, **k):
        raise AssertionError("OCR tried to reach the network")

    monkeypatch.setattr(dl.DownloadFile, "run", classmethod(lambda cls, *a, **k: refuse()))
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(E, "_engine", None)
    from PIL import ImageFont

    img = Image.new("L", (400, 80), 255)
    ImageDraw.Draw(img).text((20, 15), "工作清单", fill=0, font=ImageFont.truetype(cjk_font_path(), 40))
    [box] = E.recognise(np.asarray(img))
    assert box.text == "工作清单"


@pytest.fixture(scope="module")
def drawn_notice(tmp_path_factory) -> Path:
    """A notice as two page photos in a folder: a title and the table's first page, then its second page
    (header repeated), each turned a little the way a scanner does."""
    if cjk_font_path() is None:
        pytest.skip("no CJK font to draw test pages with")
    folder = tmp_path_factory.mktemp("photos") / "notice"
    folder.mkdir()
    save(table_page(ROWS, merges=MERGES, angle=0.6, title="2025年某县公共服务工作清单"), folder / "page-1.png")
    rows2 = [["学有优教", "1", "重点指标", "入学率", "/", "/", "/", "达到99%", "县教育局", "李明"]]
    save(table_page(rows2, angle=-0.4), folder / "page-2.png")
    return folder


@pytest.fixture(scope="module")
def drawn_out(drawn_notice: Path, tmp_path_factory) -> tuple[object, Path]:
    """The drawn notice converted once, by the command line, from the folder that holds its folder."""
    out = tmp_path_factory.mktemp("out")
    res = _convert(str(drawn_notice.parent), "-o", str(out))
    [doc] = doc_dirs(out)
    return res, doc


def test_a_folder_of_page_images_converts_as_one_notice(drawn_out, drawn_notice: Path) -> None:
    res, doc = drawn_out
    assert res.exit_code == 0, res.stderr
    m = json.loads((doc / "manifest.json").read_text(encoding="utf-8"))
    assert m["input"]["format"] == "image" and m["input"]["pages"] == 2 and m["counts"]["items"] == 3
    assert m["input"]["file"] == "notice"
    assert m["input"]["bytes"] == sum(f.stat().st_size for f in drawn_notice.iterdir())


def test_drawn_pages_read_into_the_drawn_items(drawn_out) -> None:
    _, doc = drawn_out
    nested = json.loads((doc / f"{doc.name}.json").read_text(encoding="utf-8"))
    assert nested["source_format"] == "image"
    assert nested["title"] == "2025年某县公共服务工作清单"
    fields = ("category", "type", "seq", "name", "q1", "q2", "q3", "q4", "lead_units", "owners")
    got = [tuple(it[f] for f in fields) for it in nested["items"]]
    assert got == [
        ("幼有善育", "重点任务", 1, "托育服务", "完成摸底", "/", "推进建设", "总结提升", ["县卫健局"], ["董冬"]),
        ("幼有善育", "重点任务", 2, "托位使用率", "年度指标", "/", "/", "达到90%", ["县卫健局"], ["董冬"]),
        ("学有优教", "重点指标", 1, "入学率", "/", "/", "/", "达到99%", ["县教育局"], ["李明"]),
    ]


def test_drawn_pages_report_what_ocr_did(drawn_out) -> None:
    _, doc = drawn_out
    ocr = json.loads((doc / "manifest.json").read_text(encoding="utf-8"))["ocr"]
    assert ocr["pages"] == [1, 2]
    assert ocr["straightened"] == {"p1": pytest.approx(0.6, abs=0.05), "p2": pytest.approx(-0.4, abs=0.05)}
    assert ocr["boxes"]["recognised"] > 0 and ocr["boxes"]["ratio"] == 1.0
    for entry in ocr["low_confidence"]:  # each names its place and the row it went into
        assert entry["confidence"] < ocr["threshold"] and entry["page"] in (1, 2) and entry["bbox"]
        if entry["where"] == "cell":
            assert entry["item_key"]


@needs_font
def test_ofd_pages_that_are_scans_are_read_by_ocr(tmp_path: Path) -> None:
    """The OFD reader's image pages go through the same OCR page reader (the registry's page pictures: ofd_page_images)."""
    import io

    from tests.test_ofd_reader import make_ofd, page_xml
    from worklist.extract import read_document

    buf = io.BytesIO()
    table_page(ROWS, merges=MERGES, angle=0.5).save(buf, "PNG")
    page = page_xml('<ofd:ImageObject ID="6" Boundary="0 0 297 210" CTM="297 0 0 210 0 0" ResourceID="5"/>')
    f = make_ofd(tmp_path / "scan.ofd", [page], box="0 0 297 210", extra={"Doc_0/Res/scan.png": buf.getvalue()})
    doc = read_document(f)
    assert doc.source_format == "ofd" and doc.ocr["pages"] == [1]
    [grid] = doc.tables
    assert (grid.n_rows, grid.n_cols) == (3, 10)
    texts = {(c.row, c.col): c.text for c in grid.cells}
    assert [texts[(0, c)] for c in range(10)] == HEADER_ROW
    assert [texts.get((1, c), "") for c in range(10)] == ROWS[0]


@pytest.mark.slow
def test_ocr_reports_its_pages_to_a_progress_sink(drawn_notice: Path) -> None:
    """Per-page progress (worklist.progress): the OCR reader steps once per page read, after a 0 to start."""
    from worklist import progress
    from worklist.extract import read_document

    seen: list[tuple[str, int, int]] = []
    progress.set_sink(lambda what, done, total: seen.append((what, done, total)))
    try:
        read_document(drawn_notice)
    finally:
        progress.set_sink(None)
    assert seen == [("OCR pages", 0, 2), ("OCR pages", 1, 2), ("OCR pages", 2, 2)]
