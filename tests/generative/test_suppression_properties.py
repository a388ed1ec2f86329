"""Suppression never leaks, on generated tables and generated sentences.

Tables: 2 to 5 rows by 2 to 5 columns of counts from 0 to 30 (small enough that 1 to 4 turn up
often), with row and column totals published. For every published sum (each row and column with
its total, and the totals with the grand total) a reader must not be able to work out a
suppressed figure: not by subtracting the shown figures from the total, and not with the bounds
the markers give away ("<5" is 1 to 4, "[c]" is 5 or more). The second check is written here
independently of the module's own audit, one line at a time.

Sentences: made-up assessments built from small and large counts, drafted and rendered for the
public; no count from 1 to 4 appears as a number, and nothing computed from one does.
"""

from __future__ import annotations

import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from trustboard.core.assessment import Assessment, Comparison, Rag
from trustboard.core.catalogue import Aggregation, Frequency, Indicator, Polarity, Unit
from trustboard.core.narrative import Figure, Sentence, draft
from trustboard.core.suppression import (
    SECONDARY,
    SUPPRESSED,
    THRESHOLD,
    TOTAL,
    SuppressionError,
    suppress_figure,
    suppress_table,
)

PROPERTIES = settings(max_examples=300, deadline=None)
SMALL = range(1, THRESHOLD)


# -- tables -----------------------------------------------------------------------------------
@st.composite
def tables(draw) -> dict[tuple[str, str], int]:
    rows = draw(st.integers(2, 5))
    columns = draw(st.integers(2, 5))
    count = st.one_of(st.integers(0, 30), st.integers(0, 6))  # plenty of 0 to 6
    return {(f"r{r}", f"c{c}"): draw(count) for r in range(rows) for c in range(columns)}


def published(cells: dict[tuple[str, str], int]) -> dict[tuple[str, str], str] | None:
    try:
        return suppress_table(cells)
    except SuppressionError:
        # Only a line that is certain whatever is withheld (four "<5" cells summing to a "<5"
        # total are four 1s) is refused; such tables are rare and tested by example.
        return None


def lines(cells: dict[tuple[str, str], int]) -> list[tuple[list[tuple[str, str]], tuple]]:
    rows = sorted({r for r, _ in cells})
    columns = sorted({c for _, c in cells})
    found = [([(r, c) for c in columns], (r, TOTAL)) for r in rows]
    found += [([(r, c) for r in rows], (TOTAL, c)) for c in columns]
    found.append(([(r, TOTAL) for r in rows], (TOTAL, TOTAL)))
    found.append(([(TOTAL, c) for c in columns], (TOTAL, TOTAL)))
    return found


def with_totals(cells: dict[tuple[str, str], int]) -> dict[tuple, int]:
    values: dict[tuple, int] = dict(cells)
    for members, total in lines(cells)[:-2]:
        values[total] = sum(cells[m] for m in members)
    values[(TOTAL, TOTAL)] = sum(cells.values())
    return values


def hidden(text: str) -> bool:
    return text in (SUPPRESSED, SECONDARY)


@PROPERTIES
@given(tables())
def test_shown_figures_are_the_true_ones_and_never_1_to_4(cells):
    result = published(cells)
    assume(result is not None)
    values = with_totals(cells)
    assert set(result) == set(values)
    for key, text in result.items():
        if hidden(text):
            continue
        assert text == f"{values[key]:,}"
        assert values[key] not in SMALL
    for key, value in values.items():
        if value in SMALL:
            assert result[key] == SUPPRESSED


@PROPERTIES
@given(tables())
def test_no_suppressed_figure_is_one_subtraction_away(cells):
    """Every row and column (and the totals) with a published total hides 0 or 2+ figures."""
    result = published(cells)
    assume(result is not None)
    for members, total in lines(cells):
        withheld = [k for k in (*members, total) if hidden(result[k])]
        assert len(withheld) != 1, (members, total, withheld)


@PROPERTIES
@given(tables())
def test_no_small_count_is_pinned_by_what_the_markers_say(cells):
    """With "<5" meaning 1 to 4 and "[c]" 5 or more, no line narrows a "<5" to one value."""
    result = published(cells)
    assume(result is not None)
    values = with_totals(cells)
    # A reader's upper bound: the grand total if it is published, else none to speak of.
    grand = values[(TOTAL, TOTAL)] if not hidden(result[(TOTAL, TOTAL)]) else 10**15

    def bounds(key) -> tuple[int, int]:
        return (1, THRESHOLD - 1) if result[key] == SUPPRESSED else (THRESHOLD, grand)

    for members, total in lines(cells):
        terms = [(1, k) for k in members] + [(-1, total)]
        shown_sum = sum(sign * values[k] for sign, k in terms if not hidden(result[k]))
        unknown = [(sign, k) for sign, k in terms if hidden(result[k])]
        for sign, key in unknown:
            if result[key] != SUPPRESSED:
                continue
            # sign * x = -shown_sum - sum(others); the others range over their bounds.
            others = [(s, bounds(k)) for s, k in unknown if k != key]
            lowest = sum(s * (lo if s > 0 else hi) for s, (lo, hi) in others)
            highest = sum(s * (hi if s > 0 else lo) for s, (lo, hi) in others)
            span = sorted((sign * (-shown_sum - highest), sign * (-shown_sum - lowest)))
            low, high = max(span[0], 1), min(span[1], THRESHOLD - 1)
            assert low < high, (key, members, total, result)


