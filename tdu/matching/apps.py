from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "tdu.matching"
    verbose_name = "Rapprochement emplois – formations"

    def ready(self):
        from tdu.matching import signals  # noqa: F401
