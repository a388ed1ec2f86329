"""The benchmark sentence says what the figures say, the way the board reports put it."""

from __future__ import annotations

import json

from trustboard.core.benchmarks import Comparator, compare
from trustboard.core.catalogue import Polarity

ENGLAND = Comparator("national", "E92000001", "England", 70.0)
SOUTH_EAST = Comparator("regional", "E12000008", "South East", 55.0)


def neighbours(*values):
    return [
        Comparator("neighbour", f"E1000000{i}", f"Neighbour {i}", v, "" if v is not None else "c")
        for i, v in enumerate(values)
    ]


def test_the_published_sentence_for_children_we_care_for():
    """'It remains below the national rate, but above similar authorities.' (50 per 10,000)."""
    result = compare(
        "2023/24", 50.0, ENGLAND, None, neighbours(41, 47, 36, 36, 53), Polarity.LOWER_IS_BETTER
    )
    assert result.neighbour_average == 42.6
    assert result.sentence == (
        "In 2023/24 it was below the national rate, but above similar authorities."
    )
    assert result.positions == {"national": "below", "neighbours": "above"}


def test_agreeing_clauses_are_joined_with_and():
    result = compare(
        "2023/24", 80.0, ENGLAND, SOUTH_EAST, neighbours(60, 62), Polarity.LOWER_IS_BETTER
    )
    assert result.sentence == (
        "In 2023/24 it was above the national rate and above the South East rate and "
        "above similar authorities."
    )


def test_within_one_percent_is_in_line_and_never_turns_the_sentence():
    result = compare("2023/24", 70.5, ENGLAND, None, neighbours(40), Polarity.LOWER_IS_BETTER)
    assert result.positions["national"] == "in line with"
    assert result.sentence == (
        "In 2023/24 it was in line with the national rate and above similar authorities."
    )


def test_suppressed_neighbours_are_left_out_of_the_average_and_counted():
    result = compare(
        "2023/24", 50.0, ENGLAND, None, neighbours(40, None, 60), Polarity.LOWER_IS_BETTER
    )
    assert result.neighbour_average == 50.0
    assert result.neighbours_missing == 1
    assert result.rank_among_neighbours == 2


def test_no_own_figure_gives_no_sentence_but_keeps_the_comparators():
    result = compare("2023/24", None, ENGLAND, SOUTH_EAST, neighbours(40), Polarity.LOWER_IS_BETTER)
    assert result.sentence == ""
    assert result.national == ENGLAND
    json.dumps(result.to_dict())


def test_polarity_neither_never_says_but():
    result = compare("2023/24", 50.0, ENGLAND, None, neighbours(40), Polarity.NEITHER)
    assert ", but" not in result.sentence
