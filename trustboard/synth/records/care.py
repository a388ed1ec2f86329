"""Episodes of care of one area: periods of care split by placement moves and unregistered
stretches, with legal status, placement and the child.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from trustboard.measures.sources import MASH_OUTCOMES
from trustboard.synth.records.calendars import Calendar
from trustboard.synth.records.calibration import (
    CONTACT_BEFORE_CARE,
    CONTACT_BEFORE_CARE_DAYS,
    LEGAL_STATUS_WEIGHTS,
    PLACEMENT_MOVE,
    PLACEMENT_WEIGHTS,
    UASC_LEGAL_STATUS_WEIGHTS,
    UASC_PLACEMENT_WEIGHTS,
    UNREGISTERED_PLACEMENT_WEIGHTS,
)
from trustboard.synth.records.draws import choose, pick_before
from trustboard.synth.records.stocks import Stock, stock_records

OPEN = np.iinfo(np.int32).max
"""Day number of a placement change or unregistered stretch a period of care does not have."""


def area_care(
    rng: np.random.Generator,
    size: float,
    calendar: Calendar,
    rates: Mapping[str, Stock],
    flow: Calendar,
    contacts: Mapping[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """One area's episodes of care, the children of some linked to their MASH contacts."""
    periods = [stock_records(rng, rates[name], calendar, size) for name in ("care", "uasc")]
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
        choose(rng, UASC_LEGAL_STATUS_WEIGHTS, n),
        choose(rng, LEGAL_STATUS_WEIGHTS, n),
    )

    # Children: some came into care after a contact ending in an assessment; the others (and
    # every unaccompanied child) are new to the records.
    entity = np.full(n, -1, dtype=np.int64)
    linkable = np.flatnonzero(~uasc & (start >= flow.window[0]))
    linkable = linkable[rng.random(len(linkable)) < CONTACT_BEFORE_CARE]
    referred = np.flatnonzero(contacts["outcome"] == MASH_OUTCOMES.index("social_care_assessment"))
    pick = pick_before(contacts["day"][referred], start[linkable], CONTACT_BEFORE_CARE_DAYS, rng)
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
            choose(rng, UASC_PLACEMENT_WEIGHTS, len(cuts)),
            choose(rng, PLACEMENT_WEIGHTS, len(cuts)),
        ),
        choose(rng, UNREGISTERED_PLACEMENT_WEIGHTS, len(cuts)),
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
    calendar: Calendar,
    rates: Mapping[str, Stock],
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
    stretch_start, stretch_end = stock_records(rng, rates["unregistered"], calendar, size)
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
