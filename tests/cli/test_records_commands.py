"""Record-level extracts from the command line: synth, import, compute on both engines."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from test_commands import FIXTURES, trustboard  # the same helper, beside this file

EXAMPLE = Path(__file__).parents[2] / "trustboard" / "examples" / "oxfordshire" / "framework.yaml"


def _has_pyspark() -> bool:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def extracts(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("extracts")
    data = tmp_path_factory.mktemp("unused")
    result = trustboard(
        "synth", "--years", "2", "--seed", "3", "--out", str(out), data_dir=data
    ).stdout
    assert "Synthetic extracts for 1 area(s), 01/04/2022 to 31/03/2024, seed 3" in result
    return out


@pytest.fixture
def partnership(tmp_path, extracts) -> Path:
    data = tmp_path / "partnership"
    trustboard("catalogue", str(EXAMPLE), data_dir=data)
    return data


def test_synth_writes_one_extract_per_source(extracts):
    assert sorted(p.name for p in extracts.iterdir()) == [
        "care_episodes.csv",
        "early_help_assessments.csv",
        "mash_contacts.csv",
        "plans.csv",
    ]
    header = (extracts / "mash_contacts.csv").read_text().splitlines()[0]
    assert header.startswith("record_id,child_id,contact_date,source_agency,outcome")


def test_import_then_compute_gives_the_early_help_indicator_its_figures(partnership, extracts):
    files = sorted(str(p) for p in extracts.iterdir())
    out = trustboard("import", *files, data_dir=partnership).stdout
    assert "early help assessments from early_help_assessments.csv" in out
    again = trustboard("import", *files, data_dir=partnership).stdout
    assert again.count("was already imported") == 4
    computed = trustboard(
        "compute", "--measure", "eha_started", "--measure", "mash_nfa", data_dir=partnership
    ).stdout
    assert "eha_started" in computed and "figures" in computed
    assert "Computed 2 measure(s) on duckdb" in computed
    assessed = json.loads(
        trustboard("assess", "1.4", "--period", "Q4 2023/24", "--json", data_dir=partnership).stdout
    )
    assert assessed["period"] == "Mar 2024" and assessed["value"] > 0
    nfa = json.loads(
        trustboard("assess", "4.1", "--period", "Q4 2023/24", "--json", data_dir=partnership).stdout
    )
    assert 50 < nfa["value"] < 75


@pytest.mark.skipif(
    (shutil.which("java") is None or not _has_pyspark())
    and os.environ.get("TRUSTBOARD_REQUIRE_SPARK") != "1",
    reason="Spark needs PySpark and a Java runtime",
)
def test_spark_computes_the_same_figures_as_duckdb(partnership, extracts):
    files = sorted(str(p) for p in extracts.iterdir())
    trustboard("import", *files, data_dir=partnership)
    wanted = ["--measure", "eha_started", "--measure", "mash_with_preceding_eha"]
    trustboard("compute", *wanted, data_dir=partnership)
    spark = trustboard(
        "compute", "--engine", "spark", "--master", "local[1]", *wanted, data_dir=partnership
    ).stdout
    assert "on spark" in spark
    # The same figures: the indicators' observations are recognised as unchanged.
    assert "Indicator figures unchanged since the last run" in spark


def test_an_identifying_column_refuses_the_extract(partnership):
    result = trustboard(
        "import", str(FIXTURES / "records" / "identifying.csv"), data_dir=partnership, check=False
    )
    assert result.returncode == 2
    assert "column 'Date of Birth' identifies a person" in result.stdout
    assert "Smithson" not in result.stdout


def test_compute_names_an_unknown_measure_and_says_to_import_first(partnership):
    result = trustboard("compute", "--measure", "nonsense", data_dir=partnership, check=False)
    assert result.returncode == 2
    assert "No measure called nonsense; the measures are: " in result.stdout
    result = trustboard("compute", data_dir=partnership, check=False)
    assert result.returncode == 2
    assert "import record-level extracts first" in result.stdout
