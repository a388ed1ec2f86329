"""MASH contacts of one area: by month and agency, with outcome, urgency and the child.

A contact's child is either the child of an earlier EHA (12%), a child contacted about before,
or a child new to the records.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from trustboard.measures.sources import AGENCIES, MASH_OUTCOMES
from trustboard.synth.records.calendars import Calendar
from trustboard.synth.records.calibration import (
    DECISION_HOURS,
    LINK_WINDOW_DAYS,
    NO_FURTHER_ACTION,
    OTHER_OUTCOMES,
    PRECEDING_EHA_SHARE,
    RECONTACT_SHARE,
    URGENCY,
    URGENCY_BY_OUTCOME,
    URGENCY_MISSING,
)
from trustboard.synth.records.draws import (
    choose,
    expand,
    noise,
    pick_before,
    roots,
    stochastic_round,
)
from trustboard.synth.records.flows import Flows


def area_contacts(
    rng: np.random.Generator,
    size: float,
    calibration: Flows,
    calendar: Calendar,
    ehas: Mapping[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """One area's MASH contacts, some about the children of its EHAs."""
    rows = calendar.curve_rows()
    expected = calibration.contacts_by_agency[rows] * size * calendar.fraction["contact"][:, None]
    counts = stochastic_round(expected * noise(rng, expected.shape), rng)
    month, agency = expand(counts)
    day = calendar.sample("contact", month, rng)
    order = np.argsort(day, kind="stable")
    day, agency = day[order], agency[order]
    n = len(day)

    nfa = np.array([NO_FURTHER_ACTION[a] for a in AGENCIES])[agency]
    others = list(OTHER_OUTCOMES)
    outcome = np.full(n, MASH_OUTCOMES.index("no_further_action"))
    not_nfa = rng.random(n) >= nfa
    other_choice = choose(rng, list(OTHER_OUTCOMES.values()), int(not_nfa.sum()))
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
    eha_pick = pick_before(ehas["day"], day[preceded], LINK_WINDOW_DAYS, rng)
    child = np.full(n, -1, dtype=np.int64)
    preceded_index = np.flatnonzero(preceded)
    found = eha_pick >= 0
    child[preceded_index[found]] = ehas["child"][eha_pick[found]]
    preceded[preceded_index[~found]] = False
    pool = np.flatnonzero(~preceded)
    parent = np.arange(len(pool))
    again = rng.random(len(pool)) < RECONTACT_SHARE
    pick = pick_before(day[pool], day[pool][again], LINK_WINDOW_DAYS, rng)
    parent[np.flatnonzero(again)[pick >= 0]] = pick[pick >= 0]
    child[pool] = eha_count + pool[roots(parent)]
    return {
        "day": day,
        "agency": agency,
        "outcome": outcome,
        "urgency": urgency,
        "hours": hours,
        "preceded": preceded,
        "child": child,
    }
