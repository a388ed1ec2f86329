"""Build the example partnership in a data folder: the demo behind ``trustboard demo``.

The demo goes through the same services a partnership uses (framework load, imports of figures
and extracts, the measures, report details and commentary, the action plan, returns), so what it
shows is what those services make of real data. Each step is safe to repeat: files already
imported are recognised, and the report, plan and returns round are made only once, so running
the demo again on its folder changes nothing.

Import this module only once Django is set up on the data folder; it uses the apps' models.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.contrib.auth.models import User

from trustboard.core import periods
from trustboard.core.catalogue import Framework, load_framework
from trustboard.examples import oxfordshire as example
from trustboard.examples.oxfordshire.plan import EXAMPLE_PATH as PLAN
from trustboard.synth import records, series, statutory
from trustboard.web.accounts.models import Agency
from trustboard.web.accounts.roles import grant_role, set_agency
from trustboard.web.framework import services as framework_services
from trustboard.web.framework.models import Indicator, Partnership
from trustboard.web.measures import services as measure_services
from trustboard.web.plan.importer import import_plan
from trustboard.web.reports import services as reports
from trustboard.web.reports.models import ReportDetails
from trustboard.web.returns import services as returns
from trustboard.web.returns.models import AgencyReturn, ReturnRound

Progress = Callable[[str], None]
"""Told one line per step as the demo goes, since building takes a while."""


class DemoRefused(Exception):
    """The data folder holds another partnership, which the demo would overwrite."""


@dataclass(frozen=True)
class Demo:
    """What was built: where, how long it took, and who can sign in."""

    folder: Path
    seconds: float
    logins: tuple[example.Login, ...]


def _quiet(line: str) -> None:
    """No progress wanted."""


def build(folder: Path, *, force: bool = False, progress: Progress = _quiet) -> Demo:
    """Build (or bring up to date) the example partnership in ``folder``, the data folder
    Django was set up on. Refuses a folder holding another partnership unless ``force``."""
    started = time.perf_counter()
    framework = load_framework(example.FRAMEWORK)
    existing = Partnership.current()
    if existing is not None and existing.name != framework.partnership.name and not force:
        raise DemoRefused(
            f"{folder} holds the partnership {existing.name!r}; the demo would replace its "
            "framework and add synthetic figures and demo logins. Choose another --data-dir "
            "(or --force to do it anyway)."
        )
    _load_framework(framework, progress)
    _import_series(framework, folder / "demo", progress)
    _import_records(folder / "demo" / "extracts", progress)
    _load_report(progress)
    _import_plan(progress)
    _add_logins()
    _open_returns(progress)
    return Demo(folder, time.perf_counter() - started, example.LOGINS)


def _load_framework(framework: Framework, progress: Progress) -> None:
    result = framework_services.load_catalogue(framework=framework)
    progress(
        f"Framework: {len(framework.indicators)} indicators in {len(framework.areas)} areas "
        f"of focus ({len(result.created)} new, {len(result.updated)} changed)"
    )


def _import_series(framework: Framework, demo_folder: Path, progress: Progress) -> None:
    """The synthetic series, written to a file and imported as an analyst would, then the
    published statistics as they come."""
    calibration = series.load_calibration(example.CALIBRATION)
    observations = [
        o for o in series.generate(framework, calibration) if o.code not in example.FROM_RECORDS
    ]
    demo_file = demo_folder / "synthetic-observations.csv"
    demo_folder.mkdir(exist_ok=True)
    series.write_csv(observations, demo_file)
    imported = framework_services.import_observations(
        name=demo_file.name, data=demo_file.read_bytes()
    )
    progress(f"Synthetic figures: {imported.summary()}")
    for published in sorted(example.PUBLISHED.glob("*.csv")):
        imported = framework_services.import_observations(
            name=published.name, data=published.read_bytes()
        )
        progress(f"Published statistics: {imported.summary()}")


def _import_records(extracts: Path, progress: Progress) -> None:
    """Synthetic case records as a council has them: the early help assessments and MASH
    contacts as extracts, and the plans and care as the statutory returns it makes each year
    (an SSDA903 return, its tables together, and a CIN census), imported oldest year first so
    each record ends as its latest return has it; then the early help measures run over them
    (see :data:`~trustboard.examples.oxfordshire.RECORD_MEASURES`)."""
    options = records.SynthOptions()
    tables = records.generate(options)
    wanted = {name: tables[name] for name in ("early_help_assessments", "mash_contacts")}
    for path in records.write(wanted, extracts, "csv"):
        result = measure_services.import_extract(name=path.name, data=path.read_bytes())
        progress(f"Synthetic records: {result.summary()}")
    for written in statutory.write_returns(tables, options, extracts):
        result = measure_services.import_return(
            files=[(path.name, path.read_bytes()) for path in written.files]
        )
        progress(f"Synthetic returns: {result.summary()}")
    computed = measure_services.compute_measures(
        only=example.RECORD_MEASURES, measures_file=example.MEASURES
    )
    progress(f"Measures: {computed.summary()}")


def _load_report(progress: Progress) -> None:
    """The example report's words (details, items, approved commentary), loaded once."""
    spec = yaml.safe_load(example.REPORT.read_text(encoding="utf-8"))
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
    progress(
        f"Example board report: details, {len(spec['items'])} meeting items and "
        f"{len(spec['commentary'])} approved commentaries for {period.label}"
    )


def _import_plan(progress: Progress) -> None:
    result = import_plan(PLAN.name, PLAN.read_bytes(), today=example.PLAN_AS_AT)
    progress(f"Action plan: {result.summary()}")


def _add_logins() -> None:
    """The demo users, with their roles and agencies; a password someone changed is put back,
    so the printed logins always work."""
    for login in example.LOGINS:
        user, created = User.objects.get_or_create(username=login.username)
        if created or not user.check_password(login.password):
            user.set_password(login.password)
            user.save()
        grant_role(user, login.role)
        if login.agency:
            set_agency(user, Agency.objects.get(code=login.agency))


def _open_returns(progress: Progress) -> None:
    """The example round of returns, once: a folder that has any round keeps its own."""
    if ReturnRound.objects.exists():
        return
    script = example.RETURNS
    opened = returns.open_round(
        actor=User.objects.get(username=script.opened_by),
        period=script.period,
        due=script.due,
        message=script.message,
    )
    contributors = {login.agency: login.username for login in example.LOGINS if login.agency}
    for code, values in script.submitted.items():
        returns.submit(
            actor=User.objects.get(username=contributors[code]),
            agency_return=AgencyReturn.objects.get(round=opened, agency__code=code),
            values=values,
        )
    for code, values in script.drafts.items():
        returns.save_draft(
            actor=User.objects.get(username=contributors[code]),
            agency_return=AgencyReturn.objects.get(round=opened, agency__code=code),
            values=values,
        )
    progress(
        f"Early help returns: a round for {opened.period}, "
        + ", ".join(
            [f"{_agency_name(code)} submitted" for code in script.submitted]
            + [f"{_agency_name(code)} in draft" for code in script.drafts]
        )
    )


def _agency_name(code: str) -> str:
    """The short name the board's papers use ("Health"), else the agency's full name."""
    agency = Agency.objects.get(code=code)
    return agency.records_as or agency.name
