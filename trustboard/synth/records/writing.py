"""Writing the synthetic extracts as CSV or Parquet, through DuckDB."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import duckdb
import numpy as np

from trustboard.measures.sources import SOURCES, ColumnType, Source


def write(
    tables: Mapping[str, Mapping[str, np.ndarray]], out_dir: Path, fmt: str = "csv"
) -> list[Path]:
    """Write each source to ``<out_dir>/<source>.csv`` or ``.parquet``, through DuckDB.

    CSV has a header of the schema's column names, ISO dates, ``true``/``false`` and empty cells
    for missing values; Parquet has the store's column types. Missing text (``""``), numbers
    (``NaN``) and dates (``NaT``) are written as nulls in both.
    """
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"unknown format {fmt!r}: csv or parquet")
    unknown = set(tables) - set(SOURCES)
    if unknown:
        raise ValueError(f"not sources: {', '.join(sorted(unknown))}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    connection = duckdb.connect()
    try:
        for name, source in SOURCES.items():
            if name not in tables:
                continue
            path = out_dir / f"{name}.{fmt}"
            connection.register("records", _scannable(source, tables[name]))
            target = str(path).replace("'", "''")
            options = "format csv, header" if fmt == "csv" else "format parquet"
            connection.execute(
                f"copy (select {_select_list(source)} from records) to '{target}' ({options})"
            )
            connection.unregister("records")
            written.append(path)
    finally:
        connection.close()
    return written


def _scannable(source: Source, columns: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The columns as DuckDB can scan them: dates as timestamps (it cannot read datetime64[D])."""
    missing = [c for c in source.column_names if c not in columns]
    if missing:
        raise ValueError(f"{source.name} lacks {', '.join(missing)}")
    out = {}
    for name in source.column_names:
        values = np.asarray(columns[name])
        if values.dtype.kind == "M":
            values = values.astype("datetime64[s]")
        elif values.dtype.kind == "U":
            values = values.astype(object)
        out[name] = values
    return out


def _select_list(source: Source) -> str:
    parts = []
    for column in source.columns:
        name = f'"{column.name}"'
        if column.type in (ColumnType.ID, ColumnType.TEXT, ColumnType.CHOICE):
            expression = f"nullif(cast({name} as varchar), '')"
        elif column.type is ColumnType.INTEGER:
            # A column the generator leaves unknown is all NaN: written as nulls.
            expression = (
                f"cast(case when isnan(cast({name} as double)) then null else {name} end "
                "as integer)"
            )
        else:
            expression = f"cast({name} as {column.sql_type})"
        parts.append(f"{expression} as {name}")
    return ", ".join(parts)
