"""DuckDB and Spark give the same figures for every example measure, on generated records; and
the figures hang together (breakdowns add up to totals, percentages lie in 0 to 100).

Records: one to three areas, children ``c0`` to ``c29`` in each (the same id in two areas is
two children), dates over three years (2021 to 2023) with a bias towards a few days that sit
exactly 365, 366, 730 and 731 days apart and on month ends, so the boundaries of the
``preceded_by`` and open-at-month-end rules are met often. Record ids are unique per table, as
the store's salted hashes are.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.spec.records import (
    duckdb_store,
    example_measures,
    make_engine,
    shared_spark,
    stop_spark,
)
from trustboard.measures.compute import evaluate
from trustboard.measures.definitions import Result
from trustboard.measures.engines import DuckDBEngine, Engine
from trustboard.measures.sources import AGENCIES, MASH_OUTCOMES, PLAN_CATEGORIES, PLAN_TYPES

AREAS = ("E10000025", "E06000036", "E08000025")
FIRST_DAY = date(2021, 1, 1)
DAYS = 3 * 365
BOUNDARY_DAYS = tuple(
    date.fromisoformat(d)
    for d in (
        "2021-06-15",
        "2022-06-14",  # 364 after the first
        "2022-06-15",  # 365
        "2022-06-16",  # 366
        "2023-06-15",  # 730
        "2023-06-16",  # 731
        "2022-01-31",
        "2022-02-28",
        "2022-03-31",
        "2022-04-01",
        "2023-03-31",
    )
)

AGREE = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CONSISTENT = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

days = st.one_of(
    st.integers(0, DAYS).map(lambda n: FIRST_DAY + timedelta(days=n)),
    st.sampled_from(BOUNDARY_DAYS),
)


@st.composite
def records(draw) -> dict[str, list[dict]]:
    areas = draw(st.lists(st.sampled_from(AREAS), min_size=1, max_size=3, unique=True))
    area = st.sampled_from(areas)
    child = st.integers(0, 29).map(lambda n: f"c{n}")

    def end_after(start: date):
        return st.one_of(
            st.none(),
            st.integers(0, 800).map(lambda n: start + timedelta(days=n)),
        )

    @st.composite
    def open_record(draw, **columns):
        start = draw(days)
        return {
            "start_date": start,
            "end_date": draw(end_after(start)),
            **draw(st.fixed_dictionaries(columns)),
        }

    tables = {
        "early_help_assessments": st.fixed_dictionaries(
            {
                "child_id": child,
                "la_code": area,
                "start_date": days,
                "agency": st.sampled_from(AGENCIES),
                "pilot": st.one_of(st.booleans(), st.none()),
            }
        ),
        "mash_contacts": st.fixed_dictionaries(
            {
                "child_id": child,
                "la_code": area,
                "contact_date": days,
                "source_agency": st.sampled_from(AGENCIES),
                "outcome": st.sampled_from(MASH_OUTCOMES),
            }
        ),
        "plans": open_record(
            child_id=child,
            la_code=area,
            plan_type=st.sampled_from(PLAN_TYPES),
            category=st.sampled_from(PLAN_CATEGORIES),
        ),
        "care_episodes": open_record(
            child_id=child, la_code=area, uasc=st.booleans(), registered=st.booleans()
        ),
    }
    found = {}
    for name, row in tables.items():
        rows = draw(st.lists(row, min_size=3, max_size=30))
        found[name] = [{"record_id": f"{name[:3]}{i}", **r} for i, r in enumerate(rows)]
    return found


untils = st.one_of(st.none(), st.sampled_from([date(2022, 12, 31), date(2024, 3, 31)]))


@pytest.fixture(scope="session")
def spark():
    yield shared_spark()
    stop_spark()


class Remembered:
    """An engine that runs each distinct query once: many measures share a query (the extent
    of a source, the assessments side of two ratios), and on Spark each costs a fraction of a
    second. The same SQL over the same tables gives the same rows, so nothing is lost."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.name = engine.name
        self.answers: dict[str, list[tuple]] = {}

    def rows(self, sql: str) -> list[tuple]:
        if sql not in self.answers:
            self.answers[sql] = self.engine.rows(sql)
        return self.answers[sql]


def test_duckdb_and_spark_agree_on_every_example_measure(spark):
    measures = list(example_measures().values())

    @AGREE
    @given(tables=records(), until=untils)
    def agree(tables, until):
        workdir = Path(tempfile.mkdtemp(prefix="engines-agree-"))
        try:
            duck = Remembered(make_engine("duckdb", tables))
            sparked = Remembered(make_engine("spark", tables, workdir=workdir, spark=spark))
            for measure in measures:
                expected = evaluate(duck, measure, until=until)
                assert evaluate(sparked, measure, until=until) == expected, measure.id
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    agree()


@CONSISTENT
@given(tables=records(), until=untils)
def test_figures_hang_together(tables, until):
    engine = DuckDBEngine(duckdb_store(tables))
    results = {m.id: evaluate(engine, m, until=until) for m in example_measures().values()}

    for measure in example_measures().values():
        found = results[measure.id]
        totals = {(v.area, v.period): v for v in found if v.breakdown == ""}
        parts: dict[tuple[str, str], list] = {}
        for v in found:
            if v.breakdown != "":
                parts.setdefault((v.area, v.period), []).append(v)
        assert len({(v.area, v.period, v.breakdown) for v in found}) == len(found)
        for v in found:
            assert v.numerator >= 0
            if measure.result is Result.COUNT:
                assert v.value == v.numerator and v.denominator is None
            elif measure.result is Result.PERCENTAGE:
                assert v.denominator > 0 and 0 <= v.numerator <= v.denominator
                assert 0 <= v.value <= 100
            else:
                assert v.denominator > 0 and v.value == v.numerator / v.denominator
        if not measure.count.breakdown:
            assert not parts
            continue
        for key, rows in parts.items():
            total = totals.get(key)
            if measure.result is Result.COUNT:
                assert total is not None and total.numerator == sum(r.numerator for r in rows)
            elif measure.result is Result.PERCENTAGE:
                # An agency with no contacts has no percentage; the total has at least its own.
                assert total is not None
                assert total.numerator == sum(r.numerator for r in rows)
                assert total.denominator == sum(r.denominator for r in rows)
            else:
                # An agency with no assessments has no ratio, but its contacts are in the total.
                assert total is not None
                assert total.denominator == sum(r.denominator for r in rows)
                assert total.numerator >= sum(r.numerator for r in rows)

    def by_key(measure_id):
        return {(v.area, v.period): v.numerator for v in results[measure_id] if not v.breakdown}

    # The same records counted two ways give the same totals.
    assert by_key("eha_started") == by_key("eha_started_pilot")
    contacts = {k: n for k, n in by_key("mash_contacts").items() if n}
    assert contacts == {
        (v.area, v.period): v.denominator for v in results["mash_nfa"] if not v.breakdown
    }
    # Open records: a child is counted once, so a subset never outnumbers the whole.
    in_care = by_key("children_we_care_for")
    for subset in ("uasc_we_care_for", "unregistered_placements"):
        assert set(by_key(subset)) <= set(in_care)
        assert all(n <= in_care[key] for key, n in by_key(subset).items())
    on_plan = by_key("cp_plans_open")
    assert all(n <= on_plan.get(key, 0) for key, n in by_key("cp_plans_over_18_months").items())
