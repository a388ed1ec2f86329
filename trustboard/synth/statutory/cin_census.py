"""The synthetic plans as CIN census returns: one XML file a year, written a child at a time.

Each year's census (``cin_census/cin_census_<YYYY-YY>.xml``, ReferenceDate 31 March, LEA the
authority's three-digit code) holds every child with a CIN episode open at any time in the year:

- for each child protection or child in need plan, an episode (CINdetails) opened by a referral
  a few weeks before the plan (never before the child's previous episode closed), with its
  source, primary need and ReferralNFA false; an assessment between the referral and the plan;
  for a child protection plan a section 47 enquiry whose initial conference is the plan's start,
  and the plan (ChildProtectionPlans, with its category as Initial and LatestCategoryOfAbuse and
  NumberOfPreviousCPP counted from the child's earlier child protection plans in the data), or
  the child in need plan's CINPlanDates. The episode closes when the plan ends;
- some referrals ending in no further action: a tenth of the MASH contacts referred for a social
  care assessment about children with no plan and no care, each closed the day it came (RC8).

Only what had happened by the reference date is written (an end, an authorisation or a
conference after it is left out, as the census's rules 8620, 8696 and 8930 require), and every
module of an episode open in the year is written with it, so the plans of the census year are
exactly the extract's plans open in that year. The child's sex is GenderCurrent (1/2) to
2023-24 and Sex (M/F) from 2024-25.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np

from trustboard.synth.statutory.children import AT_MOST_25, UNDER_18, BirthLimits, Children
from trustboard.synth.statutory.codes import draw, member
from trustboard.synth.statutory.years import (
    NAT,
    CollectionYear,
    WrittenReturn,
    in_year,
    iso_dates,
    known_in,
)

KIND = "cin_census"
TITLE = "CIN census"

CATEGORY_CODES = {
    "neglect": "NEG",
    "physical_abuse": "PHY",
    "emotional_abuse": "EMO",
    "sexual_abuse": "SAB",
    "multiple": "MUL",
}
CATEGORY_FACTORS = {"neglect": "16A", "physical_abuse": "18C", "emotional_abuse": "17A",
                    "sexual_abuse": "19C"}  # fmt: skip
"""The assessment factor that names a plan's category, where one does."""
FACTORS = {"3B": 30, "4B": 25, "2B": 15, "1B": 12, "6B": 5, "5B": 5, "14A": 4, "10A": 2, "11A": 2}
"""Other factors found at assessment: domestic abuse, mental health, drugs and alcohol of a
parent or carer, most often."""

REFERRAL_SOURCES = {
    "6": 29, "2A": 18, "2B": 2, "3A": 2, "3B": 2, "3C": 1, "3D": 2, "3E": 3, "3F": 3, "5A": 4,
    "5B": 3, "5C": 1, "5D": 3, "4": 2, "1A": 6, "1B": 1, "1C": 1, "1D": 1, "7": 4, "8": 4,
    "9": 1, "10": 2,
}  # fmt: skip
"""Where referrals come from, about as England's are shared (police, then schools)."""
SOURCES_BY_AGENCY: dict[str, dict[str, float]] = {
    "Police": {"6": 1},
    "Education": {"2A": 90, "2B": 10},
    "Health": {"3A": 15, "3B": 15, "3C": 5, "3D": 15, "3E": 25, "3F": 25},
    "County Council": {"5A": 40, "5B": 30, "5D": 20, "4": 10},
    "Other": {"1A": 40, "1B": 10, "1C": 5, "1D": 5, "7": 15, "8": 15, "9": 5, "10": 5},
}
"""The referral source of a MASH contact's agency group, as the census codes it."""

NEED = {
    "child_protection": {"N1": 90, "N4": 5, "N5": 5},
    "child_in_need": {"N1": 45, "N2": 12, "N3": 5, "N4": 10, "N5": 15, "N6": 5, "N7": 2, "N8": 6},
}
CLOSURE = {"RC7": 87, "RC5": 5, "RC3": 4, "RC4": 4}
"""Why an episode closed when its plan ended: mostly no longer in need."""
REFERRAL_DAYS = {"child_protection": (5, 45), "child_in_need": (10, 60)}
"""Days from referral to plan (at least, at most), before any earlier episode's closure."""
NFA_SHARE = 0.1
REFERRED = "social_care_assessment"


@dataclass(frozen=True)
class CinEpisodes:
    """One CINdetails each, sorted by child, then referral; NaT where a date does not apply."""

    child: np.ndarray
    referral: np.ndarray
    closure: np.ndarray
    closure_reason: np.ndarray
    source: np.ndarray
    need: np.ndarray
    nfa: np.ndarray
    assessed: np.ndarray
    authorised: np.ndarray
    factors: np.ndarray
    enquiry: np.ndarray
    plan_type: np.ndarray
    plan_start: np.ndarray
    plan_end: np.ndarray
    category: np.ndarray
    previous: np.ndarray


