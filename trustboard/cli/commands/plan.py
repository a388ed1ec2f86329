"""``plan``: the CYPP action plan from a progress spreadsheet, through the plan app's importer."""

from __future__ import annotations

import argparse

from trustboard.cli.folder import open_data_folder
from trustboard.cli.output import say, say_problems


def plan(args: argparse.Namespace) -> int:
    open_data_folder(args.data_dir)
    from trustboard.ingest.observations import ImportError_
    from trustboard.web.plan.importer import import_plan

    path = args.file
    try:
        result = import_plan(path.name, path.read_bytes(), today=args.as_at)
    except ImportError_ as error:
        say_problems(
            f"{path.name}: nothing imported; {len(error.errors)} problem(s):", error.errors
        )
        return 2
    say(result.summary())
    return 0
