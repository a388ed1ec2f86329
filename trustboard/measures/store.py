"""The analytic store: a DuckDB file beside the app database.

Every row of every imported file is landed here as received, keyed by the file's hash, so the
lineage of each observation can be traced back to its row and nothing a partner sent is lost.
Record-level extracts and the measures computed from them live here too; they never leave it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import duckdb

LANDING_SCHEMA = """
create table if not exists landed_observations (
    content_hash varchar not null,
    file_name varchar not null,
    row_number integer not null,
    indicator varchar not null,
    period varchar not null,
    breakdown varchar not null,
    value double not null,
    numerator double,
    denominator double,
    status varchar not null,
    landed_at timestamp not null,
    primary key (content_hash, row_number)
)
"""


def connect(path: str | Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(path))
    connection.execute(LANDING_SCHEMA)
    return connection


def land_observations(
    path: str | Path, content_hash: str, file_name: str, rows: Iterable[tuple]
) -> int:
    """Land one file's rows in one transaction; landing the same file again replaces them.

    ``rows`` are (row_number, indicator, period, breakdown, value, numerator, denominator,
    status) tuples.
    """
    now = datetime.now(UTC).replace(tzinfo=None)
    records = [(content_hash, file_name, *row, now) for row in rows]
    connection = connect(path)
    try:
        connection.execute("begin transaction")
        connection.execute("delete from landed_observations where content_hash = ?", [content_hash])
        connection.executemany(
            "insert into landed_observations values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", records
        )
        connection.execute("commit")
    except Exception:
        connection.execute("rollback")
        raise
    finally:
        connection.close()
    return len(records)


def landed_count(path: str | Path, content_hash: str | None = None) -> int:
    connection = connect(path)
    try:
        if content_hash is None:
            return connection.execute("select count(*) from landed_observations").fetchone()[0]
        return connection.execute(
            "select count(*) from landed_observations where content_hash = ?", [content_hash]
        ).fetchone()[0]
    finally:
        connection.close()
