"""``remind``: the daily email to contributors whose early help return is due or late.

It runs the ``send_return_reminders`` management command, which cron can also run, so that
both print the same lines; the options are checked here first and handed on as that command
reads them.
"""

from __future__ import annotations

import argparse

from trustboard.cli.folder import open_data_folder
from trustboard.cli.output import say


def remind(args: argparse.Namespace) -> int:
    open_data_folder(args.data_dir)
    from django.core.management import call_command
    from django.core.management.base import CommandError

    options = {"base_url": args.base_url}
    if args.days is not None:  # else the command's own default, the reminders' DAYS_BEFORE
        options["days"] = ",".join(str(day) for day in args.days)
    if args.date is not None:
        options["date"] = args.date.isoformat()
    try:
        call_command("send_return_reminders", **options)
    except CommandError as error:
        say(str(error))
        return 2
    return 0
