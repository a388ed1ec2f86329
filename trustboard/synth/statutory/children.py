"""The children of the returns: a date of birth, sex, ethnicity and UPN for each, made up.

The extracts have no date of birth; the returns need one on every child, and the adapters check
it against every event (no episode before birth, no one over 25). So a child's birth is drawn
within the limits their records set, from every return at once (a child on a plan who came into
care has one birth in both): born by their first event, under 18 at every later start where
that is possible, 16 or over on starting supported accommodation (H5), 10 or over on going to a
children's home (K2, R1), under 10 on being placed for adoption (A5). Where these cannot all
hold, being old enough for a placement gives way first, then being young enough. An
unaccompanied child's birth is fixed instead, by the day their UASC status ceases (see
:mod:`trustboard.synth.statutory.ssda903`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from trustboard.synth.statutory.codes import member

UNDER_18 = 6570
"""A child born fewer than this many days before a day was under 18 on it (18 years are at
least 6,574 days)."""
AT_MOST_25 = 9490
"""Born fewer than this many days before: at most 25, the oldest the adapters accept."""
AT_LEAST_16 = 5846
"""Born at least this many days before: 16 or over (16 years are at most 5,845 days)."""
AT_LEAST_10 = 3654
"""Born at least this many days before: 10 or over (10 years are at most 3,653 days)."""
UNDER_10 = 3650
"""Born fewer than this many days before: under 10."""

MALE_SHARE = {"uasc": 0.93, "care": 0.56, "other": 0.51}
"""Boys among unaccompanied children, children we care for and the rest (the DfE's shares)."""

ETHNIC_WEIGHTS = {
    "other": {
        "WBRI": 72.0, "WIRI": 0.5, "WOTH": 4.0, "WIRT": 0.5, "WROM": 1.0, "MWBC": 4.0,
        "MWBA": 2.0, "MWAS": 3.0, "MOTH": 3.0, "AIND": 1.0, "APKN": 2.0, "ABAN": 0.5,
        "AOTH": 1.0, "BCRB": 1.0, "BAFR": 3.0, "BOTH": 1.0, "CHNE": 0.5, "OOTH": 1.0,
        "REFU": 0.5, "NOBT": 1.0,
    },
    "uasc": {"AOTH": 25.0, "BAFR": 25.0, "OOTH": 30.0, "BOTH": 8.0, "MOTH": 4.0, "WOTH": 8.0},
}  # fmt: skip
"""SSDA903 and CIN census ethnicity codes: a county's children, and unaccompanied children
(mostly from Afghanistan, Sudan, Eritrea, Iran and Albania)."""

_NEVER = np.iinfo(np.int64).max // 4
"""A bound that does not bind, far beyond any day number and safe to add to."""


@dataclass
class BirthLimits:
    """Bounds on children's births, as day numbers, gathered from every record that has one.

    ``born_by`` and ``born_after`` must hold (the adapters refuse otherwise); ``prefer_by`` and
    ``prefer_after`` make the ages plausible and give way when they cannot all hold.
    """

    rows: list[tuple[np.ndarray, ...]] = field(default_factory=list)
    fixed: dict[str, int] = field(default_factory=dict)

    def add(
        self,
        child: np.ndarray,
        *,
        born_by: np.ndarray | None = None,
        born_after: np.ndarray | None = None,
        prefer_by: np.ndarray | None = None,
        prefer_after: np.ndarray | None = None,
    ) -> None:
        n = len(child)

        def bound(days: np.ndarray | None, default: int) -> np.ndarray:
            return np.full(n, default, np.int64) if days is None else _days(days)

        self.rows.append(
            (
                np.asarray(child, dtype=object),
                bound(born_after, -_NEVER),
                bound(born_by, _NEVER),
                bound(prefer_after, -_NEVER),
                bound(prefer_by, _NEVER),
            )
        )

    def fix(self, child: Sequence[str], birth: Sequence[int]) -> None:
        """Births already decided (an unaccompanied child's, from their 18th birthday)."""
        self.fixed.update(zip(child, (int(b) for b in birth), strict=True))


@dataclass(frozen=True)
class Children:
    """Every child of the returns, sorted by identifier, with what the returns say of them."""

    ids: np.ndarray
    birth: np.ndarray
    """datetime64[D]."""
    male: np.ndarray
    ethnicity: np.ndarray
    upn: np.ndarray

    def find(self, ids: np.ndarray) -> np.ndarray:
        """Positions of children in these arrays; every one must be here."""
        at = np.searchsorted(self.ids, ids)
        if len(ids) and (at.max() >= len(self.ids) or np.any(self.ids[at] != ids)):
            raise KeyError("a child of the records has no details")
        return at


def describe(
    limits: BirthLimits, uasc: np.ndarray, care: np.ndarray, rng: np.random.Generator
) -> Children:
    """Each child's details, drawn within their limits; ``uasc`` and ``care`` name the children
    whose sex and ethnicity follow those groups'."""
    child = np.concatenate([r[0] for r in limits.rows] + [np.array(list(limits.fixed), object)])
    ids, inverse = np.unique(child, return_inverse=True)
    after, by, prefer_after, prefer_by = (
        _reduce(limits, inverse, len(ids), i) for i in range(1, 5)
    )
    low = np.maximum(after, prefer_after)
    high = np.minimum(by, prefer_by)
    # A wish to be old enough for a placement gives way first; then one to be young enough,
    # and the child is born on their first event, as young as the records allow.
    high = np.where(low > high, by, high)
    low = np.where(low > high, high, low)
    birth = low + np.floor(rng.random(len(ids)) * (high - low + 1)).astype(np.int64)
    if limits.fixed:
        fixed = np.array(list(limits.fixed), dtype=object)
        birth[np.searchsorted(ids, fixed)] = list(limits.fixed.values())
    group = np.where(member(ids, uasc), "uasc", np.where(member(ids, care), "care", "other"))
    male = rng.random(len(ids)) < np.vectorize(MALE_SHARE.get, otypes=[float])(group)
    ethnicity = np.empty(len(ids), dtype=object)
    draws = rng.random(len(ids))
    for name, weights in ETHNIC_WEIGHTS.items():
        chosen = group == "uasc" if name == "uasc" else group != "uasc"
        codes = np.array(list(weights), dtype=object)
        cumulative = np.cumsum(list(weights.values()))
        pick = np.searchsorted(cumulative / cumulative[-1], draws[chosen], side="right")
        ethnicity[chosen] = codes[pick.clip(0, len(codes) - 1)]
    return Children(ids, birth.astype("datetime64[D]"), male, ethnicity, _upns(ids))


def _reduce(limits: BirthLimits, inverse: np.ndarray, n: int, column: int) -> np.ndarray:
    """One bound per child: the latest lower bound, or the earliest upper bound."""
    lower = column in (1, 3)
    values = np.concatenate(
        [r[column] for r in limits.rows]
        + [np.full(len(limits.fixed), -_NEVER if lower else _NEVER)]
    )
    out = np.full(n, -_NEVER if lower else _NEVER, dtype=np.int64)
    (np.maximum if lower else np.minimum).at(out, inverse, values)
    return out


def _days(days: np.ndarray) -> np.ndarray:
    """Day numbers of dates (datetime64) or of day numbers already."""
    days = np.asarray(days)
    return days.astype("datetime64[D]").astype(np.int64) if days.dtype.kind == "M" else days


def _upns(ids: np.ndarray) -> np.ndarray:
    """Unique pupil numbers that are plainly not real: authority 000, which no council has, a
    serial from the child's identifier, and Z for the check letter."""
    serials = [int("".join(c for c in str(i) if c.isdigit()) or 0) % 10**8 for i in ids]
    return np.array([f"Z000{s:08d}Z" for s in serials], dtype=object)
