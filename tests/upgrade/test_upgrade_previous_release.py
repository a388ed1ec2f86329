"""A data folder made by the previous release opens with this code, with nothing lost.

The fixture (``fixtures/release-0.1``) is the app database the previous release wrote, with
every kind of row a partnership has; ``expected.json`` was computed from it with plain SQL.
Each case upgrades a copy the way ``trustboard`` does on start, in a process of its own (this
one's Django is already bound to the test database), reads every row back through the models
at their new homes and compares. It also checks that migrating again changes nothing and that
the models and migrations agree, so that no later start tries to alter the tables.

On PostgreSQL the previous release's database is rebuilt: a fresh database is migrated to the
previous release's migrations only, the fixture's rows are copied in, and the upgrade runs on
that. Without a reachable server the case is skipped, unless ``TRUSTBOARD_REQUIRE_POSTGRES=1``.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
FIXTURE = HERE / "fixtures" / "release-0.1"
CHECK = HERE / "check_upgrade.py"
REQUIRE_POSTGRES = "TRUSTBOARD_REQUIRE_POSTGRES"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return json.loads((FIXTURE / "expected.json").read_text())


def _env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    """The environment of a trustboard process on one data folder (and database)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "TRUSTBOARD_DATA_DIR", "DJANGO_SETTINGS_MODULE"}
    }
    env["TRUSTBOARD_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "trustboard.web.settings"
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _check(*args: str, env: dict[str, str]) -> dict[str, Any]:
    """Run check_upgrade.py in its own process and return the JSON it prints last."""
    done = subprocess.run(
        [sys.executable, str(CHECK), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    if done.returncode != 0:
        pytest.fail(f"check_upgrade.py {' '.join(args)} exited {done.returncode}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _trustboard(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """The command line a partnership runs, on the upgraded folder."""
    done = subprocess.run(
        [sys.executable, "-m", "trustboard.cli", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=_env(data_dir),
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, f"trustboard {args} exited {done.returncode}\n{done.stderr}"
    return done


ADDED_SINCE = {"performance_partnership": ["early_help_measures", "measures_file"]}
"""Columns this release's migrations add to the previous release's tables."""


def _assert_nothing_lost(result: dict[str, Any], expected: dict[str, Any]) -> None:
    """Every table and every content check reads as the old rows did."""
    tables, wanted = result["tables"], expected["tables"]
    assert sorted(tables) == sorted(wanted), (
        f"tables missing: {sorted(set(wanted) - set(tables))}; "
        f"tables new: {sorted(set(tables) - set(wanted))}"
    )
    changed = {name: tables[name] for name in wanted if tables[name] != wanted[name]}
    assert not changed, "tables that do not read as before:\n" + "\n".join(
        f"{name}: now {changed[name]}, was {wanted[name]}" for name in changed
    )
    # Columns added since the previous release hold their defaults; none of the old is gone.
    assert result["added_columns"] == ADDED_SINCE
    differs = [
        name for name in expected["content"] if result["content"][name] != expected["content"][name]
    ]
    assert not differs, "content that does not read as before:\n" + "\n".join(
        f"{name}: now {result['content'][name]}, was {expected['content'][name]}"
        for name in differs
    )


def _assert_upgraded_cleanly(result: dict[str, Any], expected: dict[str, Any]) -> None:
    """The history is kept, nothing is left to apply, a second migrate is a no-op, the
    models match the migrations, each table is served by its model's new home (with its
    content type), and new rows can still be added."""
    after = result["migrations_after"]
    kept = [pair for pair in expected["migrations"] if pair not in after]
    assert not kept, f"recorded migrations lost: {kept}"
    assert result["pending_after"] == []
    second = result["second_migrate"]
    assert "No migrations to apply" in second["output"], second["output"]
    assert second["migrations_after"] == after
    assert second["pending_after"] == []
    assert second["reading_unchanged"], "a second migrate changed what the models read"
    makemigrations = result["makemigrations"]
    assert makemigrations["exit"] == 0, makemigrations["output"]
    homes = result["homes"]
    assert homes["not_served_by_new_home"] == [], homes["served_by"]
    assert homes["old_app_installed"], "the old app must stay installed for its migrations"
    assert homes["models_left_in_old_app"] == []
    # Content types follow the models, so that permissions keyed on them still mean something.
    assert homes["stale_content_types"] == []
    assert set(result["writable"].values()) == {"ok"}, result["writable"]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_previous_release_upgrades_on_sqlite(tmp_path: Path, expected: dict[str, Any]) -> None:
    """The default set-up: a partnership's folder copied over and opened by this code."""
    data = tmp_path / "partnership"
    data.mkdir()
    shutil.copyfile(FIXTURE / "app.sqlite3", data / "app.sqlite3")

    result = _check("upgrade", env=_env(data))

    _assert_nothing_lost(result, expected)
    _assert_upgraded_cleanly(result, expected)

    # The command line answers from the upgraded folder as the old release did.
    assess = expected["cli"]["assess"]
    answer = json.loads(_trustboard("assess", *assess["args"], "--json", data_dir=data).stdout)
    assert {key: answer[key] for key in assess["answer"]} == assess["answer"]
    assert {
        key: [item["current"], item["comparator"]] for key, item in answer["comparisons"].items()
    } == assess["comparisons"]

    # The frozen report comes out as the very file the old release rendered, not frozen again.
    snapshot_id, period = expected["content"]["report_snapshots"][0][:2]
    (stored,) = [
        row
        for row in expected["content"]["report_files"]
        if row[:3] == [snapshot_id, "board", "html"]
    ]
    out = tmp_path / "report"
    report = _trustboard(
        "report", "--period", period, "--format", "html", "--out", str(out), data_dir=data
    )
    assert f"Using the {period} report frozen" in report.stdout, report.stdout
    (written,) = out.iterdir()
    assert _sha256(written) == stored[4]


def _server_url() -> str:
    """The PostgreSQL server CI uses for the database tests."""
    for name in ("CI_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    return DEFAULT_SERVER


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A new, empty database of its own on the server, dropped afterwards."""
    psycopg = pytest.importorskip("psycopg")
    server = _server_url()
    try:
        admin = psycopg.connect(server, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        if os.environ.get(REQUIRE_POSTGRES) == "1":
            pytest.fail(f"{REQUIRE_POSTGRES}=1 but PostgreSQL cannot be reached: {error}")
        pytest.skip(f"PostgreSQL cannot be reached at {server}: {error}")
    name = f"trustboard_upgrade_{secrets.token_hex(4)}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield _with_database(server, name)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _previous_leaves(sqlite_path: Path) -> list[str]:
    """The last migration of each app the fixture recorded: the previous release's state."""
    with closing(sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)) as db:
        rows = db.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app").fetchall()
    return [f"{app}:{name}" for app, name in sorted(rows)]


def _from_sqlite(pg_type: str, value: Any) -> Any:
    """A SQLite value as the PostgreSQL column wants it. Django keeps moments on SQLite as
    naive UTC text, so they are made aware here rather than read in the session's zone."""
    if value is None:
        return None
    if pg_type == "boolean":
        return bool(value)
    if pg_type == "timestamp with time zone":
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    if pg_type == "date":
        return date.fromisoformat(value)
    if pg_type == "bytea":
        return bytes(value)
    return value


def _copy_rows(sqlite_path: Path, database_url: str) -> dict[str, int]:
    """Copy every row of every table of the fixture into the same-named PostgreSQL tables,
    foreign keys unchecked during the copy, then set each table's id sequence past its rows."""
    import psycopg
    from psycopg import sql

    copied: dict[str, int] = {}
    with (
        closing(sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)) as source,
        psycopg.connect(database_url) as target,
    ):
        names = [
            name
            for (name,) in source.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        pg_columns: dict[str, dict[str, str]] = {}
        for table, column, pg_type in target.execute(
            """SELECT table_name, column_name, data_type FROM information_schema.columns
               WHERE table_schema = current_schema()"""
        ):
            pg_columns.setdefault(table, {})[column] = pg_type
        assert sorted(pg_columns) == sorted(names), "the rebuilt schema has other tables"
        target.execute("SET session_replication_role = replica")
        target.execute(
            sql.SQL("TRUNCATE {} RESTART IDENTITY").format(
                sql.SQL(", ").join(sql.Identifier(name) for name in names)
            )
        )
        for table in names:
            columns = [row[1] for row in source.execute(f'PRAGMA table_info("{table}")')]
            assert sorted(columns) == sorted(pg_columns[table]), f"{table} has other columns"
            types = [pg_columns[table][column] for column in columns]
            copy = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
            )
            quoted = ", ".join(f'"{column}"' for column in columns)
            count = 0
            with target.cursor().copy(copy) as writer:
                for row in source.execute(f'SELECT {quoted} FROM "{table}"'):
                    writer.write_row(
                        [_from_sqlite(kind, value) for kind, value in zip(types, row, strict=True)]
                    )
                    count += 1
            copied[table] = count
            for column in columns:
                (sequence,) = target.execute(
                    "SELECT pg_get_serial_sequence(%s, %s)", [f'"{table}"', column]
                ).fetchone()
                if sequence:
                    past_rows = "SELECT setval(%s, COALESCE(MAX({c}), 1), MAX({c}) IS NOT NULL)"
                    target.execute(
                        sql.SQL(past_rows + " FROM {t}").format(
                            c=sql.Identifier(column), t=sql.Identifier(table)
                        ),
                        [sequence],
                    )
        target.execute("SET session_replication_role = DEFAULT")
    return copied


def test_previous_release_upgrades_on_postgresql(
    tmp_path: Path, expected: dict[str, Any], postgres_database: str
) -> None:
    """Production's set-up, where migrations run through another schema editor and types."""
    fixture = FIXTURE / "app.sqlite3"
    env = _env(tmp_path / "partnership", postgres_database)

    prepared = _check("prepare", *_previous_leaves(fixture), env=env)
    assert prepared["migrations"] == expected["migrations"], "not the previous release's schema"
    copied = _copy_rows(fixture, postgres_database)
    assert {name: copied[name] for name in expected["tables"]} == {
        name: table["rows"] for name, table in expected["tables"].items()
    }
    result = _check("upgrade", env=env)

    assert result["migrations_before"] == expected["migrations"]
    _assert_nothing_lost(result, expected)
    _assert_upgraded_cleanly(result, expected)
