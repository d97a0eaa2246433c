from django.urls import path

from tdu.www.accounts import views, views_joining, views_privacy, views_two_factor

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    # Sign-up and address confirmation
    path("inscription/", views.signup, name="signup"),
    path("inscription/demandeur-emploi/", views.signup_job_seeker, name="signup_job_seeker"),
    path(
        "inscription/entreprise/",
        views.signup_organisation,
        {"kind": "company"},
        name="signup_company",
    ),
    path(
        "inscription/organisme-de-formation/",
        views.signup_organisation,
        {"kind": "training"},
        name="signup_training",
    ),
    path("inscription/lien-envoye/", views.signup_done, name="signup_done"),
    path("rattachement/<int:pk>/", views_joining.join_request, name="join_request"),
    path("entreprise/revendiquer/<str:token>/", views.claim_company, name="claim_company"),
    path("verifier/<str:token>/", views.verify_email, name="verify_email"),
    path("verification/renvoyer/", views.resend_verification, name="resend_verification"),
    # Login, logout, passwords
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/oublie/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe/lien-envoye/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/modifie/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("mot-de-passe/changer/", views.PasswordChangeView.as_view(), name="password_change"),
    # Data rights
    path("mes-donnees/", views_privacy.my_data, name="my_data"),
    path("mes-donnees/telecharger/", views_privacy.download, name="my_data_download"),
    path("fermer/", views_privacy.close, name="close"),
    # Second factor
    path("double-authentification/", views_two_factor.verify, name="two_factor_verify"),
    path("double-authentification/activer/", views_two_factor.setup, name="two_factor_setup"),
    path("double-authentification/codes/", views_two_factor.codes, name="two_factor_codes"),
    path("double-authentification/nouveaux-codes/", views_two_factor.new_codes, name="two_factor_new_codes"),
    path("double-authentification/desactiver/", views_two_factor.disable, name="two_factor_disable"),
    # Members of organisations and invitations
    path(
        "entreprise/<str:siret>/membres/",
        views.members,
        {"kind": "company"},
        name="company_members",
    ),
    path(
        "organisme/<str:siret>/membres/",
        views.members,
        {"kind": "training"},
        name="training_members",
    ),
    path(
        "prescripteur/<int:pk>/membres/",
        views.members,
        {"kind": "prescriber"},
        name="prescriber_members",
    ),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
