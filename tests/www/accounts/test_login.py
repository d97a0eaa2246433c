"""Login (confirmed addresses only), new confirmation links, logout, passwords and the profile page."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail

from tdu.accounts.models import User
from tdu.accounts.services import create_job_seeker
from tests.factories import (
    METZ,
    PASSWORD,
    CompanyFactory,
    company_member,
    job_seeker,
    person,
    prescriber,
    prescriber_organisation,
    real_commune,
    rome,
)

pytestmark = pytest.mark.django_db

SAME_ANSWER = "Si un compte à confirmer existe pour cette adresse, nous venons d"


def unverified(email="nora.haddad@example.org"):
    user = person(email, "Nora", "Haddad")
    user.email_verified_at = None
    user.save()
    return user


def link_in(message):
    return re.search(r"http://testserver(/\S+)", message.body)[1]


def login(post, email, password=PASSWORD, **extra):
    return post("/compte/connexion/", {"username": email, "password": password, **extra})


# --- Login ----------------------------------------------------------------------------------------------


def test_login_page_is_in_french_with_links_to_reset_and_sign_up(client):
    html = client.get("/compte/connexion/").content.decode()
    assert "Se connecter" in html
    assert "/compte/mot-de-passe/oublie/" in html
    assert "/compte/inscription/" in html


def test_verified_person_logs_in_and_the_session_key_changes(client, post):
    user = job_seeker()
    store = SessionStore()
    store["avant"] = "connexion"
    store.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key

    response = login(post, "AMELIE.MARTIN@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/tableau-de-bord/"
    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != store.session_key
    assert not Session.objects.filter(session_key=store.session_key).exists()
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_follows_a_safe_next_only(client, post):
    job_seeker()
    response = login(post, "amelie.martin@example.org", next="/compte/")
    assert response["Location"] == "/compte/"
    client.logout()
    response = login(post, "amelie.martin@example.org", next="https://example.com/piege")
    assert response["Location"] == "/tableau-de-bord/"


def test_wrong_password_is_refused_in_french(client, post):
    job_seeker()
    response = login(post, "amelie.martin@example.org", "pas-le-bon")
    assert response.status_code == 400
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unconfirmed_address_cannot_log_in_and_can_ask_for_a_new_link(client, post):
    unverified()
    response = login(post, "nora.haddad@example.org")
    assert response.status_code == 400
    html = response.content.decode()
    assert "pas encore confirmée" in html
    assert 'action="/compte/verification/renvoyer/"' in html
    assert 'value="nora.haddad@example.org"' in html
    assert "_auth_user_id" not in client.session

    response = post("/compte/verification/renvoyer/", {"email": "nora.haddad@example.org"})
    assert response.status_code == 200
    assert SAME_ANSWER in response.content.decode().replace("&#x27;", "'")
    assert len(mail.outbox) == 1
    client.get(link_in(mail.outbox[0]))
    assert login(post, "nora.haddad@example.org").status_code == 302


def test_unconfirmed_status_is_not_revealed_without_the_right_password(post):
    unverified()
    response = login(post, "nora.haddad@example.org", "pas-le-bon")
    assert "pas encore confirmée" not in response.content.decode()


def test_resending_answers_the_same_whether_or_not_the_account_exists(client, post):
    job_seeker()  # confirmed: nothing to send
    for email in ["personne@example.org", "amelie.martin@example.org"]:
        response = post("/compte/verification/renvoyer/", {"email": email})
        assert response.status_code == 200
        assert SAME_ANSWER in response.content.decode().replace("&#x27;", "'")
    assert mail.outbox == []
    response = post("/compte/verification/renvoyer/", {"email": "pas une adresse"})
    assert response.status_code == 400
    assert "Saisissez une adresse électronique valide" in response.content.decode()


def test_a_broken_confirmation_link_says_so_with_a_400(client):
    response = client.get("/compte/verifier/abc/")
    assert response.status_code == 400
    assert "Ce lien n" in response.content.decode()


def test_logout_is_post_only(client, post):
    client.force_login(job_seeker())
    assert client.get("/compte/deconnexion/").status_code == 405
    assert "_auth_user_id" in client.session
    response = post("/compte/deconnexion/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# --- Passwords ------------------------------------------------------------------------------------------


def test_password_reset_sets_a_new_password_and_confirms_the_address(client, post):
    user = unverified()
    response = post("/compte/mot-de-passe/oublie/", {"email": "Nora.Haddad@example.org"})
    assert response["Location"] == "/compte/mot-de-passe/lien-envoye/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[Trait d'union] Choisissez un nouveau mot de passe"
    assert "&#x27;" not in mail.outbox[0].body

    response = client.get(link_in(mail.outbox[0]), follow=True)
    assert "Choisir un mot de passe" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    weak = post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 400
    assert "trop court" in weak.content.decode()
    new_password = "une-autre-phrase-solide-2027"
    response = post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response["Location"] == "/compte/mot-de-passe/modifie/"
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert user.check_password(new_password)
    assert login(post, "nora.haddad@example.org", new_password).status_code == 302


def test_a_used_or_altered_reset_link_is_refused(client, post):
    unverified()
    post("/compte/mot-de-passe/oublie/", {"email": "nora.haddad@example.org"})
    response = client.get(link_in(mail.outbox[0]).replace("/compte/mot-de-passe/", "/compte/mot-de-passe/x"))
    assert response.status_code == 400
    assert "Ce lien n" in response.content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing(post):
    response = post("/compte/mot-de-passe/oublie/", {"email": "inconnue@example.org"})
    assert response["Location"] == "/compte/mot-de-passe/lien-envoye/"
    assert mail.outbox == []


def test_job_seeker_registered_by_a_prescriber_activates_her_account(
    client, post, django_capture_on_commit_callbacks
):
    adviser = prescriber()
    with django_capture_on_commit_callbacks(execute=True):
        create_job_seeker(
            email="ines.benali@example.org",
            first_name="Inès",
            last_name="Benali",
            registered_by=adviser,
            organisation=adviser.prescriber_memberships.get().organisation,
            birth_date="1990-01-01",
            commune=real_commune(METZ),
        )
    assert len(mail.outbox) == 1
    response = client.get(link_in(mail.outbox[0]), follow=True)
    password = "ma-phrase-de-passe-2026"
    post(response.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
    assert User.objects.get(email="ines.benali@example.org").email_verified_at is not None
    assert login(post, "ines.benali@example.org", password).status_code == 302

    # A lost link: "mot de passe oublié" works for an account without a password yet, and so does "renvoyer".
    other = create_job_seeker(
        email="yanis@example.org",
        first_name="Yanis",
        last_name="Durand",
        registered_by=adviser,
        organisation=adviser.prescriber_memberships.get().organisation,
        birth_date="1990-01-01",
        commune=real_commune(METZ),
    )
    assert not other.has_usable_password()
    mail.outbox.clear()
    post("/compte/mot-de-passe/oublie/", {"email": "yanis@example.org"})
    post("/compte/verification/renvoyer/", {"email": "yanis@example.org"})
    assert [m.subject for m in mail.outbox] == [
        "[Trait d'union] Choisissez un nouveau mot de passe",
        "[Trait d'union] Choisissez votre mot de passe",
    ]
    assert "/compte/mot-de-passe/" in mail.outbox[1].body


def test_password_change_from_the_profile(client, post):
    client.force_login(job_seeker())
    new_password = "encore-une-phrase-2028"
    response = post(
        "/compte/mot-de-passe/changer/",
        {"old_password": "faux", "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 400
    response = post(
        "/compte/mot-de-passe/changer/",
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response["Location"] == "/compte/"
    assert "_auth_user_id" in client.session  # still logged in
    assert User.objects.get().check_password(new_password)


# --- Profile --------------------------------------------------------------------------------------------


def profile_data(**overrides):
    data = {
        "first_name": "Amélie",
        "last_name": "Martin-Roux",
        "phone": "+33 6 11 22 33 44",
        "birth_date": "1995-04-12",
        "commune": "Metz (57000)",
        "mobility_radius_km": "60",
        "education_level": "4",
        "situation": "mission_locale",
        "france_travail_id": "",
        "jobs_wanted": "Soudeur / Soudeuse (H2913)",  # as the page shows it back: the name first
        "availability": "en septembre",
    }
    data.update(overrides)
    return data


def test_profile_requires_login(client):
    response = client.get("/compte/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/?next=")


def test_job_seeker_edits_her_profile(client, post):
    welder = rome("H2913", "Soudeur / Soudeuse")
    user = job_seeker()
    user.job_seeker_profile.jobs_wanted.set([welder])
    client.force_login(user)
    html = client.get("/compte/").content.decode()
    assert 'value="Metz (57000)"' in html
    assert 'value="Soudeur / Soudeuse (H2913)"' in html
    assert 'name="address"' in html
    assert "Recevoir les rappels et le récapitulatif quotidien" in html

    response = post("/compte/", profile_data())  # the preference box is left unticked
    assert response["Location"] == "/compte/"
    user.refresh_from_db()
    assert user.last_name == "Martin-Roux"
    assert user.phone == "+33 6 11 22 33 44"
    assert user.wants_non_essential_emails is False
    profile = user.job_seeker_profile
    assert profile.mobility_radius_km == 60
    assert profile.situation == "mission_locale"
    assert list(profile.jobs_wanted.all()) == [welder]
    assert profile.availability == "en septembre"


def test_profile_errors_change_nothing(client, post):
    user = job_seeker()
    client.force_login(user)
    response = post("/compte/", profile_data(mobility_radius_km="0", wants_non_essential_emails="on"))
    assert response.status_code == 400
    assert "entre 1 et 200 km" in response.content.decode()
    user.refresh_from_db()
    assert user.last_name == "Martin"
    assert user.job_seeker_profile.mobility_radius_km == 30


def test_company_member_profile_shows_her_memberships(client, post):
    company = CompanyFactory(name="Chaudronnerie Lorraine")
    user = company_member(company=company)
    client.force_login(user)
    html = client.get("/compte/").content.decode()
    assert "Chaudronnerie Lorraine" in html
    assert f"/compte/entreprise/{company.siret}/membres/" in html
    assert 'name="birth_date"' not in html
    response = post(
        "/compte/",
        {"first_name": "Bruno", "last_name": "Schmitt", "phone": "", "wants_non_essential_emails": "on"},
    )
    assert response.status_code == 302


def test_prescriber_profile_links_to_the_members_page(client):
    organisation = prescriber_organisation()
    client.force_login(prescriber(organisation=organisation))
    assert f"/compte/prescripteur/{organisation.pk}/membres/" in client.get("/compte/").content.decode()


# --- Hostile logins -------------------------------------------------------------------------------------


def test_a_50_000_character_login_name_is_a_400_in_french(client):
    answer = client.post("/compte/connexion/", {"username": "a" * 50_000 + "@example.org", "password": "x"})
    assert answer.status_code == 400
    assert "Une adresse électronique compte au plus 254 caractères" in answer.content.decode()


def test_every_failed_login_costs_one_password_hash(client, monkeypatch):
    """Whether the address is unknown, known with a wrong password, or known without a password yet (registered
    by an advisor), a failed login does the same work: its time tells nothing about the account (Django hashes once even where
    there is nothing to compare with; this test keeps it so through upgrades and backends)."""
    from django.contrib.auth.hashers import MD5PasswordHasher

    calls = []
    original = MD5PasswordHasher.encode
    monkeypatch.setattr(
        MD5PasswordHasher, "encode", lambda self, *a, **k: calls.append(1) or original(self, *a, **k)
    )
    job_seeker()
    registered = create_job_seeker(
        email="nadia.benali@example.org",
        first_name="Nadia",
        last_name="Benali",
        password=None,
        commune=real_commune(),
        birth_date=datetime.date(1990, 2, 3),
    )
    assert not registered.has_usable_password()
    for address in ("inconnue@example.org", "amelie.martin@example.org", registered.email):
        calls.clear()
        answer = client.post("/compte/connexion/", {"username": address, "password": "pas-le-bon-1"})
        assert (
            answer.status_code == 400
            and "Adresse électronique ou mot de passe incorrect" in answer.content.decode()
        )
        assert len(calls) == 1, address
