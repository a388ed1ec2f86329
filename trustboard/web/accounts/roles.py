"""Roles as lists of permissions, and the one function every view asks.

A user's roles are their Django groups, named as below. Keeping the table here means a new view
declares what it needs and a reader sees at a glance who may do what. Django is imported only
inside the functions, so the command line can list roles before settings exist.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


class Role(StrEnum):
    ANALYST = "analyst"
    CONTRIBUTOR = "contributor"
    OWNER = "owner"
    BOARD_MEMBER = "board member"
    ADMIN = "admin"


class Permission(StrEnum):
    VIEW_DASHBOARD = "view_dashboard"
    IMPORT_DATA = "import_data"
    READ_BOARD_REPORT = "read_board_report"
    EDIT_REPORT = "edit_report"
    WRITE_COMMENTARY = "write_commentary"
    APPROVE_COMMENTARY = "approve_commentary"
    SUBMIT_RETURN = "submit_return"
    """Fill in and submit one's own agency's early help return (never another agency's)."""
    MANAGE_RETURNS = "manage_returns"
    """Open return rounds, accept or send back returns, see every agency's, export, remind."""
    VIEW_ACTION_PLAN = "view_action_plan"
    UPDATE_ACTIONS = "update_actions"
    """Add dated progress updates to the actions one owns (or one's agency answers for)."""
    MANAGE_ACTION_PLAN = "manage_action_plan"
    """Import, edit and export the CYPP action plan."""
    VIEW_AUDIT = "view_audit"
    MANAGE_USERS = "manage_users"


# Everything an analyst may do except administering users.
_ANALYST = frozenset(Permission) - {Permission.MANAGE_USERS}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ANALYST: _ANALYST,
    Role.ADMIN: frozenset(Permission),
    Role.BOARD_MEMBER: frozenset(
        {Permission.VIEW_DASHBOARD, Permission.READ_BOARD_REPORT, Permission.VIEW_ACTION_PLAN}
    ),
    # Owners write "what is being done" for the indicators they answer for, and progress on
    # the actions they own.
    Role.OWNER: frozenset(
        {Permission.WRITE_COMMENTARY, Permission.VIEW_ACTION_PLAN, Permission.UPDATE_ACTIONS}
    ),
    # Contributors act for their own agency only: its return, and its actions' progress. They
    # do not see the dashboard, which shows every agency's figures.
    Role.CONTRIBUTOR: frozenset(
        {Permission.SUBMIT_RETURN, Permission.VIEW_ACTION_PLAN, Permission.UPDATE_ACTIONS}
    ),
}


def roles_of(user: User | AnonymousUser) -> set[Role]:
    if not user.is_authenticated or not user.is_active:
        return set()
    names = {g.name for g in user.groups.all()}
    return {role for role in Role if role.value in names}


def has_permission(user: User | AnonymousUser, permission: Permission) -> bool:
    return any(permission in ROLE_PERMISSIONS[role] for role in roles_of(user))


def permissions_of(user: User | AnonymousUser) -> frozenset[Permission]:
    """Everything the user may do, from one look at their roles (for menus and templates)."""
    found: set[Permission] = set()
    for role in roles_of(user):
        found |= ROLE_PERMISSIONS[role]
    return frozenset(found)


def grant_role(user: User, role: Role) -> None:
    from django.contrib.auth.models import Group

    group, _ = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)


def set_roles(user: User, roles: set[Role]) -> None:
    """Give the user exactly these roles, removing any others."""
    from django.contrib.auth.models import Group

    user.groups.remove(*user.groups.filter(name__in=[r.value for r in Role]))
    for role in roles:
        group, _ = Group.objects.get_or_create(name=role.value)
        user.groups.add(group)


def agency_of(user: User | AnonymousUser):
    """The agency a user works for, or None (anonymous, or not a member of any)."""
    if not user.is_authenticated:
        return None
    from trustboard.web.accounts.models import AgencyMembership

    membership = AgencyMembership.objects.select_related("agency").filter(user_id=user.pk).first()
    return membership.agency if membership is not None else None


def set_agency(user: User, agency) -> None:
    """Make the user a member of this agency (None: of none)."""
    from trustboard.web.accounts.models import AgencyMembership

    if agency is None:
        AgencyMembership.objects.filter(user=user).delete()
    else:
        AgencyMembership.objects.update_or_create(user=user, defaults={"agency": agency})
