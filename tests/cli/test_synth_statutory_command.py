"""``trustboard synth --format statutory``: the plans and care as a council's statutory returns,
beside the early help and MASH extracts, imported from the command line as a council would."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_commands import trustboard  # the same helper, beside this file

EXAMPLE = Path(__file__).parents[2] / "trustboard" / "examples" / "oxfordshire" / "framework.yaml"


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("statutory")
    data = tmp_path_factory.mktemp("unused")
    result = trustboard(
        "synth", "--years", "2", "--seed", "3", "--format", "statutory", "--out", str(out),
        data_dir=data,
    ).stdout  # fmt: skip
    return out, result


def test_synth_writes_the_extracts_and_a_return_per_year(written):
    out, said = written
    assert sorted(p.name for p in out.iterdir()) == [
        "cin_census",
        "early_help_assessments.csv",
        "mash_contacts.csv",
        "ssda903",
    ]
    assert sorted(p.name for p in (out / "ssda903").iterdir()) == ["2022-23", "2023-24"]
    assert sorted(p.name for p in (out / "ssda903" / "2023-24").iterdir()) == [
        "episodes.csv",
        "header.csv",
        "missing.csv",
        "uasc.csv",
    ]
    assert sorted(p.name for p in (out / "cin_census").iterdir()) == [
        f"cin_census_{year}.xml" for year in ("2020-21", "2021-22", "2022-23", "2023-24")
    ]
    assert "  SSDA903 return 2022/23: " in said and " episodes, " in said
    assert "  CIN census 2020/21: " in said and " child protection plans" in said
    assert "statutory returns for the example area, 01/04/2022 to 31/03/2024, seed 3" in said
    assert f"{out / 'ssda903' / '*' / '*.csv'} {out / 'cin_census' / '*.xml'}`" in said


def test_each_return_imports_from_the_command_line(written, tmp_path):
    out, _ = written
    data = tmp_path / "partnership"
    trustboard("catalogue", str(EXAMPLE), data_dir=data)
    tables = sorted(str(p) for p in (out / "ssda903" / "2022-23").iterdir())
    said = trustboard("import", *tables, data_dir=data).stdout
    assert "Loaded the SSDA903 return 2022/23 from " in said and "episodes of care" in said
    census = str(out / "cin_census" / "cin_census_2023-24.xml")
    said = trustboard("import", census, data_dir=data).stdout
    assert "Loaded the CIN census 2023/24 from cin_census_2023-24.xml" in said


def test_statutory_returns_are_one_councils_and_for_years_that_have_ended(tmp_path):
    refused = trustboard(
        "synth", "--format", "statutory", "--areas", "2", "--out", str(tmp_path / "a"),
        data_dir=tmp_path, check=False,
    )  # fmt: skip
    assert refused.returncode == 2
    assert "--format statutory writes one council's returns" in refused.stdout
    unfinished = trustboard(
        "synth", "--format", "statutory", "--years", "1", "--end", "2038-06-30",
        "--out", str(tmp_path / "b"), data_dir=tmp_path, check=False,
    )  # fmt: skip
    assert unfinished.returncode == 2
    assert "Nothing written: returns are made once their year has ended" in unfinished.stdout
    assert not (tmp_path / "b").exists() or not any((tmp_path / "b").iterdir())


def test_everything_written_imports_in_one_command_then_computes(written, tmp_path):
    """The command the summary gives: each folder's SSDA903 tables are one return, each census
    another; then the measures give the care and plan indicators their figures."""
    out, _ = written
    data = tmp_path / "partnership"
    trustboard("catalogue", str(EXAMPLE), data_dir=data)
    files = [
        *sorted(str(p) for p in out.glob("*.csv")),
        *sorted(str(p) for p in out.glob("ssda903/*/*.csv")),
        *sorted(str(p) for p in out.glob("cin_census/*.xml")),
    ]
    said = trustboard("import", *files, data_dir=data).stdout.splitlines()

    assert sum(line.startswith("Loaded the SSDA903 return ") for line in said) == 2
    assert sum(line.startswith("Loaded the CIN census ") for line in said) == 4
    computed = trustboard("compute", data_dir=data).stdout
    assert "Indicator figures:" in computed
    assessed = trustboard("assess", "1.1", "--period", "Mar 2024", data_dir=data).stdout
    assert "Mar 2024" in assessed
