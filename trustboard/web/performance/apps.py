from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    """The history of the tables from before the web layer was split into apps by concern.

    Until then every model lived in this one app. Its migrations still create those tables on a
    new data folder and are recorded in every old one, so the app stays installed, holding only
    its migrations; the models themselves now belong to accounts, audit, framework, measures and
    reports, which keep the ``performance_*`` table names (docs/adr/0002-apps-by-concern.md).
    """

    name = "trustboard.web.performance"
    label = "performance"
    verbose_name = "Earlier releases' tables"
