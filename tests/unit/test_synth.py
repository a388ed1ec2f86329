"""The synthetic demo series: deterministic, complete, and telling the published reports' story.

The demo is how a board or an analyst first meets trustboard. Its figures must be the same on
every machine and every run (so screenshots, tests and training notes agree), cover every
indicator, import cleanly, reproduce the tables the published reports print, and, assessed at
Q4 2023/24, rate the indicators the way the reports describe them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

import trustboard
from trustboard.core import periods
from trustboard.core.assessment import Point, Rag, assess
from trustboard.core.catalogue import Framework, Unit, load_framework, parse_framework
from trustboard.ingest.observations import validate
from trustboard.synth import series
from trustboard.synth.series import CalibrationError, SyntheticObservation

EXAMPLE = Path(trustboard.__file__).parent / "examples" / "oxfordshire"


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework(EXAMPLE / "framework.yaml")


@pytest.fixture(scope="module")
def calibration() -> dict:
    return series.load_calibration(EXAMPLE / "synthetic.yaml")


@pytest.fixture(scope="module")
def observations(framework, calibration) -> list[SyntheticObservation]:
    return series.generate(framework, calibration)


@pytest.fixture(scope="module")
def figures(observations) -> dict[tuple[str, str], dict[str, float]]:
    """(code, breakdown) -> {period label: value}."""
    result: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for o in observations:
        result[(o.code, o.breakdown)][o.period] = o.value
    return result


def _year_total(figures, framework, code: str, year: str, breakdown: str = "") -> float:
    indicator = framework.indicator(code)
    span = periods.parse(year, indicator.basis)
    return sum(
        value
        for label, value in figures[(code, breakdown)].items()
        if span.contains(periods.parse(label, indicator.basis))
    )


# -- determinism -----------------------------------------------------------------------------------
def test_same_seed_gives_the_same_figures(framework, calibration, observations):
    """Two demo builds must show the same dashboard."""
    assert series.generate(framework, calibration, seed=2017) == observations


def test_another_seed_gives_other_figures_but_the_same_published_ones(
    framework, calibration, observations, figures
):
    """A different seed varies the noise; the published reports' own figures stay put."""
    other = series.generate(framework, calibration, seed=42)
    assert other != observations
    again = {(o.code, o.breakdown, o.period): o.value for o in other}
    assert again[("1.1", "", "Dec 2022")] == figures[("1.1", "")]["Dec 2022"] == 803
    assert again[("4.14", "", "Q3 2021/22")] == 334


