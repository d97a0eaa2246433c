from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "tdu.www.catalogue"
    label = "www_catalogue"
