from django.contrib.auth import views as auth_views
from django.urls import path

from tdu.www.accounts import views

app_name = "accounts"

urlpatterns = [
    path("connexion/", auth_views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.profile, name="profile"),
    path("inscription/", views.signup, name="signup"),
    path("verifier/<str:token>/", views.verify_email, name="verify_email"),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]
