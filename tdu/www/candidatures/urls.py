from django.urls import path

app_name = "candidatures"

urlpatterns: list = []
