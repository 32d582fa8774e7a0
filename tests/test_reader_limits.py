"""The rules behind the reader limits, one table each: fitting a row into the grid, decoding text notices,
recognising headers by their known columns, counting unmapped text, bounded stream decoding."""

from __future__ import annotations

import codecs
import zlib

import pytest

from tests import hostile as H
from worklist.extract.docx.tables import fit_row
from worklist.extract.errors import CorruptFileError, StreamBombError, UnmappedTextError
from worklist.extract.grid import Cell, Grid, RawDocument, RowInfo
from worklist.extract.headers import is_header_row
from worklist.extract.pdf.limits import Budget, inflate, run_length
from worklist.extract.text_decode import decode_notice
from worklist.extract.unmapped import check_unmapped, count_unmapped


@pytest.mark.parametrize("before, spans, after, limit, want", [
    (0, [1, 1, 1], 0, 3, (0, [1, 1, 1], 0)),  # fits: unchanged
    (0, [1, 10**9], 0, 10, (0, [1, 9], 0)),  # a span runs to the grid's end
    (10**9, [1, 1], 0, 10, (8, [1, 1], 0)),  # gridBefore leaves one column per cell
    (0, [1, 1], 10**9, 10, (0, [1, 1], 8)),  # gridAfter takes what remains
    (2, [10**9, 3, 1], 1, 10, (2, [6, 1, 1], 0)),  # each later cell keeps its column
    (0, [1] * 12, 0, 10, (0, [1] * 12, 0)),  # more cells than columns: one each (the grid widens)
])
def test_fit_row_clamps_spans_to_the_grid(before, spans, after, limit, want) -> None:
    assert fit_row(before, spans, after, limit) == want


TEXT = "专项名称\t序号\n幼有善育\t1\n"


@pytest.mark.parametrize("data, text, encoding, warning", [
    (TEXT.encode(), TEXT, "utf-8", None),
    (codecs.BOM_UTF8 + TEXT.encode(), TEXT, "utf-8-sig", None),
    (TEXT.encode() + "完".encode()[:2], TEXT, "utf-8", "middle of a UTF-8 character"),
    (codecs.BOM_UTF8 + TEXT.encode() + "完".encode()[:1], TEXT, "utf-8-sig", "middle of a UTF-8 character"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le") + b"x", TEXT, "utf-16-le", "left over"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be") + "完".encode("utf-16-be")[:1], TEXT, "utf-16-be",
     "left over"),
    (codecs.BOM_UTF8 + TEXT.encode("gbk"), TEXT, "gb18030", "byte-order mark"),
    (TEXT.encode("gbk"), TEXT, "gb18030", None),
    ("甲\n".encode() + "乙\n".encode("gbk") + "丙".encode(), "甲\n乙\n丙", "utf-8+gb18030",
     "lines 2 decoded as GB18030"),
], ids=["utf8", "utf8-bom", "utf8-cut", "bom-cut", "utf16-odd", "utf16be-cut", "bom-gbk", "gbk", "mixed"])
def test_decode_notice(data: bytes, text: str, encoding: str, warning: str | None) -> None:
    d = decode_notice(data)
    assert (d.text, d.encoding) == (text, encoding)
    if warning is None:
        assert d.warnings == []
    else:
        assert any(warning in w for w in d.warnings), d.warnings


def test_decode_notice_names_a_broken_utf16_character() -> None:
    with pytest.raises(CorruptFileError, match="line 2"):
        decode_notice(codecs.BOM_UTF16_LE + "甲\n".encode("utf-16-le") + b"\x00\xdc" + "乙".encode("utf-16-le"))


CONTRACT = ["专项名称", "序号", "类型", "名称", "工作时序", "", "", "", "牵头单位", "责任人"]


@pytest.mark.parametrize("texts, header", [
    (CONTRACT + ["备注", "完成情况", "资金来源", "进展", "评价", "配合单位", "联系电话"], True),
    (CONTRACT + ["备注"] * 12, True),
    (["序号", "名称", "备注", "说明", "附件"], False),  # two known of five: a share of 0.4, too few kinds
    (["序号", "名称", "牵头单位", "责任人", "推进全县普惠托育服务体系建设", "完成年度目标任务并总结经验",
      "县卫健局牵头组织实施各乡镇配合"], False),  # four kinds, but the other cells are content, not labels
    (["幼有善育", "1", "重点任务", "推进普惠托育", "全面实施", "", "", "", "县卫健局", "董冬"], False),
])
def test_header_recognised_by_the_known_columns(texts: list[str], header: bool) -> None:
    assert is_header_row(texts) is header


