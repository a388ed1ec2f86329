"""The national benchmark's pandas yardstick reads the measures as the shared SQL does.

``bench/measures_national.py`` times DuckDB against ``bench/pandas_measures.py``, a second,
plain-pandas reading of the measure definitions, and checks that the two give the same figures.
That check is only worth something while the yardstick stays right, so it is guarded here on a
small synthetic set (two areas, two years): every measure, area, period and breakdown value.
Needs pandas and pyarrow (the ``bench`` group); skipped without them.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

BENCH = Path(__file__).resolve().parents[2] / "bench"
START, END = date(2022, 4, 1), date(2024, 3, 31)


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    sys.path.insert(0, str(BENCH))
    try:
        import measures_national
        import pandas_measures
    finally:
        sys.path.remove(str(BENCH))
    workdir = tmp_path_factory.mktemp("national")
    manifest = measures_national.prepare(workdir, areas=2, start=START, end=END, seed=7)
    return measures_national, pandas_measures, workdir, manifest


def _tuples(results):
    return {
        measure: [(v.area, v.period, v.breakdown, v.value, v.numerator, v.denominator) for v in vs]
        for measure, vs in results.items()
    }


def test_pandas_yardstick_gives_duckdbs_figures(bench):
    from trustboard.measures import compute
    from trustboard.measures.definitions import load_measures
    from trustboard.measures.engines import DuckDBEngine

    measures_national, pandas_measures, workdir, manifest = bench
    assert manifest["rows"]["mash_contacts"] > 0
    measures = load_measures(measures_national.EXAMPLE_MEASURES)
    engine = DuckDBEngine.open(workdir / "store.duckdb")
    try:
        expected = compute.evaluate_all(engine, measures)
    finally:
        engine.close()
    tables = pandas_measures.load(measures_national.parquet_paths(workdir))
    found = pandas_measures.evaluate_all(tables, measures)

    generated = set(measures_national.parquet_paths(workdir))
    empty = [m.id for m in measures if m.sources <= generated and not expected[m.id]]
    assert empty == ["entering_care_aged_16_or_over"]  # the generator leaves RNE empty
    same, problems = measures_national.compare(_tuples(expected), _tuples(found))
    assert same, "\n".join(problems)
    # In the same order too: by area, then period in time, then breakdown value.
    for measure in measures:
        order = [(v.area, v.period, v.breakdown) for v in found[measure.id]]
        assert order == [(v.area, v.period, v.breakdown) for v in expected[measure.id]]


def test_the_comparison_notices_a_difference(bench):
    measures_national = bench[0]
    reference = {"m": [("E1", "Apr 2022", "", 50.0, 1, 2), ("E1", "May 2022", "", 1.0, 1, None)]}
    assert measures_national.compare(reference, reference) == (True, [])
    nudged = {"m": [("E1", "Apr 2022", "", 50.0 + 1e-6, 1, 2)]}
    same, problems = measures_national.compare(reference, nudged)
    assert not same
    assert "1 missing" in problems[0] and "1 different" in problems[0]
