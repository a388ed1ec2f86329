"""Record tables for measure tests, built from hand-written rows, on any engine.

A test writes the records each source holds as plain dicts (``plan("2024-01-31", child="a")``);
:func:`duckdb_store` makes the four record tables from the schema in
:mod:`trustboard.measures.sources`, fills in optional columns a row leaves out with the
schema's default (or NULL), and :func:`make_engine` hands the same tables to DuckDB or, as
Parquet, to Spark. Identifiers are plain strings here; the store would hold salted hashes.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

import trustboard.examples
from trustboard.measures.compute import MeasureValue, evaluate
from trustboard.measures.definitions import Measure, load_measures
from trustboard.measures.engines import DuckDBEngine, Engine, SparkEngine
from trustboard.measures.sources import SOURCES, ColumnType

MEASURES_FILE = Path(trustboard.examples.__file__).parent / "oxfordshire" / "measures.yaml"
ENGINE_NAMES = ("duckdb", "spark")
REQUIRE_SPARK = "TRUSTBOARD_REQUIRE_SPARK"

Rows = Sequence[Mapping[str, Any]]
_serial = itertools.count(1)


# -- the example measures ---------------------------------------------------------------------
_MEASURES: dict[str, Measure] = {}


def example_measures() -> dict[str, Measure]:
    """The example area's measures by id, read once."""
    if not _MEASURES:
        _MEASURES.update({m.id: m for m in load_measures(MEASURES_FILE)})
    return _MEASURES


def measure(measure_id: str) -> Measure:
    """One example measure. Spec tests name measures through this call, which is how the
    coverage test knows which measures have a spec."""
    return example_measures()[measure_id]


def values(engine: Engine, measure_id: str, **options) -> list[MeasureValue]:
    """``evaluate``'s figures, in its order: by area, then period (oldest first), then
    breakdown value (the total, "", first)."""
    return evaluate(engine, measure(measure_id), **options)


def value(measure_id: str, period: str, breakdown: str, numerator, denominator=None, area=""):
    """The figure ``evaluate`` should give, worked out the way it forms it."""
    if denominator is None:
        figure = float(numerator)
    elif measure(measure_id).of_which:
        figure = 100 * numerator / denominator
    else:
        figure = numerator / denominator
    return MeasureValue(measure_id, area, period, breakdown, figure, numerator, denominator)


# -- rows -------------------------------------------------------------------------------------
def _id(prefix: str) -> str:
    return f"{prefix}{next(_serial)}"


def eha(day: str, agency: str = "Health", *, child: str | None = None, **columns) -> dict:
    """An early help (strengths and needs) assessment started on ``day``."""
    return {"start_date": day, "agency": agency, "child_id": child or _id("child"), **columns}


def contact(
    day: str,
    agency: str = "Police",
    outcome: str = "other",
    *,
    child: str | None = None,
    **columns,
) -> dict:
    """A MASH contact received on ``day`` from ``agency``."""
    return {
        "contact_date": day,
        "source_agency": agency,
        "outcome": outcome,
        "child_id": child or _id("child"),
        **columns,
    }


def plan(
    start: str,
    end: str | None = None,
    *,
    child: str | None = None,
    category: str = "neglect",
    plan_type: str = "child_protection",
    **columns,
) -> dict:
    """A child protection (or, with ``plan_type``, child in need) plan."""
    return {
        "start_date": start,
        "end_date": end,
        "category": category,
        "plan_type": plan_type,
        "child_id": child or _id("child"),
        **columns,
    }


def episode(start: str, end: str | None = None, *, child: str | None = None, **columns) -> dict:
    """An episode of care of a child we care for."""
    return {"start_date": start, "end_date": end, "child_id": child or _id("child"), **columns}


# -- tables -----------------------------------------------------------------------------------
def _cell(kind: ColumnType, raw: Any) -> Any:
    if raw is None:
        return None
    if kind is ColumnType.DATE and isinstance(raw, str):
        return date.fromisoformat(raw)
    return raw


