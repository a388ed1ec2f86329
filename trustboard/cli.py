"""The ``trustboard`` command: demo, catalogue, import, assess, serve.

Every command works on one partnership's data folder (``--data-dir``, else the environment
variable ``TRUSTBOARD_DATA_DIR``, else ``./trustboard-data``), so several partnerships can live
side by side. Django is set up only after the folder is known, because settings read it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

from trustboard import DEFAULT_DATA_DIR
from trustboard.measures.sources import SOURCES
from trustboard.web.performance.roles import Role

EXAMPLE_DIR = Path(__file__).parent / "examples" / "oxfordshire"
EXAMPLE_FRAMEWORK = EXAMPLE_DIR / "framework.yaml"
EXAMPLE_CALIBRATION = EXAMPLE_DIR / "synthetic.yaml"
EXAMPLE_PUBLISHED = EXAMPLE_DIR / "published"
EXAMPLE_REPORT = EXAMPLE_DIR / "report.yaml"
EXAMPLE_MEASURES = EXAMPLE_DIR / "measures.yaml"
DEMO_FROM_RECORDS = frozenset({"1.4", "1.5", "4.1", "4.2"})
"""Indicators the demo computes from synthetic records rather than taking from the series."""
DEMO_MEASURES = (
    "eha_started",
    "eha_started_pilot",
    "mash_contacts",
    "mash_nfa",
    "mash_nfa_12_months",
    "mash_contacts_per_eha",
    "eha_per_mash_contact",
    "mash_contacts_per_eha_without_pilot",
    "mash_with_preceding_eha",
)
"""The early help measures; every indicator they write is in DEMO_FROM_RECORDS."""
DEMO_USERS = [
    # (username, password, role, description): demo logins only; printed by `trustboard demo`.
    ("analyst", "analyst-demo-password", "analyst", "Analyst: imports figures, sees everything"),
    ("board", "board-demo-password", "board member", "Board member: reads the dashboard"),
    ("owner", "owner-demo-password", "owner", "Indicator owner: writes commentary"),
    (
        "health",
        "health-demo-password",
        "contributor",
        "Contributor: Health's early help return",
    ),
    (
        "police",
        "police-demo-password",
        "contributor",
        "Contributor: Police's early help return",
    ),
]
DEMO_AGENCIES = {"health": "health", "police": "police"}
"""The agency each demo contributor works for."""


def _setup(data_dir: str | None) -> Path:
    """Point settings at the data folder, then start Django and bring its database up to date."""
    chosen = Path(data_dir or os.environ.get("TRUSTBOARD_DATA_DIR") or DEFAULT_DATA_DIR)
    chosen.mkdir(parents=True, exist_ok=True)
    os.environ["TRUSTBOARD_DATA_DIR"] = str(chosen.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustboard.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    return chosen.resolve()


def _print(message: str = "") -> None:
    print(message, flush=True)


def cmd_catalogue(args: argparse.Namespace) -> int:
    from trustboard.core.catalogue import CatalogueError, load_framework

    try:
        framework = load_framework(args.file)
    except CatalogueError as error:
        _print(f"The framework was not loaded: {len(error.problems)} problem(s)")
        for problem in error.problems:
            _print(f"  {problem}")
        return 2
    _setup(args.data_dir)
    from trustboard.web.performance import services

    try:
        result = services.load_catalogue(framework=framework)
    except CatalogueError as error:
        _print(f"The framework was not loaded: {len(error.problems)} problem(s)")
        for problem in error.problems:
            _print(f"  {problem}")
        return 2
    _print(
        f"Loaded {len(framework.indicators)} indicators from {args.file}: "
        f"{len(result.created)} new, {len(result.updated)} changed, "
        f"{len(result.retired)} retired."
    )
    return 0


def _mapping(args: argparse.Namespace):
    """A published-statistics mapping from --indicator/--measure/--filter, if given."""
    from trustboard.web.performance.services import PublishedMapping

    if not args.indicator and not args.measure and not args.filter:
        return None
    if not args.indicator or not args.measure:
        raise ValueError("--indicator and --measure go together (and --filter with them)")
    filters = []
    for item in args.filter or []:
        column, sep, value = item.partition("=")
        if not sep or not column.strip():
            raise ValueError(f"--filter {item!r}: expected COLUMN=VALUE")
        filters.append((column.strip(), value.strip()))
    return PublishedMapping(args.indicator, args.measure, tuple(filters))


def cmd_import(args: argparse.Namespace) -> int:
    _setup(args.data_dir)
    from trustboard.ingest.observations import ImportError_
    from trustboard.web.performance import measure_services, services

    try:
        mapping = _mapping(args)
    except ValueError as error:
        _print(str(error))
        return 2
    status = 0
    for file in args.files:
        path = Path(file)
        if not path.is_file():
            _print(f"{path}: no such file")
            status = 2
            continue
        data = path.read_bytes()
        try:
            if measure_services.is_record_extract(path.name, data, args.source):
                if mapping is not None:
                    _print(f"{path.name}: --indicator/--measure/--filter are for DfE statistics")
                    status = 2
                    continue
                result = measure_services.import_extract(
                    name=path.name, data=data, source=args.source, replace=args.replace
                )
            else:
                result = services.import_observations(name=path.name, data=data, mapping=mapping)
        except ImportError_ as error:
            _print(f"{path.name}: nothing imported; {len(error.errors)} problem(s):")
            for problem in error.errors:
                _print(f"  {problem}")
            status = 2
            continue
        _print(result.summary())
    return status


def cmd_assess(args: argparse.Namespace) -> int:
    _setup(args.data_dir)
    from trustboard.core.assessment import RAG_NAMES
    from trustboard.core.periods import PeriodError
    from trustboard.web.performance import queries
    from trustboard.web.performance.models import Indicator
    from trustboard.web.performance.templatetags.trustboard import change, figure, percent

    indicator = Indicator.objects.filter(code=args.code).first()
    if indicator is None:
        codes = ", ".join(Indicator.objects.values_list("code", flat=True)[:60])
        _print(f"No indicator {args.code!r}. Known codes: {codes or 'none (load a framework)'}")
        return 2
    try:
        as_at = queries.parse_as_at(args.period) if args.period else queries.default_as_at()
    except PeriodError as error:
        _print(f"--period: {error}")
        return 2
    if as_at is None:
        _print(f"Indicator {args.code} has no figures yet, and no reporting period is set.")
        return 1
    analysis = queries.analyse(indicator, as_at)
    if args.json:
        data = analysis.to_dict() | {"title": indicator.title, "unit": indicator.unit}
        print(json.dumps(data, indent=2, allow_nan=False, default=str))
        return 0
    assessment = analysis.assessment
    unit = indicator.unit
    _print(f"{indicator.code} {indicator.title}")
    _print(f"  As at:      {assessment.as_at}")
    value = (
        f"{figure(assessment.value, unit)} ({assessment.period})"
        if assessment.period
        else "no data"
    )
    _print(f"  Latest:     {value}")
    target = (
        f"{figure(assessment.target, unit)} ({assessment.target_period})"
        if assessment.target is not None
        else "none"
    )
    _print(f"  Target:     {target}")
    _print(f"  RAG:        {RAG_NAMES[assessment.rag]} ({assessment.rag_reason})")
    direction = (
        f"{assessment.direction}, {assessment.direction_meaning}"
        if assessment.direction
        else "not judged"
    )
    _print(f"  Direction:  {direction}")
    for c in assessment.comparisons:
        if c.available:
            _print(
                f"  {c.label}: {figure(c.current, unit)} ({c.current_label}) against "
                f"{figure(c.comparator, unit)} ({c.comparator_label}): "
                f"{change(c.change, unit)}, {percent(c.percent_change)}"
            )
        else:
            _print(f"  {c.label}: not available ({c.reason})")
    spc = analysis.spc
    if spc.judged:
        _print(
            f"  SPC:        mean {figure(spc.mean, unit)}, limits {figure(spc.lower_limit, unit)}"
            f" to {figure(spc.upper_limit, unit)}; {spc.variation_text}; {spc.assurance_text}"
        )
    else:
        _print(f"  SPC:        not judged ({spc.reason})")
    if analysis.projection is not None:
        _print(f"  Projection: {analysis.projection.sentence}")
    if analysis.benchmarks and analysis.benchmarks[0].sentence:
        _print(f"  Benchmarks: {analysis.benchmarks[0].sentence}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Write the board report for a period from its frozen snapshot (made now if none yet)."""
    _setup(args.data_dir)
    from trustboard.core.periods import PeriodError
    from trustboard.web.performance import queries
    from trustboard.web.performance import report_services as reports

    try:
        period = queries.parse_as_at(args.period)
    except PeriodError as error:
        _print(f"--period: {error}")
        return 2
    snapshot = None if args.refresh else reports.latest_snapshot(period.label)
    if snapshot is None:
        try:
            snapshot = reports.freeze_report(period=period, actor=None)
        except reports.WorkflowError as refused:
            _print(str(refused))
            return 2
        _print(f"Froze the {period.label} report from today's figures ({snapshot}).")
    else:
        _print(
            f"Using the {period.label} report frozen on "
            f"{snapshot.created_at:%d/%m/%Y %H:%M} (--refresh to freeze it again)."
        )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    version = "public" if args.public else "board"
    for fmt in args.format or ["html", "pdf", "docx"]:
        started = time.perf_counter()
        data = reports.rendered(snapshot, version, fmt)
        path = out / f"board-report-{reports.period_slug(period.label)}-{version}.{fmt}"
        path.write_bytes(data)
        _print(f"Wrote {path} ({len(data):,} bytes, {time.perf_counter() - started:.1f} s)")
    return 0


