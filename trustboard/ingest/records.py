"""Import a council's record-level extract (one row per assessment, contact, plan or episode).

Extracts are the most sensitive data the system sees, so the rules here are stricter than for a
partner's figures: a file with a column that identifies a person is refused before any value is
read; case-system identifiers are replaced by salted hashes before anything is stored; and no
error message or summary shows an identifier (or anything from a refused column). Like the
observation importer, every problem in the file is reported at once, and the file loads whole or
not at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from trustboard.core import formatting
from trustboard.ingest.reader import (
    FORMULA_NOTE,
    Cell,
    ImportError_,
    RowError,
    Table,
    content_hash,
    read_file,
    read_header,
)
from trustboard.ingest.record_store import RecordImportResult, previous_import, write
from trustboard.ingest.record_values import Parser, parser
from trustboard.measures import store
from trustboard.measures.identifying import identifying
from trustboard.measures.sources import (
    SOURCES,
    Column,
    ColumnType,
    Source,
    closest,
    marks_of_another,
    normalise_header,
    own_columns,
    recognise,
)

__all__ = [
    "MASKED",
    "SUPPORTED_SUFFIXES",
    "IdentifyingColumn",
    "RecordImportResult",
    "import_extract",
    "recognises",
    "refuse_identifying",
]

SUPPORTED_SUFFIXES = (".csv", ".xlsx", ".parquet")

MASKED = "(an identifier)"
"""What an error shows in place of an identifier's value: messages end up in logs and emails."""

_BAD = object()
"""A cell that failed its check (the file will be refused)."""


@dataclass(frozen=True)
class IdentifyingColumn(RowError):
    """A column whose heading says it identifies a person; its values are never read."""

    def __str__(self) -> str:
        return f"{self.file}: column '{self.column}' identifies a person: {self.expected}"


def import_extract(
    name: str,
    data: bytes,
    store_path: str | Path,
    *,
    source: str | None = None,
    area_code: str = "",
    replace: bool = False,
    table: Table | None = None,
) -> RecordImportResult:
    """Check a whole extract, then store it in one transaction, or raise :class:`ImportError_`.

    ``source`` names the schema when the headings alone cannot say; ``area_code`` is the
    council's code for rows whose ``la_code`` is empty; ``replace`` makes the file a full
    refresh of its areas' records of that source, so records deleted in the case system go too.
    Without it, a record already stored is replaced by the file's version and the rest are kept.
    ``table`` is the file already read (by whoever looked at its headings), so it is not parsed
    again.
    """
    digest = content_hash(data)
    previous = previous_import(store_path, digest)
    if previous is not None:
        return previous
    if table is None:
        table = read_file(
            name,
            data,
            suffixes=SUPPORTED_SUFFIXES,
            check_header=lambda header: refuse_identifying(name, header),
        )
    else:
        refuse_identifying(name, table.header)
    chosen = _source(name, table.header, source)
    fields, ignored = _fields(name, chosen, table.header)
    if replace and source is None and ignored:
        # A full refresh deletes every record of the source the file does not hold: it is done
        # only when the file is surely that source, not a near miss read as one.
        raise ImportError_(
            [
                RowError(
                    name,
                    1,
                    "(header)",
                    ", ".join(ignored),
                    f"for a full refresh (--replace), only {chosen.name} columns, or the source "
                    f"named (--source {chosen.name}): a full refresh deletes the "
                    f"{chosen.title.lower()} the file does not hold, so the file's kind is not "
                    "guessed from its headings",
                )
            ]
        )
    if not table.rows:
        raise ImportError_([RowError(name, None, "(rows)", "", "at least one row of records")])
    columns = _validate(name, fields, table, area_code.strip().upper())
    salt = store.salt(store_path)
    for column in chosen.columns:
        if column.type is ColumnType.ID:
            columns[column.name] = [
                store.pseudonymise(salt, la_code, raw)
                for la_code, raw in zip(columns["la_code"], columns[column.name], strict=True)
            ]
    return write(store_path, chosen, name, digest, columns, ignored, replace)


def recognises(name: str, data: bytes, source: str | None = None) -> bool:
    """Whether a file is a record-level extract rather than a file of figures.

    Parquet is only ever an extract; a spreadsheet is one when its headings are a source's, or
    when a heading identifies a person (it is then refused here, with the message that says
    why, not misread as figures). Only the header is read, so the file is parsed once, by
    whichever importer takes it.
    """
    if source or Path(name).suffix.lower() == ".parquet":
        return True
    try:
        header = read_header(name, data)
    except ImportError_:
        return False
    if any(identifying(h) for h in header):
        return True
    return recognise(header) is not None


