"""The national arrays: every area's records put together, with identifiers and labels.

Identifiers are written as code points in bulk (no Python loop over records) and categories
share one string object per value, so a national set of millions of rows stays cheap.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from trustboard.measures.sources import (
    AGENCIES,
    MASH_OUTCOMES,
    PLAN_CATEGORIES,
    PLAN_TYPES,
    SOURCES,
    Column,
    ColumnType,
)
from trustboard.synth.records.area import Area
from trustboard.synth.records.areas import SynthOptions
from trustboard.synth.records.calibration import (
    LEGAL_STATUSES,
    LOCALITIES,
    PLACEMENT_TYPES,
    URGENCY,
)
from trustboard.synth.records.flows import solve_flows
from trustboard.synth.records.months import day_number

DTYPES: Mapping[ColumnType, np.dtype] = {
    ColumnType.ID: np.dtype(object),
    ColumnType.TEXT: np.dtype(object),
    ColumnType.CHOICE: np.dtype(object),
    ColumnType.DATE: np.dtype("datetime64[D]"),
    ColumnType.BOOLEAN: np.dtype(bool),
    ColumnType.INTEGER: np.dtype(np.int64),
    ColumnType.NUMBER: np.dtype(np.float64),
}
"""The numpy dtype of each kind of column in what ``generate`` returns."""

ID_PREFIXES = {
    "early_help_assessments": "EHA",
    "mash_contacts": "MC",
    "plans": "CP",
    "care_episodes": "LA",
}
CHILD_PREFIX = "C"
ID_DIGITS = 7
CHILD_ID_DIGITS = 8


def assemble(parts: Sequence[Area], options: SynthOptions) -> dict[str, dict[str, np.ndarray]]:
    """Every area's records as one table per source, with identifiers unique across areas."""
    child_offsets = np.concatenate([[0], np.cumsum([p.children for p in parts])])
    child_strings = _id_strings(CHILD_PREFIX, child_offsets[-1], CHILD_ID_DIGITS)
    last_day = day_number(options.end)

    def gather(source: str, key: str) -> np.ndarray:
        return np.concatenate([getattr(p, source)[key] for p in parts])

    def children(source: str) -> np.ndarray:
        pieces = [getattr(p, source)["child"] + child_offsets[i] for i, p in enumerate(parts)]
        return child_strings[np.concatenate(pieces)]

    def la_codes(source: str, key: str) -> np.ndarray:
        codes = np.array([p.code for p in parts], dtype=object)
        return np.repeat(codes, [len(getattr(p, source)[key]) for p in parts])

    def dates(days: np.ndarray) -> np.ndarray:
        out = days.astype("datetime64[D]")
        out[days > last_day] = np.datetime64("NaT")
        return out

    tables: dict[str, dict[str, np.ndarray]] = {}
    organisations = _interned(solve_flows().organisations)
    n = sum(len(p.ehas["day"]) for p in parts)
    tables["early_help_assessments"] = {
        "record_id": _id_strings(ID_PREFIXES["early_help_assessments"], n, ID_DIGITS, first=1),
        "child_id": children("ehas"),
        "start_date": gather("ehas", "day").astype("datetime64[D]"),
        "agency": _interned(AGENCIES)[gather("ehas", "agency")],
        "organisation_type": organisations[gather("ehas", "organisation")],
        "pilot": gather("ehas", "pilot").astype(bool),
        "age": gather("ehas", "age").astype(np.int64),
        "locality": _interned((*LOCALITIES, ""))[gather("ehas", "locality")],
        "la_code": la_codes("ehas", "day"),
    }
    n = sum(len(p.contacts["day"]) for p in parts)
    tables["mash_contacts"] = {
        "record_id": _id_strings(ID_PREFIXES["mash_contacts"], n, ID_DIGITS + 1, first=1),
        "child_id": children("contacts"),
        "contact_date": gather("contacts", "day").astype("datetime64[D]"),
        "source_agency": _interned(AGENCIES)[gather("contacts", "agency")],
        "outcome": _interned(MASH_OUTCOMES)[gather("contacts", "outcome")],
        "urgency": _interned((*URGENCY, ""))[gather("contacts", "urgency")],
        "decision_hours": gather("contacts", "hours").astype(np.float64),
        "la_code": la_codes("contacts", "day"),
    }
    n = sum(len(p.plans["start"]) for p in parts)
    tables["plans"] = {
        "record_id": _id_strings(ID_PREFIXES["plans"], n, ID_DIGITS, first=1),
        "child_id": children("plans"),
        "start_date": gather("plans", "start").astype("datetime64[D]"),
        "end_date": dates(gather("plans", "end")),
        "plan_type": _interned(PLAN_TYPES)[gather("plans", "type")],
        "category": _interned(PLAN_CATEGORIES)[gather("plans", "category")],
        "la_code": la_codes("plans", "start"),
    }
    n = sum(len(p.care["start"]) for p in parts)
    tables["care_episodes"] = {
        "record_id": _id_strings(ID_PREFIXES["care_episodes"], n, ID_DIGITS, first=1),
        "child_id": children("care"),
        "start_date": gather("care", "start").astype("datetime64[D]"),
        "end_date": dates(gather("care", "end")),
        "legal_status": _interned(LEGAL_STATUSES)[gather("care", "legal")],
        "uasc": gather("care", "uasc").astype(bool),
        "placement_type": _interned(PLACEMENT_TYPES)[gather("care", "placement")],
        "registered": gather("care", "registered").astype(bool),
        "la_code": la_codes("care", "start"),
    }
    for name in tables:
        source = SOURCES[name]
        rows = len(tables[name]["record_id"])
        tables[name] = {
            c.name: tables[name][c.name] if c.name in tables[name] else _unknown(c, rows)
            for c in source.columns
        }
    return tables


def _unknown(column: Column, rows: int) -> np.ndarray:
    """A column the generator does not model (a return's codes, a child's age), left empty: it
    is written as nulls, as an extract that lacks it would be read."""
    if column.type is ColumnType.DATE:
        return np.full(rows, np.datetime64("NaT"), dtype="datetime64[D]")
    if column.type in (ColumnType.INTEGER, ColumnType.NUMBER):
        return np.full(rows, np.nan)
    return np.full(rows, "", dtype=object)


def _interned(values: Sequence[str]) -> np.ndarray:
    """An object array of the values, indexable by code; -1 takes the last (the missing value)."""
    return np.array(list(values), dtype=object)


def _id_strings(prefix: str, count: int, digits: int, first: int = 1) -> np.ndarray:
    """``prefix`` and zero-padded numbers first, first + 1, ...

    Written as code points four digits at a time (a 10,000-row table) into a fixed-width
    array, then made ``str`` objects once: no Python loop over records.
    """
    numbers = np.arange(first, first + count, dtype=np.int64)
    digits = max(digits, len(str(first + count - 1)) if count else digits)
    width = len(prefix) + digits
    points = np.empty((count, width), dtype=np.uint32)
    points[:, : len(prefix)] = [ord(c) for c in prefix]
    table = _DIGIT_TABLE
    rest = numbers
    right = width
    while right > len(prefix):
        size = min(4, right - len(prefix))
        points[:, right - size : right] = table[rest % 10_000][:, 4 - size :]
        rest = rest // 10_000
        right -= size
    return points.view(f"<U{width}").ravel().astype(object)


_DIGIT_TABLE = (
    48 + (np.arange(10_000)[:, None] // 10 ** np.arange(3, -1, -1)[None, :]) % 10
).astype(np.uint32)
"""Code points of 0000 to 9999."""
