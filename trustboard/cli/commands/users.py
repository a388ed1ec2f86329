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
    from django.contrib.auth.models import User
    from django.contrib.auth.password_validation import ValidationError, validate_password
    from django.db import transaction

    from trustboard.web.accounts.models import Agency
    from trustboard.web.accounts.roles import Role, set_agency, set_roles

    agency = None
    if args.agency:
        agency = Agency.objects.filter(code=args.agency, active=True).first()
        if agency is None:
            known = ", ".join(Agency.objects.filter(active=True).values_list("code", flat=True))
            say(
                f"No agency {args.agency!r}, nothing changed; the framework's agencies are: "
                f"{known or '(none: add agencies to the framework file)'}"
            )
            return 2
    password = os.environ.get(PASSWORD_VARIABLE) or getpass.getpass("Password: ")
    account = User.objects.filter(username=args.username).first() or User(username=args.username)
    try:
        validate_password(password, account)
    except ValidationError as error:
        say("Password refused, nothing changed: " + " ".join(error.messages))
        return 2
    with transaction.atomic():
        account.set_password(password)
        account.save()
        set_roles(account, {Role(role) for role in args.role})
        if agency is not None:
            set_agency(account, agency)
    where = f" at {agency.name}" if agency is not None else ""
    say(f"User {args.username}{where} now has the role(s): {', '.join(sorted(args.role))}.")
    return 0
