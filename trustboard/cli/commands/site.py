"""``demo`` and ``serve``: the dashboard on this machine, with or without the example built
first. The demo's content and its building live in :mod:`trustboard.examples`; this module
only starts it, prints what it made and serves."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from typing import TYPE_CHECKING

from trustboard.cli.folder import open_data_folder
from trustboard.cli.output import say

if TYPE_CHECKING:
    from trustboard.examples.oxfordshire import Login

HOST = "127.0.0.1"
"""Served on this machine only: a board's data goes behind a proper web server."""
THREADS = 8


def demo(args: argparse.Namespace) -> int:
    folder = open_data_folder(args.data_dir)
    from trustboard.examples import demo as example

    try:
        built = example.build(folder, force=args.force, progress=say)
    except example.DemoRefused as refused:
        say(str(refused))
        return 2
    say(f"Data folder: {built.folder} (built in {built.seconds:.1f} s)")
    _print_logins(built.logins, args.port)
    if not args.no_serve:
        _serve(args.port)
    return 0


def serve(args: argparse.Namespace) -> int:
    open_data_folder(args.data_dir)
    _serve(args.port)
    return 0


def _print_logins(logins: Iterable[Login], port: int) -> None:
    say()
    say(f"Dashboard: http://{HOST}:{port}/")
    say("Demo logins (synthetic data only):")
    for login in logins:
        say(f"  {login.description:45} username {login.username:8} password {login.password}")


def _serve(port: int) -> None:
    import waitress

    from trustboard.web.wsgi import application

    say(f"Serving on http://{HOST}:{port}/ (Ctrl+C to stop)")
    waitress.serve(application, host=HOST, port=port, threads=THREADS, _quiet=True)
