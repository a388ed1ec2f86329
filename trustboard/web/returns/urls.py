"""Routes of the returns app, included at /returns/ by trustboard/web/urls.py."""

from django.urls import path

from trustboard.web.returns import views

urlpatterns = [
    path("", views.returns, name="returns"),
    path("<int:round_id>/", views.return_round, name="return_round"),
    path("<int:round_id>/export.xlsx", views.returns_export, name="returns_export"),
    path("<int:round_id>/<slug:agency_code>/", views.agency_return, name="agency_return"),
]
