from django.urls import path

from tdu.www.search import views, views_alerts

app_name = "search"

urlpatterns = [
    path("recherche/", views.search_page, name="search"),
    path("recherche/communes/", views.commune_suggestions, name="communes"),
    path("recherche/metiers/", views.job_suggestions, name="jobs"),
    path("recherche/enregistrer/", views_alerts.save, name="save"),
    path("recherche/alerte/arreter/<str:token>/", views_alerts.unsubscribe, name="unsubscribe"),
    path("compte/recherches/", views_alerts.saved_searches, name="saved_searches"),
    path("compte/recherches/<int:pk>/supprimer/", views_alerts.delete, name="delete_saved"),
]
