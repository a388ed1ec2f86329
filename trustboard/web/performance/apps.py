from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    """The performance framework: catalogue, observations, imports and the dashboard."""

    name = "trustboard.web.performance"
    label = "performance"
    verbose_name = "Performance framework"
