"""The DfE's symbols: what a published cell says when it cannot give a number.

A suppressed count (``c``) or a figure that rounds to zero (``low``) is not zero, and reading it as
a number would put a false figure in a board report, so each is kept as what it means (sources
in :mod:`trustboard.ingest.dfe`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

__all__ = ["EXPECTED_MEASURE", "ROUNDS_TO_ZERO", "SYMBOLS", "DfeCell", "number"]

ROUNDS_TO_ZERO = "rounds to zero (below 0.5), but is not zero"

SYMBOLS: dict[str, str] = {
    "c": "confidential (suppressed)",
    "z": "not applicable",
    "x": "not available",
    "low": ROUNDS_TO_ZERO,
    "k": ROUNDS_TO_ZERO,
    "u": "low reliability",
    ":": "not available",
    "~": ROUNDS_TO_ZERO,
}
"""What each DfE symbol means, in the order the DfE guidance lists them (sources above)."""

EXPECTED_MEASURE = "a number or one of the DfE symbols " + ", ".join(SYMBOLS)

# A plain decimal, as EES files write numbers: no thousands separators, no units, no "nan".
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")


def _symbol(text: str) -> str | None:
    """The symbol a cell holds, if any. Case is ignored: "C" in a hand-edited file is still c."""
    key = text.strip().lower()
    return key if key in SYMBOLS else None


def number(text: str) -> float | None:
    """The figure a cell's text is, written as EES files write numbers, or None."""
    text = text.strip()
    if not _NUMBER.match(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class DfeCell:
    """One published figure: a number, or the symbol printed in its place (never both)."""

    value: float | None
    symbol: str | None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.symbol is None):
            raise ValueError("a DfE cell holds either a number or a symbol")
        if self.symbol is not None and self.symbol not in SYMBOLS:
            raise ValueError(f"{self.symbol!r} is not a DfE symbol: expected one of {SYMBOLS}")

    @classmethod
    def parse(cls, text: str) -> DfeCell | None:
        """The cell a file's text stands for, or None when it is neither a number nor a symbol."""
        symbol = _symbol(text)
        if symbol is not None:
            return cls(None, symbol)
        value = number(text)
        return None if value is None else cls(value, None)

    @property
    def meaning(self) -> str:
        return "" if self.symbol is None else SYMBOLS[self.symbol]

    def __str__(self) -> str:
        if self.symbol is not None:
            return self.symbol
        assert self.value is not None
        return str(int(self.value)) if self.value.is_integer() else repr(self.value)
