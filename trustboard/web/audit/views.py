"""The audit trail: who changed what and when, with the state before and after.

Read-only by design. The services write one ``AuditEvent`` per change; here analysts and
administrators (``Permission.VIEW_AUDIT``) list, filter and export them, and nothing anywhere
edits or deletes one (the model refuses too). An information governance officer answering "who
changed this figure, and what was it before?" starts here.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from trustboard.web.accounts.decorators import require
from trustboard.web.accounts.roles import Permission
from trustboard.web.audit.models import AuditEvent
from trustboard.web.exports import safe_row

PAGE_SIZE = 50
NO_ACTOR = "(none)"
"""The "who" filter's value for events with no signed-in user: the command line, the system.
Parentheses cannot occur in a Django username, so this never names a user."""
NO_ACTOR_LABEL = "No one signed in (command line)"
CHANGED_FIELDS_SHOWN = 4
"""How many changed fields a row of the list names before "and N more"."""
EMPTY = "—"


class AuditFilterForm(forms.Form):
    """The list's filters, all optional, read from the query string."""

    who = forms.ChoiceField(label="Who", required=False)
    action = forms.ChoiceField(label="Action", required=False)
    object_type = forms.ChoiceField(label="Object type", required=False)
    object_id = forms.CharField(label="Object id", required=False, max_length=60)
    date_from = forms.DateField(
        label="From date",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label="To date",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    text = forms.CharField(label="Text in the summary", required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choices from the events themselves: one cannot pick a value that finds nothing.
        user_ids = AuditEvent.objects.exclude(actor=None).values("actor")
        usernames = (
            get_user_model()
            .objects.filter(pk__in=user_ids)
            .order_by("username")
            .values_list("username", flat=True)
        )
        self.fields["who"].choices = [
            ("", "Anyone"),
            (NO_ACTOR, NO_ACTOR_LABEL),
            *((name, name) for name in usernames),
        ]
        self.fields["action"].choices = [("", "Any action")] + [(a, a) for a in _distinct("action")]
        self.fields["object_type"].choices = [("", "Any type")] + [
            (t, t) for t in _distinct("object_type")
        ]

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The to date must be on or after the from date.")
        return data

    def filter(self, events: QuerySet) -> QuerySet:
        """The events that match the (valid) filters."""
        data = self.cleaned_data
        if data.get("who") == NO_ACTOR:
            events = events.filter(actor=None)
        elif data.get("who"):
            events = events.filter(actor__username=data["who"])
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("object_type"):
            events = events.filter(object_type=data["object_type"])
        if data.get("object_id", "").strip():
            events = events.filter(object_id=data["object_id"].strip())
        # Dates are the partnership's (Europe/London), as the list shows them.
        if data.get("date_from"):
            events = events.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            events = events.filter(at__date__lte=data["date_to"])
        if data.get("text", "").strip():
            events = events.filter(summary__icontains=data["text"].strip())
        return events


def _distinct(field: str) -> list[str]:
    return list(
        AuditEvent.objects.order_by(field).values_list(field, flat=True).distinct().iterator()
    )


@dataclass(frozen=True)
class Change:
    """One field of an event's object, before and after."""

    field: str
    before: str
    after: str
    changed: bool


def shown(value: Any) -> str:
    """A stored value as a reader sees it: text as it is, anything else as compact JSON."""
    if value is None:
        return EMPTY
    if isinstance(value, str):
        return value if value else "(blank)"
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def changes(before: Any, after: Any) -> list[Change]:
    """Field by field, what the event changed (fields in the order the event stored them).

    Events store dicts of fields; anything else (a list, a number) is one value, "(value)".
    A field only before was removed; only after, added.
    """
    if not isinstance(before, dict | None) or not isinstance(after, dict | None):
        return [Change("(value)", shown(before), shown(after), before != after)]
    before, after = before or {}, after or {}
    fields = list(after) + [name for name in before if name not in after]
    return [
        Change(
            name,
            shown(before.get(name)) if name in before else EMPTY,
            shown(after.get(name)) if name in after else EMPTY,
            name not in before or name not in after or before[name] != after[name],
        )
        for name in fields
    ]


def who(event: AuditEvent) -> str:
    return event.actor.get_username() if event.actor else NO_ACTOR_LABEL


@dataclass(frozen=True)
class Row:
    event: AuditEvent
    who: str
    changed: list[str]

    @property
    def changed_shown(self) -> list[str]:
        return self.changed[:CHANGED_FIELDS_SHOWN]

    @property
    def changed_more(self) -> int:
        return max(0, len(self.changed) - CHANGED_FIELDS_SHOWN)


def _row(event: AuditEvent) -> Row:
    return Row(
        event, who(event), [c.field for c in changes(event.before, event.after) if c.changed]
    )


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet | None]:
    """The form and the events it selects; None where the filters could not be read."""
    form = AuditFilterForm(request.GET)
    events = AuditEvent.objects.select_related("actor").order_by("-at", "-id")
    if not form.is_valid():
        for name in form.errors:
            if name in form.fields:
                # Each box says which error message belongs to it.
                form.fields[name].widget.attrs["aria-describedby"] = f"id_{name}-error"
        return form, None
    return form, form.filter(events)


@require_safe  # read-only: GET and HEAD, nothing else
@require(Permission.VIEW_AUDIT)
def audit(request: HttpRequest) -> HttpResponse:
    """Every event, newest first, filtered, 50 a page."""
    form, events = _filtered(request)
    page = None
    if events is not None:
        page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = [_row(e) for e in page.object_list]
    return render(
        request,
        "audit/audit.html",
        {
            "form": form,
            "page": page,
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
        status=200 if events is not None else 400,
    )


@require_safe
@require(Permission.VIEW_AUDIT)
def audit_event(request: HttpRequest, pk: int) -> HttpResponse:
    """One event: its facts, then each field before and after, changed ones first."""
    event = get_object_or_404(AuditEvent.objects.select_related("actor"), pk=pk)
    found = changes(event.before, event.after)
    return render(
        request,
        "audit/audit_event.html",
        {
            "event": event,
            "who": who(event),
            "changed": [c for c in found if c.changed],
            "unchanged": [c for c in found if not c.changed],
            "back": request.GET.get("back", ""),
        },
    )


class _Echo:
    """A file-like object for csv.writer that hands each line straight back."""

    def write(self, value: str) -> str:
        return value


EXPORT_HEADINGS = [
    "id",
    "when",
    "who",
    "action",
    "object type",
    "object id",
    "summary",
    "changed fields",
    "before",
    "after",
]


def _export_lines(events: QuerySet) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(safe_row(EXPORT_HEADINGS))
    for event in events.iterator(chunk_size=1000):
        changed = [c.field for c in changes(event.before, event.after) if c.changed]
        yield writer.writerow(
            safe_row(
                [
                    event.pk,
                    timezone.localtime(event.at).isoformat(timespec="seconds"),
                    who(event),
                    event.action,
                    event.object_type,
                    event.object_id,
                    event.summary,
                    "; ".join(changed),
                    "" if event.before is None else json.dumps(event.before, ensure_ascii=False),
                    "" if event.after is None else json.dumps(event.after, ensure_ascii=False),
                ]
            )
        )


@require_safe
@require(Permission.VIEW_AUDIT)
def export(request: HttpRequest) -> HttpResponse:
    """The filtered events as CSV, every text cell made safe to open in a spreadsheet."""
    form, events = _filtered(request)
    if events is None:
        return render(request, "audit/audit.html", {"form": form, "page": None}, status=400)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(_export_lines(events), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    return response
