"""`worklist query`: SQL over OUT/worklist.duckdb through DuckDB's Python API, so that the README's questions
work with what `pip install` brought (no DuckDB command line), and their answers print as a table for
people or as CSV/JSON for programs.

The database is opened read-only: a query never changes OUT, and a batch writing a new database (which it
moves into place in one rename) is not disturbed.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import json
import unicodedata
from pathlib import Path
from typing import Any

from worklist.outputs.database import DATABASE_FILE


class QueryError(Exception):
    """No database to ask, or DuckDB refused the SQL (the message is DuckDB's first line)."""


def database_path(out: Path) -> Path:
    """OUT/worklist.duckdb, or the file itself when given."""
    out = Path(out)
    return out if out.is_file() else out / DATABASE_FILE


def run_query(out: Path, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """(column names, rows) of `sql` on the database of `out`."""
    import duckdb

    db = database_path(out)
    if not db.is_file():
        raise QueryError(f"no {DATABASE_FILE} here (worklist convert writes it into OUT)")
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error as exc:
        raise QueryError(f"{db.name} cannot be opened ({_first_line(exc)})") from None
    try:
        cur = con.execute(sql)
        if cur.description is None:
            return [], []
        return [d[0] for d in cur.description], cur.fetchall()
    except duckdb.Error as exc:
        raise QueryError(f"SQL error: {_first_line(exc)}") from None
    finally:
        con.close()


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _plain(v: Any) -> Any:
    """A DuckDB value as JSON holds it (dates as ISO text, decimals as numbers)."""
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    return v


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return "、".join(_cell(x) for x in v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v)) if abs(v) < 1e15 else str(v)
    return str(_plain(v))


def _width(text: str) -> int:
    """Columns a terminal gives the text (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def render(columns: list[str], rows: list[tuple[Any, ...]], fmt: str) -> str:
    """The answer as `table` (aligned, CJK-aware), `csv` or `json`."""
    if fmt == "json":
        return json.dumps([dict(zip(columns, (_plain(v) for v in r))) for r in rows], ensure_ascii=False,
                          indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        w.writerows([[_cell(v) for v in r] for r in rows])
        return buf.getvalue()
    if not columns:
        return ""
    cells = [columns] + [[_cell(v).replace("\n", " ") for v in r] for r in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(columns))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
