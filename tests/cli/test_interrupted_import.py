"""An extract import cut off between its two stores is found and completed on the next run.

The analytic store and the app database cannot share a transaction. The process is killed
(SIGKILL: nothing runs after it) right after the records are committed to the analytic store and
before the app database records the import; the next command finds the import, completes its
record with an audit event, and the figures come out as if nothing had happened.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from test_commands import trustboard  # the same helper, beside this file

EXAMPLE = Path(__file__).parents[2] / "trustboard" / "examples" / "oxfordshire" / "framework.yaml"
RECORDS = Path(__file__).parents[1] / "fixtures" / "records"

KILL_BETWEEN_THE_STORES = """
import os, signal, sys
from trustboard.cli.folder import open_data_folder
open_data_folder(sys.argv[1])
from django.db.models import QuerySet
from trustboard.web.framework.models import ImportBatch
real = QuerySet.get_or_create
def killed(self, *args, **kwargs):
    if self.model is ImportBatch:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(self, *args, **kwargs)
QuerySet.get_or_create = killed
from trustboard import cli
cli.main(["import", sys.argv[2], "--data-dir", sys.argv[1]])
"""


def _app(data: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(data / "app.sqlite3") as db:
        return db.execute(sql).fetchall()


def test_a_killed_import_is_completed_by_the_next_command(tmp_path):
    data = tmp_path / "partnership"
    trustboard("catalogue", str(EXAMPLE), data_dir=data)
    extract = RECORDS / "early_help_assessments.csv"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TRUSTBOARD_DATA_DIR"}}

    killed = subprocess.run(
        [sys.executable, "-c", KILL_BETWEEN_THE_STORES, str(data), str(extract)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL
    # The records are in the analytic store; the app database does not know of them.
    assert _app(
        data, "select count(*) from performance_importbatch where kind like 'records:%'"
    ) == [(0,)]

    again = trustboard("import", str(extract), data_dir=data).stdout
    assert "was already imported" in again
    assert (
        "Completed the record of 1 earlier import(s) that had been interrupted after their "
        "records were stored: early_help_assessments.csv." in again
    )
    assert _app(
        data, "select file_name, rows from performance_importbatch where kind like 'records:%'"
    ) == [("early_help_assessments.csv", 3)]
    assert _app(
        data,
        "select action, summary from performance_auditevent "
        "where action = 'records.import_completed'",
    ) == [
        (
            "records.import_completed",
            "Completed the record of an interrupted import of early_help_assessments.csv: 3 "
            "early help assessments records",
        )
    ]

    # Once completed, nothing more is done: a third run and a compute change nothing further.
    third = trustboard("import", str(extract), data_dir=data).stdout
    assert "Completed the record" not in third
    trustboard("compute", "--measure", "eha_started", data_dir=data)
    assert _app(
        data, "select count(*) from performance_auditevent where action like 'records.import%'"
    ) == [(1,)]


def test_compute_completes_an_interrupted_import_too(tmp_path):
    data = tmp_path / "partnership"
    trustboard("catalogue", str(EXAMPLE), data_dir=data)
    extract = RECORDS / "early_help_assessments.csv"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TRUSTBOARD_DATA_DIR"}}
    subprocess.run(
        [sys.executable, "-c", KILL_BETWEEN_THE_STORES, str(data), str(extract)],
        capture_output=True,
        env=env,
        timeout=300,
    )

    trustboard("compute", "--measure", "eha_started", data_dir=data)
    assert _app(
        data, "select action from performance_auditevent where action like 'records.import%'"
    ) == [("records.import_completed",)]
