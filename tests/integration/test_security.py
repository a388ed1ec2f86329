"""What an information governance review asks of the web app, each checked.

Production settings pass Django's deployment check; every page carries a Content-Security-
Policy; sessions end when idle; password guessing is refused after five failures; uploads are
what their names say; every form needs its CSRF token; passwords are at least 12 characters.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
import zipfile
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from trustboard.web import uploads
from trustboard.web.accounts import login_limit
from trustboard.web.accounts.models import LoginAttempt
from trustboard.web.framework.models import Observation

ROOT = Path(__file__).parents[2]
TEMPLATE_DIRS = [
    ROOT / "trustboard" / "web" / "templates",
    *ROOT.glob("trustboard/web/*/templates"),
]
PASSWORD = "a-long-analyst-password"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """A sign-in test signs in dozens of times; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Production settings


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        # A clean deployment: nothing from this test run (the browser tests set
        # DJANGO_ALLOW_ASYNC_UNSAFE, which the check rightly refuses in production).
        if not k.startswith(("TRUSTBOARD_", "DJANGO_"))
    }
    return env | {
        "DJANGO_SETTINGS_MODULE": "trustboard.web.settings",
        "TRUSTBOARD_DATA_DIR": str(tmp_path / "data"),
        "TRUSTBOARD_PRODUCTION": "1",
        "TRUSTBOARD_ALLOWED_HOSTS": "trustboard.example.gov.uk",
        "TRUSTBOARD_CSRF_TRUSTED_ORIGINS": "https://trustboard.example.gov.uk",
        **extra,
    }


