from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "tdu.imports"
    verbose_name = "Imports (Carif-Oref, France Travail, fichiers)"
