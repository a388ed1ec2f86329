"""Small counts of people in free text: replaced where the words make them plain, listed for a
person to check everywhere else."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustboard.core.suppression import (
    ANY_SMALL_NUMBER,
    PEOPLE,
    SMALL_COUNT_IN_TEXT,
    small_counts_in,
    small_numbers_in,
    suppress_text,
)


@pytest.mark.parametrize(
    ("text", "public"),
    [
        ("3 children were placed", "<5 children were placed"),
        ("Three children were placed", "<5 children were placed"),
        ("two new referrals", "<5 new referrals"),
        ("a sample (n=2) of cases", "a sample (n=<5) of cases"),
        ("4 of them", "<5 of them"),
        ("1 young person and 2 care leavers", "<5 young person and <5 care leavers"),
        ("2 looked-after", "<5 looked-after"),
        ("FOUR families", "<5 families"),
        ("5 children", "5 children"),  # at the threshold: shown
        ("13 children", "13 children"),  # part of a longer number
        ("0 children", "0 children"),  # a true zero names nobody
        ("3 weeks late", "3 weeks late"),  # not a count of people
        ("3 YP", "3 YP"),  # an acronym is caught once the glossary spells it out
        ("fourteen children", "fourteen children"),
        ("three childrens' centres", "three childrens' centres"),  # "children" must end there
        ("", ""),
    ],
)
def test_small_counts_of_people_are_replaced(text, public):
    assert suppress_text(text) == public


def test_the_counts_found_are_given_as_written():
    assert small_counts_in("three children, (n=2), 5 families, 4 weeks") == ["three", "2"]
    assert small_counts_in("no small numbers here") == []


def test_other_small_numbers_are_listed_with_their_context():
    text = "Visits took 3 weeks. Cost £3, 3% of Q3 budget; 3/4 done; 3.5 hours; 4 on the list"
    assert small_numbers_in(text, context=6) == ["…took 3 weeks…", "…ours; 4 on th…"]


def test_context_is_cut_at_the_ends_of_the_text():
    assert small_numbers_in("2", context=40) == ["…2…"]
    assert small_numbers_in("We saw two of", context=3) == ["…aw two of…"]


def test_a_stricter_threshold_catches_more_in_figures_and_words():
    text = "7 children, seven families, 9 cases, 10 referrals, fourteen pupils"
    assert suppress_text(text, threshold=10) == (
        "<10 children, <10 families, <10 cases, 10 referrals, fourteen pupils"
    )
    assert suppress_text(text, threshold=20) == (
        "<20 children, <20 families, <20 cases, <20 referrals, <20 pupils"
    )
    assert small_counts_in("11 children", threshold=12) == ["11"]  # never read as "1"


def test_a_threshold_of_one_suppresses_nothing():
    assert suppress_text("1 child", threshold=1) == "1 child"
    assert small_numbers_in("1 child", threshold=1) == []


# The rules as they stood where the public report was built, kept to show they still hold.
_SMALL = r"(?:[1-4]|one|two|three|four)"
_BEFORE = re.compile(rf"\b{_SMALL}(?=\s+{PEOPLE}\b)|(?<=\(n=){_SMALL}\b", re.IGNORECASE)
_ANY_BEFORE = re.compile(rf"(?<![\w.,/£$-]){_SMALL}(?![\w.,/%-])", re.IGNORECASE)

PIECES = [
    "1",
    "2",
    "3",
    "4",
    "5",
    "13",
    "one",
    "Two",
    "three",
    "FOUR",
    "fourteen",
    "children",
    "young people",
    "new",
    "referrals",
    "of them",
    "(n=",
    ")",
    "£",
    "%",
    ".",
    ",",
    "/",
    "-",
    "Q",
    "weeks",
    "looked-after",
    " ",
    "  ",
    "\n",
]


@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_free_text_rules_match_the_report_builders_rules(text):
    assert suppress_text(text) == _BEFORE.sub("<5", text)
    assert small_counts_in(text) == [m.group(0) for m in _BEFORE.finditer(text)]
    assert [m.group(0) for m in SMALL_COUNT_IN_TEXT.finditer(text)] == [
        m.group(0) for m in _BEFORE.finditer(text)
    ]
    assert [m.span() for m in ANY_SMALL_NUMBER.finditer(text)] == [
        m.span() for m in _ANY_BEFORE.finditer(text)
    ]