def cmd_spc(args: argparse.Namespace) -> int:
    """Chart one series from a file: no data folder and no Django, so it runs anywhere."""
    from trustboard.core import periods, spc
    from trustboard.core.periods import PeriodError
    from trustboard.ingest.observations import ImportError_
    from trustboard.ingest.series_file import read_series

    path = Path(args.file)
    if not path.is_file():
        _print(f"{path}: no such file")
        return 2
    try:
        series = read_series(path.name, path.read_bytes())
    except ImportError_ as error:
        _print(f"{path.name}: not analysed; {len(error.errors)} problem(s):")
        for problem in error.errors:
            _print(f"  {problem}")
        return 2
    try:
        # The file's periods are canonical labels; write --rebase the same way.
        rebase = [periods.parse(label).label for label in args.rebase]
    except PeriodError as error:
        _print(f"--rebase: {error}")
        return 2
    try:
        result = spc.analyse(series, args.improvement, args.target, rebase)
    except spc.SpcError as error:
        _print(f"{path.name}: not analysed: {error}")
        return 2
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
        return 0

    def number(value: float | None) -> str:
        if value is None:
            return "none"
        if abs(value) >= 1 or value == 0:
            return f"{value:,.2f}".rstrip("0").rstrip(".")
        return f"{value:.3g}"

    first, last = (series[0][0], series[-1][0]) if series else ("", "")
    _print(f"SPC (XmR chart) of {path.name}: {len(series)} periods, {first} to {last}")
    _print(f"  Improvement: {result.improvement.value}")
    if len(result.segments) > 1:
        spans = "; ".join(f"{a} to {b}" for a, b in result.segments)
        _print(f"  Segments:    {spans} (mean and limits are the latest segment's)")
    _print(f"  Mean:        {number(result.mean)}")
    _print(
        f"  Limits:      {number(result.lower_limit)} to {number(result.upper_limit)} "
        f"(mean +/- 2.66 x mean moving range {number(result.mean_moving_range)})"
    )
    if not result.judged:
        _print(f"  Not judged:  {result.reason}")
        return 0
    _print(f"  Variation:   {result.variation_text}")
    target = f" (target {number(result.target)})" if result.target is not None else ""
    _print(f"  Assurance:   {result.assurance_text}{target}")
    _print(f"  Based on:    {result.reason}")
    special = result.special_cause_points
    if not special:
        _print("  Special cause points: none")
    else:
        _print(f"  Special cause points ({len(special)}):")
        for point in special:
            rules = ", ".join(rule.replace("_", " ") for rule in point.rules)
            _print(f"    {point.period}: {number(point.value)}, {point.classification} ({rules})")
        used = [rule for rule in spc.RULE_TEXT if any(rule in p.rules for p in special)]
        _print("  Rules:")
        for rule in used:
            _print(f"    {rule.replace('_', ' ')}: {spc.RULE_TEXT[rule]}")
    return 0


