from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Who may do what: roles and permissions, agencies and their members, sign-in
    and its limits."""

    name = "trustboard.web.accounts"
    label = "accounts"
    verbose_name = "Accounts"
