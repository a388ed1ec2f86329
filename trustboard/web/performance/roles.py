"""Roles as lists of permissions, and the one function every view asks.

A user's roles are their Django groups, named as below. Keeping the table here means a new view
declares what it needs and a reader sees at a glance who may do what.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, Group, User


class Role(StrEnum):
    ANALYST = "analyst"
    CONTRIBUTOR = "contributor"
    OWNER = "owner"
    BOARD_MEMBER = "board member"
    ADMIN = "admin"


class Permission(StrEnum):
    VIEW_DASHBOARD = "view_dashboard"
    VIEW_RECORD_HISTORY = "view_record_history"
    IMPORT_DATA = "import_data"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ANALYST: frozenset(Permission),
    Role.ADMIN: frozenset(Permission),
    Role.BOARD_MEMBER: frozenset({Permission.VIEW_DASHBOARD, Permission.VIEW_RECORD_HISTORY}),
    Role.CONTRIBUTOR: frozenset({Permission.VIEW_DASHBOARD}),
    Role.OWNER: frozenset({Permission.VIEW_DASHBOARD}),
}


def roles_of(user: User | AnonymousUser) -> set[Role]:
    if not user.is_authenticated or not user.is_active:
        return set()
    names = {g.name for g in user.groups.all()}
    return {role for role in Role if role.value in names}


def has_permission(user: User | AnonymousUser, permission: Permission) -> bool:
    return any(permission in ROLE_PERMISSIONS[role] for role in roles_of(user))


def grant_role(user: User, role: Role) -> None:
    group, _ = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