def _deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def _settings_in(env: dict[str, str], *names: str) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_deployment_check_passes_in_production_mode(tmp_path):
    result = _deploy_check(_production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_check_passes_behind_a_proxy_that_terminates_tls(tmp_path):
    env = _production_env(
        tmp_path, TRUSTBOARD_SSL_REDIRECT="0", TRUSTBOARD_PROXY_SSL_HEADER="X-Forwarded-Proto"
    )
    result = _deploy_check(env)
    assert result.returncode == 0, result.stdout + result.stderr
    found = _settings_in(env, "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER")
    assert found == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


def test_without_the_production_switch_the_deployment_check_fails(tmp_path):
    env = _production_env(tmp_path)
    del env["TRUSTBOARD_PRODUCTION"]
    result = _deploy_check(env)
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stdout + result.stderr


def test_production_settings(tmp_path):
    env = _production_env(tmp_path, TRUSTBOARD_DEBUG="1")
    found = _settings_in(
        env,
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "X_FRAME_OPTIONS",
        "CSRF_TRUSTED_ORIGINS",
    )
    assert found["DEBUG"] is False  # TRUSTBOARD_DEBUG cannot turn debug pages on in production
    assert found["SECURE_SSL_REDIRECT"] is True
    assert found["SESSION_COOKIE_SECURE"] is found["CSRF_COOKIE_SECURE"] is True
    assert found["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert found["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert found["SECURE_HSTS_PRELOAD"] is False
    assert found["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert found["SECURE_REFERRER_POLICY"] == "same-origin"
    assert found["X_FRAME_OPTIONS"] == "DENY"
    assert found["CSRF_TRUSTED_ORIGINS"] == ["https://trustboard.example.gov.uk"]
    preload = _settings_in(
        _production_env(tmp_path, TRUSTBOARD_HSTS_PRELOAD="1"), "SECURE_HSTS_PRELOAD"
    )
    assert preload == {"SECURE_HSTS_PRELOAD": True}


def test_cookies_are_http_only_and_same_site_in_every_mode(settings):
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.CSRF_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"


# Content-Security-Policy and other headers


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["login", "overview", "imports", "audit", "published"])
def test_every_page_carries_the_policy_and_headers(as_analyst, as_anonymous, framework, url_name):
    client = as_anonymous if url_name == "login" else as_analyst
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["script-src"] == "script-src 'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert policy["object-src"] == "object-src 'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_error_pages_and_redirects_carry_the_policy_too(as_analyst, as_anonymous, framework):
    assert "script-src 'self'" in as_analyst.get("/no-such-page/")["Content-Security-Policy"]
    assert "script-src 'self'" in as_anonymous.get(reverse("overview"))["Content-Security-Policy"]


def test_the_frozen_html_report_may_use_its_own_stylesheet_but_no_script():
    from trustboard.web.security import STANDALONE_DOCUMENT_POLICY, policy_for

    request = RequestFactory().get("/reports/frozen/1/board.html")
    request.resolver_match = mock.Mock(url_name="report_download")
    assert policy_for(request) == STANDALONE_DOCUMENT_POLICY
    assert "script-src 'none'" in STANDALONE_DOCUMENT_POLICY
    assert "default-src 'none'" in STANDALONE_DOCUMENT_POLICY


def _templates() -> list[Path]:
    return [p for d in TEMPLATE_DIRS for p in d.rglob("*.html")]


def test_no_template_has_inline_script_or_event_handlers():
    """The policy forbids them; a page that relied on one would silently stop working."""
    found = []
    for path in _templates():
        text = path.read_text()
        for match in re.finditer(r"<script\b[^>]*>", text):
            if "src=" not in match.group(0):
                found.append(f"{path.name}: {match.group(0)}")
        found += [f"{path.name}: {m}" for m in re.findall(r"\son[a-z]+\s*=", text)]
        found += [f"{path.name}: {m}" for m in re.findall(r"javascript:", text)]
    assert not found


def test_every_post_form_in_every_template_carries_the_csrf_token():
    missing = []
    for path in _templates():
        text = path.read_text()
        for form in re.findall(r"<form\b[^>]*>.*?</form>", text, flags=re.S | re.I):
            if re.search(r"method=\"?post", form, re.I) and "{% csrf_token %}" not in form:
                missing.append(f"{path.name}: {form[:80]}")
    assert not missing


# Session expiry


@pytest.mark.django_db
def test_sessions_end_after_thirty_idle_minutes_and_when_the_browser_closes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


@pytest.mark.django_db
def test_an_expired_session_is_sent_to_sign_in(as_analyst, framework):
    assert as_analyst.get(reverse("overview")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = as_analyst.get(reverse("overview"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_session_idle_past_the_limit_is_sent_to_sign_in(as_analyst, framework):
    assert as_analyst.get(reverse("overview")).status_code == 200
    later = timezone.now() + timedelta(minutes=31)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = as_analyst.get(reverse("overview"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_each_request_moves_the_idle_limit_on(as_analyst, framework):
    as_analyst.get(reverse("overview"))
    later = timezone.now() + timedelta(minutes=20)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert as_analyst.get(reverse("overview")).status_code == 200
    expiry = Session.objects.get().expire_date
    assert expiry > later + timedelta(minutes=29)


@pytest.mark.django_db
def test_the_session_cookie_lasts_only_until_the_browser_closes(db):
    User.objects.create_user("someone", password=PASSWORD)
    response = Client().post(reverse("login"), {"username": "someone", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


# Sign-in limits


@pytest.fixture
def member(db) -> User:
    return User.objects.create_user("a.member", password=PASSWORD)


def _sign_in(username: str, password: str, address: str = "192.0.2.10"):
    return Client(REMOTE_ADDR=address).post(
        reverse("login"), {"username": username, "password": password}
    )


def _fail(times: int, username: str = "a.member", address: str = "192.0.2.10") -> None:
    for _ in range(times):
        assert _sign_in(username, "wrong-guess-123", address).status_code == 200


def test_four_failures_still_let_the_right_password_in(member):
    _fail(4)
    assert _sign_in("a.member", PASSWORD).status_code == 302


def test_after_five_failures_even_the_right_password_is_refused(member):
    _fail(5)
    response = _sign_in("a.member", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed attempts to sign in" in html
    assert "Try again after" in html
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    assert "_auth_user_id" not in response.wsgi_request.session
    # The username stays in the box; the password is never echoed back.
    assert 'value="a.member"' in html and PASSWORD not in html


def test_the_lock_counts_any_case_of_the_username(member):
    _fail(5, "A.Member")
    assert _sign_in("a.member", PASSWORD).status_code == 429


def test_the_lock_follows_the_username_to_another_computer(member):
    _fail(5, address="192.0.2.10")
    assert _sign_in("a.member", PASSWORD, address="198.51.100.7").status_code == 429


def test_another_user_elsewhere_is_unaffected(member):
    User.objects.create_user("b.member", password=PASSWORD)
    _fail(5)
    assert _sign_in("b.member", PASSWORD, address="198.51.100.7").status_code == 302


def test_five_failures_from_one_address_lock_that_address_for_every_username(member):
    for index in range(5):
        _fail(1, username=f"guess{index}")
    assert _sign_in("a.member", PASSWORD).status_code == 429
    assert _sign_in("a.member", PASSWORD, address="198.51.100.7").status_code == 302


def test_the_lock_ends_fifteen_minutes_after_the_last_failure(member):
    _fail(5)
    later = timezone.now() + timedelta(minutes=14)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert _sign_in("a.member", PASSWORD).status_code == 429
    later = timezone.now() + timedelta(minutes=15, seconds=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert _sign_in("a.member", PASSWORD).status_code == 302


def test_refused_attempts_do_not_extend_the_lock(member):
    _fail(5)
    start = timezone.now()
    for minutes in (5, 10):
        with mock.patch(
            "django.utils.timezone.now", return_value=start + timedelta(minutes=minutes)
        ):
            assert _sign_in("a.member", "wrong-guess-123").status_code == 429
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=16)):
        assert _sign_in("a.member", PASSWORD).status_code == 302


def test_failures_spread_over_more_than_the_window_do_not_lock(member):
    start = timezone.now()
    for minutes in (0, 4, 8, 12, 16):
        with mock.patch(
            "django.utils.timezone.now", return_value=start + timedelta(minutes=minutes)
        ):
            _fail(1)
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=17)):
        assert _sign_in("a.member", PASSWORD).status_code == 302


def test_signing_in_clears_the_usernames_count(member):
    _fail(4)
    assert _sign_in("a.member", PASSWORD, address="198.51.100.7").status_code == 302
    _fail(1, address="203.0.113.5")
    assert _sign_in("a.member", PASSWORD, address="203.0.113.5").status_code == 302


def test_an_empty_box_is_not_a_guess(member):
    for _ in range(6):
        Client().post(reverse("login"), {"username": "a.member", "password": ""})
    assert not LoginAttempt.objects.filter(outcome=LoginAttempt.FAILED).exists()


def test_attempts_are_logged_and_kept_without_the_password(member, caplog):
    caplog.set_level(logging.INFO, logger="trustboard.security")
    _fail(5)
    _sign_in("a.member", PASSWORD)
    outcomes = list(LoginAttempt.objects.order_by("id").values_list("outcome", flat=True))
    assert outcomes == ["failed"] * 5 + ["refused"]
    row = LoginAttempt.objects.first()
    assert (row.username, row.ip_address) == ("a.member", "192.0.2.10")
    assert {f.name for f in LoginAttempt._meta.get_fields()} == {
        "id",
        "at",
        "username",
        "ip_address",
        "outcome",
    }
    messages = [r.getMessage() for r in caplog.records if r.name == "trustboard.security"]
    assert sum("sign-in failed" in m for m in messages) == 5
    assert any("sign-in refused" in m and "a.member" in m for m in messages)
    assert not any(PASSWORD in m or "wrong-guess" in m for m in caplog.messages)


def test_attempts_older_than_the_retention_period_are_removed(member, settings):
    long_ago = timezone.now() - timedelta(days=settings.LOGIN_ATTEMPT_RETENTION_DAYS + 1)
    LoginAttempt.objects.create(at=long_ago, username="old", outcome=LoginAttempt.FAILED)
    _fail(1)
    assert not LoginAttempt.objects.filter(username="old").exists()


def test_forwarded_addresses_are_believed_only_from_our_own_proxies(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.10"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert login_limit.client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert login_limit.client_ip(request) == "192.0.2.10"  # not the visitor's own "1.2.3.4"


# Uploads


def _xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["indicator", "period", "value"])
    handle = io.BytesIO()
    book.save(handle)
    return handle.getvalue()


def _parquet_bytes(tmp_path: Path) -> bytes:
    import duckdb

    path = tmp_path / "extract.parquet"
    duckdb.sql(f"COPY (SELECT 1 AS child_id) TO '{path}' (FORMAT PARQUET)")
    return path.read_bytes()


def _check(name: str, data: bytes, suffixes=(".csv", ".xlsx", ".parquet")) -> str | None:
    try:
        uploads.check_upload(SimpleUploadedFile(name, data), suffixes)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def test_real_files_of_each_type_pass(tmp_path):
    assert _check("figures.xlsx", _xlsx_bytes()) is None
    assert _check("extract.parquet", _parquet_bytes(tmp_path)) is None
    assert _check("figures.csv", b"indicator,period,value\n1.1,Mar 2023,770\n") is None
    assert _check("figures.csv", "indicator,period,value\n".encode("utf-16")) is None
    assert _check("figures.csv", "indicator,note\n1.1,caf\xe9\n".encode("cp1252")) is None


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("figures.xlsx", b"indicator,period,value\n", "figures.xlsx is not an Excel workbook"),
        ("figures.xlsx", b"PK\x03\x04 not really a zip", "figures.xlsx is not an Excel workbook"),
        ("extract.parquet", b"indicator,period\n1.1,x\n", "extract.parquet is not a Parquet file"),
        ("extract.parquet", b"PAR1 truncated", "extract.parquet is not a Parquet file"),
        ("figures.csv", b"indicator\x00,period\n", "figures.csv is not a CSV file of text"),
        ("figures.csv", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "figures.csv is not a CSV file"),
        ("figures.csv", b"\x81\x8d\x8f\x90\x9d" * 4, "figures.csv is not a CSV file of text"),
        ("figures.docx", b"PK\x03\x04", "figures.docx is not a .csv, .xlsx or .parquet file"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(name, data, expected):
    assert expected in (_check(name, data) or "")


def test_a_zip_that_is_not_a_workbook_is_refused():
    handle = io.BytesIO()
    with zipfile.ZipFile(handle, "w") as archive:
        archive.writestr("payload.txt", "hello")
    assert "not an Excel workbook" in _check("figures.xlsx", handle.getvalue())


def test_a_workbook_that_would_unpack_too_big_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "XLSX_MAX_UNPACKED_BYTES", 1000)
    assert "would unpack to more than" in _check("figures.xlsx", _xlsx_bytes())


def test_a_file_over_the_limit_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 100
    assert "the limit is" in _check("figures.csv", b"a,b\n" * 100)
    assert uploads.check_upload(SimpleUploadedFile("f.csv", b"a\n"), [".csv"], max_bytes=5) is None


def test_a_form_cannot_allow_a_type_nobody_checks():
    with pytest.raises(ValueError, match="no content check"):
        uploads.check_upload(SimpleUploadedFile("f.docx", b"x"), [".docx"])


@pytest.mark.django_db
def test_the_import_page_refuses_a_disguised_file_naming_it(as_analyst, framework):
    upload = SimpleUploadedFile("figures.xlsx", b"indicator,period,value\n1.1,Mar 2023,770\n")
    response = as_analyst.post(reverse("imports"), {"file": upload})
    assert response.status_code == 400
    assert "figures.xlsx is not an Excel workbook" in response.content.decode()
    assert Observation.objects.count() == 0


def test_upload_limits_are_set(settings):
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 1000
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 10
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2 * 1024 * 1024
    # Uploads up to the import limit stay in memory: raw extracts never reach a temp file.
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == settings.IMPORT_MAX_BYTES


# CSRF


@pytest.mark.django_db
def test_an_import_without_the_csrf_token_is_refused(analyst, framework):
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    data = b"indicator,period,value\n1.1,Mar 2023,770\n"
    response = client.post(reverse("imports"), {"file": SimpleUploadedFile("f.csv", data)})
    assert response.status_code == 403
    assert Observation.objects.count() == 0
    # With the token from the page, the same post goes through: the check is the token.
    client.get(reverse("imports"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("imports"),
        {"file": SimpleUploadedFile("f.csv", data), "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 200
    assert Observation.objects.count() == 1


@pytest.mark.django_db
def test_a_sign_in_without_the_csrf_token_is_refused(member):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "a.member", "password": PASSWORD})
    assert response.status_code == 403
    client.get(reverse("login"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("login"),
        {"username": "a.member", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


# Passwords


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "refused"),
    [
        ("short-pass1", True),  # 11 characters
        ("password1234", True),  # a common password
        ("123456789012345", True),  # only digits
        ("a.member-2024x", True),  # too like the username
        ("tidy-kettle-orbit", False),
        ("correct horse", False),  # 13 characters, spaces allowed
    ],
)
def test_passwords_are_twelve_characters_and_not_weak(member, password, refused):
    if refused:
        with pytest.raises(ValidationError):
            validate_password(password, member)
    else:
        validate_password(password, member)
