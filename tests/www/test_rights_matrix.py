"""Every URL that takes an object id, for every role: no one reads or acts outside her rights.

A route that takes an id and is missing from MATRIX makes this test fail: declare who may use it.
"""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLResolver, get_resolver

from tdu.candidatures.models import Candidature
from tdu.organisations.models import PrescriberOrganisation
from tests.factories import (
    PASSWORD,
    CompanyFactory,
    FundedSessionFactory,
    OfferFactory,
    OrganisationFactory,
    company_member,
    job_seeker,
    person,
    prescriber,
    prescriber_organisation,
    real_commune,
    real_region,
    region_staff,
    training_member,
)
from tests.situations import to_enrolment_requested, to_immersion_done

PUBLIC = "public"
TOKEN = "token"
EVERYONE = {
    "seeker",
    "other_seeker",
    "company",
    "other_company",
    "trainer",
    "other_trainer",
    "adviser",
    "other_adviser",
    "region",
    "other_region",
    "admin",
    "anonymous",
}
PATH = {"seeker", "company", "trainer", "adviser", "region", "admin"}  # the people of the candidature's path

# name: (method, url builder, who may use it)
MATRIX = {
    "catalogue:offer": ("get", lambda w: f"/offres/{w['offer'].pk}/", PUBLIC),
    "catalogue:session": ("get", lambda w: f"/formations/sessions/{w['session'].pk}/", PUBLIC),
    "catalogue:company": ("get", lambda w: f"/entreprises/{w['offer'].company.siret}/", PUBLIC),
    "accounts:verify_email": ("get", lambda w: "/compte/verifier/faux-jeton/", TOKEN),
    "accounts:password_reset_confirm": ("get", lambda w: "/compte/mot-de-passe/MQ/faux-jeton/", TOKEN),
    "accounts:accept_invitation": ("get", lambda w: "/compte/invitation/faux-jeton/", TOKEN),
    "candidatures:follow_up": ("get", lambda w: "/suivi/faux-jeton/", TOKEN),
    "candidatures:tutor_sign": ("get", lambda w: "/conventions/signer/faux-jeton/", TOKEN),
    "candidatures:tutor_pdf": ("get", lambda w: "/conventions/signer/faux-jeton/pdf/", TOKEN),
    "candidatures:recruiter": ("get", lambda w: "/candidatures/recruteur/faux-jeton/", TOKEN),
    "candidatures:recruiter_cv": ("get", lambda w: "/candidatures/recruteur/faux-jeton/cv/", TOKEN),
    "accounts:claim_company": ("get", lambda w: "/compte/entreprise/revendiquer/faux-jeton/", TOKEN),
    "spaces:region_imports": ("get", lambda w: "/espace/region/44/imports/", {"region"}),
    "spaces:region_stats": ("get", lambda w: "/espace/region/44/pilotage/", {"region"}),
    "spaces:region_stats_list": (
        "get",
        lambda w: "/espace/region/44/pilotage/parcours/?etape=candidatures",
        {"region"},
    ),
    "spaces:region_stats_csv": ("get", lambda w: "/espace/region/44/pilotage/sessions.csv", {"region"}),
    "spaces:region_open_data": (
        "get",
        lambda w: "/espace/region/44/pilotage/donnees-ouvertes.csv",
        {"region"},
    ),
    "spaces:training_stats": (
        "get",
        lambda w: f"/espace/organisme/{w['organisation_a'].siret}/resultats/",
        {"trainer"},
    ),
    "spaces:company_stats": (
        "get",
        lambda w: f"/espace/entreprise/{w['company_a'].siret}/resultats/",
        {"company"},
    ),
    "stats:region": ("get", lambda w: "/stats/region/44/", PUBLIC),
    "spaces:region_import_rejects": (
        "get",
        lambda w: f"/espace/region/44/imports/{w['import_run'].pk}/rejets.csv",
        {"region"},
    ),
    "accounts:company_members": (
        "get",
        lambda w: f"/compte/entreprise/{w['company_a'].siret}/membres/",
        {"company"},
    ),
    "accounts:training_members": (
        "get",
        lambda w: f"/compte/organisme/{w['organisation_a'].siret}/membres/",
        {"trainer"},
    ),
    "accounts:prescriber_members": (
        "get",
        lambda w: f"/compte/prescripteur/{w['prescriber_a'].pk}/membres/",
        {"adviser"},
    ),
    "spaces:company_offers": (
        "get",
        lambda w: f"/espace/entreprise/{w['company_a'].siret}/offres/",
        {"company"},
    ),
    "spaces:offer_create": (
        "get",
        lambda w: f"/espace/entreprise/{w['company_a'].siret}/offres/nouvelle/",
        {"company"},
    ),
    "spaces:offer_edit": (
        "get",
        lambda w: f"/espace/entreprise/{w['company_a'].siret}/offres/{w['offer'].pk}/modifier/",
        {"company"},
    ),
    "spaces:offer_status": (
        "post",
        lambda w: f"/espace/entreprise/{w['company_a'].siret}/offres/{w['offer'].pk}/statut/",
        {"company"},
    ),
    "spaces:offer_candidatures": (
        "get",
        lambda w: f"/espace/entreprise/{w['company_a'].siret}/offres/{w['offer'].pk}/candidatures/",
        {"company"},
    ),
    "spaces:offer_visibility": (
        "get",
        lambda w: f"/espace/entreprise/{w['company_a'].siret}/offres/visibilite/?rome=H2913&commune=Metz",
        {"company"},
    ),
    "spaces:training_sessions": (
        "get",
        lambda w: f"/espace/organisme/{w['organisation_a'].siret}/sessions/",
        {"trainer"},
    ),
    "spaces:training_create": (
        "get",
        lambda w: f"/espace/organisme/{w['organisation_a'].siret}/formations/nouvelle/",
        {"trainer"},
    ),
    "spaces:session_create": (
        "get",
        lambda w: f"/espace/organisme/{w['organisation_a'].siret}/sessions/nouvelle/",
        {"trainer"},
    ),
    "spaces:session_edit": (
        "get",
        lambda w: f"/espace/organisme/{w['organisation_a'].siret}/sessions/{w['session'].pk}/modifier/",
        {"trainer"},
    ),
    "spaces:session_recruitment": (
        "post",
        lambda w: f"/espace/organisme/{w['organisation_a'].siret}/sessions/{w['session'].pk}/recrutement/",
        {"trainer"},
    ),
    "spaces:session_people": (
        "get",
        lambda w: f"/espace/organisme/{w['organisation_a'].siret}/sessions/{w['session'].pk}/inscrits/",
        {"trainer"},
    ),
    "spaces:prescriber_job_seeker": (
        "get",
        lambda w: f"/espace/prescripteur/personnes/{w['seeker'].pk}/",
        {"adviser"},
    ),
    "spaces:region_home": ("get", lambda w: "/espace/region/44/", {"region"}),
    "spaces:region_organisations": ("get", lambda w: "/espace/region/44/structures/", {"region"}),
    "spaces:region_prescriber_create": (
        "get",
        lambda w: "/espace/region/44/structures/prescripteurs/nouvelle/",
        {"region"},
    ),
    "spaces:region_cancel": (
        "get",
        lambda w: f"/espace/region/44/candidatures/{w['candidature'].pk}/annuler/",
        {"region"},
    ),
    # The partner API's page of an organisation (tokens, webhooks): its administrators only.
    "spaces:partner_api": ("get", lambda w: f"/espace/api/company/{w['company_a'].siret}/", {"company"}),
    "spaces:token_create": (
        "post",
        lambda w: f"/espace/api/company/{w['company_a'].siret}/jetons/",
        {"company"},
    ),
    "spaces:token_revoke": (
        "post",
        lambda w: f"/espace/api/company/{w['company_a'].siret}/jetons/{w['api_token'].pk}/revoquer/",
        {"company"},
    ),
    "spaces:webhook_create": (
        "post",
        lambda w: f"/espace/api/company/{w['company_a'].siret}/webhooks/",
        {"company"},
    ),
    "spaces:webhook_deliveries": (
        "get",
        lambda w: f"/espace/api/company/{w['company_a'].siret}/webhooks/{w['subscription'].pk}/",
        {"company"},
    ),
    "spaces:webhook_action": (
        "post",
        lambda w: f"/espace/api/company/{w['company_a'].siret}/webhooks/{w['subscription'].pk}/reprendre/",
        {"company"},
    ),
    # A join request: its author sees it, the staff of the organisation's region decide it.
    "accounts:join_request": (
        "get",
        lambda w: f"/compte/rattachement/{w['join_request'].pk}/",
        {"other_company"},
    ),
    "spaces:region_join_requests": ("get", lambda w: "/espace/region/44/demandes/", {"region"}),
    "spaces:region_join_decide": (
        "post",
        lambda w: f"/espace/region/44/demandes/{w['join_request'].pk}/refuser/",
        {"region"},
    ),
    # A session whose funding the organisation declared: the staff of the region it names decide.
    "spaces:region_fundings": ("get", lambda w: "/espace/region/44/financements/", {"region"}),
    # Its data protection contact (the region persona is one); other staff of the region get a 403 page.
    "spaces:region_access_log": ("get", lambda w: "/espace/region/44/acces-aux-donnees/", {"region"}),
    "spaces:region_funding_decide": (
        "post",
        lambda w: f"/espace/region/44/financements/{w['session_to_confirm'].pk}/refuser/",
        {"region"},
    ),
    "candidatures:apply": (
        "get",
        lambda w: f"/offres/{w['offer'].pk}/postuler/",
        {"seeker", "other_seeker", "adviser", "other_adviser"},
    ),
    "candidatures:detail": ("get", lambda w: f"/candidatures/{w['candidature'].pk}/", PATH),
    # Withdrawing is the job seeker's and her adviser's action (409 here: too late); anyone else gets a 403 or a
    # 404 before any form is read.
    "candidatures:act": (
        "post",
        lambda w: f"/candidatures/{w['candidature'].pk}/actions/withdraw/",
        {"seeker", "adviser"},
    ),
    # A CV is served to the parties only: not even to platform operators.
    "candidatures:cv": (
        "get",
        lambda w: f"/candidatures/{w['candidature'].pk}/cv/",
        {"seeker", "company", "adviser"},
    ),
    # Contact details shown to act (the parties see them at once; the region's staff and operators: logged).
    "candidatures:show_contact": (
        "post",
        lambda w: f"/candidatures/{w['candidature'].pk}/coordonnees/",
        PATH,
    ),
    "candidatures:convention_pdf": (
        "get",
        lambda w: f"/candidatures/{w['candidature'].pk}/conventions/{w['convention'].pk}/pdf/",
        {"seeker", "company", "adviser", "region", "admin"},
    ),
    "candidatures:commitment_pdf": (
        "get",
        lambda w: f"/candidatures/{w['candidature'].pk}/engagements/{w['promise'].pk}/pdf/",
        PATH,
    ),
    # Saved searches: hers alone; the unsubscribe link is a signed token.
    "search:delete_saved": (
        "post",
        lambda w: f"/compte/recherches/{saved_search_of(w['seeker']).pk}/supprimer/",
        {"seeker"},
    ),
    "search:unsubscribe": ("get", lambda w: "/recherche/alerte/arreter/faux-jeton/", TOKEN),
}


