"""Every change to early help returns: keyword-only, one transaction each, audited.

The permission rules are enforced here as well as in the views, so that no caller (a view, a
command, a test) can let one agency's contributor change another agency's return: a
contributor acts only on the return of ``agency_of(actor)``, and only while the agency still
owes it (not started, draft or sent back). Analysts open rounds and accept or send back
submitted returns; they do not write an agency's return for it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from trustboard.core import periods
from trustboard.core.periods import Basis, Kind, PeriodError
from trustboard.web.accounts.models import Agency
from trustboard.web.accounts.roles import Permission, agency_of, has_permission
from trustboard.web.audit.events import AuditType
from trustboard.web.audit.services import record
from trustboard.web.returns.models import AgencyReturn, ReturnRound, ReturnStatus

NUMBER_FIELDS = ("target_this_year", "target_next_year", "achieved")
TEXT_FIELDS = ("narrative", "barriers", "governance")
FIELDS = NUMBER_FIELDS + TEXT_FIELDS
TEXT_MAX = 10_000
"""Characters allowed in each written answer: about three pages, more than a board paper
section, and a bound on what a pasted document can put in the database and the export."""
NUMBER_MAX = 1_000_000
"""No agency completes a million assessments a year; a larger figure is a typing slip."""
ROUND_KINDS = (Kind.MONTH, Kind.QUARTER, Kind.FINANCIAL_YEAR)
"""Periods a round may cover: within one financial year (the targets are per financial year)
and made of whole months (the data's counts are monthly)."""


class ReturnError(ValueError):
    """A step the returns workflow does not allow here, or answers that do not pass.

    ``errors`` maps a field name ("" for the return as a whole) to what is wrong, so a form can
    show each message beside its field.
    """

    def __init__(self, errors: Mapping[str, str] | str):
        self.errors = {"": errors} if isinstance(errors, str) else dict(errors)
        super().__init__("; ".join(self.errors.values()))


@dataclass(frozen=True)
class Answers:
    """A return's answers, cleaned: whole numbers (or None) and trimmed text."""

    target_this_year: int | None = None
    target_next_year: int | None = None
    achieved: int | None = None
    narrative: str = ""
    barriers: str = ""
    governance: str = ""


_WHOLE = re.compile(r"^\d+$")


def _whole_number(value: object) -> int | None:
    """A whole number of 0 or more from an int or text ("1,200" and " 12 " are fine).

    Raises ValueError with the message shown to the person filling in the form.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("Enter a whole number, like 120")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = str(value).strip().replace(",", "").replace(" ", "")
        if not text:
            return None
        if text.startswith("-") and _WHOLE.match(text[1:]):
            raise ValueError("Enter 0 or more")
        if not _WHOLE.match(text):
            raise ValueError("Enter a whole number, like 120")
        number = int(text)
    if number < 0:
        raise ValueError("Enter 0 or more")
    if number > NUMBER_MAX:
        raise ValueError(f"Enter a number no larger than {NUMBER_MAX:,}")
    return number


def clean_answers(values: Mapping[str, object], *, submitting: bool) -> Answers:
    """Check a return's answers; :class:`ReturnError` lists every field that does not pass.

    Targets and the number achieved are whole numbers of 0 or more and may be left blank in a
    draft; the narrative is needed to submit, since the board reads it beside the figures.
    """
    errors: dict[str, str] = {}
    cleaned: dict[str, object] = {}
    for name in NUMBER_FIELDS:
        try:
            cleaned[name] = _whole_number(values.get(name))
        except ValueError as error:
            errors[name] = str(error)
    for name in TEXT_FIELDS:
        text = str(values.get(name) or "").strip()
        if len(text) > TEXT_MAX:
            errors[name] = f"Use {TEXT_MAX:,} characters or fewer (you have {len(text):,})"
        cleaned[name] = text
    if submitting and not cleaned["narrative"] and "narrative" not in errors:
        errors["narrative"] = "Write a narrative of your performance against the targets"
    if errors:
        raise ReturnError(errors)
    return Answers(**cleaned)  # type: ignore[arg-type]


def snapshot(row: AgencyReturn) -> dict:
    """The return's state as the audit log keeps it, before and after each change."""

    def when(value):
        return value.isoformat() if value is not None else None

    return {
        "status": row.status,
        **{name: getattr(row, name) for name in FIELDS},
        "reviewer_comment": row.reviewer_comment,
        "submitted_at": when(row.submitted_at),
        "submitted_by": row.submitted_by.get_username() if row.submitted_by else None,
        "reviewed_at": when(row.reviewed_at),
        "reviewed_by": row.reviewed_by.get_username() if row.reviewed_by else None,
    }


# -- who may do what --------------------------------------------------------------------------
def may_manage(user) -> bool:
    return user is not None and has_permission(user, Permission.MANAGE_RETURNS)


def own_agency(user) -> Agency | None:
    """The agency whose return the user may fill in, or None."""
    if user is None or not has_permission(user, Permission.SUBMIT_RETURN):
        return None
    return agency_of(user)


def may_edit(user, row: AgencyReturn) -> bool:
    agency = own_agency(user)
    return agency is not None and agency.pk == row.agency_id


def may_view(user, row: AgencyReturn) -> bool:
    return may_manage(user) or may_edit(user, row)


def _require_manager(actor) -> None:
    if not may_manage(actor):
        raise PermissionDenied("needs permission manage_returns")


def _require_own(actor, row: AgencyReturn) -> None:
    if not may_edit(actor, row):
        # The same words whatever the reason, so nothing is learnt about another agency.
        raise PermissionDenied("only the agency's own contributors may change its return")


def _locked(row: AgencyReturn) -> AgencyReturn:
    """The row read again inside the transaction, so two people cannot both act on one state."""
    return (
        AgencyReturn.objects.select_for_update(of=("self",))
        .select_related("round", "agency")
        .get(pk=row.pk)
    )


# -- rounds -----------------------------------------------------------------------------------
def round_period(label: str) -> periods.Period:
    """The period a round covers, from what the analyst typed; ReturnError if not one."""
    try:
        period = periods.parse(label)
    except PeriodError as error:
        raise ReturnError({"period": f"{error}"}) from None
    if period.kind not in ROUND_KINDS:
        raise ReturnError(
            {"period": "Enter a quarter, a month or a financial year, like Q3 2022/23"}
        )
    return period


@transaction.atomic
def open_round(*, actor, period: str, due: date, message: str = "") -> ReturnRound:
    """Ask every active agency for its return for ``period``, due on ``due``."""
    _require_manager(actor)
    parsed = round_period(period)
    if ReturnRound.objects.filter(period=parsed.label).exists():
        raise ReturnError({"period": f"A round for {parsed.label} is already open"})
    year = parsed.year(Basis.FINANCIAL)
    row = ReturnRound.objects.create(
        period=parsed.label,
        period_start=parsed.start,
        period_end=parsed.end,
        financial_year=year.label,
        next_financial_year=year.shift_years(1).label,
        due=due,
        message=message.strip(),
        opened_by=actor,
    )
    agencies = list(Agency.objects.filter(active=True))
    AgencyReturn.objects.bulk_create(AgencyReturn(round=row, agency=a) for a in agencies)
    record(
        actor=actor,
        type=AuditType.RETURNS_OPEN_ROUND,
        target=row,
        summary=f"Opened early help returns for {row.period}, due {due:%d/%m/%Y}, "
        f"from {len(agencies)} agencies",
        after={
            "period": row.period,
            "due": due.isoformat(),
            "message": row.message,
            "agencies": [a.code for a in agencies],
        },
    )
    return row


# -- an agency's return -----------------------------------------------------------------------
def _write(row: AgencyReturn, answers: Answers, actor) -> None:
    for name in FIELDS:
        setattr(row, name, getattr(answers, name))
    row.saved_at = timezone.now()
    row.saved_by = actor


@transaction.atomic
def save_draft(*, actor, agency_return: AgencyReturn, values: Mapping[str, object]) -> AgencyReturn:
    """Keep the contributor's answers without submitting them (incomplete answers are fine)."""
    _require_own(actor, agency_return)
    row = _locked(agency_return)
    if not row.is_open:
        raise ReturnError(f"This return is {row.get_status_display().lower()} and cannot change")
    answers = clean_answers(values, submitting=False)
    before = snapshot(row)
    _write(row, answers, actor)
    if row.status == ReturnStatus.NOT_STARTED:
        row.status = ReturnStatus.DRAFT
    # A return sent back stays "sent back" until it is submitted again, so the analyst can see
    # it is still owed and the contributor still sees why it came back.
    row.save()
    record(
        actor=actor,
        type=AuditType.RETURNS_SAVE_DRAFT,
        target=row,
        summary=f"Saved draft: {row}",
        before=before,
        after=snapshot(row),
    )
    return row


@transaction.atomic
def submit(*, actor, agency_return: AgencyReturn, values: Mapping[str, object]) -> AgencyReturn:
    """Save the answers and hand the return to the analysts; it is then read-only to the agency."""
    _require_own(actor, agency_return)
    row = _locked(agency_return)
    if not row.is_open:
        raise ReturnError(f"This return is {row.get_status_display().lower()} already")
    answers = clean_answers(values, submitting=True)
    before = snapshot(row)
    _write(row, answers, actor)
    row.status = ReturnStatus.SUBMITTED
    row.submitted_at = row.saved_at
    row.submitted_by = actor
    row.save()
    record(
        actor=actor,
        type=AuditType.RETURNS_SUBMIT,
        target=row,
        summary=f"Submitted: {row}",
        before=before,
        after=snapshot(row),
    )
    return row


@transaction.atomic
def accept(*, actor, agency_return: AgencyReturn, comment: str = "") -> AgencyReturn:
    """An analyst accepts a submitted return, with an optional comment."""
    _require_manager(actor)
    row = _locked(agency_return)
    if row.status != ReturnStatus.SUBMITTED:
        raise ReturnError(f"Only a submitted return can be accepted; this one is {row.status}")
    before = snapshot(row)
    row.status = ReturnStatus.ACCEPTED
    row.reviewer_comment = comment.strip()[:TEXT_MAX]
    row.reviewed_at = timezone.now()
    row.reviewed_by = actor
    row.save()
    record(
        actor=actor,
        type=AuditType.RETURNS_ACCEPT,
        target=row,
        summary=f"Accepted: {row}",
        before=before,
        after=snapshot(row),
    )
    return row


@transaction.atomic
def send_back(*, actor, agency_return: AgencyReturn, comment: str) -> AgencyReturn:
    """An analyst returns a submitted (or accepted) return to the agency, saying why."""
    _require_manager(actor)
    comment = comment.strip()
    if not comment:
        raise ReturnError({"comment": "Say what the agency needs to change"})
    if len(comment) > TEXT_MAX:
        raise ReturnError({"comment": f"Use {TEXT_MAX:,} characters or fewer"})
    row = _locked(agency_return)
    if row.status not in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED):
        raise ReturnError("Only a submitted or accepted return can be sent back")
    before = snapshot(row)
    row.status = ReturnStatus.SENT_BACK
    row.reviewer_comment = comment
    row.reviewed_at = timezone.now()
    row.reviewed_by = actor
    row.save()
    record(
        actor=actor,
        type=AuditType.RETURNS_SEND_BACK,
        target=row,
        summary=f"Sent back: {row}",
        before=before,
        after=snapshot(row),
    )
    return row
