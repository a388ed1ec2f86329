"""``send_return_reminders``: email the agencies that still owe their early help return.

Meant to run once a day (cron, or ``trustboard remind``). Re-running it the same day sends
nothing twice. Prints who was reminded and who could not be (no email address), so an analyst
can chase those by other means.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from trustboard.web.returns.reminders import DAYS_BEFORE, send_reminders


def _days(text: str) -> tuple[int, ...]:
    try:
        days = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise CommandError(f"--days {text!r}: expected whole numbers like 7,1") from None
    if any(d < 0 for d in days):
        raise CommandError("--days: days before the due date are 0 or more")
    return days


class Command(BaseCommand):
    help = (
        "Email reminders to contributors whose agency has not submitted its early help return: "
        "7 and 1 days before the due date, and each day it is late (at most once a day)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="Remind as if today were this date (YYYY-MM-DD); default today.",
        )
        parser.add_argument(
            "--days",
            default=",".join(str(d) for d in DAYS_BEFORE),
            help="Days before the due date to remind on, comma-separated (default 7,1).",
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address, to make the link in each email absolute.",
        )

    def handle(self, *args, **options) -> None:
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"--date {options['date']!r}: expected YYYY-MM-DD") from None
        else:
            today = timezone.localdate()
        report = send_reminders(
            today, days_before=_days(options["days"]), base_url=options["base_url"]
        )
        for r in report.sent:
            self.stdout.write(
                f"Reminded {r.username} <{r.email}> ({r.agency}): {r.period} return {r.when}"
            )
        for r in report.already_sent:
            self.stdout.write(f"Already reminded today: {r.username} ({r.agency}), {r.period}")
        for n in report.not_reminded:
            self.stdout.write(f"Not reminded: {n.username} ({n.agency}), {n.period}: {n.reason}")
        self.stdout.write(
            f"{len(report.sent)} reminder{'s' if len(report.sent) != 1 else ''} sent on "
            f"{today:%d/%m/%Y}; {len(report.not_reminded)} not reminded."
        )
