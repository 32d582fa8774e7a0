"""Golden samples are the specification: every sample format must equal the reviewed golden."""

from __future__ import annotations

import json

import pytest

from tests.paths import GOLDEN
from tests.helpers import assert_matches_golden
from worklist.outputs.golden import comparable, diff_documents
from worklist.outputs.writers import nested_json


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf", "html", "xlsx"])
def test_sample_matches_golden(conversions, fmt: str) -> None:
    assert_matches_golden(conversions(fmt), fmt)


def test_xlsx_carries_title_year_region_only(conversions) -> None:
    """An Excel attachment has no 文号, issuer or 成文日期: absent, not guessed (golden.NOT_CARRIED)."""
    d = conversions("xlsx").document
    assert (d.doc_number, d.issuer, d.issue_date) == (None, None, None)
    assert (d.title, d.year, d.region) == ("2024年嵊泗县公共服务“七优享”工程工作清单", 2024, "嵊泗县")


def test_a_form_may_lack_a_field_but_not_get_it_wrong() -> None:
    g = json.loads((GOLDEN / "document.json").read_text(encoding="utf-8"))
    lacking = {**g, "source_format": "xlsx", "doc_number": None}
    assert diff_documents(lacking, g) == []
    wrong = {**g, "source_format": "xlsx", "doc_number": "某政办〔2024〕9号"}
    assert diff_documents(wrong, g) and diff_documents(wrong, g)[0].startswith("document.doc_number")
    docx_lacking = {**g, "source_format": "docx", "doc_number": None}
    assert diff_documents(docx_lacking, g)  # a DOCX carries its 文号: losing it is a difference


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_formats_agree_with_txt(conversions, fmt: str) -> None:
    assert comparable(nested_json(conversions(fmt))) == comparable(nested_json(conversions("txt")))


def test_xlsx_items_agree_with_txt(conversions) -> None:
    assert comparable(nested_json(conversions("xlsx")))["items"] == comparable(nested_json(conversions("txt")))["items"]


def test_golden_has_the_95_rows_and_the_judgment_calls() -> None:
    g = json.loads((GOLDEN / "document.json").read_text(encoding="utf-8"))
    items = g["items"]
    assert len(items) == 95
    assert [i["row_id"] for i in items] == list(range(1, 96))
    by_key = {i["item_key"]: i for i in items}
    assert by_key["劳有所得/重点任务/6"]["owners"] == ["王峥"]
    assert [by_key[f"劳有所得/重点任务/5.{s}"]["sub"] for s in (1, 2, 3)] == [1, 2, 3]
    assert by_key["病有良医/民生实事/3.2"]["lead_units"] == ["县红十字会"]
    assert by_key["老有康养/重点任务/8"]["q3"] == "指导各乡镇建立养老服务“爱心卡”制度。"
    assert by_key["弱有众扶/民生实事/2"]["q4"] == "督查贯彻落实情况。"
    assert by_key["公共服务一体化/重点任务/2.2"]["q1"] is None


def test_diff_reports_field_level_changes() -> None:
    g = json.loads((GOLDEN / "document.json").read_text(encoding="utf-8"))
    changed = json.loads(json.dumps(g))
    changed["items"][0]["name"] = "改过的名称"
    changed["items"][1]["milestones"][0]["text"] = "x"
    del changed["items"][2]
    diffs = diff_documents(changed, g)
    assert any(d.startswith(g["items"][0]["item_key"] + ".name") for d in diffs)
    assert any(".milestones[Q1-Q4]" in d for d in diffs)
    assert any(d.startswith(g["items"][2]["item_key"] + ": missing") for d in diffs)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_continuous_rendering_matches_golden(fmt: str) -> None:
    """The same notice as one long table (tools/make_continuous_sample.py): header repeated on every page,
    专项 cells merged across page breaks, rows broken across pages — still exactly the golden."""
    from tests.paths import FIXTURES
    from worklist.pipeline import convert

    conv = convert(FIXTURES / "continuous" / f"shengsi-2024-continuous.{fmt}")
    assert_matches_golden(conv, f"continuous {fmt}")
    if fmt == "pdf":
        assert sum("-" in i.source_ref for i in conv.items) >= 5  # rows really were broken across pages


