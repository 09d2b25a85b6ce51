"""App configuration of accounts."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "covenant.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from allauth.account.decorators import secure_admin_login
        from django.contrib import admin

        # Registers the accounts.* rules permissions.
        from . import permissions  # noqa: F401

        # The admin's own login form asks only for a password; sending it through allauth's
        # sign-in means the second factor (and email verification) cannot be skipped.
        admin.site.login = secure_admin_login(admin.site.login)
