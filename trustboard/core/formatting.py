"""The one number policy: how every figure is rounded and written for a reader.

The dashboard, the board report, the drafted sentences, the charts' labels and the CLI all
print figures through this module, so the same figure never reads two ways: a table that says
12.3% beside a sentence that says 12.2% makes a reader distrust both.

The rules, in one place:

* **Rounding** is half up (away from zero) on the decimal value as it is written: 12.25 to one
  place is 12.3, 1.005 to two places is 1.01, 2.5 to a whole number is 3. Python's ``round()``
  and f-strings round the binary float (12.25 is stored exactly and rounds to even, 12.2; 1.005
  is stored as 1.00499... and rounds down), which is not what anyone reading the source figure
  expects. A float is read through its shortest ``repr`` (the digits Python prints for it), a
  ``Decimal`` or an ``int`` exactly, and numeric text as written.
* **No figure**: ``None``, text that is not a number, a bool, NaN or infinity prints
  :data:`MISSING` ("–"), never an error (an infinite percentage change from 0 once crashed a
  page).
* **Negative numbers** carry :data:`MINUS` ("−", the typographic minus a screen reader says as
  "minus"), never a hyphen. A level that rounds to zero prints without a sign ("0.0%", not
  "−0.0%"). A change keeps its sign when it rounds to zero ("−0.0 points"): the direction is
  the news, and a fall too small to print is still a fall.
* **Thousands** are separated by commas: 1,234.
* **The whole-number rule** (:data:`WHOLE_NUMBER_TOLERANCE`): where a figure has no fixed number
  of places it is printed to one decimal place, and without decimals when that place would be
  0, i.e. when it lies within 0.05 of a whole number: 124 days, 124.5 days; 1,234, 1,234.5.
  A mean of counts or a neighbours' average keeps its decimal; a count stays whole.
* **Per unit, in a table** (:func:`figure`): a count and days by the whole-number rule;
  a percentage and a rate per 10,000 always to one place, so a column of them lines up
  (75.0%, 70.1 per 10,000).
* **Per unit, in a sentence** (:func:`sentence_figure`): counts are whole numbers ("1,733
  children": a count of people has no fraction); percentages, days and rates follow the
  whole-number rule ("29%", "8.5%", "1 day", "50 per 10,000"). A sentence rounds exactly as a
  table does; only trailing ".0" and the fraction of a count are dropped.
* **Changes**: signed in a table ("+4", "−50", "+1.2 points" for a percentage); unsigned in a
  sentence, whose words say the direction ("decreased by 50", "2.5 percentage points").
* **Percentage changes**: signed in a table, to one place below 10% and whole from 10%
  (:data:`PERCENT_WHOLE_FROM`: "−4.5%", "+12%"), the choice made on the rounded value so that
  9.96 reads "+10%", not "+10.0%". In a sentence whole, and "more than" a multiple of 10 from
  :data:`EXACT_PERCENT_BELOW` (:func:`percent_change_words`), as the board's reports say them.
* **Ratios** (the early help agency ratios): one place below 10, whole from 10
  (:data:`RATIO_WHOLE_FROM`): "1.8", "75".
* **Estimates of a count** (the year-end projection): three significant figures, never finer
  than a whole number (:func:`round_count`): 845; 3,750; 12,300.
* **Settings and exact values** written back to a person (a tolerance of 7.5%, "every value is
  42"): up to ten significant figures, no trailing zeros (:func:`as_written`).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

__all__ = [
    "COUNT_ESTIMATE_SIGNIFICANT_FIGURES",
    "EXACT_PERCENT_BELOW",
    "MINUS",
    "MISSING",
    "PERCENT_WHOLE_FROM",
    "PLUS",
    "RATE_SUFFIX",
    "RATIO_WHOLE_FROM",
    "UNITS",
    "WHOLE_NUMBER_TOLERANCE",
    "WRITTEN_SIGNIFICANT_FIGURES",
    "as_decimal",
    "as_written",
    "change",
    "count",
    "figure",
    "finite",
    "half_up",
    "number",
    "percent",
    "percent_change_words",
    "ratio",
    "ratio_shown",
    "round_count",
    "round_half_up",
    "sentence_change",
    "sentence_figure",
    "sentence_shows_zero",
    "whole_percent",
    "words",
]

MISSING = "–"
"""Shown for no figure, and for one that is not a finite number (never a crash)."""

MINUS = "−"
"""The sign of a negative number: U+2212, which screen readers say and which does not break a
line the way a hyphen can."""

PLUS = "+"
"""The sign of a rise in a signed change."""

UNITS = ("count", "percentage", "days", "rate_per_10000")
"""The units an indicator can have (the values of ``trustboard.core.catalogue.Unit``)."""

RATE_SUFFIX = " per 10,000"

WHOLE_NUMBER_TOLERANCE = Decimal("0.05")
"""A figure without fixed places is printed without decimals when it lies within this of a
whole number (the half of a tenth that rounds to .0 at one place): 124 days, not 124.0."""

PERCENT_WHOLE_FROM = 10
"""A signed percentage change of this size or more is printed whole (+12%); below, to one
place (−4.5%), where the decimal still matters to the reader."""

RATIO_WHOLE_FROM = 10
"""A ratio of this size or more is printed whole (75); below, to one place (1.8)."""

EXACT_PERCENT_BELOW = 50
"""In a sentence, percentage changes below this are printed exactly ("24% higher"); from it,
as "more than" a multiple of 10 ("more than 60% higher"), as the board's reports do for large
changes, where the size matters more than the exact figure."""

COUNT_ESTIMATE_SIGNIFICANT_FIGURES = 3
"""An estimated count (a projection) is printed to this many significant figures."""

WRITTEN_SIGNIFICANT_FIGURES = 10
"""A setting or exact value written back to a person keeps up to this many significant
figures: enough for any value typed in, few enough to hide binary noise (0.07 x 100)."""


# -- reading a value ------------------------------------------------------------------------------
def finite(value: object) -> float | None:
    """``value`` as a finite float, or None for no figure, text, a bool, infinity or NaN.

    Arithmetic (ratings, comparisons) wants a float; printing wants :func:`as_decimal`.
    """
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def as_decimal(value: object) -> Decimal | None:
    """The value as written, exactly: a float through its shortest repr (12.25, not the binary
    12.2499... some floats are), a Decimal or int as it is, numeric text as typed. None for
    anything :func:`finite` refuses."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    number = finite(value)
    if number is None:
        return None
    if isinstance(value, str):
        try:
            written = Decimal(value.strip().replace("_", ""))
        except InvalidOperation:
            written = None
        if written is not None and written.is_finite():
            return written
    return Decimal(repr(number))


