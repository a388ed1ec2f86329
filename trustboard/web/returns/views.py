"""Early help returns on the web. Thin: they check who may see what and call the services.

Who sees what:

- a contributor sees only its own agency's returns (``agency_of``) and edits one while the
  agency still owes it; any address naming another agency's return is answered 404, exactly
  as one naming a return that does not exist, so nothing is learnt by trying addresses;
- an analyst (``manage_returns``) sees every agency's return, opens rounds, accepts or sends
  back submitted returns and exports a round to Excel;
- anyone else signed in is refused (403); anonymous visitors are sent to sign in.

The services check the same rules again, so a view that forgot would still not let a
contributor change another agency's return.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from trustboard.core.formatting import figure
from trustboard.web.accounts.decorators import require
from trustboard.web.accounts.models import Agency
from trustboard.web.accounts.roles import Permission, has_permission
from trustboard.web.exports import safe_row
from trustboard.web.measures import early_help
from trustboard.web.returns import figures, services
from trustboard.web.returns.forms import ReturnForm, ReviewForm, RoundForm
from trustboard.web.returns.models import AgencyReturn, ReturnRound, ReturnStatus
from trustboard.web.returns.services import ReturnError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _signed_in_with_returns(request: HttpRequest) -> HttpResponse | None:
    """None if the visitor may use returns at all; else the login redirect (or 403 raised).

    A contributor not yet linked to an agency gets in, to be told so on the list page; every
    return is then 404 to them, since none is theirs.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (
        has_permission(request.user, Permission.SUBMIT_RETURN)
        or has_permission(request.user, Permission.MANAGE_RETURNS)
    ):
        raise PermissionDenied("needs permission submit_return or manage_returns")
    return None


def _today() -> date:
    return timezone.localdate()


def status_text(row: AgencyReturn, today: date) -> str:
    """The status in words, with "late" said rather than coloured."""
    text = row.get_status_display()
    if row.is_late(today):
        days = (today - row.round.due).days
        text += f", late by {days} day{'s' if days != 1 else ''}"
    return text


def data_hint(count: figures.DataCount | None, agency: Agency) -> str:
    """What the records say about the agency's assessments, for beside the "achieved" box."""
    if not agency.records_as:
        return "The partnership's records do not count this agency's assessments separately."
    if count is None:
        return "No assessments have been counted from the partnership's records for this year yet."
    return (
        f"The partnership's records count {figure(count.total)} assessments by "
        f"{agency.records_as} ({count.window})."
    )


@dataclass(frozen=True)
class Line:
    """One agency's return as the partnership view and the export show it."""

    row: AgencyReturn
    status: str
    late: bool
    data: figures.DataCount | None
    review: ReviewForm | None = None

    @property
    def difference(self) -> float | None:
        if self.data is None or self.row.achieved is None:
            return None
        return self.row.achieved - self.data.total


def _lines(round_: ReturnRound, today: date, with_review: bool = False) -> list[Line]:
    found = figures.figures_for(round_)
    rows = round_.returns.select_related("agency", "submitted_by", "reviewed_by")
    return [
        Line(
            row=row,
            status=status_text(row, today),
            late=row.is_late(today),
            data=figures.eha_count(found, round_, row.agency),
            review=ReviewForm(prefix_id=row.agency.code)
            if with_review and row.status == ReturnStatus.SUBMITTED
            else None,
        )
        for row in rows
    ]


# -- the list -------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def returns(request: HttpRequest) -> HttpResponse:
    """A contributor's own agency's returns; for an analyst, every round and a form to open one."""
    refused = _signed_in_with_returns(request)
    if refused is not None:
        return refused
    manage = services.may_manage(request.user)
    form = RoundForm()
    if request.method == "POST":
        if not manage:
            raise PermissionDenied("needs permission manage_returns")
        form = RoundForm(request.POST)
        if form.is_valid():
            try:
                round_ = services.open_round(
                    actor=request.user,
                    period=form.cleaned_data["period"],
                    due=form.cleaned_data["due"],
                    message=form.cleaned_data["message"],
                )
            except ReturnError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    f"Opened the returns for {round_.period}: "
                    f"{round_.returns.count()} agencies asked, due {round_.due:%d/%m/%Y}.",
                )
                return redirect("return_round", round_id=round_.pk)
    today = _today()
    agency = services.own_agency(request.user)
    own = []
    if agency is not None:
        for row in AgencyReturn.objects.filter(agency=agency).select_related("round", "agency"):
            own.append((row, status_text(row, today)))
    rounds = []
    if manage:
        for round_ in ReturnRound.objects.prefetch_related("returns"):
            rows = list(round_.returns.all())
            rounds.append(
                {
                    "round": round_,
                    "count": len(rows),
                    "submitted": sum(r.status == ReturnStatus.SUBMITTED for r in rows),
                    "accepted": sum(r.status == ReturnStatus.ACCEPTED for r in rows),
                    "late": sum(r.is_late(today) for r in rows),
                }
            )
    return render(
        request,
        "returns/returns.html",
        {
            "manage": manage,
            "agency": agency,
            "own": own,
            "rounds": rounds,
            "form": form,
            "errors": _error_links(form) if form.is_bound else [],
        },
    )


