from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "tdu.offers"
    verbose_name = "Offres d'emploi"
