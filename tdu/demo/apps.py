from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tdu.demo"
    verbose_name = "Données de démonstration"
