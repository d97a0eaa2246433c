from django.apps import AppConfig


class UtilsConfig(AppConfig):
    """Shared helpers; an app only so that the email layout templates are found."""

    name = "tdu.utils"
    label = "tdu_utils"
    verbose_name = "Outils communs"
