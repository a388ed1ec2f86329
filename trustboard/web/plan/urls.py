"""Routes of the plan app, included at /plan/ by trustboard/web/urls.py."""

from django.urls import path

from trustboard.web.plan import views

urlpatterns = [
    path("", views.plan, name="plan"),
    path("actions/<int:pk>/", views.action_detail, name="plan_action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="plan_action_edit"),
    path("overdue/", views.overdue, name="plan_overdue"),
    path("import/", views.plan_import, name="plan_import"),
    path("export.xlsx", views.export_xlsx, name="plan_export_xlsx"),
    path("export.docx", views.export_docx, name="plan_export_docx"),
]
