"""``synth`` and ``compute``: record-level extracts, made up or imported, and the measures
computed from them by the measures app."""

from __future__ import annotations

import argparse
import time
from datetime import date, timedelta

from trustboard.cli.folder import open_data_folder
from trustboard.cli.output import say, say_problems


def compute(args: argparse.Namespace) -> int:
    open_data_folder(args.data_dir)
    from trustboard.measures.definitions import DefinitionError, Measure
    from trustboard.measures.engines import SparkUnavailable
    from trustboard.web.measures import services as measures

    def progress(measure: Measure, figures: int, seconds: float) -> None:
        say(f"  {measure.id:<40} {figures:>7,} figures  {seconds:6.2f} s")

    say(f"Computing measures on {args.engine} ...")
    started = time.perf_counter()
    try:
        result = measures.compute_measures(
            engine=args.engine,
            measures_file=args.measures,
            only=args.measure,
            until=args.until,
            progress=progress,
            master=args.master,
        )
    except DefinitionError as error:
        say_problems(f"The measures were not run: {len(error.problems)} problem(s)", error.problems)
        return 2
    except (measures.MeasureProblem, SparkUnavailable) as error:
        say(str(error))
        return 2
    say(result.summary() + f" ({time.perf_counter() - started:.1f} s)")
    return 0


def synth(args: argparse.Namespace) -> int:
    """Needs no data folder: the extracts are files, imported later like a council's own."""
    from trustboard.synth import records

    end = args.end
    start = records.SynthOptions().start if args.years is None else years_before(end, args.years)
    options = records.SynthOptions(areas=args.areas, start=start, end=end, seed=args.seed)
    started = time.perf_counter()
    try:
        tables = records.generate(options)
    except ValueError as error:
        say(f"Nothing written: {error}")
        return 2
    written = records.write(tables, args.out, args.format)
    for path in written:
        rows = len(next(iter(tables[path.stem].values())))
        say(f"  {path}  {rows:,} records")
    say(
        f"Synthetic extracts for {args.areas} area(s), {start:%d/%m/%Y} to {end:%d/%m/%Y}, "
        f"seed {args.seed}: written in {time.perf_counter() - started:.1f} s. Import them with "
        f"`trustboard import {args.out / '*'}`."
    )
    return 0


def years_before(end: date, years: int) -> date:
    """The first day of ``years`` whole years ending on ``end``: the day after the same date
    that many years before (1 April 2022 for two years to 31 March 2024). A start that would
    fall on 29 February moves to 1 March, which every year has."""
    after = end + timedelta(days=1)
    if (after.month, after.day) == (2, 29):
        after += timedelta(days=1)
    return after.replace(year=after.year - years)
