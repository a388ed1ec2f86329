"""An analytic store made before the statutory returns opens with today's code, every record
kept: the new sources and columns are added, a plan's category stops being required, and a
CIN census (child in need plans have no category) and the measures then run over it."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.integration.test_cin_census_import import census_2023_24
from trustboard.ingest.statutory import File, import_return
from trustboard.measures import store
from trustboard.measures.compute import evaluate_all
from trustboard.measures.definitions import load_measures
from trustboard.measures.engines import DuckDBEngine
from trustboard.measures.sources import SOURCES

FIXTURE = Path(__file__).parent / "fixtures" / "store-0.2"
MEASURES = Path(__file__).parents[2] / "trustboard" / "examples" / "oxfordshire" / "measures.yaml"
OLD_TABLES = ("early_help_assessments", "mash_contacts", "plans", "care_episodes")


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    for name in ("analytics.duckdb", "pseudonym.salt"):
        shutil.copy(FIXTURE / name, tmp_path / name)
    return tmp_path / "analytics.duckdb"


def _rows(path: Path, table: str, columns: list[str]) -> list[tuple]:
    connection = duckdb.connect(str(path), read_only=True)
    try:
        names = ", ".join(f'"{c}"' for c in columns)
        return connection.execute(f"select {names} from {table} order by all").fetchall()
    finally:
        connection.close()


def _columns(path: Path, table: str) -> list[str]:
    connection = duckdb.connect(str(path), read_only=True)
    try:
        return [
            name
            for (name,) in connection.execute(
                "select column_name from information_schema.columns where table_name = ? "
                "order by ordinal_position",
                [table],
            ).fetchall()
        ]
    finally:
        connection.close()


def test_every_record_is_kept_and_the_new_sources_and_columns_are_there(old_store):
    before = {
        t: (_columns(old_store, t), _rows(old_store, t, _columns(old_store, t))) for t in OLD_TABLES
    }
    batches = _rows(old_store, "record_batches", ["content_hash", "source", "rows"])

    store.connect(old_store).close()
    store.connect(old_store).close()  # a second opening changes nothing

    for table, (columns, rows) in before.items():
        assert _rows(old_store, table, columns) == rows, table
        assert len(rows) > 0
    assert _rows(old_store, "record_batches", ["content_hash", "source", "rows"]) == batches
    for source in SOURCES.values():
        assert set(source.column_names) <= set(_columns(old_store, source.name)), source.name
    connection = duckdb.connect(str(old_store), read_only=True)
    nullable = dict(
        connection.execute(
            "select column_name, is_nullable from information_schema.columns "
            "where table_name = 'plans'"
        ).fetchall()
    )
    connection.close()
    assert nullable["category"] == "YES"
    assert nullable["record_id"] == "NO"


def test_a_cin_census_and_the_measures_run_over_the_upgraded_store(old_store):
    result = import_return(
        [File("cin_census.xml", census_2023_24())], old_store, area_code="E10000025"
    )
    assert result.rows > 0
    assert _rows(old_store, "plans", ["plan_type"]).count(("child_in_need",)) >= 1

    engine = DuckDBEngine.open(old_store)
    try:
        figures = evaluate_all(engine, load_measures(MEASURES), until=date(2024, 3, 31))
    finally:
        engine.close()
    assert figures["cp_plans_open"], "children on a plan are counted from old and new records"