# -- the partnership view -------------------------------------------------------------------
@require(Permission.MANAGE_RETURNS)
def return_round(request: HttpRequest, round_id: int) -> HttpResponse:
    """Every agency's return beside the data's count, the agency ratios, and what to review."""
    round_ = get_object_or_404(ReturnRound.objects.select_related("opened_by"), pk=round_id)
    today = _today()
    lines = _lines(round_, today, with_review=True)
    ratios = early_help.ratio_table(figures.figures_for(round_))
    months = figures.year_to_date(round_)
    return render(
        request,
        "returns/round.html",
        {
            "round": round_,
            "lines": lines,
            "to_review": [line for line in lines if line.review is not None],
            "ratios": ratios,
            "ytd": f"{months[0].label} to {months[-1].label}",
            "done": sum(
                line.row.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED) for line in lines
            ),
            "late": sum(line.late for line in lines),
            "overdue": round_.is_overdue(today),
        },
    )


# -- one agency's return --------------------------------------------------------------------
def _visible_return(request: HttpRequest, round_id: int, agency_code: str) -> AgencyReturn:
    """The return, if the viewer may see it; 404 for a contributor of another agency."""
    if not services.may_manage(request.user):
        agency = services.own_agency(request.user)
        if agency is None or agency.code != agency_code:
            raise Http404("no such return")
    row = get_object_or_404(
        AgencyReturn.objects.select_related(
            "round", "agency", "submitted_by", "reviewed_by", "saved_by"
        ),
        round_id=round_id,
        agency__code=agency_code,
    )
    if not services.may_view(request.user, row):  # the service's own rule, asked again
        raise Http404("no such return")
    return row


def _after_review(request: HttpRequest, row: AgencyReturn) -> HttpResponse:
    if request.POST.get("from") == "round":
        return redirect("return_round", round_id=row.round_id)
    return redirect("agency_return", round_id=row.round_id, agency_code=row.agency.code)


@require_http_methods(["GET", "POST"])
def agency_return(request: HttpRequest, round_id: int, agency_code: str) -> HttpResponse:
    """The return form for the agency's contributors; the review for analysts."""
    refused = _signed_in_with_returns(request)
    if refused is not None:
        return refused
    row = _visible_return(request, round_id, agency_code)
    editable = services.may_edit(request.user, row) and row.is_open
    manage = services.may_manage(request.user)
    count = figures.eha_count(figures.figures_for(row.round), row.round, row.agency)
    hint = data_hint(count, row.agency)
    forms = {
        "form": ReturnForm(agency_return=row, data_hint=hint) if editable else None,
        "review": ReviewForm() if manage else None,
    }
    if request.method == "POST":
        answer = _return_step(request, row, forms, data_hint=hint, manage=manage)
        if answer is not None:
            return answer
    form, review = forms["form"], forms["review"]
    errors = []
    for bound in (form, review):
        if bound is not None and bound.is_bound:
            errors += _error_links(bound)
    return render(
        request,
        "returns/return.html",
        {
            "row": row,
            "round": row.round,
            "agency": row.agency,
            "status": status_text(row, _today()),
            "late": row.is_late(_today()),
            "form": form,
            "review": review,
            "manage": manage,
            "count": count,
            "data_hint": hint,
            "errors": errors,
        },
    )


