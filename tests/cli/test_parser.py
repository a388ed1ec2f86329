"""Parsing: commands get typed values, and a bad argument is refused before any work starts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from trustboard.cli import build_parser, parse_args
from trustboard.core import periods


def refused(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as exit_:
        parse_args(argv)
    assert exit_.value.code == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return out


def test_every_command_has_a_function_to_run():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # the one subparsers action
    assert set(commands) == {
        "demo",
        "catalogue",
        "import",
        "assess",
        "spc",
        "report",
        "compute",
        "synth",
        "plan",
        "remind",
        "serve",
        "user",
    }
    for name, command in commands.items():
        assert callable(command.get_default("run")), name


def test_dates_periods_and_lists_arrive_typed(tmp_path):
    args = parse_args(["report", "--period", "Q3 22/23", "--out", str(tmp_path)])
    assert args.period == periods.parse("Q3 2022/23") and args.out == tmp_path
    args = parse_args(["remind", "--date", "2024-04-23", "--days", "14,7,1"])
    assert (args.date, args.days) == (date(2024, 4, 23), (14, 7, 1))
    assert parse_args(["remind"]).days is None  # the reminders' own default applies
    args = parse_args(["synth", "--years", "2"])
    assert (args.end, args.years, args.out) == (date(2024, 3, 31), 2, Path("synthetic-extracts"))
    assert parse_args(["compute", "--engine", "Spark"]).engine == "spark"


def test_a_bad_period_is_an_error_naming_the_option_on_stdout(capsys):
    out = refused(["assess", "1.1", "--period", "Smarch"], capsys)
    assert "usage: trustboard assess" in out
    assert "trustboard assess: error: argument --period: 'Smarch' is not a period: expected" in out


def test_a_missing_file_is_one_clear_line(tmp_path, capsys):
    out = refused(["plan", str(tmp_path / "plan.xlsx")], capsys)
    assert f"argument FILE: {tmp_path / 'plan.xlsx'}: no such file" in out


def test_one_missing_file_stops_an_import_before_any_file_is_read(tmp_path, capsys):
    there = tmp_path / "a.csv"
    there.write_text("x\n")
    out = refused(["import", str(there), str(tmp_path / "b.csv")], capsys)
    assert "b.csv: no such file" in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["demo", "--port", "99999"], "argument --port: '99999': expected a port number"),
        (["serve", "--port", "web"], "argument --port: 'web': expected a port number"),
        (["compute", "--until", "March"], "argument --until: 'March': expected a date"),
        (["compute", "--engine", "pandas"], "argument --engine: 'pandas': expected an engine"),
        (["synth", "--end", "31/03/2024"], "argument --end: '31/03/2024': expected a date"),
        (["synth", "--areas", "0"], "argument --areas: '0': expected a whole number, 1 or more"),
        (["remind", "--days", "7,one"], "argument --days: '7,one': 'one': expected a whole"),
        (["remind", "--date", "tomorrow"], "argument --date: 'tomorrow': expected a date"),
        (["plan", "--as-at", "2022-05-32", "x"], "argument --as-at: '2022-05-32': expected a date"),
        (["report", "--period", "Q5 2022/23"], "argument --period: 'Q5 2022/23'"),
        (["spc", "x.csv"], "argument FILE: x.csv: no such file"),
        (["spc", "--rebase", "Smarch"], "argument --rebase: 'Smarch' is not a period"),
    ],
)
def test_each_bad_value_is_refused_saying_what_was_expected(argv, expected, capsys):
    assert expected in refused(argv, capsys)


def test_a_published_mapping_needs_its_indicator_and_measure(tmp_path, capsys):
    file = tmp_path / "cla.csv"
    file.write_text("x\n")
    for partial in (["--indicator", "4.16"], ["--measure", "rate"], ["--filter", "a=b"]):
        out = refused(["import", str(file), *partial], capsys)
        assert "--indicator and --measure go together" in out
    out = refused(["import", str(file), "--indicator", "4.16", "--filter", "count"], capsys)
    assert "argument --filter: 'count': expected COLUMN=VALUE" in out
    args = parse_args(
        ["import", str(file), "--indicator", "4.16", "--measure", "rate", "--filter", "a = b"]
    )
    assert args.filter == [("a", "b")]


def test_a_contributor_needs_an_agency(capsys):
    out = refused(["user", "pat", "--role", "contributor"], capsys)
    assert "a contributor acts for one agency: give --agency CODE" in out
    assert parse_args(["user", "pat", "--role", "contributor", "--agency", "health"]).agency


def test_a_file_given_as_the_data_folder_is_refused(tmp_path, capsys):
    file = tmp_path / "data"
    file.write_text("")
    out = refused(["serve", "--data-dir", str(file)], capsys)
    assert "argument --data-dir:" in out and "is a file, not a folder" in out


def test_help_names_every_engine(capsys):
    from trustboard.measures.engines import ENGINES

    with pytest.raises(SystemExit):
        parse_args(["compute", "--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in ENGINES)
