from django.apps import AppConfig


class PlanConfig(AppConfig):
    """The Children and Young People's Plan: priorities, actions and their progress."""

    name = "trustboard.web.plan"
    label = "plan"
    verbose_name = "CYPP action plan"
