"""The synthetic episodes of care as SSDA903 returns: one per collection year, as CSV tables.

Each year's return (``ssda903/<YYYY-YY>/``) holds the episodes open at any time in the year with
their DECOM and DEC (DEC and REC empty for an episode still open on 31 March or ceasing after
it: a return only knows its year), the header of every child in them, the UASC table for the
unaccompanied children, and the missing and away episodes that overlap the year. Dates are
DD/MM/YYYY; SEX is 1/2 to 2023-24 and M/F from 2024-25, as the DfE's guide for each year has it.

What the extract does not hold is made up, deterministically from the seed, and always valid:

- RNE is S for the first episode the data holds of a period of care, else P (the generator
  splits a period at a change of placement) or L/B where the legal status changes; REC is X1
  where the next episode follows the same day, else a reason for leaving care (adoption after a
  placement for adoption, independent living for unaccompanied children, mostly a return home
  otherwise).
- CIN (category of need) is per child: absent parenting (N8) for unaccompanied children, mostly
  abuse or neglect (N1) for the rest; PLACE_PROVIDER follows the placement (PR0 with parents, none
  for Z1); REASON_PLACE_CHANGE is given for a change of placement.
- An unaccompanied child's UASC status ceases (DUC) a few days before their 18th birthday, as in
  the DfE's fake data, and that birthday falls a few weeks after their last episode ends (or,
  for a child still cared for, in the two years after the data's last collection year): a
  status never ceases while they are cared for, so the count of unaccompanied children is the
  extract's.
- A few children aged 11 to 17 go missing or away now and then, for a few days at most.

Two repairs the adapter's rules need, each changing the episodes the extract holds:

- One child's episodes must not overlap (rule 501). Where the generator gives a child an
  episode starting before the previous one ended, the earlier one ends the day the next starts
  (and one that then lasts no time at all is dropped). The generator's episodes do not overlap
  today, so this changes nothing in practice; :attr:`Episodes.resolved` counts what it did.
- No child is over 25 at the start of an episode. A child whose episodes began more than 25
  years before their last one (the long tail of the generator's durations: someone cared for
  since birth for a quarter of a century) has the earliest start moved to 25 years before the
  last (an episode over by then is dropped); :attr:`Episodes.clipped` counts them. Such a start
  lies 25 years before the data's end, so before the returns' first year unless the data spans
  more than 25 years: no month end a return covers changes.

Placement types are the generator's own SSDA903 codes (U1-U6, K2, H5, P1, A5, R1, Z1), all in
the adapter's lists for every year; :data:`PLACE` maps any other to Z1 ("other placements").
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from trustboard.synth.statutory.children import (
    AT_LEAST_10,
    AT_LEAST_16,
    AT_MOST_25,
    UNDER_10,
    UNDER_18,
    BirthLimits,
    Children,
)
from trustboard.synth.statutory.codes import draw
from trustboard.synth.statutory.years import (
    NAT,
    CollectionYear,
    WrittenReturn,
    in_year,
    known_in,
    uk_dates,
)

KIND = "ssda903"
TITLE = "SSDA903 return"

COLUMNS = {
    "header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "episodes": (
        "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
        "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
    ),
    "uasc": ("CHILD", "SEX", "DOB", "DUC"),
    "missing": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
}  # fmt: skip
"""The tables written, each with the DfE's headings in the guide's order."""

PLACE = {code: code for code in ("U1", "U3", "U4", "U6", "K2", "H5", "P1", "A5", "R1", "Z1")}
"""The generator's placement types as SSDA903 codes: the same codes; any other is Z1."""

PROVIDERS: dict[str, dict[str, float]] = {
    "U1": {"PR1": 1.0},
    "U3": {"PR1": 1.0},
    "U4": {"PR1": 0.6, "PR4": 0.35, "PR5": 0.05},
    "U6": {"PR1": 0.6, "PR4": 0.35, "PR5": 0.05},
    "K2": {"PR1": 0.2, "PR4": 0.75, "PR5": 0.05},
    "H5": {"PR1": 0.2, "PR4": 0.5, "PR5": 0.3},
    "P1": {"PR0": 1.0},
    "A5": {"PR1": 0.7, "PR2": 0.1, "PR5": 0.2},
    "R1": {"PR3": 0.5, "PR4": 0.5},
}
"""Who provides each kind of placement: relatives' foster care is the council's own (PR1),
other foster care and homes the council's or private (PR4); PR0 (parents) only with P1. Z1 has
no provider (rule 178)."""

