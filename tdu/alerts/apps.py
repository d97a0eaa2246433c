from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "tdu.alerts"
    verbose_name = "Alertes de recherche"
