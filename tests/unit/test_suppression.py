"""Small numbers never reach the public: single counts, narrative figures and tables.

Tables are written out as the reader would see them, so each expectation can be checked by
hand: for every row and column with a published total, work out what the hidden cells can be.
"""

from __future__ import annotations

import pytest

from trustboard.core.narrative import Figure
from trustboard.core.suppression import (
    NOT_AVAILABLE,
    SECONDARY,
    SUPPRESSED,
    THRESHOLD,
    TOTAL,
    SuppressionError,
    suppress_count,
    suppress_figure,
    suppress_table,
)


def table(rows: dict[str, dict[str, float | None]]) -> dict[tuple[str, str], float | None]:
    return {(r, c): v for r, cells in rows.items() for c, v in cells.items()}


def shown(result: dict[tuple[str, str], str]) -> dict[str, list[str]]:
    """The published table, row by row, totals last: easier to read than a dict of tuples."""
    rows = list(dict.fromkeys(r for r, _ in result))
    columns = list(dict.fromkeys(c for _, c in result))
    return {r: [result[(r, c)] for c in columns if (r, c) in result] for r in rows}


# -- single counts ----------------------------------------------------------------------------
def test_the_threshold_and_marker_are_the_design_documents():
    assert (THRESHOLD, SUPPRESSED) == (5, "<5")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, "<5"), (4, "<5"), (4.5, "<5"), (5, None), (0, None), (1234, None), (-3, None)],
)
def test_counts_from_1_to_4_are_suppressed_and_a_true_zero_is_shown(value, expected):
    assert suppress_count(value) == expected


def test_no_figure_is_not_a_small_figure():
    assert suppress_count(None) is None
    assert suppress_count("c") is None
    assert suppress_count(float("nan")) is None


def test_zero_and_the_threshold_are_configurable():
    assert suppress_count(0, suppress_zero=True) == "<5"
    assert suppress_count(7, threshold=10) == "<10"
    assert suppress_count(10, threshold=10) is None


# -- narrative figures ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("figure", "expected"),
    [
        (Figure(3, "count", "count", (3,)), "<5"),
        (Figure(30, "count", "count", (30,)), None),
        (Figure(0, "count", "count", (0,)), None),
        # a change or percentage change with a small count behind it
        (Figure(-5, "count", "change", (3, 8)), SECONDARY),
        (Figure(50.0, "percent", "percent_change", (3, 2)), SECONDARY),
        (Figure(4.0, "percent", "percent_change", (1040, 1000)), None),
        # a projection from a small year to date
        (Figure(12, "count", "count", (3,)), SECONDARY),
        # a percentage or rate whose numerator (or denominator) is known and small
        (Figure(60.0, "percentage", "percentage", (3, 5)), SECONDARY),
        (Figure(75.0, "percentage", "percentage", (30, 40)), None),
        (Figure(1.2, "rate_per_10000", "rate", (2, 16000)), SECONDARY),
        # not counts of people: shown whatever their size
        (Figure(2, "count", "target"), None),
        (Figure(3, "months", "months"), None),
        (Figure(3, "days", "days"), None),
        (Figure(3.0, "percentage", "percentage"), None),
    ],
)
def test_figures_are_withheld_when_they_are_or_come_from_small_counts(figure, expected):
    assert suppress_figure(figure) == expected


def test_figure_suppression_is_configurable_too():
    assert suppress_figure(Figure(7, "count", "count"), threshold=10) == "<10"
    assert suppress_figure(Figure(0, "count", "count"), suppress_zero=True) == "<5"
    assert suppress_figure(Figure(40.0, "percent", "percent_change", (7, 5)), threshold=10) == (
        SECONDARY
    )


# -- tables -----------------------------------------------------------------------------------
def test_a_table_without_small_counts_is_shown_with_its_totals():
    result = suppress_table(
        table({"North": {"Police": 10, "Health": 1200}, "South": {"Police": 0, "Health": 7}})
    )
    assert shown(result) == {
        "North": ["10", "1,200", "1,210"],
        "South": ["0", "7", "7"],
        TOTAL: ["10", "1,207", "1,217"],
    }


