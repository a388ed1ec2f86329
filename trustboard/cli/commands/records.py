"""``synth`` and ``compute``: record-level extracts, made up or imported, and the measures
computed from them by the measures app."""

from __future__ import annotations

import argparse
import time
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trustboard.cli.folder import open_data_folder
from trustboard.cli.output import say, say_problems

STATUTORY = "statutory"
"""The synth format that writes the plans and care episodes as statutory returns."""
STATUTORY_EXTRACTS = ("early_help_assessments", "mash_contacts")
"""What ``synth --format statutory`` still writes as extracts: no return holds them."""
RETURN_KINDS = ("ssda903", "cin_census")

if TYPE_CHECKING:
    from trustboard.synth.records import SynthOptions

Tables = Mapping[str, Mapping[str, Any]]
"""Source name -> column name -> array, as the generator makes them."""


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
    if args.format == STATUTORY:
        return _synth_returns(tables, options, args, started)
    _say_written(tables, records.write(tables, args.out, args.format))
    say(
        f"Synthetic extracts for {args.areas} area(s), {start:%d/%m/%Y} to {end:%d/%m/%Y}, "
        f"seed {args.seed}: written in {time.perf_counter() - started:.1f} s. Import them with "
        f"`trustboard import {args.out / '*'}`."
    )
    return 0


def _synth_returns(
    tables: Tables, options: SynthOptions, args: argparse.Namespace, started: float
) -> int:
    """The early help and MASH extracts, and the plans and care as each year's statutory returns:
    the path a council takes, since it has those returns to hand rather than extracts."""
    from trustboard.synth import records, statutory

    try:
        returns = statutory.write_returns(tables, options, args.out)
    except ValueError as error:
        say(f"Nothing written: {error}")
        return 2
    extracts = {name: tables[name] for name in STATUTORY_EXTRACTS}
    _say_written(extracts, records.write(extracts, args.out, "csv"))
    for written in returns:
        say(f"  {written.summary()}")
    first_903, first_census = (next(r for r in returns if r.kind == k) for k in RETURN_KINDS)
    say(
        f"Synthetic extracts and statutory returns for the example area, "
        f"{options.start:%d/%m/%Y} to {options.end:%d/%m/%Y}, seed {args.seed}: written in "
        f"{time.perf_counter() - started:.1f} s. Import them with `trustboard import "
        f"{args.out / '*.csv'} {first_903.files[0].parent.parent / '*' / '*.csv'} "
        f"{first_census.files[0].parent / '*.xml'}`: each folder's SSDA903 tables are one "
        "return, each census another, in the order given (oldest year first)."
    )
    return 0


def _say_written(tables: Tables, written: list[Path]) -> None:
    for path in written:
        rows = len(next(iter(tables[path.stem].values())))
        say(f"  {path}  {rows:,} records")


def years_before(end: date, years: int) -> date:
    """The first day of ``years`` whole years ending on ``end``: the day after the same date
    that many years before (1 April 2022 for two years to 31 March 2024). A start that would
    fall on 29 February moves to 1 March, which every year has."""
    after = end + timedelta(days=1)
    if (after.month, after.day) == (2, 29):
        after += timedelta(days=1)
    return after.replace(year=after.year - years)
