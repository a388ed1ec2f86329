"""Area 1's expected monthly flows (EHAs and MASH contacts), solved once from the calibration.

The published yearly totals, the 2020 agency mix and the ratio table constrain each other; this
is where they are reconciled, so the yearly and ratio figures both hold whatever the seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from trustboard.measures.sources import AGENCIES
from trustboard.synth.records.calibration import (
    CONTACT_COVID,
    CONTACT_SEASON,
    CONTACT_SHARES,
    CONTACT_TREND,
    EHA_CALENDAR_YEARS,
    EHA_COVID,
    EHA_ORGANISATIONS_2020,
    EHA_SEASON,
    EHA_TREND,
    EHAS_PER_CONTACT,
    HEALTH_CONTACTS_PER_EHA_WITH_PILOT,
    HOUSING_WEIGHT,
    PILOT_ORGANISATION,
    PILOT_RAMP,
    RATIO_YEAR,
)
from trustboard.synth.records.months import (
    CURVE_MONTHS,
    curve,
    curve_slice,
    month_factors,
    month_number,
    season,
)


@dataclass(frozen=True)
class Flows:
    """Area 1's expected counts for every month of the curves' calendar."""

    eha_by_organisation: np.ndarray
    """(curve month, organisation) expected non-pilot EHAs."""
    eha_pilot: np.ndarray
    contacts_by_agency: np.ndarray
    """(curve month, agency) expected contacts."""
    organisations: tuple[str, ...]
    organisation_agency: np.ndarray
    """Agency code of each organisation type (the pilot's column is last)."""


@lru_cache(maxsize=1)
def solve_flows() -> Flows:
    """Area 1's expected monthly flows, solved once so the yearly and ratio figures hold."""
    agencies = list(AGENCIES)
    # EHAs: the trend's shape within each year, scaled to the published yearly totals.
    total = curve(EHA_TREND) * season(EHA_SEASON) * month_factors(EHA_COVID)
    years = CURVE_MONTHS // 12
    for year, target in EHA_CALENDAR_YEARS.items():
        in_year = years == year
        total[in_year] *= target / total[in_year].sum()

    # Contacts: shape from the trend; the level from the ratio table, below.
    contact_shape = curve(CONTACT_TREND) * season(CONTACT_SEASON)
    covid = np.stack([month_factors(CONTACT_COVID.get(a, {})) for a in agencies], axis=1)
    shares = np.array([CONTACT_SHARES[a] for a in agencies])
    shares = shares / shares.sum()
    by_agency_shape = contact_shape[:, None] * shares[None, :] * covid

    ratio_year = curve_slice(*RATIO_YEAR)
    if not np.all(covid[ratio_year] == 1):
        raise AssertionError("the ratio year must be free of lockdown factors")
    ehas_per_contact = np.array([EHAS_PER_CONTACT[a] for a in agencies])
    health = agencies.index("Health")
    pilot_per_contact = 1 / HEALTH_CONTACTS_PER_EHA_WITH_PILOT - EHAS_PER_CONTACT["Health"]
    pilot_start = month_number(*RATIO_YEAR[0])
    ramp = np.greater_equal(CURVE_MONTHS, pilot_start) * month_factors(PILOT_RAMP)
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
        (CURVE_MONTHS - month_number(2020, 12))
        / (month_number(*RATIO_YEAR[0]) - month_number(2020, 12)),
        0,
        1,
    )
    agency_shares = (1 - position)[:, None] * shares_2020 + position[:, None] * shares_ratio_year
    weights = counts + np.array([HOUSING_WEIGHT if n == "Housing" else 0 for n in organisations])
    within = weights / np.bincount(organisation_agency, weights=weights)[organisation_agency]
    by_organisation = non_pilot[:, None] * agency_shares[:, organisation_agency] * within[None, :]
    return Flows(
        eha_by_organisation=by_organisation,
        eha_pilot=pilot,
        contacts_by_agency=contacts,
        organisations=(*organisations, PILOT_ORGANISATION),
        organisation_agency=np.append(organisation_agency, health),
    )
