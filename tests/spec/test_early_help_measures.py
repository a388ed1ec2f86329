"""Early help assessments started: by month and agency, and the health visitor pilot apart."""

from __future__ import annotations

from tests.spec.records import eha, value, values
from trustboard.measures.compute import MeasureValue, evaluate
from trustboard.measures.definitions import parse_measures


def test_assessments_by_month_and_agency_with_zeros_for_agencies_seen_in_other_months(engine):
    data = engine(
        early_help_assessments=[
            eha("2023-01-03", "Health"),
            eha("2023-01-15", "Health"),
            eha("2023-01-31", "Police"),  # the month's last day is in the month
            eha("2023-02-01", "Education"),
            eha("2023-02-28", "Health", pilot=True),  # the pilot is counted under Health
            eha("2023-03-10", "Police"),
        ]
    )

    def v(period, agency, n):
        return value("eha_started", period, agency, n)

    # County Council and Other never appear, so they are not filled in with zeros.
    assert values(data, "eha_started") == [
        v("Jan 2023", "", 3),
        v("Jan 2023", "Education", 0),
        v("Jan 2023", "Health", 2),
        v("Jan 2023", "Police", 1),
        v("Feb 2023", "", 2),
        v("Feb 2023", "Education", 1),
        v("Feb 2023", "Health", 1),
        v("Feb 2023", "Police", 0),
        v("Mar 2023", "", 1),
        v("Mar 2023", "Education", 0),
        v("Mar 2023", "Health", 0),
        v("Mar 2023", "Police", 1),
    ]


def test_a_month_inside_the_extract_with_no_assessments_is_a_zero(engine):
    data = engine(
        early_help_assessments=[eha("2023-01-20", "Education"), eha("2023-03-02", "Education")]
    )

    assert values(data, "eha_started") == [
        value("eha_started", "Jan 2023", "", 1),
        value("eha_started", "Jan 2023", "Education", 1),
        value("eha_started", "Feb 2023", "", 0),
        value("eha_started", "Feb 2023", "Education", 0),
        value("eha_started", "Mar 2023", "", 1),
        value("eha_started", "Mar 2023", "Education", 1),
    ]


def test_pilot_split(engine):
    data = engine(
        early_help_assessments=[
            eha("2023-01-05", "Health"),
            eha("2023-01-06", "Health", pilot=False),
            eha("2023-01-07", "Health", pilot=True),
            eha("2023-01-08", "Education"),  # pilot left out: not a pilot assessment
            eha("2023-02-09", "Health", pilot=True),
        ]
    )

    def v(period, pilot, n):
        return value("eha_started_pilot", period, pilot, n)

    assert values(data, "eha_started_pilot") == [
        v("Jan 2023", "", 4),
        v("Jan 2023", "false", 3),
        v("Jan 2023", "true", 1),
        v("Feb 2023", "", 1),
        v("Feb 2023", "false", 0),
        v("Feb 2023", "true", 1),
    ]


def test_pilot_not_recorded_is_unknown(engine):
    data = engine(
        early_help_assessments=[eha("2023-01-05", "Health", pilot=None), eha("2023-01-06")]
    )

    assert values(data, "eha_started_pilot") == [
        value("eha_started_pilot", "Jan 2023", "", 2),
        value("eha_started_pilot", "Jan 2023", "Unknown", 1),
        value("eha_started_pilot", "Jan 2023", "false", 1),
    ]


def test_areas_are_kept_apart_and_zeros_only_for_an_areas_own_agencies(engine):
    data = engine(
        early_help_assessments=[
            eha("2023-01-10", "Health", la_code="E10000025"),
            eha("2023-02-10", "Police", la_code="E10000025"),
            eha("2023-01-11", "Health", la_code="E06000036"),
            eha("2023-02-11", "Health", la_code="E06000036"),
            eha("2023-02-12", "Health", la_code="E06000036"),
        ]
    )

    def v(area, period, agency, n):
        return value("eha_started", period, agency, n, area=area)

    # Police 0 is filled in for Oxfordshire's January, but not for the other area (no police
    # assessment there at all).
    assert values(data, "eha_started") == [
        v("E06000036", "Jan 2023", "", 1),
        v("E06000036", "Jan 2023", "Health", 1),
        v("E06000036", "Feb 2023", "", 2),
        v("E06000036", "Feb 2023", "Health", 2),
        v("E10000025", "Jan 2023", "", 1),
        v("E10000025", "Jan 2023", "Health", 1),
        v("E10000025", "Jan 2023", "Police", 0),
        v("E10000025", "Feb 2023", "", 1),
        v("E10000025", "Feb 2023", "Health", 0),
        v("E10000025", "Feb 2023", "Police", 1),
    ]


def test_no_assessments_no_figures(engine):
    assert values(engine(), "eha_started") == []


def test_an_empty_breakdown_value_is_unknown_not_the_total(engine):
    # Not an example measure: a breakdown by a text column whose default is "" (locality).
    # An empty value must not land on the total's row, whose breakdown is "".
    (by_locality,) = parse_measures(
        {
            "measures": [
                {
                    "id": "eha_by_locality",
                    "title": "Early help assessments by locality",
                    "count": {
                        "source": "early_help_assessments",
                        "date": "start_date",
                        "breakdown": "locality",
                    },
                }
            ]
        },
        "test",
    )
    data = engine(
        early_help_assessments=[
            eha("2023-01-03", locality="North"),
            eha("2023-01-04"),
            eha("2023-01-05", locality=None),
        ]
    )

    assert evaluate(data, by_locality) == [
        MeasureValue("eha_by_locality", "", "Jan 2023", "", 3.0, 3, None),
        MeasureValue("eha_by_locality", "", "Jan 2023", "North", 1.0, 1, None),
        MeasureValue("eha_by_locality", "", "Jan 2023", "Unknown", 2.0, 2, None),
    ]
