from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "tdu.partners"
    verbose_name = "Partenaires (jetons d'API, webhooks)"

    def ready(self):
        from tdu.partners import signals  # noqa: F401  (each transition becomes an event for the webhooks)
