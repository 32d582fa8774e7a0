"""Text repair: layout whitespace and radical code points go, meaningful spaces stay."""

import unicodedata
from pathlib import Path

import pytest

from worklist.vocabulary.text import RADICALS, clean_text, fix_code_points, squash


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("通过国家 学前教育 普及普惠 县省级评 估", "通过国家学前教育普及普惠县省级评估"),
        ("累计开展职业教育培训 50 人次。", "累计开展职业教育培训50人次。"),
        ("做好 2024 年学前教育招生工作。", "做好2024年学前教育招生工作。"),
        ("1.完善城乡教共体有关配套政策。 2.完成特殊少年儿童就学意向统计。",
         "1.完善城乡教共体有关配套政策。2.完成特殊少年儿童就学意向统计。"),
        ("为全省所有适龄女生免费接种二价 HPV 疫苗，2024 年重点为 13—14 岁女生接种",
         "为全省所有适龄女生免费接种二价 HPV 疫苗，2024年重点为13—14岁女生接种"),
        ("新建安宁疗护病区 and 黄龙", "新建安宁疗护病区 and 黄龙"),
        ("推进普惠托育基\n本公共服务试点\n提质扩面", "推进普惠托育基本公共服务试点提质扩面"),
        ("重\n点\n任\n务", "重点任务"),
        ("完成新增计划数量的 100%按照要求安装。", "完成新增计划数量的100%按照要求安装。"),
        ("推广浙江“数字健康人·安诊儿（Angel）”。", "推广浙江“数字健康人·安诊儿（Angel）”。"),
        ("VSD 负压\n吸引术", "VSD 负压吸引术"),
        ("open\nsource", "open source"),
        ("  前后空白  ", "前后空白"),
        ("全角\u3000空格", "全角空格"),
        ("零\u200b宽", "零宽"),
        ("", ""),
        ("⼯作清单", "工作清单"),
        ("⺠⽣实事", "民生实事"),
        ("年度指标 >63%", "年度指标>63%"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(("raw", "fixed"), [("⼯", "工"), ("⺠", "民"), ("⽣", "生"), ("⾼", "高"), ("工", "工")])
def test_radicals_map_to_ideographs(raw: str, fixed: str) -> None:
    assert fix_code_points(raw) == fixed


def test_squash_removes_all_whitespace() -> None:
    assert squash("责任\n单 位") == "责任单位"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("应用VSD\n负压吸引术", "应用VSD负压吸引术"),
        ("阿尔茨海默症\nMRI海马扫描", "阿尔茨海默症MRI海马扫描"),
        ("鼻肠管X\n线定位", "鼻肠管X线定位"),
        ("open \nsource", "open source"),
        ("2024\n年", "2024年"),
        ("12\n34", "12 34"),
        ("新建安宁疗护病区\nand 黄龙", "新建安宁疗护病区 and 黄龙"),
        ("病区 and\n黄龙", "病区 and 黄龙"),
        ("二价\nHPV 疫苗", "二价HPV 疫苗"),
    ],
)
def test_line_wraps_join(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


# --- promises that hold for every input (Hypothesis) -------------------------------------------------------
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from worklist.outputs.csv_safety import FORMULA_STARTS, guard  # noqa: E402
from worklist.vocabulary.text import _fix_code_points_full  # noqa: E402
from tests.helpers import both_sizes  # noqa: E402

# the characters repair acts on, so that short random strings hit its rules often
_REPAIRED = list("ab AZ09.%/\n\t\r\u3000\u00a0\u2009\u200b\u200c\ufeff\u00ad=+-@工作重点⼯⺠⽣“”，。（）\u0301")
_TEXTS = st.one_of(st.text(max_size=20), st.lists(st.sampled_from(_REPAIRED), max_size=16).map("".join))


@both_sizes  # 100 examples by default, 3000 in the slow run
@given(_TEXTS)
def test_repair_is_idempotent(size: str, raw: str) -> None:
    once = clean_text(raw)
    assert clean_text(once) == once


@both_sizes
@given(_TEXTS)
def test_repaired_text_is_safe_in_a_csv_cell(size: str, raw: str) -> None:
    """Repair may leave a text starting with `=` (the page shows it); the CSV writer's guard covers it."""
    out = guard(clean_text(raw))
    assert not (out or "").startswith(FORMULA_STARTS)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        # issue 20: zero-width characters are removed in every format, also in front of a formula trigger, so
        # JSON/Parquet hold what the page shows (`=HYPERLINK…`), the same from a DOCX as from a PDF; the CSV
        # writer guards it (tests/test_csv_safety.py)
        ("\u200b=HYPERLINK(\"x\")", "=HYPERLINK(\"x\")"),
        ("\ufeff@SUM(A1)", "@SUM(A1)"),
        ("\u2060\u200c\u200d-3人", "-3人"),
        ("  +86 电话", "+86电话"),
        ("\n-3人", "-3人"),
        ("=1+1", "=1+1"),
        ("-", "-"),
        ("a\u200b\u0301", "á"),  # a combining mark freed by the removal composes (else a second pass would)
        ("零\u00ad宽\u200b空\ufeff格", "零宽空格"),
    ],
)
def test_invisible_characters_are_removed_everywhere(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


# --- the radical table, entry by entry ---------------------------------------------------------------------
# Written by hand from the Unicode charts and a Simplified Chinese font's glyphs (Noto Sans CJK SC: the
# radical is drawn with the glyph of the ideograph given here), NOT from the code: see text.py for the rule.
# Kangxi radicals: NFKC's ideograph except where NFKC gives a variant a simplified-Chinese reader does not type.
KANGXI_NOT_NFKC = {"⼾": "户", "⾭": "青"}  # NFKC: 戶 (U+6236), 靑 (U+9751); the SC font draws 户 and 靑→青
SUPPLEMENT = {
    "⺀": "冫", "⺁": "厂", "⺂": "乛", "⺃": "乚", "⺄": "乙", "⺅": "亻", "⺆": "冂", "⺇": "几", "⺈": "勹",
    "⺉": "刂", "⺊": "卜", "⺋": "㔾", "⺌": "小", "⺍": "小", "⺎": "兀", "⺏": "尣", "⺐": "尢", "⺑": "尢",
    "⺒": "巳", "⺓": "幺", "⺔": "彑", "⺕": "彐", "⺖": "忄", "⺗": "心", "⺘": "扌", "⺙": "攵", "⺛": "旡",
    "⺜": "日", "⺝": "月", "⺞": "歹", "⺟": "母", "⺠": "民", "⺡": "氵", "⺢": "氺", "⺣": "灬", "⺤": "爫",
    "⺥": "爫", "⺦": "丬", "⺧": "牛", "⺨": "犭", "⺩": "王", "⺪": "疋", "⺫": "罒", "⺬": "示", "⺭": "礻",
    "⺮": "竹", "⺯": "糹", "⺰": "纟", "⺱": "罓", "⺲": "罒", "⺳": "网", "⺴": "罒", "⺵": "罒", "⺶": "羊",
    "⺷": "羊", "⺸": "羊", "⺹": "耂", "⺺": "肀", "⺻": "聿", "⺼": "月", "⺽": "臼", "⺾": "艹", "⺿": "艹",
    "⻀": "艹", "⻁": "虎", "⻂": "衤", "⻃": "覀", "⻄": "西", "⻅": "见", "⻆": "角", "⻇": "角", "⻈": "讠",
    "⻉": "贝", "⻊": "足", "⻋": "车", "⻌": "辶", "⻍": "辶", "⻎": "辶", "⻏": "阝", "⻐": "钅", "⻑": "長",
    "⻒": "镸", "⻓": "长", "⻔": "门", "⻕": "阜", "⻖": "阝", "⻗": "雨", "⻘": "青", "⻙": "韦", "⻚": "页",
    "⻛": "风", "⻜": "飞", "⻝": "食", "⻞": "食", "⻟": "飠", "⻠": "饣", "⻡": "首", "⻢": "马", "⻣": "骨",
    "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄", "⻪": "黾", "⻫": "齐", "⻬": "齐",
    "⻭": "齿", "⻮": "齿", "⻯": "龙", "⻰": "龙", "⻱": "龜", "⻲": "龟", "⻳": "龟",
}
_KANGXI = [chr(o) for o in range(0x2F00, 0x2FD6)]


def _expected(radical: str) -> str:
    if radical in SUPPLEMENT:
        return SUPPLEMENT[radical]
    return KANGXI_NOT_NFKC.get(radical, unicodedata.normalize("NFKC", radical))


@pytest.mark.parametrize("radical", _KANGXI + list(SUPPLEMENT))
def test_each_radical_maps_to_the_ideograph_a_reader_searches_for(radical: str) -> None:
    want = _expected(radical)
    assert 0x3400 <= ord(want) <= 0x9FFF, f"{radical} {unicodedata.name(radical)} → {want}: not a plain ideograph"
    assert fix_code_points(radical) == want, unicodedata.name(radical)
    assert clean_text(f"实施{radical}外") == f"实施{want}外"


def test_every_assigned_radical_is_in_the_table() -> None:
    assigned = [chr(o) for o in range(0x2E80, 0x2FE0) if unicodedata.category(chr(o)) != "Cn"]
    assert sorted(assigned) == sorted(_KANGXI + list(SUPPLEMENT))
    assert set(RADICALS) == set(assigned)


@pytest.mark.parametrize(("raw", "clean"), [
    ("实施⼾外运动", "实施户外运动"),  # issue 17: Chromium's PDF wrote ⼾ and NFKC made it 戶
    ("服务1000⼾次", "服务1000户次"),
    ("⻘少年", "青少年"),
    ("⾭少年", "青少年"),
])
def test_radicals_in_text_read_as_searched(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


# --- the fast path is the full path ------------------------------------------------------------------------
_SPECIALS = list("\u200b\u200c\u200d\u2060\ufeff\u00ad\u2015\u2014⼾⾭⺠⻕\uf900\ufa0e\u0301\u0300Aa 工é")


@both_sizes
@given(st.one_of(st.text(max_size=24), st.lists(st.sampled_from(_SPECIALS), max_size=12).map("".join),
                 st.text(alphabet=st.characters(min_codepoint=0x2E70, max_codepoint=0x2FFF), max_size=6),
                 st.text(alphabet=st.characters(min_codepoint=0xF8F0, max_codepoint=0xFB10), max_size=6)))
def test_fast_path_gives_what_the_full_path_gives(size: str, raw: str) -> None:
    assert fix_code_points(raw) == _fix_code_points_full(raw)


# Entries that are not the font's own glyph-mate, each for the reason given in text.py: the font draws a variant
# or Japanese form (靑 斉 竜 亀 歺) or an Ext A/B ideograph a searcher cannot type (𠘨 𭕄 𤣩 𥫗 㓁 𦥑 𧢲 𧾷 𨸏 𩙿 𩠐).
NOT_THE_GLYPH_MATE = set("⾭⻫⻯⻲⺞⺇⺍⺩⺮⺳⺽⻇⻊⻕⻞⻡")
_SC_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


@pytest.mark.skipif(not _SC_FONT.exists(), reason="Noto Sans CJK not installed")
def test_each_radical_is_drawn_like_its_ideograph_in_a_simplified_chinese_font() -> None:
    """The evidence behind the table: a radical a PDF producer wrote for a glyph maps to the ideograph that
    glyph stands for in the SC font (where the font shares the glyph with one)."""
    ttlib = pytest.importorskip("fontTools.ttLib")
    font = next(f for f in ttlib.TTCollection(str(_SC_FONT)).fonts if "CJK SC" in f["name"].getDebugName(4))
    cmap = font.getBestCmap()
    by_glyph: dict[str, set[str]] = {}
    for cp, g in cmap.items():
        if cp >= 0x3400:
            by_glyph.setdefault(g, set()).add(chr(cp))
    wrong = []
    for radical, ideograph in RADICALS.items():
        mates = {c for c in by_glyph.get(cmap.get(ord(radical), ""), set()) - {radical}
                 if not 0xF900 <= ord(c) <= 0xFAFF}
        if mates and radical not in NOT_THE_GLYPH_MATE and ideograph not in mates:
            wrong.append(f"{radical}→{ideograph} (the font draws {''.join(sorted(mates))})")
    assert not wrong
