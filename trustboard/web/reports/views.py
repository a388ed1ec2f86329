"""Pages for the board report and its commentary. Thin: permissions, forms, services."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from trustboard.core.assessment import RAG_NAMES
from trustboard.core.periods import Period, PeriodError
from trustboard.core.suppression import small_counts_in
from trustboard.web.accounts.decorators import require
from trustboard.web.accounts.roles import Permission, has_permission
from trustboard.web.framework import queries
from trustboard.web.framework.models import Indicator
from trustboard.web.reports import builder as report_builder
from trustboard.web.reports import services as reports
from trustboard.web.reports import workspace
from trustboard.web.reports.forms import (
    CommentaryForm,
    DetailsForm,
    ItemForm,
    RequestForm,
    ReviewForm,
)
from trustboard.web.reports.models import (
    Commentary,
    CommentaryRequest,
    MeetingItem,
    ReportDetails,
    ReportSnapshot,
)


def _period(slug: str) -> Period:
    try:
        return reports.period_from_slug(slug)
    except PeriodError:
        raise Http404(f"No reporting period {slug}") from None


def _recent_periods(count: int = 6) -> list[Period]:
    latest = queries.default_as_at()
    if latest is None:
        return []
    result = [queries.quarter_containing(latest.end)]
    while len(result) < count:
        result.append(result[-1].previous())
    return result


@require(Permission.READ_BOARD_REPORT)
def report_list(request: HttpRequest) -> HttpResponse:
    rows = []
    for period in _recent_periods():
        rows.append(
            {
                "period": period,
                "slug": reports.period_slug(period.label),
                "snapshots": ReportSnapshot.objects.filter(period=period.label)[:3],
            }
        )
    return render(
        request,
        "reports/reports.html",
        {
            "rows": rows,
            "can_edit": has_permission(request.user, Permission.EDIT_REPORT),
            "formats": report_builder.FORMATS,
        },
    )


@require(Permission.EDIT_REPORT)
def report_workspace(request: HttpRequest, slug: str) -> HttpResponse:
    period = _period(slug)
    details = ReportDetails.objects.filter(period=period.label).first()
    forms = {
        "details_form": DetailsForm(instance=details or ReportDetails(period=period.label)),
        "item_form": ItemForm(),
    }
    if request.method == "POST":
        handler = workspace.ACTIONS.get(request.POST.get("action", ""))
        if handler is None:
            messages.error(request, "Unknown action.")
        elif (answer := handler(request, period, forms)) is not None:
            return answer
    commentary = []
    for indicator in reports.red_and_amber(period):
        current = reports.current_commentary(indicator, period.label)
        commentary.append({"indicator": indicator, "current": current})
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "reports/report_workspace.html",
        {
            "period": period,
            "slug": slug,
            **forms,
            "items": MeetingItem.objects.filter(period=period.label),
            "drafts": report_builder.drafts(period),
            "commentary": commentary,
            "request_form": RequestForm(),
            "snapshots": [
                {"snapshot": snap, "check": reports.numbers_to_check(snap)}
                for snap in ReportSnapshot.objects.filter(period=period.label)
            ],
            "formats": report_builder.FORMATS,
        },
        status=status,
    )


def download(request: HttpRequest, pk: int, version: str, fmt: str) -> HttpResponse:
    """A frozen report as a file. The board version needs a board role; the public one is
    open to everyone once an analyst has published it."""
    snapshot = get_object_or_404(ReportSnapshot, pk=pk)
    if fmt not in report_builder.FORMATS or version not in ("board", "public"):
        raise Http404("No such format")
    if version == "board" or not snapshot.published:
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        needed = Permission.READ_BOARD_REPORT if version == "board" else Permission.EDIT_REPORT
        if not has_permission(request.user, needed):
            return render(request, "403.html", status=403)
    data = reports.rendered(snapshot, version, fmt)
    content_type, extension = report_builder.CONTENT_TYPES[fmt], fmt
    response = HttpResponse(data, content_type=content_type)
    name = f"board-report-{reports.period_slug(snapshot.period)}-{version}.{extension}"
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


def published(request: HttpRequest) -> HttpResponse:
    """The published, suppressed reports: open to anyone."""
    return render(
        request,
        "reports/published.html",
        {
            "snapshots": ReportSnapshot.objects.filter(published=True),
            "formats": report_builder.FORMATS,
        },
    )


@require(Permission.WRITE_COMMENTARY)
def commentary_list(request: HttpRequest) -> HttpResponse:
    rows = []
    seen = set()
    for ask in CommentaryRequest.objects.prefetch_related("indicators")[:8]:
        for indicator in ask.indicators.all():
            if (ask.period, indicator.pk) in seen:
                continue
            seen.add((ask.period, indicator.pk))
            rows.append(
                {
                    "request": ask,
                    "indicator": indicator,
                    "slug": reports.period_slug(ask.period),
                    "current": reports.current_commentary(indicator, ask.period),
                }
            )
    return render(request, "reports/commentary_list.html", {"rows": rows})


@require(Permission.WRITE_COMMENTARY)
def commentary_edit(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    period = _period(slug)
    indicator = get_object_or_404(Indicator, code=code, active=True)
    if not CommentaryRequest.objects.filter(period=period.label, indicators=indicator).exists():
        raise Http404("No commentary has been requested for this indicator and period")
    current = reports.current_commentary(indicator, period.label)
    can_approve = has_permission(request.user, Permission.APPROVE_COMMENTARY)
    initial = current.text if current else reports.starting_point(indicator, period)
    forms = {
        "form": CommentaryForm(initial={"text": initial}),
        "review": ReviewForm(initial={"text": initial}),
        "can_approve": can_approve,
    }
    error = ""
    if request.method == "POST":
        answer, error = _commentary_step(request, indicator, period, forms)
        if answer is not None:
            return answer
    analysis = queries.assess_only(indicator, period)
    history = indicator.commentary.filter(period=period.label).select_related("author")
    return render(
        request,
        "reports/commentary_form.html",
        {
            "indicator": indicator,
            "period": period,
            **forms,
            "current": current,
            "assessment": analysis,
            "history": history,
            "error": error,
            "rag_name": RAG_NAMES[analysis.rag],
            "small_counts": small_counts_in(current.text) if current else [],
            "approved": current is not None and current.status == Commentary.APPROVED,
        },
        status=400 if error else 200,
    )


def _commentary_step(
    request: HttpRequest, indicator: Indicator, period: Period, forms: dict
) -> tuple[HttpResponse | None, str]:
    """One posted step of the commentary workflow: a redirect when it is done, else what went
    wrong, with the bound form left in ``forms`` for the page to show again."""
    action = request.POST.get("action", "")
    try:
        if action in ("save", "submit"):
            form = forms["form"] = CommentaryForm(request.POST)
            if form.is_valid():
                reports.save_commentary(
                    indicator=indicator,
                    period=period,
                    text=form.cleaned_data["text"],
                    actor=request.user,
                    submit=action == "submit",
                )
                submitted = action == "submit"
                messages.success(
                    request, "Commentary submitted for approval." if submitted else "Draft saved."
                )
                return redirect(request.path), ""
        elif action in ("approve", "return") and forms["can_approve"]:
            review = forms["review"] = ReviewForm(request.POST)
            if review.is_valid():
                reports.review_commentary(
                    indicator=indicator,
                    period=period,
                    actor=request.user,
                    approve=action == "approve",
                    note=review.cleaned_data["note"],
                    text=review.cleaned_data["text"],
                )
                messages.success(
                    request,
                    "Commentary approved."
                    if action == "approve"
                    else "Commentary returned to the owner.",
                )
                return redirect(reverse("commentary")), ""
        else:
            return None, "That action is not open to you."
    except reports.WorkflowError as problem:
        return None, str(problem)
    return None, ""
