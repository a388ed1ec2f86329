"""Template context every page needs: the partnership and what the viewer may do."""

from __future__ import annotations

from django.http import HttpRequest

from trustboard.web.performance.models import Partnership
from trustboard.web.performance.roles import Permission, has_permission


def partnership(request: HttpRequest) -> dict:
    return {
        "partnership": Partnership.current(),
        "can_import": has_permission(request.user, Permission.IMPORT_DATA),
        "can_view": has_permission(request.user, Permission.VIEW_DASHBOARD),
        "can_read_reports": has_permission(request.user, Permission.READ_BOARD_REPORT),
        "can_comment": has_permission(request.user, Permission.WRITE_COMMENTARY),
    }
