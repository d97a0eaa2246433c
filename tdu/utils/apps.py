from django.apps import AppConfig


class UtilsConfig(AppConfig):
    """Shared helpers; an app so that the email layout templates are found and Huey tasks are logged."""

    name = "tdu.utils"
    label = "tdu_utils"
    verbose_name = "Outils communs"

    def ready(self):
        from tdu.utils.logs import connect_huey

        connect_huey()
