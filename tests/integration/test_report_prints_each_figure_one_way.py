"""A report prints a figure one way: its table and the sentence about the same row agree.

Before the one number policy the table rounded by one rule and the sentence by another, so a
count of 803.5 read "803.5" in the table and "804" in the sentence, and 75.25% read "75.2%"
beside "75.3%". The figures here sit exactly on those edges.
"""

from __future__ import annotations

import re

import pytest

from trustboard.core import periods
from trustboard.web.reports import builder

pytestmark = pytest.mark.django_db

Q3 = periods.parse("Q3 2022/23")
FIGURES = """indicator,period,value
1.1,Dec 2022,803.5
3.5,Q3 2022/23,75.25
"""


@pytest.fixture
def report(framework, import_file):
    import_file("edges.csv", FIGURES)
    return builder.build(Q3, public=False)


def _row(report, code: str):
    return next(row for area in report.areas for row in area.rows if row.code == code)


def _sentence_about(report, title: str) -> str:
    return next(
        b for area in report.areas for b in area.bullets if "compared to" in b and title in b
    )


@pytest.mark.parametrize(
    ("code", "title", "shown"),
    [
        ("1.1", "children we care for", "804"),
        ("3.5", "taxi drivers", "75.3%"),
    ],
)
def test_the_table_and_the_sentence_print_the_same_figure(report, code, title, shown):
    row = _row(report, code)
    table_figure = row.value.split(" (", 1)[0]
    sentence = _sentence_about(report, title.split()[0].lower()).lower()
    sentence_figure = re.search(r"\(([^ ]+) compared to", sentence).group(1)
    assert table_figure == sentence_figure == shown, (row.value, sentence)
