"""Template context every page needs: the partnership and what the viewer may do."""

from __future__ import annotations

from django.http import HttpRequest

from trustboard.web.accounts.roles import Permission, permissions_of
from trustboard.web.framework.models import Partnership


def partnership(request: HttpRequest) -> dict:
    may = permissions_of(request.user)
    return {
        "partnership": Partnership.current(),
        # ``may`` holds permission names: {% if "manage_returns" in may %}.
        "may": {p.value for p in may},
        "can_import": Permission.IMPORT_DATA in may,
        "can_view": Permission.VIEW_DASHBOARD in may,
        "can_read_reports": Permission.READ_BOARD_REPORT in may,
        "can_comment": Permission.WRITE_COMMENTARY in may,
    }
