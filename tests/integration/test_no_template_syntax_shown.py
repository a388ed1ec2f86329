"""No page shows its template's own syntax to a reader.

Django comments are one line: a ``{# ... #}`` that runs over two lines is printed as text, and a
mistyped tag or variable can be too. Every route in the access table is opened by every role
it is open to, with early help figures and a return round in place so that the conditional
parts of pages render as well, and no answer may contain ``{#``, ``{%`` or ``{{``.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.integration.early_help_figures import make_early_help_figures
from tests.integration.test_every_page_every_role import (  # noqa: F401 - world is a fixture
    EVERYONE,
    POLICY,
    POST_ONLY,
    _client,
    world,
)
from trustboard.web.framework.models import Partnership

pytestmark = pytest.mark.db_backend

TEMPLATE_SYNTAX = ("{#", "#}", "{%", "%}", "{{", "}}")


@pytest.fixture
def full_world(world):  # noqa: F811 - the fixture imported above
    """The access table's world, with the figures the early help page and returns show."""
    Partnership.objects.update(reporting_period="Q3 2022/23")
    make_early_help_figures()
    return world


@pytest.mark.parametrize("who", EVERYONE)
def test_no_page_shows_template_syntax(full_world, who):
    users, args = full_world
    client = _client(users, who)
    shown = []
    for name, allowed in sorted(POLICY.items()):
        if name in POST_ONLY or who not in allowed:
            continue
        response = client.get(reverse(name, args=args.get(name, [])), follow=True)
        if "html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        found = [mark for mark in TEMPLATE_SYNTAX if mark in body]
        if found:
            at = body.index(found[0])
            shown.append(f"{name}: {found} near {body[max(0, at - 60) : at + 60]!r}")
    assert not shown, f"{who}: " + "; ".join(shown)
