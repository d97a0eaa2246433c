from django.urls import path

from tdu.www.spaces import views

app_name = "spaces"

urlpatterns = [
    path("entreprise/<str:siret>/offres/", views.company_offers, name="company_offers"),
    path("organisme/<str:siret>/sessions/", views.training_sessions, name="training_sessions"),
    path("prescripteur/", views.prescriber_home, name="prescriber_home"),
    path("region/<str:code>/", views.region_home, name="region_home"),
]
