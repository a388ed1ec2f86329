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

The package's modules follow the work: ``calibration`` holds what area 1 must reproduce, ``flows``
and ``stocks`` solve it into monthly expected counts, ``ehas``, ``contacts``, ``plans`` and
``care`` draw one area's records, ``area`` links them, ``assemble`` and ``writing`` make the
national arrays and the files.

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

from datetime import timedelta

import numpy as np

from trustboard.synth.records.area import Area, generate_area
from trustboard.synth.records.areas import (
    AREA_CODES,
    EXAMPLE_LA_CODE,
    SynthOptions,
    area_codes,
    area_size_factors,
    check_options,
)
from trustboard.synth.records.assemble import DTYPES, assemble
from trustboard.synth.records.calendars import Calendar
from trustboard.synth.records.calibration import EHA_ORGANISATIONS_2020
from trustboard.synth.records.flows import solve_flows
from trustboard.synth.records.stocks import stock_rates
from trustboard.synth.records.writing import write

__all__ = [
    "AREA_CODES",
    "DTYPES",
    "EHA_ORGANISATIONS_2020",
    "EXAMPLE_LA_CODE",
    "SynthOptions",
    "area_codes",
    "area_size_factors",
    "generate",
    "write",
]

HISTORY_DAYS = 730
"""Plans reach back this far before ``start`` so a repeat's previous plan is in the extract."""


def generate(options: SynthOptions) -> dict[str, dict[str, np.ndarray]]:
    """The four sources for ``options``: source name -> column name -> array, in schema order."""
    check_options(options)
    calibration = solve_flows()
    sizes = area_size_factors(options.areas)
    flow = Calendar.between(options.start, options.end, options.start, options.end)
    history_start = options.start - timedelta(days=HISTORY_DAYS)
    stocks = {
        "plans": Calendar.between(history_start, options.end, history_start, options.end),
        "care": Calendar.between(options.start, options.end, options.start, options.end),
    }
    starts = stock_rates(stocks)
    parts: list[Area] = []
    for index, size in enumerate(sizes):
        parts.append(
            generate_area(index + 1, float(size), options, calibration, flow, stocks, starts)
        )
    return assemble(parts, options)
