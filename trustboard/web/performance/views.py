"""Dashboard pages. Thin: they ask permissions, gather rows and call core and services."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from trustboard.core import periods
from trustboard.core.assessment import (
    RAG_NAMES,
    Assessment,
    Point,
    Rag,
    assess,
)
from trustboard.core.catalogue import Unit
from trustboard.core.periods import PeriodError
from trustboard.core.spc import ASSURANCE_TEXT, VARIATION_TEXT, SpcResult
from trustboard.ingest.observations import ImportError_
from trustboard.reports import charts
from trustboard.web.performance import measure_services, queries, services
from trustboard.web.performance.forms import ImportForm
from trustboard.web.performance.models import (
    Area,
    AuditEvent,
    ImportBatch,
    Indicator,
    Observation,
)
from trustboard.web.performance.roles import Permission, has_permission

FREQUENCY_EXAMPLE_PERIODS = {
    "weekly": "week of 14/03/2022",
    "monthly": "Mar 2023",
    "quarterly": "Q3 2022/23",
    "termly": "Term 4 2022/23",
    "annual": "2022/23",
}
RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_APPLICABLE]
BREAKDOWN_TABLE_PERIODS = 12


def require(permission: Permission) -> Callable:
    """Anonymous visitors go to the login page; signed-in users without the right get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_permission(request.user, permission):
                if permission is Permission.VIEW_DASHBOARD and has_permission(
                    request.user, Permission.WRITE_COMMENTARY
                ):
                    # An owner who follows a link to the dashboard lands on their work.
                    return redirect("commentary")
                raise PermissionDenied(f"needs permission {permission.value}")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def reporting_period(request: HttpRequest) -> tuple[periods.Period | None, str]:
    """The period the dashboard is as at: ?as_at=..., else the partnership's, else the latest.

    Returns the period and an error message if the visitor asked for one we cannot read.
    """
    asked = request.GET.get("as_at", "").strip()
    message = ""
    if asked:
        try:
            return queries.parse_as_at(asked), ""
        except PeriodError as error:
            message = str(error)
    return queries.default_as_at(), message


def _quarter_choices(as_at: periods.Period | None, count: int = 8) -> list[str]:
    """The latest quarters, offered in the reporting-period box."""
    choices: list[str] = []
    if as_at is None:
        return choices
    quarter = queries.quarter_containing(as_at.end)
    for _ in range(count):
        choices.append(quarter.label)
        try:
            quarter = quarter.previous()
        except (PeriodError, ValueError):
            break
    return choices


def _points_by_indicator() -> dict[int, list[Point]]:
    grouped: dict[int, list[Point]] = defaultdict(list)
    bases = dict(Indicator.objects.values_list("pk", "basis"))
    rows = Observation.objects.filter(is_current=True, breakdown="").values_list(
        "indicator_id", "period", "value"
    )
    for indicator_id, period, value in rows:
        grouped[indicator_id].append(Point(periods.parse(period, bases[indicator_id]), value))
    return grouped


def _tile(indicator: Indicator, assessment: Assessment, spc: SpcResult) -> dict:
    return {
        "indicator": indicator,
        "assessment": assessment,
        "rag_name": RAG_NAMES[assessment.rag],
        "spc": spc,
        "variation_text": queries.VARIATION_SHORT.get(spc.variation, ""),
        "assurance_text": queries.ASSURANCE_SHORT.get(spc.assurance, ""),
    }


