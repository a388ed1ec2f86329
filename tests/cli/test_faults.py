"""Faults a person can meet are messages, never tracebacks, and change nothing."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from test_commands import FIXTURES, trustboard  # the same helper, beside this file


def _run(*args: str, env_changes: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TRUSTBOARD_DATA_DIR"}}
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "-m", "trustboard.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_a_switch_set_to_a_word_it_does_not_know_is_named(tmp_path):
    done = _run(
        "assess",
        "1.1",
        env_changes={"TRUSTBOARD_DATA_DIR": str(tmp_path), "TRUSTBOARD_DEBUG": "maybe"},
    )
    assert done.returncode == 2
    assert "TRUSTBOARD_DEBUG='maybe' is not a yes/no setting" in done.stdout
    assert "Traceback" not in done.stderr


def test_a_data_folder_that_cannot_be_made_is_a_message(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    done = _run("assess", "1.1", env_changes={"TRUSTBOARD_DATA_DIR": str(blocker / "data")})
    assert done.returncode == 2
    assert f"Cannot use {blocker / 'data'} as the data folder" in done.stdout
    assert "Traceback" not in done.stderr


def test_a_busy_database_is_a_message_and_changes_nothing(tmp_path):
    data = tmp_path / "partnership"
    trustboard("catalogue", str(FIXTURES / "framework.yaml"), data_dir=data)
    holder = sqlite3.connect(data / "app.sqlite3", isolation_level=None)
    holder.execute("begin exclusive")
    try:
        done = trustboard("import", str(FIXTURES / "observations.csv"), data_dir=data, check=False)
    finally:
        holder.execute("rollback")
        holder.close()
    assert done.returncode == 2
    assert "The app database cannot be opened or brought up to date" in done.stdout
    assert "Traceback" not in done.stderr
    with sqlite3.connect(data / "app.sqlite3") as db:
        assert db.execute("select count(*) from performance_observation").fetchone() == (0,)
    again = trustboard("import", str(FIXTURES / "observations.csv"), data_dir=data)
    assert "Imported observations.csv" in again.stdout


def test_the_data_folder_helper_is_used_by_every_command():
    """Every command that opens a data folder does it through one function, so every one of
    them turns these faults into messages."""
    commands = Path(__file__).parents[2] / "trustboard" / "cli" / "commands"
    for module in commands.glob("*.py"):
        text = module.read_text()
        assert "django.setup()" not in text, module.name


def test_a_database_failing_mid_command_is_a_message(monkeypatch, capsys):
    """Whatever command was running, a database error reaches the person as a sentence."""
    import argparse

    from django.db import OperationalError

    from trustboard import cli

    def run(args):
        raise OperationalError("database is locked")

    monkeypatch.setattr(cli, "parse_args", lambda argv: argparse.Namespace(run=run))
    assert cli.main(["import", "x.csv"]) == 2
    shown = capsys.readouterr().out
    assert "the app database failed (database is locked); nothing was changed" in shown
