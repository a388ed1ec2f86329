"""Signing in, with the limits of :mod:`trustboard.web.accounts.login_limit` on guessing."""

from __future__ import annotations

from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse

from trustboard.web.accounts.login_limit import (
    client_ip,
    lock_for,
    logger,
    normalise,
    record,
)
from trustboard.web.accounts.models import LoginAttempt


class LimitedLoginView(LoginView):
    """Django's sign-in page, refusing attempts while a username or address is locked."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        username = request.POST.get("username", "")
        ip = client_ip(request)
        lock = lock_for(username, ip)
        if lock is not None:
            record(username, ip, LoginAttempt.REFUSED)
            logger.warning(
                "sign-in refused (locked until %s): username %r from %s",
                lock.until.isoformat(timespec="seconds"),
                normalise(username),
                ip,
            )
            # An unbound form: a bound one would check the password when its errors are read.
            form = self.get_form_class()(request, initial={"username": username})
            response = self.render_to_response(
                self.get_context_data(form=form, locked_message=lock.message), status=429
            )
            response["Retry-After"] = str(lock.retry_after)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        ip = client_ip(self.request)
        record(form.get_user().get_username(), ip, LoginAttempt.SUCCEEDED)
        logger.info("signed in: username %r from %s", form.get_user().get_username(), ip)
        return super().form_valid(form)

    def form_invalid(self, form) -> HttpResponse:
        username = self.request.POST.get("username", "")
        ip = client_ip(self.request)
        if username.strip() and self.request.POST.get("password"):
            # Only a real guess counts; an empty box is not one.
            record(username, ip, LoginAttempt.FAILED)
            logger.warning("sign-in failed: username %r from %s", normalise(username), ip)
        return super().form_invalid(form)
