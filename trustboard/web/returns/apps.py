from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    """Partners' early help returns: rounds, each agency's return, review and reminders."""

    name = "trustboard.web.returns"
    label = "returns"
    verbose_name = "Early help returns"