def test_fields_a_sample_form_does_not_carry_are_recorded_beside_the_golden(tmp_path) -> None:
    """forms.json names, per source file, the document fields that file does not carry: absent there is no
    difference, a wrong value still is, and another file of the same format is not excused."""
    import json

    from worklist.outputs.golden import not_carried_by

    g = json.loads((GOLDEN / "document.json").read_text(encoding="utf-8"))
    assert not_carried_by(GOLDEN, "shengsi-2024-worklist-calc.pdf") == {"doc_number", "issuer", "issue_date"}
    assert not_carried_by(GOLDEN, "shengsi-2024-worklist.pdf") == frozenset()
    lacking = dict(g, source_format="pdf", doc_number=None)
    assert diff_documents(lacking, g, not_carried_by(GOLDEN, "shengsi-2024-worklist-calc.pdf")) == []
    assert diff_documents(lacking, g, not_carried_by(GOLDEN, "shengsi-2024-worklist.pdf"))
    wrong = dict(g, source_format="pdf", doc_number="嵊七优享办〔2024〕9号")
    assert diff_documents(wrong, g, not_carried_by(GOLDEN, "shengsi-2024-worklist-calc.pdf"))


def _first_milestone_with(g: dict, needle: str) -> tuple[dict, dict]:
    for it in g["items"]:
        for m in it["milestones"]:
            if needle in m["text"]:
                return it, m
    raise AssertionError(needle)


def test_an_ocr_forms_text_rules_excuse_punctuation_forms_and_nothing_else() -> None:
    """forms.json: the scan is compared with punctuation by what it is (，/, —/-) and spaces between Chinese and
    Latin ignored; a misread character or number in the same cell is still a difference."""
    from worklist.outputs.golden import differences, form_rules

    rules = form_rules(GOLDEN, "shengsi-2024-worklist-scan.pdf")
    assert rules.text == ("punctuation_form", "cjk_spacing")
    assert form_rules(GOLDEN, "shengsi-2024-worklist.pdf").text == ()  # a text reading: exact
    g = json.loads((GOLDEN / "document.json").read_text(encoding="utf-8"))

    def with_text(old: str, new: str) -> dict:
        d = json.loads(json.dumps(g))
        it, m = _first_milestone_with(d, old)
        m["text"] = m["text"].replace(old, new, 1)
        for q in range(m["quarter_from"], m["quarter_to"] + 1):
            it[f"q{q}"] = m["text"]
        return d

    # the golden's cell (学有优教/重点任务/3, 一季度) as the scan reads it: （ as (, — as -
    ocr_form = with_text("（2022—2025年）", "(2022-2025年）")
    spaced = with_text("MRI海马扫描", "MRI 海马扫描")
    misread = with_text("（2022—2025年）", "（2022—2026年）")
    misword = with_text("MRI海马扫描", "MRI海马扫猫")
    for doc in (ocr_form, spaced):
        assert differences(doc, g, text=rules.text) == []
        assert differences(doc, g)  # exact for every other form
    for doc in (misread, misword):
        [d] = differences(doc, g, text=rules.text)  # once: the milestone, not again its q-column copy
        assert ".milestones[Q" in d.field and d.field.endswith(".text") and d.source_ref is None
        assert d.as_json()["expected"] != d.as_json()["got"]


def test_unknown_text_rules_are_refused(tmp_path) -> None:
    from worklist.outputs.golden import form_rules

    (tmp_path / "forms.json").write_text(json.dumps({"forms": {"a.pdf": {"text": ["fuzzy"]}}}), encoding="utf-8")
    with pytest.raises(ValueError, match="unknown text rule"):
        form_rules(tmp_path, "a.pdf")


def test_diff_json_is_field_expected_got_source_ref(tmp_path) -> None:
    """`diff --format json`: one object per differing field, values as JSON (not pre-formatted strings)."""
    from click.testing import CliRunner

    from tests.paths import SAMPLE
    from worklist.cli import main

    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["convert", str(SAMPLE["txt"]), "-o", str(out)]).exit_code == 0
    golden = tmp_path / "golden" / "g"
    golden.mkdir(parents=True)
    g = json.loads((GOLDEN / "document.json").read_text(encoding="utf-8"))
    g["items"][0]["owners"] = ["某某"]
    (golden / "document.json").write_text(json.dumps(g, ensure_ascii=False), encoding="utf-8")
    res = CliRunner().invoke(main, ["diff", str(out), str(golden), "--format", "json"])
    assert res.exit_code == 1
    [doc] = json.loads(res.stdout)["documents"]
    key = g["items"][0]["item_key"]
    assert doc["differences"] == [{"field": f"{key}.owners", "expected": ["某某"],
                                   "got": doc["differences"][0]["got"], "source_ref": doc["differences"][0]["source_ref"]}]
    assert doc["differences"][0]["got"] != ["某某"] and doc["differences"][0]["source_ref"].startswith("l")
