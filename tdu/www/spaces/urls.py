from django.urls import path

from tdu.www.spaces import (
    views_company,
    views_funding,
    views_imports,
    views_partners,
    views_prescriber,
    views_privacy,
    views_region,
    views_stats,
    views_training,
)

app_name = "spaces"

urlpatterns = [
    # Company space
    path("entreprise/<str:siret>/offres/", views_company.company_offers, name="company_offers"),
    path("entreprise/<str:siret>/offres/nouvelle/", views_company.offer_create, name="offer_create"),
    path("entreprise/<str:siret>/offres/<int:pk>/modifier/", views_company.offer_edit, name="offer_edit"),
    path("entreprise/<str:siret>/offres/<int:pk>/statut/", views_company.offer_status, name="offer_status"),
    path("entreprise/metiers/", views_company.job_suggestions, name="job_suggestions"),
    path(
        "entreprise/<str:siret>/offres/visibilite/",
        views_company.offer_visibility_check,
        name="offer_visibility",
    ),
    path(
        "entreprise/<str:siret>/offres/<int:pk>/candidatures/",
        views_company.offer_candidatures,
        name="offer_candidatures",
    ),
    path("entreprise/<str:siret>/resultats/", views_stats.company_stats, name="company_stats"),
    # Training organisation space
    path("organisme/<str:siret>/sessions/", views_training.training_sessions, name="training_sessions"),
    path(
        "organisme/<str:siret>/formations/nouvelle/", views_training.training_create, name="training_create"
    ),
    path("organisme/<str:siret>/sessions/nouvelle/", views_training.session_create, name="session_create"),
    path(
        "organisme/<str:siret>/sessions/<int:pk>/modifier/", views_training.session_edit, name="session_edit"
    ),
    path(
        "organisme/<str:siret>/sessions/<int:pk>/recrutement/",
        views_training.session_recruitment,
        name="session_recruitment",
    ),
    path(
        "organisme/<str:siret>/sessions/<int:pk>/inscrits/",
        views_training.session_people,
        name="session_people",
    ),
    path("organisme/<str:siret>/resultats/", views_stats.training_stats, name="training_stats"),
    # Prescriber space
    path("prescripteur/", views_prescriber.prescriber_home, name="prescriber_home"),
    path("prescripteur/suivi/", views_stats.prescriber_follow, name="prescriber_follow"),
    path("prescripteur/inscrire/", views_prescriber.prescriber_register, name="prescriber_register"),
    path(
        "prescripteur/personnes/<int:pk>/",
        views_prescriber.prescriber_job_seeker,
        name="prescriber_job_seeker",
    ),
    # Any organisation: API tokens and webhooks (its administrators)
    path("api/<str:kind>/<str:ref>/", views_partners.partner_api, name="partner_api"),
    path("api/<str:kind>/<str:ref>/jetons/", views_partners.token_create, name="token_create"),
    path(
        "api/<str:kind>/<str:ref>/jetons/<int:pk>/revoquer/", views_partners.token_revoke, name="token_revoke"
    ),
    path("api/<str:kind>/<str:ref>/webhooks/", views_partners.webhook_create, name="webhook_create"),
    path(
        "api/<str:kind>/<str:ref>/webhooks/<int:pk>/",
        views_partners.webhook_deliveries,
        name="webhook_deliveries",
    ),
    path(
        "api/<str:kind>/<str:ref>/webhooks/<int:pk>/<slug:action>/",
        views_partners.webhook_action,
        name="webhook_action",
    ),
    # Region space
    path("region/<str:code>/", views_region.region_home, name="region_home"),
    path(
        "region/<str:code>/candidatures/<int:pk>/annuler/",
        views_region.region_cancel,
        name="region_cancel",
    ),
    path("region/<str:code>/structures/", views_region.region_organisations, name="region_organisations"),
    path("region/<str:code>/demandes/", views_region.region_join_requests, name="region_join_requests"),
    path("region/<str:code>/financements/", views_funding.region_fundings, name="region_fundings"),
    path("region/<str:code>/acces-aux-donnees/", views_privacy.region_access_log, name="region_access_log"),
    path(
        "region/<str:code>/financements/<int:pk>/<slug:decision>/",
        views_funding.region_funding_decide,
        name="region_funding_decide",
    ),
    path(
        "region/<str:code>/demandes/<int:pk>/<slug:decision>/",
        views_region.region_join_decide,
        name="region_join_decide",
    ),
    path(
        "region/<str:code>/structures/prescripteurs/nouvelle/",
        views_region.region_prescriber_create,
        name="region_prescriber_create",
    ),
    path("region/<str:code>/imports/", views_imports.region_imports, name="region_imports"),
    path("region/<str:code>/pilotage/", views_stats.region_stats, name="region_stats"),
    path("region/<str:code>/pilotage/parcours/", views_stats.region_stats_list, name="region_stats_list"),
    path(
        "region/<str:code>/pilotage/donnees-ouvertes.csv",
        views_stats.region_open_data,
        name="region_open_data",
    ),
    path(
        "region/<str:code>/pilotage/<slug:table>.csv", views_stats.region_stats_csv, name="region_stats_csv"
    ),
    path(
        "region/<str:code>/imports/<int:pk>/rejets.csv",
        views_imports.region_import_rejects,
        name="region_import_rejects",
    ),
]
