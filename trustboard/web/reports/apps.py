from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The board report: commentary, the analyst's words, freezing, rendering and publishing."""

    name = "trustboard.web.reports"
    label = "reports"
    verbose_name = "Board reports"
