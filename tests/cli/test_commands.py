"""The ``trustboard`` command as a user runs it: a separate process on its own data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[1] / "fixtures"


def trustboard(*args: str, data_dir: Path, check: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TRUSTBOARD_DATA_DIR"}}
    result = subprocess.run(
        [sys.executable, "-m", "trustboard.cli", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def loaded(tmp_path) -> Path:
    data = tmp_path / "partnership"
    trustboard("catalogue", str(FIXTURES / "framework.yaml"), data_dir=data)
    trustboard("import", str(FIXTURES / "observations.csv"), data_dir=data)
    return data


def test_assess_prints_the_rating_and_the_comparisons(loaded):
    out = trustboard("assess", "1.1", "--period", "Q3 2022/23", data_dir=loaded).stdout
    assert "1.1 Children we care for" in out
    assert "Latest:     803 (Dec 2022)" in out
    assert "RAG:        Red" in out
    assert "Same period last year: not available (no figure for Dec 2021)" in out


def test_assess_json_has_the_fields_other_tools_rely_on(loaded):
    out = trustboard("assess", "1.1", "--period", "Q4 2022/23", "--json", data_dir=loaded).stdout
    data = json.loads(out)
    assert {"code", "period", "value", "target", "rag", "comparisons"} <= set(data)
    assert (data["code"], data["period"], data["value"], data["target"], data["rag"]) == (
        "1.1",
        "Mar 2023",
        770.0,
        750.0,
        "A",
    )
    assert "same_period_last_year" in data["comparisons"]


def test_assess_without_a_period_uses_the_reporting_period_and_shows_staleness(loaded):
    data = json.loads(trustboard("assess", "1.3a", "--json", data_dir=loaded).stdout)
    assert data["as_at"] == "Q4 2023/24"
    assert data["rag"] == "N/A"
    assert "stale" in data["rag_reason"]


def test_assess_names_an_unknown_code_and_a_bad_period(loaded):
    unknown = trustboard("assess", "7.7", data_dir=loaded, check=False)
    assert unknown.returncode == 2 and "No indicator '7.7'" in unknown.stdout
    bad = trustboard("assess", "1.1", "--period", "Smarch", data_dir=loaded, check=False)
    assert bad.returncode == 2 and "is not a period" in bad.stdout


def test_import_reports_every_bad_row_and_loads_nothing(loaded):
    result = trustboard(
        "import", str(FIXTURES / "bad_observations.csv"), data_dir=loaded, check=False
    )
    assert result.returncode == 2
    assert "nothing imported; 8 problem(s)" in result.stdout
    assert "row 9, column 'status': 'maybe': expected provisional or final" in result.stdout
    again = trustboard("import", str(FIXTURES / "observations.csv"), data_dir=loaded).stdout
    assert "already imported" in again


def test_a_bad_catalogue_is_refused_naming_file_indicator_and_field(tmp_path):
    bad = tmp_path / "framework.yaml"
    bad.write_text(
        "partnership: {name: Test}\n"
        "areas: [{code: safe, name: Be safe}]\n"
        "indicators:\n"
        "  - {code: '1.1', title: A, area: safe, unit: count, polarity: upwards,"
        " frequency: monthly}\n"
        "  - {code: '1.1', title: B, area: nowhere, unit: count, polarity: neither,"
        " frequency: monthly}\n"
    )
    result = trustboard("catalogue", str(bad), data_dir=tmp_path / "data", check=False)
    assert result.returncode == 2
    assert f"{bad}: indicator '1.1': field 'polarity'" in result.stdout
    assert "duplicate" in result.stdout


def test_two_partnerships_live_side_by_side(tmp_path, loaded):
    other = tmp_path / "other"
    trustboard("catalogue", str(FIXTURES / "framework.yaml"), data_dir=other)
    out = trustboard("assess", "1.1", data_dir=other, check=False).stdout
    assert "Latest:     no data" in out
    assert (loaded / "app.sqlite3").exists() and (other / "app.sqlite3").exists()


def test_demo_builds_the_example_partnership_without_serving(tmp_path):
    data = tmp_path / "demo"
    out = trustboard("demo", "--no-serve", data_dir=data).stdout
    assert "Dashboard: http://127.0.0.1:8000/" in out
    assert "username analyst" in out and "username board" in out
    assert (data / "app.sqlite3").exists() and (data / "analytics.duckdb").exists()
    # The demo tells the story of the published board reports, as at Q4 2023/24.
    cared_for = json.loads(trustboard("assess", "1.1", "--json", data_dir=data).stdout)
    assert cared_for["rag"] == "A" and cared_for["value"] > 750
    camhs = json.loads(trustboard("assess", "1.3a", "--json", data_dir=data).stdout)
    assert camhs["rag"] == "N/A" and camhs["period"] == "Jul 2022"
    # The example board report for Q3 2022/23, in all three formats, read back.
    out = tmp_path / "out"
    written = trustboard("report", "--period", "Q3 2022/23", "--out", str(out), data_dir=data)
    assert "Froze the Q3 2022/23 report" in written.stdout
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"board-report-q3_2022-23-board.{x}" for x in ("docx", "html", "pdf")]
    import docx
    import pypdf

    pdf_text = "".join(page.extract_text() for page in pypdf.PdfReader(out / names[2]).pages)
    assert "Cllr Liz Brighthouse" in pdf_text and "Performance for Early Help" in pdf_text
    word = docx.Document(out / names[0])
    assert any("1.1" in cell.text for table in word.tables for cell in table._cells)
    again = trustboard(
        "report",
        "--period",
        "Q3 2022/23",
        "--format",
        "html",
        "--public",
        "--out",
        str(out),
        data_dir=data,
    )
    assert "Using the Q3 2022/23 report frozen on" in again.stdout
    public = (out / "board-report-q3_2022-23-public.html").read_text()
    assert "Published version: numbers from 1 to 4" in public
    # Running it again is harmless: the same synthetic file is recognised.
    again = trustboard("demo", "--no-serve", "--port", "8123", data_dir=data).stdout
    assert "already imported" in again and "http://127.0.0.1:8123/" in again


def test_assess_json_adds_spc_projection_and_benchmarks(loaded):
    data = json.loads(trustboard("assess", "1.1", "--json", data_dir=loaded).stdout)
    assert {"spc", "projection", "benchmarks"} <= set(data)
    assert {"mean", "lower_limit", "upper_limit", "variation", "assurance"} <= set(data["spc"])
    assert data["spc"]["judged"] is False  # two points are too short to judge
    assert data["projection"] is None  # children we care for is a count at a date, not a flow


def test_import_maps_a_published_file_on_the_command_line(loaded):
    cla = FIXTURES / "dfe" / "cla_number_and_rate_per_10k_children.csv"
    half = trustboard("import", str(cla), "--indicator", "4.16", data_dir=loaded, check=False)
    assert half.returncode == 2 and "--indicator and --measure go together" in half.stdout
    bad = trustboard(
        "import",
        str(cla),
        "--indicator",
        "4.16",
        "--measure",
        "rate_per_10000",
        "--filter",
        "population_count",
        data_dir=loaded,
        check=False,
    )
    assert bad.returncode == 2 and "expected COLUMN=VALUE" in bad.stdout
    out = trustboard(
        "import",
        str(cla),
        "--indicator",
        "4.16",
        "--measure",
        "rate_per_10000",
        "--filter",
        "population_count=Children looked after at 31 March each year",
        data_dir=loaded,
    ).stdout
    assert "5 new" in out and "benchmark figures" in out
    assessed = trustboard("assess", "4.16", data_dir=loaded).stdout
    assert "Benchmarks: In 2023/24 it was below the national rate" in assessed


def test_the_demo_refuses_a_folder_that_holds_another_partnership(loaded):
    refused = trustboard("demo", "--no-serve", data_dir=loaded, check=False)
    assert refused.returncode == 2
    assert 'holds the partnership "Testshire Children\'s Trust"' in refused.stdout
    assert "1.1 Children we care for" in trustboard("assess", "1.1", data_dir=loaded).stdout


def test_changing_an_indicators_period_basis_after_figures_are_loaded_is_refused(loaded, tmp_path):
    changed = tmp_path / "framework.yaml"
    text = (FIXTURES / "framework.yaml").read_text()
    changed.write_text(
        text.replace(
            "    frequency: monthly\n    aggregation: point\n",
            "    frequency: monthly\n    period_basis: academic\n    aggregation: point\n",
            1,
        )
    )
    result = trustboard("catalogue", str(changed), data_dir=loaded, check=False)
    assert result.returncode == 2
    assert "field 'period_basis': cannot change from 'financial' to 'academic'" in result.stdout