class DemoRefused(Exception):
    """The data folder holds another partnership, which the demo would overwrite."""


def _build_demo(data_dir: str | None, force: bool = False) -> Path:
    from trustboard.core.catalogue import load_framework
    from trustboard.synth import series

    started = time.perf_counter()
    folder = _setup(data_dir)
    from django.contrib.auth.models import User

    from trustboard.web.performance import services
    from trustboard.web.performance.models import Agency, Partnership
    from trustboard.web.performance.roles import Role, grant_role, set_agency

    framework = load_framework(EXAMPLE_FRAMEWORK)
    existing = Partnership.current()
    if existing is not None and existing.name != framework.partnership.name and not force:
        raise DemoRefused(
            f"{folder} holds the partnership {existing.name!r}; the demo would replace its "
            "framework and add synthetic figures and demo logins. Choose another --data-dir "
            "(or --force to do it anyway)."
        )
    result = services.load_catalogue(framework=framework)
    _print(
        f"Framework: {len(framework.indicators)} indicators in {len(framework.areas)} areas "
        f"of focus ({len(result.created)} new, {len(result.updated)} changed)"
    )
    observations = [
        o
        for o in series.generate(framework, series.load_calibration(EXAMPLE_CALIBRATION))
        if o.code not in DEMO_FROM_RECORDS
    ]
    demo_file = folder / "demo" / "synthetic-observations.csv"
    demo_file.parent.mkdir(exist_ok=True)
    series.write_csv(observations, demo_file)
    imported = services.import_observations(name=demo_file.name, data=demo_file.read_bytes())
    _print(f"Synthetic figures: {imported.summary()}")
    for published in sorted(EXAMPLE_PUBLISHED.glob("*.csv")):
        imported = services.import_observations(name=published.name, data=published.read_bytes())
        _print(f"Published statistics: {imported.summary()}")
    _demo_records(folder)
    _load_example_report()
    _demo_plan()
    for username, password, role, _ in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username)
        if created or not user.check_password(password):
            user.set_password(password)
            user.save()
        grant_role(user, Role(role))
        if username in DEMO_AGENCIES:
            set_agency(user, Agency.objects.get(code=DEMO_AGENCIES[username]))
    _demo_returns()
    _print(f"Data folder: {folder} (built in {time.perf_counter() - started:.1f} s)")
    return folder


