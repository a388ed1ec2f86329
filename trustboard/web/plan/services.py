"""Changes to the plan made on the web: progress updates and an analyst's edits to an action.

Keyword-only functions, each one transaction writing the audit log (as the framework's own
services do), so the pages, the command line and the tests change the plan the same way. Who
may update which action is decided here too, in :func:`may_update`, so the page that offers the
form and the view that accepts it cannot disagree.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from trustboard.web.accounts.models import Agency
from trustboard.web.accounts.roles import Permission, agency_of, has_permission
from trustboard.web.audit.events import AuditType
from trustboard.web.audit.services import record
from trustboard.web.framework.models import Indicator
from trustboard.web.plan.importer import action_state, update_state
from trustboard.web.plan.models import Action, ActionUpdate


def may_update(user: AbstractBaseUser | AnonymousUser, action: Action) -> bool:
    """Analysts may update any action; holders of UPDATE_ACTIONS only the actions they own or
    that their agency answers for. A contributor who edits the address to reach another
    agency's action is refused here."""
    if not user.is_authenticated:
        return False
    if has_permission(user, Permission.MANAGE_ACTION_PLAN):
        return True
    if not has_permission(user, Permission.UPDATE_ACTIONS):
        return False
    if action.owner_id is not None and action.owner_id == user.pk:
        return True
    agency = agency_of(user)
    return agency is not None and action.agencies.filter(pk=agency.pk).exists()


@transaction.atomic
def add_update(*, action: Action, actor: AbstractBaseUser, on: date, text: str) -> ActionUpdate:
    """Add a dated progress update. Updates are never edited: a correction is another update."""
    if not may_update(actor, action):
        raise PermissionError(f"{actor} may not update action {action.pk}")
    update = ActionUpdate.objects.create(action=action, date=on, text=text.strip(), author=actor)
    record(
        actor=actor,
        type=AuditType.PLAN_UPDATE_ADD,
        target=update,
        summary=f"Progress on action {action.pk} at {on:%d/%m/%Y}",
        after=update_state(update),
    )
    return update


@transaction.atomic
def edit_action(
    *,
    action: Action,
    actor: AbstractBaseUser,
    owner: AbstractBaseUser | None,
    update_every_months: int,
    agencies: list[Agency],
    other_responsible: str,
    indicators: list[Indicator],
    board_leads: str,
    timetable: str,
) -> bool:
    """An analyst's change to who answers for an action and how it is measured.

    Returns whether anything changed; an unchanged form writes no audit event.
    """
    if not has_permission(actor, Permission.MANAGE_ACTION_PLAN):
        raise PermissionError(f"{actor} may not edit the action plan")
    before = action_state(action)
    action.owner = owner
    action.update_every_months = update_every_months
    action.other_responsible = other_responsible.strip()
    action.board_leads = board_leads.strip()
    action.timetable = timetable.strip()
    action.save()
    action.agencies.set(agencies)
    action.indicators.set(indicators)
    after = action_state(action)
    if before == after:
        return False
    record(
        actor=actor,
        type=AuditType.PLAN_ACTION_EDIT,
        target=action,
        summary=f"Edited action {action.pk}",
        before=before,
        after=after,
    )
    return True
