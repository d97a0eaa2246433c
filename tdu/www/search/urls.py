from django.urls import path

from tdu.www.search import views

app_name = "search"

urlpatterns = [
    path("recherche/", views.search_page, name="search"),
    path("recherche/communes/", views.commune_suggestions, name="communes"),
    path("recherche/metiers/", views.job_suggestions, name="jobs"),
]