def _demo_plan() -> None:
    """The example CYPP progress plan, as at the end of May 2022 (imported once)."""
    from datetime import date

    from trustboard.web.plan.example import EXAMPLE_PATH
    from trustboard.web.plan.importer import import_plan

    result = import_plan(EXAMPLE_PATH.name, EXAMPLE_PATH.read_bytes(), today=date(2022, 5, 31))
    _print(f"Action plan: {result.summary()}")


def _demo_returns() -> None:
    """A round of early help returns for the reporting period: Health's submitted, Police's
    in draft, the rest not started, so the partnership view shows each state."""
    from datetime import date

    from django.contrib.auth.models import User

    from trustboard.web.returns import services as returns
    from trustboard.web.returns.models import AgencyReturn, ReturnRound

    if ReturnRound.objects.exists():
        return
    analyst = User.objects.get(username="analyst")
    opened = returns.open_round(
        actor=analyst,
        period="Q4 2023/24",
        due=date(2024, 4, 30),
        message="Please report your agency's early help assessments for 2023/24 and your "
        "targets for 2024/25, as the board asked in March 2023.",
    )
    health = AgencyReturn.objects.get(round=opened, agency__code="health")
    returns.submit(
        actor=User.objects.get(username="health"),
        agency_return=health,
        values={
            "target_this_year": "1200",
            "target_next_year": "1800",
            "achieved": "1150",
            "narrative": "Health visitors now complete strengths and needs assessments as part "
            "of the early help pilot, which is being extended to all localities.",
            "barriers": "Midwifery and school nursing capacity; practitioners' confidence to "
            "start the conversation with families.",
            "governance": "Reported quarterly to the Oxford Health children's safeguarding "
            "group and the integrated care board.",
        },
    )
    police = AgencyReturn.objects.get(round=opened, agency__code="police")
    returns.save_draft(
        actor=User.objects.get(username="police"),
        agency_return=police,
        values={"target_this_year": "40", "narrative": "Draft: neighbourhood teams trained."},
    )
    _print(f"Early help returns: a round for {opened.period}, Health submitted, Police in draft")


