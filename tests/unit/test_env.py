"""Environment switches are read strictly: a word we do not know stops the site, naming it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from trustboard.web.env import env_flag, env_int, env_list


@pytest.mark.parametrize("word", ["true", "TRUE", "1", "yes", "On", " on "])
def test_yes_words_are_yes(word):
    assert env_flag("TRUSTBOARD_EMAIL_USE_TLS", environ={"TRUSTBOARD_EMAIL_USE_TLS": word})


@pytest.mark.parametrize("word", ["false", "0", "no", "OFF"])
def test_no_words_are_no(word):
    assert not env_flag("X", default=True, environ={"X": word})


@pytest.mark.parametrize("environ", [{}, {"X": ""}, {"X": "  "}])
def test_unset_or_empty_is_the_default(environ):
    assert env_flag("X", default=True, environ=environ) is True
    assert env_flag("X", default=False, environ=environ) is False


@pytest.mark.parametrize("word", ["ture", "enabled", "2", "y", "tls"])
def test_any_other_word_is_refused_by_name(word):
    with pytest.raises(ImproperlyConfigured) as refused:
        env_flag("TRUSTBOARD_EMAIL_USE_TLS", environ={"TRUSTBOARD_EMAIL_USE_TLS": word})
    assert "TRUSTBOARD_EMAIL_USE_TLS" in str(refused.value)
    assert repr(word) in str(refused.value)


def test_whole_numbers_are_read_or_refused_by_name():
    assert env_int("PORT", 25, environ={"PORT": "587"}) == 587
    assert env_int("PORT", 25, environ={}) == 25
    with pytest.raises(ImproperlyConfigured, match="PORT='five' is not a whole number"):
        env_int("PORT", 25, environ={"PORT": "five"})


def test_lists_drop_blanks():
    assert env_list("HOSTS", environ={"HOSTS": "a.example, ,b.example,"}) == [
        "a.example",
        "b.example",
    ]
    assert env_list("HOSTS", "127.0.0.1", environ={}) == ["127.0.0.1"]


def test_the_site_reads_tls_as_it_reads_debug(tmp_path):
    """``TRUSTBOARD_EMAIL_USE_TLS=true`` once meant off while ``TRUSTBOARD_DEBUG=true`` meant on."""
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.EMAIL_USE_TLS, settings.DEBUG)"
    env = {
        "PATH": "/usr/bin:/bin",
        "TRUSTBOARD_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "trustboard.web.settings",
        "TRUSTBOARD_EMAIL_USE_TLS": "true",
        "TRUSTBOARD_DEBUG": "true",
    }
    shown = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert shown.stdout.split() == ["True", "True"]
    env["TRUSTBOARD_EMAIL_USE_TLS"] = "sure"
    refused = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert refused.returncode != 0
    assert "TRUSTBOARD_EMAIL_USE_TLS='sure' is not a yes/no setting" in refused.stderr
