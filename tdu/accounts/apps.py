from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tdu.accounts"
    verbose_name = "Comptes"