def _quantize(value: Decimal, places: int) -> Decimal:
    """``value`` rounded half up to ``places`` decimal places, at whatever size it has."""
    digits = max(28, value.adjusted() + places + 3)
    context = Context(prec=digits, rounding=ROUND_HALF_UP, Emax=10**9, Emin=-(10**9))
    return value.quantize(Decimal(1).scaleb(-places), context=context)


def round_half_up(value: object, places: int = 0) -> Decimal | None:
    """The value rounded half away from zero at ``places``, on its decimal digits; None for no
    figure. ``round_half_up(12.25, 1) == Decimal("12.3")``; ``round_half_up(-2.5) == -3``."""
    exact = as_decimal(value)
    return None if exact is None else _quantize(exact, places)


def half_up(value: float, places: int = 0) -> float:
    """:func:`round_half_up` as a float, for comparing figures as they will be printed (two
    ratios that print alike are not a change). A value that is not finite is returned as it
    is."""
    rounded = round_half_up(value, places)
    return value if rounded is None else float(rounded)


def round_count(value: float, like: float | None = None) -> int:
    """An estimated count as the board reads it: three significant figures, never finer than a
    whole number, halves up: 84.4 -> 84, 845.5 -> 846, 3,745 -> 3,750, 12,345 -> 12,300.

    ``like`` takes the step from another figure, so a range reads in the steps of its estimate
    (3,750, range 980 to 4,010 rather than 980.4).
    """
    exact, basis = as_decimal(value), as_decimal(value if like is None else like)
    if exact is None or basis is None:
        raise ValueError(f"{value if exact is None else like!r} is not a finite number")
    digits = len(str(int(abs(basis))))
    step = Decimal(10) ** max(0, digits - COUNT_ESTIMATE_SIGNIFICANT_FIGURES)
    return int(_quantize(exact / step, 0) * step)