def duckdb_store(tables: Mapping[str, Rows]) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB holding every source's table, with ``tables``' rows in them.

    A row may leave out ``record_id`` (a fresh one is made) and any optional column (the
    schema's default, else NULL); a missing required column or an unknown one is a mistake in
    the test and raises.
    """
    unknown = set(tables) - set(SOURCES)
    if unknown:
        raise KeyError(f"no such source: {', '.join(sorted(unknown))}")
    connection = duckdb.connect()
    for source in SOURCES.values():
        columns = ", ".join(f"{c.name} {c.sql_type}" for c in source.columns)
        connection.execute(f"CREATE TABLE {source.name} ({columns})")
        rows = []
        for row in tables.get(source.name, ()):
            row = {"record_id": _id(f"{source.name}-"), **row}
            extra = set(row) - set(source.column_names)
            missing = set(source.required) - set(row)
            if extra or missing:
                raise KeyError(f"{source.name} row {row}: unknown {extra}, missing {missing}")
            rows.append([_cell(c.type, row.get(c.name, c.default)) for c in source.columns])
        if rows:
            marks = ", ".join("?" for _ in source.columns)
            connection.executemany(f"INSERT INTO {source.name} VALUES ({marks})", rows)
    return connection


def spark_tables(connection: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, Path]:
    """Each record table copied to ``folder/<source>.parquet``, for Spark to read."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = {}
    for name in SOURCES:
        target = folder / f"{name}.parquet"
        connection.execute(f"COPY {name} TO '{target}' (FORMAT parquet)")
        tables[name] = target
    return tables


# -- Spark: one session for the whole test run ------------------------------------------------
_spark: list[Any] = []
SPARK_TEST_SETTINGS = {
    "spark.sql.shuffle.partitions": "1",
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.codegen.factoryMode": "NO_CODEGEN",
}


def shared_spark():
    """The test run's Spark session, started on first use; skipped (or, when
    ``TRUSTBOARD_REQUIRE_SPARK=1``, failed) if PySpark or Java is missing."""
    if _spark:
        return _spark[0]
    from trustboard.measures.engines import SparkUnavailable, spark_session

    try:
        session = spark_session("local[2]", memory="1g")
    except SparkUnavailable as error:
        if os.environ.get(REQUIRE_SPARK) == "1":
            pytest.fail(f"{REQUIRE_SPARK}=1 but Spark cannot start: {error}", pytrace=False)
        pytest.skip(f"Spark engine not available: {error}")
    # Test tables hold a few rows: one shuffle partition, no adaptive re-planning and no code
    # generation (interpreted expressions, as Spark's own tests run) make each query several
    # times quicker without changing what it returns.
    for key, setting in SPARK_TEST_SETTINGS.items():
        session.conf.set(key, setting)
    _spark.append(session)
    return session


def stop_spark() -> None:
    while _spark:
        _spark.pop().stop()


class EngineMaker:
    """Builds an engine of one kind from dict-of-rows tables: ``engine(plans=[...])``."""

    def __init__(self, name: str, workdir: Path | None, spark=None) -> None:
        self.name = name
        self.workdir = workdir
        self.spark = spark

    def __call__(self, **tables: Rows) -> Engine:
        return make_engine(self.name, tables, workdir=self.workdir, spark=self.spark)

    def __repr__(self) -> str:
        return f"EngineMaker({self.name!r})"


def make_engine(
    name: str, tables: Mapping[str, Rows], *, workdir: Path | None = None, spark=None
) -> Engine:
    connection = duckdb_store(tables)
    if name == "duckdb":
        return DuckDBEngine(connection)
    folder = Path(tempfile.mkdtemp(prefix="tables-", dir=workdir))
    try:
        parquet = spark_tables(connection, folder)
    finally:
        connection.close()
    return SparkEngine(spark or shared_spark(), parquet)


def referral(day: str, *, child: str | None = None, **columns) -> dict:
    """A referral to children's social care made on ``day``."""
    return {"referral_date": day, "child_id": child or _id("child"), **columns}


def missing(day: str, end: str | None = None, *, child: str | None = None, **columns) -> dict:
    """A child we care for going missing (``missing_type`` "missing") on ``day``."""
    return {
        "start_date": day,
        "end_date": end,
        "missing_type": "missing",
        "child_id": child or _id("child"),
        **columns,
    }
