"""``trustboard user`` refuses a weak password and changes nothing; a long one is accepted."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def user_command(
    data_dir: Path, username: str, password: str, role: str = "analyst"
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TRUSTBOARD_DATA_DIR"}}
    env["TRUSTBOARD_PASSWORD"] = password
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "trustboard.cli",
            "user",
            username,
            "--role",
            role,
            "--data-dir",
            str(data_dir),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cli-passwords") / "partnership"


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short-pass1", "at least 12 characters"),
        ("password1234", "too common"),
        ("384729105638", "entirely numeric"),
    ],
)
def test_a_weak_password_is_refused_and_nothing_changes(data, password, reason):
    result = user_command(data, "an.analyst", password)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Password refused, nothing changed" in result.stdout
    assert reason in result.stdout
    with sqlite3.connect(data / "app.sqlite3") as db:
        assert db.execute("select count(*) from auth_user").fetchone() == (0,)


def test_a_long_uncommon_password_is_accepted(data):
    made = user_command(data, "an.analyst", "tidy-kettle-orbit")
    assert made.returncode == 0, made.stdout + made.stderr
    assert "User an.analyst now has the role(s): analyst." in made.stdout
