"""An upload is parsed once, however many importers look at it on the way in.

Telling what a file is (a record-level extract, figures, a DfE statistics file) reads only its
headings; the importer that takes it parses it once and checks the table it read. A large file
used to be parsed up to three times before a single row was checked.
"""

from __future__ import annotations

import csv
import io

import duckdb
import openpyxl
import pytest

from tests.conftest import FIXTURES
from trustboard.ingest import reader, records

PARSERS = {"csv": "csv_rows", "xlsx": "xlsx_rows", "parquet": "parquet_table"}
OBSERVATIONS = (FIXTURES / "observations.csv").read_bytes()
EXTRACT = (FIXTURES / "records" / "early_help_assessments.csv").read_bytes()
DFE = (FIXTURES / "dfe" / "cla_number_and_rate_per_10k_children.csv").read_bytes()


@pytest.fixture
def parses(monkeypatch) -> dict[str, int]:
    """How many times a whole file of each format has been parsed."""
    counts = dict.fromkeys(PARSERS, 0)
    for kind, name in PARSERS.items():
        original = getattr(reader, name)

        def counted(*args, _original=original, _kind=kind, **kwargs):
            counts[_kind] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(reader, name, counted)
    return counts


def as_workbook(data: bytes) -> bytes:
    book = openpyxl.Workbook()
    for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def as_parquet(data: bytes, tmp_path) -> bytes:
    source, target = tmp_path / "extract.csv", tmp_path / "extract.parquet"
    source.write_bytes(data)
    connection = duckdb.connect()
    try:
        connection.execute(
            f"copy (select * from read_csv('{source}', all_varchar = true)) "
            f"to '{target}' (format parquet)"
        )
    finally:
        connection.close()
    return target.read_bytes()


def import_file(name: str, data: bytes):
    from trustboard.web.framework import imports

    return imports.import_file(name=name, data=data)


# -- telling what a file is reads its headings only -------------------------------------------
@pytest.mark.parametrize(
    ("name", "data", "extract"),
    [
        ("eha.csv", EXTRACT, True),
        ("eha.xlsx", as_workbook(EXTRACT), True),
        ("observations.csv", OBSERVATIONS, False),
        ("observations.xlsx", as_workbook(OBSERVATIONS), False),
    ],
)
def test_recognising_an_extract_parses_nothing_whole(parses, name, data, extract):
    heading = "Record ID" if extract else "indicator"
    assert records.recognises(name, data) is extract
    assert reader.read_header(name, data)[0] == heading
    assert parses == dict.fromkeys(PARSERS, 0)


def test_a_header_below_row_1_is_refused_as_the_whole_read_refuses_it():
    data = b"\n,,\nindicator,period,value\n1.1,Mar 2023,5\n"
    with pytest.raises(reader.ImportError_) as by_header:
        reader.read_header("f.csv", data)
    with pytest.raises(reader.ImportError_) as by_file:
        reader.read_file("f.csv", data)
    assert str(by_header.value) == str(by_file.value)


# -- each import parses the file once ---------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("observations.csv", OBSERVATIONS, "csv"),
        ("observations.xlsx", as_workbook(OBSERVATIONS), "xlsx"),
    ],
)
def test_a_file_of_observations_is_parsed_once(framework, parses, name, data, kind):
    imported = import_file(name, data)
    assert (imported.kind, imported.result.created) == ("observations", 8)
    assert parses == {**dict.fromkeys(PARSERS, 0), kind: 1}


def test_a_dfe_statistics_file_is_parsed_once(framework, parses):
    imported = import_file("cla.csv", DFE)
    assert imported.result.batch.kind == "dfe"
    assert imported.result.created == 5
    assert parses == {**dict.fromkeys(PARSERS, 0), "csv": 1}


def test_a_record_extract_is_parsed_once(framework, parses):
    imported = import_file("eha.csv", EXTRACT)
    assert (imported.kind, imported.result.rows) == ("records", 3)
    assert parses == {**dict.fromkeys(PARSERS, 0), "csv": 1}


def test_a_record_extract_in_a_workbook_is_parsed_once(framework, parses):
    imported = import_file("eha.xlsx", as_workbook(EXTRACT))
    assert (imported.kind, imported.result.rows) == ("records", 3)
    assert parses == {**dict.fromkeys(PARSERS, 0), "xlsx": 1}


def test_a_parquet_extract_is_parsed_once(framework, parses, tmp_path):
    imported = import_file("eha.parquet", as_parquet(EXTRACT, tmp_path))
    assert (imported.kind, imported.result.rows) == ("records", 3)
    assert parses == {**dict.fromkeys(PARSERS, 0), "parquet": 1}
