from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "covenant.accounts"
    label = "accounts"
    verbose_name = "Accounts"