def plan_episodes(plans: Mapping[str, np.ndarray], rng: np.random.Generator) -> CinEpisodes:
    """An episode for each plan: referral, assessment, enquiry for a protection plan, the plan."""
    codes = np.unique(np.asarray(plans["child_id"], dtype=object), return_inverse=True)[1]
    order = np.lexsort((plans["start_date"], codes))
    child = np.asarray(plans["child_id"], dtype=object)[order]
    start = plans["start_date"][order].astype("datetime64[D]")
    end = plans["end_date"][order].astype("datetime64[D]")
    plan_type = np.asarray(plans["plan_type"], dtype=object)[order]
    category = np.asarray(plans["category"], dtype=object)[order]
    n = len(child)
    same = np.zeros(n, dtype=bool)
    same[1:] = child[1:] == child[:-1]
    previous_end = np.full(n, NAT)
    previous_end[1:] = np.where(same[1:], end[:-1], NAT)
    protection = plan_type == "child_protection"
    referral = start - _between(rng, REFERRAL_DAYS, plan_type)
    after_previous = ~np.isnat(previous_end) & (referral <= previous_end)
    referral[after_previous] = np.minimum(previous_end[after_previous] + 1, start[after_previous])
    gap = (start - referral).astype(np.int64)
    assessed = referral + np.floor(rng.random(n) * (np.minimum(gap, 5) + 1)).astype(np.int64)
    to_plan = (start - assessed).astype(np.int64) + 1
    authorised = assessed + np.floor(rng.random(n) * to_plan).astype(np.int64)
    enquiry = assessed + np.floor(rng.random(n) * to_plan).astype(np.int64)
    return CinEpisodes(
        child=child,
        referral=referral,
        closure=end,
        closure_reason=np.where(np.isnat(end), "", draw(CLOSURE, n, rng)).astype(object),
        source=draw(REFERRAL_SOURCES, n, rng),
        need=np.where(
            protection,
            draw(NEED["child_protection"], n, rng),
            draw(NEED["child_in_need"], n, rng),
        ).astype(object),
        nfa=np.zeros(n, dtype=bool),
        assessed=assessed,
        authorised=authorised,
        factors=_factors(category, protection, rng),
        enquiry=np.where(protection, enquiry, NAT),
        plan_type=plan_type,
        plan_start=start,
        plan_end=end,
        category=category,
        previous=_previous_protection_plans(same, protection),
    )


def _between(
    rng: np.random.Generator, days: Mapping[str, tuple[int, int]], kind: np.ndarray
) -> np.ndarray:
    """Whole days drawn from each record's kind's range, inclusive."""
    out = np.zeros(len(kind), dtype=np.int64)
    for name, (low, high) in days.items():
        chosen = kind == name
        out[chosen] = rng.integers(low, high, endpoint=True, size=int(chosen.sum()))
    return out


def _previous_protection_plans(same_child: np.ndarray, protection: np.ndarray) -> np.ndarray:
    """How many child protection plans each child had before each plan, in the data."""
    counted = np.cumsum(protection) - protection
    first_of_child = np.flatnonzero(~same_child)
    base = np.repeat(counted[first_of_child], np.diff(np.append(first_of_child, len(same_child))))
    return (counted - base).astype(np.int64)


