"""Dashboard pages. Thin: they ask permissions, gather rows and call core and services."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict

from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from trustboard.core import periods
from trustboard.core.assessment import (
    RAG_NAMES,
    RAG_TOTALS_ORDER,
    Assessment,
    Point,
    assess,
)
from trustboard.core.catalogue import Unit
from trustboard.core.spc import ASSURANCE_TEXT, VARIATION_TEXT, SpcResult
from trustboard.ingest.observations import ImportError_
from trustboard.web.accounts.decorators import require
from trustboard.web.accounts.roles import Permission, has_permission
from trustboard.web.audit.models import AuditEvent
from trustboard.web.framework import charts as charts_for
from trustboard.web.framework import imports as importing
from trustboard.web.framework import queries
from trustboard.web.framework.as_at import quarter_choices, reporting_period
from trustboard.web.framework.forms import ImportForm
from trustboard.web.framework.models import Area, ImportBatch, Indicator, Observation

FREQUENCY_EXAMPLE_PERIODS = {
    "weekly": "week of 14/03/2022",
    "monthly": "Mar 2023",
    "quarterly": "Q3 2022/23",
    "termly": "Term 4 2022/23",
    "annual": "2022/23",
}


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
        "framework/overview.html",
        {
            "as_at": as_at,
            "as_at_error": error,
            "areas": areas,
            "data_version": version,
            "totals": [(RAG_NAMES[r], r.value, totals.get(r, 0)) for r in RAG_TOTALS_ORDER],
            "quarter_choices": quarter_choices(as_at),
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
                "counts": [(RAG_NAMES[r], r.value, counts.get(r, 0)) for r in RAG_TOTALS_ORDER],
            }
        )
    return areas, totals


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
    charts_svg = charts_for.series(indicator, core, totals, points, y_title)
    spc_svg = charts_for.spc(indicator, analysis, y_title) if analysis else ""
    trajectory_svg = charts_for.trajectory(indicator, analysis, y_title) if analysis else ""
    breakdown = charts_for.breakdown(indicator, current, totals, y_title)
    history = queries.revision_history(indicator)
    return render(
        request,
        "framework/indicator.html",
        {
            "indicator": indicator,
            "core": core,
            "assessment": assessment,
            "rag_name": RAG_NAMES[assessment.rag] if assessment else "N/A",
            "as_at": as_at,
            "as_at_error": error,
            "charts_svg": charts_svg,
            "quarter_choices": quarter_choices(as_at),
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
    results: list = []
    errors: list = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            uploads = [(upload.name, upload.read()) for upload in form.cleaned_data["file"]]
            for _, outcome in importing.import_files(uploads, actor=request.user):
                if isinstance(outcome, ImportError_):
                    errors += outcome.errors
                else:
                    results.append(outcome.result)
            if results and not errors:
                form = ImportForm()
    else:
        form = ImportForm()
    status = 400 if errors or (request.method == "POST" and form.errors) else 200
    return render(
        request,
        "framework/imports.html",
        {
            "form": form,
            "results": results,
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
