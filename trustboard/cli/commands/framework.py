"""``catalogue``, ``import`` and ``assess``: the framework, its figures, and one indicator's
assessment, through the framework app's services and queries.

Django and the apps are imported inside each command, after the data folder is open, because
settings read the folder when Django starts.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from trustboard.cli.folder import open_data_folder
from trustboard.cli.output import say, say_problems

if TYPE_CHECKING:
    from trustboard.core.assessment import Assessment
    from trustboard.web.framework.models import Indicator
    from trustboard.web.framework.queries import Analysis


def catalogue(args: argparse.Namespace) -> int:
    """Check the file before opening the data folder, so a bad file leaves no folder behind;
    the database may still refuse it (a period basis cannot change under loaded figures)."""
    from trustboard.core.catalogue import CatalogueError, load_framework

    try:
        framework = load_framework(args.file)
        open_data_folder(args.data_dir)
        from trustboard.web.framework import services

        result = services.load_catalogue(framework=framework)
    except CatalogueError as error:
        say_problems(
            f"The framework was not loaded: {len(error.problems)} problem(s)", error.problems
        )
        return 2
    say(
        f"Loaded {len(framework.indicators)} indicators from {args.file}: "
        f"{len(result.created)} new, {len(result.updated)} changed, "
        f"{len(result.retired)} retired."
    )
    return 0


def import_files(args: argparse.Namespace) -> int:
    """Each file is imported whole or not at all, and the tables of one statutory return
    together; one refused import does not stop the rest."""
    open_data_folder(args.data_dir)
    from trustboard.ingest.observations import ImportError_
    from trustboard.web.framework import imports
    from trustboard.web.framework.services import PublishedMapping

    mapping = None
    if args.indicator:
        mapping = PublishedMapping(args.indicator, args.measure, tuple(args.filter or ()))
    status = 0
    outcomes = imports.import_files(
        [(str(path), path.read_bytes()) for path in args.files],
        source=args.source,
        replace=args.replace,
        mapping=mapping,
    )
    for label, outcome in outcomes:
        if isinstance(outcome, ImportError_):
            say_problems(
                f"{label}: nothing imported; {len(outcome.errors)} problem(s):", outcome.errors
            )
            status = 2
            continue
        say(outcome.summary())
    return status


def assess(args: argparse.Namespace) -> int:
    open_data_folder(args.data_dir)
    from trustboard.web.framework import queries
    from trustboard.web.framework.models import Indicator

    indicator = Indicator.objects.filter(code=args.code).first()
    if indicator is None:
        codes = ", ".join(Indicator.objects.values_list("code", flat=True)[:60])
        say(f"No indicator {args.code!r}. Known codes: {codes or 'none (load a framework)'}")
        return 2
    as_at = args.period or queries.default_as_at()
    if as_at is None:
        say(f"Indicator {args.code} has no figures yet, and no reporting period is set.")
        return 1
    analysis = queries.analyse(indicator, as_at)
    if args.json:
        data = analysis.to_dict() | {"title": indicator.title, "unit": indicator.unit}
        print(json.dumps(data, indent=2, allow_nan=False, default=str))
    else:
        _print_analysis(indicator, analysis)
    return 0


def _print_analysis(indicator: Indicator, analysis: Analysis) -> None:
    """The assessment as the dashboard's indicator page reads, one labelled line each."""
    from trustboard.core.assessment import RAG_NAMES
    from trustboard.core.formatting import figure

    a = analysis.assessment
    unit = indicator.unit
    latest = f"{figure(a.value, unit)} ({a.period})" if a.period else "no data"
    target = f"{figure(a.target, unit)} ({a.target_period})" if a.target is not None else "none"
    direction = f"{a.direction}, {a.direction_meaning}" if a.direction else "not judged"
    say(f"{indicator.code} {indicator.title}")
    say(f"  As at:      {a.as_at}")
    say(f"  Latest:     {latest}")
    say(f"  Target:     {target}")
    say(f"  RAG:        {RAG_NAMES[a.rag]} ({a.rag_reason})")
    say(f"  Direction:  {direction}")
    _print_comparisons(a, unit)
    spc = analysis.spc
    if spc.judged:
        say(
            f"  SPC:        mean {figure(spc.mean, unit)}, limits {figure(spc.lower_limit, unit)}"
            f" to {figure(spc.upper_limit, unit)}; {spc.variation_text}; {spc.assurance_text}"
        )
    else:
        say(f"  SPC:        not judged ({spc.reason})")
    if analysis.projection is not None:
        say(f"  Projection: {analysis.projection.sentence}")
    if analysis.benchmarks and analysis.benchmarks[0].sentence:
        say(f"  Benchmarks: {analysis.benchmarks[0].sentence}")


def _print_comparisons(assessment: Assessment, unit: str) -> None:
    from trustboard.core.formatting import change, figure, percent

    for c in assessment.comparisons:
        if c.available:
            say(
                f"  {c.label}: {figure(c.current, unit)} ({c.current_label}) against "
                f"{figure(c.comparator, unit)} ({c.comparator_label}): "
                f"{change(c.change, unit)}, {percent(c.percent_change)}"
            )
        else:
            say(f"  {c.label}: not available ({c.reason})")
