"""Engines: where a measure's SQL runs. One contract, one required method.

An engine only has to run a query over the store's record tables and hand back plain tuples.
Everything else (which periods, what the query says, how counts become percentages) is shared,
so a measure cannot mean one thing on DuckDB and another on Spark.

DuckDB is the default: it reads the analytic store's file directly. Spark reads the same tables
as Parquet, which is how a region or the nation would hold data that outgrows one machine; here
it runs in local mode, and ``master`` points it at a cluster.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import duckdb

from trustboard.measures.sources import SOURCES

ENGINES = ("duckdb", "spark")


class Engine(Protocol):
    name: str

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        """Run one query written in the SQL both engines share; return its rows as tuples."""
        ...


class DuckDBEngine:
    name = "duckdb"

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self.connection = connection

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = True) -> DuckDBEngine:
        return cls(duckdb.connect(str(path), read_only=read_only))

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.connection.execute(sql).fetchall()]

    def close(self) -> None:
        self.connection.close()


class SparkUnavailable(RuntimeError):
    """PySpark or a Java runtime is missing; the message says what to install."""


def spark_session(master: str = "local[*]", memory: str = "2g"):
    """A Spark session for measures: quiet, without the web UI, dates read as dates."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable(
            "The Spark engine needs PySpark: install trustboard with the 'spark' extra "
            "(uv run --extra spark ...) and a Java 17+ runtime."
        ) from None
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise SparkUnavailable("The Spark engine needs a Java 17+ runtime (java not found).")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.appName("trustboard-measures")
        .master(master)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", memory)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


class SparkEngine:
    name = "spark"

    def __init__(self, session, tables: Mapping[str, str | Path]) -> None:
        """``tables`` maps each source's name to Parquet (a file or a folder of files)."""
        self.session = session
        for name, location in tables.items():
            session.read.parquet(str(location)).createOrReplaceTempView(name)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.session.sql(sql).collect()]

    @classmethod
    def from_store(
        cls, store: str | Path, session=None, workdir: str | Path | None = None
    ) -> SparkEngine:
        """Spark over a copy of the store's record tables written as Parquet beside it.

        The copy lives in the data folder (record-level data stays in the analytic store's
        place) and is rewritten each time, so Spark never reads a stale extract.
        """
        folder = Path(workdir) if workdir else Path(store).parent / "parquet"
        folder.mkdir(parents=True, exist_ok=True)
        tables = export_parquet(store, folder)
        return cls(session or spark_session(), tables)


def export_parquet(store: str | Path, folder: str | Path) -> dict[str, Path]:
    """Write each record table of the store to ``folder/<source>.parquet``."""
    folder = Path(folder)
    tables: dict[str, Path] = {}
    connection = duckdb.connect(str(store), read_only=True)
    try:
        for name in SOURCES:
            target = folder / f"{name}.parquet"
            with tempfile.NamedTemporaryFile(dir=folder, suffix=".parquet", delete=False) as handle:
                partial = Path(handle.name)
            connection.execute(f"COPY {name} TO '{partial}' (FORMAT parquet)")
            partial.replace(target)
            tables[name] = target
    finally:
        connection.close()
    return tables
