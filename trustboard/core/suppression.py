"""Small-number suppression for everything the public sees: counts, tables, sentences, text.

The board reads its report unsuppressed; the published report and dashboard must not let anyone
pick out a child. DESIGN.md sets the rule and this module is its only home, so the published
report, the dashboard and the CLI cannot apply different rules.

The rules, and where they come from:

* **Primary suppression.** A count from 1 to 4 (``THRESHOLD`` - 1) is shown as ``<5``
  (DESIGN.md). NHS Digital's disclosure control for Hospital Episode Statistics replaced values
  "between 1 and 5" with a marker, with secondary suppression, before September 2018, and its
  newer method suppresses 1 to 7 and rounds the rest (page "Disclosure control methodology for
  Hospital Episode Statistics (HES) and Emergency Care Data Set (ECDS)"); the range starts at 1
  in both. A different threshold is an argument away.
* **Zero is shown by default.** A true zero names nobody and every guidance we checked starts
  the suppressed range at 1: NHS Digital's "between 1 and 5" / "1 to 7", the Washington State
  DOH small-numbers guidelines ("suppress all non-zero counts which are less than ten") and the
  OHDSI omopgenerics minimum cell count ("smaller than minCellCount and bigger than 0"). Stricter
  settings do suppress zeros (the UK LLC trusted research environment refuses "counts <10,
  including zero"; a zero can disclose that *everyone* in a group shares something, and
  Statistics Norway's GaussSuppression makes primary suppression of zeros an option), so
  ``suppress_zero=True`` treats 0 like 1 to 4. With it, ``<5`` honestly means 0 to 4.
* **Secondary suppression** (DESIGN.md: "a suppressed cell cannot be recovered from totals or
  ratios"). A cell withheld only to protect another is shown as ``[c]``, the GSS shorthand for
  "confidential" ("Using symbols and shorthand", Analysis Function, January 2022; StatsWales and
  DfE statistics use the same letter). It is not shown as ``<5`` because it is not below 5:
  publishing a false figure is worse than publishing a marker.
* **What a reader can work out.** We assume the reader knows these rules (the code is open):
  a ``<5`` cell is 1 to 4 (0 to 4 with ``suppress_zero``), and a ``[c]`` cell is 5 or more,
  because zeros are never chosen to protect another cell (a zero next to a lone ``<5`` cell
  protects nothing: the reader subtracts, gets the small number, and the zero is the only
  value that fits) and 1 to 4 are always primary. :func:`suppress_table` therefore checks each
  table against those bounds, not only against plain subtraction (see its docstring).
* **Derived figures.** A change, percentage change, rate or percentage is withheld (``[c]``)
  when any raw count it was computed from (``Figure.sources``) is a suppressed count: "50%
  higher than last year" beside last year's 2 gives this year's 3 away. A percentage whose
  numerator (or denominator) is known and small is withheld the same way. Washington DOH:
  "suppress rates or proportions derived from those suppressed counts".

* **Free text** (commentary, meeting items, the summary). A small count of people that the
  words make plain ("3 children", "two new referrals", "(n=4)") is replaced by ``<5``
  (:func:`suppress_text`); the words list (:data:`PEOPLE`) errs on the side of catching. Text
  cannot be read as surely as a figure, so every other small standalone number is listed with
  its context for a person to confirm before publishing (:func:`small_numbers_in`).

Tables are audited line by line (each row and column against its published total) and the
bounds are then carried across lines until nothing changes, which catches the two-step
inferences of a two-way table. It is not a full linear-programming audit of the kind tau-Argus
runs; for the small tables a board report publishes, interval propagation is what we can test
exhaustively and explain.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from trustboard.core.formatting import count, finite

__all__ = [
    "ANY_SMALL_NUMBER",
    "NOT_AVAILABLE",
    "NUMBER_WORDS",
    "PEOPLE",
    "SECONDARY",
    "SMALL_COUNT_IN_TEXT",
    "SUPPRESSED",
    "THRESHOLD",
    "TOTAL",
    "SuppressibleFigure",
    "SuppressionError",
    "is_small",
    "small_counts_in",
    "small_numbers_in",
    "suppress_count",
    "suppress_figure",
    "suppress_table",
    "suppress_text",
    "suppressed_text",
]

THRESHOLD = 5
"""Counts from 1 up to (not including) this are suppressed (DESIGN.md: 1 to 4 shown as <5)."""

SUPPRESSED = f"<{THRESHOLD}"
"""What a suppressed small count shows: "<5"."""

SECONDARY = "[c]"
"""What a figure withheld to protect a small count shows (GSS shorthand: confidential)."""

NOT_AVAILABLE = "[x]"
"""A table cell with no figure (GSS shorthand: not available)."""

TOTAL = "Total"
"""The row and column key of totals in :func:`suppress_table`'s result."""

