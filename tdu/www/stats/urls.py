from django.urls import path

from tdu.www.stats import views

app_name = "stats"

urlpatterns = [
    path("", views.national, name="national"),
    path("methodologie/", views.methodology, name="methodology"),
    path("donnees.csv", views.open_data, name="open_data"),
    path("region/<str:code>/", views.region, name="region"),
]
