"""Changes to the board report and its commentary: each one transaction with an audit event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from trustboard.core import periods
from trustboard.core.assessment import is_reported
from trustboard.web.audit.events import AuditType
from trustboard.web.audit.services import record
from trustboard.web.framework import queries
from trustboard.web.framework.models import ImportBatch, Indicator, Observation
from trustboard.web.reports.models import (
    Commentary,
    CommentaryRequest,
    MeetingItem,
    NarrativeEdit,
    ReportDetails,
    ReportSnapshot,
)


class WorkflowError(ValueError):
    """A step the commentary workflow does not allow, with why."""


def period_slug(label: str) -> str:
    """A reporting period that fits in an address and reads back: "Q3 2022/23" is
    "q3_2022-23"."""
    return label.lower().replace(" ", "_").replace("/", "-")


def period_from_slug(slug: str) -> periods.Period:
    return periods.parse(slug.replace("_", " ").replace("-", "/"))


def red_and_amber(period: periods.Period) -> list[Indicator]:
    """The indicators the period's report covers, in framework order."""
    return [
        indicator
        for indicator in Indicator.objects.filter(active=True).select_related("area")
        if is_reported(queries.assess_only(indicator, period))
    ]


@transaction.atomic
def request_commentary(
    *, period: periods.Period, actor, message: str = "", due=None
) -> CommentaryRequest:
    """Ask owners for commentary on every red and amber indicator of the period."""
    request = CommentaryRequest.objects.create(
        period=period.label, message=message, due=due, requested_by=actor
    )
    indicators = red_and_amber(period)
    request.indicators.set(indicators)
    record(
        actor=actor,
        type=AuditType.COMMENTARY_REQUEST,
        target=request,
        summary=f"Requested commentary for {period.label} on {len(indicators)} indicators",
        after={"period": period.label, "indicators": [i.code for i in indicators]},
    )
    return request


def current_commentary(indicator: Indicator, period_label: str) -> Commentary | None:
    return indicator.commentary.filter(period=period_label).order_by("-at", "-id").first()


def starting_point(indicator: Indicator, period: periods.Period) -> str:
    """Last quarter's approved commentary, offered as the starting point for this one."""
    earlier = (
        indicator.commentary.filter(status=Commentary.APPROVED)
        .exclude(period=period.label)
        .order_by("-at", "-id")
    )
    for row in earlier:
        if periods.parse(row.period).end < period.end:
            return row.text
    return ""


@transaction.atomic
def save_commentary(
    *, indicator: Indicator, period: periods.Period, text: str, actor, submit: bool
) -> Commentary:
    """An owner's draft, or its submission for approval. Approved commentary is final."""
    text = text.strip()
    if not text:
        raise WorkflowError("Write what is being done before saving.")
    current = current_commentary(indicator, period.label)
    if current is not None and current.status == Commentary.APPROVED:
        raise WorkflowError("This commentary is approved; ask an analyst to return it first.")
    status = Commentary.SUBMITTED if submit else Commentary.DRAFT
    row = Commentary.objects.create(
        indicator=indicator, period=period.label, text=text, status=status, author=actor
    )
    record(
        actor=actor,
        type=AuditType(f"commentary.{status}"),
        target=row,
        summary=f"{row}",
        before={"text": current.text, "status": current.status} if current else None,
        after={"text": text, "status": status},
    )
    return row


@transaction.atomic
def review_commentary(
    *,
    indicator: Indicator,
    period: periods.Period,
    actor,
    approve: bool,
    note: str = "",
    text: str | None = None,
) -> Commentary:
    """An analyst approves submitted commentary (optionally edited) or returns it with a note."""
    current = current_commentary(indicator, period.label)
    if current is None or current.status != Commentary.SUBMITTED:
        raise WorkflowError("There is no submitted commentary to review.")
    if not approve and not note.strip():
        raise WorkflowError("Say what needs changing when returning commentary.")
    status = Commentary.APPROVED if approve else Commentary.RETURNED
    row = Commentary.objects.create(
        indicator=indicator,
        period=period.label,
        text=(text or current.text).strip(),
        status=status,
        note=note.strip(),
        author=actor,
    )
    record(
        actor=actor,
        type=AuditType(f"commentary.{status}"),
        target=row,
        summary=f"{row}",
        before={"text": current.text, "status": current.status},
        after={"text": row.text, "status": status, "note": row.note},
    )
    return row