def _demo_records(folder: Path) -> None:
    """Synthetic case records, imported like a council's extracts, then the measures run.

    The early help and MASH indicators come from these records. The plan and care extracts are
    imported too, but their measures are left to ``trustboard compute``: the demo keeps the
    published series for those indicators, so that its RAG table retells the reports' story
    exactly, and running them would restate those figures as new vintages.
    """
    from trustboard.synth import records
    from trustboard.web.performance import measure_services

    extracts = folder / "demo" / "extracts"
    written = records.write(records.generate(records.SynthOptions()), extracts, "csv")
    for path in written:
        result = measure_services.import_extract(name=path.name, data=path.read_bytes())
        _print(f"Synthetic records: {result.summary()}")
    computed = measure_services.compute_measures(only=DEMO_MEASURES, measures_file=EXAMPLE_MEASURES)
    _print(f"Measures: {computed.summary()}")


def _load_example_report() -> None:
    """The example report's words (details, items, approved commentary), loaded once."""
    import yaml

    from trustboard.core import periods
    from trustboard.web.performance import report_services as reports
    from trustboard.web.performance.models import Indicator, ReportDetails

    spec = yaml.safe_load(EXAMPLE_REPORT.read_text(encoding="utf-8"))
    period = periods.parse(spec["period"])
    if ReportDetails.objects.filter(period=period.label).exists():
        return
    reports.save_details(period=period, actor=None, **spec["details"])
    for item in spec["items"]:
        reports.save_item(
            period=period,
            actor=None,
            title=item["title"],
            body=item["body"],
            recommendations=item.get("recommendations", ""),
        )
    reports.request_commentary(
        period=period, actor=None, message="Example commentary from the March 2023 report."
    )
    for code, text in spec["commentary"].items():
        indicator = Indicator.objects.get(code=code)
        reports.save_commentary(
            indicator=indicator, period=period, text=text, actor=None, submit=True
        )
        reports.review_commentary(indicator=indicator, period=period, actor=None, approve=True)
    _print(
        f"Example board report: details, {len(spec['items'])} meeting items and "
        f"{len(spec['commentary'])} approved commentaries for {period.label}"
    )


def _print_logins(port: int) -> None:
    _print()
    _print(f"Dashboard: http://127.0.0.1:{port}/")
    _print("Demo logins (synthetic data only):")
    for username, password, _, description in DEMO_USERS:
        _print(f"  {description:45} username {username:8} password {password}")


