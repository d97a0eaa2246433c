from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "tdu.stats"
    verbose_name = "Mesure des résultats"

    def ready(self):
        from tdu.stats import signals  # noqa: F401  (keeps the path records up to date)