@transaction.atomic
def save_details(*, period: periods.Period, actor, **fields) -> ReportDetails:
    details, _ = ReportDetails.objects.get_or_create(period=period.label)
    before = {k: str(getattr(details, k)) for k in fields}
    for key, value in fields.items():
        setattr(details, key, value)
    details.save()
    record(
        actor=actor,
        type=AuditType.REPORT_DETAILS,
        target=details,
        summary=f"Report details for {period.label}",
        before=before,
        after={k: str(v) for k, v in fields.items()},
    )
    return details


@transaction.atomic
def save_item(
    *,
    period: periods.Period,
    actor,
    item: MeetingItem | None = None,
    title: str,
    body: str,
    recommendations: str,
    order: int | None = None,
) -> MeetingItem:
    if item is None:
        last = MeetingItem.objects.filter(period=period.label).aggregate(Max("order"))
        item = MeetingItem(period=period.label, order=(last["order__max"] or 0) + 1)
        before = None
    else:
        before = {"title": item.title, "body": item.body, "recommendations": item.recommendations}
    item.title, item.body, item.recommendations = title.strip(), body.strip(), recommendations
    if order is not None:
        item.order = order
    item.save()
    record(
        actor=actor,
        type=AuditType.REPORT_ITEM,
        target=item,
        summary=f"Meeting item {item.order}: {item.title}",
        before=before,
        after={"title": item.title, "body": item.body, "recommendations": item.recommendations},
    )
    return item


@transaction.atomic
def delete_item(*, item: MeetingItem, actor) -> None:
    record(
        actor=actor,
        type=AuditType.REPORT_ITEM_DELETE,
        target=item,
        summary=f"Removed meeting item {item.title}",
        before={"title": item.title, "body": item.body},
    )
    item.delete()


@transaction.atomic
def edit_sentence(
    *, period: periods.Period, code: str, key: str, actor, text: str = "", included: bool = True
) -> NarrativeEdit:
    if not Indicator.objects.filter(code=code).exists() or not 0 < len(key) <= 60:
        raise WorkflowError(f"No drafted sentence {key!r} for indicator {code!r}.")
    edit, _ = NarrativeEdit.objects.get_or_create(period=period.label, code=code, key=key)
    before = {"text": edit.text, "included": edit.included}
    edit.text, edit.included, edit.edited_by = text.strip(), included, actor
    edit.save()
    record(
        actor=actor,
        type=AuditType.REPORT_NARRATIVE,
        target=edit,
        summary=f"Narrative {code} {key} for {period.label}",
        before=before,
        after={"text": edit.text, "included": included},
    )
    return edit


@transaction.atomic
def restore_sentence(*, period: periods.Period, code: str, key: str, actor) -> None:
    NarrativeEdit.objects.filter(period=period.label, code=code, key=key).delete()
    record(
        actor=actor,
        type=AuditType.REPORT_NARRATIVE_RESTORE,
        target=NarrativeEdit(period=period.label, code=code, key=key),
        summary=f"Restored drafted narrative {code} {key} for {period.label}",
    )


@dataclass(frozen=True)
class Provenance:
    figures_until: object
    last_import: int | None

    def text(self, period: str, frozen_at) -> str:
        from django.utils import timezone

        imported = f"import #{self.last_import}" if self.last_import else "no imports"
        until = (
            f"{timezone.localtime(self.figures_until):%d/%m/%Y %H:%M}"
            if self.figures_until
            else "never"
        )
        return (
            f"Figures for {period} as held on {frozen_at:%d/%m/%Y %H:%M}: current vintages "
            f"recorded up to {until} ({imported}). Later restatements do not change this "
            "report."
        )


def provenance() -> Provenance:
    latest = Observation.objects.aggregate(Max("recorded_at"))["recorded_at__max"]
    last = ImportBatch.objects.aggregate(Max("id"))["id__max"]
    return Provenance(latest, last)


