from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "tdu.companies"
    verbose_name = "Entreprises"