UNBOUNDED = 10**15
"""The audit's upper bound for a ``[c]`` figure before any published total narrows it.

A reader knows no upper bound but the published totals, which the audit applies itself; the
true grand total would be a bound the reader may not have (once it is withheld) and would
flag tables as exposed that are not."""

MAX_AUDIT_PASSES = 10_000
"""Interval propagation stops after this many passes (it settles long before on real tables)."""


class SuppressionError(ValueError):
    """A table that suppression cannot make safe, or that is not a table of counts."""


class SuppressibleFigure(Protocol):
    """What :func:`suppress_figure` reads of a figure: what it is, its value and the raw counts
    behind it. :class:`trustboard.core.sentences.Figure` is one; a protocol keeps this module
    free of the sentences, which build on it."""

    @property
    def value(self) -> float: ...

    @property
    def kind(self) -> str: ...

    @property
    def sources(self) -> tuple[float, ...]: ...


def suppressed_text(threshold: int = THRESHOLD) -> str:
    """The marker for a small count at a threshold: "<5", "<10"."""
    return f"<{threshold}"


def is_small(value: object, threshold: int = THRESHOLD, suppress_zero: bool = False) -> bool:
    """Whether a count must not be published: above 0 (or 0 itself, with ``suppress_zero``)
    and below ``threshold``. Not a number, or negative (not a count): False."""
    number = finite(value)
    if number is None or number < 0:
        return False
    if number == 0:
        return suppress_zero
    return number < threshold


def suppress_count(
    value: object, threshold: int = THRESHOLD, suppress_zero: bool = False
) -> str | None:
    """The marker to show instead of a count, or None to show it.

    ``suppress_count(3) == "<5"``; ``suppress_count(0) is None`` (a true zero is shown, see the
    module notes); ``suppress_count(None) is None`` (no figure is not a small figure: the caller
    shows its own "no figure" mark).
    """
    return suppressed_text(threshold) if is_small(value, threshold, suppress_zero) else None


def suppress_figure(
    figure: SuppressibleFigure, threshold: int = THRESHOLD, suppress_zero: bool = False
) -> str | None:
    """A suppressor for narrative figures (``Sentence.render(suppress_figure)``).

    * a count from 1 to 4: ``<5``;
    * any figure computed from a count from 1 to 4 (its ``sources``): ``[c]``. That covers a
      change or percentage change next to a small count, a projection from a small year to
      date, and a rate or percentage whose numerator is known and small;
    * anything else (targets, months, waits with no count behind them): None, shown.

    Use ``functools.partial(suppress_figure, threshold=10)`` for a stricter rule.
    """
    if figure.kind == "count":
        own = suppress_count(figure.value, threshold, suppress_zero)
        if own is not None:
            return own
    if any(is_small(source, threshold, suppress_zero) for source in figure.sources):
        return SECONDARY
    return None


# -- free text -------------------------------------------------------------------------------
NUMBER_WORDS = (
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
)
"""Small numbers as commentary writes them in words ("three children"), for thresholds up to
21; a larger threshold still catches the figures written as digits."""

