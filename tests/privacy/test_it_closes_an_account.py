"""A person closes her account: her data is erased, the documents others signed stay, the figures keep their counts.

Personas: Amélie (the cohort's job seeker, hired two years ago), Bruno (her recruiter), Élise (the region's staff),
David (the adviser), Nadia (registered by David with her consent).
"""

import datetime

import pytest
from django.core.files.base import ContentFile

from tdu.accounts.models import User
from tdu.accounts.services import create_job_seeker
from tdu.candidatures.models import Candidature, ImmersionConvention, TransitionLog
from tdu.partners import tokens
from tdu.partners.models import ApiToken
from tdu.partners.scopes import BY_KIND, Kind
from tdu.privacy.erasure import CLOSED_EMAIL
from tdu.privacy.models import ClosedAccount
from tdu.stats import snapshots
from tdu.stats.models import Snapshot
from tests.factories import PASSWORD, real_commune
from tests.helpers import take_mails
from tests.situations import candidature_at, make_cast

pytestmark = pytest.mark.django_db
CLOSE = "/compte/fermer/"


def region_figures():
    snapshots.refresh_all()
    data = Snapshot.objects.get(scope="44").figures
    return {**data, **{name: snapshots.stored_table("44", name) for name in snapshots.TABLES}}


def close(client, user, post, password=PASSWORD, confirm="on"):
    assert client.login(email=user.email, password=PASSWORD)
    assert client.get(CLOSE).status_code == 200
    return post(CLOSE, {"password": password, "confirm": confirm})


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def _post(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return _post


def test_a_hired_person_closes_her_account_and_the_regions_figures_stay_the_same(client, post, cohort):
    amelie_path = cohort.people["Amélie"]
    amelie = amelie_path.job_seeker
    amelie_path.cv.save("cv.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    cv_name = amelie_path.cv.name
    storage = amelie_path.cv.storage
    before = region_figures()
    fingerprint = ImmersionConvention.objects.get(candidature=amelie_path).compute_hash()
    take_mails()

    answer = close(client, amelie, post)

    assert answer.status_code == 302 and answer["Location"] == "/"
    assert not User.objects.filter(email="amélie@example.org").exists()
    assert not User.objects.filter(pk=amelie.pk).exists()
    assert not client.login(email="amélie@example.org", password=PASSWORD)
    candidature = Candidature.objects.get(pk=amelie_path.pk)
    assert candidature.job_seeker.email == CLOSED_EMAIL and candidature.job_seeker.full_name == "Compte fermé"
    assert (candidature.message, candidature.cv.name) == ("", "")
    assert not storage.exists(cv_name)
    # The signed convention stays, as the law requires, attached to the candidature and to no account.
    convention = ImmersionConvention.objects.get(candidature=candidature)
    assert convention.beneficiary_name == "Amélie Test"
    assert convention.compute_hash() == fingerprint  # its content is untouched
    assert not convention.signatures.filter(user_id=amelie.pk).exists()
    assert TransitionLog.objects.filter(candidature=candidature, actor_name="Amélie Test").count() == 0
    after = region_figures()
    for key in ("funnel", "employment", "exits"):
        assert after[key] == before[key], key
    assert ClosedAccount.objects.get().reason == "request"
    mails = take_mails()
    assert [m.to for m in mails] == [["amélie@example.org"]]
    assert "Votre compte Trait d'union est fermé" in mails[0].subject


def test_a_path_in_progress_stops_and_the_others_are_told_without_her_name(client, post):
    cast = make_cast()
    candidature = candidature_at(cast, "immersion_proposed")
    take_mails()
    close(client, cast.amelie, post)
    candidature.refresh_from_db()
    assert candidature.state == "withdrawn"
    assert candidature.log.last().transition == "close_account"
    mails = take_mails()
    to = sorted(address for m in mails for address in m.to)
    assert cast.bruno.email in to and cast.david.email in to and cast.amelie.email in to
    for mail in mails:
        if mail.to != [cast.amelie.email]:
            assert "Amélie" not in mail.body and "Martin" not in mail.body, mail.to
            assert "a fermé son compte" in mail.body


def test_a_wrong_password_or_no_confirmation_erases_nothing(client, post):
    cast = make_cast()
    candidature_at(cast, "sent")
    wrong = close(client, cast.amelie, post, password="pas-le-bon")
    assert wrong.status_code == 400 and "Mot de passe incorrect" in wrong.content.decode()
    unconfirmed = post(CLOSE, {"password": PASSWORD})
    assert unconfirmed.status_code == 400 and "Cochez la case pour confirmer" in unconfirmed.content.decode()
    assert User.objects.filter(pk=cast.amelie.pk, is_active=True).exists()
    assert Candidature.objects.get().job_seeker_id == cast.amelie.pk


def test_a_person_registered_by_her_adviser_withdraws_her_consent(client, post):
    cast = make_cast()
    nadia = create_job_seeker(
        email="nadia.benali@example.org",
        first_name="Nadia",
        last_name="Benali",
        password=PASSWORD,
        registered_by=cast.david,
        organisation=cast.amelie.job_seeker_profile.prescriber_organisation,
        commune=real_commune(),
        birth_date=datetime.date(1990, 2, 3),
    )
    User.objects.filter(pk=nadia.pk).update(email_verified_at=nadia.date_joined)
    assert client.login(email=nadia.email, password=PASSWORD)
    assert "Retirer mon consentement" in client.get("/compte/mes-donnees/").content.decode()
    take_mails()
    answer = post(CLOSE, {"password": PASSWORD, "confirm": "on"})
    assert answer.status_code == 302
    assert ClosedAccount.objects.get().reason == "consent_withdrawn"
    mails = {m.to[0]: m for m in take_mails()}
    assert "Vous avez retiré votre consentement" in mails[nadia.email].body
    assert "a retiré son consentement" in mails[cast.david.email].subject
    assert "Nadia" not in mails[cast.david.email].body


def test_what_her_company_needs_stays_when_a_recruiter_leaves(client, post):
    cast = make_cast()
    token, _ = tokens.create_token(
        Kind.COMPANY, cast.offer.company, cast.bruno, name="ATS", scopes=BY_KIND[Kind.COMPANY]
    )
    candidature = candidature_at(cast, "immersion_proposed")
    close(client, cast.bruno, post)
    assert ApiToken.objects.get(pk=token.pk).created_by.email == CLOSED_EMAIL
    assert ImmersionConvention.objects.get(candidature=candidature).created_by.email == CLOSED_EMAIL
    assert Candidature.objects.get(pk=candidature.pk).job_seeker_id == cast.amelie.pk  # Amélie's path is hers


def test_the_administration_closes_no_account_this_way(client, post):
    cast = make_cast()
    answer = close(client, cast.ada, post)
    assert answer.status_code == 400 and "délégué à la protection des données" in answer.content.decode()
    assert User.objects.filter(pk=cast.ada.pk).exists()


def test_the_closed_account_cannot_log_in(client, post):
    cast = make_cast()
    close(client, cast.zoe, post)
    placeholder = User.objects.get(email=CLOSED_EMAIL)
    assert not placeholder.is_active and not placeholder.has_usable_password()
