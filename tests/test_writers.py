"""Writers: typed Parquet, Excel-friendly CSV, nested JSON, atomic folders."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from worklist.outputs.writers import arrow_schema, write_conversion, write_dataset


@pytest.fixture(scope="module")
def written(tmp_path_factory, conversions) -> Path:
    out = tmp_path_factory.mktemp("out")
    return write_conversion(conversions("txt"), out)


def test_folder_layout(written: Path) -> None:
    names = {p.name for p in written.iterdir()}
    for t in ("documents", "items", "milestones", "targets"):
        assert {f"{t}.parquet", f"{t}.csv"} <= names
    assert {f"{written.name}.json", "manifest.json"} <= names
    assert not [p for p in written.parent.iterdir() if p.name.startswith(".")]


def test_parquet_types_follow_the_contract(written: Path) -> None:
    items = pq.read_table(written / "items.parquet")
    assert items.schema.equals(arrow_schema("items"), check_metadata=False)
    df = pd.read_parquet(written / "items.parquet")
    assert str(df["row_id"].dtype) == "int64" and str(df["seq"].dtype) == "int64"
    assert list(df.loc[df["item_key"] == "公共服务一体化/重点任务/2.1", "owners"].iloc[0]) == ["韩娜", "陈海明", "孙政"]
    docs = pd.read_parquet(written / "documents.parquet")
    # schema 2.2: a date is a date (Parquet date32, pandas `datetime.date`), not a timestamp at midnight;
    # a nullable integer stays an integer (Int64), not float64
    assert pq.read_schema(written / "documents.parquet").field("issue_date").type == pa.date32()
    import datetime

    assert docs["issue_date"].iloc[0] == datetime.date(2024, 3, 28)  # the notice's 成文日期
    assert str(docs["year"].dtype) == "Int64" and str(df["year"].dtype) == "Int64"
    sched = pd.read_parquet(written / "schedule.parquet")
    assert str(sched["quarter_from"].dtype) == "Int64" and str(sched["quarter_to"].dtype) == "Int64"
    assert sched["quarter_from"].isna().any()  # quarters no milestone covers: <NA>, the rest integers
    t = pd.read_parquet(written / "targets.parquet")
    assert str(t["value"].dtype) == "float64" and str(t["cumulative"].dtype) == "bool"


def test_csv_has_bom_and_joined_lists(written: Path) -> None:
    raw = (written / "items.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "韩娜、陈海明、孙政" in text
    assert "县公共服务七优享工程工作专班办公室、县民政局、县住建局" in text


def test_nested_json_and_manifest(written: Path) -> None:
    doc = json.loads((written / f"{written.name}.json").read_text(encoding="utf-8"))
    assert doc["doc_id"] == written.name and len(doc["items"]) == 95
    assert {"milestones", "targets"} <= set(doc["items"][0])
    man = json.loads((written / "manifest.json").read_text(encoding="utf-8"))
    assert man["counts"]["items"] == 95
    assert man["validation"]["coverage"]["ratio"] == 1.0
    assert set(man["timings"]) >= {"read", "grid", "rows", "normalize"}


def test_failed_write_leaves_nothing(tmp_path: Path, conversions, monkeypatch) -> None:
    import worklist.outputs.writers as w

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(w, "nested_json", boom)
    with pytest.raises(OSError):
        write_conversion(conversions("txt"), tmp_path)
    assert [p for p in tmp_path.rglob("*") if p.name != "docs"] == []  # at most the empty OUT/docs/


def test_dataset_reads_in_one_call(tmp_path: Path, conversions) -> None:
    d = write_conversion(conversions("txt"), tmp_path)
    write_dataset(tmp_path, [d])
    df = pd.read_parquet(tmp_path / "dataset" / "items.parquet")
    assert len(df) == 95


def test_writers_leave_pandas_unimported_and_pyarrow_pandas_working() -> None:
    """Writing does not pay for importing pandas; pyarrow's pandas support still works afterwards."""
    import subprocess
    import sys

    code = (
        "import sys, io\n"
        "import worklist.outputs.writers\n"
        "import pyarrow as pa, pyarrow.parquet as pq\n"
        "t = worklist.outputs.writers.to_arrow('documents', [])\n"
        "assert 'pandas' not in sys.modules\n"
        "buf = io.BytesIO(); pq.write_table(pa.table({'a': [1]}), buf); buf.seek(0)\n"
        "assert pq.read_table(buf).to_pandas().shape == (1, 1)\n"
        "import pandas as pd\n"
        "assert pa.Table.from_pandas(pd.DataFrame({'a': [1]})).num_rows == 1\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
