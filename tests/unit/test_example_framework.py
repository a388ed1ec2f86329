"""The example framework: the Oxfordshire board's indicators as its published reports name them.

A new area starts by copying this file, and the demo rates every indicator in it, so it must
load cleanly, carry every measure the published reports name under the codes they print, and
hold the targets the reports give (and none they do not).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import trustboard
from trustboard.core import periods
from trustboard.core.catalogue import (
    Aggregation,
    Framework,
    Frequency,
    Indicator,
    Polarity,
    Unit,
    load_framework,
)
from trustboard.core.periods import Basis

FRAMEWORK = Path(trustboard.__file__).parent / "examples" / "oxfordshire" / "framework.yaml"


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework(FRAMEWORK)


def _target(indicator: Indicator, label: str) -> float | None:
    period = periods.parse(label, indicator.basis)
    found = [t for t in indicator.targets if t.period == period]
    return found[0].value if found else None


def test_partnership_and_areas_of_focus(framework):
    """The report's header and the four areas of focus come from the framework file."""
    p = framework.partnership
    assert p.name == "Oxfordshire Children's Trust (example framework, synthetic data)"
    assert (p.area_name, p.la_code) == ("Oxfordshire", "E10000025")
    assert (p.board, p.chair) == ("Children's Trust Board", "Cllr Liz Brighthouse")
    assert p.reporting_period == periods.quarter(2023, 4)
    assert [(a.code, a.name) for a in framework.areas] == [
        ("successful", "Be successful"),
        ("healthy", "Be healthy"),
        ("safe", "Be safe"),
        ("supported", "Be supported"),
    ]


def test_at_least_thirty_indicators_each_fully_described(framework):
    """A board member reading any line needs its owner, source and definition, not a code."""
    assert len(framework.indicators) >= 30
    for indicator in framework.indicators:
        assert indicator.owner, indicator.code
        assert indicator.source, indicator.code
        assert len(indicator.definition) > 30, indicator.code


@pytest.mark.parametrize(
    ("code", "words", "unit"),
    [
        ("1.1", "children we care for", Unit.COUNT),
        ("1.3a", "mean wait for core camhs", Unit.DAYS),
        ("1.3b", "median wait for core camhs", Unit.DAYS),
        ("1.11", "persistent absence of children subject to a child protection plan", None),
    ],
)
def test_the_codes_the_published_reports_print_are_kept(framework, code, words, unit):
    """The RAG tables say "1.3a Mean wait for Core CAMHS (days)": the same code must mean the
    same measure, or the board would read last year's commentary against another indicator."""
    indicator = framework.indicator(code)
    assert indicator.title.lower().startswith(words)
    if unit is not None:
        assert indicator.unit is unit


PUBLISHED_MEASURES = {
    # words in the title -> the published reports' wording it stands for
    "permanent exclusions": "number of children expelled",
    "suspensions from school": "number of children suspended",
    "suspended primary pupils with special educational needs": "43% of primary ... SEN",
    "suspended secondary pupils with special educational needs": "22% of secondary ... SEN",
    "persistent absence, primary": "1 in 4 primary school children",
    "persistent absence, secondary": "1 in 3 secondary school children",
    "severe absence, primary": "1.1% of primary school children",
    "severe absence, secondary": "4.3% of secondary school children",
    "electively home educated children": "electively home educated children",
    "electively home educated children on a social care plan": "EHE on a social care plan",
    "weekly school attendance of vulnerable cohorts": "weekly attendance by cohort",
    "ehcp awaiting an education placement": "children with EHCP awaiting placement",
    "plan not in education": "children CPP/CIN not in education",
    "ehc plans issued within 20 weeks": "timeliness of EHCPs",
    "requests for an ehc needs assessment": "increase in demand (EHCNAs)",
    "disadvantaged pupils reaching the expected standard at key stage 2": "KS2 disadvantaged",
    "sen support reaching the expected standard at key stage 2": "KS2 SEN support",
    "overall school attendance": "overall attendance",
    "eating disorder": "access to eating disorder services",
    "a&e attendances for self-harm": "A&E attendances for self-harm",
    "hospital admissions for self-harm": "hospital admissions",
    "early help assessments": "strength and needs assessments",
    "under-18 conceptions": "under-age conceptions",
    "staff trained in strengths and needs": "multi-agency staff trained",
    "school health nurse": "1:1 intervention by school health nurses",
    "early help network meetings": "EH network meetings",
    "families discussed at early help network": "families spoken about",
    "children supported at early help level": "children supported at early help level",
    "mash contacts": "MASH contacts",
    "red (most urgent) mash contacts": "timeliness of red contacts",
    "mash contacts ending in no further action": "contacts lead to NFA",
    "mash contacts with a preceding strengths and needs": "preceding strength and needs document",
    "new neglect plans": "neglect plans with S&N",
    "children subject to a child protection plan": "child protection numbers",
    "repeat child protection plans": "repeat plans",
    "open for more than 18 months": "on a plan for over 18 months",
    "unaccompanied asylum-seeking children": "UASC",
    "unregistered placements": "children in unregistered placements",
    "initial health assessments": "IHAs in 20 working days",
    "domestic incidents involving children": "domestic incidents",
    "domestic abuse crimes involving children": "domestic crimes",
    "children going missing": "number of children going missing",
    "missing episodes": "number of occurrences",
    "taxi drivers": "taxi drivers with safeguarding training",
    "operation encompass": "Operation Encompass notifications",
    "domestic abuse and young people": "DA training delegates",
    "feel supported": "how supported they feel",
    "per 10,000 children": "below the national rate",
}


