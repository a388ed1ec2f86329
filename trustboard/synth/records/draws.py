"""The random draws every source shares: streams, rounding, choices and links between records.

Each area draws from its own random stream (seed, area, source), so area 1 is the same whether 1
or 153 areas are generated; counts are rounded stochastically so a year's total lands within
about 1% of its target; links between sources are picks from windows of sorted dates.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from trustboard.synth.records.areas import SynthOptions

_STREAMS = {"ehas": 1, "contacts": 2, "plans": 3, "care": 4, "children": 5}


def random_stream(options: SynthOptions, area: int, stream: str) -> np.random.Generator:
    """An area's own stream for one source: adding areas or sources never changes the others."""
    return np.random.default_rng([_STREAMS[stream], area, options.seed % (1 << 64)])


def stochastic_round(expected: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Whole counts with the expected value of ``expected`` and at most one away from it."""
    floor = np.floor(expected)
    return (floor + (rng.random(expected.shape) < expected - floor)).astype(np.int64)


def choose(rng: np.random.Generator, weights: Sequence[float], size: int) -> np.ndarray:
    """Indices drawn with the given (unnormalised) weights."""
    p = np.asarray(weights, dtype=float)
    return np.searchsorted(np.cumsum(p / p.sum()), rng.random(size), side="right").clip(
        0, len(p) - 1
    )


def systematic(rng: np.random.Generator, n: int, share: float | np.ndarray) -> np.ndarray:
    """Flags with the given share, spread evenly through records in their order (of date).

    Unlike a coin per record, any run of records gets the share to within one, so a year's
    repeat plans are 29% of the year's plans, not 29% give or take 3 points.
    """
    shares = np.broadcast_to(np.asarray(share, dtype=float), (n,))
    position = np.floor(np.concatenate([[0.0], np.cumsum(shares)]) + rng.random())
    return np.diff(position) > 0


def pick_before(
    event_days: np.ndarray,
    query_days: np.ndarray,
    window: int,
    rng: np.random.Generator,
    gap: int = 1,
) -> np.ndarray:
    """For each query, a random event dated ``gap`` to ``window`` days before it, or -1.

    ``event_days`` must be sorted; returns indices into it.
    """
    low = np.searchsorted(event_days, query_days - window, side="left")
    high = np.searchsorted(event_days, query_days - gap, side="right")
    count = high - low
    pick = low + np.floor(rng.random(len(query_days)) * count).astype(np.int64)
    return np.where(count > 0, pick, -1)


def roots(parent: np.ndarray) -> np.ndarray:
    """Follow parent links (each pointing earlier) to the first record of each chain."""
    root = parent.copy()
    while True:
        hop = root[root]
        if np.array_equal(hop, root):
            return root
        root = hop


def expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(month position, cell) of each record, from a (month, cell) matrix of counts."""
    flat = counts.ravel()
    cells = np.repeat(np.arange(flat.size), flat)
    return cells // counts.shape[1], cells % counts.shape[1]


def noise(rng: np.random.Generator, shape: tuple[int, ...], sigma: float = 0.03) -> np.ndarray:
    """Month-to-month factors with mean 1, so noise never moves a year's expected total."""
    return np.exp(sigma * rng.standard_normal(shape) - sigma * sigma / 2)
