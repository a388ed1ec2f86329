"""Drawing a return's codes from weights, and set membership on identifier arrays."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from trustboard.synth.records.draws import choose


def draw(weights: Mapping[str, float], size: int, rng: np.random.Generator) -> np.ndarray:
    """Codes drawn with the given (unnormalised) weights, as an object array."""
    codes = np.array(list(weights), dtype=object)
    return codes[choose(rng, list(weights.values()), size)]


def member(values: np.ndarray, among: np.ndarray) -> np.ndarray:
    """Which values are among the others: ``np.isin`` compares object arrays pair by pair."""
    wanted = set(np.asarray(among, dtype=object).tolist())
    return np.fromiter((v in wanted for v in values.tolist()), dtype=bool, count=len(values))
