"""Every address of the site. Each app owns its views; the table of who may open each one is
``tests/integration/test_every_page_every_role.py``."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from trustboard.web.accounts import views as accounts
from trustboard.web.audit import views as audit
from trustboard.web.framework import views as framework
from trustboard.web.measures import views as measures
from trustboard.web.reports import views as reports

urlpatterns = [
    path("", framework.overview, name="overview"),
    path("start/", framework.start, name="start"),
    path("early-help/", measures.early_help, name="early_help"),
    path("indicators/<str:code>/", framework.indicator_detail, name="indicator"),
    path("imports/", framework.imports, name="imports"),
    path("imports/template.csv", framework.import_template, name="import_template"),
    path("reports/", reports.report_list, name="reports"),
    path("reports/<slug:slug>/", reports.report_workspace, name="report_workspace"),
    path(
        "reports/frozen/<int:pk>/<str:version>.<str:fmt>",
        reports.download,
        name="report_download",
    ),
    path("published/", reports.published, name="published"),
    path("returns/", include("trustboard.web.returns.urls")),
    path("plan/", include("trustboard.web.plan.urls")),
    path("commentary/", reports.commentary_list, name="commentary"),
    path("commentary/<slug:slug>/<str:code>/", reports.commentary_edit, name="commentary_edit"),
    path("audit/", audit.audit, name="audit"),
    path("audit/export.csv", audit.export, name="audit_export"),
    path("audit/<int:pk>/", audit.audit_event, name="audit_event"),
    # Sign-in refuses attempts for a while after repeated failures (accounts.login_limit).
    path("login/", accounts.LimitedLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