@pytest.mark.parametrize("text, unmapped, ok", [
    ("推进工作", 0, 4),
    ("(cid:12)(cid:7)", 2, 0),
    ("推进(cid:3)工作", 1, 4),
    ("\ue000\ue001工", 2, 1),
    ("表\x01格\t\n\f", 1, 2),
    ("替换\ufffd", 1, 2),
])
def test_count_unmapped(text: str, unmapped: int, ok: int) -> None:
    n, got_ok, _ = count_unmapped(text)
    assert (n, got_ok) == (unmapped, ok)


def _doc(texts: list[str]) -> RawDocument:
    cells = [Cell(r, 0, t, ref=f"l{r + 1}") for r, t in enumerate(texts)]
    return RawDocument("pdf", [], [Grid(len(texts), 1, cells, [RowInfo(1, f"l{r + 1}") for r in range(len(texts))])])


def test_a_few_symbol_cells_are_counted_not_refused() -> None:
    doc = check_unmapped(_doc(["推进工作"] * 40 + ["\uf0fc"] * 5))
    assert doc.unmapped_chars == 5
    assert any("5 characters without a Unicode mapping" in w for w in doc.warnings)


def test_text_that_is_mostly_placeholders_is_refused() -> None:
    with pytest.raises(UnmappedTextError, match=r"\(cid:N\) placeholders in 8 of 10 cells"):
        check_unmapped(_doc(["(cid:1)(cid:2)"] * 8 + ["推进工作"] * 2))


def test_inflate_is_capped_while_it_inflates() -> None:
    data = H.flate_bomb_bytes(64)
    with pytest.raises(OverflowError):
        inflate(data, 8 * 2**20)
    assert len(inflate(zlib.compress(b"abc" * 1000), 3000)) == 3000


