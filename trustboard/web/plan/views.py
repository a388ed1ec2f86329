"""Pages of the CYPP action plan. Thin: they ask permissions, gather lines and call services.

Who may add progress to which action is :func:`services.may_update`, asked both when the page
decides to show the form and when a POST arrives, so an edited address or a hand-made POST gets
the same answer (403) as the page would have given.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from trustboard.web.accounts.decorators import require
from trustboard.web.accounts.models import Agency
from trustboard.web.accounts.roles import Permission, has_permission
from trustboard.web.framework.models import Partnership
from trustboard.web.plan import exports, queries, services
from trustboard.web.plan.forms import ActionEditForm, PlanUploadForm, UpdateForm
from trustboard.web.plan.importer import ImportError_, import_plan
from trustboard.web.plan.models import Action, PlanImport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require(Permission.VIEW_ACTION_PLAN)
def plan(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    overdue_only = request.GET.get("overdue") == "1"
    agencies = list(Agency.objects.filter(active=True))
    code = request.GET.get("agency", "")
    agency = next((a for a in agencies if a.code == code), None)
    found = queries.filtered(today=today, overdue_only=overdue_only, agency=agency)
    return render(
        request,
        "plan/plan.html",
        {
            "sections": queries.by_area(found),
            "count": len(found),
            "overdue_count": sum(1 for one in found if one.overdue),
            "agencies": agencies,
            "agency": agency,
            "overdue_only": overdue_only,
            "filtered": overdue_only or agency is not None,
            "today": today,
            "imports_exist": PlanImport.objects.exists(),
        },
    )


@require(Permission.VIEW_ACTION_PLAN)
@require_http_methods(["GET", "POST"])
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = queries.actions().filter(pk=pk).first()
    if action is None:
        raise Http404(f"No action {pk}")
    may_update = services.may_update(request.user, action)
    form = UpdateForm(initial={"on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if not may_update:
            raise PermissionDenied("only the action's owner, its agencies or an analyst")
        form = UpdateForm(request.POST)
        if form.is_valid():
            services.add_update(
                action=action,
                actor=request.user,
                on=form.cleaned_data["on"],
                text=form.cleaned_data["text"],
            )
            messages.success(request, "Your progress update was added.")
            return redirect("plan_action", pk=action.pk)
        status = 400
    return _action_page(request, action, form, may_update, status=status)


def _action_page(
    request: HttpRequest,
    action: Action,
    form: UpdateForm,
    may_update: bool,
    *,
    edit_form: ActionEditForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    line = queries.lines(queries.actions().filter(pk=action.pk), today)[0]
    can_manage = has_permission(request.user, Permission.MANAGE_ACTION_PLAN)
    if can_manage and edit_form is None:
        edit_form = ActionEditForm(
            initial={
                "owner": action.owner_id,
                "update_every_months": action.update_every_months,
                "agencies": list(action.agencies.all()),
                "other_responsible": action.other_responsible,
                "indicator_codes": ", ".join(i.code for i in action.indicators.all()),
                "board_leads": action.board_leads,
                "timetable": action.timetable,
            }
        )
    updates = sorted(line.action.updates.all(), key=lambda u: u.sort_key(u), reverse=True)
    return render(
        request,
        "plan/action.html",
        {
            "line": line,
            "action": line.action,
            "updates": updates,
            "form": form,
            "may_update": may_update,
            "edit_form": edit_form if can_manage else None,
        },
        status=status,
    )


@require(Permission.MANAGE_ACTION_PLAN)
@require_POST
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action, pk=pk)
    form = ActionEditForm(request.POST)
    if not form.is_valid():
        update_form = UpdateForm(initial={"on": timezone.localdate()})
        return _action_page(
            request,
            action,
            update_form,
            services.may_update(request.user, action),
            edit_form=form,
            status=400,
        )
    data = form.cleaned_data
    changed = services.edit_action(
        action=action,
        actor=request.user,
        owner=data["owner"],
        update_every_months=data["update_every_months"],
        agencies=list(data["agencies"]),
        other_responsible=data["other_responsible"],
        indicators=data["indicator_codes"],
        board_leads=data["board_leads"],
        timetable=data["timetable"],
    )
    messages.success(request, "The action was changed." if changed else "Nothing was changed.")
    return redirect("plan_action", pk=action.pk)


@require(Permission.VIEW_ACTION_PLAN)
def overdue(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(request, "plan/overdue.html", {"lines": queries.overdue(today), "today": today})


@require(Permission.MANAGE_ACTION_PLAN)
@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest) -> HttpResponse:
    result = None
    errors: list = []
    form = PlanUploadForm()
    if request.method == "POST":
        form = PlanUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = import_plan(
                    upload.name,
                    upload.read(),
                    actor=request.user,
                    today=form.cleaned_data["progress_date"],
                )
            except ImportError_ as error:
                errors = error.errors
            else:
                form = PlanUploadForm()
    status = 400 if errors or (request.method == "POST" and form.errors) else 200
    return render(
        request,
        "plan/import.html",
        {
            "form": form,
            "result": result,
            "errors": errors,
            "imports": PlanImport.objects.select_related("imported_by")[:20],
        },
        status=status,
    )


def _export_sections(today):
    return queries.by_area(queries.lines(queries.actions(), today))


@require(Permission.VIEW_ACTION_PLAN)
def export_xlsx(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    response = HttpResponse(exports.plan_xlsx(_export_sections(today), today), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="cypp-action-plan-{today}.xlsx"'
    return response


@require(Permission.VIEW_ACTION_PLAN)
def export_docx(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    partnership = Partnership.current()
    data = exports.plan_docx(
        _export_sections(today), today, partnership.name if partnership else ""
    )
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="cypp-action-plan-{today}.docx"'
    return response