REASONS_CEASED: dict[str, dict[str, float]] = {
    "other": {
        "E4A": 35, "E4B": 5, "E13": 8, "E41": 5, "E45": 6, "E46": 3, "E47": 4, "E48": 2,
        "E5": 8, "E6": 3, "E3": 3, "E9": 2, "E14": 2, "E7": 1, "E8": 13,
    },
    "adoption": {"E11": 60, "E12": 40},
    "uasc": {"E5": 55, "E6": 20, "E13": 5, "E15": 5, "E8": 15},
}  # fmt: skip
"""REC of an episode that ends a period of care, by who leaves: mostly home to parents (E4A),
special guardianship (E45-E48) or independent living; adoption after A5."""

NEED: dict[str, dict[str, float]] = {
    "other": {"N1": 62, "N2": 3, "N3": 4, "N4": 8, "N5": 14, "N6": 2, "N7": 1, "N8": 6},
    "uasc": {"N8": 95, "N4": 5},
}
"""Category of need (CIN) of a child we care for: abuse or neglect for most."""

PLACE_CHANGE = {
    "CARPL": 45, "CREQB": 10, "CREQO": 10, "CHILD": 8, "LAREQ": 7, "STAND": 4, "ALLEG": 3,
    "CLOSE": 3, "PLACE": 5, "OTHER": 5,
}  # fmt: skip
"""REASON_PLACE_CHANGE of a change of placement: mostly the care plan."""

MISSING_CHILD_SHARE = 0.15
"""Children we care for who ever go missing or away (about one in ten a year, nationally)."""
MISSING_PER_YEAR = 3.0
"""Times a year such a child goes missing or away."""
MISSING_AGES = (11 * 366, UNDER_18)
"""Only children aged 11 to 17 go missing here (in days old, at least and under)."""
MISSING_SHARE = 0.7
"""Of the times, missing (M) rather than away without authorisation (A)."""
MISSING_DAYS = {"M": (0, 1, 2, 3, 5), "A": (0, 1, 2)}
"""How long each lasts, in days after the day it starts, equally likely."""

DUC_BEFORE_18 = (1, 7)
"""DUC is this many days (at least, at most) before the 18th birthday."""
BIRTHDAY_AFTER_CARE = (8, 90)
"""An unaccompanied child's 18th birthday is this many days after their care ends."""
BIRTHDAY_AFTER_DATA = (8, 730)
"""Or after the data's last collection year, for one still cared for then: 16 or 17 then."""


@dataclass(frozen=True)
class Episodes:
    """The area's episodes of care as the returns hold them: sorted by child, then start."""

    child: np.ndarray
    start: np.ndarray
    end: np.ndarray
    legal: np.ndarray
    place: np.ndarray
    provider: np.ndarray
    rne: np.ndarray
    rec: np.ndarray
    place_change: np.ndarray
    need: np.ndarray
    uasc: np.ndarray
    resolved: int
    """Episodes ended early (or dropped) so that one child's episodes do not overlap."""
    clipped: int
    """Episodes whose start was moved so that no child is over 25 at an episode's start."""


@dataclass(frozen=True)
class Missing:
    """Missing (M) and away (A) episodes, sorted by child, then start; NaT: still missing."""

    child: np.ndarray
    kind: np.ndarray
    start: np.ndarray
    end: np.ndarray


def episodes(care: Mapping[str, np.ndarray], rng: np.random.Generator) -> Episodes:
    """The extract's episodes made a valid return's: overlaps resolved, codes filled in."""
    order = np.lexsort((care["end_date"], care["start_date"], _codes(care["child_id"])))
    child = np.asarray(care["child_id"], dtype=object)[order]
    start = care["start_date"][order].astype("datetime64[D]")
    end = care["end_date"][order].astype("datetime64[D]")
    keep, resolved = _resolve_overlaps(child, start, end)
    child, start, end, order = child[keep], start[keep], end[keep], order[keep]
    keep, clipped = _clip_to_25_years(child, start, end)
    child, start, end, order = child[keep], start[keep], end[keep], order[keep]
    legal = np.asarray(care["legal_status"], dtype=object)[order]
    place = np.array([PLACE.get(p, "Z1") for p in care["placement_type"][order]], dtype=object)
    uasc = np.asarray(care["uasc"], dtype=bool)[order]
    same_child = np.zeros(len(child), dtype=bool)
    same_child[1:] = child[1:] == child[:-1]
    follows = same_child.copy()
    follows[1:] &= start[1:] == end[:-1]
    followed = np.append(follows[1:], False)
    rne = _reasons_new(follows, legal, place)
    return Episodes(
        child=child,
        start=start,
        end=end,
        legal=legal,
        place=place,
        provider=_providers(place, rng),
        rne=rne,
        rec=_reasons_ceased(end, followed, uasc, place, rng),
        place_change=np.where(
            np.isin(rne, ("P", "B")), draw(PLACE_CHANGE, len(child), rng), ""
        ).astype(object),
        need=_per_child(child, uasc, NEED, rng),
        uasc=uasc,
        resolved=resolved,
        clipped=clipped,
    )


