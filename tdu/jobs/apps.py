from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "tdu.jobs"
    verbose_name = "Tâches périodiques"