def _factors(category: np.ndarray, protection: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One or two factors found at each assessment, with the category's own for a CP plan;
    each assessment's codes as one space-separated string."""
    first = draw(FACTORS, len(category), rng)
    second = np.where(rng.random(len(category)) < 0.5, draw(FACTORS, len(category), rng), "")
    out = []
    for cat, cp, a, b in zip(category, protection, first, second, strict=True):
        own = CATEGORY_FACTORS.get(cat, "") if cp else ""
        out.append(" ".join(dict.fromkeys(c for c in (own, a, b) if c)))
    return np.array(out, dtype=object)


def nfa_episodes(
    contacts: Mapping[str, np.ndarray], known: np.ndarray, rng: np.random.Generator
) -> CinEpisodes:
    """Referrals closed with no further action the day they came: a share of the contacts
    referred for an assessment about children who are not in ``known`` (no plan, no care)."""
    referred = (contacts["outcome"] == REFERRED) & ~member(contacts["child_id"], known)
    chosen = np.flatnonzero(referred)[rng.random(int(referred.sum())) < NFA_SHARE]
    child = np.asarray(contacts["child_id"], dtype=object)[chosen]
    day = contacts["contact_date"][chosen].astype("datetime64[D]")
    agency = contacts["source_agency"][chosen]
    _, first = np.unique(np.char.add(child.astype(str), day.astype(str)), return_index=True)
    child, day, agency = child[first], day[first], agency[first]
    source = np.full(len(child), "10", dtype=object)
    for name, weights in SOURCES_BY_AGENCY.items():
        here = agency == name
        source[here] = draw(weights, int(here.sum()), rng)
    n = len(child)
    never, blank = np.full(n, NAT), np.full(n, "", dtype=object)
    return CinEpisodes(
        child=child,
        referral=day,
        closure=day.copy(),
        closure_reason=np.full(n, "RC8", dtype=object),
        source=source,
        need=blank,
        nfa=np.ones(n, dtype=bool),
        assessed=never,
        authorised=never,
        factors=blank,
        enquiry=never,
        plan_type=blank,
        plan_start=never,
        plan_end=never,
        category=blank,
        previous=np.zeros(n, dtype=np.int64),
    )


def combined(*parts: CinEpisodes) -> CinEpisodes:
    """The episodes of every part in one, sorted by child, then referral."""
    fields = CinEpisodes.__dataclass_fields__
    joined = {f: np.concatenate([getattr(p, f) for p in parts]) for f in fields}
    codes = np.unique(joined["child"], return_inverse=True)[1]
    order = np.lexsort((joined["referral"], codes))
    return CinEpisodes(**{f: v[order] for f, v in joined.items()})


def add_birth_limits(found: CinEpisodes, limits: BirthLimits) -> None:
    """Born by the child's first referral; under 18 at every later referral and plan start."""
    latest = np.where(np.isnat(found.plan_start), found.referral, found.plan_start)
    limits.add(
        found.child,
        born_by=found.referral,
        born_after=latest - np.timedelta64(AT_MOST_25 - 1, "D"),
        prefer_after=latest - np.timedelta64(UNDER_18 - 1, "D"),
    )


# -- one year's census --------------------------------------------------------------------------
def write_year(
    path: Path, year: CollectionYear, found: CinEpisodes, children: Children, lea: str
) -> WrittenReturn:
    """The year's census, streamed to ``path`` a child at a time."""
    held = np.flatnonzero(in_year(found.referral, found.closure, year))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as file:
        file.write(_header(year, lea))
        for lines in _children(year, found, held, children):
            file.write(lines)
        file.write("  </Children>\n</Message>\n")
    kinds = np.where(found.plan_start[held] <= np.datetime64(year.end), found.plan_type[held], "")
    counts = (
        ("children", len(np.unique(found.child[held]))),
        ("referrals", len(held)),
        ("ending in no further action", int(found.nfa[held].sum())),
        ("child protection plans", int((kinds == "child_protection").sum())),
        ("child in need plans", int((kinds == "child_in_need").sum())),
    )
    return WrittenReturn(KIND, TITLE, year, (path,), counts)


def _header(year: CollectionYear, lea: str) -> str:
    reference = year.end.isoformat()
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n  <Header>\n'
        "    <CollectionDetails>\n      <Collection>CIN</Collection>\n"
        f"      <Year>{year.end.year}</Year>\n      <ReferenceDate>{reference}</ReferenceDate>\n"
        "    </CollectionDetails>\n    <Source>\n      <SourceLevel>L</SourceLevel>\n"
        f"      <LEA>{escape(lea)}</LEA>\n      <SoftwareCode>trustboard synth</SoftwareCode>\n"
        "      <Release>synthetic</Release>\n      <SerialNo>001</SerialNo>\n"
        f"      <DateTime>{year.end.year}-05-15T09:00:00</DateTime>\n    </Source>\n"
        "  </Header>\n  <Children>\n"
    )


def _children(
    year: CollectionYear, found: CinEpisodes, held: np.ndarray, children: Children
) -> Iterator[str]:
    """Each child's element, with the episodes of theirs the year holds."""
    if len(held) == 0:
        return
    texts = _year_texts(year, found, held)
    ids = found.child[held]
    breaks = np.flatnonzero(np.append(True, ids[1:] != ids[:-1]))
    at = children.find(ids[breaks])
    births = iso_dates(children.birth[at])
    sex = ("Sex", "M", "F") if year.first >= 2024 else ("GenderCurrent", "1", "2")
    stops = np.append(breaks[1:], len(held))
    for k, (first, stop) in enumerate(zip(breaks, stops, strict=True)):
        person = at[k]
        identifiers = (
            _el("LAchildID", escape(str(ids[first])))
            + _el("UPN", children.upn[person])
            + _el("PersonBirthDate", births[k])
            + _el(sex[0], sex[1] if children.male[person] else sex[2])
        )
        characteristics = _el("Ethnicity", children.ethnicity[person])
        episodes = "".join(f"      {_episode(texts, i)}\n" for i in range(first, stop))
        yield (
            f"    <Child>{_el('ChildIdentifiers', identifiers)}"
            f"{_el('ChildCharacteristics', characteristics)}\n{episodes}    </Child>\n"
        )


