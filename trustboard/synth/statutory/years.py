"""Collection years (1 April to 31 March) and what a return made for one knows.

A return is made once its year has ended and holds the records open at any time in it: a
record is in year Y's return when it started by 31 March and had not ended before 1 April (the
same test the store uses to decide which records a return replaces, so importing the years in
order leaves each record as its latest return has it). An end after 31 March had not happened
when the return was made, so the return leaves it empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

NAT = np.datetime64("NaT", "D")


@dataclass(frozen=True, order=True)
class CollectionYear:
    """1 April of ``first`` to 31 March of the year after."""

    first: int

    @property
    def start(self) -> date:
        return date(self.first, 4, 1)

    @property
    def end(self) -> date:
        return date(self.first + 1, 3, 31)

    @property
    def label(self) -> str:
        """How folders and files are named: ``2023-24``."""
        return f"{self.first}-{(self.first + 1) % 100:02d}"

    @property
    def title(self) -> str:
        """How a summary names it, as the importer does: ``2023/24``."""
        return f"{self.first}/{(self.first + 1) % 100:02d}"


def year_of(day: date) -> CollectionYear:
    """The collection year a day falls in."""
    return CollectionYear(day.year if day.month >= 4 else day.year - 1)


def years_between(first: date, last: date) -> list[CollectionYear]:
    """Every collection year from the one holding ``first`` to the one holding ``last``."""
    return [CollectionYear(y) for y in range(year_of(first).first, year_of(last).first + 1)]


def in_year(start: np.ndarray, end: np.ndarray, year: CollectionYear) -> np.ndarray:
    """Records open at any time in the year: started by its end, not ended before its start."""
    first, last = np.datetime64(year.start, "D"), np.datetime64(year.end, "D")
    return (start <= last) & (np.isnat(end) | (end >= first))


def known_in(days: np.ndarray, year: CollectionYear) -> np.ndarray:
    """Dates as the year's return knows them: one after the year's end has not happened yet."""
    out = days.copy()
    out[out > np.datetime64(year.end, "D")] = NAT
    return out


def uk_dates(days: np.ndarray) -> list[str]:
    """DD/MM/YYYY, as SSDA903 writes dates; "" for NaT."""
    return ["" if iso == "NaT" else f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" for iso in _iso(days)]


def iso_dates(days: np.ndarray) -> list[str]:
    """YYYY-MM-DD, as the CIN census writes dates; "" for NaT."""
    return ["" if iso == "NaT" else iso for iso in _iso(days)]


def _iso(days: np.ndarray) -> list[str]:
    return np.datetime_as_string(np.asarray(days, dtype="datetime64[D]")).tolist()


@dataclass(frozen=True)
class WrittenReturn:
    """One return written: which, for which year, its files and what it holds."""

    kind: str
    """``ssda903`` or ``cin_census``, as the importer records it."""
    title: str
    year: CollectionYear
    files: tuple[Path, ...]
    counts: tuple[tuple[str, int], ...]
    """(what, how many), in the order a summary tells them."""

    def summary(self) -> str:
        held = ", ".join(f"{count:,} {what}" for what, count in self.counts)
        where = self.files[0].parent if len(self.files) > 1 else self.files[0]
        return f"{self.title} {self.year.title}: {held} ({where})"
