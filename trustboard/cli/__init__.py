"""The ``trustboard`` command: demo, catalogue, import, assess, report, compute and the rest.

Every command works on one partnership's data folder (``--data-dir``, else the environment
variable ``TRUSTBOARD_DATA_DIR``, else ``./trustboard-data``), so several partnerships can live
side by side. The command line parses (:mod:`.parser`, with the types of :mod:`.types`) and
prints; each command in :mod:`.commands` calls the services that do the work.
"""

from __future__ import annotations

from trustboard.cli.parser import build_parser, parse_args

__all__ = ["build_parser", "main"]


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit status is 0 when it did what was asked, 2 when it refused."""
    args = parse_args(argv)
    return args.run(args)
