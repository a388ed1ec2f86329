"""Shared fixtures: the small test framework, and one named user per role.

Permission tests then read like sentences: ``as_board_member.get(...)`` is refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: its database is new, its cache must be too."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def analytics_path(tmp_path, settings):
    """Each test lands rows in its own analytic store."""
    settings.ANALYTICS_PATH = tmp_path / "analytics.duckdb"
    return settings.ANALYTICS_PATH


@pytest.fixture
def framework(db, analytics_path):
    """The small test framework, loaded into the app database."""
    from trustboard.core.catalogue import load_framework
    from trustboard.web.framework import services

    loaded = load_framework(FIXTURES / "framework.yaml")
    services.load_catalogue(framework=loaded)
    return loaded


def _user(username: str, role: str | None):
    from django.contrib.auth.models import User

    from trustboard.web.accounts.roles import Role, grant_role

    user = User.objects.create_user(username, password=f"{username}-test-password")
    if role:
        grant_role(user, Role(role))
    return user


@pytest.fixture
def analyst(db):
    return _user("an.analyst", "analyst")


@pytest.fixture
def board_member(db):
    return _user("a.board.member", "board member")


@pytest.fixture
def health_contributor(db):
    return _user("a.health.contributor", "contributor")


@pytest.fixture
def user_without_role(db):
    return _user("no.role", None)


def _client_for(user):
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_analyst(analyst):
    return _client_for(analyst)


@pytest.fixture
def as_board_member(board_member):
    return _client_for(board_member)


@pytest.fixture
def as_health_contributor(health_contributor):
    return _client_for(health_contributor)


@pytest.fixture
def as_user_without_role(user_without_role):
    return _client_for(user_without_role)


@pytest.fixture
def as_anonymous(db):
    return _client_for(None)


@pytest.fixture
def import_file(framework):
    """Import a file as the command line does; returns the ImportResult."""
    from trustboard.web.framework import services

    def run(name: str, content: str | bytes):
        data = content.encode() if isinstance(content, str) else content
        return services.import_observations(name=name, data=data)

    return run
