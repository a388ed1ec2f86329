"""Settings read from the environment, strictly.

A switch set to a word we do not know is refused at start-up, naming the variable: read
loosely, ``TRUSTBOARD_EMAIL_USE_TLS=true`` once meant "off" while ``TRUSTBOARD_DEBUG=true`` meant
"on", and a mail server was spoken to in clear text without anyone knowing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"true", "1", "yes", "on"})
FALSE_WORDS = frozenset({"false", "0", "no", "off"})


def env_flag(name: str, default: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    """A yes/no switch: true/false, 1/0, yes/no, on/off in any case; unset or empty is the
    default; anything else stops the site with a message naming the variable."""
    value = (os.environ if environ is None else environ).get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a yes/no setting: use one of "
        f"{', '.join(sorted(TRUE_WORDS))} or {', '.join(sorted(FALSE_WORDS))}."
    )


def env_int(name: str, default: int, environ: Mapping[str, str] | None = None) -> int:
    """A whole number; a value that is not one stops the site with a message naming it."""
    value = (os.environ if environ is None else environ).get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_list(name: str, default: str = "", environ: Mapping[str, str] | None = None) -> list[str]:
    """A comma-separated list, blanks dropped."""
    raw = (os.environ if environ is None else environ).get(name, default)
    return [item.strip() for item in raw.split(",") if item.strip()]
