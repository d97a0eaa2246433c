from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "tdu.www.pages"
    label = "www_pages"
