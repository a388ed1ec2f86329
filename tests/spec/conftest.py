"""Every measure's spec runs on every engine: the ``engine`` fixture is DuckDB, then Spark.

``engine`` builds an engine of its kind from hand-written rows per source
(``engine(plans=[plan("2024-01-01")])``); see :mod:`tests.spec.records`. Spark starts once for
the whole run and stops at its end. Without PySpark or Java the Spark cases are skipped, saying
why; with ``TRUSTBOARD_REQUIRE_SPARK=1`` (as CI sets) they fail instead.
"""

from __future__ import annotations

import pytest

from tests.spec.records import ENGINE_NAMES, EngineMaker, shared_spark, stop_spark


@pytest.fixture(scope="session")
def spark():
    yield shared_spark()
    stop_spark()


@pytest.fixture(params=ENGINE_NAMES)
def engine(request, tmp_path_factory) -> EngineMaker:
    if request.param == "spark":
        return EngineMaker(
            "spark", tmp_path_factory.mktemp("spark"), request.getfixturevalue("spark")
        )
    return EngineMaker(request.param, None)
