"""The synthetic care and child protection records as the statutory returns councils make.

A council may have no "plans" or "care episodes" extract to hand, but it always has what it
sends the DfE every year: an SSDA903 return of the children it cares for and a CIN census of its
children in need. So the synthetic records can be written that way too, for one area (the
example partnership by default), and imported through the statutory adapters as a council's
would be:

- ``ssda903/<YYYY-YY>/`` header.csv, episodes.csv, uasc.csv and missing.csv for each collection
  year from the one holding the data's start (:mod:`.ssda903`);
- ``cin_census/cin_census_<YYYY-YY>.xml`` for each year from the one holding the plans' history,
  two years before the data's start, so a repeat plan's earlier plan is in a census too
  (:mod:`.cin_census`).

The returns hold the same records as the extracts: imported oldest year first, they give the
store the extract's episodes and plans, so the measures counted from them are the extracts'
(the tests check this month by month). What the extracts lack, the returns' other fields, is
made up deterministically from the seed, and valid by the adapters' checks: the same seed and
records always write the same bytes, so writing and importing again changes nothing.

Returns are made once their year has ended: the data must end in a collection year that ended
by today, since a census's reference date and every date in a return must have passed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from trustboard.ingest.statutory.la_codes import authority
from trustboard.synth.records import EXAMPLE_LA_CODE, HISTORY_DAYS, SynthOptions
from trustboard.synth.statutory import cin_census, ssda903
from trustboard.synth.statutory.children import BirthLimits, Children, describe
from trustboard.synth.statutory.years import (
    CollectionYear,
    WrittenReturn,
    year_of,
    years_between,
)

__all__ = ["CollectionYear", "WrittenReturn", "lea_of", "write_returns"]

NEEDED = ("care_episodes", "plans", "mash_contacts")
"""The sources the returns are written from (contacts give the referrals ending in NFA)."""

_STREAMS = {"episodes": 1, "uasc": 2, "plans": 3, "referrals": 4, "children": 5, "missing": 6}
_SALT = 0x903
"""Set apart from the generator's streams, which take (source, area, seed)."""


def write_returns(
    tables: Mapping[str, Mapping[str, np.ndarray]],
    options: SynthOptions,
    out_dir: Path,
    *,
    la_code: str = EXAMPLE_LA_CODE,
    today: date | None = None,
) -> list[WrittenReturn]:
    """Write one area's SSDA903 returns and CIN censuses into ``out_dir``, for the records
    ``generate(options)`` made; returns what was written, oldest year first (the order to
    import them in), each year's SSDA903 return before its census."""
    last_year = year_of(options.end)
    today = today or date.today()
    if last_year.end > today:
        raise ValueError(
            f"returns are made once their year has ended: the data must end by "
            f"{_last_ended(today):%d/%m/%Y}, not in {last_year.title}"
        )
    missing = [name for name in NEEDED if name not in tables]
    if missing:
        raise ValueError(f"the returns need the {', '.join(missing)} records too")
    care, plans, contacts = (_area_rows(tables[name], la_code) for name in NEEDED)
    found = ssda903.episodes(care, _stream(options, "episodes"))
    census = cin_census.combined(
        planned := cin_census.plan_episodes(plans, _stream(options, "plans")),
        cin_census.nfa_episodes(
            contacts, np.union1d(found.child, planned.child), _stream(options, "referrals")
        ),
    )
    limits = BirthLimits()
    uasc = ssda903.add_birth_limits(found, limits, last_year, _stream(options, "uasc"))
    cin_census.add_birth_limits(census, limits)
    children = describe(limits, uasc[0], found.child, _stream(options, "children"))
    window = (np.datetime64(options.start, "D"), np.datetime64(options.end, "D"))
    away = ssda903.missing_episodes(found, children, window, _stream(options, "missing"))
    out_dir = Path(out_dir)
    written = [
        ssda903.write_year(out_dir / "ssda903" / year.label, year, found, away, children, uasc)
        for year in years_between(options.start, options.end)
    ]
    history = options.start - timedelta(days=HISTORY_DAYS)
    written += [
        _census(out_dir, year, census, children, lea_of(la_code))
        for year in years_between(history, options.end)
    ]
    return sorted(written, key=lambda r: (r.year, r.kind != ssda903.KIND))


def lea_of(la_code: str) -> str:
    """The authority's code as the census's LEA gives it: its three digits (931 for
    Oxfordshire), or the ONS code where it has none (as the synthetic areas 2.. have not)."""
    found = authority(la_code)
    return found.old_code if found is not None and found.old_code else la_code


def _census(
    out_dir: Path,
    year: CollectionYear,
    found: cin_census.CinEpisodes,
    children: Children,
    lea: str,
) -> WrittenReturn:
    path = out_dir / "cin_census" / f"cin_census_{year.label}.xml"
    return cin_census.write_year(path, year, found, children, lea)


def _area_rows(columns: Mapping[str, np.ndarray], la_code: str) -> dict[str, np.ndarray]:
    """One area's rows of a source's columns."""
    mine = np.asarray(columns["la_code"]) == la_code
    return {name: np.asarray(values)[mine] for name, values in columns.items()}


def _stream(options: SynthOptions, name: str) -> np.random.Generator:
    """Each part's own random numbers, so changing one part never changes another's."""
    return np.random.default_rng([_SALT, _STREAMS[name], options.seed % (1 << 64)])


def _last_ended(today: date) -> date:
    """The last day of the latest collection year that has ended."""
    return year_of(today).start - timedelta(days=1)