PEOPLE = (
    r"(?:more\s+|fewer\s+|new\s+|other\s+|further\s+)?"
    r"(?:children|child|young\s+(?:people|person|carers?)|families|family|cases?|referrals?|"
    r"plans?|people|persons?|pupils?|learners?|students?|girls?|boys?|incidents?|"
    r"placements?|contacts?|assessments?|babies|baby|infants?|parents?|carers?|mothers?|"
    r"fathers?|women|men|victims?|care\s+leavers?|looked[\s-]+after|unaccompanied|"
    r"asylum|household|households|siblings?|of\s+(?:them|these|those))"
)
"""Words after a number that make it a count of people or their cases ("3 children", "two new
referrals", "4 of them"): the numbers free text must not publish when small."""


@lru_cache(maxsize=16)
def _small_number(threshold: int) -> str:
    """A pattern for 1 to ``threshold`` - 1 in digits or words, longest first so that "12" is
    never read as "1" and "fourteen" never as "four"."""
    digits = [str(n) for n in range(threshold - 1, 0, -1)]
    names = sorted(NUMBER_WORDS[: max(0, threshold - 1)], key=len, reverse=True)
    alternatives = digits + names
    return f"(?:{'|'.join(alternatives)})" if alternatives else "(?!)"


@lru_cache(maxsize=16)
def _counts_in_text(threshold: int) -> re.Pattern[str]:
    number = _small_number(threshold)
    return re.compile(rf"\b{number}(?=\s+{PEOPLE}\b)|(?<=\(n=){number}\b", re.IGNORECASE)


@lru_cache(maxsize=16)
def _numbers_in_text(threshold: int) -> re.Pattern[str]:
    number = _small_number(threshold)
    return re.compile(rf"(?<![\w.,/£$-]){number}(?![\w.,/%-])", re.IGNORECASE)


SMALL_COUNT_IN_TEXT = _counts_in_text(THRESHOLD)
"""A count of 1 to 4 people or cases in free text, in figures or words ("three children",
"(n=3)"). Free text cannot be suppressed as surely as figures that come from data, so any
other small number left in a public version is listed for a person to confirm before it is
published (:func:`small_numbers_in`)."""

ANY_SMALL_NUMBER = _numbers_in_text(THRESHOLD)
"""Any standalone 1 to 4 in free text: not part of a longer number, a decimal, a date, a sum of
money, a percentage or a code ("3" in "3 weeks" but not in "3.5", "3/4", "£3", "3%" or "Q3")."""


def suppress_text(text: str, threshold: int = THRESHOLD) -> str:
    """Free text with every small count of people replaced by the marker:
    "3 children were placed" -> "<5 children were placed"; "(n=2)" -> "(n=<5)".

    Only counts the words make plain are replaced; :func:`small_numbers_in` finds the rest for a
    person to judge, since "3 weeks" is safe and "3 on the list" may not be.
    """
    return _counts_in_text(threshold).sub(suppressed_text(threshold), text)


def small_counts_in(text: str, threshold: int = THRESHOLD) -> list[str]:
    """The small counts of people :func:`suppress_text` would replace, as written ("three"),
    for an approver to see before commentary is published."""
    return [match.group(0) for match in _counts_in_text(threshold).finditer(text)]


def small_numbers_in(text: str, context: int = 40, threshold: int = THRESHOLD) -> list[str]:
    """Every small number left in text, each with up to ``context`` characters either side
    ("…placed with 3 of the carers…"), so a person can confirm it counts no one before the
    text is published."""
    found = []
    for match in _numbers_in_text(threshold).finditer(text):
        start, end = max(0, match.start() - context), match.end() + context
        found.append(f"…{text[start:end].strip()}…")
    return found


# -- tables ----------------------------------------------------------------------------------
Key = tuple[str, str]


@dataclass(frozen=True)
class _Line:
    """One published sum: ``members`` add up to ``total`` (a row, a column, or the totals)."""

    members: tuple[Key, ...]
    total: Key


def _ordered(keys: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(keys))


