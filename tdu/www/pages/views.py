import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from tdu.offers.models import JobOffer
from tdu.references.models import Region
from tdu.trainings.models import TrainingSession


def home(request):
    context = {
        "offer_count": JobOffer.objects.visible().count(),
        "session_count": TrainingSession.objects.open_for_entry(timezone.localdate()).count(),
        "regions": Region.objects.filter(is_deployed=True),
    }
    return render(request, "pages/home.html", context)


def privacy(request):
    context = {
        "controller": settings.DATA_CONTROLLER,
        "contact": settings.DATA_PROTECTION_CONTACT,
        "idle_minutes": settings.SESSION_IDLE_MINUTES,
        "staff_idle_minutes": settings.SESSION_IDLE_MINUTES_STAFF,
        "retention": {
            "candidature": settings.RETENTION_CANDIDATURE_DAYS,
            "cv": settings.RETENTION_CV_DAYS,
            "inactive": settings.RETENTION_INACTIVE_ACCOUNT_DAYS,
            "warning": settings.RETENTION_WARNING_DAYS,
        },
        "tiles": map_tiles(),
    }
    return render(request, "pages/privacy.html", context)


# The day the accessibility statement was last written (no audit yet: « non conforme »).
ACCESSIBILITY_DECLARED_ON = datetime.date(2026, 12, 3)


def accessibility(request):
    context = {
        "declared_on": ACCESSIBILITY_DECLARED_ON,
        "publisher": settings.LEGAL_PUBLISHER.split(",")[0],  # its name, without the address
        "site_url": settings.SITE_URL,
        "contact_email": settings.CONTACT_EMAIL,
    }
    return render(request, "pages/accessibility.html", context)


def map_tiles():
    """Where the search map's background comes from (the settings MAP_TILES_*), for the notices."""
    parts = urlsplit(settings.MAP_TILES_URL)
    return {
        "origin": f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}",  # as the CSP allows it (settings)
        "url": settings.MAP_TILES_URL,
        "provider": settings.MAP_TILES_PROVIDER,
        "attribution": settings.MAP_TILES_ATTRIBUTION,
    }


def legal(request):
    context = {
        "publisher": settings.LEGAL_PUBLISHER,
        "director": settings.LEGAL_PUBLICATION_DIRECTOR,
        "hosting": settings.HOSTING_PROVIDER,
        "contact_email": settings.CONTACT_EMAIL,
        "regions": Region.objects.filter(is_deployed=True),
        "tiles": map_tiles(),
    }
    return render(request, "pages/legal.html", context)


def help_page(request):
    context = {
        "contact_email": settings.CONTACT_EMAIL,
        "regions": Region.objects.filter(is_deployed=True).exclude(contact_email=""),
    }
    return render(request, "pages/help.html", context)


def _links(*items):
    return [(label, reverse(name, args=args)) for label, name, *args in items]


def _own_sections(user):
    """The pages of a logged-in person's spaces: her account, then each organisation she belongs to."""
    sections = [
        (
            "Mon compte",
            _links(
                ("Tableau de bord", "dashboard:home"),
                ("Mon profil", "accounts:profile"),
                ("Changer mon mot de passe", "accounts:password_change"),
                ("Double authentification", "accounts:two_factor_setup"),
                ("Mes données", "accounts:my_data"),
                ("Fermer mon compte", "accounts:close"),
            ),
        )
    ]
    if hasattr(user, "job_seeker_profile"):
        sections[0][1].insert(2, ("Mes recherches enregistrées", reverse("search:saved_searches")))
    for membership in user.company_memberships.select_related("company"):
        company = membership.company
        sections.append(
            (
                f"Entreprise {company.name}",
                _links(
                    ("Nos offres", "spaces:company_offers", company.siret),
                    ("Publier une offre", "spaces:offer_create", company.siret),
                    ("Nos résultats", "spaces:company_stats", company.siret),
                    ("Les membres de l'entreprise", "accounts:company_members", company.siret),
                ),
            )
        )
    for membership in user.training_organisation_memberships.select_related("organisation"):
        organisation = membership.organisation
        sections.append(
            (
                f"Organisme de formation {organisation.name}",
                _links(
                    ("Nos sessions", "spaces:training_sessions", organisation.siret),
                    ("Ajouter une session", "spaces:session_create", organisation.siret),
                    ("Nos résultats", "spaces:training_stats", organisation.siret),
                    ("Les membres de l'organisme", "accounts:training_members", organisation.siret),
                ),
            )
        )
    for membership in user.prescriber_memberships.select_related("organisation"):
        organisation = membership.organisation
        sections.append(
            (
                organisation.name,
                _links(
                    ("Les personnes accompagnées", "spaces:prescriber_home"),
                    ("Le suivi des parcours", "spaces:prescriber_follow"),
                    ("Inscrire une personne", "spaces:prescriber_register"),
                    ("Les membres de la structure", "accounts:prescriber_members", organisation.pk),
                ),
            )
        )
    for membership in user.region_memberships.select_related("region"):
        region = membership.region
        sections.append(
            (
                f"Région {region.name}",
                _links(
                    ("Accueil de l'espace Région", "spaces:region_home", region.code),
                    ("Les structures", "spaces:region_organisations", region.code),
                    ("Les demandes de rattachement", "spaces:region_join_requests", region.code),
                    ("Les financements à confirmer", "spaces:region_fundings", region.code),
                    ("Le pilotage", "spaces:region_stats", region.code),
                    ("Les imports de données", "spaces:region_imports", region.code),
                    ("Le journal des accès aux données", "spaces:region_access_log", region.code),
                ),
            )
        )
    return sections


def sitemap(request):
    public = _links(
        ("Accueil", "pages:home"),
        ("Trouver un emploi près de chez moi", "search:search"),
        ("Les offres", "catalogue:offers"),
        ("Statistiques", "stats:national"),
        ("Méthodologie des statistiques", "stats:methodology"),
    )
    account = (
        []
        if request.user.is_authenticated
        else _links(
            ("Se connecter", "accounts:login"),
            ("Créer un compte", "accounts:signup"),
            ("Mot de passe oublié", "accounts:password_reset"),
        )
    )
    about = _links(
        ("Contact et aide", "pages:help"),
        ("Mentions légales", "pages:legal"),
        ("Données personnelles", "pages:privacy"),
        ("Accessibilité", "pages:accessibility"),
        ("Plan du site", "pages:sitemap"),
        ("Vérifier un document (convention, engagement réciproque)", "candidatures:verify_document"),
    ) + [("Documentation de l'API des partenaires", "/api/v1/docs")]
    sections = [("Le service", public + account)]
    if request.user.is_authenticated:
        sections += _own_sections(request.user)
    sections.append(("À propos du service", about))
    return render(request, "pages/sitemap.html", {"sections": sections})


def bad_request(request, exception=None, message=""):
    return render(request, "pages/400.html", {"message": message, "title": "Requête invalide"}, status=400)


def permission_denied(request, exception=None):
    return render(request, "pages/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "pages/404.html", status=404)


def server_error(request):
    return render(request, "pages/500.html", status=500)
