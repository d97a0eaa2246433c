from django.urls import path

from tdu.www.candidatures import recruiter, views, views_documents

app_name = "candidatures"

urlpatterns = [
    path("offres/<int:pk>/postuler/", views.apply, name="apply"),
    path("candidatures/<int:pk>/", views.detail, name="detail"),
    path("candidatures/<int:pk>/actions/<slug:action>/", views.act, name="act"),
    path("candidatures/<int:pk>/cv/", views.cv, name="cv"),
    path("candidatures/<int:pk>/coordonnees/", views.show_contact, name="show_contact"),
    path(
        "candidatures/<int:pk>/conventions/<int:convention_pk>/pdf/",
        views.convention_pdf,
        name="convention_pdf",
    ),
    path(
        "candidatures/<int:pk>/engagements/<int:commitment_pk>/pdf/",
        views.commitment_pdf,
        name="commitment_pdf",
    ),
    path("suivi/<str:token>/", views.follow_up, name="follow_up"),
    path("documents/verifier/", views_documents.verify_document, name="verify_document"),
    path("candidatures/recruteur/<str:token>/", recruiter.recruiter, name="recruiter"),
    path("candidatures/recruteur/<str:token>/cv/", recruiter.recruiter_cv, name="recruiter_cv"),
    path("conventions/signer/<str:token>/", views.tutor_sign, name="tutor_sign"),
    path("conventions/signer/<str:token>/pdf/", views.tutor_pdf, name="tutor_pdf"),
]