@pytest.mark.parametrize("words", sorted(PUBLISHED_MEASURES))
def test_every_measure_the_published_reports_name_is_in_the_framework(framework, words):
    """An analyst copying the example should find each measure the board reported on."""
    titles = [i.title.lower() for i in framework.indicators]
    assert any(words in title for title in titles), f"{words!r} ({PUBLISHED_MEASURES[words]})"


def test_targets_from_the_published_reports(framework):
    """The targets the reports print, for the years they apply to."""
    cared_for = framework.indicator("1.1")
    plans = framework.indicator("1.2")
    for year in ("2021/22", "2022/23", "2023/24"):
        assert _target(cared_for, year) == 750
        assert _target(plans, year) == 550
    assessments = framework.indicator("1.4")
    assert _target(assessments, "2022/23") == 5000
    assert _target(assessments, "2024/25") == 10000
    interpolated = [t for t in assessments.targets if t.period == periods.financial_year(2023)]
    assert interpolated[0].value == 7500
    assert "interpolated" in interpolated[0].note.lower()
    taxis = framework.indicator("4.13")
    assert _target(taxis, "2022/23") == _target(taxis, "2023/24") == 90


def test_targets_the_published_reports_imply_exist(framework):
    """Red MASH timeliness ("better than target") and initial health assessments are rated."""
    by_title = {i.title: i for i in framework.indicators}
    red_contacts = next(i for t, i in by_title.items() if t.startswith("Red (most urgent)"))
    health = next(i for t, i in by_title.items() if t.startswith("Initial health"))
    for indicator in (red_contacts, health):
        assert indicator.target_for(periods.month(2024, 3)) is not None, indicator.code


@pytest.mark.parametrize("code", ["1.3a", "1.3b", "1.11", "1.5", "4.9", "4.10"])
def test_no_target_where_the_published_reports_give_none(framework, code):
    """These rate N/A in the reports; an invented target would turn them red or green."""
    assert framework.indicator(code).targets == ()


def test_polarity_where_more_is_neither_better_nor_worse(framework):
    """More MASH contacts or police-recorded incidents is not in itself good or bad news."""
    by_title = {i.title.lower(): i for i in framework.indicators}
    assert by_title["mash contacts"].polarity is Polarity.NEITHER
    assert by_title["domestic incidents involving children"].polarity is Polarity.NEITHER
    assert framework.indicator("1.1").polarity is Polarity.LOWER_IS_BETTER
    assert framework.indicator("1.4").polarity is Polarity.HIGHER_IS_BETTER


def test_period_bases_follow_who_reports(framework):
    """Schools count in academic years, police in calendar years, the council in financial."""
    assert framework.indicator("1.7").basis is Basis.ACADEMIC
    assert framework.indicator("1.10").basis is Basis.ACADEMIC
    assert framework.indicator("4.9").basis is Basis.CALENDAR
    assert framework.indicator("4.11").basis is Basis.CALENDAR
    assert framework.indicator("1.1").basis is Basis.FINANCIAL
    assert framework.indicator("1.4").basis is Basis.FINANCIAL


def test_flows_add_up_and_stocks_do_not(framework):
    """A year of assessments is the sum of its months; children we care for is a month-end
    count, and a year of it is not twelve times as many children."""
    assert framework.indicator("1.4").aggregation is Aggregation.SUM
    assert framework.indicator("1.5").aggregation is Aggregation.SUM
    assert framework.indicator("1.1").aggregation is Aggregation.POINT
    assert framework.indicator("4.13").aggregation is Aggregation.POINT


@pytest.mark.parametrize(
    ("code", "frequency", "name", "values"),
    [
        (
            "2.6",
            Frequency.WEEKLY,
            "Cohort",
            (
                "EHCP (All)",
                "EHCP (Open to CS)",
                "Open to EH/LCSS",
                "Current C&FA",
                "ChIN Plan",
                "CPP",
            ),
        ),
        ("3.7", Frequency.MONTHLY, "Locality", ("Central", "North", "South")),
        ("3.8", Frequency.MONTHLY, "Locality", ("Central", "North", "South")),
        ("4.14", Frequency.QUARTERLY, "Area", ("Cherwell & West", "Oxford", "South & Vale")),
        ("4.13", Frequency.QUARTERLY, "District", ("City", "Cherwell", "West", "South & Vale")),
    ],
)
def test_breakdown_tables_the_published_reports_print(framework, code, frequency, name, values):
    """The published tables' rows and columns, so their figures import against the framework."""
    indicator = framework.indicator(code)
    assert indicator.frequency is frequency
    assert indicator.breakdown is not None
    assert indicator.breakdown.name == name
    assert indicator.breakdown.values == values
