"""Measures computed from imported extracts become indicator figures, with vintages.

The path a user takes: import the extracts, run the measures, and see the indicator's monthly
figures (and each agency's) appear; run again and nothing changes; a restated extract gives the
affected month a new vintage while the old figure is kept.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from trustboard.web.audit.models import AuditEvent
from trustboard.web.framework.models import ImportBatch, Observation
from trustboard.web.measures import services as measure_services
from trustboard.web.measures.models import MeasureFigure, MeasureRun

pytestmark = pytest.mark.db_backend

MEASURES = """
measures:
  - id: eha_started
    title: Early help assessments started
    indicator: "1.4"
    count: {source: early_help_assessments, date: start_date, breakdown: agency}
  - id: eha_pilot_share
    title: Share of assessments under the pilot
    count: {source: early_help_assessments, date: start_date}
    of_which: [{column: pilot, is: true}]
"""

HEADER = "record_id,child_id,start_date,agency,pilot\n"
APRIL_AND_MAY = (
    HEADER + "E1,C1,2023-04-03,Health,yes\n"
    "E2,C2,2023-04-05,Education,no\n"
    "E3,C3,2023-04-20,Education,no\n"
    "E4,C4,2023-05-02,Police,no\n"
)


@pytest.fixture
def measures_file(tmp_path) -> Path:
    path = tmp_path / "measures.yaml"
    path.write_text(MEASURES)
    return path


def _import(text: str, name: str = "eha.csv", **kwargs):
    return measure_services.import_extract(name=name, data=text.encode(), **kwargs)


def _current(code: str, period: str, breakdown: str = "") -> Observation:
    return Observation.objects.get(
        indicator__code=code, period=period, breakdown=breakdown, is_current=True
    )


def test_measures_write_the_indicators_monthly_figures_and_each_agencys(
    framework, measures_file, analyst
):
    _import(APRIL_AND_MAY, actor=analyst)
    result = measure_services.compute_measures(measures_file=measures_file, actor=analyst)
    assert _current("1.4", "Apr 2023").value == 3
    assert _current("1.4", "Apr 2023", "Education").value == 2
    # A month with none from an agency seen in the extract is a real zero, not a gap.
    assert _current("1.4", "May 2023", "Health").value == 0
    assert _current("1.4", "May 2023").value == 1
    # The latest month may still be filling up in the case system.
    assert _current("1.4", "May 2023").status == "provisional"
    assert _current("1.4", "Apr 2023").status == "final"
    share = MeasureFigure.objects.get(measure="eha_pilot_share", period="Apr 2023", breakdown="")
    assert (share.numerator, share.denominator) == (1, 3)
    assert share.value == pytest.approx(100 / 3)
    assert "Computed 2 measure(s) on duckdb" in result.summary()
    assert AuditEvent.objects.filter(action="measures.compute").count() == 1


def test_running_the_measures_again_changes_nothing(framework, measures_file):
    _import(APRIL_AND_MAY)
    measure_services.compute_measures(measures_file=measures_file)
    observations = Observation.objects.count()
    again = measure_services.compute_measures(measures_file=measures_file)
    assert "unchanged since the last run" in again.summary()
    assert Observation.objects.count() == observations
    assert MeasureRun.objects.count() == 2


def test_a_restated_extract_gives_the_month_a_new_vintage_and_keeps_the_old(
    framework, measures_file
):
    _import(APRIL_AND_MAY)
    measure_services.compute_measures(measures_file=measures_file)
    # The case system recorded E3 under the wrong agency and missed one in April.
    restated = HEADER + "E3,C3,2023-04-20,Health,no\nE5,C5,2023-04-28,Other,no\n"
    loaded = _import(restated, name="eha-restated.csv")
    assert loaded.restated == 1 and loaded.rows == 2
    result = measure_services.compute_measures(measures_file=measures_file)
    assert result.observations is not None and result.observations.revised >= 1
    april = Observation.objects.filter(indicator__code="1.4", period="Apr 2023", breakdown="")
    assert [(o.vintage, o.value, o.is_current) for o in april.order_by("vintage")] == [
        (1, 3.0, False),
        (2, 4.0, True),
    ]
    assert _current("1.4", "Apr 2023", "Education").value == 1


def test_identifiers_and_records_never_reach_the_app_database(framework, measures_file):
    _import(APRIL_AND_MAY)
    measure_services.compute_measures(measures_file=measures_file)
    batch = ImportBatch.objects.get(kind="records:early_help_assessments")
    assert batch.rows == 4
    stored = " ".join(
        repr(v)
        for model in (AuditEvent, ImportBatch, MeasureFigure, Observation)
        for v in model.objects.values()
    )
    for raw in ("'C1'", "'C2'", "'E1'", "'E2'", "2023-04-03"):
        assert raw not in stored


def test_importing_the_same_extract_twice_is_harmless(framework, measures_file):
    first = _import(APRIL_AND_MAY)
    again = _import(APRIL_AND_MAY)
    assert again.already_imported and "nothing changed" in again.summary()
    assert ImportBatch.objects.filter(content_hash=first.content_hash).count() == 1


def test_a_measure_for_an_indicator_the_framework_lacks_is_refused_before_writing(
    framework, tmp_path
):
    _import(APRIL_AND_MAY)
    path = tmp_path / "other.yaml"
    path.write_text(MEASURES.replace('indicator: "1.4"', 'indicator: "9.9"'))
    with pytest.raises(measure_services.MeasureProblem, match=r"9\.9"):
        measure_services.compute_measures(measures_file=path)
    assert not MeasureFigure.objects.exists() and not MeasureRun.objects.exists()


def test_an_unknown_measure_is_named_with_the_ones_there_are(framework, measures_file):
    _import(APRIL_AND_MAY)
    with pytest.raises(measure_services.MeasureProblem, match="eha_started"):
        measure_services.compute_measures(measures_file=measures_file, only=["nonsense"])


def test_the_import_page_takes_an_extract_and_shows_counts_only(framework, as_analyst):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    upload = SimpleUploadedFile("eha.csv", APRIL_AND_MAY.encode(), content_type="text/csv")
    response = as_analyst.post(reverse("imports"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Loaded 4 early help assessments from eha.csv" in page
    assert "C1," not in page and "2023-04-03" not in page


def test_a_store_from_an_earlier_release_with_impossible_dates_is_refused_by_name(
    framework, measures_file, analytics_path
):
    """Imports refuse 9999-12-31 now; a store filled before they did may hold one, and the
    measures stop before it with the source and column named rather than part-way through."""
    from trustboard.measures import store

    _import(APRIL_AND_MAY)
    connection = store.connect(analytics_path)
    try:
        connection.execute(
            "update early_help_assessments set start_date = date '9999-12-31' "
            "where start_date = date '2023-05-02'"
        )
    finally:
        connection.close()

    with pytest.raises(measure_services.MeasureProblem) as refused:
        measure_services.compute_measures(measures_file=measures_file)
    assert "1 early_help_assessments record(s) with start_date" in str(refused.value)
    assert "nothing was computed" in str(refused.value)
    assert not MeasureRun.objects.exists()
