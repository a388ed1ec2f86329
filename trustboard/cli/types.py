"""Argument types: each option's text is checked and converted once, while arguments are parsed.

A wrong value then stops the command before it opens a data folder or imports anything, with
argparse naming the option ("argument --period: 'Smarch' is not a period: expected ...") and
exit status 2, and the commands receive dates, periods, paths and numbers, never text to
re-check. Each type raises :class:`argparse.ArgumentTypeError` with a message that says what was
expected; nothing here imports Django, so ``trustboard spc`` stays light.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from trustboard.core import periods

T = TypeVar("T")

MIN_PORT = 1
MAX_PORT = 65535
ENGINE_NAMES = ("duckdb", "spark")
"""The measure engines, named here so that the parser need not import them (DuckDB takes a
third of a second to load); a test checks they match :data:`trustboard.measures.engines.ENGINES`."""


def iso_date(text: str) -> date:
    """A date written YYYY-MM-DD, the one spelling that cannot be misread as month-first."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a date YYYY-MM-DD") from None


def period(text: str) -> periods.Period:
    """A reporting period in any spelling the reports use, read by the one period parser."""
    try:
        return periods.parse(text)
    except periods.PeriodError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def existing_file(text: str) -> Path:
    """A file that is there now, so a typing slip is reported before any work starts rather
    than part way through (after earlier files of the same command were imported)."""
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text}: is a folder, not a file")
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{text}: no such file")
    return path


def folder(text: str) -> Path:
    """A folder to read or write, made when it is needed; only a file in its place is refused,
    because a folder that does not exist yet is the usual case for a new data folder or
    output."""
    if not text.strip():
        raise argparse.ArgumentTypeError("expected a folder name")
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text}: is a file, not a folder")
    return path


def port(text: str) -> int:
    """A TCP port to serve on."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not MIN_PORT <= number <= MAX_PORT:
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected a port number from {MIN_PORT} to {MAX_PORT}"
        )
    return number


def _whole_number(text: str, least: int) -> int:
    try:
        number = int(text.strip())
    except ValueError:
        number = None
    if number is None or number < least:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a whole number, {least} or more")
    return number


def at_least_one(text: str) -> int:
    """A count of things that must be at least one (areas, years)."""
    return _whole_number(text, 1)


def not_negative(text: str) -> int:
    """A whole number of days, 0 or more."""
    return _whole_number(text, 0)


def number(text: str) -> float:
    """A finite number: argparse's ``float`` lets "nan" and "inf" through, which no target or
    limit can be."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r}: expected a number")
    return value


def comma_list(item: Callable[[str], T]) -> Callable[[str], tuple[T, ...]]:
    """A type for a comma-separated list ("7,1") whose items are each read by ``item``."""

    def read(text: str) -> tuple[T, ...]:
        parts = [part.strip() for part in text.split(",")]
        if not any(parts):
            raise argparse.ArgumentTypeError(f"{text!r}: expected a comma-separated list")
        try:
            return tuple(item(part) for part in parts if part)
        except argparse.ArgumentTypeError as error:
            raise argparse.ArgumentTypeError(f"{text!r}: {error}") from None

    read.__name__ = f"comma-separated {item.__name__}"
    return read


def column_value(text: str) -> tuple[str, str]:
    """A filter written COLUMN=VALUE; the value may be empty or hold '=' itself."""
    column, sep, value = text.partition("=")
    if not sep or not column.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: expected COLUMN=VALUE")
    return column.strip(), value.strip()


def engine(text: str) -> str:
    """The name of a measure engine."""
    name = text.strip().lower()
    if name not in ENGINE_NAMES:
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected an engine, one of {', '.join(ENGINE_NAMES)}"
        )
    return name
