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


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ANALYST: frozenset(Permission),
    Role.ADMIN: frozenset(Permission),
    Role.BOARD_MEMBER: frozenset({Permission.VIEW_DASHBOARD, Permission.READ_BOARD_REPORT}),
    # Owners write "what is being done" for the indicators they answer for.
    Role.OWNER: frozenset({Permission.WRITE_COMMENTARY}),
    # Contributors will see their own agency's returns; until those views exist they see
    # nothing, because the dashboard shows every agency's figures.
    Role.CONTRIBUTOR: frozenset(),
}


def roles_of(user: User | AnonymousUser) -> set[Role]:
    if not user.is_authenticated or not user.is_active:
        return set()
    names = {g.name for g in user.groups.all()}
    return {role for role in Role if role.value in names}


def has_permission(user: User | AnonymousUser, permission: Permission) -> bool:
    return any(permission in ROLE_PERMISSIONS[role] for role in roles_of(user))


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