# -- sentences --------------------------------------------------------------------------------
COUNT = dict(
    area="safe", unit=Unit.COUNT, frequency=Frequency.MONTHLY, polarity=Polarity.LOWER_IS_BETTER
)
STOCK = Indicator(code="S", title="Children subject to a child protection plan", **COUNT)
FLOW = Indicator(code="F", title="MASH contacts", aggregation=Aggregation.SUM, **COUNT)

counts = st.one_of(st.integers(0, 8), st.integers(0, 30), st.integers(0, 2000)).map(float)
NOT_COUNTS = re.compile(
    r"\b(?:Q[1-4] |Term [1-6] )?(?:[A-Z][a-z]{2} )?\d{4}(?:/\d{2})?\b"  # period labels
)
NUMBER = re.compile(r"(?<![\w.,])\d[\d,]*(?:\.\d+)?(?![\w.,]*\d)")


def comparison(key: str, current: float, comparator: float, labels=("Dec 2022", "Dec 2021")):
    change = current - comparator
    percent = change / abs(comparator) * 100 if comparator else None
    return Comparison(key, key, labels[0], labels[1], current, comparator, change, percent)


@st.composite
def drafted(draw) -> list[Sentence]:
    value, before, target = draw(counts), draw(counts), draw(counts)
    last_year, ytd, ytd_last, ytd_base = (draw(counts) for _ in range(4))
    rolling, rolling_last = draw(counts), draw(counts)
    stock_now = Assessment(
        "S", "Q3 2022/23", "Dec 2022", value, target, "2022/23", Rag.RED, "",
        comparisons=(comparison("same_period_last_year", value, last_year),),
    )  # fmt: skip
    stock_then = Assessment("S", "Q2 2022/23", "Sep 2022", before, target, "2022/23", Rag.RED, "")
    flow_now = Assessment(
        "F", "Q3 2022/23", "Dec 2022", value, target, "2022/23", Rag.AMBER, "",
        rag_value=rolling, rag_basis="rolling 12 months to Dec 2022" if draw(st.booleans()) else "",
        comparisons=(
            comparison("same_period_last_year", value, last_year),
            comparison("rolling_12_months", rolling, rolling_last),
            comparison("year_to_date", ytd, ytd_last),
            comparison("year_to_date_baseline", ytd, ytd_base),
        ),
    )  # fmt: skip
    no_target = Assessment(
        "S", "Q3 2022/23", "Dec 2022", value, None, None, Rag.NOT_APPLICABLE, "",
        comparisons=(comparison("same_period_last_year", value, last_year),),
    )  # fmt: skip
    return [
        *draft(STOCK, stock_now, previous=stock_then),
        *draft(STOCK, no_target),
        *draft(FLOW, flow_now, previous=flow_now),
    ]


def _placeholders_shown(sentence: Sentence) -> dict[str, str]:
    """What each figure's placeholder shows in the public text."""
    marked = {name: f"\0{name}\0" for name in sentence.figures}
    public = sentence.render(suppress_figure)
    pattern = re.escape(sentence.template.format_map(marked))
    for name in sentence.figures:
        pattern = pattern.replace(re.escape(marked[name]), f"(?P<{name}>.*?)", 1)
    match = re.fullmatch(pattern, public)
    assert match is not None, (sentence.template, public)
    return match.groupdict()


@PROPERTIES
@given(drafted())
def test_no_small_count_or_anything_computed_from_one_is_published(sentences):
    for sentence in sentences:
        shown = _placeholders_shown(sentence)
        for name, figure in sentence.figures.items():
            small_count = figure.kind == "count" and figure.value in SMALL
            from_small = any(count in SMALL for count in figure.raw_counts)
            if small_count or from_small:
                assert shown[name] in (SUPPRESSED, SECONDARY), (sentence.text, name)
            else:
                assert shown[name] == figure.shown


@PROPERTIES
@given(drafted())
def test_no_public_sentence_prints_a_count_from_1_to_4(sentences):
    """Read as text: with the figures that are not counts (changes, percentages, targets,
    months) masked and period labels taken out, no number from 1 to 4 is left."""

    def counts_only(figure: Figure) -> str | None:
        return suppress_figure(figure) or (None if figure.kind == "count" else "#")

    for sentence in sentences:
        text = NOT_COUNTS.sub("", sentence.render(counts_only))
        for number in NUMBER.findall(text):
            assert float(number.replace(",", "")) not in SMALL, (sentence.text, text)
