"""Every change to who someone is on the site: their password, roles and agency.

Checked whole before anything is saved (the agency exists, the password is strong enough), then
saved in one transaction, so a refusal changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import ValidationError, validate_password
from django.db import transaction

from trustboard.web.accounts.models import Agency
from trustboard.web.accounts.roles import Role, set_agency, set_roles


class AccountProblem(ValueError):
    """A change to an account that cannot be made; the message says why and what to do."""


def active_agency(code: str) -> Agency:
    """The active agency with this code; :class:`AccountProblem` naming the known ones if none.
    Asked before a password is, so a mistyped agency does not cost someone their typing."""
    agency = Agency.objects.filter(code=code, active=True).first()
    if agency is None:
        known = ", ".join(Agency.objects.filter(active=True).values_list("code", flat=True))
        raise AccountProblem(
            f"No agency {code!r}, nothing changed; the framework's agencies are: "
            f"{known or '(none: add agencies to the framework file)'}"
        )
    return agency


def save_user(
    *, username: str, password: str, roles: Iterable[Role], agency_code: str | None = None
) -> tuple[User, Agency | None]:
    """Add the user or reset their password, giving them exactly ``roles`` and, where given,
    membership of the agency ``agency_code``. Raises :class:`AccountProblem` and changes nothing
    when the agency is unknown or the password is refused."""
    agency = active_agency(agency_code) if agency_code else None
    account = User.objects.filter(username=username).first() or User(username=username)
    try:
        validate_password(password, account)
    except ValidationError as error:
        refused = "Password refused, nothing changed: " + " ".join(error.messages)
        raise AccountProblem(refused) from None
    with transaction.atomic():
        account.set_password(password)
        account.save()
        set_roles(account, set(roles))
        if agency is not None:
            set_agency(account, agency)
    return account, agency