def refuse_identifying(name: str, header: list[str]) -> None:
    """Refuse a file whose headings say a column identifies a person, naming every such column."""
    found = [h for h in header if identifying(h)]
    if found:
        raise ImportError_(
            [
                IdentifyingColumn(
                    name,
                    1,
                    heading,
                    "",
                    "extracts must not hold names, dates of birth, addresses or other details "
                    "that identify a person: remove this column before the extract is sent. "
                    "Nothing from this file was stored.",
                )
                for heading in found
            ]
        )


# Headers


def _source(name: str, header: list[str], wanted: str | None) -> Source:
    if wanted is not None:
        if wanted not in SOURCES:
            raise ImportError_(
                [RowError(name, None, "(source)", wanted, "one of " + ", ".join(SOURCES))]
            )
        return SOURCES[wanted]
    found = recognise([h for h in header if h])
    if found is not None:
        return found
    names = {normalise_header(h) for h in header}
    expected = "the columns of one kind of extract, or the source named: " + "; ".join(
        f"{s.name} ({s.title}) needs {', '.join(s.required)}"
        + (f", told apart by {' or '.join(own)}" if (own := own_columns(s)) else "")
        for s in SOURCES.values()
    )
    near = closest([h for h in header if h])
    if near is not None:
        source, missing = near
        if missing:
            expected = (
                f"{source.name} ({source.title}) is the closest kind of extract, but there is "
                f"no column named {', '.join(repr(m) for m in missing)}: rename the heading "
                f"that holds it. Otherwise, {expected}"
            )
        elif marks := sorted(marks_of_another(source, names)):
            expected = (
                f"{source.name} ({source.title}) is the closest kind of extract, but the "
                f"column(s) {', '.join(marks)} belong to another kind: name the source "
                f"(--source). Otherwise, {expected}"
            )
    fitting = [
        s.name
        for s in SOURCES.values()
        if set(s.required) <= names and not marks_of_another(s, names)
    ]
    if len(fitting) > 1:
        expected += f" (these headings fit {' and '.join(fitting)}: name the source)"
    raise ImportError_(
        [RowError(name, None, "(header)", ", ".join(h for h in header if h), expected)]
    )


@dataclass(frozen=True)
class _Field:
    column: Column
    index: int | None
    """Where the column is in the file; None when an optional column is absent."""
    parse: Parser


def _fields(name: str, source: Source, header: list[str]) -> tuple[list[_Field], tuple[str, ...]]:
    """Where each of the source's columns is, and the headings that will not be loaded."""
    errors: list[RowError] = []
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, heading in enumerate(header):
        key = normalise_header(heading)
        if key not in source.column_names:
            label = heading or f"(column {index + 1}, no heading)"
            if label not in ignored:
                ignored.append(label)
        elif key in positions:
            errors.append(RowError(name, 1, key, heading, "each column once"))
        else:
            positions[key] = index
    for column in source.required:
        if column not in positions:
            errors.append(
                RowError(
                    name,
                    None,
                    column,
                    "",
                    f"a column named '{column}' ({source.name} extracts need "
                    f"{', '.join(source.required)})",
                )
            )
    if errors:
        raise ImportError_(errors)
    fields = [_Field(c, positions.get(c.name), parser(c)) for c in source.columns]
    return fields, tuple(ignored)


# Rows


SHOWN_LENGTH = 30
"""The most of a cell an error quotes: enough to find the cell, too little to carry a record."""
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE_LIKE = re.compile(r"[0-9/. :-]+")
_NUMBER_LIKE = re.compile(r"[0-9.,+\-eE ]+")
_LONG_DIGITS = re.compile(r"[0-9]{4,}")


def _date_like(text: str) -> bool:
    """Digits and date separators, perhaps with a month's name ("March 2023"): what a date cell
    may hold when it is wrong, as opposed to a child's id pushed into it by a stray comma."""
    words = re.sub(r"[0-9/. ,:-]+", " ", text.lower()).split()
    return bool(_DATE_LIKE.fullmatch(text)) or (
        bool(words) and all(any(w.startswith(m) for m in _MONTHS) for w in words)
    )


def _shown(column: Column, text: str, cell: Cell | None) -> str:
    """A bad cell's value as an error may show it.

    Errors reach logs, emails and screens, so a value is quoted only where it cannot identify
    anyone: a date, a number, a yes/no or a choice that looks like one, at most
    :data:`SHOWN_LENGTH` characters. Identifiers and free text are described, never quoted,
    and so is anything in a typed column that looks like an identifier (a stray comma or an open
    quotation mark moves a child's id into the next column)."""
    if cell is not None and cell.formula:
        return cell.formula[:SHOWN_LENGTH]
    if not text:
        return ""
    kind = column.type
    if kind is ColumnType.ID:
        return MASKED
    if kind is ColumnType.TEXT:
        return f"(text of {len(text)} characters)"
    if len(text) > SHOWN_LENGTH:
        return f"(text of {len(text)} characters)"
    if kind is ColumnType.DATE:
        return text if _date_like(text) else "(text that is not a date)"
    if kind in (ColumnType.INTEGER, ColumnType.NUMBER):
        return text if _NUMBER_LIKE.fullmatch(text) else "(text that is not a number)"
    # Choices and yes/no: words, or short codes; a long run of digits is somebody's id.
    return "(a value that is not one of the choices)" if _LONG_DIGITS.search(text) else text