def test_figures_do_not_depend_on_python_hash_randomisation():
    """Python's hash() of a string changes between runs; the generator must not use it."""
    script = (
        "import hashlib\n"
        "from trustboard.core.catalogue import load_framework\n"
        "from trustboard.synth import series\n"
        f"f = load_framework({str(EXAMPLE / 'framework.yaml')!r})\n"
        f"c = series.load_calibration({str(EXAMPLE / 'synthetic.yaml')!r})\n"
        "rows = series.generate(f, c)\n"
        "print(hashlib.sha256(repr(rows).encode()).hexdigest())\n"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        digests.add(done.stdout.strip())
    assert len(digests) == 1


# -- completeness and shape ------------------------------------------------------------------------
def test_every_indicator_has_figures_and_none_is_left_to_the_default(framework, calibration):
    """An indicator without a series would show an empty chart in the demo."""
    warnings: list[str] = []
    observations = series.generate(framework, calibration, warnings=warnings)
    assert warnings == []
    assert {o.code for o in observations if o.breakdown == ""} == {
        i.code for i in framework.indicators
    }


def test_the_csv_imports_cleanly(framework, observations, tmp_path):
    """`trustboard demo` writes this file and imports it; one bad row would stop the demo."""
    path = tmp_path / "synthetic.csv"
    series.write_csv(observations, path)
    assert path.read_text(encoding="utf-8").splitlines()[0] == (
        "indicator,period,breakdown,value,status"
    )
    rows = validate(path.name, path.read_bytes(), {i.code: i for i in framework.indicators})
    assert len(rows) == len(observations)


def test_values_are_rounded_to_their_unit(framework, observations):
    """Counts and days are whole numbers; percentages have one decimal and stay in 0 to 100."""
    units = {i.code: i.unit for i in framework.indicators}
    for o in observations:
        unit = units[o.code]
        if unit in (Unit.COUNT, Unit.DAYS):
            assert o.value == int(o.value) and o.value >= 0, o
        elif unit is Unit.PERCENTAGE:
            assert 0 <= o.value <= 100 and round(o.value, 1) == o.value, o


def test_periods_follow_each_indicators_frequency_and_range(figures):
    """Monthly from April 2017, terms of the school years that overlap, short weekly series,
    and nothing that ends after March 2024 (the demo is assessed at Q4 2023/24): the last
    term is January and February 2024."""
    months = list(figures[("1.1", "")])
    assert months[0] == "Apr 2017" and months[-1] == "Mar 2024" and len(months) == 84
    quarters = list(figures[("3.1", "")])
    assert quarters[0] == "Q1 2017/18" and quarters[-1] == "Q4 2023/24"
    terms = list(figures[("1.12", "")])
    assert terms[0] == "Term 1 2016/17" and terms[-1] == "Term 3 2023/24"
    weeks = list(figures[("2.6", "")])
    assert weeks[0] == "week of 30/08/2021" and weeks[-1] == "week of 25/03/2024"
    assert list(figures[("4.11", "")]) == [str(year) for year in range(2017, 2024)]
    assert list(figures[("2.1", "")])[-1] == "AY 2022/23"


def test_camhs_waits_stop_in_july_2022(figures):
    """No CAMHS figures since the cyber attack on the trust: the report shows them N/A."""
    for code in ("1.3a", "1.3b"):
        labels = list(figures[(code, "")])
        assert labels[-1] == "Jul 2022"
    assert figures[("1.3a", "")]["Jul 2022"] == 124
    assert figures[("1.3b", "")]["Jul 2022"] == 70


def test_no_figures_while_key_stage_2_tests_were_cancelled(figures):
    assert "AY 2019/20" not in figures[("2.11", "")]
    assert "AY 2020/21" not in figures[("2.11", "")]
    assert figures[("2.11", "")]["AY 2016/17"] == 42


def test_latest_figures_are_marked_provisional(observations):
    """Early help assessments are recorded late: the last two months are provisional."""
    statuses = {(o.period, o.status) for o in observations if o.code == "1.4" and not o.breakdown}
    provisional = sorted(p for p, s in statuses if s == "provisional")
    assert provisional == ["Feb 2024", "Mar 2024"]


# -- breakdowns ------------------------------------------------------------------------------------
def test_count_breakdowns_add_up_to_their_totals(framework, figures):
    """A board member adding up the localities must get the total the dashboard shows."""
    for indicator in framework.indicators:
        if indicator.breakdown is None or indicator.unit is not Unit.COUNT:
            continue
        for label, total in figures[(indicator.code, "")].items():
            parts = [figures[(indicator.code, v)][label] for v in indicator.breakdown.values]
            assert sum(parts) == total, (indicator.code, label)


def test_percentage_breakdown_totals_are_the_weighted_mean(framework, figures, calibration):
    """Attendance cohorts overlap, so their total is the simple mean; taxi drivers' county
    figure weights each district by its drivers."""
    cohorts = framework.indicator("2.6").breakdown.values
    for label, total in figures[("2.6", "")].items():
        mean = sum(figures[("2.6", c)][label] for c in cohorts) / len(cohorts)
        assert total == pytest.approx(mean, abs=0.051)
    weights = calibration["4.13"]["weights"]
    for label, total in figures[("4.13", "")].items():
        mean = sum(figures[("4.13", d)][label] * w for d, w in weights.items()) / sum(
            weights.values()
        )
        assert total == pytest.approx(mean, abs=0.051)


# -- the published reports' tables, exactly --------------------------------------------------------
def test_attendance_by_cohort_table(figures):
    """The CYPP progress plan: weekly attendance of each cohort, weeks of 14/03/2022 to
    04/04/2022."""
    table = {
        "EHCP (All)": [82, 80, 82, 81],
        "EHCP (Open to CS)": [75, 74, 75, 76],
        "Open to EH/LCSS": [75, 75, 75, 74],
        "Current C&FA": [75, 75, 76, 75],
        "ChIN Plan": [73, 75, 76, 75],
        "CPP": [72, 76, 76, 75],
    }
    weeks = ["14/03/2022", "21/03/2022", "28/03/2022", "04/04/2022"]
    for cohort, row in table.items():
        assert [figures[("2.6", cohort)][f"week of {w}"] for w in weeks] == row


def test_early_help_network_tables(figures):
    """The CYPP progress plan: meetings held and families discussed by locality, September
    2021 to April 2022 (the families table's March row is lost in the plan and not checked)."""
    months = ["Sep 2021", "Oct 2021", "Nov 2021", "Dec 2021", "Jan 2022", "Feb 2022"]
    meetings = {
        "Central": [0, 0, 0, 0, 0, 1, 1, 0],
        "North": [1, 2, 0, 1, 1, 1, 1, 0],
        "South": [1, 1, 1, 1, 0, 1, 0, 0],
    }
    families = {
        "Central": [0, 0, 0, 0, 0, 1, 0],
        "North": [2, 3, 0, 1, 2, 1, 0],
        "South": [2, 2, 1, 2, 0, 1, 0],
    }
    for locality, row in meetings.items():
        labels = [*months, "Mar 2022", "Apr 2022"]
        assert [figures[("3.7", locality)][m] for m in labels] == row
    for locality, row in families.items():
        labels = [*months, "Apr 2022"]
        assert [figures[("3.8", locality)][m] for m in labels] == row


def test_operation_encompass_table(figures):
    """The CYPP progress plan: notifications to schools in 2021/22 by area, with the printed
    totals."""
    table = {
        "Cherwell & West": [76, 52, 98, 98],
        "Oxford": [41, 22, 73, 45],
        "South & Vale": [85, 55, 163, 147],
        "": [202, 129, 334, 290],
    }
    for area, row in table.items():
        assert [figures[("4.14", area)][f"Q{q} 2021/22"] for q in range(1, 5)] == row


def test_taxi_drivers_by_district(figures):
    """The March and May 2023 reports: City 72% then 75%, South & Vale 70% then 73%, Cherwell
    and West above 95%, the county about three quarters then about 8 in 10."""
    q2, q3 = "Q2 2022/23", "Q3 2022/23"
    assert (figures[("4.13", "City")][q2], figures[("4.13", "City")][q3]) == (72, 75)
    assert (figures[("4.13", "South & Vale")][q2], figures[("4.13", "South & Vale")][q3]) == (
        70,
        73,
    )
    for district in ("Cherwell", "West"):
        assert figures[("4.13", district)][q2] > 95
    assert 74 <= figures[("4.13", "")][q2] <= 77
    assert 78 <= figures[("4.13", "")][q3] <= 82


def test_early_help_assessment_and_exclusion_year_totals(figures, framework):
    """The 2021 early help task and finish group update's tables: EHAs by calendar year,
    permanent exclusions by school year."""
    for year, total in {"2018": 1480, "2019": 1935, "2020": 1684}.items():
        assert _year_total(figures, framework, "1.4", year) == total
    assert _year_total(figures, framework, "1.10", "AY 2019/20") == 66
    assert _year_total(figures, framework, "1.10", "AY 2020/21") == 19


def test_children_waiting_for_an_education_placement_by_age(figures):
    """The CYPP progress plan: 4 under 5, 12 aged 5-15 and 25 aged 16+ awaiting provision."""
    by_age = {age: figures[("2.7", age)]["Mar 2022"] for age in ("Under 5", "Age 5-15", "Age 16+")}
    assert by_age == {"Under 5": 4, "Age 5-15": 12, "Age 16+": 25}
    assert figures[("2.7", "")]["Mar 2022"] == 41


# -- calibration to the published reports' story ---------------------------------------------------
def test_children_we_care_for(figures):
    """803 in December 2022 and 770 in March 2023 (the RAG table), about 765 by March 2024."""
    cared_for = figures[("1.1", "")]
    assert cared_for["Dec 2022"] == pytest.approx(803, rel=0.02)
    assert cared_for["Mar 2023"] == 770
    assert 680 <= cared_for["Apr 2017"] <= 700
    assert 750 < cared_for["Mar 2024"] <= 750 * 1.05


def test_early_help_assessments_rise_but_miss_the_target(figures, framework):
    """3,750 projected for 2022/23; about 6,000 in 2023/24, below the 7,500 target."""
    year_2022 = _year_total(figures, framework, "1.4", "2022/23")
    year_2023 = _year_total(figures, framework, "1.4", "2023/24")
    assert year_2022 == pytest.approx(3750, rel=0.10)
    assert year_2022 < year_2023 < 7500
    assert year_2023 == pytest.approx(6000, rel=0.10)


def test_child_protection_plans_stay_above_target(figures):
    """648 (Q3 2022/23), 605 (February 2023) and still above 550 in March 2024."""
    plans = figures[("1.2", "")]
    assert (plans["Dec 2022"], plans["Feb 2023"]) == (648, 605)
    assert plans["Mar 2024"] > 550


def test_mash_contacts_against_last_year_and_before_the_pandemic(figures, framework):
    """About 4% up on the year before and more than 60% above 2019/20."""
    totals = {
        y: _year_total(figures, framework, "1.5", y) for y in ("2019/20", "2022/23", "2023/24")
    }
    assert totals["2023/24"] / totals["2022/23"] == pytest.approx(1.04, abs=0.02)
    assert totals["2023/24"] > 1.6 * totals["2019/20"]
    assert totals["2022/23"] > 1.6 * totals["2019/20"]


def test_police_figures_keep_the_published_relationships(figures, framework):
    """2022 against 2019 and 2021: incidents +9% and -1%, crimes +28% and +7%, children
    missing -12% and +9%, missing occurrences -16% and +11%."""
    expected = {
        "4.9": (1.09, 0.99),
        "4.10": (1.28, 1.07),
        "4.11": (0.88, 1.09),
        "4.12": (0.84, 1.11),
    }
    for code, (on_2019, on_2021) in expected.items():
        year = {y: _year_total(figures, framework, code, y) for y in ("2019", "2021", "2022")}
        assert year["2022"] / year["2019"] == pytest.approx(on_2019, abs=0.005), code
        assert year["2022"] / year["2021"] == pytest.approx(on_2021, abs=0.005), code


def test_assessed_at_q4_2023_24_the_demo_rates_like_the_reports(framework, observations):
    """Red where the reports are worried, amber for children we care for, green where the
    reports say better than target, N/A for CAMHS (no data since July 2022)."""
    points = defaultdict(list)
    for o in observations:
        if not o.breakdown:
            basis = framework.indicator(o.code).basis
            points[o.code].append(Point(periods.parse(o.period, basis), o.value))
    as_at = periods.quarter(2023, 4)
    rag = {i.code: assess(i, points[i.code], as_at).rag for i in framework.indicators}
    assert rag["1.1"] is Rag.AMBER
    for code in ("1.2", "1.4", "4.8", "4.13", "3.1"):
        assert rag[code] is Rag.RED, code
    for code in ("1.6", "1.10", "5.3"):
        assert rag[code] is Rag.GREEN, code
    assert rag["1.3a"] is rag["1.3b"] is Rag.NOT_APPLICABLE
    # and a quarter earlier, as the March 2023 report rated it: children we care for red
    q3 = periods.quarter(2022, 3)
    assert assess(framework.indicator("1.1"), points["1.1"], q3).rag is Rag.RED


# -- the generator on small frameworks -------------------------------------------------------------
def _framework(*indicators: dict) -> Framework:
    return parse_framework(
        {
            "partnership": {"name": "Testshire"},
            "areas": [{"code": "safe", "name": "Be safe"}],
            "indicators": list(indicators),
        },
        "test",
    )


FLOW = {
    "code": "9.1",
    "title": "Contacts",
    "area": "safe",
    "unit": "count",
    "polarity": "neither",
    "frequency": "monthly",
    "aggregation": "sum",
    "breakdown": {"name": "Locality", "values": ["North", "South"]},
}


def test_a_year_anchor_on_a_monthly_flow_is_the_years_total():
    """`"2020/21": 1200` means 1,200 in the year, about 100 a month, not 1,200 a month."""
    result = series.generate(
        _framework(FLOW),
        {"9.1": {"anchors": {"2020/21": 1200}, "noise": 0}},
        start="2020/21",
        end="2020/21",
    )
    totals = [o.value for o in result if not o.breakdown]
    assert totals == [100] * 12


def test_a_fixed_longer_total_is_shared_out_exactly():
    result = series.generate(
        _framework(FLOW),
        {"9.1": {"anchors": {"2020/21": 1200}, "noise": 0.2, "fixed": {"2020/21": 1234}}},
        start="2020/21",
        end="2020/21",
    )
    assert sum(o.value for o in result if not o.breakdown) == 1234
    assert sum(o.value for o in result if o.breakdown) == 1234


def test_an_indicator_without_calibration_gets_a_flat_series_and_a_warning():
    """A framework edited after the calibration must still build a demo, and say what it did."""
    warnings: list[str] = []
    result = series.generate(
        _framework(FLOW), {"7.7": {"anchors": {"2020/21": 5}}}, warnings=warnings
    )
    assert any("9.1" in w and "no calibration" in w for w in warnings)
    assert any("7.7" in w and "no such indicator" in w for w in warnings)
    totals = [o.value for o in result if not o.breakdown]
    assert len(totals) == 84 and 80 <= min(totals) <= max(totals) <= 120


def test_a_wrong_calibration_lists_every_problem():
    """The analyst fixes the file in one go rather than one error per run."""
    bad = {
        "9.1": {
            "anchors": {"Smarch 2021": 10},
            "shares": {"East": 1},
            "seasonal": [1, 2],
            "colour": "red",
        }
    }
    with pytest.raises(CalibrationError) as raised:
        series.generate(_framework(FLOW), bad)
    text = str(raised.value)
    assert "colour" in text and "seasonal" in text
    bad = {"9.1": {"anchors": {"Smarch 2021": 10}, "shares": {"East": 1}}}
    with pytest.raises(CalibrationError) as raised:
        series.generate(_framework(FLOW), bad)
    problems = raised.value.problems
    assert any("Smarch 2021" in p for p in problems)
    assert any("'East'" in p for p in problems)


def test_load_calibration_reports_a_missing_file(tmp_path):
    with pytest.raises(CalibrationError, match="no such file"):
        series.load_calibration(tmp_path / "missing.yaml")


def test_observations_are_written_with_whole_numbers_as_integers(tmp_path):
    path = tmp_path / "out.csv"
    series.write_csv(
        [SyntheticObservation("1.1", "Mar 2024", 768.0), SyntheticObservation("2.6", "x", 75.3)],
        path,
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1:] == ["1.1,Mar 2024,,768,final", "2.6,x,,75.3,final"]
