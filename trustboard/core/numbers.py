"""Reading and rounding a figure: the names :mod:`trustboard.core.formatting` defines.

The number policy has one home, :mod:`trustboard.core.formatting`; these names are re-exported
here so that code importing them from this module reads the same rules.
"""

from __future__ import annotations

from trustboard.core.formatting import finite, half_up

__all__ = ["finite", "half_up"]