def _count_value(key: Key, raw: object) -> int | None:
    if raw is None:
        return None
    number = finite(raw)
    if number is None or number < 0 or not number.is_integer():
        raise SuppressionError(
            f"cell {key!r}: {raw!r} is not a count (a whole number of 0 or more)"
        )
    return int(number)


def suppress_table(
    cells: Mapping[tuple[str, str], float | None],
    row_totals: bool = True,
    column_totals: bool = True,
    *,
    threshold: int = THRESHOLD,
    suppress_zero: bool = False,
) -> dict[tuple[str, str], str]:
    """The published text of every cell of a two-way table of counts, and of its totals.

    ``cells`` maps (row, column) to a count, or None for no figure (shown ``[x]`` and left out
    of totals). Totals are computed here, so they always add up: (row, "Total") when
    ``row_totals``, ("Total", column) when ``column_totals``, and ("Total", "Total") when both.

    1. **Primary**: counts (cells and totals) from 1 to ``threshold`` - 1 show ``<5``.
    2. **Secondary**, repeated until nothing changes: a published sum (a row or column with its
       total, or the row or column of totals with the grand total) with exactly one hidden
       member would give it away by subtraction, so the smallest shown non-zero cell of that
       line is withheld too (``[c]``); if the line has none, its total is.
    3. **Audit**, also repeated: every hidden figure gets the bounds a reader knows (1 to 4 for
       ``<5``, 5 or more for ``[c]``), each line narrows them, and the narrowing is carried
       across lines until it settles. A ``<5`` cell narrowed to one value (a row of
       "<5", "<5" summing to 8 is two 4s; a ``<5`` next to a lone ``[c]`` summing to 6 is a 1
       and a 5) gets another cell of its row or column withheld, or, when those are all
       withheld, the smallest figure still shown anywhere (a row total the totals column pins).

    Raises :class:`SuppressionError` for a cell that is not a count, a row or column named
    "Total", or a table no suppression can protect (four ``<5`` cells in a row whose total is
    ``<5`` must all be 1): merge categories, or pass ``suppress_zero=True``.
    """
    rows = _ordered([r for r, _ in cells])
    columns = _ordered([c for _, c in cells])
    if TOTAL in rows or TOTAL in columns:
        raise SuppressionError(f"a row or column is named {TOTAL!r}, which is kept for totals")
    values: dict[Key, int | None] = {key: _count_value(key, raw) for key, raw in cells.items()}

    lines: list[_Line] = []
    if row_totals:
        for row in rows:
            members = tuple((row, c) for c in columns if values.get((row, c)) is not None)
            values[(row, TOTAL)] = sum(values[k] or 0 for k in members)
            lines.append(_Line(members, (row, TOTAL)))
    if column_totals:
        for column in columns:
            members = tuple((r, column) for r in rows if values.get((r, column)) is not None)
            values[(TOTAL, column)] = sum(values[k] or 0 for k in members)
            lines.append(_Line(members, (TOTAL, column)))
    if row_totals and column_totals:
        grand: Key = (TOTAL, TOTAL)
        values[grand] = sum(v or 0 for k, v in values.items() if TOTAL not in k)
        lines.append(_Line(tuple((r, TOTAL) for r in rows), grand))
        lines.append(_Line(tuple((TOTAL, c) for c in columns), grand))

    known: dict[Key, int] = {k: v for k, v in values.items() if v is not None}
    primary = {k for k, v in known.items() if is_small(v, threshold, suppress_zero)}
    hidden = set(primary)

    while True:
        if _complete_lines(lines, known, hidden):
            continue
        pinned = _pinned(lines, known, hidden, primary, threshold, suppress_zero)
        if not pinned:
            break
        if not _protect(pinned, lines, known, hidden):
            key = pinned[0]
            raise SuppressionError(
                f"cell {key!r} can be worked out from the markers alone, even with every other "
                "figure withheld; merge categories or suppress zeros too (suppress_zero=True)"
            )

    marker = suppressed_text(threshold)
    result: dict[Key, str] = {}
    for key, value in values.items():
        if value is None:
            result[key] = NOT_AVAILABLE
        elif key in primary:
            result[key] = marker
        elif key in hidden:
            result[key] = SECONDARY
        else:
            result[key] = count(value)
    return result


