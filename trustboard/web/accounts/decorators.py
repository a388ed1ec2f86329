"""The one decorator every view wears: who may open it, decided by the role table."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from trustboard.web.accounts.roles import Permission, has_permission


def require(permission: Permission) -> Callable:
    """Anonymous visitors go to the login page; signed-in users without the right get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_permission(request.user, permission):
                if permission is Permission.VIEW_DASHBOARD and has_permission(
                    request.user, Permission.WRITE_COMMENTARY
                ):
                    # An owner who follows a link to the dashboard lands on their work.
                    return redirect("commentary")
                raise PermissionDenied(f"needs permission {permission.value}")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