def _serve(port: int) -> None:
    import waitress

    from trustboard.web.wsgi import application

    _print(f"Serving on http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    waitress.serve(application, host="127.0.0.1", port=port, threads=8, _quiet=True)


def cmd_demo(args: argparse.Namespace) -> int:
    try:
        _build_demo(args.data_dir, force=args.force)
    except DemoRefused as refused:
        _print(str(refused))
        return 2
    _print_logins(args.port)
    if not args.no_serve:
        _serve(args.port)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _setup(args.data_dir)
    _serve(args.port)
    return 0


def cmd_user(args: argparse.Namespace) -> int:
    _setup(args.data_dir)
    import getpass

    from django.contrib.auth.models import User
    from django.contrib.auth.password_validation import ValidationError, validate_password

    from trustboard.web.performance.models import Agency
    from trustboard.web.performance.roles import Role, set_agency, set_roles

    agency = None
    if args.agency:
        agency = Agency.objects.filter(code=args.agency, active=True).first()
        if agency is None:
            known = ", ".join(Agency.objects.filter(active=True).values_list("code", flat=True))
            _print(
                f"No agency {args.agency!r}, nothing changed; the framework's agencies are: "
                f"{known or '(none: add agencies to the framework file)'}"
            )
            return 2
    elif Role.CONTRIBUTOR.value in args.role:
        _print("A contributor acts for one agency: give --agency CODE. Nothing changed.")
        return 2
    password = os.environ.get("TRUSTBOARD_PASSWORD") or getpass.getpass("Password: ")
    user = User.objects.filter(username=args.username).first() or User(username=args.username)
    try:
        validate_password(password, user)
    except ValidationError as error:
        _print("Password refused, nothing changed: " + " ".join(error.messages))
        return 2
    user.set_password(password)
    user.save()
    set_roles(user, {Role(role) for role in args.role})
    if args.agency:
        set_agency(user, agency)
    where = f" at {agency.name}" if agency is not None else ""
    _print(f"User {args.username}{where} now has the role(s): {', '.join(sorted(args.role))}.")
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    _setup(args.data_dir)
    from datetime import date

    from trustboard.ingest.observations import ImportError_
    from trustboard.web.plan.importer import import_plan

    path = Path(args.file)
    if not path.is_file():
        _print(f"{path}: no such file")
        return 2
    try:
        as_at = date.fromisoformat(args.as_at) if args.as_at else None
    except ValueError:
        _print(f"--as-at {args.as_at!r}: expected a date YYYY-MM-DD")
        return 2
    try:
        result = import_plan(path.name, path.read_bytes(), today=as_at)
    except ImportError_ as error:
        _print(f"{path.name}: nothing imported; {len(error.errors)} problem(s):")
        for problem in error.errors:
            _print(f"  {problem}")
        return 2
    _print(result.summary())
    return 0


def cmd_remind(args: argparse.Namespace) -> int:
    _setup(args.data_dir)
    from django.core.management import call_command
    from django.core.management.base import CommandError

    options = {"days": args.days, "base_url": args.base_url}
    if args.date:
        options["date"] = args.date
    try:
        call_command("send_return_reminders", **options)
    except CommandError as error:
        _print(str(error))
        return 2
    return 0


def cmd_compute(args: argparse.Namespace) -> int:
    _setup(args.data_dir)
    from datetime import date

    from trustboard.measures.definitions import DefinitionError
    from trustboard.measures.engines import SparkUnavailable
    from trustboard.web.performance import measure_services

    until = None
    if args.until:
        try:
            until = date.fromisoformat(args.until)
        except ValueError:
            _print(f"--until {args.until!r}: expected a date YYYY-MM-DD")
            return 2

    def progress(measure, figures: int, seconds: float) -> None:
        _print(f"  {measure.id:<40} {figures:>7,} figures  {seconds:6.2f} s")

    _print(f"Computing measures on {args.engine} ...")
    started = time.perf_counter()
    try:
        result = measure_services.compute_measures(
            engine=args.engine,
            measures_file=args.measures,
            only=args.measure,
            until=until,
            progress=progress,
            master=args.master,
        )
    except DefinitionError as error:
        _print(f"The measures were not run: {len(error.problems)} problem(s)")
        for problem in error.problems:
            _print(f"  {problem}")
        return 2
    except (measure_services.MeasureProblem, SparkUnavailable) as error:
        _print(str(error))
        return 2
    _print(result.summary() + f" ({time.perf_counter() - started:.1f} s)")
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    from datetime import date

    from trustboard.synth import records

    try:
        end = date.fromisoformat(args.end)
    except ValueError:
        _print(f"--end {args.end!r}: expected a date YYYY-MM-DD")
        return 2
    if args.areas < 1 or (args.years is not None and args.years < 1):
        _print("--areas and --years must be at least 1")
        return 2
    if args.years is None:
        start = records.SynthOptions().start
    else:
        # N whole years ending on --end: from the day after the same date N years before.
        after = end + timedelta(days=1)
        if (after.month, after.day) == (2, 29):
            after += timedelta(days=1)
        start = after.replace(year=after.year - args.years)
    options = records.SynthOptions(areas=args.areas, start=start, end=end, seed=args.seed)
    started = time.perf_counter()
    try:
        tables = records.generate(options)
    except ValueError as error:
        _print(f"Nothing written: {error}")
        return 2
    written = records.write(tables, Path(args.out), args.format)
    for path in written:
        rows = len(next(iter(tables[path.stem].values())))
        _print(f"  {path}  {rows:,} records")
    _print(
        f"Synthetic extracts for {args.areas} area(s), {start:%d/%m/%Y} to {end:%d/%m/%Y}, "
        f"seed {args.seed}: written in {time.perf_counter() - started:.1f} s. Import them with "
        f"`trustboard import {Path(args.out) / '*'}`."
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trustboard", description="Performance framework for a Children's Trust Board."
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        help="the partnership's data folder (default: $TRUSTBOARD_DATA_DIR, else "
        f"./{DEFAULT_DATA_DIR})",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser(
        "demo",
        parents=[common],
        help="build the example partnership with synthetic data and serve it",
    )
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--no-serve", action="store_true", help="build, then exit")
    demo.add_argument(
        "--force", action="store_true", help="build even where another partnership lives"
    )
    demo.set_defaults(func=cmd_demo)

    catalogue = sub.add_parser(
        "catalogue", parents=[common], help="check a framework YAML file and load it"
    )
    catalogue.add_argument("file")
    catalogue.set_defaults(func=cmd_catalogue)

    imp = sub.add_parser(
        "import",
        parents=[common],
        help="import files of observations (CSV, Excel), DfE statistics, or record-level "
        "extracts (CSV, Excel, Parquet)",
    )
    imp.add_argument("files", nargs="+", metavar="FILE")
    extracts = imp.add_argument_group(
        "record-level extracts",
        "early help assessments, MASH contacts, plans and care episodes are recognised by their "
        "column headings; child and record identifiers are replaced by a salted hash",
    )
    extracts.add_argument(
        "--source",
        choices=sorted(SOURCES),
        help="which extract this is, when its headings alone cannot say",
    )
    extracts.add_argument(
        "--replace",
        action="store_true",
        help="a full refresh: records of this source for the file's areas that it no longer "
        "holds are removed (without it, records are added or restated and none removed)",
    )
    published = imp.add_argument_group(
        "published statistics",
        "for a DfE statistics file no indicator's 'published' source maps: which indicator, "
        "measure column and filter values hold the figures",
    )
    published.add_argument("--indicator", metavar="CODE")
    published.add_argument("--measure", metavar="COLUMN")
    published.add_argument("--filter", action="append", metavar="COLUMN=VALUE")
    imp.set_defaults(func=cmd_import)

    assess = sub.add_parser("assess", parents=[common], help="assess one indicator")
    assess.add_argument("code")
    assess.add_argument("--period", help="as at this period (default: the reporting period)")
    assess.add_argument("--json", action="store_true")
    assess.set_defaults(func=cmd_assess)

    spc = sub.add_parser(
        "spc",
        parents=[common],
        help="statistical process control (XmR chart) of one series in a CSV or Excel file",
        description="Making Data Count XmR chart of a file with a period column (period, date, "
        "month or week) and a figure column (value, count, rate or percentage). Needs no data "
        "folder; --data-dir is accepted and ignored.",
    )
    spc.add_argument("file", metavar="FILE")
    spc.add_argument(
        "--improvement",
        choices=["up", "down", "neutral"],
        default="neutral",
        help="which direction is better (default: neutral, no assurance)",
    )
    spc.add_argument("--target", type=float, help="target to judge assurance against")
    spc.add_argument(
        "--rebase",
        nargs="+",
        action="extend",
        default=[],
        metavar="PERIOD",
        help="periods at which the process changed and new limits start (after FILE)",
    )
    spc.add_argument("--json", action="store_true", help="print the full result as JSON")
    spc.set_defaults(func=cmd_spc)

    report = sub.add_parser("report", parents=[common], help="write the board report for a period")
    report.add_argument("--period", required=True, help='the reporting period, e.g. "Q3 2022/23"')
    report.add_argument(
        "--format",
        action="append",
        choices=["html", "pdf", "docx"],
        help="html, pdf or docx; repeat for several (default: all three)",
    )
    report.add_argument(
        "--public",
        action="store_true",
        help="the published version, with small numbers suppressed",
    )
    report.add_argument("--out", default=".", help="folder to write into (default: here)")
    report.add_argument(
        "--refresh",
        action="store_true",
        help="freeze the report again from today's figures instead of reusing the last one",
    )
    report.set_defaults(func=cmd_report)

    compute = sub.add_parser(
        "compute",
        parents=[common],
        help="compute the measures from imported record-level extracts",
        description="Evaluate every measure (or those named) over the record-level extracts in "
        "the analytic store; write the partnership's figures and its indicators' observations.",
    )
    compute.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    compute.add_argument(
        "--measure", action="append", metavar="ID", help="only this measure; repeat for several"
    )
    compute.add_argument(
        "--measures", metavar="FILE", help="the measures file (default: the example's)"
    )
    compute.add_argument(
        "--until", metavar="YYYY-MM-DD", help="the date the data runs to (default: its latest)"
    )
    compute.add_argument(
        "--master",
        default="local[*]",
        help="Spark master URL for --engine spark (default: local[*], this machine)",
    )
    compute.set_defaults(func=cmd_compute)

    synth = sub.add_parser(
        "synth",
        parents=[common],
        help="write synthetic record-level extracts (early help, MASH, plans, care episodes)",
        description="Deterministic synthetic extracts calibrated to the example partnership's "
        "published figures; area 1 is the example partnership, further areas are scaled copies. "
        "Needs no data folder; --data-dir is accepted and ignored.",
    )
    synth.add_argument("--areas", type=int, default=1)
    synth.add_argument(
        "--years",
        type=int,
        help="years of data up to --end (default: from January 2017, the published series' start)",
    )
    synth.add_argument(
        "--end", default="2024-03-31", help="the last day of the data (default: 2024-03-31)"
    )
    synth.add_argument("--seed", type=int, default=0)
    synth.add_argument("--out", default="synthetic-extracts", help="folder to write into")
    synth.add_argument("--format", choices=["csv", "parquet"], default="csv")
    synth.set_defaults(func=cmd_synth)

    plan = sub.add_parser(
        "plan",
        parents=[common],
        help="import the CYPP action plan from a progress spreadsheet (.xlsx or .csv)",
        description="Sections headed by an area of focus (BE SAFE – Focus on ...), then the "
        "columns Actions, Responsible Agencies, How we will know, Board Leads, Reporting "
        "Timetable, Progress and optionally Indicators. Progress becomes a dated update.",
    )
    plan.add_argument("file", metavar="FILE")
    plan.add_argument(
        "--as-at", metavar="YYYY-MM-DD", help="the date the Progress column is as at (today)"
    )
    plan.set_defaults(func=cmd_plan)

    remind = sub.add_parser(
        "remind",
        parents=[common],
        help="email contributors whose early help return is due or late (run daily)",
        description="Reminders go 7 and 1 days before a return round's due date and each day "
        "a return is late, at most once a day, by the email settings (TRUSTBOARD_EMAIL_* "
        "variables; the console without them).",
    )
    remind.add_argument("--date", metavar="YYYY-MM-DD", help="remind as if today were this date")
    remind.add_argument("--days", default="7,1", help="days before the due date (default 7,1)")
    remind.add_argument(
        "--base-url", default="", help="the site's address, for the link in each email"
    )
    remind.set_defaults(func=cmd_remind)

    serve = sub.add_parser("serve", parents=[common], help="serve the dashboard")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(func=cmd_serve)

    user = sub.add_parser(
        "user",
        parents=[common],
        help="create a user or reset a password (password from $TRUSTBOARD_PASSWORD or asked)",
    )
    user.add_argument("username")
    user.add_argument(
        "--role",
        required=True,
        action="append",
        choices=[role.value for role in Role],
        help="the user's role; repeat for several (replaces any roles held)",
    )
    user.add_argument(
        "--agency",
        metavar="CODE",
        help="the agency the user works for (a framework agency's code; contributors need one)",
    )
    user.set_defaults(func=cmd_user)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