# -- the building blocks --------------------------------------------------------------------------
def _places(magnitude: Decimal) -> int:
    """The whole-number rule: 0 places within the tolerance of a whole number, else 1."""
    offset = magnitude - _quantize(magnitude, 0)
    return 0 if -WHOLE_NUMBER_TOLERANCE <= offset < WHOLE_NUMBER_TOLERANCE else 1


def _digits(magnitude: Decimal, places: int | None, trim: bool = False) -> str:
    """An unsigned magnitude with commas, rounded half up (``places`` None: whole-number rule)."""
    if places is None:
        places = _places(magnitude)
    text = f"{_quantize(magnitude, places):,.{places}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _level(exact: Decimal, places: int | None, trim: bool = False) -> str:
    """A level: the sign only when the printed digits are not all zero."""
    text = _digits(abs(exact), places, trim)
    return MINUS + text if exact < 0 and any(c in "123456789" for c in text) else text


def _sign(exact: Decimal) -> str:
    """The sign of a change, from its value before rounding."""
    return PLUS if exact > 0 else (MINUS if exact < 0 else "")


def _plural(text: str, singular: str, plural: str) -> str:
    return f"{text} {singular if text == '1' else plural}"


def number(value: object, places: int | None = None, *, trim: bool = False) -> str:
    """A plain number: commas, half up, :data:`MINUS` for negatives, :data:`MISSING` for none.

    ``places`` fixes the decimal places; None applies the whole-number rule (1,234 / 1,234.5).
    ``trim`` drops trailing zeros after rounding (``number(2.50, 2, trim=True) == "2.5"``).
    """
    exact = as_decimal(value)
    return MISSING if exact is None else _level(exact, places, trim)


def count(value: object) -> str:
    """A count as a whole number: 1,733; 845.5 -> 846."""
    return number(value, 0)


def whole_percent(value: object) -> str:
    """A percentage to a whole number: "45%"; the size of a gap, "25%"."""
    text = number(value, 0)
    return text if text == MISSING else f"{text}%"


# -- in a table -----------------------------------------------------------------------------------
def figure(value: object, unit: str = "count") -> str:
    """A figure in its unit, as a table shows it: 1,235 / 75.2% / 124 days / 70.1 per 10,000.

    A count is whole wherever it is printed (1,234.5 reads 1,235, as in the report's sentences),
    so a table and the sentence about its row never show one figure two ways. An unknown unit
    prints the bare number by the whole-number rule."""
    exact = as_decimal(value)
    if exact is None:
        return MISSING
    if unit == "count":
        return _level(exact, 0)
    if unit == "percentage":
        return f"{_level(exact, 1)}%"
    if unit == "rate_per_10000":
        return _level(exact, 1) + RATE_SUFFIX
    text = _level(exact, None)
    return _plural(text, "day", "days") if unit == "days" else text


def change(value: object, unit: str = "count") -> str:
    """A signed change in the unit's own terms: +4 / −50 / +1.2 points for a percentage."""
    exact = as_decimal(value)
    if exact is None:
        return MISSING
    if unit == "percentage":
        return f"{_sign(exact)}{_digits(abs(exact), 1)} points"
    return _sign(exact) + _digits(abs(exact), 0 if unit == "count" else None)


def percent(value: object) -> str:
    """A signed percentage change: +12% / −4.5% (one place below :data:`PERCENT_WHOLE_FROM`)."""
    exact = as_decimal(value)
    if exact is None:
        return MISSING
    size = abs(exact)
    places = 0 if _quantize(size, 1) >= PERCENT_WHOLE_FROM else 1
    return f"{_sign(exact)}{_digits(size, places)}%"


