"""Validation end to end: invalid records are reported, never dropped silently; every source cell is accounted
for; `worklist validate` re-checks an emitted dataset (records, GX suite, counts) and writes GX's HTML report.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from worklist.outputs.validate import validate_output
from tests import bad_inputs as bad
from tests.helpers import SAMPLE, doc_dirs as _docs, read_manifest
from worklist.cli import EXIT_INVALID, main


def _patch_rows(monkeypatch: pytest.MonkeyPatch, change) -> None:
    """Run `change(rows)` on the work rows the pipeline builds (after the reader, before the records)."""
    import worklist.pipeline as pipeline

    real = pipeline.build_rows

    def build_rows(layout):
        rows, warnings = real(layout)
        change(rows)
        return rows, warnings

    monkeypatch.setattr(pipeline, "build_rows", build_rows)


# ------------------------------------------------------------------------------- the pipeline's own checks


def test_an_invalid_record_is_reported_with_its_source_ref(monkeypatch: pytest.MonkeyPatch) -> None:
    from worklist.pipeline import convert
    from worklist.outputs.writers import manifest

    def break_row(rows) -> None:
        rows[4].seq = 0  # 序号 0: the Item model says seq >= 1

    _patch_rows(monkeypatch, break_row)
    conv = convert(SAMPLE["txt"])
    assert len(conv.items) == 94  # not written, but…
    [bad_record] = conv.invalid  # …reported, with where it came from
    assert bad_record["table"] == "items" and bad_record["source_ref"] == "l28"
    assert "seq" in bad_record["error"]
    m = manifest(conv)
    assert m["validation"]["success"] is False
    assert m["validation"]["records_invalid"] == conv.invalid


def test_an_invalid_record_fails_the_conversion_and_the_validation(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _patch_rows(monkeypatch, lambda rows: setattr(rows[4], "seq", 0))
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["convert", str(SAMPLE["txt"]), "-o", str(out), "--timeout", "0"])
    assert res.exit_code == EXIT_INVALID
    assert "failed validation" in res.stderr
    ok, lines = validate_output(out)
    assert not ok
    assert any("1 record(s) failed the contract at conversion and are missing (l28)" in line for line in lines)


def test_a_dropped_cell_shows_up_as_unaccounted(monkeypatch: pytest.MonkeyPatch) -> None:
    from worklist.pipeline import ConvertOptions, convert

    lost = {}

    def drop_name(rows) -> None:
        lost["text"] = rows[4].name  # 加快构建浙江特色的“1+1+X”医育结合托育指导体系: in no other cell
        rows[4].name = ""

    _patch_rows(monkeypatch, drop_name)
    conv = convert(SAMPLE["txt"], ConvertOptions(checks="none"))
    cov = conv.coverage
    assert cov["accounted"] == cov["cells"] - 1 and cov["ratio"] < 1
    [cell] = cov["unaccounted"]
    assert cell["text"] == lost["text"] and cell["source_ref"]
    from worklist.outputs.writers import manifest

    assert manifest(conv)["validation"]["coverage"]["unaccounted"] == [cell]


def test_the_sample_accounts_for_every_cell(conversions) -> None:
    cov = conversions("txt").coverage
    assert cov["ratio"] == 1.0 and cov["unaccounted"] == []


# ------------------------------------------------------------------------------------ worklist validate


@pytest.fixture(scope="module")
def emitted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output root with two notices (two counties' lists) and the dataset, made once; tests copy it before
    changing it."""
    src = tmp_path_factory.mktemp("in")
    bad.other_notice(src, 1)
    bad.other_notice(src, 2)
    out = tmp_path_factory.mktemp("emitted") / "out"
    res = CliRunner().invoke(main, ["convert", str(src), "-o", str(out), "--workers", "1", "--timeout", "0"])
    assert res.exit_code == 0, res.stderr
    return out


