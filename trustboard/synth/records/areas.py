"""The areas a synthetic set covers: their codes, their sizes, and the options asked for.

Area 1 is the example partnership; every other area is a scaled copy of it, its size fixed per
area (not per seed) so that an area is the same area whatever else is generated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np

from trustboard.synth.records.months import CURVE_YEARS

EXAMPLE_LA_CODE = "E10000025"
"""Area 1, the example partnership."""

AREA_CODES: tuple[str, ...] = tuple(f"E99{number:06d}" for number in range(1, 1000))
"""Codes of areas 2, 3, ...: ONS has no E99 entity type, so none can be mistaken for a council."""

ENGLISH_AUTHORITIES = 153
"""Local authorities with children's services in England: the national benchmark's area count."""

MEAN_AREA_SIZE = 0.85
"""Areas 2..153 are on average this fraction of area 1 (a large county) in every volume."""

AREA_SIZE_SIGMA = 0.5
AREA_SIZE_RANGE = (0.15, 3.5)
AREA_SIZE_SEED = 20_230_303
"""Fixed, not the options' seed: an area's size is part of what the area is."""


@dataclass(frozen=True)
class SynthOptions:
    """What to generate: how many areas, which dates, which random numbers."""

    areas: int = 1
    """Area 1 is the example partnership (E10000025); areas 2.. take ``AREA_CODES`` in order."""
    start: date = date(2017, 1, 1)
    end: date = date(2024, 3, 31)
    seed: int = 0


def area_codes(areas: int) -> tuple[str, ...]:
    """The la_code of each of the first ``areas`` areas."""
    _check_areas(areas)
    return (EXAMPLE_LA_CODE, *AREA_CODES[: areas - 1])


def area_size_factors(areas: int) -> np.ndarray:
    """Each area's volumes as a multiple of area 1's.

    Lognormal and fixed per area (not per seed), normalised so that areas 2..153 average
    ``MEAN_AREA_SIZE``; area 1 is 1.
    """
    _check_areas(areas)
    return _size_factors()[:areas].copy()


def _check_areas(areas: int) -> None:
    if not 1 <= areas <= 1 + len(AREA_CODES):
        raise ValueError(f"areas must be from 1 to {1 + len(AREA_CODES)}, not {areas}")


def check_options(options: SynthOptions) -> None:
    """Refuse options the calibration's curves cannot cover, before any work is done."""
    _check_areas(options.areas)
    if options.end < options.start:
        raise ValueError(f"end {options.end} is before start {options.start}")
    # Plans reach two years further back, and each calendar a month either side.
    first = date(CURVE_YEARS[0] + 3, 1, 1)
    last = date(CURVE_YEARS[1] - 1, 12, 31)
    if options.start < first or options.end > last:
        raise ValueError(f"dates must fall between {first} and {last}")


@lru_cache(maxsize=1)
def _size_factors() -> np.ndarray:
    rng = np.random.default_rng(AREA_SIZE_SEED)
    raw = np.clip(np.exp(AREA_SIZE_SIGMA * rng.standard_normal(len(AREA_CODES))), *AREA_SIZE_RANGE)
    others = raw * MEAN_AREA_SIZE / raw[: ENGLISH_AUTHORITIES - 1].mean()
    return np.concatenate([[1.0], others])
