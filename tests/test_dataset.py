"""The dataset analysts and CI read (issue 13): every notice once, keys in every table, a DuckDB database whose
views answer the common questions in one query, CI formats for `diff`/`validate`, CSV safety.

One batch is converted per module: the TXT sample twice (two files of one notice), another county's list
(a different notice), and the DOCX of the sample (a third form of the first notice).
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from tests import bad_inputs as bad
from tests.helpers import GOLDEN, ROOT, SAMPLE, doc_dirs, read_manifest
from worklist.cli import main


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("in")
    bad.txt_variant(src, 1)
    bad.txt_variant(src, 2)
    shutil.copy(SAMPLE["docx"], src / "notice.docx")
    bad.other_notice(src, 3)
    out = tmp_path_factory.mktemp("emitted") / "out"
    res = CliRunner().invoke(main, ["convert", str(src), "-o", str(out), "--workers", "1", "--json"])
    assert res.exit_code == 0, res.stderr
    (out.parent / "convert.json").write_text(res.stdout, encoding="utf-8")
    return out


def test_documents_live_under_docs_and_the_dataset_holds_each_notice_once(out: Path) -> None:
    assert sorted(p.name for p in out.iterdir()) == ["dataset", "docs", "manifest.json", "worklist.duckdb"]
    assert len(doc_dirs(out)) == 4
    items = pd.read_parquet(out / "dataset" / "items.parquet")
    assert items.groupby("notice_id").size().tolist() == [95, 95]
    notices = read_manifest(out)["notices"]
    assert sorted(len(n["sources"]) for n in notices) == [1, 3]
    three = next(n for n in notices if len(n["sources"]) == 3)
    assert all(s["agrees"] for s in three["sources"])
    assert [s["format"] for s in three["sources"] if s["in_dataset"]] == ["docx"]  # structure-carrying form first


def test_keys_in_every_table_and_dates_as_dates(out: Path) -> None:
    ds = out / "dataset"
    for table in ("milestones", "targets", "schedule"):
        df = pd.read_parquet(ds / f"{table}.parquet")
        assert {"notice_id", "item_key", "item_uid", "category", "type", "year"} <= set(df.columns), table
        assert df["item_key"].notna().all()
    import datetime

    import pyarrow as pa
    import pyarrow.parquet as pq

    docs = pd.read_parquet(ds / "documents.parquet")
    assert pq.read_schema(ds / "documents.parquet").field("issue_date").type == pa.date32()  # a date, schema 2.2
    assert all(isinstance(d, datetime.date) for d in docs["issue_date"].dropna())
    sched = pd.read_parquet(ds / "schedule.parquet")
    assert len(sched) == 4 * len(pd.read_parquet(ds / "items.parquet"))


def test_a_wide_quarterly_table_is_one_pivot(out: Path) -> None:
    sched = pd.read_parquet(out / "dataset" / "schedule.parquet")
    wide = sched.pivot_table(index=["notice_id", "item_key"], columns="quarter", values="text", aggfunc="first")
    assert list(wide.columns) == [1, 2, 3, 4]
    # the sample's first 重点任务 item: its four quarters as the notice writes them (schedule cells of 幼有善育/重点任务/1)
    row = wide.xs("幼有善育/重点任务/1", level="item_key").iloc[0]
    assert row[1].startswith("全面实施《浙江省“十四五”托育服务发展规划》") and row[4] == "总结提炼创新亮点。"


def test_item_uid_survives_an_inserted_row() -> None:
    from worklist.normalize.identity import item_uid_for

    assert item_uid_for("幼有善育", "重点任务", "推进普惠托育服务体系建设") == \
        item_uid_for("幼有善育", "重点任务", "推进普惠托育服务体系建设。")  # punctuation is not identity
    assert item_uid_for("幼有善育", "重点任务", "A") != item_uid_for("幼有善育", "民生实事", "A")


@pytest.mark.parametrize(("title", "same_as_list_title"), [
    ("2024年嵊泗县公共服务“七优享”工程工作清单", True),
    ("关于印发《2024年嵊泗县公共服务“七优享”工程工作清单》的通知", True),
    ("2024年嵊泗县公共服务七优享工程工作清单", True),  # quotes differ
    ("2025年嵊泗县公共服务“七优享”工程工作清单", False),
])
def test_notice_id_comes_from_the_list_title(title: str, same_as_list_title: bool) -> None:
    from worklist.normalize.identity import notice_id_for

    base = notice_id_for(title="2024年嵊泗县公共服务“七优享”工程工作清单", year=2024, region="嵊泗县",
                         doc_number=None, doc_id="x")
    year = int(title[title.find("20"):title.find("20") + 4])
    got = notice_id_for(title=title, year=year, region="嵊泗县", doc_number="嵊七优享办〔2024〕2号", doc_id="y")
    assert (got == base) is same_as_list_title


def _readme_sql() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", text, flags=re.S)
    statements = []
    for b in blocks:
        for q in b.split(";"):
            q = "\n".join(line for line in q.splitlines() if not line.strip().startswith("--")).strip()
            if q:
                statements.append(q)
    return statements


def test_the_readme_queries_run_on_the_database(out: Path) -> None:
    import duckdb

    queries = _readme_sql()
    assert len(queries) >= 5
    con = duckdb.connect(str(out / "worklist.duckdb"), read_only=True)
    try:
        for q in queries:
            rows = con.execute(q).fetchall()
            assert rows, q
    finally:
        con.close()


def test_views_answer_the_questions(out: Path) -> None:
    import duckdb

    con = duckdb.connect(str(out / "worklist.duckdb"), read_only=True)
    try:
        per = dict(con.execute("SELECT category, items FROM items_per_category_type WHERE type = '民生实事' "
                               "AND region = '嵊泗县'").fetchall())
        items = pd.read_parquet(out / "dataset" / "items.parquet")
        sample = items[items["notice_id"] == items["notice_id"].iloc[0]]
        expected = sample[sample["type"] == "民生实事"].groupby("category").size().to_dict()
        got_notice = con.execute("SELECT notice_id FROM documents WHERE region = '嵊泗县'").fetchone()[0]
        assert got_notice == items["notice_id"].iloc[0] or per  # the view covers the region's notice
        units = con.execute("SELECT lead_unit, items FROM lead_unit_items ORDER BY items DESC LIMIT 1").fetchone()
        assert units[1] > 1
        cum = con.execute("SELECT count(*) FROM cumulative_targets_by_quarter").fetchone()[0]
        assert cum == int(pd.read_parquet(out / "dataset" / "targets.parquet")["cumulative"].sum())
    finally:
        con.close()
    assert per == expected or sum(per.values()) == sum(expected.values())


def test_parquet_files_carry_the_schema_version_and_column_descriptions(out: Path) -> None:
    import pyarrow.parquet as pq

    from worklist.schemas.models import SCHEMA_VERSION

    schema = pq.read_schema(out / "dataset" / "items.parquet")
    assert schema.metadata[b"schema_version"].decode() == SCHEMA_VERSION
    assert "专项名称" in schema.field("category").metadata[b"description"].decode()


def test_datapackage_describes_the_csvs_with_foreign_keys(out: Path) -> None:
    pkg = json.loads((out / "dataset" / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"]: r for r in pkg["resources"]}
    assert set(names) == {"documents", "items", "milestones", "targets", "schedule"}
    for name, r in names.items():
        assert (out / "dataset" / r["path"]).exists()
        import csv

        with open(out / "dataset" / r["path"], encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh))
        assert header == [f["name"] for f in r["schema"]["fields"]], name
    assert names["targets"]["schema"]["foreignKeys"][0]["reference"]["resource"] == "items"


def test_csv_guards_formula_cells_and_parquet_keeps_them(out: Path) -> None:
    import csv

    with open(out / "dataset" / "targets.csv", encoding="utf-8-sig", newline="") as fh:
        comparators = {row["comparator"] for row in csv.DictReader(fh)}
    assert "'=" in comparators and "=" not in comparators
    assert "=" in set(pd.read_parquet(out / "dataset" / "targets.parquet")["comparator"])


def test_convert_json_summary(out: Path) -> None:
    s = json.loads((out.parent / "convert.json").read_text(encoding="utf-8"))
    assert s["exit_code"] == 0 and s["summary"]["converted"] == 4 and len(s["notices"]) == 2


def test_diff_pairs_by_notice_and_says_when_there_is_no_golden(out: Path) -> None:
    res = CliRunner().invoke(main, ["diff", str(out), str(GOLDEN.parent), "--format", "json"])
    assert res.exit_code == 11, res.output  # the other county's notice has no golden; none differs
    docs = json.loads(res.stdout)["documents"]
    assert sorted(d["status"] for d in docs) == ["matches", "matches", "matches", "no-golden"]
    res = CliRunner().invoke(main, ["diff", str(out), str(GOLDEN.parent), "--format", "junit"])
    suite = ET.fromstring(res.stdout).find("testsuite")
    assert suite.get("tests") == "4" and suite.get("skipped") == "1" and suite.get("failures") == "0"


def test_validate_formats_and_offline_report(out: Path, tmp_path: Path) -> None:
    report = tmp_path / "checks.html"
    res = CliRunner().invoke(main, ["validate", str(out), "--format", "junit", "--report", str(report)])
    assert res.exit_code == 0, res.output
    suite = ET.fromstring(res.stdout).find("testsuite")
    assert suite.get("failures") == "0" and int(suite.get("tests")) == 5  # 4 documents and the dataset
    page = report.read_text(encoding="utf-8")
    assert "<script" not in page and not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//|@import""", page)
    res = CliRunner().invoke(main, ["validate", str(out), "--format", "json"])
    assert json.loads(res.stdout)["ok"] is True


