"""Text as the user searches it, in every form: list separators survive wraps and paragraphs, radicals read as
ideographs, invisible characters go — and text in the wrong column is reported, never passed silently.

The lists are tests/fixtures/text/ (tools/make_text_fixtures.py); the expected values below are written by hand
from the generator's cells, not taken from a conversion.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.paths import FIXTURES
from worklist.pipeline import convert
from worklist.schemas.records import Conversion

TEXT = FIXTURES / "text"
FORMS = ("docx", "pdf", "html", "xlsx", "txt", "calc")  # calc: the workbook printed by LibreOffice Calc (a PDF)

# (序号, 名称, 一…四季度, 牵头单位, 责任人) of tools/make_text_fixtures.py's `separators`, as a user searches them
SEPARATORS = [
    (1, "开展AED点位布设", ["完成选址。", "完成10个点位。", "完成20个点位。", "完成30个点位。"],
     ["县卫健局"], ["韩娜", "陈海明", "孙政"]),  # a space between names, wrapped in the printed narrow cell
    (2, "实施户外运动场地提升", ["制定方案。", "开工建设。", "完成主体。", "服务1000户次。"],  # ⼾ written
     ["区卫健局", "区委政法委"], ["王芳", "李强"]),  # two paragraphs per cell
    (3, "推进托育服务扩面", ["摸底调查。", "新增托位50个。", "新增托位80个。", "新增托位100个。"],
     ["县教育局", "县财政局"], ["赵敏", "钱进"]),  # a line break inside one paragraph; a full-width space
    (4, "完善养育指导服务", ["组建队伍。", "开展指导。", "开展指导。", "全年完成。"],
     ["县妇联", "县民政局"], ["周杰", "吴刚"]),  # a space between units; a no-break space between names
    (5, "建设儿童友好公园", ["选址。", "设计。", "施工。", "=全年完成"],  # zero-width space inside, and before =
     ["县住建局", "县妇联"], ["孙政"]),
    (6, "统筹七优享工程", ["制定清单。", "督查推进。", "督查推进。", "总结评估。"],
     ["县公共服务七优享工程工作专班办公室"], ["韩娜"]),  # one long name wrapped over five printed lines
]

_CACHE: dict[Path, Conversion] = {}


def _file(form: str, name: str) -> Path:
    return TEXT / form / f"{name}.{'pdf' if form == 'calc' else form}"


def _convert(path: Path) -> Conversion:
    if path not in _CACHE:
        _CACHE[path] = convert(path)
    return _CACHE[path]


@pytest.mark.parametrize("form", FORMS)
def test_separators_survive_every_form(form: str) -> None:
    conv = _convert(_file(form, "separators"))
    got = [(it.seq, it.name, [it.q1, it.q2, it.q3, it.q4], it.lead_units, it.owners) for it in conv.items]
    assert got == SEPARATORS
    assert {(it.category, it.type) for it in conv.items} == {("幼有善育", "重点任务")}
    assert not conv.invalid and conv.checks["success"] and conv.coverage["ratio"] == 1.0
    assert not [w for w in conv.warnings if w.startswith("items.")], conv.warnings


@pytest.mark.parametrize("form", FORMS)
def test_a_radical_in_the_source_gives_the_searched_target_unit(form: str) -> None:
    """`服务1000⼾次` is the target 1000 户次 (with NFKC's 戶 the unit was unknown and the target lost)."""
    conv = _convert(_file(form, "separators"))
    row2 = [t for t in conv.targets if t.row_id == 2]
    assert [(t.value, t.unit, t.quarter_from, t.text) for t in row2] == [(1000.0, "户次", 4, "1000户次")]


def test_invisible_characters_are_gone_in_json_and_parquet_and_guarded_in_csv(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from worklist.outputs.writers import write_conversion

    write_conversion(_convert(TEXT / "docx" / "separators.docx"), tmp_path)
    [doc_json] = [p for p in tmp_path.rglob("*.json") if p.name not in ("manifest.json", "datapackage.json")]
    doc: dict[str, Any] = json.loads(doc_json.read_text(encoding="utf-8"))
    item5 = next(it for it in doc["items"] if it["seq"] == 5)
    assert item5["name"] == "建设儿童友好公园" and item5["q4"] == "=全年完成"
    [parquet] = list(tmp_path.rglob("items.parquet"))
    assert "=全年完成" in pq.read_table(parquet).column("q4").to_pylist()
    [csv] = list(tmp_path.rglob("items.csv"))
    assert "'=全年完成" in csv.read_text(encoding="utf-8-sig")


# --- plausibility: each check fires on its planted row, in every form ---------------------------------------
# tools/make_text_fixtures.py's `implausible`: row 1's 名称 is 县教育局, row 2's 牵头单位 is 二季度, row 3's 责任人
# is 韩娜陈海明孙政 (three names without a separator). Source references per form, by hand from the layouts.
REFS = {"docx": ("t1r2", "t1r3", "t1r4"), "html": ("t1r2", "t1r3", "t1r4"), "xlsx": ("s1r3", "s1r4", "s1r5"),
        "pdf": ("p2", "p2", "p2"), "txt": ("l11", "l12", "l13"), "calc": ("p1", "p1", "p1")}


def _failed(conv: Conversion, rule: str) -> dict[str, Any] | None:
    return next((r for r in conv.checks["results"] if r["rule"] == rule and not r["success"]), None)


@pytest.mark.parametrize("form", FORMS)
def test_a_unit_in_the_name_column_is_a_named_warning(form: str) -> None:
    conv = _convert(_file(form, "implausible"))
    ref = REFS[form][0]
    hit = _failed(conv, "items.name.not_a_unit")
    assert hit is not None and hit["level"] == "warn" and hit["unexpected"] == [f"{ref}: 县教育局"]
    assert any("名称 reads as an organisation" in w and f"{ref}: 县教育局" in w for w in conv.warnings)


@pytest.mark.parametrize("form", FORMS)
def test_a_quarter_label_in_the_unit_column_fails_the_checks(form: str) -> None:
    conv = _convert(_file(form, "implausible"))
    ref = REFS[form][1]
    hit = _failed(conv, "items.lead_units.not_a_period")
    assert hit is not None and hit["level"] == "fail" and hit["unexpected"] == [f"{ref}: 二季度"]
    assert ref in hit["where"]
    assert conv.checks["success"] is False  # exit 2


@pytest.mark.parametrize("form", ["docx", "html", "xlsx"])
def test_names_run_together_are_a_named_warning(form: str) -> None:
    conv = _convert(_file(form, "implausible"))
    ref = REFS[form][2]
    hit = _failed(conv, "items.owners.one_name_each")
    assert hit is not None and hit["unexpected"] == [f"{ref}: 韩娜陈海明孙政"]
    assert any("no one person's name" in w and ref in w for w in conv.warnings)


def test_names_run_together_in_a_txt_are_refused_by_coverage() -> None:
    """A TXT row re-read by content finds no 责任人 in a seven-character cell: it is found in no output, so the
    document fails validation (exit 2) naming the line — not silent, though no plausibility rule sees it."""
    conv = _convert(TEXT / "txt" / "implausible.txt")
    assert {"table": "coverage", "source_ref": "l13",
            "error": "source text found in no output: '韩娜陈海明孙政'"} in conv.invalid
