from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "tdu.organisations"
    verbose_name = "Organisations et membres"
