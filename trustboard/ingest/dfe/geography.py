"""Where an EES row sits: the geographic levels, their code and name columns, and time columns.

The levels and their columns are the DfE data screener's (``data/geography_matrix.csv``).
"""

from __future__ import annotations

__all__ = [
    "BENCHMARK_LEVELS",
    "GEOGRAPHY_COLUMNS",
    "GEOGRAPHY_LEVELS",
    "LEVEL_COLUMNS",
    "LEVEL_NAMES",
    "LOCAL_AUTHORITY",
    "NATIONAL",
    "OTHER_GEOGRAPHY_LEVELS",
    "REGIONAL",
    "REQUIRED_COLUMNS",
    "TIME_COLUMNS",
]

NATIONAL = "National"
REGIONAL = "Regional"
LOCAL_AUTHORITY = "Local authority"

GEOGRAPHY_LEVELS: dict[str, tuple[str, str]] = {
    NATIONAL: ("country_code", "country_name"),
    REGIONAL: ("region_code", "region_name"),
    LOCAL_AUTHORITY: ("new_la_code", "la_name"),
}
"""The levels trustboard compares an area with, and each level's code and name columns."""

OTHER_GEOGRAPHY_LEVELS: dict[str, tuple[str, str]] = {
    "Local authority district": ("lad_code", "lad_name"),
    "RSC region": ("", "rsc_region_lead_name"),
    "Parliamentary constituency": ("pcon_code", "pcon_name"),
    "Local skills improvement plan area": ("lsip_code", "lsip_name"),
    "Local enterprise partnership": (
        "local_enterprise_partnership_code",
        "local_enterprise_partnership_name",
    ),
    "English devolved area": ("english_devolved_area_code", "english_devolved_area_name"),
    "Opportunity area": ("opportunity_area_code", "opportunity_area_name"),
    "Ward": ("ward_code", "ward_name"),
    "MAT": ("trust_id", "trust_name"),
    "Sponsor": ("sponsor_id", "sponsor_name"),
    "School": ("school_urn", "school_name"),
    "Provider": ("provider_ukprn", "provider_name"),
    "Institution": ("institution_id", "institution_name"),
    "Planning area": ("planning_area_code", "planning_area_name"),
    "Police force area": ("pfa_code", "pfa_name"),
}
"""Other levels EES publishes. Rows at these levels are read and kept with their own code and
name, but no comparison uses them; a level in neither table is kept too, without a code."""

BENCHMARK_LEVELS = ("national", "regional", "neighbour", "local_authority")
"""The ``level`` of a :class:`BenchmarkValue`. ``local_authority`` is for comparisons with every
authority (rankings, quartiles); :func:`select` gives only the first three."""

LEVEL_NAMES = {level.lower(): level for level in [*GEOGRAPHY_LEVELS, *OTHER_GEOGRAPHY_LEVELS]}
"""Each level by its lowercased name, so a hand-edited "local authority" is still the level."""

TIME_COLUMNS = ("time_period", "time_identifier")
REQUIRED_COLUMNS = (*TIME_COLUMNS, "geographic_level", "country_code", "country_name")
"""The columns every EES file must have (DfE open data standards, "Time and geography")."""

LEVEL_COLUMNS = {
    REGIONAL: ("region_code", "region_name"),
    LOCAL_AUTHORITY: ("new_la_code", "la_name"),
}
"""Columns a file needs if it has rows at these levels, since comparisons read them."""

GEOGRAPHY_COLUMNS = frozenset(
    {"geographic_level", "old_la_code", "school_laestab"}
    | {column for pair in GEOGRAPHY_LEVELS.values() for column in pair}
    | {column for pair in OTHER_GEOGRAPHY_LEVELS.values() for column in pair if column}
)
"""Columns that place a row rather than break it down: neither filters nor measures."""
