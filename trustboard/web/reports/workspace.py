"""What each button of the report workspace does, one small function per action.

The workspace is one page with many forms (details, meeting items, narrative, commentary
requests, freezing, publishing). Each posted ``action`` has a handler here that validates its
form, calls a service and answers with a redirect, or leaves its bound form (with errors) in
``forms`` for the page to show again.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from trustboard.core.periods import Period
from trustboard.web.reports import services as reports
from trustboard.web.reports.forms import DetailsForm, ItemForm, RequestForm
from trustboard.web.reports.models import MeetingItem, ReportSnapshot

Handler = Callable[[HttpRequest, Period, dict], HttpResponse | None]


def posted_id(request: HttpRequest, name: str) -> int:
    """A posted record id, or 404: a hand-edited form must not become a server error."""
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        raise Http404(f"No such {name}") from None


def _back(request: HttpRequest, section: str = "") -> HttpResponse:
    return redirect(request.path + (f"#{section}" if section else ""))


def save_details(request: HttpRequest, period: Period, forms: dict) -> HttpResponse | None:
    form = DetailsForm(request.POST, instance=forms["details_form"].instance)
    forms["details_form"] = form
    if not form.is_valid():
        return None
    fields = {f: form.cleaned_data[f] for f in DetailsForm.Meta.fields}
    reports.save_details(period=period, actor=request.user, **fields)
    messages.success(request, "Report details saved.")
    return _back(request)


def add_item(request: HttpRequest, period: Period, forms: dict) -> HttpResponse | None:
    form = ItemForm(request.POST)
    forms["item_form"] = form
    if not form.is_valid():
        return None
    reports.save_item(period=period, actor=request.user, **form.cleaned_data)
    messages.success(request, "Meeting item added.")
    return _back(request, "items")


def delete_item(request: HttpRequest, period: Period, forms: dict) -> HttpResponse:
    item = get_object_or_404(MeetingItem, pk=posted_id(request, "item"), period=period.label)
    reports.delete_item(item=item, actor=request.user)
    messages.success(request, f"Removed the item {item.title}.")
    return _back(request, "items")


def change_sentence(request: HttpRequest, period: Period, forms: dict) -> HttpResponse:
    action = request.POST.get("action", "")
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
            return _back(request, "narrative")
    messages.success(request, "Narrative updated.")
    return _back(request, "narrative")


def request_commentary(request: HttpRequest, period: Period, forms: dict) -> HttpResponse | None:
    form = RequestForm(request.POST)
    if not form.is_valid():
        return None
    made = reports.request_commentary(period=period, actor=request.user, **form.cleaned_data)
    messages.success(
        request,
        f"Asked owners for commentary on {made.indicators.count()} red and amber indicators.",
    )
    return _back(request, "commentary")


def freeze(request: HttpRequest, period: Period, forms: dict) -> HttpResponse:
    try:
        snapshot = reports.freeze_report(period=period, actor=request.user)
    except reports.WorkflowError as refused:
        messages.error(request, str(refused))
        return _back(request, "versions")
    messages.success(request, f"Froze the report: {snapshot}.")
    return _back(request, "versions")


def publish(request: HttpRequest, period: Period, forms: dict) -> HttpResponse:
    snapshot = get_object_or_404(
        ReportSnapshot, pk=posted_id(request, "snapshot"), period=period.label
    )
    try:
        reports.publish_snapshot(
            snapshot=snapshot,
            actor=request.user,
            published=request.POST.get("action") == "publish",
            confirmed=request.POST.get("confirmed") == "yes",
        )
    except reports.WorkflowError as problem:
        messages.error(request, str(problem))
        return _back(request, "versions")
    messages.success(request, "Published version updated.")
    return _back(request, "versions")


ACTIONS: dict[str, Handler] = {
    "details": save_details,
    "add_item": add_item,
    "delete_item": delete_item,
    "edit_sentence": change_sentence,
    "drop_sentence": change_sentence,
    "restore_sentence": change_sentence,
    "request_commentary": request_commentary,
    "freeze": freeze,
    "publish": publish,
    "unpublish": publish,
}
