"""Child protection and child in need plans of one area, with repeats and their children.

A repeat plan follows one that ended in the two years before; the first plan of each chain is
for a child with a recent EHA, a child just referred by the MASH, or a child new to the records.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from trustboard.measures.sources import MASH_OUTCOMES, PLAN_CATEGORIES, PLAN_TYPES
from trustboard.synth.records.calendars import Calendar
from trustboard.synth.records.calibration import (
    CATEGORY_SHARES,
    CONTACT_BEFORE_PLAN_DAYS,
    EHA_BEFORE_PLAN,
    LINK_WINDOW_DAYS,
    REPEAT_SHARE,
    REPEAT_WINDOW_DAYS,
)
from trustboard.synth.records.draws import choose, pick_before, roots, systematic
from trustboard.synth.records.stocks import Stock, stock_records


def area_plans(
    rng: np.random.Generator,
    size: float,
    calendar: Calendar,
    rates: Mapping[str, Stock],
    flow: Calendar,
    ehas: Mapping[str, np.ndarray],
    contacts: Mapping[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """One area's plans, repeats following earlier plans of the same child."""
    parts = [stock_records(rng, rates[t], calendar, size) for t in PLAN_TYPES]
    plan_type = np.concatenate([np.full(len(p[0]), i) for i, p in enumerate(parts)])
    start = np.concatenate([p[0] for p in parts])
    end = np.concatenate([p[1] for p in parts])
    order = np.argsort(start, kind="stable")
    start, end, plan_type = start[order], end[order], plan_type[order]
    last_day = calendar.window[1]
    keep = start <= last_day
    start, end, plan_type = start[keep], end[keep], plan_type[keep]
    n = len(start)
    category = choose(rng, [CATEGORY_SHARES[c] for c in PLAN_CATEGORIES], n)

    # Repeats: a child protection plan after one that ended within two years, each earlier plan
    # followed by at most one.
    protection = plan_type == PLAN_TYPES.index("child_protection")
    parent = np.arange(n)
    ended = np.flatnonzero(protection & (end <= last_day))
    ended = ended[np.argsort(end[ended], kind="stable")]
    wanted = np.flatnonzero(protection & (start >= calendar.window[0]))
    wanted = wanted[systematic(rng, len(wanted), REPEAT_SHARE)]
    used = np.zeros(len(ended), dtype=bool)
    for _ in range(4):
        if len(wanted) == 0:
            break
        pick = pick_before(end[ended], start[wanted], REPEAT_WINDOW_DAYS, rng)
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
    root = roots(parent)
    is_root = root == np.arange(n)

    # Who the first plan of each chain is for: a child with a recent EHA, a child just referred
    # by the MASH for an assessment, or a child new to the records.
    eha_count = len(ehas["day"])
    entity = eha_count + len(contacts["day"]) + np.arange(n)  # a new child by default
    linkable = np.flatnonzero(is_root & (start >= flow.window[0]))
    neglect = category[linkable] == PLAN_CATEGORIES.index("neglect")
    chance = np.where(neglect, EHA_BEFORE_PLAN["neglect"], EHA_BEFORE_PLAN["other"])
    with_eha = systematic(rng, len(linkable), chance)
    pick = pick_before(ehas["day"], start[linkable[with_eha]], LINK_WINDOW_DAYS, rng)
    chosen = linkable[with_eha][pick >= 0]
    entity[chosen] = ehas["child"][pick[pick >= 0]]
    rest = linkable[~with_eha]
    referred = np.flatnonzero(
        (contacts["outcome"] == MASH_OUTCOMES.index("social_care_assessment"))
        & ~contacts["preceded"]
    )
    pick = pick_before(contacts["day"][referred], start[rest], CONTACT_BEFORE_PLAN_DAYS, rng)
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
