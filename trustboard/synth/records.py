"""Synthetic record-level extracts: the four sources of ``measures.sources``, calibrated.

Measures, engines, importers and the national benchmark need record-level data shaped like a
real partnership's, and there is none we may use. This module makes it: early help assessments,
MASH contacts, child protection and child in need plans and episodes of care, for the example
partnership (area 1, ``E10000025``) and for as many further areas as asked, each a scaled copy.

Area 1 reproduces what the board's reports publish (seeds 000 to 004; ``examples/oxfordshire/
synthetic.yaml`` tells the same story for the aggregate series):

- EHAs by calendar year (1,233 in 2017 ... 1,684 in 2020, then about 2,300, 3,900 and 4,600),
  about 3,800 in 2022/23 (the report projected 3,750), fewer in August and late December;
- the 2020 agency mix of the task and finish group's table, with its organisation types;
- the health visitor pilot from April 2022, and per-agency MASH contacts per EHA in 2022/23 as
  the report's ratio table has them (Health 4.1 without the pilot, 2.5 with it);
- MASH contacts 60% above 2019 by 2022 after a 2020 dip, 62% ending in no further action (57% of
  the county council's), 12% about a child with an EHA in the 12 months before;
- about 600 children on a child protection plan (648 in December 2022, 605 in March 2023), 29% of
  new plans repeats, neglect the largest category, under 1 in 3 new neglect plans preceded by an
  EHA, a few dozen plans open over 18 months;
- about 800 children we care for (803, 770), 110 to 124 of them unaccompanied asylum-seeking
  children by 2023, 5 to 8 in unregistered placements.

How the figures are hit, and why it is fast:

- Flows (EHAs, contacts) are expected counts per area, month and cell (organisation type or
  agency), times a little month-to-month noise, rounded stochastically (floor plus a coin for the
  fraction), so a year's total lands within about 1% of its target whatever the seed, unlike
  Poisson draws, which would miss small agencies' yearly counts (Police: about 100 EHAs) by 10%.
  Days within a month are drawn from weekday and Christmas weights.
- Stocks (open plans, children in care, unregistered placements) are a target path of month-end
  counts. The monthly start rates that give it are solved forward once, from the duration
  distribution (a lognormal mixture) and an equilibrium cohort already open at the beginning;
  each month's durations are stratified quantiles, so a cohort's spread of durations is the
  distribution's, not a sample's.
- Links between sources are picks from windows of an area's sorted dates (``searchsorted``):
  a contact "preceded by an EHA" takes the child of an EHA from the 364 days before; a repeat plan
  takes the child of a plan that ended in the 729 days before; chains of re-contacts and repeats
  resolve to their first child by pointer jumping. Windows sit a day inside the measures'
  (365 and 730 days) so no link depends on how a boundary is counted.
- Everything is numpy over whole arrays; the only Python loops run over areas and months. Each
  area draws from its own random stream (seed, area), so area 1 is the same whether 1 or 153
  areas are generated, and adding areas never changes earlier ones.

Columns come back in schema order with these numpy dtypes (``DTYPES``): identifiers and text as
``object`` arrays of ``str`` (a fixed-width ``U`` array costs four bytes a character, 4 GiB for the
national contacts, and DuckDB scans it as an ENUM, many times slower); categories share one string
object per value, so they cost a pointer a row. Dates are ``datetime64[D]``, booleans ``bool``,
integers ``int64``, numbers ``float64``. Missing values: ``""`` in text (about 0.5% of contacts
have no urgency, 1% of EHAs no locality), ``NaN`` in numbers (decision hours where urgency is
missing), ``NaT`` for the end of an open plan or episode. ``la_code`` is filled on every row.

Which records an extract holds: EHAs and contacts dated from ``start`` to ``end``; plans open at
any time from two years before ``start`` (so a repeat plan's previous plan is in the extract) and
care episodes open at any time from ``start``, both started by ``end``. An end after ``end`` is
not known yet, so it is empty.

Identifiers: ``C`` and eight digits for children, unique across all areas and shared by a
child's records in every source; ``EHA``, ``MC``, ``CP`` (all plans) and ``LA`` and seven or eight
digits for records, unique within a source, numbered by area then date.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import duckdb
import numpy as np

from trustboard.measures.sources import (
    AGENCIES,
    MASH_OUTCOMES,
    PLAN_CATEGORIES,
    PLAN_TYPES,
    SOURCES,
    ColumnType,
    Source,
)

__all__ = [
    "AREA_CODES",
    "DTYPES",
    "EXAMPLE_LA_CODE",
    "SynthOptions",
    "area_codes",
    "area_size_factors",
    "generate",
    "write",
]

# -- areas -----------------------------------------------------------------------------------------
EXAMPLE_LA_CODE = "E10000025"
"""Area 1, the example partnership."""

AREA_CODES: tuple[str, ...] = tuple(f"E99{number:06d}" for number in range(1, 1000))
"""Codes of areas 2, 3, ...: ONS has no E99 entity type, so none can be mistaken for a council."""

ENGLISH_AUTHORITIES = 153
"""Local authorities with children's services in England: the national benchmark's area count."""

MEAN_AREA_SIZE = 0.85
"""Areas 2..153 are on average this fraction of area 1 (a large county) in every volume."""

AREA_SIZE_SIGMA = 0.5
AREA_SIZE_RANGE = (0.15, 3.5)
AREA_SIZE_SEED = 20_230_303
"""Fixed, not the options' seed: an area's size is part of what the area is."""

# -- early help assessments ------------------------------------------------------------------------
EHA_CALENDAR_YEARS = {
    2017: 1233,
    2018: 1480,
    2019: 1935,
    2020: 1684,
    2021: 2300,
    2022: 3860,
    2023: 4560,
}
"""Area 1's EHAs per calendar year, the pilot's included. 2017 to 2020 are the task and finish
group's table; 2021 to 2023 are the brief's "about 2,300, 4,000 and 4,700" pulled towards each
other so that 2022/23 can also come out near the 3,750 the March 2023 report projected: a year
that starts and ends in flat months (January to March 2022 and 2023 about equal) cannot be far
from the calendar year 2022, so 2022 sits 3.5% low and 2022/23 about 1.5% high (3,800)."""

EHA_TREND = {
    (2016, 7): 95,
    (2017, 7): 103,
    (2018, 7): 123,
    (2019, 7): 160,
    (2020, 7): 145,
    (2021, 3): 160,
    (2021, 12): 235,
    (2022, 2): 335,
    (2022, 12): 320,
    (2023, 2): 280,
    (2023, 3): 285,
    (2023, 5): 395,
    (2023, 12): 405,
    (2024, 3): 410,
}
"""Deseasonalised monthly EHAs (area 1) between the yearly totals: the shape within a year. The
flat 2022 and the step in spring 2023 are what lets both 2022 and 2022/23 land (see above)."""

EHA_SEASON = (1.05, 1.1, 1.15, 0.85, 1.05, 1.1, 0.95, 0.55, 0.95, 1.15, 1.15, 0.85)
"""January to December, as ``synthetic.yaml`` has it for 1.4: schools complete most assessments."""

EHA_COVID = {(2020, 4): 0.55, (2020, 5): 0.6, (2020, 6): 0.8, (2020, 7): 0.95, (2021, 1): 0.75,
             (2021, 2): 0.85}  # fmt: skip
"""Schools closed: fewer EHAs in these months (the year's total still as published)."""

EHA_ORGANISATIONS_2020: tuple[tuple[str, str, int], ...] = (
    ("Education", "Education - Primary", 609),
    ("Education", "Education - Secondary", 327),
    ("Education", "Nursery/Preschool", 26),
    ("County Council", "LA Services - LCSS worker", 217),
    ("Health", "Health - Health Visitor", 44),
    ("Health", "Health - Midwives", 3),
    ("Health", "Health Services - other primary health", 35),
    ("Health", "Health - School Nurse", 6),
    ("Health", "Health - CAMHS", 27),
    ("Other", "Family - self", 30),
    ("Police", "Police", 2),
    ("Other", "Voluntary Sector", 3),
    ("Other", "Housing", 0),
)
"""Seed 004's "EHA Data 2020" table, mapped to the agency groups. The seed's mixed dashes
("Education – Primary", "Health Services- other primary health") are written as " - ", the way
one case system would spell them all."""

HOUSING_WEIGHT = 1
"""Housing completed none in 2020; a token weight keeps it a live organisation type."""

EHA_AGES = {
    "Education - Primary": (4, 11),
    "Education - Secondary": (11, 16),
    "Nursery/Preschool": (2, 4),
    "LA Services - LCSS worker": (0, 17),
    "Health - Health Visitor": (0, 4),
    "Health - Midwives": (0, 0),
    "Health Services - other primary health": (0, 15),
    "Health - School Nurse": (5, 16),
    "Health - CAMHS": (8, 17),
    "Family - self": (0, 17),
    "Police": (5, 17),
    "Voluntary Sector": (0, 17),
    "Housing": (0, 17),
}
"""Ages at assessment by who completed it: a health visitor sees the under-fives."""

PILOT_ORGANISATION = "Health - Health Visitor"
PILOT_RAMP = {(2022, 4): 0.5, (2022, 5): 0.8}
"""The pilot's first months at part strength; full from June 2022 and carrying on after."""

LOCALITIES = ("Central", "North", "South")
LOCALITY_WEIGHTS = (0.4, 0.3, 0.3)
LOCALITY_MISSING = 0.01

# -- MASH contacts ---------------------------------------------------------------------------------
CONTACT_TREND = {
    (2016, 7): 1020,
    (2017, 7): 1080,
    (2018, 7): 1140,
    (2019, 7): 1185,
    (2020, 6): 1200,
    (2020, 12): 1300,
    (2021, 3): 1700,
    (2021, 9): 1900,
    (2022, 6): 1935,
    (2023, 3): 1975,
    (2024, 3): 2050,
}
"""Deseasonalised monthly contacts (area 1) before scaling: flat to 2020, the post-lockdown
surge of 2021, then slow growth. The level is rescaled so that 2022/23 matches the EHAs through
the ratio table; the shape gives 2022 about 60% above 2019 and 2022/23 about 4% above 2021/22."""

CONTACT_SEASON = (1.05, 1.05, 1.1, 0.85, 1.0, 1.1, 1.05, 0.75, 1.0, 1.1, 1.1, 0.85)
"""January to December, as ``synthetic.yaml`` has it for 1.5."""

CONTACT_SHARES = {
    "Police": 0.346,
    "Other": 0.256,
    "Education": 0.233,
    "Health": 0.145,
    "County Council": 0.02,
}
"""Where contacts come from. Few from the county council's own services: they complete 1.8 EHAs
for every contact, so their contacts must be a small fraction of their ~800 EHAs."""

CONTACT_COVID = {
    "Education": {(2020, 4): 0.3, (2020, 5): 0.35, (2020, 6): 0.6, (2020, 7): 0.85,
                  (2021, 1): 0.6, (2021, 2): 0.7},
    "Health": {(2020, 4): 0.75, (2020, 5): 0.8, (2020, 6): 0.9},
    "Police": {(2020, 4): 0.85, (2020, 5): 0.9},
    "Other": {(2020, 4): 0.8, (2020, 5): 0.85, (2020, 6): 0.95},
    "County Council": {(2020, 4): 0.8, (2020, 5): 0.85},
}  # fmt: skip
"""Lockdowns: contacts from schools collapsed while they were closed; the 2020 dip."""

RATIO_YEAR = ((2022, 4), (2023, 3))
"""The financial year of the March 2023 report's ratio table."""

EHAS_PER_CONTACT = {
    "County Council": 1.8,
    "Health": 1 / 4.1,
    "Education": 1 / 3.7,
    "Police": 1 / 75,
    "Other": 1 / 55,
}
"""The ratio table, as EHAs per contact (County Council "1.8 S&Ns per MASH contact", the others
"N MASH contacts per S&N"), without the pilot."""

HEALTH_CONTACTS_PER_EHA_WITH_PILOT = 2.5

NO_FURTHER_ACTION = {
    "Police": 0.66,
    "Other": 0.63,
    "Education": 0.58,
    "Health": 0.59,
    "County Council": 0.57,
}
"""Share of each agency's contacts ending in no further action: 57% for the county council, and
62% overall with the shares above ("62% ... including 57% from county council sources")."""

OTHER_OUTCOMES = {"early_help": 0.40, "social_care_assessment": 0.48, "other": 0.12}
"""How the contacts that are not NFA divide."""

URGENCY = ("red", "amber", "green")
URGENCY_BY_OUTCOME = {
    "no_further_action": (0.015, 0.235, 0.75),
    "early_help": (0.04, 0.46, 0.50),
    "social_care_assessment": (0.40, 0.45, 0.15),
    "other": (0.08, 0.42, 0.50),
}
"""RAG at screening by what was decided: about 10% red overall."""

URGENCY_MISSING = 0.005
DECISION_HOURS = {"red": (4.0, 0.8), "amber": (28.0, 0.6), "green": (55.0, 0.6)}
"""Median hours to the decision and the lognormal sigma: 99% of red contacts inside 24 hours."""

PRECEDING_EHA_SHARE = 0.12
"""Seed 002: "88% of MASH contacts do not have a preceding strength and needs document"."""

RECONTACT_SHARE = 0.35
"""Of the other contacts, those about a child already contacted about in the 12 months before."""

LINK_WINDOW_DAYS = 364
"""A day inside the measures' 365-day "in the 12 months before"."""

# -- plans -----------------------------------------------------------------------------------------
CP_OPEN = {
    (2017, 4): 620,
    (2018, 3): 600,
    (2019, 3): 578,
    (2020, 3): 560,
    (2021, 3): 585,
    (2022, 3): 625,
    (2022, 11): 655,
    (2022, 12): 648,
    (2023, 2): 615,
    (2023, 3): 605,
    (2024, 3): 602,
}
"""Children on a child protection plan at month ends (area 1): 648 in December 2022 and 605 by
March 2023 (the reports), the rest as ``synthetic.yaml`` has indicator 1.2."""

CIN_OPEN = {(2017, 4): 380, (2020, 3): 340, (2022, 3): 360, (2024, 3): 370}
"""Children on a child in need plan (assumed): present so measures must tell plan types apart."""

CP_DURATION = ((1.0, 240.0, 0.62),)
"""Plan length in days, (weight, median, sigma) of a lognormal mixture: a mean of about ten
months, with 7 to 8% of open plans past 18 months (about 45 of 600: "a few dozen")."""

CIN_DURATION = ((1.0, 200.0, 0.7),)

REPEAT_SHARE = 0.29
"""New protection plans made repeats (seed 002: 29%), chosen evenly through time; almost all
find an earlier plan to follow (retries settle clashes over the same one)."""

REPEAT_WINDOW_DAYS = 729
"""A repeat follows a plan that ended within two years (730 days) before it starts."""

CATEGORY_SHARES = {
    "neglect": 0.45,
    "physical_abuse": 0.08,
    "emotional_abuse": 0.35,
    "sexual_abuse": 0.04,
    "multiple": 0.08,
}

EHA_BEFORE_PLAN = {"neglect": 0.37, "other": 0.22}
"""Chance that a new (not repeat) plan is for a child with an EHA in the 12 months before. With
repeats (whose EHA is mostly older) this leaves about 30% of all new neglect plans: "less than 1
in 3 ... had evidenced a strengths and needs document"."""

CONTACT_BEFORE_PLAN_DAYS = 90
"""Other new plans follow a contact ending in a social care assessment in the quarter before."""

# -- care ------------------------------------------------------------------------------------------
CARED_FOR = {
    (2017, 4): 690,
    (2018, 3): 712,
    (2019, 3): 735,
    (2020, 3): 748,
    (2021, 3): 762,
    (2022, 3): 790,
    (2022, 9): 812,
    (2022, 12): 803,
    (2023, 3): 770,
    (2023, 9): 768,
    (2024, 3): 765,
}
"""Children we care for at month ends (area 1), UASC included: 803 in December 2022 and 770 in
March 2023 (the reports' table), the path as ``synthetic.yaml`` has indicator 1.1."""

UASC_CARED_FOR = {
    (2017, 4): 45,
    (2019, 3): 48,
    (2021, 3): 40,
    (2022, 3): 70,
    (2022, 12): 110,
    (2023, 3): 124,
    (2024, 3): 118,
}
"""Unaccompanied asylum-seeking children among them: 110 in December 2022 and 124 in spring
2023, the gap between the reports' text and table figures (913 - 803, 894 - 770)."""

UNREGISTERED = {
    (2017, 4): 2,
    (2021, 3): 4,
    (2022, 4): 6,
    (2022, 12): 8,
    (2023, 2): 5,
    (2023, 3): 5,
    (2024, 3): 3,
}
"""Children in unregistered placements at month ends: 8 in December 2022, 5 in February 2023."""

CARE_DURATION = ((0.35, 75.0, 0.9), (0.65, 1000.0, 0.9))
"""Periods of care in days: short stays and long ones. The short ones let the count fall by 33
in the three months to March 2023 while unaccompanied children still arrive."""

UASC_DURATION = ((1.0, 450.0, 0.5),)
"""Unaccompanied children mostly arrive at 16 or 17 and leave care at 18."""

UNREGISTERED_DURATION = ((1.0, 45.0, 0.7),)

CONTACT_BEFORE_CARE = 0.45
CONTACT_BEFORE_CARE_DAYS = 180

LEGAL_STATUSES = ("C2", "C1", "V2", "E1", "J2", "L2")
LEGAL_STATUS_WEIGHTS = (0.55, 0.13, 0.18, 0.08, 0.03, 0.03)
UASC_LEGAL_STATUS_WEIGHTS = (0.05, 0.0, 0.95, 0.0, 0.0, 0.0)

PLACEMENT_TYPES = ("U1", "U3", "U4", "U6", "K2", "H5", "P1", "A5", "R1", "Z1")
"""SSDA903 placement codes: foster care (U1 to U6), children's homes (K2), supported
accommodation (H5), placed with parents (P1), for adoption (A5), residential (R1), other (Z1)."""
PLACEMENT_WEIGHTS = (0.06, 0.06, 0.3, 0.2, 0.11, 0.08, 0.06, 0.05, 0.03, 0.05)
UASC_PLACEMENT_WEIGHTS = (0.0, 0.0, 0.3, 0.2, 0.05, 0.45, 0.0, 0.0, 0.0, 0.0)
UNREGISTERED_PLACEMENT_WEIGHTS = (0.0, 0.0, 0.0, 0.0, 0.25, 0.4, 0.0, 0.0, 0.0, 0.35)

PLACEMENT_MOVE = 0.35
"""Periods of care longer than six months with one change of placement (a new episode)."""

# -- shapes of the output --------------------------------------------------------------------------
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

HISTORY_DAYS = 730
"""Plans reach back this far before ``start`` so a repeat's previous plan is in the extract."""

MAX_DURATION_DAYS = 365 * 40
INITIAL_STRATUM = 16
"""Records of similar age in the cohort open at the start whose remaining durations are
stratified together."""

OPEN = np.iinfo(np.int32).max
"""Day number of a placement change or unregistered stretch a period of care does not have."""

CURVE_YEARS = (2000, 2040)
"""The calendar the calibration's monthly curves cover; options must fall inside it."""

_STREAMS = {"ehas": 1, "contacts": 2, "plans": 3, "care": 4, "children": 5}


@dataclass(frozen=True)
class SynthOptions:
    """What to generate: how many areas, which dates, which random numbers."""

    areas: int = 1
    """Area 1 is the example partnership (E10000025); areas 2.. take ``AREA_CODES`` in order."""
    start: date = date(2017, 1, 1)
    end: date = date(2024, 3, 31)
    seed: int = 0


# -- public API ------------------------------------------------------------------------------------
def area_codes(areas: int) -> tuple[str, ...]:
    """The la_code of each of the first ``areas`` areas."""
    _check_areas(areas)
    return (EXAMPLE_LA_CODE, *AREA_CODES[: areas - 1])


def area_size_factors(areas: int) -> np.ndarray:
    """Each area's volumes as a multiple of area 1's.

    Lognormal and fixed per area (not per seed), normalised so that areas 2..153 average
    ``MEAN_AREA_SIZE``; area 1 is 1.
    """
    _check_areas(areas)
    return _size_factors()[:areas].copy()


def generate(options: SynthOptions) -> dict[str, dict[str, np.ndarray]]:
    """The four sources for ``options``: source name -> column name -> array, in schema order."""
    _check_options(options)
    calibration = _calibration()
    sizes = area_size_factors(options.areas)
    flow = _Calendar.between(options.start, options.end, options.start, options.end)
    history_start = options.start - timedelta(days=HISTORY_DAYS)
    stocks = {
        "plans": _Calendar.between(history_start, options.end, history_start, options.end),
        "care": _Calendar.between(options.start, options.end, options.start, options.end),
    }
    starts = _stock_rates(stocks)
    parts: list[_Area] = []
    for index, size in enumerate(sizes):
        parts.append(
            _generate_area(index + 1, float(size), options, calibration, flow, stocks, starts)
        )
    return _assemble(parts, options)


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


# -- checks ----------------------------------------------------------------------------------------
def _check_areas(areas: int) -> None:
    if not 1 <= areas <= 1 + len(AREA_CODES):
        raise ValueError(f"areas must be from 1 to {1 + len(AREA_CODES)}, not {areas}")


def _check_options(options: SynthOptions) -> None:
    _check_areas(options.areas)
    if options.end < options.start:
        raise ValueError(f"end {options.end} is before start {options.start}")
    # Plans reach two years further back, and each calendar a month either side.
    first = date(CURVE_YEARS[0] + 3, 1, 1)
    last = date(CURVE_YEARS[1] - 1, 12, 31)
    if options.start < first or options.end > last:
        raise ValueError(f"dates must fall between {first} and {last}")


# -- months and days -------------------------------------------------------------------------------
def _month(year: int, month: int) -> int:
    return year * 12 + month - 1


def _first_day(months: np.ndarray | int) -> np.ndarray:
    """Day numbers (days since 1970-01-01) of the first day of absolute months."""
    offsets = np.asarray(months, dtype=np.int64) - 1970 * 12
    return offsets.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _day_number(day: date) -> int:
    return int(np.datetime64(day, "D").astype(np.int64))


CURVE_FIRST = _month(CURVE_YEARS[0], 1)
CURVE_MONTHS = np.arange(CURVE_FIRST, _month(CURVE_YEARS[1], 12) + 1)


def _curve(anchors: Mapping[tuple[int, int], float]) -> np.ndarray:
    """Straight lines between anchor months over the whole calendar, flat beyond the ends."""
    points = sorted((_month(*key), value) for key, value in anchors.items())
    xs, ys = zip(*points, strict=True)
    return np.interp(CURVE_MONTHS, xs, ys)


def _factors(factors: Mapping[tuple[int, int], float]) -> np.ndarray:
    """Month factors, 1 where none is given."""
    out = np.ones(len(CURVE_MONTHS))
    for key, value in factors.items():
        out[_month(*key) - CURVE_FIRST] = value
    return out


def _season(factors: Sequence[float]) -> np.ndarray:
    shape = np.asarray(factors, dtype=float)
    return (shape / shape.mean())[CURVE_MONTHS % 12]


def _curve_slice(first: tuple[int, int], last: tuple[int, int]) -> slice:
    return slice(_month(*first) - CURVE_FIRST, _month(*last) - CURVE_FIRST + 1)


# -- the calibration: monthly expected counts for area 1 -------------------------------------------
@dataclass(frozen=True)
class _Calibration:
    eha_by_organisation: np.ndarray
    """(curve month, organisation) expected non-pilot EHAs."""
    eha_pilot: np.ndarray
    contacts_by_agency: np.ndarray
    """(curve month, agency) expected contacts."""
    organisations: tuple[str, ...]
    organisation_agency: np.ndarray
    """Agency code of each organisation type (the pilot's column is last)."""


@lru_cache(maxsize=1)
def _calibration() -> _Calibration:
    """Area 1's expected monthly flows, solved once so the yearly and ratio figures hold."""
    agencies = list(AGENCIES)
    # EHAs: the trend's shape within each year, scaled to the published yearly totals.
    total = _curve(EHA_TREND) * _season(EHA_SEASON) * _factors(EHA_COVID)
    years = CURVE_MONTHS // 12
    for year, target in EHA_CALENDAR_YEARS.items():
        in_year = years == year
        total[in_year] *= target / total[in_year].sum()

    # Contacts: shape from the trend; the level from the ratio table, below.
    contact_shape = _curve(CONTACT_TREND) * _season(CONTACT_SEASON)
    covid = np.stack([_factors(CONTACT_COVID.get(a, {})) for a in agencies], axis=1)
    shares = np.array([CONTACT_SHARES[a] for a in agencies])
    shares = shares / shares.sum()
    by_agency_shape = contact_shape[:, None] * shares[None, :] * covid

    ratio_year = _curve_slice(*RATIO_YEAR)
    if not np.all(covid[ratio_year] == 1):
        raise AssertionError("the ratio year must be free of lockdown factors")
    ehas_per_contact = np.array([EHAS_PER_CONTACT[a] for a in agencies])
    health = agencies.index("Health")
    pilot_per_contact = 1 / HEALTH_CONTACTS_PER_EHA_WITH_PILOT - EHAS_PER_CONTACT["Health"]
    pilot_start = _month(*RATIO_YEAR[0])
    ramp = np.greater_equal(CURVE_MONTHS, pilot_start) * _factors(PILOT_RAMP)
    # The pilot runs at part strength at first, so it runs a little faster afterwards for the
    # year's pilot EHAs to be what the ratio needs.
    health_shape = by_agency_shape[:, health]
    pilot_rate = (
        pilot_per_contact
        * health_shape[ratio_year].sum()
        / (ramp[ratio_year] * health_shape[ratio_year]).sum()
    )
    # The contact level that makes the ratio year's EHAs (by agency, plus the pilot) add up to
    # the year's EHA total: each agency's EHAs are then its contacts times the table's ratio.
    contacts_year = by_agency_shape[ratio_year].sum(axis=0)
    ehas_needed = (contacts_year * ehas_per_contact).sum() + pilot_per_contact * contacts_year[
        health
    ]
    scale = total[ratio_year].sum() / ehas_needed
    contacts = by_agency_shape * scale
    pilot = pilot_rate * ramp * contacts[:, health]
    non_pilot = total - pilot
    if np.any(non_pilot <= 0):
        raise AssertionError("the pilot exceeds the EHA total")

    # Agency shares of the non-pilot EHAs: the 2020 table until 2020, the ratio year's from
    # April 2022, a straight line between.
    organisations = tuple(name for _, name, _ in EHA_ORGANISATIONS_2020)
    organisation_agency = np.array(
        [agencies.index(agency) for agency, _, _ in EHA_ORGANISATIONS_2020]
    )
    counts = np.array([count for _, _, count in EHA_ORGANISATIONS_2020], dtype=float)
    shares_2020 = np.bincount(organisation_agency, weights=counts, minlength=len(agencies))
    shares_2020 /= shares_2020.sum()
    ehas_year = contacts[ratio_year].sum(axis=0) * ehas_per_contact
    shares_ratio_year = ehas_year / non_pilot[ratio_year].sum()
    position = np.clip(
        (CURVE_MONTHS - _month(2020, 12)) / (_month(*RATIO_YEAR[0]) - _month(2020, 12)), 0, 1
    )
    agency_shares = (1 - position)[:, None] * shares_2020 + position[:, None] * shares_ratio_year
    weights = counts + np.array([HOUSING_WEIGHT if n == "Housing" else 0 for n in organisations])
    within = weights / np.bincount(organisation_agency, weights=weights)[organisation_agency]
    by_organisation = non_pilot[:, None] * agency_shares[:, organisation_agency] * within[None, :]
    return _Calibration(
        eha_by_organisation=by_organisation,
        eha_pilot=pilot,
        contacts_by_agency=contacts,
        organisations=(*organisations, PILOT_ORGANISATION),
        organisation_agency=np.append(organisation_agency, health),
    )


@lru_cache(maxsize=1)
def _size_factors() -> np.ndarray:
    rng = np.random.default_rng(AREA_SIZE_SEED)
    raw = np.clip(np.exp(AREA_SIZE_SIGMA * rng.standard_normal(len(AREA_CODES))), *AREA_SIZE_RANGE)
    others = raw * MEAN_AREA_SIZE / raw[: ENGLISH_AUTHORITIES - 1].mean()
    return np.concatenate([[1.0], others])


# -- calendars -------------------------------------------------------------------------------------
DAY_KINDS = ("eha", "contact", "conference", "any")


@dataclass(frozen=True)
class _Calendar:
    """Whole months covering a window, with day weights for drawing dates within a month."""

    months: np.ndarray
    """Absolute month numbers."""
    first: np.ndarray
    """Index in ``days`` of each month's first day; one more entry for the end."""
    days: np.ndarray
    """Day numbers (days since 1970-01-01)."""
    window: tuple[int, int]
    """First and last day (inclusive) that records may be dated."""
    weights: Mapping[str, np.ndarray]
    """Per kind, each day's weight, zero outside the window."""
    cumulative: Mapping[str, np.ndarray]
    fraction: Mapping[str, np.ndarray]
    """Per kind, the share of each month's weight inside the window (partial months)."""

    @classmethod
    def between(cls, first: date, last: date, window_first: date, window_last: date) -> _Calendar:
        months = np.arange(_month(first.year, first.month), _month(last.year, last.month) + 1)
        bounds = _first_day(np.append(months, months[-1] + 1))
        days = np.arange(bounds[0], bounds[-1])
        first_index = bounds - bounds[0]
        window = (_day_number(window_first), _day_number(window_last))
        inside = (days >= window[0]) & (days <= window[1])
        weights, cumulative, fraction = {}, {}, {}
        for kind in DAY_KINDS:
            full = _day_weights(days, kind)
            weight = full * inside
            weights[kind] = weight
            cumulative[kind] = np.concatenate([[0.0], np.cumsum(weight)])
            fraction[kind] = np.add.reduceat(weight, first_index[:-1]) / np.add.reduceat(
                full, first_index[:-1]
            )
        return cls(months, first_index, days, window, weights, cumulative, fraction)

    def curve_rows(self) -> np.ndarray:
        return self.months - CURVE_FIRST

    def sample(self, kind: str, month_index: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """A day number for each record in the given months (positions in ``months``)."""
        cumulative = self.cumulative[kind]
        low = cumulative[self.first[month_index]]
        high = cumulative[self.first[month_index + 1]]
        target = low + rng.random(len(month_index)) * (high - low)
        position = np.searchsorted(cumulative, target, side="right") - 1
        position = np.clip(position, self.first[month_index], self.first[month_index + 1] - 1)
        return self.days[position]


def _day_weights(days: np.ndarray, kind: str) -> np.ndarray:
    """How likely a record is on each day: weekdays, weekends, Christmas to New Year's Day."""
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    dates = days.astype("datetime64[D]")
    month = dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day_of_month = (dates - dates.astype("datetime64[M]").astype("datetime64[D]")).astype(
        np.int64
    ) + 1
    christmas = ((month == 12) & (day_of_month >= 24)) | ((month == 1) & (day_of_month == 1))
    late_december = (month == 12) & (day_of_month >= 18) & ~christmas
    weekend = weekday >= 5
    if kind == "eha":
        weight = np.where(weekend, np.where(weekday == 5, 0.08, 0.04), 1.0)
        return weight * np.where(christmas, 0.2, np.where(late_december, 0.7, 1.0))
    if kind == "contact":
        return np.where(weekend, 0.32, 1.0) * np.where(christmas, 0.6, 1.0)
    if kind == "conference":
        return np.where(weekend, 0.0, 1.0) * np.where(christmas, 0.3, 1.0)
    return np.ones(len(days))


# -- durations and stocks --------------------------------------------------------------------------
@dataclass(frozen=True)
class _Durations:
    """A duration distribution in whole days on a grid: P(duration <= L) for L = 0..max."""

    cdf: np.ndarray

    @classmethod
    def lognormal_mixture(
        cls, parts: Sequence[tuple[float, float, float]], longest: int
    ) -> _Durations:
        """The mixture, with anything longer than ``longest`` days ending on that day."""
        lags = np.arange(MAX_DURATION_DAYS + 1, dtype=float)
        with np.errstate(divide="ignore"):
            logs = np.log(lags)
        cdf = np.zeros(len(lags))
        total = sum(weight for weight, _, _ in parts)
        for weight, median, sigma in parts:
            cdf += weight / total * _normal_cdf((logs - math.log(median)) / sigma)
        cdf[0] = 0.0
        cdf[min(longest, MAX_DURATION_DAYS) :] = 1.0
        return cls(cdf)

    @property
    def survival(self) -> np.ndarray:
        """P(duration > L): still open L days after the start."""
        return 1.0 - self.cdf

    def quantile(self, u: np.ndarray) -> np.ndarray:
        """Durations in days (at least one) for probabilities ``u``."""
        return np.maximum(np.searchsorted(self.cdf, u, side="left"), 1)


def _normal_cdf(x: np.ndarray) -> np.ndarray:
    """Standard normal CDF (Abramowitz and Stegun 7.1.26, error under 1.5e-7); numpy has no erf."""
    z = np.abs(x) / math.sqrt(2)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    erf = 1.0 - poly * np.exp(-z * z)
    return 0.5 * (1.0 + np.sign(x) * erf)


@dataclass(frozen=True)
class _Stock:
    """One stream of open-ended records (plans of a type, periods of care) for area 1."""

    kind: str
    durations: _Durations
    initial: float
    """Expected records open the day before the calendar's first day."""
    starts: np.ndarray
    """Expected starts in each month of the calendar."""


STOCK_SPECS = {
    "child_protection": ("plans", CP_OPEN, CP_DURATION, 8 * 365, "conference"),
    "child_in_need": ("plans", CIN_OPEN, CIN_DURATION, 8 * 365, "conference"),
    "care": ("care", None, CARE_DURATION, 18 * 365, "any"),
    "uasc": ("care", UASC_CARED_FOR, UASC_DURATION, 4 * 365, "any"),
    "unregistered": ("care", UNREGISTERED, UNREGISTERED_DURATION, 2 * 365, "any"),
}
"""Per stream: the calendar, month-end targets, durations, the longest duration (no child is
in care for more than 18 years) and the kind of day records start on."""


def _stock_rates(calendars: Mapping[str, _Calendar]) -> dict[str, _Stock]:
    """For each stream, the monthly starts that keep area 1's month-end counts on target."""
    stocks = {}
    for name, (calendar_name, anchors, parts, longest, kind) in STOCK_SPECS.items():
        calendar = calendars[calendar_name]
        rows = calendar.curve_rows()
        if name == "care":
            target = _curve(CARED_FOR)[rows] - _curve(UASC_CARED_FOR)[rows]
        else:
            target = _curve(anchors)[rows]
        durations = _Durations.lognormal_mixture(parts, longest)
        initial = float(_curve(CARED_FOR if name == "care" else anchors)[rows[0] - 1])
        if name == "care":
            initial -= float(_curve(UASC_CARED_FOR)[rows[0] - 1])
        if name == "unregistered":
            initial = 0.0
        starts = _solve_starts(target, calendar, kind, durations, initial)
        stocks[name] = _Stock(kind, durations, initial, starts)
    return stocks


def _solve_starts(
    target: np.ndarray, calendar: _Calendar, kind: str, durations: _Durations, initial: float
) -> np.ndarray:
    """Monthly starts such that the expected count open at each month end is the target.

    Forward substitution: each month's starts fill the gap between the target and what is still
    open from the initial cohort and earlier months. A fall faster than the outflow cannot be
    followed; the month's starts then stop at a floor and later months catch up.
    """
    survival = durations.survival
    mean_duration = survival.sum()
    weights = calendar.weights[kind]
    origin = calendar.days[0]
    month_ends = calendar.days[calendar.first[1:] - 1] - origin
    # The initial cohort: open the day before, ages in proportion to survival (equilibrium).
    tail = np.concatenate([np.cumsum(survival[::-1])[::-1], [0.0]])
    initial_open = initial * tail[np.minimum(month_ends + 1, len(survival))] / tail[0]
    months = len(calendar.months)
    alive = np.zeros((months, months))
    for j in range(months):
        span = slice(calendar.first[j], calendar.first[j + 1])
        day_weights = weights[span]
        if day_weights.sum() == 0:
            continue
        offsets = np.arange(span.start, span.stop)
        lags = month_ends[j:, None] - offsets[None, :]
        alive[j:, j] = (survival[np.clip(lags, 0, len(survival) - 1)] * day_weights).sum(
            axis=1
        ) / day_weights.sum()
    starts = np.zeros(months)
    for m in range(months):
        if alive[m, m] == 0:
            continue
        gap = target[m] - initial_open[m] - alive[m, :m] @ starts[:m]
        floor = 0.2 * target[m] * 30.4 / mean_duration * calendar.fraction[kind][m]
        starts[m] = max(gap / alive[m, m], floor)
    return starts


# -- one area --------------------------------------------------------------------------------------
@dataclass
class _Area:
    code: str
    ehas: dict[str, np.ndarray]
    contacts: dict[str, np.ndarray]
    plans: dict[str, np.ndarray]
    care: dict[str, np.ndarray]
    children: int


def _rng(options: SynthOptions, area: int, stream: str) -> np.random.Generator:
    return np.random.default_rng([_STREAMS[stream], area, options.seed % (1 << 64)])


def _stochastic_round(expected: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Whole counts with the expected value of ``expected`` and at most one away from it."""
    floor = np.floor(expected)
    return (floor + (rng.random(expected.shape) < expected - floor)).astype(np.int64)


def _choose(rng: np.random.Generator, weights: Sequence[float], size: int) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return np.searchsorted(np.cumsum(p / p.sum()), rng.random(size), side="right").clip(
        0, len(p) - 1
    )


def _systematic(rng: np.random.Generator, n: int, share: float | np.ndarray) -> np.ndarray:
    """Flags with the given share, spread evenly through records in their order (of date).

    Unlike a coin per record, any run of records gets the share to within one, so a year's
    repeat plans are 29% of the year's plans, not 29% give or take 3 points.
    """
    shares = np.broadcast_to(np.asarray(share, dtype=float), (n,))
    position = np.floor(np.concatenate([[0.0], np.cumsum(shares)]) + rng.random())
    return np.diff(position) > 0


def _pick_before(
    event_days: np.ndarray,
    query_days: np.ndarray,
    window: int,
    rng: np.random.Generator,
    gap: int = 1,
) -> np.ndarray:
    """For each query, a random event dated ``gap`` to ``window`` days before it, or -1.

    ``event_days`` must be sorted; returns indices into it.
    """
    low = np.searchsorted(event_days, query_days - window, side="left")
    high = np.searchsorted(event_days, query_days - gap, side="right")
    count = high - low
    pick = low + np.floor(rng.random(len(query_days)) * count).astype(np.int64)
    return np.where(count > 0, pick, -1)


def _roots(parent: np.ndarray) -> np.ndarray:
    """Follow parent links (each pointing earlier) to the first record of each chain."""
    root = parent.copy()
    while True:
        hop = root[root]
        if np.array_equal(hop, root):
            return root
        root = hop


def _generate_area(
    area: int,
    size: float,
    options: SynthOptions,
    calibration: _Calibration,
    flow: _Calendar,
    stocks: Mapping[str, _Calendar],
    rates: Mapping[str, _Stock],
) -> _Area:
    ehas = _area_ehas(_rng(options, area, "ehas"), size, calibration, flow)
    contacts = _area_contacts(_rng(options, area, "contacts"), size, calibration, flow, ehas)
    plans = _area_plans(_rng(options, area, "plans"), size, stocks["plans"], rates, flow, ehas,
                        contacts)  # fmt: skip
    care = _area_care(_rng(options, area, "care"), size, stocks["care"], rates, flow, contacts)
    children = _number_children(_rng(options, area, "children"), ehas, contacts, plans, care)
    code = EXAMPLE_LA_CODE if area == 1 else AREA_CODES[area - 2]
    return _Area(code, ehas, contacts, plans, care, children)


def _expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(month position, cell) of each record, from a (month, cell) matrix of counts."""
    flat = counts.ravel()
    cells = np.repeat(np.arange(flat.size), flat)
    return cells // counts.shape[1], cells % counts.shape[1]


def _noise(rng: np.random.Generator, shape: tuple[int, ...], sigma: float = 0.03) -> np.ndarray:
    return np.exp(sigma * rng.standard_normal(shape) - sigma * sigma / 2)


def _area_ehas(
    rng: np.random.Generator, size: float, calibration: _Calibration, calendar: _Calendar
) -> dict[str, np.ndarray]:
    rows = calendar.curve_rows()
    expected = np.column_stack([calibration.eha_by_organisation[rows], calibration.eha_pilot[rows]])
    expected *= size * calendar.fraction["eha"][:, None]
    counts = _stochastic_round(expected * _noise(rng, expected.shape), rng)
    month, organisation = _expand(counts)
    day = calendar.sample("eha", month, rng)
    order = np.argsort(day, kind="stable")
    day, organisation = day[order], organisation[order]
    n = len(day)
    names = calibration.organisations
    bounds = np.array([EHA_AGES.get(name, (0, 17)) for name in names])
    low, high = bounds[organisation, 0], bounds[organisation, 1]
    age = low + np.floor(rng.random(n) * (high - low + 1)).astype(np.int64)
    locality = _choose(rng, LOCALITY_WEIGHTS, n)
    locality[rng.random(n) < LOCALITY_MISSING] = -1
    return {
        "day": day,
        "organisation": organisation,
        "pilot": organisation == len(names) - 1,
        "agency": calibration.organisation_agency[organisation],
        "age": age,
        "locality": locality,
        "child": np.arange(n),  # entity: each assessment is about its own child
    }


def _area_contacts(
    rng: np.random.Generator,
    size: float,
    calibration: _Calibration,
    calendar: _Calendar,
    ehas: Mapping[str, np.ndarray],
) -> dict[str, np.ndarray]:
    rows = calendar.curve_rows()
    expected = calibration.contacts_by_agency[rows] * size * calendar.fraction["contact"][:, None]
    counts = _stochastic_round(expected * _noise(rng, expected.shape), rng)
    month, agency = _expand(counts)
    day = calendar.sample("contact", month, rng)
    order = np.argsort(day, kind="stable")
    day, agency = day[order], agency[order]
    n = len(day)

    nfa = np.array([NO_FURTHER_ACTION[a] for a in AGENCIES])[agency]
    others = list(OTHER_OUTCOMES)
    outcome = np.full(n, MASH_OUTCOMES.index("no_further_action"))
    not_nfa = rng.random(n) >= nfa
    other_choice = _choose(rng, list(OTHER_OUTCOMES.values()), int(not_nfa.sum()))
    outcome[not_nfa] = np.array([MASH_OUTCOMES.index(o) for o in others])[other_choice]
    urgency_cdf = np.cumsum([URGENCY_BY_OUTCOME[o] for o in MASH_OUTCOMES], axis=1)
    urgency = (rng.random(n)[:, None] >= urgency_cdf[outcome]).sum(axis=1).clip(0, 2)
    medians = np.array([DECISION_HOURS[u][0] for u in URGENCY])
    sigmas = np.array([DECISION_HOURS[u][1] for u in URGENCY])
    hours = np.round(
        np.maximum(medians[urgency] * np.exp(sigmas[urgency] * rng.standard_normal(n)), 0.1), 1
    )
    missing = rng.random(n) < URGENCY_MISSING
    urgency[missing] = -1
    hours[missing] = np.nan

    # The child: 12% had an EHA in the year before; the rest never had one (by the end of the
    # extract), of whom some were contacted about before.
    eha_count = len(ehas["day"])
    preceded = rng.random(n) < PRECEDING_EHA_SHARE
    eha_pick = _pick_before(ehas["day"], day[preceded], LINK_WINDOW_DAYS, rng)
    child = np.full(n, -1, dtype=np.int64)
    preceded_index = np.flatnonzero(preceded)
    found = eha_pick >= 0
    child[preceded_index[found]] = ehas["child"][eha_pick[found]]
    preceded[preceded_index[~found]] = False
    pool = np.flatnonzero(~preceded)
    parent = np.arange(len(pool))
    again = rng.random(len(pool)) < RECONTACT_SHARE
    pick = _pick_before(day[pool], day[pool][again], LINK_WINDOW_DAYS, rng)
    parent[np.flatnonzero(again)[pick >= 0]] = pick[pick >= 0]
    child[pool] = eha_count + pool[_roots(parent)]
    return {
        "day": day,
        "agency": agency,
        "outcome": outcome,
        "urgency": urgency,
        "hours": hours,
        "preceded": preceded,
        "child": child,
    }


def _stock_records(
    rng: np.random.Generator, stock: _Stock, calendar: _Calendar, size: float
) -> tuple[np.ndarray, np.ndarray]:
    """Start and end day numbers of one stream: the cohort open at the start, then new starts.

    An end past the calendar stays a day number past it (decided later, as "open").
    """
    durations = stock.durations
    origin = calendar.days[0]
    # Open the day before the calendar: ages in proportion to survival, then a duration longer
    # than the age. Both stratified (the second within groups of similar age), as the cohort
    # is most of the count for years and its chance survival would otherwise show.
    initial = int(_stochastic_round(np.array([stock.initial * size]), rng)[0])
    survival = durations.survival
    ages = np.searchsorted(
        np.cumsum(survival) / survival.sum(), _stratified(rng, np.array([initial]))
    )
    ages = np.sort(np.minimum(ages, len(survival) - 1))
    groups = np.full(-(-initial // INITIAL_STRATUM), INITIAL_STRATUM)
    if len(groups):
        groups[-1] = initial - INITIAL_STRATUM * (len(groups) - 1)
    low = durations.cdf[ages]
    length = durations.quantile(low + _stratified(rng, groups) * (1 - low))
    length = np.maximum(length, ages + 1)
    initial_start = origin - 1 - ages
    # New starts, month by month; each month's durations are stratified quantiles.
    counts = _stochastic_round(stock.starts * size, rng)
    month = np.repeat(np.arange(len(counts)), counts)
    start = calendar.sample(stock.kind, month, rng)
    duration = durations.quantile(_stratified(rng, counts))
    starts = np.concatenate([initial_start, start])
    ends = np.concatenate([initial_start + length, start + duration])
    order = np.argsort(starts, kind="stable")
    return starts[order], ends[order]


def _stratified(rng: np.random.Generator, counts: np.ndarray) -> np.ndarray:
    """Uniform draws, one per record of groups of ``counts``, stratified within each group.

    Group g's n draws are (rank + U) / n for ranks 0..n-1 in random order: every group's draws
    spread over the whole unit interval.
    """
    n = int(counts.sum())
    group = np.repeat(np.arange(len(counts)), counts)
    order = np.lexsort((rng.random(n), group))
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - first[group[order]]
    return (rank + rng.random(n)) / np.maximum(counts[group], 1)


def _area_plans(
    rng: np.random.Generator,
    size: float,
    calendar: _Calendar,
    rates: Mapping[str, _Stock],
    flow: _Calendar,
    ehas: Mapping[str, np.ndarray],
    contacts: Mapping[str, np.ndarray],
) -> dict[str, np.ndarray]:
    parts = [_stock_records(rng, rates[t], calendar, size) for t in PLAN_TYPES]
    plan_type = np.concatenate([np.full(len(p[0]), i) for i, p in enumerate(parts)])
    start = np.concatenate([p[0] for p in parts])
    end = np.concatenate([p[1] for p in parts])
    order = np.argsort(start, kind="stable")
    start, end, plan_type = start[order], end[order], plan_type[order]
    last_day = calendar.window[1]
    keep = start <= last_day
    start, end, plan_type = start[keep], end[keep], plan_type[keep]
    n = len(start)
    category = _choose(rng, [CATEGORY_SHARES[c] for c in PLAN_CATEGORIES], n)

    # Repeats: a child protection plan after one that ended within two years, each earlier plan
    # followed by at most one.
    protection = plan_type == PLAN_TYPES.index("child_protection")
    parent = np.arange(n)
    ended = np.flatnonzero(protection & (end <= last_day))
    ended = ended[np.argsort(end[ended], kind="stable")]
    wanted = np.flatnonzero(protection & (start >= calendar.window[0]))
    wanted = wanted[_systematic(rng, len(wanted), REPEAT_SHARE)]
    used = np.zeros(len(ended), dtype=bool)
    for _ in range(4):
        if len(wanted) == 0:
            break
        pick = _pick_before(end[ended], start[wanted], REPEAT_WINDOW_DAYS, rng)
        valid = pick >= 0
        valid[valid] &= ~used[pick[valid]]
        candidates = np.flatnonzero(valid)
        _, first = np.unique(pick[candidates], return_index=True)
        winners = candidates[first]
        parent[wanted[winners]] = ended[pick[winners]]
        used[pick[winners]] = True
        retry = np.ones(len(wanted), dtype=bool)
        retry[winners] = False
        retry &= pick >= 0
        wanted = wanted[retry]
    root = _roots(parent)
    is_root = root == np.arange(n)

    # Who the first plan of each chain is for: a child with a recent EHA, a child just referred
    # by the MASH for an assessment, or a child new to the records.
    eha_count = len(ehas["day"])
    entity = eha_count + len(contacts["day"]) + np.arange(n)  # a new child by default
    linkable = np.flatnonzero(is_root & (start >= flow.window[0]))
    neglect = category[linkable] == PLAN_CATEGORIES.index("neglect")
    chance = np.where(neglect, EHA_BEFORE_PLAN["neglect"], EHA_BEFORE_PLAN["other"])
    with_eha = _systematic(rng, len(linkable), chance)
    pick = _pick_before(ehas["day"], start[linkable[with_eha]], LINK_WINDOW_DAYS, rng)
    chosen = linkable[with_eha][pick >= 0]
    entity[chosen] = ehas["child"][pick[pick >= 0]]
    rest = linkable[~with_eha]
    referred = np.flatnonzero(
        (contacts["outcome"] == MASH_OUTCOMES.index("social_care_assessment"))
        & ~contacts["preceded"]
    )
    pick = _pick_before(contacts["day"][referred], start[rest], CONTACT_BEFORE_PLAN_DAYS, rng)
    entity[rest[pick >= 0]] = contacts["child"][referred[pick[pick >= 0]]]
    # A child begins at most one chain: a second pick of the same child becomes a new child.
    linked = np.flatnonzero(is_root & (entity < eha_count + len(contacts["day"])))
    _, first = np.unique(entity[linked], return_index=True)
    duplicate = np.ones(len(linked), dtype=bool)
    duplicate[first] = False
    entity[linked[duplicate]] = eha_count + len(contacts["day"]) + linked[duplicate]
    entity = entity[root]
    return {
        "start": start,
        "end": end,
        "type": plan_type,
        "category": category,
        "child": entity,
    }


def _area_care(
    rng: np.random.Generator,
    size: float,
    calendar: _Calendar,
    rates: Mapping[str, _Stock],
    flow: _Calendar,
    contacts: Mapping[str, np.ndarray],
) -> dict[str, np.ndarray]:
    periods = [_stock_records(rng, rates[name], calendar, size) for name in ("care", "uasc")]
    uasc = np.concatenate([np.full(len(p[0]), i == 1) for i, p in enumerate(periods)])
    start = np.concatenate([p[0] for p in periods])
    end = np.concatenate([p[1] for p in periods])
    order = np.argsort(start, kind="stable")
    start, end, uasc = start[order], end[order], uasc[order]
    keep = start <= calendar.window[1]
    start, end, uasc = start[keep], end[keep], uasc[keep]
    n = len(start)
    legal = np.where(
        uasc,
        _choose(rng, UASC_LEGAL_STATUS_WEIGHTS, n),
        _choose(rng, LEGAL_STATUS_WEIGHTS, n),
    )

    # Children: some came into care after a contact ending in an assessment; the others (and
    # every unaccompanied child) are new to the records.
    entity = np.full(n, -1, dtype=np.int64)
    linkable = np.flatnonzero(~uasc & (start >= flow.window[0]))
    linkable = linkable[rng.random(len(linkable)) < CONTACT_BEFORE_CARE]
    referred = np.flatnonzero(contacts["outcome"] == MASH_OUTCOMES.index("social_care_assessment"))
    pick = _pick_before(contacts["day"][referred], start[linkable], CONTACT_BEFORE_CARE_DAYS, rng)
    entity[linkable[pick >= 0]] = contacts["child"][referred[pick[pick >= 0]]]
    linked = np.flatnonzero(entity >= 0)
    _, first = np.unique(entity[linked], return_index=True)
    duplicate = np.ones(len(linked), dtype=bool)
    duplicate[first] = False
    entity[linked[duplicate]] = -1

    # Unregistered placements: stretches within periods of care, as many at a time as the
    # target; then ordinary moves. Each splits a period into episodes.
    unregistered_from, unregistered_to = _unregistered(rng, size, calendar, rates, start, end)
    move = np.full(n, OPEN, dtype=np.int64)
    long_enough = (np.minimum(end, calendar.window[1]) - start > 180) & (
        rng.random(n) < PLACEMENT_MOVE
    )
    span = np.minimum(end, calendar.window[1] + 365) - start
    move[long_enough] = (
        start[long_enough]
        + 30
        + np.floor(
            rng.random(int(long_enough.sum())) * np.maximum(span[long_enough] - 60, 1)
        ).astype(np.int64)
    )
    cuts = np.concatenate([start, unregistered_from, unregistered_to, move])
    owner = np.tile(np.arange(n), 4)
    valid = (cuts > start[owner]) & (cuts < end[owner]) | (np.arange(len(cuts)) < n)
    cuts, owner = cuts[valid], owner[valid]
    order = np.lexsort((cuts, owner))
    cuts, owner = cuts[order], owner[order]
    # Drop a cut repeated on the same day in the same period.
    distinct = np.ones(len(cuts), dtype=bool)
    distinct[1:] = (cuts[1:] != cuts[:-1]) | (owner[1:] != owner[:-1])
    cuts, owner = cuts[distinct], owner[distinct]
    next_is_same = np.zeros(len(cuts), dtype=bool)
    next_is_same[:-1] = owner[1:] == owner[:-1]
    episode_end = np.where(next_is_same, np.roll(cuts, -1), end[owner])
    registered = ~((cuts >= unregistered_from[owner]) & (cuts < unregistered_to[owner]))
    placement = np.where(
        registered,
        np.where(
            uasc[owner],
            _choose(rng, UASC_PLACEMENT_WEIGHTS, len(cuts)),
            _choose(rng, PLACEMENT_WEIGHTS, len(cuts)),
        ),
        _choose(rng, UNREGISTERED_PLACEMENT_WEIGHTS, len(cuts)),
    )
    # The extract holds the episodes open at some time in the window.
    keep = (episode_end > calendar.window[0]) & (cuts <= calendar.window[1])
    return {
        "start": cuts[keep],
        "end": episode_end[keep],
        "legal": legal[owner][keep],
        "uasc": uasc[owner][keep],
        "placement": placement[keep],
        "registered": registered[keep],
        "period": owner[keep],
        "child": entity[owner][keep],
    }


def _unregistered(
    rng: np.random.Generator,
    size: float,
    calendar: _Calendar,
    rates: Mapping[str, _Stock],
    start: np.ndarray,
    end: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """For each period of care, the days its unregistered placement began and ended (or OPEN).

    Stretches are drawn to keep the target number open, then each is given to a period of care
    open throughout it (at most one stretch a period).
    """
    n = len(start)
    frm = np.full(n, OPEN, dtype=np.int64)
    to = np.full(n, OPEN, dtype=np.int64)
    stretch_start, stretch_end = _stock_records(rng, rates["unregistered"], calendar, size)
    if n == 0 or len(stretch_start) == 0:
        return frm, to
    pending = np.arange(len(stretch_start))
    taken = np.zeros(n, dtype=bool)
    tries = 48
    for _ in range(4):
        if len(pending) == 0:
            break
        hosts = rng.integers(0, n, size=(len(pending), tries))
        fits = (
            (start[hosts] < stretch_start[pending, None])
            & (end[hosts] > stretch_end[pending, None])
            & ~taken[hosts]
        )
        has = fits.any(axis=1)
        host = hosts[np.arange(len(pending)), fits.argmax(axis=1)]
        candidates = np.flatnonzero(has)
        _, first = np.unique(host[candidates], return_index=True)
        winners = candidates[first]
        frm[host[winners]] = stretch_start[pending[winners]]
        to[host[winners]] = stretch_end[pending[winners]]
        taken[host[winners]] = True
        done = np.zeros(len(pending), dtype=bool)
        done[winners] = True
        pending = pending[~done]
    return frm, to


def _number_children(
    rng: np.random.Generator,
    ehas: dict[str, np.ndarray],
    contacts: dict[str, np.ndarray],
    plans: dict[str, np.ndarray],
    care: dict[str, np.ndarray],
) -> int:
    """Replace each source's child entities by the area's child numbers (0-based, shuffled)."""
    care_entity = care["child"]
    offset = len(ehas["day"]) + len(contacts["day"]) + len(plans["start"])
    care_entity = np.where(care_entity >= 0, care_entity, offset + care["period"])
    references = [ehas["child"], contacts["child"], plans["child"], care_entity]
    lengths = [len(r) for r in references]
    unique, inverse = np.unique(np.concatenate(references), return_inverse=True)
    shuffled = rng.permutation(len(unique))
    numbers = shuffled[inverse]
    pieces = np.split(numbers, np.cumsum(lengths)[:-1])
    ehas["child"], contacts["child"], plans["child"], care["child"] = pieces
    return len(unique)


# -- assembling the national arrays ----------------------------------------------------------------
def _assemble(parts: Sequence[_Area], options: SynthOptions) -> dict[str, dict[str, np.ndarray]]:
    child_offsets = np.concatenate([[0], np.cumsum([p.children for p in parts])])
    child_strings = _id_strings(CHILD_PREFIX, child_offsets[-1], CHILD_ID_DIGITS)
    last_day = _day_number(options.end)

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
    organisations = _interned(_calibration().organisations)
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
    for name, source in SOURCES.items():
        tables[name] = {c: tables[name][c] for c in source.column_names}
    return tables


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


# -- writing ---------------------------------------------------------------------------------------
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
        else:
            expression = f"cast({name} as {column.sql_type})"
        parts.append(f"{expression} as {name}")
    return ", ".join(parts)
