"""What a statutory return becomes once read: rows for the store's record sources.

Each adapter (SSDA903, CIN census, Annex A) reads its return's own layout, checks it against the
published specification, and hands back a :class:`Return`: for each record source it fills, the
rows as the schema in :mod:`trustboard.measures.sources` describes them, with the case system's
identifiers still raw (they are pseudonymised on the way into the store, like any extract's).
Identifying columns the adapter knows (a date of birth, a UPN, a postcode) are read only to
derive what the measures need (an age at each event) and never reach a :class:`Return`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from trustboard.ingest.cells import ImportError_, RowError
from trustboard.measures.sources import Source

__all__ = ["Adapter", "File", "Return", "SourceRows", "age_on", "financial_year_of"]


@dataclass(frozen=True)
class File:
    name: str
    data: bytes


@dataclass(frozen=True)
class SourceRows:
    """One record source's rows from a return, column by column."""

    source: Source
    columns: dict[str, list[Any]]
    scope: tuple[date, date] | None = None
    """The span the return is the whole truth about: the area's records of this source that
    overlap it are replaced by the return's (a record the case system has since deleted or
    re-dated goes), and records outside it are kept (last year's return holds those)."""

    @classmethod
    def of(
        cls, source: Source, records: list[dict[str, Any]], scope: tuple[date, date] | None = None
    ) -> SourceRows:
        """Records (one dict each) as the source's columns, every column filled: a column a
        record does not set takes the schema's default."""
        columns = {c.name: [r.get(c.name, c.default) for r in records] for c in source.columns}
        return cls(source, columns, scope)

    @property
    def rows(self) -> int:
        return len(self.columns["record_id"])


@dataclass(frozen=True)
class Return:
    kind: str
    """``ssda903``, ``cin_census`` or ``annex_a``: what the batch is recorded as."""
    title: str
    """How a summary names it: "SSDA903 return 2023/24"."""
    files: tuple[str, ...]
    la_code: str
    """The authority the return says it is for ("" when its format does not say)."""
    tables: tuple[SourceRows, ...]
    not_loaded: tuple[str, ...] = ()
    """Tables the return carries that no record source holds, each with why."""
    cannot_give: tuple[str, ...] = field(default=())
    """What the framework's measures would want that this return does not record."""


class Adapter(Protocol):
    """A statutory return's reader: one module per return."""

    KIND: str
    TITLE: str

    def recognises(self, name: str, data: bytes) -> bool:
        """Whether a file is one of this return's tables (read from its headings or root)."""
        ...

    def read(self, files: Sequence[File], *, today: date) -> Return:
        """Every table of one return, checked whole; raises :class:`ImportError_`."""
        ...


def age_on(birth: date, day: date) -> int:
    """Whole years from a birth date to a day: the age the DfE's tables count by."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def financial_year_of(day: date) -> tuple[date, date]:
    """The collection year (1 April to 31 March) a day falls in: a return's year."""
    first = day.year if day.month >= 4 else day.year - 1
    return date(first, 4, 1), date(first + 1, 3, 31)


def refuse(errors: list[RowError]) -> None:
    """Raise every problem at once, in the order a person reads the files."""
    if errors:
        errors.sort(key=lambda e: (e.file, e.row if e.row is not None else -1))
        raise ImportError_(errors)