def _codes(ids: np.ndarray) -> np.ndarray:
    return np.unique(np.asarray(ids, dtype=object), return_inverse=True)[1]


def _resolve_overlaps(
    child: np.ndarray, start: np.ndarray, end: np.ndarray
) -> tuple[np.ndarray, int]:
    """End each episode no later than the day the child's next one starts (in place); the rows
    to keep (an episode that then lasts no time is dropped), and how many were changed."""
    same = child[1:] == child[:-1]
    overlap = same & (np.isnat(end[:-1]) | (end[:-1] > start[1:]))
    end[:-1][overlap] = start[1:][overlap]
    keep = np.ones(len(child), dtype=bool)
    keep[:-1] = ~(overlap & (start[:-1] == start[1:]))
    return keep, int(overlap.sum())


def _clip_to_25_years(
    child: np.ndarray, start: np.ndarray, end: np.ndarray
) -> tuple[np.ndarray, int]:
    """Move starts more than 25 years before the child's last start up to that day (in place);
    the rows to keep (an episode over by then is dropped), and how many were changed."""
    codes = _codes(child)
    last = np.full(codes.max() + 1 if len(codes) else 0, np.datetime64("1900-01-01", "D"))
    np.maximum.at(last, codes, start)
    earliest = last[codes] - np.timedelta64(AT_MOST_25 - 1, "D")
    early = start < earliest
    start[early] = earliest[early]
    keep = np.isnat(end) | (end > start)
    return keep, int(early.sum())


def _reasons_new(follows: np.ndarray, legal: np.ndarray, place: np.ndarray) -> np.ndarray:
    """RNE: S starts a period of care; a continuation changes placement, legal status or both."""
    legal_changed = np.zeros(len(legal), dtype=bool)
    legal_changed[1:] = legal[1:] != legal[:-1]
    place_changed = np.zeros(len(place), dtype=bool)
    place_changed[1:] = place[1:] != place[:-1]
    continuation = np.where(legal_changed, np.where(place_changed, "B", "L"), "P")
    return np.where(follows, continuation, "S").astype(object)


