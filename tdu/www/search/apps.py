from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "tdu.www.search"
    label = "www_search"
