from django.urls import path

from tdu.www.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("offres/", views.offer_list, name="offers"),
    path("offres/<int:pk>/", views.offer_detail, name="offer"),
    path("formations/sessions/<int:pk>/", views.session_detail, name="session"),
    path("entreprises/<str:siret>/", views.company_detail, name="company"),
]
