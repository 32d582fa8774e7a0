"""Issue 18's held-out check: one output folder holding two years of one county's list
(tests/fixtures/years/, three changes made by hand — see its README). Every view answers once per notice and
year, the data package validates with frictionless itself, `compare` inside the folder reports exactly the
three changes, `query` answers from the tool, and the types are the contract's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from tests.helpers import ROOT
from tests.paths import FIXTURES
from worklist.cli import main

YEARS = FIXTURES / "years"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("two-years") / "out"
    res = CliRunner().invoke(main, ["convert", str(YEARS / "yunxi-2024.txt"), str(YEARS / "yunxi-2025.txt"),
                                    "-o", str(out), "--workers", "1"])
    assert res.exit_code == 0, res.stderr
    assert "2 files → 2 notices (2024 云溪县; 2025 云溪县)" in res.stderr
    return out


def _sql(out: Path, sql: str) -> list[tuple]:
    import duckdb

    con = duckdb.connect(str(out / "worklist.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_views_answer_once_per_notice_and_year(out: Path) -> None:
    # 县卫健局 leads six items in each year's list (the fixture's rows), not twelve in one
    assert _sql(out, "SELECT year, items FROM lead_unit_items WHERE lead_unit = '县卫健局' ORDER BY year") == [
        (2024, 6), (2025, 6)]
    for view, key in [("items_per_category_type", "category, type"), ("lead_unit_items", "lead_unit"),
                      ("indicator_targets_by_quarter", "item_key"), ("schedule_wide", "item_key"),
                      ("cumulative_targets_by_quarter", "item_key, metric, quarter")]:
        dup = _sql(out, f"SELECT notice_id, {key}, count(*) FROM {view} GROUP BY ALL HAVING count(*) > 1")
        assert dup == [], view
        cols = [r[0] for r in _sql(out, f"SELECT column_name FROM (DESCRIBE {view})")]
        assert {"notice_id", "year", "region", "programme", "title"} <= set(cols), view
    # 学有优教/民生实事: one item per year
    assert _sql(out, "SELECT year, items FROM items_per_category_type WHERE category = '学有优教' AND type = '民生实事' "
                     "ORDER BY year") == [(2024, 1), (2025, 1)]


def test_latest_views_hold_the_newest_notice_of_the_region_and_programme(out: Path) -> None:
    assert _sql(out, "SELECT year, region, programme FROM latest_notices") == [(2025, "云溪县", "七优享")]
    assert _sql(out, "SELECT DISTINCT year FROM latest_lead_unit_items") == [(2025,)]
    # 托位使用率's target in the newest list: >65% (yunxi-2025.txt), due in the fourth quarter, once
    assert _sql(out, "SELECT unit_base, q1, q2, q3, q4 FROM latest_indicator_targets_by_quarter "
                     "WHERE name = '托位使用率'") == [("%", None, None, None, 65.0)]


def test_frictionless_validates_the_data_package(out: Path) -> None:
    from frictionless import validate

    report = validate(str(out / "dataset" / "datapackage.json"))
    errors = [(t.name, e.type, getattr(e, "field_name", None)) for t in report.tasks for e in t.errors]
    assert report.valid, errors[:10]


def test_compare_inside_one_out_reports_exactly_the_three_changes(out: Path) -> None:
    res = CliRunner().invoke(main, ["compare", str(out), "--old", "2024", "--new", "2025", "--format", "json"])
    assert res.exit_code == 0, res.stderr
    got = json.loads(res.stdout)
    assert (got["old"]["year"], got["new"]["year"]) == (2024, 2025)
    changes = sorted((c["kind"], c["new_key"], c["name"], c["old_text"], c["new_text"]) for c in got["changes"])
    assert changes == sorted([  # the README of tests/fixtures/years, written by hand
        ("target_raised", "幼有善育/重点指标/1", "托位使用率", ">63%", ">65%"),
        ("owners_changed", "病有良医/民生实事/1", "新建村级卫生室", "李四", "王芳"),
        ("schedule_changed", "学有优教/重点任务/1", "建设智慧校园", "开展中期评估。", "开展中期评估并通报进展。"),
    ])
    sched = next(c for c in got["changes"] if c["kind"] == "schedule_changed")
    assert (sched["quarter_from"], sched["quarter_to"]) == (3, 3)
    # 落实2024年学生资助政策 → 落实2025年学生资助政策 is the list's year: no rename, no schedule change
    assert not [c for c in got["changes"] if "资助" in (c["name"] or "")]


def test_compare_text_names_every_item_and_html_shows_old_and_new(out: Path, tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["compare", str(out), "--old", "2024", "--new", "2025", "-o", str(tmp_path)])
    assert res.exit_code == 0, res.stderr
    lines = [ln for ln in res.stdout.splitlines() if ln.startswith("  ")]
    assert len(lines) == 3 and all(("托位使用率" in ln) or ("新建村级卫生室" in ln) or ("建设智慧校园" in ln)
                                   for ln in lines)
    page = (tmp_path / "compare.html").read_text(encoding="utf-8")
    assert "<td class='old'>李四</td><td class='new'>王芳</td>" in page and "责任人变更" in page
    assert "<svg" in page  # the target value old vs new
    assert json.loads((tmp_path / "compare.json").read_text(encoding="utf-8"))["counts"]["owners_changed"] == 1


@pytest.mark.parametrize(("args", "message"), [
    (["--old", "2023", "--new", "2025"], "no notice of '2023' here"),
    (["--old", "2024"], "give NEW, or --old and --new"),
])
def test_compare_in_one_out_says_what_is_missing(out: Path, args: list[str], message: str) -> None:
    res = CliRunner().invoke(main, ["compare", str(out), *args])
    assert res.exit_code == 64 and message in res.stderr and "Traceback" not in res.stderr


def test_query_answers_from_the_tool(out: Path) -> None:
    res = CliRunner().invoke(main, ["query", str(out), "select count(*) as n from items"])
    assert res.exit_code == 0 and res.stdout.splitlines()[2].strip() == "20"  # ten rows in each year's list
    res = CliRunner().invoke(main, ["query", str(out), "select year, count(*) as n from items group by year "
                                                       "order by year", "--format", "json"])
    assert json.loads(res.stdout) == [{"year": 2024, "n": 10}, {"year": 2025, "n": 10}]
    res = CliRunner().invoke(main, ["query", str(out), "select year, title from notices order by year",
                                    "--format", "csv"])
    assert res.stdout.splitlines()[1] == "2024,2024年云溪县公共服务“七优享”工程工作清单"
    res = CliRunner().invoke(main, ["query", str(out), "select * from no_such_table"])
    assert res.exit_code == 64 and res.stderr.startswith("error: ") and len(res.stderr.splitlines()) == 1


def test_nullable_integers_stay_integers_and_every_table_has_a_schema(out: Path) -> None:
    sched = pd.read_parquet(out / "dataset" / "schedule.parquet")
    assert str(sched["quarter_from"].dtype) == "Int64" and str(sched["year"].dtype) == "Int64"
    for table in ("documents", "items", "milestones", "targets", "schedule"):
        res = CliRunner().invoke(main, ["schema", "--table", table])
        assert res.exit_code == 0 and table in json.loads(res.stdout)["description"]


def test_a_merged_target_is_due_once_in_its_last_quarter(out: Path) -> None:
    """One meaning of "targets by quarter": 年度指标>63% is merged over the four quarters (yunxi-2024.txt):
    the schedule repeats its text, and shows the target in the fourth quarter only."""
    sched = pd.read_parquet(out / "dataset" / "schedule.parquet")
    row = sched[(sched["year"] == 2024) & (sched["name"] == "托位使用率")].sort_values("quarter")
    assert row["text"].tolist() == ["年度指标>63%"] * 4
    assert row["target_value"].isna().tolist() == [True, True, True, False]
    assert row["target_value"].iloc[3] == 63.0 and [list(t) for t in row["targets"]] == [[], [], [], [">63%"]]


def _readme_sql() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = text.split("```sql")[1:]
    out = []
    for b in blocks:
        body = b.split("```")[0]
        for q in body.split(";"):
            q = "\n".join(ln for ln in q.splitlines() if not ln.strip().startswith("--")).strip()
            if q:
                out.append(q)
    return out


def test_the_readme_queries_answer_per_notice_on_two_years(out: Path) -> None:
    """Each README query names its notice or year (a filter, or the year/notice columns), so on an OUT of
    two years it never sums across them."""
    queries = _readme_sql()
    assert len(queries) >= 5
    for q in queries:
        assert "year" in q or "notice_id" in q or "latest_" in q, q
        assert _sql(out, q), q
