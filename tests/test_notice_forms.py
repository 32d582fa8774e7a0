"""Forms of one notice in one batch (issues 17 and 18): the dataset's documents row takes 文号, issuer and date
from whichever form carries them, forms that disagree are one notice with a named warning in the summary, and
the README's `--golden` example passes on the project's own samples (the OCR'd scan by its forms.json rules).
"""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from tests.helpers import read_manifest
from tests.paths import GOLDEN, SAMPLE, SAMPLES
from worklist.cli import main


def test_a_notice_from_its_xlsx_and_html_keeps_its_文号(tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["convert", str(SAMPLE["xlsx"]), str(SAMPLE["html"]), "-o", str(out),
                                    "--workers", "1"])
    assert res.exit_code == 0, res.stderr
    assert "2 files → 1 notice (2024 嵊泗县)" in res.stderr
    [doc] = pd.read_parquet(out / "dataset" / "documents.parquet").to_dict("records")
    assert doc["source_format"] == "xlsx"  # the rows come from the workbook (the registry's preference)
    # the notice's header as the web page prints it (samples/shengsi-2024-worklist.html)
    assert (doc["doc_number"], doc["issue_date"]) == ("嵊七优享办〔2024〕2号", datetime.date(2024, 3, 28))
    assert doc["issuer"] == "嵊泗县公共服务七优享工程工作专班办公室"
    [notice] = read_manifest(out)["notices"]
    assert notice["doc_number"] == "嵊七优享办〔2024〕2号"
    assert notice["metadata"]["doc_number"]["file"] == "shengsi-2024-worklist.html"
    assert notice["metadata"]["title"]["file"] == "shengsi-2024-worklist.xlsx"
    res = CliRunner().invoke(main, ["validate", str(out)])
    assert res.exit_code == 0, res.stdout
    res = CliRunner().invoke(main, ["query", str(out), "select doc_number from notices", "--format", "csv"])
    assert res.stdout.splitlines() == ["doc_number", "嵊七优享办〔2024〕2号"]


def test_forms_that_disagree_are_one_notice_and_the_summary_says_where(tmp_path: Path) -> None:
    """A TXT export whose 责任人 of one row differs from the DOCX's: no date, 文号 or 更正 says it is later,
    so the DOCX is the notice and the summary names the field and both values."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SAMPLE["docx"], src / "notice.docx")
    text = SAMPLE["txt"].read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    # 劳有所得/重点指标/1 安薪指数, 责任人 王峥 (samples/shengsi-2024-worklist.txt, its first row of that group)
    i = next(n for n, ln in enumerate(lines) if ln.startswith("劳有所得\t1\t重点指标"))
    cells = lines[i].rstrip("\n").split("\t")
    owner = cells[-1]
    cells[-1] = "李明"
    lines[i] = "\t".join(cells) + "\n"
    (src / "notice.txt").write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["convert", str(src), "-o", str(out), "--workers", "1"])
    assert res.exit_code == 0, res.stderr
    assert "2 files → 1 notice (2024 嵊泗县)" in res.stderr
    [warning] = [ln for ln in res.stderr.splitlines() if ln.startswith("  warning: notice")]
    assert owner == "王峥"
    assert "劳有所得/重点指标/1.owners" in warning and f'notice.docx says ["{owner}"]' in warning \
        and 'notice.txt says ["李明"]' in warning
    [notice] = read_manifest(out)["notices"]
    assert [s["format"] for s in notice["sources"] if s["in_dataset"]] == ["docx"]
    assert not any(s["superseded"] for s in notice["sources"])
    assert notice["disagreements"][0]["fields"][0]["this_form"] == ["李明"]


@pytest.mark.slow
def test_the_readme_golden_example_exits_0_on_the_samples(tmp_path: Path) -> None:
    """`worklist convert samples/ -o out/ --golden samples/golden/` (README): every form, the OCR'd scan
    included, matches the golden as forms.json says it is compared."""
    res = CliRunner().invoke(main, ["convert", str(SAMPLES), "-o", str(tmp_path / "out"), "--golden",
                                    str(GOLDEN.parent), "--format", "json"])
    summary = json.loads(res.stdout)
    assert res.exit_code == 0, [d for d in summary["golden"]["documents"] if d["status"] != "matches"]
    scan = next(d for d in summary["golden"]["documents"] if "scan" in d["document"])
    assert scan["status"] == "matches" and scan["compared"] == "text: punctuation_form, cjk_spacing"
