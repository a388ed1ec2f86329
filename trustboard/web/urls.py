from django.contrib.auth import views as auth_views
from django.urls import include, path

from trustboard.web.performance import audit_views, early_help, login_limit, report_views, views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("start/", views.start, name="start"),
    path("early-help/", early_help.early_help, name="early_help"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator"),
    path("imports/", views.imports, name="imports"),
    path("imports/template.csv", views.import_template, name="import_template"),
    path("reports/", report_views.report_list, name="reports"),
    path("reports/<slug:slug>/", report_views.report_workspace, name="report_workspace"),
    path(
        "reports/frozen/<int:pk>/<str:version>.<str:fmt>",
        report_views.download,
        name="report_download",
    ),
    path("published/", report_views.published, name="published"),
    path("returns/", include("trustboard.web.returns.urls")),
    path("plan/", include("trustboard.web.plan.urls")),
    path("commentary/", report_views.commentary_list, name="commentary"),
    path(
        "commentary/<slug:slug>/<str:code>/",
        report_views.commentary_edit,
        name="commentary_edit",
    ),
    path("audit/", audit_views.audit, name="audit"),
    path("audit/export.csv", audit_views.export, name="audit_export"),
    path("audit/<int:pk>/", audit_views.audit_event, name="audit_event"),
    # Sign-in refuses attempts for a while after repeated failures (login_limit).
    path("login/", login_limit.LimitedLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