def _validate(
    name: str, fields: list[_Field], table: Table, area_code: str
) -> dict[str, list[Any]]:
    """Every row's values by column (identifiers still raw), or every problem raised at once.

    Column by column, because each column's checks are the same for every row; the checks
    that compare columns (dates in order, a record once) follow. Problems are then put back in
    the order a person reads the file: row by row, left to right.
    """
    found: list[tuple[int, int, RowError]] = []
    columns: dict[str, list[Any]] = {}
    width = len(table.header)
    for order, item in enumerate(fields):
        column, index, parse = item.column, item.index, item.parse
        if index is None:
            columns[column.name] = [column.default] * len(table.rows)
            continue
        values: list[Any] = []
        for position, row in enumerate(table.rows):
            text = row[index] if index < len(row) else ""
            cell = table.cells.get((position, index)) if table.cells else None
            if cell is not None and cell.formula:
                expected = f"a value ({FORMULA_NOTE})"
            elif not text:
                if column.required:
                    expected = "a value (the column is required)"
                else:
                    values.append(column.default)
                    continue
            else:
                value, expected = parse(text, cell)
                if not expected:
                    values.append(value)
                    continue
            number = table.numbers[position]
            found.append(
                (
                    position,
                    order,
                    RowError(name, number, column.name, _shown(column, text, cell), expected),
                )
            )
            values.append(_BAD)
        columns[column.name] = values

    columns["la_code"] = [(code or area_code).upper() for code in columns["la_code"]]
    for position, row in enumerate(table.rows):
        if len(row) > width and any(row[width:]):
            found.append(
                (
                    position,
                    -1,
                    RowError(
                        name,
                        table.numbers[position],
                        "(row)",
                        "(cells beyond the headings)",
                        f"no cells to the right of the last heading (the header has {width} "
                        "columns): give the column a heading or delete it",
                    ),
                )
            )
    if "start_date" in columns and "end_date" in columns:
        order = next(i for i, f in enumerate(fields) if f.column.name == "end_date")
        for position, (start, end) in enumerate(
            zip(columns["start_date"], columns["end_date"], strict=True)
        ):
            if isinstance(start, date) and isinstance(end, date) and end < start:
                found.append(
                    (
                        position,
                        order,
                        RowError(
                            name,
                            table.numbers[position],
                            "end_date",
                            f"{end:%Y-%m-%d}",
                            f"a date on or after the start_date ({start:%Y-%m-%d}), or empty "
                            "while open",
                        ),
                    )
                )
    for order, item in enumerate(fields):
        if item.column.required_when is None:
            continue
        other, wanted = item.column.required_when
        needing = [
            position
            for position, (mine, theirs) in enumerate(
                zip(columns[item.column.name], columns[other], strict=True)
            )
            if mine is None and theirs == wanted
        ]
        if needing and item.index is None:
            # No such column at all: one problem for the file, not one per row.
            found.append(
                (
                    needing[0],
                    order,
                    RowError(
                        name,
                        None,
                        item.column.name,
                        "",
                        f"a column named '{item.column.name}' (required where {other} is "
                        f"{wanted}, as in {formatting.count(len(needing))} row(s))",
                    ),
                )
            )
            continue
        for position in needing:
            found.append(
                (
                    position,
                    order,
                    RowError(
                        name,
                        table.numbers[position],
                        item.column.name,
                        "",
                        f"a value (the column is required where {other} is {wanted})",
                    ),
                )
            )
    # A record is its area and its id: the same case number may come from two councils.
    first: dict[tuple[str, str], int] = {}
    order = next(i for i, f in enumerate(fields) if f.column.name == "record_id")
    for position, (la_code, record_id) in enumerate(
        zip(columns["la_code"], columns["record_id"], strict=True)
    ):
        if record_id is _BAD:
            continue
        earlier = first.setdefault((la_code, record_id), position)
        if earlier != position:
            found.append(
                (
                    position,
                    order,
                    RowError(
                        name,
                        table.numbers[position],
                        "record_id",
                        MASKED,
                        f"each record once (row {table.numbers[earlier]} has the same record_id)",
                    ),
                )
            )
    if found:
        found.sort(key=lambda problem: problem[:2])
        raise ImportError_([error for _, _, error in found])
    return columns
