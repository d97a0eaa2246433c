from django.urls import path

from tdu.www.pages import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("donnees-personnelles/", views.privacy, name="privacy"),
    path("mentions-legales/", views.legal, name="legal"),
    path("plan-du-site/", views.sitemap, name="sitemap"),
    path("aide/", views.help_page, name="help"),
]
