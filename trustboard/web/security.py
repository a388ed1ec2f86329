"""The Content-Security-Policy header, on every response.

Django 5.2 has no CSP of its own (6.0 adds one), and the policy is one string, so a few lines
of middleware are clearer than a dependency. The policy lives in settings
(``CONTENT_SECURITY_POLICY``): no inline script anywhere, so that text someone managed to put
into a page could never run as script there.

One kind of response is different: the frozen HTML board report, a standalone document with
its stylesheet inside it (it must look the same when saved and opened later, away from the
server). Views named in ``CSP_INLINE_STYLE_VIEWS`` may use inline styles, and nothing else: no
script at all, not even from this site.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

STANDALONE_DOCUMENT_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'none'",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)
"""For a self-contained document: its own inline stylesheet and data: images, no script."""


def policy_for(request: HttpRequest) -> str:
    """The policy a response to this request carries."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name in settings.CSP_INLINE_STYLE_VIEWS:
        return STANDALONE_DOCUMENT_POLICY
    return settings.CONTENT_SECURITY_POLICY


class ContentSecurityPolicyMiddleware:
    """Adds the policy unless the view set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy_for(request)
        return response
