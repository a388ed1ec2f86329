from django.contrib.auth import views as auth_views
from django.urls import path

from trustboard.web.performance import views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator"),
    path("imports/", views.imports, name="imports"),
    path("imports/template.csv", views.import_template, name="import_template"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="trustboard/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
