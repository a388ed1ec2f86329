"""Routes of the returns app, included at /returns/ by trustboard/web/urls.py."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