def test_validate_knows_a_renamed_document_folder_by_its_manifest(out: Path, tmp_path: Path) -> None:
    from worklist.outputs.validate import validate_output

    copy = tmp_path / "copy"
    shutil.copytree(doc_dirs(out)[0], copy)
    ok, lines = validate_output(copy)
    assert ok, lines


def test_validate_report_puts_failures_first_with_source_refs(out: Path, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from worklist.outputs.validate import validate_output

    broken = tmp_path / "out"
    shutil.copytree(out, broken)
    doc = doc_dirs(broken)[-1]
    t = pq.read_table(doc / "items.parquet")
    rows = t.to_pylist()
    rows[5]["item_key"] = rows[4]["item_key"]  # a duplicate key
    pq.write_table(pa.Table.from_pylist(rows, schema=t.schema), doc / "items.parquet")
    report = tmp_path / "r.html"
    ok, _ = validate_output(doc, report=report)
    assert not ok
    page = report.read_text(encoding="utf-8")
    assert "items.item_key.unique" in page and rows[5]["source_ref"] in page


NO_GX = """
import sys
class _NoGX:
    def find_spec(self, name, *a):
        if name == "great_expectations" or name.startswith("great_expectations."):
            raise ImportError("No module named 'great_expectations'")
sys.meta_path.insert(0, _NoGX())
import importlib.util
importlib.util.find_spec = (lambda f: (lambda n, *a: None if n.startswith("great_expectations") else f(n, *a)))(
    importlib.util.find_spec)
from worklist.cli import main
main()
"""


def test_default_install_without_great_expectations_converts_and_validates(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "out"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", NO_GX, *args], capture_output=True, text=True, timeout=120)

    assert run("convert", str(SAMPLE["txt"]), "-o", str(out)).returncode == 0
    res = run("validate", str(out))
    assert res.returncode == 0 and "all 3 ok" not in res.stderr, res.stdout + res.stderr
    res = run("validate", str(out), "--engine", "gx")
    assert res.returncode == 64 and "pip install 'worklist[gx]'" in res.stderr and "Traceback" not in res.stderr
    res = run("convert", str(SAMPLE["txt"]), "-o", str(tmp_path / "o2"), "--checks", "gx")
    assert res.returncode == 64 and "worklist[gx]" in res.stderr


def _doc_folder(root: Path, doc_id: str, fmt: str, *, name: str, modified: str, ocr: bool = False,
                issue_date: str | None = "2024-03-28", doc_number: str | None = None, title: str = "T",
                owners: list[str] | None = None) -> Path:
    folder = root / doc_id
    folder.mkdir(parents=True)
    nested = {"doc_id": doc_id, "notice_id": "n1", "source_format": fmt, "title": title, "issue_date": issue_date,
              "doc_number": doc_number, "source_file": f"{doc_id}.{fmt}",
              "items": [{"item_key": "a/b/1", "name": name, "owners": owners or [], "source_ref": "l20",
                         "milestones": [], "targets": []}]}
    manifest = {"doc_id": doc_id, "input": {"file": f"{doc_id}.{fmt}", "format": fmt, "modified": modified},
                "validation": {"success": True, "coverage": {"ratio": 1.0}}}
    if ocr:
        manifest["ocr"] = {"pages": 1, "low_confidence": []}
    (folder / f"{doc_id}.json").write_text(json.dumps(nested, ensure_ascii=False), encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_a_later_version_supersedes_on_evidence_but_a_misread_scan_never_does(tmp_path: Path) -> None:
    """Issue 17: a later 成文日期 inside the document makes a later version; a later scan is no evidence."""
    from worklist.outputs.dataset import select_notices

    old = _doc_folder(tmp_path, "d1", "docx", name="建设托育园", modified="2024-05-01T00:00:00+00:00")
    new = _doc_folder(tmp_path, "d2", "docx", name="建设托育园（修订）", modified="2024-04-01T00:00:00+00:00",
                      issue_date="2024-04-15")  # written later, although its file is older
    scan = _doc_folder(tmp_path, "d3", "pdf", name="建没托育园", modified="2024-06-01T00:00:00+00:00", ocr=True,
                       issue_date="2024-06-01")
    [notice] = select_notices([old, new, scan])
    assert notice.chosen.doc_id == "d2"
    entry = {s["doc_id"]: s for s in notice.manifest_entry()["sources"]}
    assert entry["d1"]["superseded"] and not entry["d1"]["in_dataset"]
    assert not entry["d3"]["trusted"] and not entry["d3"]["superseded"] and not entry["d3"]["agrees"]
    [alone] = select_notices([scan])  # a scan alone is the notice all the same
    assert alone.chosen.doc_id == "d3"


@pytest.mark.parametrize(("old_meta", "new_meta"), [
    ({"doc_number": "云七优享办〔2024〕1号"}, {"doc_number": "云七优享办〔2024〕2号"}),  # a later 文号 of the series
    ({}, {"title": "2024年云溪县工作清单（更正）"}),  # a correction says so in its title
])
def test_a_later_文号_or_a_correction_title_is_evidence(tmp_path: Path, old_meta: dict, new_meta: dict) -> None:
    from worklist.outputs.dataset import select_notices

    # the old version's file is the newer one: a file time decides nothing
    old = _doc_folder(tmp_path, "d1", "docx", name="建设托育园", modified="2024-06-01T00:00:00+00:00", **old_meta)
    new = _doc_folder(tmp_path, "d2", "docx", name="建设托育园2所", modified="2024-01-01T00:00:00+00:00", **new_meta)
    [notice] = select_notices([old, new])
    assert notice.chosen.doc_id == "d2" and [s.doc_id for s in notice.superseded] == ["d1"]
    assert not notice.warnings


def test_forms_that_disagree_without_evidence_are_one_notice_with_a_named_warning(tmp_path: Path) -> None:
    """Issue 17: no later date, 文号 or 更正: the most trusted form (the registry's preference) is the dataset's,
    whatever the files' times, and the warning names each differing field with both forms' values."""
    from worklist.outputs.dataset import select_notices

    html = _doc_folder(tmp_path, "d1", "html", name="建设托育园", modified="2024-06-01T00:00:00+00:00",
                       owners=["李明"])
    docx = _doc_folder(tmp_path, "d2", "docx", name="建设托育园", modified="2024-01-01T00:00:00+00:00",
                       owners=["董冬"])
    [notice] = select_notices([html, docx])
    assert notice.chosen.doc_id == "d2" and not notice.superseded  # DOCX before HTML, older file or not
    [warning] = notice.warnings
    assert "a/b/1.owners" in warning and "d2.docx says [\"董冬\"]" in warning and "d1.html says [\"李明\"]" in warning
    entry = notice.manifest_entry()
    [dis] = entry["disagreements"]
    assert dis["doc_id"] == "d1" and dis["fields"] == [
        {"field": "a/b/1.owners", "in_dataset": ["董冬"], "this_form": ["李明"], "source_ref": "l20"}]
    assert entry["warnings"] == notice.warnings


def test_notice_metadata_comes_from_every_agreeing_form(tmp_path: Path) -> None:
    """An Excel attachment carries no 文号 or date; the web page of the same notice does: the dataset's row
    has them, and the manifest says which form each came from."""
    from worklist.outputs.dataset import select_notices

    xlsx = _doc_folder(tmp_path, "d1", "xlsx", name="建设托育园", modified="2024-01-01T00:00:00+00:00",
                       issue_date=None)
    html = _doc_folder(tmp_path, "d2", "html", name="建设托育园", modified="2024-01-01T00:00:00+00:00",
                       doc_number="云七优享办〔2024〕1号")
    [notice] = select_notices([xlsx, html])
    assert notice.chosen.doc_id == "d1"
    assert notice.document_values() == {"doc_number": "云七优享办〔2024〕1号", "issue_date": "2024-03-28"}
    meta = notice.manifest_entry()["metadata"]
    assert meta["doc_number"] == {"value": "云七优享办〔2024〕1号", "doc_id": "d2", "file": "d2.html"}
    assert meta["title"]["doc_id"] == "d1"


def test_targets_by_quarter_is_one_row_per_thing_counted_carrying_its_unit(out: Path) -> None:
    """老有康养/重点指标/4 老年健康服务专项评估人数 (the sample): 专项评估 500人以上, 1000人以上, then 1500以上
    without a unit — one row in 人, not a second row for the bare number; the 70人 of 老年糖尿病患者眼底疾病筛查
    in the same second-quarter cell is another thing counted: its own row, never hidden behind a max."""
    import duckdb

    con = duckdb.connect(str(out / "worklist.duckdb"), read_only=True)
    try:
        rows = con.execute("SELECT metric, unit_base, q1, q2, q3, q4 FROM indicator_targets_by_quarter "
                           "WHERE region = '嵊泗县' AND item_key = '老有康养/重点指标/4' ORDER BY q2").fetchall()
    finally:
        con.close()
    assert rows == [("老年糖尿病患者眼底疾病筛查", "人", None, 70.0, None, None),
                    ("专项评估", "人", 500.0, 1000.0, 1500.0, None)]


def test_a_scan_lends_no_metadata_to_a_text_reading(tmp_path: Path) -> None:
    """The scan's 文号 is read by OCR (maybe misread): a workbook without one stays without one."""
    from worklist.outputs.dataset import select_notices

    xlsx = _doc_folder(tmp_path, "d1", "xlsx", name="建设托育园", modified="2024-01-01T00:00:00+00:00",
                       issue_date=None)
    scan = _doc_folder(tmp_path, "d2", "pdf", name="建设托育园", modified="2024-01-01T00:00:00+00:00",
                       doc_number="云七优享办〔2024〕1号", ocr=True)
    [notice] = select_notices([xlsx, scan])
    assert notice.chosen.doc_id == "d1" and "doc_number" not in notice.metadata
    assert notice.document_values() == {}
