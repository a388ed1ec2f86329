"""The ``trustboard`` command: demo, catalogue, import, assess, report, compute and the rest.

Every command works on one partnership's data folder (``--data-dir``, else the environment
variable ``TRUSTBOARD_DATA_DIR``, else ``./trustboard-data``), so several partnerships can live
side by side. The command line parses (:mod:`.parser`, with the types of :mod:`.types`) and
prints; each command in :mod:`.commands` calls the services that do the work.
"""

from __future__ import annotations

import sys

from trustboard.cli.folder import FolderProblem
from trustboard.cli.output import say
from trustboard.cli.parser import build_parser, parse_args

__all__ = ["build_parser", "main"]


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit status is 0 when it did what was asked, 2 when it refused."""
    args = parse_args(argv)
    try:
        return args.run(args)
    except FolderProblem as problem:
        say(f"trustboard: {problem}")
        return 2
    except Exception as error:
        if not _is_database_error(error):
            raise
        # Every write is one transaction, so a database that fails part-way has kept nothing.
        say(
            f"trustboard: the app database failed ({error}); nothing was changed. If another "
            "trustboard command is running on this folder, try again when it has finished."
        )
        return 2


def _is_database_error(error: Exception) -> bool:
    """Whether Django's database failed. Asked without importing Django, which commands such as
    ``spc`` never load (and a database error cannot come from a command that did not)."""
    db = sys.modules.get("django.db")
    return db is not None and isinstance(error, db.DatabaseError)
