from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "tdu.commitments"
    verbose_name = "Engagements, inscriptions, embauches et suivi"
