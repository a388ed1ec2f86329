"""Pages for the board report and its commentary. Thin: permissions, forms, services."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from trustboard.core.assessment import RAG_NAMES
from trustboard.core.periods import Period, PeriodError
from trustboard.web.performance import queries, report_builder
from trustboard.web.performance import report_services as reports
from trustboard.web.performance.models import (
    Commentary,
    CommentaryRequest,
    Indicator,
    MeetingItem,
    ReportDetails,
    ReportSnapshot,
)
from trustboard.web.performance.report_forms import (
    CommentaryForm,
    DetailsForm,
    ItemForm,
    RequestForm,
    ReviewForm,
)
from trustboard.web.performance.roles import Permission, has_permission
from trustboard.web.performance.views import require


def _period(slug: str) -> Period:
    try:
        return reports.period_from_slug(slug)
    except PeriodError:
        raise Http404(f"No reporting period {slug}") from None


def _id(request: HttpRequest, name: str) -> int:
    """A posted record id, or 404: a hand-edited form must not become a server error."""
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        raise Http404(f"No such {name}") from None


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
        "trustboard/reports.html",
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
    details_form = DetailsForm(instance=details or ReportDetails(period=period.label))
    item_form = ItemForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "details":
            details_form = DetailsForm(
                request.POST, instance=details or ReportDetails(period=period.label)
            )
            if details_form.is_valid():
                reports.save_details(
                    period=period,
                    actor=request.user,
                    **{f: details_form.cleaned_data[f] for f in DetailsForm.Meta.fields},
                )
                messages.success(request, "Report details saved.")
                return redirect(request.path)
        elif action == "add_item":
            item_form = ItemForm(request.POST)
            if item_form.is_valid():
                reports.save_item(period=period, actor=request.user, **item_form.cleaned_data)
                messages.success(request, "Meeting item added.")
                return redirect(request.path + "#items")
        elif action == "delete_item":
            item = get_object_or_404(MeetingItem, pk=_id(request, "item"), period=period.label)
            reports.delete_item(item=item, actor=request.user)
            messages.success(request, f"Removed the item {item.title}.")
            return redirect(request.path + "#items")
        elif action in ("edit_sentence", "drop_sentence", "restore_sentence"):
            code, key = request.POST.get("code", ""), request.POST.get("key", "")
            if action == "restore_sentence":
                reports.restore_sentence(period=period, code=code, key=key, actor=request.user)
            else:
                try:
                    reports.edit_sentence(
                        period=period,
                        code=code,
                        key=key,
                        actor=request.user,
                        text=request.POST.get("text", ""),
                        included=action == "edit_sentence",
                    )
                except reports.WorkflowError as refused:
                    messages.error(request, str(refused))
                    return redirect(request.path + "#narrative")
            messages.success(request, "Narrative updated.")
            return redirect(request.path + "#narrative")
        elif action == "request_commentary":
            form = RequestForm(request.POST)
            if form.is_valid():
                made = reports.request_commentary(
                    period=period, actor=request.user, **form.cleaned_data
                )
                messages.success(
                    request,
                    f"Asked owners for commentary on "
                    f"{made.indicators.count()} red and amber indicators.",
                )
                return redirect(request.path + "#commentary")
        elif action == "freeze":
            try:
                snapshot = reports.freeze_report(period=period, actor=request.user)
            except reports.WorkflowError as refused:
                messages.error(request, str(refused))
                return redirect(request.path + "#versions")
            messages.success(request, f"Froze the report: {snapshot}.")
            return redirect(request.path + "#versions")
        elif action in ("publish", "unpublish"):
            snapshot = get_object_or_404(
                ReportSnapshot, pk=_id(request, "snapshot"), period=period.label
            )
            try:
                reports.publish_snapshot(
                    snapshot=snapshot,
                    actor=request.user,
                    published=action == "publish",
                    confirmed=request.POST.get("confirmed") == "yes",
                )
            except reports.WorkflowError as problem:
                messages.error(request, str(problem))
                return redirect(request.path + "#versions")
            messages.success(request, "Published version updated.")
            return redirect(request.path + "#versions")
        else:
            messages.error(request, "Unknown action.")
    commentary = []
    for indicator in reports.red_and_amber(period):
        current = reports.current_commentary(indicator, period.label)
        commentary.append({"indicator": indicator, "current": current})
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "trustboard/report_workspace.html",
        {
            "period": period,
            "slug": slug,
            "details_form": details_form,
            "item_form": item_form,
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
        "trustboard/published.html",
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
    return render(request, "trustboard/commentary_list.html", {"rows": rows})


@require(Permission.WRITE_COMMENTARY)
def commentary_edit(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    period = _period(slug)
    indicator = get_object_or_404(Indicator, code=code, active=True)
    if not CommentaryRequest.objects.filter(period=period.label, indicators=indicator).exists():
        raise Http404("No commentary has been requested for this indicator and period")
    current = reports.current_commentary(indicator, period.label)
    can_approve = has_permission(request.user, Permission.APPROVE_COMMENTARY)
    initial = current.text if current else reports.starting_point(indicator, period)
    form = CommentaryForm(initial={"text": initial})
    review = ReviewForm(initial={"text": initial})
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in ("save", "submit"):
                form = CommentaryForm(request.POST)
                if form.is_valid():
                    reports.save_commentary(
                        indicator=indicator,
                        period=period,
                        text=form.cleaned_data["text"],
                        actor=request.user,
                        submit=action == "submit",
                    )
                    messages.success(
                        request,
                        "Commentary submitted for approval."
                        if action == "submit"
                        else "Draft saved.",
                    )
                    return redirect(request.path)
            elif action in ("approve", "return") and can_approve:
                review = ReviewForm(request.POST)
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
                    return redirect(reverse("commentary"))
            else:
                error = "That action is not open to you."
        except reports.WorkflowError as problem:
            error = str(problem)
    analysis = queries.assess_only(indicator, period)
    history = indicator.commentary.filter(period=period.label).select_related("author")
    return render(
        request,
        "trustboard/commentary_form.html",
        {
            "indicator": indicator,
            "period": period,
            "form": form,
            "review": review,
            "current": current,
            "assessment": analysis,
            "history": history,
            "error": error,
            "rag_name": RAG_NAMES[analysis.rag],
            "can_approve": can_approve,
            "small_counts": report_builder.small_counts_in(current.text) if current else [],
            "approved": current is not None and current.status == Commentary.APPROVED,
        },
        status=400 if error else 200,
    )