@transaction.atomic
def freeze_report(*, period: periods.Period, actor) -> ReportSnapshot:
    """Build both versions of the report from today's figures and keep them as printed."""
    from django.utils import timezone

    from trustboard.web.reports import builder as report_builder

    now = timezone.now()
    if period.start > timezone.localdate():
        raise WorkflowError(f"{period.label} has not started yet: there is nothing to report.")
    source = provenance()
    text = source.text(period.label, timezone.localtime(now))
    frozen_at = now.replace(microsecond=0).isoformat()
    board = report_builder.build(period, public=False, provenance=text, frozen_at=frozen_at)
    public = report_builder.build(period, public=True, provenance=text, frozen_at=frozen_at)
    snapshot = ReportSnapshot.objects.create(
        period=period.label,
        created_by=actor,
        figures_until=source.figures_until,
        last_import=source.last_import,
        board=board.to_dict(),
        public=public.to_dict(),
    )
    record(
        actor=actor,
        type=AuditType.REPORT_FREEZE,
        target=snapshot,
        summary=f"Froze the report for {period.label}",
        after={"figures_until": str(source.figures_until), "last_import": source.last_import},
    )
    return snapshot


def numbers_to_check(snapshot: ReportSnapshot) -> list[str]:
    """Small numbers left in the public version's written text, for the analyst to confirm."""
    from trustboard.reports import free_text
    from trustboard.reports.model import Report

    return free_text.numbers_to_check(Report.from_dict(snapshot.public))


@transaction.atomic
def publish_snapshot(
    *, snapshot: ReportSnapshot, actor, published: bool = True, confirmed: bool = False
) -> None:
    """Publish the public version (withdrawing any other of the same period, so two versions
    cannot be set side by side), or withdraw it.

    Written text is suppressed by rule, but a rule can miss a small number ("the two of
    them"), so every small number left must be confirmed by the analyst first.
    """
    if published:
        to_check = numbers_to_check(snapshot)
        if to_check and not confirmed:
            raise WorkflowError(
                f"Check the {len(to_check)} small number(s) in the written text first: "
                + " ".join(to_check)
            )
        for other in ReportSnapshot.objects.filter(period=snapshot.period, published=True):
            other.published = False
            other.save(update_fields=["published"])
            record(
                actor=actor,
                type=AuditType.REPORT_UNPUBLISH,
                target=other,
                summary=f"Withdrew {other}",
            )
    snapshot.published = published
    snapshot.save(update_fields=["published"])
    record(
        actor=actor,
        type=AuditType("report.publish" if published else "report.unpublish"),
        target=snapshot,
        summary=f"{snapshot}",
        after={"confirmed_numbers": confirmed} if published else None,
    )


def latest_snapshot(period_label: str) -> ReportSnapshot | None:
    return ReportSnapshot.objects.filter(period=period_label).first()


def snapshots(period_labels: Iterable[str] | None = None):
    rows = ReportSnapshot.objects.all()
    return rows.filter(period__in=list(period_labels)) if period_labels is not None else rows


def rendered(snapshot: ReportSnapshot, version: str, fmt: str) -> bytes:
    """The frozen report as a file: rendered once, then the same bytes every time."""
    from django.db import IntegrityError

    from trustboard.reports.model import Report
    from trustboard.web.reports import builder as report_builder
    from trustboard.web.reports.models import ReportFile

    kept = ReportFile.objects.filter(snapshot=snapshot, version=version, fmt=fmt).first()
    if kept is not None:
        return bytes(kept.data)
    report = Report.from_dict(snapshot.board if version == "board" else snapshot.public)
    data, _, _ = report_builder.render(report, fmt)
    try:
        with transaction.atomic():
            ReportFile.objects.create(snapshot=snapshot, version=version, fmt=fmt, data=data)
    except IntegrityError:  # rendered at the same moment by another request: keep theirs
        return bytes(ReportFile.objects.get(snapshot=snapshot, version=version, fmt=fmt).data)
    return data
