"""Child protection and child in need plans: new neglect plans with a preceding assessment,
children on a plan at month end, repeat plans and plans open longer than 18 months."""

from __future__ import annotations

from datetime import date

from tests.spec.records import eha, plan, value, values


def by_period(found):
    return {(v.area, v.period, v.breakdown): v for v in found}


# -- neglect plans with a preceding assessment, year to date by financial quarter -------------
def test_neglect_plans_with_an_assessment_in_the_year_before_year_to_date(engine):
    data = engine(
        plans=[
            plan("2023-03-15", category="neglect", child="z"),
            plan("2023-04-10", category="neglect", child="a"),
            plan("2023-05-20", category="neglect", plan_type="child_in_need", child="b"),
            plan("2023-06-01", category="physical_abuse", child="c"),
            plan("2023-08-15", "2023-12-01", category="neglect", child="d"),
            plan("2023-10-01", category="neglect", child="e"),
            plan("2024-04-05", category="neglect", child="f"),
        ],
        early_help_assessments=[
            eha("2023-01-01", child="a"),
            eha("2023-05-01", child="c"),  # not neglect: not counted at all
            eha("2022-08-14", child="d"),  # 366 days before the plan
            eha("2022-10-01", child="e"),  # exactly 365 days before
            eha("2024-03-01", child="f"),
        ],
    )

    def v(period, preceded, plans):
        return value("neglect_plans_with_eha", period, "", preceded, plans)

    # The plans start in March 2023, so 2022/23's year to date is not whole: Q4 2022/23 is
    # left out. Child in need plans count as well as child protection plans.
    assert values(data, "neglect_plans_with_eha") == [
        v("Q1 2023/24", 1, 2),  # a (yes), b
        v("Q2 2023/24", 1, 3),  # + d (no)
        v("Q3 2023/24", 2, 4),  # + e (yes)
        v("Q4 2023/24", 2, 4),
        v("Q1 2024/25", 1, 1),  # a new financial year: f (yes)
    ]


# -- children on a child protection plan at month end -----------------------------------------
CP_PLANS = [
    plan("2023-12-01", "2024-01-31", child="a"),  # ends on January's last day
    plan("2024-01-31", child="b"),  # starts on it
    plan("2023-11-15", child="c"),
    plan("2024-01-05", child="c"),  # c's second plan, overlapping the first
    plan("2023-12-01", plan_type="child_in_need", child="d"),
    plan("2023-12-10", "2024-02-01", child="e"),
]


def test_children_on_a_child_protection_plan_at_month_end(engine):
    data = engine(plans=CP_PLANS)

    # A plan ending on the month's last day is not open at its end; one starting then is.
    # A child with two plans is one child.
    assert values(data, "cp_plans_open") == [
        value("cp_plans_open", "Nov 2023", "", 1),  # c
        value("cp_plans_open", "Dec 2023", "", 3),  # a, c, e (d is in need)
        value("cp_plans_open", "Jan 2024", "", 3),  # b, c, e
        value("cp_plans_open", "Feb 2024", "", 2),  # b, c
    ]


def test_open_plans_are_counted_to_the_date_the_data_runs_to(engine):
    data = engine(plans=CP_PLANS)

    found = values(data, "cp_plans_open", until=date(2024, 4, 30))

    assert [v.period for v in found] == [
        "Nov 2023",
        "Dec 2023",
        "Jan 2024",
        "Feb 2024",
        "Mar 2024",
        "Apr 2024",
    ]
    assert found[-1] == value("cp_plans_open", "Apr 2024", "", 2)


def test_open_plans_are_counted_from_the_date_the_events_cover(engine):
    data = engine(plans=CP_PLANS)

    assert values(data, "cp_plans_open", since=date(2024, 1, 1)) == [
        value("cp_plans_open", "Jan 2024", "", 3),
        value("cp_plans_open", "Feb 2024", "", 2),
    ]


def test_children_on_a_plan_per_area(engine):
    data = engine(
        plans=[
            plan("2024-01-01", child="x", la_code="E10000025"),
            plan("2024-01-01", child="x", la_code="E06000036"),
            plan("2024-01-02", child="y", la_code="E06000036"),
        ]
    )

    assert values(data, "cp_plans_open") == [
        value("cp_plans_open", "Jan 2024", "", 2, area="E06000036"),
        value("cp_plans_open", "Jan 2024", "", 1, area="E10000025"),
    ]


# -- repeat plans -----------------------------------------------------------------------------
def test_repeat_plans_within_two_years_over_rolling_12_months(engine):
    data = engine(
        plans=[
            plan("2022-01-10", "2022-03-01", child="a"),
            plan("2022-05-01", child="a"),  # 61 days after a's plan ended: a repeat
            plan("2022-01-20", "2022-02-09", child="c"),
            plan("2024-02-10", child="c"),  # 731 days after: not a repeat
            plan("2022-02-01", "2022-02-10", child="b"),
            plan("2024-02-10", child="b"),  # exactly 730 days after: a repeat
            plan("2022-03-01", child="e"),
            plan("2022-08-01", child="e"),  # the first plan is still open: not a repeat
            plan("2022-04-01", "2022-06-01", plan_type="child_in_need", child="d"),
            plan("2022-09-01", child="d"),  # after a child in need plan: not a repeat
            plan("2022-06-01", "2022-12-31", child="g"),
            plan("2022-12-31", child="g"),  # the day the last ended: not before it
        ]
    )

    def v(period, repeats, plans):
        return value("cp_repeat_plans", period, "", repeats, plans)

    # From December 2022 (the first whole 12 months); no figure for the 12 months to December
    # 2023 and January 2024, which started no plans.
    assert values(data, "cp_repeat_plans") == [
        v("Dec 2022", 1, 9),
        v("Jan 2023", 1, 7),
        v("Feb 2023", 1, 6),
        v("Mar 2023", 1, 5),
        v("Apr 2023", 1, 5),
        v("May 2023", 0, 4),
        v("Jun 2023", 0, 3),
        v("Jul 2023", 0, 3),
        v("Aug 2023", 0, 2),
        v("Sep 2023", 0, 1),
        v("Oct 2023", 0, 1),
        v("Nov 2023", 0, 1),
        v("Feb 2024", 1, 2),
    ]


# -- plans open for more than 18 months -------------------------------------------------------
def test_plans_open_longer_than_18_months(engine):
    data = engine(
        plans=[
            plan("2022-12-29", child="a"),
            plan("2022-12-30", child="b"),  # exactly 18 months at 30 June 2024
            plan("2022-01-01", "2024-06-30", child="c"),
            plan("2021-01-01", plan_type="child_in_need", child="d"),
        ]
    )

    found = by_period(values(data, "cp_plans_over_18_months", until=date(2024, 7, 31)))

    assert found[("", "Jan 2021", "")] == value("cp_plans_over_18_months", "Jan 2021", "", 0)
    assert found[("", "Jun 2023", "")].value == 0
    assert found[("", "Jul 2023", "")] == value("cp_plans_over_18_months", "Jul 2023", "", 1)
    assert found[("", "May 2024", "")].value == 1  # c
    assert found[("", "Jun 2024", "")].value == 1  # a; c ended on the day
    assert found[("", "Jul 2024", "")].value == 2  # a, b
    assert len(found) == 43  # every month end from January 2021 to July 2024
