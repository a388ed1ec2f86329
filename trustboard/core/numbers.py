"""Reading a figure that may be missing, text, infinite or not a number."""

from __future__ import annotations

import math


def finite(value: object) -> float | None:
    """``value`` as a finite float, or None for no figure, text, a bool, infinity or NaN."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def half_up(value: float, places: int = 0) -> float:
    """Round halves away from zero, as a reader expects (Python's round() goes to even:
    0.5 -> 0, 2.5 -> 2)."""
    scale = 10**places
    return math.copysign(math.floor(abs(value) * scale + 0.5), value) / scale
