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

# The columns that say which notice a row answers for: every view carries them, so that a database holding
# several notices or years never sums across them without saying so.
NOTICE_COLUMNS = "n.notice_id, n.year, n.region, n.programme, n.title"

# name -> (what it answers, SQL). Each view is one question of the README's "Asking the dataset", answered
# per notice (and so per year); `latest_<view>` answers it for the newest notice of each region and programme.
VIEWS: dict[str, tuple[str, str]] = {
    "notices": (
        "one row per notice in the dataset: its year, region, programme, title, 文号, date and item count",
        """
        SELECT d.notice_id, d.year, d.region, d.programme, d.title, d.doc_number, d.issuer, d.issue_date,
               d.doc_id, (SELECT count(*) FROM items i WHERE i.notice_id = d.notice_id) AS items
        FROM documents d
        ORDER BY d.region, d.programme, d.year, d.notice_id
        """,
    ),
    "latest_notices": (
        "the newest notice of each region and programme (by year, then 成文日期)",
        """
        SELECT * FROM notices
        QUALIFY row_number() OVER (PARTITION BY region, programme
                                   ORDER BY year DESC NULLS LAST, issue_date DESC NULLS LAST, notice_id) = 1
        ORDER BY region, programme
        """,
    ),
    "items_per_category_type": (
        "how many items each 专项 has of each 类型 (e.g. 民生实事 per 专项), per notice",
        f"""
        SELECT {NOTICE_COLUMNS}, i.category, i.type, count(*) AS items
        FROM items i JOIN notices n USING (notice_id)
        GROUP BY ALL ORDER BY n.region, n.year, n.notice_id, i.category, i.type
        """,
    ),
    "indicator_targets_by_quarter": (
        "the targets of every 重点指标 by the quarter they are due (a merged cell's target in its last quarter, "
        "once), one row per notice, item and thing counted (metric and base unit: an item counting two things "
        "has two rows, never two values in one cell); a target written without a unit or a metric takes the "
        "item's only one",
        f"""
        WITH t AS (
            SELECT t.*,
                   coalesce(t.unit_base, CASE WHEN count(DISTINCT t.unit_base) OVER w = 1
                                              THEN max(t.unit_base) OVER w END) AS carried_unit,
                   coalesce(t.metric, CASE WHEN count(DISTINCT t.metric) OVER w = 1
                                           THEN max(t.metric) OVER w END) AS carried_metric
            FROM targets t
            WHERE t.type = '重点指标'
            WINDOW w AS (PARTITION BY t.notice_id, t.item_key)
        )
        PIVOT (
            SELECT {NOTICE_COLUMNS}, t.item_key, t.item_uid, t.category, i.name,
                   coalesce(t.carried_metric, i.name) AS metric, t.carried_unit AS unit_base,
                   'q' || t.quarter_to AS quarter, t.value_base
            FROM t JOIN items i USING (notice_id, item_key) JOIN notices n USING (notice_id)
        ) ON quarter IN ('q1', 'q2', 'q3', 'q4') USING max(value_base)
        GROUP BY notice_id, year, region, programme, title, item_key, item_uid, category, name, metric, unit_base
        ORDER BY region, year, notice_id, item_key, metric
        """,
    ),
    "lead_unit_items": (
        "how many items each 牵头单位 leads, per notice (an item with two units counts for both)",
        f"""
        SELECT {NOTICE_COLUMNS}, u.unit AS lead_unit, count(*) AS items,
               count(*) FILTER (WHERE u.type = '民生实事') AS livelihood_items
        FROM (SELECT notice_id, type, unnest(lead_units) AS unit FROM items) u JOIN notices n USING (notice_id)
        GROUP BY ALL ORDER BY n.region, n.year, n.notice_id, items DESC, lead_unit
        """,
    ),
    "cumulative_targets_by_quarter": (
        "cumulative (累计) targets in quarter order, per notice, item and metric",
        f"""
        SELECT {NOTICE_COLUMNS}, t.item_key, t.category, t.type, coalesce(t.metric, i.name) AS metric,
               t.quarter_to AS quarter, t.value_base, t.unit_base, t.text
        FROM targets t JOIN items i USING (notice_id, item_key) JOIN notices n USING (notice_id)
        WHERE t.cumulative
        ORDER BY n.region, n.year, n.notice_id, t.item_key, metric, quarter
        """,
    ),
    "schedule_wide": (
        "every item with its four quarters' schedule texts side by side, per notice",
        f"""
        PIVOT (SELECT {NOTICE_COLUMNS}, s.item_key, s.category, s.type, s.name, 'q' || s.quarter AS q, s.text
               FROM schedule s JOIN notices n USING (notice_id))
        ON q IN ('q1', 'q2', 'q3', 'q4') USING first(text)
        GROUP BY notice_id, year, region, programme, title, item_key, category, type, name
        ORDER BY region, year, notice_id, item_key
        """,
    ),
}
PER_NOTICE = ("items_per_category_type", "indicator_targets_by_quarter", "lead_unit_items",
              "cumulative_targets_by_quarter", "schedule_wide")
for _name in PER_NOTICE:
    VIEWS[f"latest_{_name}"] = (
        VIEWS[_name][0] + "; the newest notice of each region and programme only (latest_notices)",
        f"SELECT v.* FROM {_name} v SEMI JOIN latest_notices l USING (notice_id)",
    )


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
                    present.add(name)
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
    """The tables and views a view reads (those it names after FROM/JOIN)."""
    words = sql.replace("(", " ").replace(")", " ").replace(",", " ").split()
    return {w for prev, w in zip(words, words[1:]) if prev.upper() in ("FROM", "JOIN")
            and (w in ("documents", "items", "milestones", "targets", "schedule") or w in VIEWS)}
