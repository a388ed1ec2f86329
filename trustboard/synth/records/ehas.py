"""Early help assessments of one area: by month and organisation type, dated, aged, placed."""

from __future__ import annotations

import numpy as np

from trustboard.synth.records.calendars import Calendar
from trustboard.synth.records.calibration import EHA_AGES, LOCALITY_MISSING, LOCALITY_WEIGHTS
from trustboard.synth.records.draws import choose, expand, noise, stochastic_round
from trustboard.synth.records.flows import Flows


def area_ehas(
    rng: np.random.Generator, size: float, calibration: Flows, calendar: Calendar
) -> dict[str, np.ndarray]:
    """One area's early help assessments, each about a child of its own."""
    rows = calendar.curve_rows()
    expected = np.column_stack([calibration.eha_by_organisation[rows], calibration.eha_pilot[rows]])
    expected *= size * calendar.fraction["eha"][:, None]
    counts = stochastic_round(expected * noise(rng, expected.shape), rng)
    month, organisation = expand(counts)
    day = calendar.sample("eha", month, rng)
    order = np.argsort(day, kind="stable")
    day, organisation = day[order], organisation[order]
    n = len(day)
    names = calibration.organisations
    bounds = np.array([EHA_AGES.get(name, (0, 17)) for name in names])
    low, high = bounds[organisation, 0], bounds[organisation, 1]
    age = low + np.floor(rng.random(n) * (high - low + 1)).astype(np.int64)
    locality = choose(rng, LOCALITY_WEIGHTS, n)
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
