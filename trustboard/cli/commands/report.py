"""``report``: the board report for a period, written from its frozen snapshot.

A report is written from a snapshot so that the board paper, the published version and any
later copy show the same figures, however the data moves on; only ``--refresh`` (or the first
run for a period) freezes today's figures.
"""

from __future__ import annotations

import argparse
import time

from trustboard.cli.folder import open_data_folder
from trustboard.cli.output import say

FORMATS = ("html", "pdf", "docx")


def report(args: argparse.Namespace) -> int:
    open_data_folder(args.data_dir)
    from trustboard.web.reports import services as reports

    period = args.period
    snapshot = None if args.refresh else reports.latest_snapshot(period.label)
    if snapshot is None:
        try:
            snapshot = reports.freeze_report(period=period, actor=None)
        except reports.WorkflowError as refused:
            say(str(refused))
            return 2
        say(f"Froze the {period.label} report from today's figures ({snapshot}).")
    else:
        say(
            f"Using the {period.label} report frozen on "
            f"{snapshot.created_at:%d/%m/%Y %H:%M} (--refresh to freeze it again)."
        )
    args.out.mkdir(parents=True, exist_ok=True)
    version = "public" if args.public else "board"
    for fmt in args.format or FORMATS:
        started = time.perf_counter()
        data = reports.rendered(snapshot, version, fmt)
        path = args.out / f"board-report-{reports.period_slug(period.label)}-{version}.{fmt}"
        path.write_bytes(data)
        say(f"Wrote {path} ({len(data):,} bytes, {time.perf_counter() - started:.1f} s)")
    return 0
