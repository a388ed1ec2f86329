"""``user``: add a user or reset a password, with roles and an agency, from a terminal.

The password comes from ``$TRUSTBOARD_PASSWORD`` or a prompt, never an argument, so it does not
land in shell history or the process list. Everything is checked (agency, password strength)
before anything is saved, so a refusal changes nothing.
"""

from __future__ import annotations

import argparse
import getpass
import os

from trustboard.cli.folder import open_data_folder
from trustboard.cli.output import say

PASSWORD_VARIABLE = "TRUSTBOARD_PASSWORD"


def user(args: argparse.Namespace) -> int:
    open_data_folder(args.data_dir)
    from trustboard.web.accounts.roles import Role
    from trustboard.web.accounts.services import AccountProblem, active_agency, save_user

    try:
        if args.agency:
            active_agency(args.agency)
        password = os.environ.get(PASSWORD_VARIABLE) or getpass.getpass("Password: ")
        _, agency = save_user(
            username=args.username,
            password=password,
            roles={Role(role) for role in args.role},
            agency_code=args.agency,
        )
    except AccountProblem as problem:
        say(str(problem))
        return 2
    where = f" at {agency.name}" if agency is not None else ""
    say(f"User {args.username}{where} now has the role(s): {', '.join(sorted(args.role))}.")
    return 0
