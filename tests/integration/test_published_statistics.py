"""DfE statistics files: the area's own figures become observations, others benchmarks."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES
from trustboard.core import periods
from trustboard.ingest.observations import ImportError_
from trustboard.web.framework import queries
from trustboard.web.framework.models import Benchmark, ImportBatch, Indicator, Observation
from trustboard.web.framework.services import PublishedMapping

pytestmark = pytest.mark.django_db

CLA = (FIXTURES / "dfe" / "cla_number_and_rate_per_10k_children.csv").read_bytes()


def test_a_dfe_file_loads_the_areas_rate_and_the_benchmarks(import_file):
    result = import_file("cla.csv", CLA)
    assert result.created == 5  # the years ending March 2020 to 2024
    own = Observation.objects.get(indicator__code="4.16", period="2023/24")
    assert own.value == 50
    levels = dict(Benchmark.objects.filter(period="2023/24").values_list("code", "value"))
    assert levels["E92000001"] == 70  # England
    assert levels["E12000008"] == 56  # South East
    assert levels["E06000060"] == 41  # Buckinghamshire
    cumbria = Benchmark.objects.get(period="2023/24", code="E10000006")
    assert cumbria.value is None and cumbria.symbol == "z"  # not applicable, never zero
    assert "benchmark figures" in result.summary()
    assert ImportBatch.objects.get().kind == "dfe"


def test_the_comparison_sentence_comes_from_the_benchmarks(import_file):
    import_file("cla.csv", CLA)
    indicator = Indicator.objects.get(code="4.16")
    analysis = queries.analyse(indicator, periods.parse("Q4 2023/24"))
    latest = analysis.benchmarks[0]
    assert latest.period == "2023/24"
    assert latest.neighbours_missing == 1  # Cumbria's figure is "z", not zero
    assert latest.neighbour_average == pytest.approx((41 + 67) / 2)
    assert latest.sentence == (
        "In 2023/24 it was below the national rate and below the South East rate "
        "and below similar authorities."
    )
    data = analysis.to_dict()
    assert data["benchmarks"][0]["national"]["value"] == 70


def test_reimporting_a_dfe_file_changes_nothing(import_file):
    import_file("cla.csv", CLA)
    again = import_file("cla.csv", CLA)
    assert again.already_imported
    assert Benchmark.objects.count() == 5 * 5


def test_an_explicit_mapping_names_a_bad_measure_and_loads_nothing(import_file):
    from trustboard.web.framework import services

    with pytest.raises(ImportError_) as caught:
        services.import_observations(
            name="cla.csv",
            data=CLA,
            mapping=PublishedMapping("4.16", "rate_per_1000", ()),
        )
    assert "rate_per_1000" in str(caught.value)
    assert "rate_per_10000" in str(caught.value)  # names the measures there are
    assert Observation.objects.count() == 0 and Benchmark.objects.count() == 0


def test_a_dfe_file_no_indicator_is_mapped_to_is_refused_with_what_to_do(import_file):
    absence = (FIXTURES / "dfe" / "school_absence_made_up.csv").read_bytes()
    with pytest.raises(ImportError_) as caught:
        import_file("absence.csv", absence)
    assert "--indicator CODE --measure COLUMN" in str(caught.value)


def test_if_landing_in_the_analytic_store_fails_nothing_is_loaded(import_file, monkeypatch):
    """All or nothing across both stores: the app database rolls back too."""
    from trustboard.measures import store

    def broken(*args, **kwargs):
        raise OSError("analytic store busy")

    monkeypatch.setattr(store, "land_observations", broken)
    with pytest.raises(OSError):
        import_file("observations.csv", (FIXTURES / "observations.csv").read_bytes())
    assert ImportBatch.objects.count() == 0
    assert Observation.objects.count() == 0
