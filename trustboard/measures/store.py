"""The analytic store: a DuckDB file beside the app database.

Every row of every imported file is landed here as received, keyed by the file's hash, so the
lineage of each observation can be traced back to its row and nothing a partner sent is lost.
Record-level extracts and the measures computed from them live here too; they never leave it.
Their identifiers arrive here only as salted hashes (see :func:`pseudonymise`); the salt lives in
a file beside the store, never inside it, so a copy of the store alone cannot be re-identified by
hashing a list of known case numbers.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb

from trustboard.measures.sources import SOURCES, ColumnType, Source

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


RECORD_BATCHES_SCHEMA = """
create table if not exists record_batches (
    content_hash varchar primary key,
    source varchar not null,
    file_name varchar not null,
    rows integer not null,
    restated integer not null,
    imported_at timestamp not null
)
"""

RECORD_COVERAGE_SCHEMA = """
create table if not exists record_coverage (
    batch_hash varchar not null,
    source varchar not null,
    la_code varchar not null,
    first_day date not null,
    last_day date not null
)
"""
"""The span each statutory return is the whole truth about, per source and area: a return for
2023/24 says who was looked after at every month end of that year, and nothing of the years
before, though its episodes may have started then."""

SALT_FILE = "pseudonym.salt"
SALT_BYTES = 32


def connect(path: str | Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(path))
    connection.execute(LANDING_SCHEMA)
    ensure_record_tables(connection)
    return connection


def _record_table_sql(source: Source) -> str:
    # Required columns are not null so that a bug in an importer cannot store a half record.
    columns = [
        f'"{c.name}" {c.sql_type}' + (" not null" if c.stored_not_null else "")
        for c in source.columns
    ]
    columns.append("batch_hash varchar not null")
    return f'create table if not exists "{source.name}" (\n    ' + ",\n    ".join(columns) + "\n)"


def ensure_record_tables(connection: duckdb.DuckDBPyConnection) -> None:
    """Create a table per record source (and the batch log) if missing, and bring a table made
    by an earlier release up to its schema.

    A column added to a schema since is added to the existing table (empty for the records
    already there); a column that has since become optional (a plan's category, which a child
    in need plan lacks) loses its "not null". So an installation keeps its data across
    upgrades, and every step is safe to repeat.
    """
    connection.execute(RECORD_BATCHES_SCHEMA)
    connection.execute(RECORD_COVERAGE_SCHEMA)
    existing: dict[str, dict[str, bool]] = {}
    for table, column, nullable in connection.execute(
        "select table_name, column_name, is_nullable from information_schema.columns "
        "where table_schema = current_schema()"
    ).fetchall():
        existing.setdefault(table, {})[column] = nullable == "YES"
    for source in SOURCES.values():
        if source.name not in existing:
            connection.execute(_record_table_sql(source))
            continue
        for column in source.columns:
            have = existing[source.name]
            if column.name not in have:
                connection.execute(
                    f'alter table "{source.name}" add column "{column.name}" {column.sql_type}'
                )
            elif not column.stored_not_null and not have[column.name]:
                connection.execute(
                    f'alter table "{source.name}" alter column "{column.name}" drop not null'
                )


def _salt_path(data_dir_or_path: str | Path) -> Path:
    path = Path(data_dir_or_path)
    return path / SALT_FILE if path.is_dir() else path.parent / SALT_FILE


def salt(data_dir_or_path: str | Path) -> bytes:
    """The installation's secret for pseudonyms, made on first use.

    Pass the data directory or the DuckDB file's path (which need not exist yet). The salt must
    stay the same for the life of the store: a new one would give every child a new pseudonym
    and break the joins between sources, so a damaged file is an error, never silently replaced.
    """
    path = _salt_path(data_dir_or_path)
    try:
        # Exclusive create: two first imports at once cannot end up with different salts.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(descriptor, "wb") as file:
            file.write(secrets.token_bytes(SALT_BYTES))
            file.flush()
            os.fsync(file.fileno())
    value = path.read_bytes()
    if len(value) != SALT_BYTES:
        raise RuntimeError(
            f"{path} is damaged ({len(value)} bytes, expected {SALT_BYTES}): restore it from a "
            "backup; a new salt would give every child a new pseudonym"
        )
    return value


def pseudonymise(salt: bytes, la_code: str, identifier: str) -> str:
    """The stored stand-in for a case system's identifier.

    The area code is part of the hash so that two councils' case numbers cannot collide in a
    regional store; the same identifier in two sources of one area gives the same pseudonym, so
    measures can join a child's contacts, assessments and plans.
    """
    return hashlib.sha256(salt + la_code.encode() + b":" + identifier.encode()).hexdigest()


def record_count(path: str | Path, source: str) -> int:
    """How many records of a source the store holds (for summaries and tests)."""
    if source not in SOURCES:
        raise KeyError(f"no record source {source!r}")
    connection = connect(path)
    try:
        return connection.execute(f'select count(*) from "{source}"').fetchone()[0]
    finally:
        connection.close()


def coverage(path: str | Path) -> dict[str, list[tuple[date, date]]]:
    """Per source, the spans the stored returns cover, touching spans joined (2022/23 and
    2023/24 are one span): which periods a count of that source can be trusted for. A source
    with no return (only extracts) has none, and its periods come from its records."""
    connection = connect(path)
    try:
        found = connection.execute(
            "select distinct source, first_day, last_day from record_coverage "
            "where batch_hash in (select content_hash from record_batches) order by all"
        ).fetchall()
    finally:
        connection.close()
    spans: dict[str, list[tuple[date, date]]] = {}
    for source, first, last in found:
        joined = spans.setdefault(source, [])
        if joined and first <= joined[-1][1] + timedelta(days=1):
            joined[-1] = (joined[-1][0], max(last, joined[-1][1]))
        else:
            joined.append((first, last))
    return spans


def dates_out_of_range(
    path: str | Path, earliest: date, latest: date
) -> list[tuple[str, str, int]]:
    """(source, column, how many records) for every date column holding a date outside
    ``earliest`` to ``latest``. Imports refuse such dates now; a store filled by an earlier
    release may still hold one (a case system's 0001-01-01 or 9999-12-31), and the measures
    must not run over it."""
    connection = connect(path)
    try:
        found = []
        for source in SOURCES.values():
            dates = [c.name for c in source.columns if c.type is ColumnType.DATE]
            # One pass over each source, every date column counted in it: at national scale a
            # scan of MASH contacts is the costly part of a run.
            counts = connection.execute(
                "select "
                + ", ".join(f'count(*) filter (where "{c}" < $1 or "{c}" > $2)' for c in dates)
                + f' from "{source.name}"',
                [earliest, latest],
            ).fetchone()
            found += [(source.name, c, n) for c, n in zip(dates, counts, strict=True) if n]
        return found
    finally:
        connection.close()


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