def _complement(line: _Line, known: Mapping[Key, int], hidden: set[Key]) -> Key | None:
    """The cell to withhold next in a line: its smallest shown non-zero cell, else its total.

    Zeros are never chosen: a zero beside one small cell leaves the small cell as the only value
    that adds up (see the module notes), so it would protect nothing.
    """
    candidates = [k for k in line.members if k not in hidden and known.get(k, 0) > 0]
    if candidates:
        return min(candidates, key=lambda k: known[k])  # min() keeps the first of equals
    if line.total not in hidden and known.get(line.total, 0) > 0:
        return line.total
    return None


def _complete_lines(lines: Sequence[_Line], known: Mapping[Key, int], hidden: set[Key]) -> bool:
    """Withhold a second figure in every line with exactly one hidden figure; True if any."""
    changed = False
    for line in lines:
        if sum(1 for k in (*line.members, line.total) if k in hidden) == 1:
            extra = _complement(line, known, hidden)
            if extra is not None:
                hidden.add(extra)
                changed = True
    return changed


def _protect(
    pinned: Sequence[Key], lines: Sequence[_Line], known: Mapping[Key, int], hidden: set[Key]
) -> bool:
    """Withhold one more figure; False if every non-zero figure is withheld already.

    First choice: the next cell of a line through a pinned cell. When those lines are all
    withheld the pin comes from further away (a row total fixed by the totals column, say), so
    the smallest figure still shown anywhere goes, the grand total last.
    """
    for key in pinned:
        for line in lines:
            if key in line.members or key == line.total:
                extra = _complement(line, known, hidden)
                if extra is not None:
                    hidden.add(extra)
                    return True
    left = [k for k, v in known.items() if k not in hidden and v > 0]
    if not left:
        return False
    hidden.add(min(left, key=lambda k: (k == (TOTAL, TOTAL), known[k])))
    return True


def _pinned(
    lines: Sequence[_Line],
    known: Mapping[Key, int],
    hidden: set[Key],
    primary: set[Key],
    threshold: int,
    suppress_zero: bool,
) -> list[Key]:
    """The ``<5`` figures a reader can narrow to one value (see :func:`suppress_table`, 3).

    Each line says sum(members) - total = 0. For one hidden figure x in it, the others' bounds
    bound x; because every bound is a whole range of integers, the sum of ranges is a range and
    the step is exact for that line. Repeating over all lines until no bound moves carries what
    one line gives away into the lines that cross it.
    """
    low = 0 if suppress_zero else 1
    bounds: dict[Key, tuple[int, int]] = {
        k: (low, threshold - 1) if k in primary else (threshold, UNBOUNDED) for k in hidden
    }
    for _ in range(MAX_AUDIT_PASSES):
        moved = False
        for line in lines:
            terms = [(1, k) for k in line.members] + [(-1, line.total)]
            open_terms = [(sign, k) for sign, k in terms if k in hidden]
            if not open_terms:
                continue
            rest = -sum(sign * known[k] for sign, k in terms if k not in hidden)
            spans = [
                (sign * bounds[k][0], sign * bounds[k][1])
                if sign > 0
                else (sign * bounds[k][1], sign * bounds[k][0])
                for sign, k in open_terms
            ]
            low_sum = sum(s[0] for s in spans)
            high_sum = sum(s[1] for s in spans)
            for (sign, key), (span_low, span_high) in zip(open_terms, spans, strict=True):
                # sign * x = rest - (the others), the others between their own sums.
                lo = rest - (high_sum - span_high)
                hi = rest - (low_sum - span_low)
                if sign < 0:
                    lo, hi = -hi, -lo
                old = bounds[key]
                new = (max(old[0], lo), min(old[1], hi))
                if new != old and new[0] <= new[1]:
                    bounds[key] = new
                    moved = True
        if not moved:
            break
    return [k for k in sorted(primary) if bounds[k][0] == bounds[k][1]]
