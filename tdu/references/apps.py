from django.apps import AppConfig


class ReferencesConfig(AppConfig):
    name = "tdu.references"
    verbose_name = "Référentiels (territoires, métiers, activités)"
