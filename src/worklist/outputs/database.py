"""The dataset as an embedded DuckDB database: the tables of the contract plus views for the questions
analysts ask every time, so that `duckdb OUT/worklist.duckdb` or one `duckdb.connect(...)` answers them.

The database is rebuilt from the combined dataset on every batch (it is a cache of the Parquet files, never
the source of truth), written to a temporary file and moved into place, so a reader never sees half of it.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any, Mapping

DATABASE_FILE = "worklist.duckdb"

# name -> (what it answers, SQL). Each view is one question of the README's "Asking the dataset".
VIEWS: dict[str, tuple[str, str]] = {
    "items_per_category_type": (
        "how many items each 专项 has of each 类型 (e.g. 民生实事 per 专项), per notice",
        """
        SELECT i.notice_id, i.year, d.region, i.category, i.type, count(*) AS items
        FROM items i JOIN documents d USING (notice_id)
        GROUP BY ALL ORDER BY i.notice_id, i.category, i.type
        """,
    ),
    "indicator_targets_by_quarter": (
        "the targets of every 重点指标, one row per item, one column per quarter (the target due by then)",
        """
        PIVOT (
            SELECT t.notice_id, t.item_key, t.item_uid, t.category, i.name, t.unit_base,
                   'q' || t.quarter_to AS quarter, t.value_base
            FROM targets t JOIN items i USING (notice_id, item_key)
            WHERE t.type = '重点指标'
        ) ON quarter IN ('q1', 'q2', 'q3', 'q4') USING max(value_base)
        GROUP BY notice_id, item_key, item_uid, category, name, unit_base
        ORDER BY notice_id, item_key
        """,
    ),
    "lead_unit_items": (
        "how many items each 牵头单位 leads (an item with two units counts for both)",
        """
        SELECT notice_id, unit AS lead_unit, count(*) AS items,
               count(*) FILTER (WHERE type = '民生实事') AS livelihood_items
        FROM (SELECT notice_id, type, unnest(lead_units) AS unit FROM items)
        GROUP BY ALL ORDER BY notice_id, items DESC, lead_unit
        """,
    ),
    "cumulative_targets_by_quarter": (
        "cumulative (累计) targets in quarter order, per item and metric",
        """
        SELECT t.notice_id, t.item_key, t.category, t.type, coalesce(t.metric, i.name) AS metric,
               t.quarter_to AS quarter, t.value_base, t.unit_base, t.text
        FROM targets t JOIN items i USING (notice_id, item_key)
        WHERE t.cumulative
        ORDER BY notice_id, item_key, metric, quarter
        """,
    ),
    "schedule_wide": (
        "every item with its four quarters' schedule texts side by side",
        """
        PIVOT (SELECT notice_id, item_key, category, type, name, 'q' || quarter AS q, text FROM schedule)
        ON q IN ('q1', 'q2', 'q3', 'q4') USING first(text)
        GROUP BY notice_id, item_key, category, type, name
        ORDER BY notice_id, item_key
        """,
    ),
}


def write_database(folder: str | Path, tables: Mapping[str, Any]) -> Path:
    """Write `folder/worklist.duckdb` from Arrow tables (name -> pyarrow.Table) and create the views.

    Replaces the previous file in one rename; a failure leaves the previous database in place."""
    import duckdb

    from worklist.outputs.layout import work_name  # the tool's own temporary names (cleaned, never foreign)

    folder = Path(folder)
    final = folder / DATABASE_FILE
    tmp = folder / work_name("tmp", DATABASE_FILE)
    try:
        try:
            con = duckdb.connect(str(tmp))
        except (duckdb.IOException, duckdb.FatalException) as exc:
            raise as_os_error(exc, tmp) from None
        try:
            for name, table in tables.items():
                con.register("_incoming", table)
                con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _incoming')
                con.unregister("_incoming")
            present = set(tables)
            for name, (about, sql) in VIEWS.items():
                if _needs(sql) <= present:
                    con.execute(f'CREATE VIEW "{name}" AS {sql}')
                    con.execute(f"COMMENT ON VIEW \"{name}\" IS '{about.replace(chr(39), chr(39) * 2)}'")
            con.execute("CHECKPOINT")
        except (duckdb.IOException, duckdb.FatalException) as exc:  # a full disk, a lost file: not a bug
            raise as_os_error(exc, tmp) from None
        finally:
            con.close()
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
    return final


def as_os_error(exc: Exception, path: Path) -> OSError:
    """DuckDB's I/O failure as the OSError it is (ENOSPC when the disk is full), so the batch reports exit 73
    like every other write that failed."""
    text = str(exc)
    full = "No space left" in text or "disk full" in text.lower()
    return OSError(errno.ENOSPC if full else errno.EIO, "No space left on device" if full else
                   f"DuckDB could not write ({text.splitlines()[0][:120] if text else type(exc).__name__})", str(path))


def _needs(sql: str) -> set[str]:
    words = set(sql.replace("(", " ").replace(")", " ").replace(",", " ").split())
    return {t for t in ("documents", "items", "milestones", "targets", "schedule") if t in words}