@pytest.fixture
def out(emitted: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "out"
    shutil.copytree(emitted, dst)
    return dst


def _rewrite(path: Path, change) -> None:
    """Read a Parquet file, change its rows (a list of dicts), write it back with the same schema."""
    t = pq.read_table(path)
    rows = t.to_pylist()
    rows = change(rows) or rows
    pq.write_table(pa.Table.from_pylist(rows, schema=t.schema), path)


def test_validate_accepts_a_good_output(out: Path) -> None:
    ok, lines = validate_output(out)
    assert ok, lines
    docs = _docs(out)
    for d in docs:
        assert any(line.startswith(f"ok    {d.name} (") for line in lines)
    assert any(line.startswith("ok    dataset (2 notices)") for line in lines)
    ok, lines = validate_output(docs[0])
    assert ok and len([x for x in lines if x.startswith("ok")]) == 1
    ok, lines = validate_output(out / "dataset")
    assert ok and len([x for x in lines if x.startswith("ok    dataset/")]) == 2


def test_validate_finds_a_broken_suite_rule(out: Path) -> None:
    doc = _docs(out)[0]

    def duplicate_key(rows):
        rows[1]["item_key"] = rows[0]["item_key"]

    _rewrite(doc / "items.parquet", duplicate_key)
    ok, lines = validate_output(doc)
    assert not ok
    [line] = [x for x in lines if x.startswith("FAIL")]
    assert line.startswith(f"FAIL  {doc.name} (") and "items.item_key.unique failed" in line


def test_validate_finds_an_invalid_record_and_names_its_source(out: Path) -> None:
    doc = _docs(out)[0]

    def late(rows):
        rows[0]["quarter_from"], rows[0]["quarter_to"] = 4, 5  # a fifth quarter

    _rewrite(doc / "milestones.parquet", late)
    ok, lines = validate_output(doc)
    assert not ok
    [line] = [x for x in lines if x.startswith("FAIL")]
    assert "1 record(s) fail the contract: milestones l24: quarter_to" in line
    assert "milestones.quarter_to.range failed" in line


def test_validate_compares_counts_with_the_manifest(out: Path) -> None:
    doc = _docs(out)[0]
    last = pq.read_table(doc / "items.parquet").num_rows
    _rewrite(doc / "items.parquet", lambda rows: rows[:-1])
    _rewrite(doc / "milestones.parquet", lambda rows: [r for r in rows if r["row_id"] != last])
    _rewrite(doc / "targets.parquet", lambda rows: [r for r in rows if r["row_id"] != last])
    ok, lines = validate_output(out)
    assert not ok
    assert any(f"items: {last - 1} rows, the manifest says {last}" in x for x in lines)
    assert any(x.startswith("FAIL  dataset") and "rows differ" in x for x in lines)


def test_validate_reports_a_missing_or_damaged_file(out: Path) -> None:
    doc = _docs(out)[0]
    (doc / "targets.parquet").unlink()
    (doc / "milestones.parquet").write_bytes(b"PAR1 not really")
    ok, lines = validate_output(doc)
    assert not ok
    [line] = [x for x in lines if x.startswith("FAIL")]
    assert "targets.parquet is missing" in line and "milestones.parquet cannot be read" in line


def test_validate_nothing_to_validate(tmp_path: Path) -> None:
    ok, lines = validate_output(tmp_path)
    assert not ok and "no converted document found" in lines[0]


def test_validate_command_exit_codes_and_html_report(out: Path, tmp_path: Path) -> None:
    report = tmp_path / "report" / "checks.html"
    res = CliRunner().invoke(main, ["validate", str(out), "--report", str(report)])
    assert res.exit_code == 0, res.output
    html = report.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "Validation of" in html  # one offline page, no GX site
    assert "<script" not in html and "http" not in html
    assert all(d.name in html for d in _docs(out))
    assert 'href="../' not in html and "great-expectations-web-assets" not in html.split("<style>")[0]

    doc = _docs(out)[0]
    _rewrite(doc / "items.parquet", lambda rows: [dict(r, lead_units=[]) if r["row_id"] == 3 else r for r in rows])
    res = CliRunner().invoke(main, ["validate", str(doc), "--report", str(report)])
    assert res.exit_code == EXIT_INVALID
    assert "items.lead_units.present failed" in res.output
    html = report.read_text(encoding="utf-8")
    assert "failed: 1" in html and "items.lead_units.present" in html  # the rule, and where (source_ref)
    row3 = [r for r in pq.read_table(doc / "items.parquet").to_pylist() if r["row_id"] == 3][0]
    assert f"<td>{row3['source_ref']}</td>" in html


def test_validate_reads_the_batch_manifest_for_failed_inputs(out: Path) -> None:
    m = read_manifest(out)
    m["documents"].append({"path": "in/broken.pdf", "status": "failed", "error": "damaged or truncated PDF"})
    (out / "manifest.json").write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
    ok, lines = validate_output(out)
    assert ok  # no data, nothing to invalidate; but said
    assert "note  in/broken.pdf: not converted (damaged or truncated PDF)" in lines


# ------------------------------------------------------------------------------------ manifests distrusted
# (issue 20) A manifest is a file of the folder like any other: replaced, cut, nested or swollen, it must not
# switch the checks off, nor cost unbounded work.


def _edit_csv_value(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(text.replace("推进", "推迟", 1), encoding="utf-8-sig")


def test_a_replaced_batch_manifest_does_not_excuse_an_edited_dataset(out: Path) -> None:
    (out / "manifest.json").write_text('{"schema_version": "2.1"}', encoding="utf-8")
    _edit_csv_value(out / "dataset" / "items.csv")
    ok, lines = validate_output(out)
    assert not ok, lines
    assert any("OUT/manifest.json" in line and "no hashes of dataset/'s files" in line for line in lines), lines


def test_a_document_manifest_without_hashes_fails_for_a_version_that_writes_them(out: Path) -> None:
    doc = _docs(out)[0]
    m = json.loads((doc / "manifest.json").read_text(encoding="utf-8"))
    assert m["extractor_version"] and m["files"]  # this version writes hashes
    del m["files"]
    (doc / "manifest.json").write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
    ok, lines = validate_output(doc)
    assert not ok and any("no file hashes, though version" in line for line in lines), lines


@pytest.mark.parametrize("version, writes", [("0.1.0", False), ("0.2.0", True), ("1.0.0", True), ("", True),
                                             ("dev", True)])
def test_which_versions_write_hashes(version: str, writes: bool) -> None:
    from worklist.outputs.manifest_schema import writes_hashes

    assert writes_hashes(version) is writes


@pytest.mark.parametrize("change, problem", [
    (lambda m: m.update(counts={"items": "many"}), "'counts' holds values that are not row counts"),
    (lambda m: m.update(files={"items.csv": "abc"}), "'files' holds values that are no SHA-256"),
    (lambda m: m.update(input=[1, 2]), "'input' is missing or not dict"),
    (lambda m: m.pop("doc_id"), "'doc_id' is missing or not str"),
])
def test_a_document_manifest_of_the_wrong_shape_fails(out: Path, change, problem: str) -> None:
    doc = _docs(out)[0]
    m = json.loads((doc / "manifest.json").read_text(encoding="utf-8"))
    change(m)
    (doc / "manifest.json").write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
    ok, lines = validate_output(doc)
    assert not ok and any(problem in line for line in lines), lines


def test_a_deeply_nested_manifest_is_refused_before_parsing(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json as _json

    doc = _docs(out)[0]
    (doc / "manifest.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    monkeypatch.setattr(_json, "loads", lambda *_a, **_k: pytest.fail("a nested manifest was parsed"))
    ok, lines = validate_output(doc)
    assert not ok and any("output JSON depth" in line for line in lines), lines


def test_a_huge_manifest_is_refused_by_its_size_before_it_is_read(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from worklist import budget

    path = out / "manifest.json"
    with open(path, "r+b") as fh:  # sparse: 100 MB on stat, nothing on disk
        fh.truncate(100 * 2**20)
    monkeypatch.setattr(Path, "open", lambda *_a, **_k: pytest.fail("a 100 MB manifest was opened"))
    assert budget.OUT_JSON_BYTES < 100 * 2**20
    from worklist.outputs.layout import json_problem

    why = json_problem(path)
    assert why is not None and "output JSON bytes" in why


def test_a_nested_document_json_is_a_one_line_error_for_compare(out: Path, tmp_path: Path) -> None:
    doc = _docs(out)[0]
    (doc / f"{doc.name}.json").write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    res = CliRunner().invoke(main, ["compare", str(doc), str(_docs(out)[1])])
    assert res.exit_code == 8, (res.exit_code, res.output)
    assert "Traceback" not in res.output and "output JSON depth" in res.output, res.output