def _return_step(
    request: HttpRequest, row: AgencyReturn, forms: dict, *, data_hint: str, manage: bool
) -> HttpResponse | None:
    """One posted step of a return: a redirect when it is done, else the bound form left in
    ``forms``, carrying the service's refusal, for the page to show again."""
    action = request.POST.get("action", "")
    try:
        if action in ("save", "submit"):
            if not services.may_edit(request.user, row):
                raise PermissionDenied("only the agency's contributors edit its return")
            if not row.is_open:
                raise ReturnError("This return has been submitted and can no longer change")
            form = forms["form"] = ReturnForm(request.POST, agency_return=row, data_hint=data_hint)
            if form.is_valid():
                change = services.submit if action == "submit" else services.save_draft
                change(actor=request.user, agency_return=row, values=form.cleaned_data)
                messages.success(
                    request,
                    "Your return has been submitted."
                    if action == "submit"
                    else "Your draft has been saved.",
                )
                return redirect("agency_return", round_id=row.round_id, agency_code=row.agency.code)
        elif action in ("accept", "send_back"):
            if not manage:
                raise PermissionDenied("needs permission manage_returns")
            review = forms["review"] = ReviewForm(request.POST)
            if review.is_valid():
                comment = review.cleaned_data["comment"]
                if action == "accept":
                    services.accept(actor=request.user, agency_return=row, comment=comment)
                    messages.success(request, f"Accepted the return from {row.agency}.")
                else:
                    services.send_back(actor=request.user, agency_return=row, comment=comment)
                    messages.success(request, f"Sent the return back to {row.agency}.")
                return _after_review(request, row)
        else:
            raise PermissionDenied("unknown action")
    except ReturnError as error:
        target = forms["form"] if action in ("save", "submit") else forms["review"]
        if target is not None and target.is_bound:
            target.add_service_errors(error)
        else:
            messages.error(request, str(error))
    return None


def _error_links(form) -> list[tuple[str, str]]:
    """(anchor, message) for the error summary: each links to its field."""
    links = []
    for name, field_errors in form.errors.items():
        anchor = f"#{form[name].auto_id}" if name in form.fields else ""
        links += [(anchor, message) for message in field_errors]
    return links


# -- the export -----------------------------------------------------------------------------
EXPORT_HEADINGS = (
    "Round",
    "Financial year",
    "Due date",
    "Agency code",
    "Agency",
    "Status",
    "Late",
    "EHA target this financial year",
    "EHA target next financial year",
    "EHAs achieved (agency's count)",
    "EHAs in the records (year to date)",
    "Months of records",
    "Narrative",
    "Barriers and challenges",
    "Internal governance and reporting",
    "Reviewer comment",
    "Submitted at",
    "Submitted by",
    "Reviewed at",
    "Reviewed by",
)


def _local(value: datetime | None) -> datetime | None:
    """Local time without a zone: spreadsheets have no time zones."""
    return timezone.localtime(value).replace(tzinfo=None) if value is not None else None


def _username(user) -> str:
    return user.get_username() if user is not None else ""


@require(Permission.MANAGE_RETURNS)
def returns_export(request: HttpRequest, round_id: int) -> HttpResponse:
    """One row per agency with every field, every text cell made safe from formulas."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    round_ = get_object_or_404(ReturnRound, pk=round_id)
    today = _today()
    book = Workbook()
    sheet = book.active
    sheet.title = "Returns"
    sheet.append(safe_row(EXPORT_HEADINGS))
    for line in _lines(round_, today):
        row = line.row
        sheet.append(
            safe_row(
                [
                    round_.period,
                    round_.financial_year,
                    round_.due,
                    row.agency.code,
                    row.agency.name,
                    row.get_status_display(),
                    "Yes" if line.late else "No",
                    row.target_this_year,
                    row.target_next_year,
                    row.achieved,
                    line.data.total if line.data else None,
                    line.data.months if line.data else None,
                    row.narrative,
                    row.barriers,
                    row.governance,
                    row.reviewer_comment,
                    _local(row.submitted_at),
                    _username(row.submitted_by),
                    _local(row.reviewed_at),
                    _username(row.reviewed_by),
                ]
            )
        )
    sheet.freeze_panes = "A2"
    for index, heading in enumerate(EXPORT_HEADINGS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(len(heading), 40))
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "dd/mm/yyyy"
    buffer = BytesIO()
    book.save(buffer)
    name = f"early-help-returns-{round_.period.replace(' ', '-').replace('/', '-')}.xlsx"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
