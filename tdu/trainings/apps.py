from django.apps import AppConfig


class TrainingsConfig(AppConfig):
    name = "tdu.trainings"
    verbose_name = "Formations"