def _year_texts(year: CollectionYear, found: CinEpisodes, held: np.ndarray) -> dict[str, list]:
    """The held episodes' values as the year's census writes them: dates it does not know yet
    are "", and so is a module that had not begun by the reference date."""
    last = np.datetime64(year.end, "D")
    first = np.datetime64(year.start, "D")

    def dates(days: np.ndarray) -> list[str]:
        return iso_dates(known_in(days[held], year))

    assessed = found.assessed[held]
    in_assessment = ~np.isnat(assessed) & (assessed <= last) & (found.authorised[held] >= first)
    enquiry = found.enquiry[held]
    in_enquiry = ~np.isnat(enquiry) & (enquiry <= last) & (found.plan_start[held] >= first)
    closure = known_in(found.closure[held], year)
    return {
        "referral": dates(found.referral),
        "source": found.source[held].tolist(),
        "need": found.need[held].tolist(),
        "closure": iso_dates(closure),
        "reason": np.where(np.isnat(closure), "", found.closure_reason[held]).tolist(),
        "nfa": found.nfa[held].tolist(),
        "assessment": in_assessment.tolist(),
        "assessed": dates(found.assessed),
        "authorised": dates(found.authorised),
        "factors": found.factors[held].tolist(),
        "enquiry": in_enquiry.tolist(),
        "enquired": dates(found.enquiry),
        "plan_type": np.where(found.plan_start[held] <= last, found.plan_type[held], "").tolist(),
        "plan_start": dates(found.plan_start),
        "plan_end": dates(found.plan_end),
        "category": [CATEGORY_CODES.get(c, "") for c in found.category[held]],
        "previous": found.previous[held].tolist(),
    }


def _episode(texts: Mapping[str, list], i: int) -> str:
    """One CINdetails on one line, its elements in the schema's order."""
    parts = [
        _el("CINreferralDate", texts["referral"][i]),
        _el("ReferralSource", texts["source"][i]),
        _el("PrimaryNeedCode", texts["need"][i]) if texts["need"][i] else "",
    ]
    if texts["closure"][i]:
        parts += [
            _el("CINclosureDate", texts["closure"][i]),
            _el("ReasonForClosure", texts["reason"][i]),
        ]
    if texts["assessment"][i]:
        parts.append(_assessment(texts, i))
    if texts["plan_type"][i] == "child_in_need":
        parts.append(
            _wrapped(
                "CINPlanDates",
                ("CINPlanStartDate", texts["plan_start"][i]),
                ("CINPlanEndDate", texts["plan_end"][i]),
            )
        )
    if texts["enquiry"][i]:
        parts.append(
            _wrapped(
                "Section47",
                ("S47ActualStartDate", texts["enquired"][i]),
                ("DateOfInitialCPC", texts["plan_start"][i]),
                ("ICPCnotRequired", "false"),
            )
        )
    parts.append(_el("ReferralNFA", "true" if texts["nfa"][i] else "false"))
    if texts["plan_type"][i] == "child_protection":
        parts.append(
            _wrapped(
                "ChildProtectionPlans",
                ("CPPstartDate", texts["plan_start"][i]),
                ("CPPendDate", texts["plan_end"][i]),
                ("InitialCategoryOfAbuse", texts["category"][i]),
                ("LatestCategoryOfAbuse", texts["category"][i]),
                ("NumberOfPreviousCPP", texts["previous"][i]),
            )
        )
    return _el("CINdetails", "".join(parts))


def _assessment(texts: Mapping[str, list], i: int) -> str:
    """An assessment; its authorisation and factors once it was completed (rule 8614)."""
    inner = _el("AssessmentActualStartDate", texts["assessed"][i])
    if texts["authorised"][i]:
        factors = "".join(_el("AssessmentFactors", code) for code in texts["factors"][i].split())
        inner += _el("AssessmentAuthorisationDate", texts["authorised"][i])
        inner += _el("FactorsIdentifiedAtAssessment", factors)
    return _el("Assessments", inner)


def _wrapped(tag: str, *leaves: tuple[str, object]) -> str:
    """An element of leaves, leaving out those with no value (a date not known yet)."""
    return _el(tag, "".join(_el(name, value) for name, value in leaves if value != ""))


def _el(tag: str, text: object) -> str:
    return f"<{tag}>{text}</{tag}>"