def _reasons_ceased(
    end: np.ndarray,
    followed: np.ndarray,
    uasc: np.ndarray,
    place: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """REC: X1 where the next episode follows on, else why the child left care; "" if open."""
    n = len(end)
    rec = np.full(n, "", dtype=object)
    for group, chosen in (
        ("uasc", uasc),
        ("adoption", ~uasc & (place == "A5")),
        ("other", ~uasc & (place != "A5")),
    ):
        rec[chosen] = draw(REASONS_CEASED[group], int(chosen.sum()), rng)
    rec[followed] = "X1"
    rec[np.isnat(end)] = ""
    return rec


def _providers(place: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    provider = np.full(len(place), "", dtype=object)
    for code, weights in PROVIDERS.items():
        chosen = place == code
        provider[chosen] = draw(weights, int(chosen.sum()), rng)
    return provider


def _per_child(
    child: np.ndarray,
    uasc: np.ndarray,
    weights: Mapping[str, Mapping[str, float]],
    rng: np.random.Generator,
) -> np.ndarray:
    """One code per child, drawn from the child's group's weights, on every episode."""
    codes = _codes(child)
    count = codes.max() + 1 if len(codes) else 0
    is_uasc = np.zeros(count, dtype=bool)
    is_uasc[codes[uasc]] = True
    per_child = np.where(
        is_uasc, draw(weights["uasc"], count, rng), draw(weights["other"], count, rng)
    )
    return per_child.astype(object)[codes]


# -- births and UASC ----------------------------------------------------------------------------
def add_birth_limits(
    found: Episodes, limits: BirthLimits, last_year: CollectionYear, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """What the episodes say of each child's birth; fixes the births of unaccompanied children.

    Returns the unaccompanied children and the day (datetime64) their UASC status ceases.
    """
    codes = _codes(found.child)
    count = codes.max() + 1 if len(codes) else 0
    first = np.full(count, np.datetime64("2200-01-01", "D"))
    last = np.full(count, np.datetime64("1900-01-01", "D"))
    np.minimum.at(first, codes, found.start)
    np.maximum.at(last, codes, found.start)
    ids = np.empty(count, dtype=object)
    ids[codes] = found.child
    limits.add(
        ids,
        born_by=first,
        born_after=last - np.timedelta64(AT_MOST_25 - 1, "D"),
        prefer_after=last - np.timedelta64(UNDER_18 - 1, "D"),
    )
    h5, a5, homes = found.place == "H5", found.place == "A5", np.isin(found.place, ("K2", "R1"))
    limits.add(found.child[h5], prefer_by=found.start[h5] - np.timedelta64(AT_LEAST_16, "D"))
    limits.add(found.child[homes], prefer_by=found.start[homes] - np.timedelta64(AT_LEAST_10, "D"))
    limits.add(found.child[a5], prefer_after=found.start[a5] - np.timedelta64(UNDER_10 - 1, "D"))
    return _uasc_births(found, limits, last_year, rng)


def _uasc_births(
    found: Episodes, limits: BirthLimits, last_year: CollectionYear, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Each unaccompanied child turns 18 a few weeks after their care ends (after the data's
    last year while still cared for); their status ceases a few days before."""
    still_open = np.datetime64(last_year.end, "D")
    ends = np.where(np.isnat(found.end), still_open, found.end)
    children = np.unique(found.child[found.uasc])
    codes = np.searchsorted(children, found.child[found.uasc])
    anchor = np.full(len(children), np.datetime64("1900-01-01", "D"))
    np.maximum.at(anchor, codes, ends[found.uasc])
    cared_for = np.zeros(len(children), dtype=bool)
    cared_for[codes[np.isnat(found.end[found.uasc])]] = True
    birthday = anchor + np.where(
        cared_for,
        rng.integers(*BIRTHDAY_AFTER_DATA, endpoint=True, size=len(children)),
        rng.integers(*BIRTHDAY_AFTER_CARE, endpoint=True, size=len(children)),
    )
    birthday = np.where(_is_29_february(birthday), birthday + 1, birthday)
    duc = birthday - rng.integers(*DUC_BEFORE_18, endpoint=True, size=len(children))
    years = birthday.astype("datetime64[Y]").astype(np.int64) + 1970
    birth = np.array(
        [b.replace(year=y - 18) for b, y in zip(birthday.tolist(), years.tolist(), strict=True)],
        dtype="datetime64[D]",
    )
    limits.fix(children.tolist(), birth.astype(np.int64).tolist())
    return children, duc.astype("datetime64[D]")


def _is_29_february(days: np.ndarray) -> np.ndarray:
    return np.char.endswith(np.datetime_as_string(days), "-02-29")


# -- missing and away ---------------------------------------------------------------------------
def missing_episodes(
    found: Episodes,
    children: Children,
    window: tuple[np.datetime64, np.datetime64],
    rng: np.random.Generator,
) -> Missing:
    """A few missing or away episodes of children aged 11 to 17, within their episodes of care
    and the data's window, never two of one child at once."""
    first, last = window
    low = np.maximum(found.start, first)
    high = np.where(np.isnat(found.end), last, np.minimum(found.end - 1, last))
    span = (high - low).astype(np.int64) + 1
    codes = _codes(found.child)
    prone = rng.random(codes.max() + 1 if len(codes) else 0) < MISSING_CHILD_SHARE
    expected = np.where((span > 0) & prone[codes], span / 365.25 * MISSING_PER_YEAR, 0.0)
    owner = np.repeat(np.arange(len(span)), rng.poisson(expected))
    start = low[owner] + np.floor(rng.random(len(owner)) * span[owner]).astype(np.int64)
    kind = np.where(rng.random(len(owner)) < MISSING_SHARE, "M", "A").astype(object)
    days = np.where(
        kind == "M",
        np.array(MISSING_DAYS["M"])[rng.integers(0, len(MISSING_DAYS["M"]), len(owner))],
        np.array(MISSING_DAYS["A"])[rng.integers(0, len(MISSING_DAYS["A"]), len(owner))],
    )
    end = start + days
    ends_care = ~np.isnat(found.end[owner])
    end[ends_care] = np.minimum(end[ends_care], found.end[owner][ends_care])
    end[end > last] = NAT
    child = found.child[owner]
    birth = children.birth[children.find(child)]
    age = (start - birth).astype(np.int64)
    return _apart(
        Missing(child, kind, start, end), (age >= MISSING_AGES[0]) & (age < MISSING_AGES[1])
    )


def _apart(found: Missing, keep: np.ndarray) -> Missing:
    """The episodes kept, sorted, dropping any that starts before the child's last one ended."""
    child, kind, start, end = (a[keep] for a in (found.child, found.kind, found.start, found.end))
    codes = _codes(child)
    order = np.lexsort((start, codes))
    child, kind, start, end, codes = (a[order] for a in (child, kind, start, end, codes))
    span = 10**6
    key_start = codes * span + start.astype(np.int64)
    open_end = np.where(np.isnat(end), span - 1, end.astype(np.int64))
    running = np.maximum.accumulate(codes * span + open_end) if len(codes) else codes
    clear = np.ones(len(codes), dtype=bool)
    clear[1:] = key_start[1:] > running[:-1]
    return Missing(child[clear], kind[clear], start[clear], end[clear])


# -- one year's return --------------------------------------------------------------------------
def write_year(
    folder: Path,
    year: CollectionYear,
    found: Episodes,
    missing: Missing,
    children: Children,
    uasc: tuple[np.ndarray, np.ndarray],
) -> WrittenReturn:
    """The year's return as its four CSV tables in ``folder``."""
    tables = year_tables(year, found, missing, children, uasc)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, rows in tables.items():
        path = folder / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(COLUMNS[name])
            writer.writerows(rows)
        files.append(path)
    counts = (
        ("episodes", len(tables["episodes"])),
        ("children", len(tables["header"])),
        ("unaccompanied", len(tables["uasc"])),
        ("missing or away", len(tables["missing"])),
    )
    return WrittenReturn(KIND, TITLE, year, tuple(files), counts)


def year_tables(
    year: CollectionYear,
    found: Episodes,
    missing: Missing,
    children: Children,
    uasc: tuple[np.ndarray, np.ndarray],
) -> dict[str, list[list[str]]]:
    """The rows of each table of the year's return, as text."""
    held = in_year(found.start, found.end, year)
    ids = np.unique(found.child[held])
    at = children.find(ids)
    sex = _sex_codes(year)
    sexes = [sex[m] for m in children.male[at]]
    births = uk_dates(children.birth[at])
    header = [
        [i, s, b, e, u, "", ""]
        for i, s, b, e, u in zip(
            ids, sexes, births, children.ethnicity[at], children.upn[at], strict=True
        )
    ]
    birth_of = dict(zip(ids.tolist(), births, strict=True))
    sex_of = dict(zip(ids.tolist(), sexes, strict=True))
    duc_of = dict(zip(uasc[0].tolist(), uk_dates(uasc[1]), strict=True))
    unaccompanied = [[i, sex_of[i], birth_of[i], duc_of[i]] for i in ids if i in duc_of]
    return {
        "header": header,
        "episodes": _episode_rows(found, held, year),
        "uasc": unaccompanied,
        "missing": _missing_rows(missing, year, birth_of),
    }


def _sex_codes(year: CollectionYear) -> dict[bool, str]:
    """1/2 to 2023-24; M/F from 2024-25, when the DfE's guide changed."""
    return {True: "M", False: "F"} if year.first >= 2024 else {True: "1", False: "2"}


def _episode_rows(found: Episodes, held: np.ndarray, year: CollectionYear) -> list[list[str]]:
    end = known_in(found.end[held], year)
    ceased = np.where(np.isnat(end), "", found.rec[held])
    columns = (
        found.child[held],
        uk_dates(found.start[held]),
        found.rne[held],
        found.legal[held],
        found.need[held],
        found.place[held],
        found.provider[held],
        uk_dates(end),
        ceased,
        found.place_change[held],
    )
    return [[*row, "", "", ""] for row in zip(*columns, strict=True)]


def _missing_rows(
    missing: Missing, year: CollectionYear, birth_of: Mapping[str, str]
) -> list[list[str]]:
    held = in_year(missing.start, missing.end, year)
    columns = (
        missing.child[held],
        missing.kind[held],
        uk_dates(missing.start[held]),
        uk_dates(known_in(missing.end[held], year)),
    )
    return [[c, birth_of[c], k, s, e] for c, k, s, e in zip(*columns, strict=True)]
