"""Members pages and invitations: administrators invite by email, an invitation is used once."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from tdu.accounts.models import User
from tdu.organisations import services
from tdu.organisations.models import (
    CompanyMembership,
    Invitation,
    PrescriberMembership,
    TrainingOrganisationMembership,
)
from tests.factories import (
    PASSWORD,
    CompanyFactory,
    OrganisationFactory,
    company_member,
    job_seeker,
    person,
    prescriber,
    prescriber_organisation,
    training_member,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "une-phrase-solide-2026"


@pytest.fixture
def company():
    return CompanyFactory(name="Ateliers Schmitt")


@pytest.fixture
def bruno(company):
    return company_member(company=company)


def members_url(company):
    return f"/compte/entreprise/{company.siret}/membres/"


def invite(client, post, company, bruno, email="julie.petit@example.org"):
    client.force_login(bruno)
    response = post(members_url(company), {"action": "inviter", "email": email})
    assert response.status_code == 302, response.content.decode()
    client.logout()
    path = re.search(r"http://testserver(/compte/invitation/\S+/)", mail.outbox[-1].body)[1]
    return Invitation.objects.get(email=email.lower()), path


# --- Members pages --------------------------------------------------------------------------------------


def test_members_page_lists_members_for_members_only(client, company, bruno):
    colleague = person("julie.petit@example.org", "Julie", "Petit")
    CompanyMembership.objects.create(company=company, user=colleague)
    client.force_login(colleague)
    response = client.get(members_url(company))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bruno Schmitt" in html and "Julie Petit" in html
    assert "Envoyer l'invitation" not in html  # not an administrator

    client.force_login(job_seeker())
    assert client.get(members_url(company)).status_code == 404
    assert client.get("/compte/entreprise/123/membres/").status_code == 404
    client.logout()
    assert client.get(members_url(company))["Location"].startswith("/compte/connexion/")


def test_outsiders_get_a_404_on_every_kind_of_members_page(client):
    organisation = OrganisationFactory()
    training_member(organisation=organisation)
    advisers = prescriber_organisation()
    prescriber(organisation=advisers)
    client.force_login(job_seeker())
    assert client.get(f"/compte/organisme/{organisation.siret}/membres/").status_code == 404
    assert client.get(f"/compte/prescripteur/{advisers.pk}/membres/").status_code == 404
    assert client.get("/compte/prescripteur/999999/membres/").status_code == 404


def test_admin_invites_by_email_and_sees_the_pending_invitation(client, post, company, bruno):
    client.force_login(bruno)
    response = post(members_url(company), {"action": "inviter", "email": "Julie.Petit@example.org"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "julie.petit@example.org"
    assert invitation.company == company and invitation.invited_by == bruno
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["julie.petit@example.org"]
    assert f"/compte/invitation/{invitation.token}/" in mail.outbox[0].body
    assert "Bruno Schmitt vous invite à rejoindre l'espace de Ateliers Schmitt" in mail.outbox[0].body
    html = client.get(members_url(company)).content.decode()
    assert "Invitation envoyée à julie.petit@example.org" in html
    assert "julie.petit@example.org, envoyée le" in html

    # Inviting again sends the same pending invitation again.
    post(members_url(company), {"action": "inviter", "email": "julie.petit@example.org"})
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 2


def test_invitation_errors(client, post, company, bruno):
    client.force_login(bruno)
    response = post(members_url(company), {"action": "inviter", "email": "pas-une-adresse"})
    assert response.status_code == 400
    assert "Saisissez une adresse électronique valide" in response.content.decode()
    response = post(members_url(company), {"action": "inviter", "email": "bruno.schmitt@example.org"})
    assert response.status_code == 400
    assert "fait déjà partie de la structure" in response.content.decode()
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_only_administrators_invite_and_promote(client, post, company, bruno):
    colleague = person("julie.petit@example.org", "Julie", "Petit")
    membership = CompanyMembership.objects.create(company=company, user=colleague)
    client.force_login(colleague)
    response = post(members_url(company), {"action": "inviter", "email": "x@example.org"})
    assert response.status_code == 403
    assert "Seuls les administrateurs" in response.content.decode()
    response = post(members_url(company), {"action": "nommer-admin", "membre": membership.pk})
    assert response.status_code == 403
    assert Invitation.objects.count() == 0
    membership.refresh_from_db()
    assert not membership.is_admin
    with pytest.raises(services.OrganisationError):
        services.invite(company, "x@example.org", colleague)


def test_admin_makes_another_member_administrator(client, post, company, bruno):
    membership = CompanyMembership.objects.create(
        company=company, user=person("julie.petit@example.org", "Julie", "Petit")
    )
    client.force_login(bruno)
    assert "Nommer administrateur ou administratrice" in client.get(members_url(company)).content.decode()
    response = post(members_url(company), {"action": "nommer-admin", "membre": membership.pk})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.is_admin
    other_company_member = CompanyMembership.objects.create(
        company=CompanyFactory(), user=person("x@example.org", "X", "Y")
    )
    response = post(members_url(company), {"action": "nommer-admin", "membre": other_company_member.pk})
    assert response.status_code == 400
    assert "ne fait pas partie de la structure" in response.content.decode()
    response = post(members_url(company), {"action": "nommer-admin", "membre": "abc"})
    assert response.status_code == 400
    other_company_member.refresh_from_db()
    assert not other_company_member.is_admin


# --- Accepting an invitation ----------------------------------------------------------------------------


def test_new_person_creates_a_confirmed_account_and_joins(client, post, company, bruno):
    invitation, path = invite(client, post, company, bruno)
    html = client.get(path).content.decode()
    assert "Rejoindre Ateliers Schmitt" in html
    assert "julie.petit@example.org" in html

    response = post(
        path, {"first_name": "Julie", "last_name": "Petit", "password1": "123", "password2": "123"}
    )
    assert response.status_code == 400
    assert "trop court" in response.content.decode()
    assert not User.objects.filter(email="julie.petit@example.org").exists()

    data = {"first_name": "Julie", "last_name": "Petit", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    response = post(path, data)
    assert response["Location"] == members_url(company)
    julie = User.objects.get(email="julie.petit@example.org")
    assert julie.email_verified_at is not None
    assert CompanyMembership.objects.get(user=julie, company=company).is_admin is False
    assert client.session["_auth_user_id"] == str(julie.pk)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None

    client.logout()
    response = client.get(path)
    assert response.status_code == 410
    assert "déjà été utilisée" in response.content.decode()
    response = post(path, data)
    assert response.status_code == 410
    assert User.objects.filter(email="julie.petit@example.org").count() == 1


def test_logged_in_with_the_invited_address_joins_with_one_click(client, post, company, bruno):
    julie = person("julie.petit@example.org", "Julie", "Petit")
    invitation, path = invite(client, post, company, bruno)
    client.force_login(julie)
    response = client.get(path)
    assert 'name="password1"' not in response.content.decode()
    assert not CompanyMembership.objects.filter(user=julie).exists()  # nothing happens on GET
    response = post(path)
    assert response["Location"] == members_url(company)
    assert CompanyMembership.objects.filter(user=julie, company=company).exists()
    assert post(path).status_code == 410
    with pytest.raises(services.OrganisationError):
        services.accept_invitation(invitation, julie)


def test_logged_in_with_another_address_is_told_so(client, post, company, bruno):
    _, path = invite(client, post, company, bruno)
    someone_else = job_seeker()
    client.force_login(someone_else)
    response = client.get(path)
    assert response.status_code == 403
    html = response.content.decode()
    assert "destinée à une autre adresse" in html
    assert post(path).status_code == 403
    assert not CompanyMembership.objects.filter(user=someone_else).exists()


def test_existing_account_is_asked_to_log_in_then_joins(client, post, company, bruno):
    julie = person("julie.petit@example.org", "Julie", "Petit")
    julie.email_verified_at = None  # she never confirmed it: the invitation link does
    julie.save()
    _, path = invite(client, post, company, bruno)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/compte/connexion/?next={path.replace('/', '%2F')}"
    page = client.get(response["Location"]).content.decode()
    assert "Un compte existe déjà pour julie.petit@example.org" in page
    response = post(
        "/compte/connexion/", {"username": "julie.petit@example.org", "password": PASSWORD, "next": path}
    )
    assert response["Location"] == path
    post(path)
    assert CompanyMembership.objects.filter(user=julie, company=company).exists()


def test_unknown_and_expired_invitations(client, post, company, bruno):
    assert client.get("/compte/invitation/nimporte-quoi/").status_code == 404
    invitation, path = invite(client, post, company, bruno)
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=15)
    )
    response = client.get(path)
    assert response.status_code == 410
    assert "a expiré" in response.content.decode()


def test_training_and_prescriber_invitations(client, post):
    organisation = OrganisationFactory(name="GRETA Lorraine")
    chloe = training_member(organisation=organisation)
    client.force_login(chloe)
    post(f"/compte/organisme/{organisation.siret}/membres/", {"action": "inviter", "email": "t@example.org"})
    assert Invitation.objects.get().training_organisation == organisation

    advisers = prescriber_organisation()
    david = prescriber(organisation=advisers)
    client.force_login(david)
    response = post(
        f"/compte/prescripteur/{advisers.pk}/membres/", {"action": "inviter", "email": "p@example.org"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(prescriber_organisation=advisers)
    client.logout()
    data = {"first_name": "Paul", "last_name": "Meyer", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    response = post(f"/compte/invitation/{invitation.token}/", data)
    assert response["Location"] == f"/compte/prescripteur/{advisers.pk}/membres/"
    assert PrescriberMembership.objects.filter(organisation=advisers, user__email="p@example.org").exists()
    assert not TrainingOrganisationMembership.objects.filter(user__email="p@example.org").exists()
