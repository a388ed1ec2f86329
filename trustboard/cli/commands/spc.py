"""``spc``: an XmR chart of one series in a file, with no data folder and no Django, so an
analyst can check any spreadsheet's series before (or without) loading it."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from trustboard.cli.output import say, say_problems, spc_figure, written

if TYPE_CHECKING:
    from trustboard.core.spc import SpcResult


def spc(args: argparse.Namespace) -> int:
    from trustboard.core import spc as xmr
    from trustboard.ingest.observations import ImportError_
    from trustboard.ingest.series_file import read_series

    path = args.file
    try:
        series = read_series(path.name, path.read_bytes())
    except ImportError_ as error:
        say_problems(f"{path.name}: not analysed; {len(error.errors)} problem(s):", error.errors)
        return 2
    # The file's periods are canonical labels; --rebase is compared with them the same way.
    rebase = [period.label for period in args.rebase]
    try:
        result = xmr.analyse(series, args.improvement, args.target, rebase)
    except xmr.SpcError as error:
        say(f"{path.name}: not analysed: {error}")
        return 2
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
        return 0
    first, last = (series[0][0], series[-1][0]) if series else ("", "")
    say(f"SPC (XmR chart) of {path.name}: {len(series)} periods, {first} to {last}")
    _print_result(result)
    return 0


def _print_result(result: SpcResult) -> None:
    say(f"  Improvement: {result.improvement.value}")
    if len(result.segments) > 1:
        spans = "; ".join(f"{a} to {b}" for a, b in result.segments)
        say(f"  Segments:    {spans} (mean and limits are the latest segment's)")
    say(f"  Mean:        {spc_figure(result.mean)}")
    say(
        f"  Limits:      {spc_figure(result.lower_limit)} to {spc_figure(result.upper_limit)} "
        f"(mean +/- 2.66 x mean moving range {spc_figure(result.mean_moving_range)})"
    )
    if not result.judged:
        say(f"  Not judged:  {result.reason}")
        return
    say(f"  Variation:   {result.variation_text}")
    target = f" (target {written(result.target)})" if result.target is not None else ""
    say(f"  Assurance:   {result.assurance_text}{target}")
    say(f"  Based on:    {result.reason}")
    _print_special_causes(result)


def _print_special_causes(result: SpcResult) -> None:
    from trustboard.core.spc import RULE_TEXT

    special = result.special_cause_points
    if not special:
        say("  Special cause points: none")
        return
    say(f"  Special cause points ({len(special)}):")
    for point in special:
        rules = ", ".join(rule.replace("_", " ") for rule in point.rules)
        say(f"    {point.period}: {spc_figure(point.value)}, {point.classification} ({rules})")
    say("  Rules:")
    for rule in RULE_TEXT:
        if any(rule in p.rules for p in special):
            say(f"    {rule.replace('_', ' ')}: {RULE_TEXT[rule]}")
