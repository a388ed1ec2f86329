"""The path a council takes: the example framework, its SSDA903 return and its CIN census
imported as they are, then the measures: indicators 1.1 and 4.6 get a figure at each month end
of the return's year, 1.2 and 4.4 theirs from the census, and no month outside the years the
returns cover (a return's episodes may have started long before, but it says nothing of who
else was looked after then). 4.7 is not computed: SSDA903 does not say whether a placement is
registered, and the run says so."""

from __future__ import annotations

import pytest

from tests.integration.test_cin_census_import import census_2023_24
from tests.integration.test_statutory_upload import EPISODES, HEADER, UASC
from trustboard.examples.oxfordshire import FRAMEWORK
from trustboard.web.framework.models import Observation
from trustboard.web.measures import services as measure_services

pytestmark = pytest.mark.db_backend

YEAR = [
    *(f"{m} 2023" for m in ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")),
    *(f"{m} 2024" for m in ("Jan", "Feb", "Mar")),
]


@pytest.fixture
def example(db, analytics_path):
    from trustboard.core.catalogue import load_framework
    from trustboard.web.framework import services

    services.load_catalogue(framework=load_framework(FRAMEWORK))


def _figures(code: str) -> dict[str, float]:
    return {
        o.period: o.value
        for o in Observation.objects.filter(indicator__code=code, is_current=True, breakdown="")
    }


def test_an_ssda903_return_gives_1_1_and_4_6_a_figure_at_each_month_end_of_its_year(example):
    imported = measure_services.import_return(
        files=[("header.csv", HEADER), ("episodes.csv", EPISODES), ("uasc.csv", UASC)]
    )
    assert not imported.already_imported

    result = measure_services.compute_measures()

    care = _figures("1.1")
    assert list(care) == YEAR  # not before April 2023, though an episode began in it
    assert care["Apr 2023"] == 1  # 700102 (from 26/04); 700101 came in on 15/05
    assert care["May 2023"] == 2 and care["Mar 2024"] == 2
    uasc = _figures("4.6")
    assert list(uasc) == YEAR and set(uasc.values()) == {1}  # 700102 throughout
    assert "4.7" not in {
        o.indicator.code for o in Observation.objects.filter(batch=result.run.batch)
    }
    assert "not computed for 12 periods, Apr 2023 to Mar 2024" in result.summary()
    assert "do not record whether a placement is registered" in result.summary()


def test_a_cin_census_gives_1_2_and_4_4_their_figures(example):
    measure_services.import_return(files=[("cin_census.xml", census_2023_24())])

    measure_services.compute_measures()

    on_plans = _figures("1.2")
    assert list(on_plans) == YEAR
    # OXF0000101 from 24/05/2023, open; OXF0000102 from 01/11/2023 to 01/03/2024.
    assert on_plans["Apr 2023"] == 0 and on_plans["May 2023"] == 1
    assert on_plans["Nov 2023"] == 2 and on_plans["Feb 2024"] == 2
    assert on_plans["Mar 2024"] == 1
    repeats = _figures("4.4")
    # A rolling year inside the census year: only the 12 months to March 2024.
    assert list(repeats) == ["Mar 2024"]
    assert repeats["Mar 2024"] == 0  # neither plan followed a plan the store holds
