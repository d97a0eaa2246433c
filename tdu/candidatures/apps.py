from django.apps import AppConfig


class CandidaturesConfig(AppConfig):
    name = "tdu.candidatures"
    verbose_name = "Candidatures et parcours"
