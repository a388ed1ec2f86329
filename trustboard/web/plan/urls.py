"""Routes of the plan app, included at /plan/ by trustboard/web/urls.py."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
