from django.urls import path

from tdu.www.dashboard import views

app_name = "dashboard"

urlpatterns = [path("", views.home, name="home")]