def test_one_small_cell_takes_one_more_in_its_row_and_column_and_the_corner():
    """North/Police is 3: shown alone, 13 - 10 would give it away, so the row's next smallest
    cell (10) goes too; then its column, then the row that closes the rectangle."""
    result = suppress_table(
        table({"North": {"Police": 3, "Health": 10}, "South": {"Police": 12, "Health": 20}})
    )
    assert shown(result) == {
        "North": ["<5", "[c]", "13"],
        "South": ["[c]", "[c]", "32"],
        TOTAL: ["15", "30", "45"],
    }


def test_zeros_are_never_withheld_to_protect_a_small_cell():
    """Beside a lone 3 a withheld 0 protects nothing: "<5" and "[c]" adding up to 3 can only be
    3 and 0. The 9 is taken instead."""
    result = suppress_table(
        table({"a": {"x": 3, "y": 0, "z": 9}, "b": {"x": 20, "y": 0, "z": 30}}),
        column_totals=False,
    )
    assert shown(result) == {"a": ["<5", "0", "[c]", "12"], "b": ["20", "0", "30", "50"]}


def test_two_small_cells_that_can_only_be_fours_take_a_third():
    """4 + 4 = 8 and neither can be more than 4: both are exposed without the 20."""
    result = suppress_table(table({"a": {"x": 4, "y": 4, "z": 20}}), column_totals=False)
    assert shown(result) == {"a": ["<5", "<5", "[c]", "28"]}


def test_a_small_cell_beside_a_five_is_not_hidden_by_the_five_alone():
    """ "<5" + "[c]" = 6 with the "[c]" at least 5 is a 1 and a 5, so the total goes as well."""
    result = suppress_table(table({"a": {"x": 1, "y": 5}, "b": {"x": 12, "y": 20}}))
    assert result[("a", "x")] == SUPPRESSED
    assert result[("a", TOTAL)] == SECONDARY
    assert result[("b", TOTAL)] == SECONDARY  # or the totals column would give "a" back


def test_small_totals_are_suppressed_and_protected_like_cells():
    result = suppress_table(
        table({"a": {"x": 1, "y": 0}, "b": {"x": 10, "y": 20}, "c": {"x": 8, "y": 9}})
    )
    assert shown(result)["a"] == ["<5", "0", "<5"]
    row_totals = [result[(r, TOTAL)] for r in "abc"]
    assert row_totals.count(SECONDARY) == 1  # one other row total withheld with "a"'s


def test_missing_cells_are_not_available_and_left_out_of_totals():
    result = suppress_table(table({"a": {"x": None, "y": 20}, "b": {"x": 6, "y": 7}}))
    assert shown(result) == {
        "a": [NOT_AVAILABLE, "20", "20"],
        "b": ["6", "7", "13"],
        TOTAL: ["6", "27", "33"],
    }


def test_without_totals_nothing_can_be_subtracted():
    result = suppress_table(
        table({"a": {"x": 3, "y": 10}, "b": {"x": 12, "y": 20}}),
        row_totals=False,
        column_totals=False,
    )
    assert shown(result) == {"a": ["<5", "10"], "b": ["12", "20"]}


def test_a_stricter_threshold():
    result = suppress_table(table({"a": {"x": 7, "y": 30}, "b": {"x": 40, "y": 50}}), threshold=10)
    assert result[("a", "x")] == "<10"
    assert SECONDARY in {result[("a", "y")], result[("a", TOTAL)]}


def test_a_row_that_must_be_all_ones_cannot_be_published():
    """Four "<5" cells whose total is "<5" can only be four 1s, whatever else is withheld."""
    cells = table({"a": {"w": 1, "x": 1, "y": 1, "z": 1}, "b": {"w": 9, "x": 8, "y": 7, "z": 6}})
    with pytest.raises(SuppressionError, match="merge categories"):
        suppress_table(cells)
    # Suppressing zeros too makes "<5" mean 0 to 4, and the ones are no longer certain.
    result = suppress_table(cells, suppress_zero=True)
    assert [result[("a", c)] for c in "wxyz"] == ["<5"] * 4


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({("a", "x"): 2.5}, "not a count"),
        ({("a", "x"): -1}, "not a count"),
        ({(TOTAL, "x"): 3}, "kept for totals"),
    ],
)
def test_tables_of_anything_but_counts_are_refused(cells, message):
    with pytest.raises(SuppressionError, match=message):
        suppress_table(cells)
