"""One area's records of every source, generated together so their children can be linked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from trustboard.synth.records.areas import AREA_CODES, EXAMPLE_LA_CODE, SynthOptions
from trustboard.synth.records.calendars import Calendar
from trustboard.synth.records.care import area_care
from trustboard.synth.records.contacts import area_contacts
from trustboard.synth.records.draws import random_stream
from trustboard.synth.records.ehas import area_ehas
from trustboard.synth.records.flows import Flows
from trustboard.synth.records.plans import area_plans
from trustboard.synth.records.stocks import Stock


@dataclass
class Area:
    """One area's records by source, child numbers local to the area until assembled."""

    code: str
    ehas: dict[str, np.ndarray]
    contacts: dict[str, np.ndarray]
    plans: dict[str, np.ndarray]
    care: dict[str, np.ndarray]
    children: int


def generate_area(
    area: int,
    size: float,
    options: SynthOptions,
    calibration: Flows,
    flow: Calendar,
    stocks: Mapping[str, Calendar],
    rates: Mapping[str, Stock],
) -> Area:
    """One area's four sources, each from its own random stream so areas never disturb another."""
    ehas = area_ehas(random_stream(options, area, "ehas"), size, calibration, flow)
    contacts = area_contacts(
        random_stream(options, area, "contacts"), size, calibration, flow, ehas
    )
    plans = area_plans(
        random_stream(options, area, "plans"), size, stocks["plans"], rates, flow, ehas, contacts
    )
    care = area_care(
        random_stream(options, area, "care"), size, stocks["care"], rates, flow, contacts
    )
    children = _number_children(
        random_stream(options, area, "children"), ehas, contacts, plans, care
    )
    code = EXAMPLE_LA_CODE if area == 1 else AREA_CODES[area - 2]
    return Area(code, ehas, contacts, plans, care, children)


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