def saved_search_of(user):
    from tdu.alerts.models import SavedSearch

    return SavedSearch.objects.get_or_create(
        user=user, defaults={"commune": real_commune(), "radius_km": 30}
    )[0]


def routes_with_ids():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace if not namespace else f"{namespace}:{pattern.namespace}"
                yield from walk(pattern.url_patterns, inner if pattern.namespace else namespace)
            elif pattern.pattern.converters:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    # The API's routes have their own matrix, by token (tests/www/api/test_api_rights_matrix.py).
    return {
        name
        for name in walk(get_resolver().url_patterns)
        if not name.startswith("admin:") and not name.startswith("api:")
    }


def test_every_route_with_an_id_is_in_the_matrix():
    assert routes_with_ids() == set(MATRIX), "Declare who may use each new route in MATRIX"


@pytest.fixture
def world():
    organisation = prescriber_organisation()
    other_organisation = PrescriberOrganisation.objects.create(
        name="Mission locale de Nancy",
        kind="mission_locale",
        commune=real_commune("54395"),
        region=real_region(),
    )
    offer = OfferFactory()
    session = FundedSessionFactory()
    people = {
        "seeker": job_seeker(prescriber_organisation=organisation),
        "other_seeker": job_seeker(
            email="zoe@example.org", first_name="Zoé", prescriber_organisation=other_organisation
        ),
        "company": company_member(company=offer.company),
        "other_company": company_member(company=CompanyFactory(), email="autre.entreprise@example.org"),
        "trainer": training_member(organisation=session.training.organisation),
        "other_trainer": training_member(organisation=OrganisationFactory(), email="autre.of@example.org"),
        "adviser": prescriber(organisation=organisation),
        "other_adviser": prescriber(organisation=other_organisation, email="autre.conseil@example.org"),
        "region": region_staff(),
        "other_region": region_staff(region="11", email="idf@example.org"),
        "admin": person("admin@example.org", "Ada", "Admin", is_staff=True, is_superuser=True),
    }
    candidature = to_immersion_done(offer, people["seeker"], people["company"], people["adviser"])
    to_enrolment_requested(candidature, people["seeker"], people["company"], session)
    candidature = Candidature.objects.get(pk=candidature.pk)
    candidature.cv.save("cv.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    from django.core.files.base import ContentFile as File

    from tdu.imports.models import ImportRun

    run = ImportRun.objects.create(
        source="lheo", region=real_region(), lock_key="lheo:44", status="succeeded"
    )
    run.rejects_report.save("rejets.csv", File(b"enregistrement;champ;motif\n"))
    from tdu.partners import tokens, webhooks
    from tdu.partners.scopes import BY_KIND, Kind

    api_token, _ = tokens.create_token(
        Kind.COMPANY, offer.company, people["company"], name="ATS", scopes=BY_KIND[Kind.COMPANY]
    )
    subscription = webhooks.subscribe(
        Kind.COMPANY, offer.company, people["company"], url="http://127.0.0.1:9/hook"
    )
    from tdu.organisations.models import JoinRequest

    join_request = JoinRequest.objects.create(user=people["other_company"], company=CompanyFactory())
    return {
        **people,
        "session_to_confirm": FundedSessionFactory(funding_to_confirm=True),
        "join_request": join_request,
        "api_token": api_token,
        "subscription": subscription,
        "import_run": run,
        "offer": offer,
        "session": session,
        "candidature": candidature,
        "convention": candidature.conventions.get(),
        "promise": candidature.commitments.get(),
        "company_a": offer.company,
        "organisation_a": session.training.organisation,
        "prescriber_a": organisation,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_rights(world, name):
    method, build, allowed = MATRIX[name]
    url = build(world)
    for who in sorted(EVERYONE):
        client = Client()
        if who != "anonymous":
            assert client.login(email=world[who].email, password=PASSWORD)
        response = getattr(client, method)(url)
        status = response.status_code
        assert status < 500, (name, who, status)
        if allowed == PUBLIC:
            assert status == 200, (name, who, status)
        elif allowed == TOKEN:
            assert status in {400, 404, 410}, (name, who, status)  # a forged token opens nothing
        elif who in allowed:
            assert status not in {403, 404}, (name, who, status)
            assert not (status == 302 and "/compte/connexion/" in response.url), (name, who)
        elif who == "anonymous":
            assert status in {302, 403, 404}, (name, who, status)
            if status == 302:
                assert "/compte/connexion/" in response.url
        else:
            assert status in {403, 404}, (name, who, status)
    # Acting outside one's rights changed nothing.
    world["candidature"].refresh_from_db()
    assert world["candidature"].state == "enrolment_requested"
