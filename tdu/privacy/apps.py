from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "tdu.privacy"
    verbose_name = "Données personnelles"