def test_damaged_flate_keeps_what_inflated_before_the_damage() -> None:
    text = b"".join(b"BT (%d) Tj ET " % (k * 7919 % 10007) for k in range(2000))
    good = zlib.compress(text)
    out = inflate(good[: len(good) // 2], 10**6)
    assert 0 < len(out) < len(text) and text.startswith(out)


def test_run_length_is_linear_and_capped() -> None:
    assert run_length(b"\x02abc\xfeZ\x80", 100) == b"abc" + b"Z" * 3
    with pytest.raises(OverflowError):
        run_length(b"\x81Z" * 10_000, 1000)


def test_budget_refusal_names_the_limit() -> None:
    b = Budget(per_stream=10 * 2**20, per_document=20 * 2**20)
    assert isinstance(b.refuse(11 * 2**20), StreamBombError) and "per stream" in str(b.refuse(11 * 2**20))
    b.total = 15 * 2**20
    assert b.room() == 5 * 2**20 and "per document" in str(b.refuse(6 * 2**20))


# ------------------------------------------------------------------------------------------ document budget
from hypothesis import given, settings, strategies as st  # noqa: E402

from worklist import budget as core_budget  # noqa: E402
from worklist.extract import budget  # noqa: E402
from worklist.extract.errors import TooLargeError  # noqa: E402
from worklist.extract.ofd.reader import parse_deltas  # noqa: E402
from worklist.extract.xlsx.prescan import cell_ref, merge_area  # noqa: E402


@pytest.mark.parametrize("text, depth", [
    ("{}", 1), ("[]", 1), ('{"a": [1, {"b": 2}]}', 3), ('{"a": "[[[[{{{{"}', 1), (r'["\"[[[["]', 1),
    ("1", 0), ("[" * 70 + "]" * 70, 70),
])
def test_json_depth_is_counted_on_the_raw_text(text: str, depth: int) -> None:
    assert core_budget.json_depth(text) == depth


@given(st.recursive(st.none() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                    max_leaves=20))
@settings(max_examples=60, deadline=None)
def test_json_depth_matches_the_parsed_nesting(value) -> None:
    import json

    def nesting(v) -> int:  # noqa: ANN001
        if isinstance(v, list):
            return 1 + max(map(nesting, v), default=0)
        if isinstance(v, dict):
            return 1 + max(map(nesting, v.values()), default=0)
        return 0

    assert core_budget.json_depth(json.dumps(value)) == nesting(value)


def test_output_json_past_its_depth_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    monkeypatch.setattr(json, "loads", lambda *_a, **_k: pytest.fail("parsed"))
    with pytest.raises(core_budget.OverBudget, match="output JSON depth"):
        core_budget.loads_bounded("[" * 65 + "]" * 65)


@pytest.mark.parametrize("ref, area", [
    ("A1", 1), ("A1:B2", 4), ("B2:A1", 4), ("$A$1:$C$3", 9), ("A200:XFD1048576", 1048377 * 16384), ("junk", 0),
    ("A1:", 1), ("", 0),
])
def test_merge_area_from_the_raw_ref(ref: str, area: int) -> None:
    assert merge_area(ref) == area


@pytest.mark.parametrize("ref, pos", [("A1", (1, 1)), ("XFD1048576", (1048576, 16384)), ("$AA$10", (10, 27)),
                                      ("1A", None), ("A", None)])
def test_cell_ref(ref: str, pos) -> None:
    assert cell_ref(ref) == pos


def test_a_grid_past_the_cell_budget_is_refused_when_it_is_made() -> None:
    n = int(budget.GRID_CELLS ** 0.5) + 1
    with pytest.raises(TooLargeError, match="grid cells"):
        Grid(n_rows=n, n_cols=n, cells=[], rows=[RowInfo(page=1, ref="x")] * n)


def test_covering_costs_the_cells_present() -> None:
    """Rows no cell covers share one empty row: a tall sparse grid holds as many row lists as covered rows."""
    cells = [Cell(row=0, col=0, text="a", col_span=3), Cell(row=5, col=1, text="b", row_span=2)]
    g = Grid(n_rows=1000, n_cols=3, cells=cells, rows=[RowInfo(page=1, ref=f"r{i}") for i in range(1000)])
    cover = g.covering()
    assert [c.text if c else None for c in cover[0]] == ["a", "a", "a"]
    assert cover[6][1] is cover[5][1] is cells[1] and cover[7][1] is None
    assert len({id(row) for row in cover}) == 4  # rows 0, 5, 6 and the shared empty one


@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 5), st.integers(1, 4), st.integers(1, 3)), max_size=12))
@settings(max_examples=60, deadline=None)
def test_covering_agrees_with_a_dense_matrix(specs) -> None:
    cells = [Cell(row=r, col=c, text=str(i), row_span=rs, col_span=cs) for i, (r, c, rs, cs) in enumerate(specs)]
    g = Grid(n_rows=10, n_cols=6, cells=cells, rows=[RowInfo(page=1, ref=f"r{i}") for i in range(10)])
    dense = [[None] * 6 for _ in range(10)]
    for c in cells:  # later cells win, as they do in covering()
        for r in range(c.row, min(c.row + c.row_span, 10)):
            for k in range(c.col, min(c.col + c.col_span, 6)):
                dense[r][k] = c
    assert [list(row) for row in g.covering()] == dense


@pytest.mark.parametrize("w, h, name", [(30_001, 1, "page side"), (10_000, 7_000, "page pixels"),
                                        (float("inf"), 1, "page side"), (float("nan"), 1, "page side")])
def test_check_pixels(w: float, h: float, name: str) -> None:
    with pytest.raises(TooLargeError, match=f"'{name}'"):
        budget.check_pixels(w, h)


def test_deltax_repeats_share_the_page_meter() -> None:
    meter = budget.Meter("OFD glyphs", "page")
    parse_deltas(f"g {budget.OFD_GLYPHS - 10} 1", "page", meter)
    with pytest.raises(TooLargeError, match="OFD glyphs"):
        parse_deltas("g 11 1", "page", meter)  # small alone, over budget with the rest of the page


def test_readme_lists_every_budget() -> None:
    from tests.paths import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in budget.BUDGET:
        assert f"`{name}`" in readme, f"README's limits table does not name the budget {name!r}"