def _ratio_places(exact: Decimal) -> int:
    return 0 if _quantize(abs(exact), 1) >= RATIO_WHOLE_FROM else 1


def ratio_shown(value: object) -> Decimal | None:
    """A ratio rounded as :func:`ratio` prints it, so two ratios are compared as the reader sees
    them: 1.84 and 1.76 both read 1.8, which is no change. None for no figure."""
    exact = as_decimal(value)
    return None if exact is None else _quantize(exact, _ratio_places(exact))


def ratio(value: object) -> str:
    """A ratio such as MASH contacts per assessment: 1.8, 4.1, 1.0; whole from
    :data:`RATIO_WHOLE_FROM`: 75."""
    exact = as_decimal(value)
    return MISSING if exact is None else _level(exact, _ratio_places(exact))


def words(value: object) -> str:
    """A stored name read as words: lower_is_better -> lower is better."""
    return str(value).replace("_", " ")


# -- in a sentence --------------------------------------------------------------------------------
def sentence_figure(value: object, unit: str) -> str:
    """A figure in its unit inside a sentence: "1,733" (counts whole), "8.5%", "29%", "1 day",
    "124 days", "50 per 10,000"; any other unit (months, say) by the whole-number rule."""
    exact = as_decimal(value)
    if exact is None:
        return MISSING
    if _sentence_places(unit) == 0:
        return _level(exact, 0)
    text = _level(exact, None)
    if unit == "percentage":
        return f"{text}%"
    if unit == "days":
        return _plural(text, "day", "days")
    if unit == "rate_per_10000":
        return text + RATE_SUFFIX
    return text


def _sentence_places(unit: str) -> int:
    """The places a sentence can show: none for a count, else one (the whole-number rule drops
    it when it is 0)."""
    return 0 if unit == "count" else 1


def sentence_shows_zero(value: object, unit: str) -> bool:
    """Whether a figure prints as 0 in a sentence (a change of 0.04 percentage points is "0"),
    so the words can say "unchanged" rather than "increased by 0". False for no figure."""
    rounded = round_half_up(value, _sentence_places(unit))
    return rounded is not None and rounded == 0


def sentence_change(value: object, unit: str) -> str:
    """The size of a change inside a sentence, whose words say the direction: "50",
    "2.5 percentage points", "1 percentage point", "3 days"."""
    exact = as_decimal(value)
    if exact is None:
        return MISSING
    if unit == "percentage":
        return _plural(_digits(abs(exact), None), "percentage point", "percentage points")
    return sentence_figure(abs(exact), unit)


def percent_change_words(value: object) -> str:
    """The size of a percentage change as the board's reports say it (the sign is in words).

    Whole numbers, halves up, below :data:`EXACT_PERCENT_BELOW`: 4.2 -> "4%", 49.6 -> "50%".
    From it, rounded down to a multiple of 10 and said as "more than": 64 -> "more than 60%";
    exactly 60 -> "60%", never "more than 60%".
    """
    exact = as_decimal(value)
    if exact is None:
        return MISSING
    size = abs(exact)
    if size < EXACT_PERCENT_BELOW:
        return f"{_digits(size, 0)}%"
    floor = int(size // 10 * 10)
    return f"{floor:,}%" if size == floor else f"more than {floor:,}%"


# -- as written -----------------------------------------------------------------------------------
def as_written(value: object, significant: int = WRITTEN_SIGNIFICANT_FIGURES) -> str:
    """A setting or an exact value written back to a person: 42, 42.5, 7.5, 0.0123, 1,234.5;
    up to ``significant`` figures, halves up, no trailing zeros, and powers of ten (1e+308)
    where that many figures cannot hold it, as ``%g`` does."""
    exact = as_decimal(value)
    if exact is None:
        return MISSING
    context = Context(prec=significant, rounding=ROUND_HALF_UP, Emax=10**9, Emin=-(10**9))
    rounded = context.plus(exact)
    if rounded == 0:
        return "0"
    sign = MINUS if rounded < 0 else ""
    size = abs(rounded)
    if -4 <= size.adjusted() < significant:
        return sign + f"{size.normalize():,f}"
    return sign + f"{float(size):.{significant}g}"
