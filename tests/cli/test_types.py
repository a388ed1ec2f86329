"""The argument types: each reads a good value and refuses a bad one saying what was expected."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import pytest

from trustboard.cli import types
from trustboard.core import periods


def refusal(read, text: str) -> str:
    with pytest.raises(argparse.ArgumentTypeError) as error:
        read(text)
    return str(error.value)


def test_a_date_is_written_year_first():
    assert types.iso_date("2024-03-31") == date(2024, 3, 31)
    assert refusal(types.iso_date, "31/03/2024") == "'31/03/2024': expected a date YYYY-MM-DD"
    assert "expected a date" in refusal(types.iso_date, "2024-02-30")


def test_a_period_is_read_by_the_one_period_parser():
    assert types.period("Q3 2022/23") == periods.parse("Q3 2022/23")
    assert types.period("2023-04").label == "Apr 2023"
    message = refusal(types.period, "Smarch")
    assert message.startswith("'Smarch' is not a period: expected a period such as")


def test_a_file_must_be_there_and_be_a_file(tmp_path):
    there = tmp_path / "figures.csv"
    there.write_text("x\n")
    assert types.existing_file(str(there)) == there
    assert refusal(types.existing_file, str(tmp_path / "nope.csv")).endswith(
        "nope.csv: no such file"
    )
    assert refusal(types.existing_file, str(tmp_path)).endswith(": is a folder, not a file")


def test_a_folder_may_be_new_but_not_a_file(tmp_path):
    assert types.folder(str(tmp_path / "new")) == tmp_path / "new"
    assert not (tmp_path / "new").exists()  # checking makes nothing
    assert types.folder(str(tmp_path)) == tmp_path
    file = tmp_path / "data"
    file.write_text("")
    assert refusal(types.folder, str(file)).endswith("data: is a file, not a folder")
    assert refusal(types.folder, " ") == "expected a folder name"


@pytest.mark.parametrize("text", ["0", "65536", "-1", "http", "80.5"])
def test_a_port_is_a_number_from_1_to_65535(text):
    assert refusal(types.port, text) == f"{text!r}: expected a port number from 1 to 65535"


def test_a_port_in_range_is_read():
    assert types.port("8000") == 8000
    assert types.port("65535") == 65535


def test_counts_and_days_are_whole_numbers_with_a_least_value():
    assert types.at_least_one("3") == 3
    assert refusal(types.at_least_one, "0") == "'0': expected a whole number, 1 or more"
    assert types.not_negative("0") == 0
    assert refusal(types.not_negative, "-2") == "'-2': expected a whole number, 0 or more"
    assert refusal(types.not_negative, "one") == "'one': expected a whole number, 0 or more"


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "twenty"])
def test_a_number_is_finite(text):
    assert refusal(types.number, text) == f"{text!r}: expected a number"


def test_a_number_reads_decimals_and_negatives():
    assert types.number("20") == 20.0
    assert types.number("-1.5") == -1.5


def test_a_comma_list_reads_each_item_and_names_the_whole_list_when_one_is_bad():
    days = types.comma_list(types.not_negative)
    assert days("7,1") == (7, 1)
    assert days(" 14, 7 ,1, ") == (14, 7, 1)
    assert days("0") == (0,)
    assert refusal(days, "7,x") == "'7,x': 'x': expected a whole number, 0 or more"
    assert refusal(days, ",") == "',': expected a comma-separated list"


def test_a_filter_is_column_equals_value():
    assert types.column_value("population_count = Children looked after") == (
        "population_count",
        "Children looked after",
    )
    assert types.column_value("a=b=c") == ("a", "b=c")
    assert types.column_value("a=") == ("a", "")
    assert refusal(types.column_value, "population_count") == (
        "'population_count': expected COLUMN=VALUE"
    )
    assert refusal(types.column_value, "=x") == "'=x': expected COLUMN=VALUE"


def test_an_engine_is_one_the_measures_can_run_on():
    from trustboard.measures.engines import ENGINES

    assert types.ENGINE_NAMES == ENGINES
    assert types.engine("DuckDB") == "duckdb"
    assert refusal(types.engine, "pandas") == "'pandas': expected an engine, one of duckdb, spark"


def test_paths_come_back_as_paths(tmp_path):
    assert isinstance(types.folder("out"), Path)