def start(request: HttpRequest) -> HttpResponse:
    """Where signing in leads: the dashboard; for an owner the commentary asked of them; for
    a contributor their agency's returns; else the action plan."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if has_permission(request.user, Permission.VIEW_DASHBOARD):
        return redirect("overview")
    if has_permission(request.user, Permission.WRITE_COMMENTARY):
        return redirect("commentary")
    if has_permission(request.user, Permission.SUBMIT_RETURN):
        return redirect("returns")
    if has_permission(request.user, Permission.VIEW_ACTION_PLAN):
        return redirect("plan")
    raise PermissionDenied("no role with a page to show")


def data_version() -> int:
    """A number that changes whenever anything a page shows may have changed.

    Every change is written to the audit trail in the same transaction, so the newest audit
    event's id stands for the state of the data: analyses cached under it are never stale.
    """
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


ANALYSIS_TTL = 10 * 60
"""Seconds a cached analysis lives even if nothing changes: a bound on any change that was,
against the rule, made without an audit event."""


@require(Permission.VIEW_DASHBOARD)
def overview(request: HttpRequest) -> HttpResponse:
    as_at, error = reporting_period(request)
    version = data_version()
    key = f"overview:{(as_at.label if as_at else '').replace(' ', '_')}:{version}"
    found = cache.get(key)
    if found is None:
        found = _overview_areas(as_at)
        cache.set(key, found, ANALYSIS_TTL)
    areas, totals = found
    return render(
        request,
        "trustboard/overview.html",
        {
            "as_at": as_at,
            "as_at_error": error,
            "areas": areas,
            "data_version": version,
            "totals": [(RAG_NAMES[r], r.value, totals.get(r, 0)) for r in RAG_ORDER],
            "quarter_choices": _quarter_choices(as_at),
        },
    )


def _overview_areas(as_at) -> tuple[list[dict], Counter]:
    """Every indicator assessed as at the period, by area of focus, and the RAG totals."""
    indicators = (
        Indicator.objects.filter(active=True).select_related("area").prefetch_related("targets")
    )
    points = _points_by_indicator() if as_at else {}
    areas = []
    totals: Counter = Counter()
    by_area: dict[int, list[dict]] = defaultdict(list)
    for indicator in indicators:
        if as_at is None:
            continue
        core = indicator.to_core()
        series = points.get(indicator.pk, [])
        by_area[indicator.area_id].append(
            _tile(indicator, assess(core, series, as_at), queries.spc_for(core, series, as_at))
        )
    for area in Area.objects.all():
        tiles = by_area.get(area.pk, [])
        counts = Counter(t["assessment"].rag for t in tiles)
        totals.update(counts)
        areas.append(
            {
                "area": area,
                "tiles": tiles,
                "counts": [(RAG_NAMES[r], r.value, counts.get(r, 0)) for r in RAG_ORDER],
            }
        )
    return areas, totals


def _series_charts(indicator, core, totals, points, y_title) -> list[str]:
    return [
        charts.to_svg(chart.spec, f"series{index}")
        for index, chart in enumerate(
            queries.series_charts(
                indicator,
                core,
                totals,
                points,
                y_title,
                note=" The figures are in the data table below.",
            )
        )
    ]


def _spc_chart(indicator: Indicator, analysis: queries.Analysis, y_title: str) -> str:
    spc = analysis.spc
    if not spc.points:
        return ""
    ends = {
        o.period: o.period_end for o in indicator.observations.filter(is_current=True, breakdown="")
    }
    segment_starts = [first for first, _ in spc.segments]
    segment = -1
    points = []
    for point in spc.points:
        if point.period in segment_starts:
            segment = segment_starts.index(point.period)
        points.append(
            charts.SpcChartPoint(
                point.period,
                ends[point.period].isoformat(),
                point.value,
                point.mean,
                point.lower_limit,
                point.upper_limit,
                max(segment, 0),
                point.classification,
            )
        )
    judged = "" if spc.judged else f" Not judged: {spc.reason}."
    return charts.to_svg(
        charts.spc_chart(
            f"{indicator.code} {indicator.title}: statistical process control",
            f"XmR chart of {indicator.title} from {points[0].period} to {points[-1].period}, with "
            "the mean as a solid line, process limits as dashed lines"
            + (", the target as a dotted line" if spc.target is not None else "")
            + ", and special-cause points marked by shape."
            + judged,
            points,
            spc.target,
            y_title,
        ),
        "spc",
    )


def _trajectory_chart(indicator: Indicator, analysis: queries.Analysis, y_title: str) -> str:
    projection = analysis.projection
    if projection is None or not projection.trajectory:
        return ""
    points = [
        charts.TrajectoryChartPoint(
            t.period, t.end.isoformat(), t.actual, t.projected, t.low, t.high, t.target
        )
        for t in projection.trajectory
    ]
    return charts.to_svg(
        charts.trajectory_chart(
            f"{indicator.code} {indicator.title}: {projection.year} to date and projected",
            f"Cumulative {indicator.title} through {projection.year}: actual to "
            f"{projection.as_at}, the projection to the year end with its range as a shaded band,"
            " and the path to the target as a dotted line. " + projection.sentence,
            points,
            y_title,
        ),
        "trajectory",
    )


@require(Permission.VIEW_DASHBOARD)
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = (
        Indicator.objects.select_related("area")
        .prefetch_related("targets")
        .filter(code=code)
        .first()
    )
    if indicator is None:
        raise Http404(f"No indicator {code}")
    as_at, error = reporting_period(request)
    core = indicator.to_core()
    current = indicator.observations.filter(is_current=True).order_by("period_start")
    if as_at is not None:
        # As at a past quarter the page shows the figures up to its end, not later ones.
        current = current.filter(period_end__lte=as_at.end)
    current = list(current)
    totals = [o for o in current if not o.breakdown]
    points = [Point(periods.parse(o.period, core.basis), o.value) for o in totals]
    analysis = queries.analyse(indicator, as_at, points) if as_at else None
    assessment = analysis.assessment if analysis else None
    y_title = queries.UNIT_TITLES[Unit(indicator.unit)]
    charts_svg = _series_charts(indicator, core, totals, points, y_title)
    spc_svg = _spc_chart(indicator, analysis, y_title) if analysis else ""
    trajectory_svg = _trajectory_chart(indicator, analysis, y_title) if analysis else ""
    breakdown = None
    if indicator.breakdown_name:
        parts = [o for o in current if o.breakdown]
        by_period: dict[str, dict[str, float]] = defaultdict(dict)
        period_order: list[str] = []
        for o in parts:
            if o.period not in by_period:
                period_order.append(o.period)
            by_period[o.period][o.breakdown] = o.value
        totals_by_period = {o.period: o.value for o in totals}
        recent = period_order[-BREAKDOWN_TABLE_PERIODS:]
        rows = [
            {
                "period": p,
                "cells": [by_period[p].get(v) for v in indicator.breakdown_values],
                "total": totals_by_period.get(p),
            }
            for p in recent
        ]
        breakdown_svg = ""
        if parts:
            breakdown_svg = charts.to_svg(
                charts.breakdown_chart(
                    f"{indicator.title} by {indicator.breakdown_name.lower()}",
                    f"Line chart of {indicator.title} for each "
                    f"{indicator.breakdown_name.lower()}: "
                    + ", ".join(indicator.breakdown_values)
                    + ". Each line has its own dash pattern and point shape; the latest "
                    "figures are in the table above.",
                    [
                        charts.ChartPoint(
                            o.period,
                            o.period_start.isoformat(),
                            o.period_end.isoformat(),
                            o.value,
                            o.breakdown,
                        )
                        for o in parts
                    ],
                    y_title,
                ),
                "breakdown",
            )
        breakdown = {
            "name": indicator.breakdown_name,
            "values": indicator.breakdown_values,
            "rows": rows,
            "svg": breakdown_svg,
            "shown": len(recent),
            "available": len(period_order),
        }
    revised_keys = set(
        indicator.observations.filter(vintage__gt=1).values_list("period", "breakdown")
    )
    history = [
        o
        for o in indicator.observations.select_related("batch").order_by(
            "period_start", "breakdown", "vintage"
        )
        if (o.period, o.breakdown) in revised_keys
    ]
    return render(
        request,
        "trustboard/indicator.html",
        {
            "indicator": indicator,
            "core": core,
            "assessment": assessment,
            "rag_name": RAG_NAMES[assessment.rag] if assessment else "N/A",
            "as_at": as_at,
            "as_at_error": error,
            "charts_svg": charts_svg,
            "quarter_choices": _quarter_choices(as_at),
            "analysis": analysis,
            "spc": analysis.spc if analysis else None,
            "spc_svg": spc_svg,
            "variation_text": VARIATION_TEXT.get(analysis.spc.variation, "") if analysis else "",
            "assurance_text": ASSURANCE_TEXT.get(analysis.spc.assurance, "") if analysis else "",
            "trajectory_svg": trajectory_svg,
            "benchmark": analysis.benchmarks[0] if analysis and analysis.benchmarks else None,
            "benchmark_history": analysis.benchmarks if analysis else (),
            "totals": totals,
            "breakdown": breakdown,
            "history": history,
            "targets": indicator.targets.all(),
        },
    )


@require(Permission.IMPORT_DATA)
def imports(request: HttpRequest) -> HttpResponse:
    result = None
    errors: list = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            try:
                if measure_services.is_record_extract(upload.name, data):
                    # Record-level extracts go to the analytic store; the page shows counts.
                    result = measure_services.import_extract(
                        name=upload.name, data=data, actor=request.user
                    )
                else:
                    result = services.import_observations(
                        name=upload.name, data=data, actor=request.user
                    )
            except ImportError_ as error:
                errors = error.errors
            if result is not None:
                form = ImportForm()
    else:
        form = ImportForm()
    status = 400 if errors or (request.method == "POST" and form.errors) else 200
    return render(
        request,
        "trustboard/imports.html",
        {
            "form": form,
            "result": result,
            "errors": errors,
            "batches": ImportBatch.objects.select_related("imported_by")[:50],
        },
        status=status,
    )


@require(Permission.IMPORT_DATA)
def import_template(request: HttpRequest) -> HttpResponse:
    """A CSV with the columns the importer reads and one example row per active indicator.

    Partners fill in a file that already has the right codes and period labels, which is the
    surest way to a first import with no bad rows.
    """
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="trustboard-observations.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["indicator", "period", "value", "breakdown", "numerator", "denominator", "status"]
    )
    for indicator in Indicator.objects.filter(active=True):
        latest = (
            indicator.observations.filter(is_current=True, breakdown="")
            .order_by("-period_end")
            .first()
        )
        period = latest.period if latest else FREQUENCY_EXAMPLE_PERIODS[indicator.frequency]
        writer.writerow([indicator.code, period, "", "", "", "", "provisional"])
    return response
