"""The second factor: required for the region's staff and the administration, optional for anyone else.

Personas: Élise (the region's staff), Arnaud (an administrator of the service, is_staff), Sarah (a job seeker).
"""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, job_seeker, person, region_staff

pytestmark = pytest.mark.django_db

SETUP = "/compte/double-authentification/activer/"
VERIFY = "/compte/double-authentification/"


@pytest.fixture(autouse=True)
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def login(client, user):
    answer = client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD})
    assert answer.status_code == 302, answer.content
    return answer


def code_of(user, step=0):
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=step):06d}"


def set_up(client, user):
    """Log in, scan, give the first code: returns the backup codes shown once."""
    login(client, user)
    client.get(SETUP)
    answer = client.post(SETUP, {"code": code_of(user), "next": "/tableau-de-bord/"})
    assert answer.status_code == 302 and answer["Location"] == "/compte/double-authentification/codes/"
    html = client.get(answer["Location"]).content.decode()
    return re.findall(r"<code>([a-z0-9]{8})</code>", html)


def after_a_pause(user):
    """django-otp delays the next try after a wrong code (1 s, then doubling): the person waits that long."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)


def arnaud():
    return person("arnaud.petit@example.org", "Arnaud", "Petit", is_staff=True, is_superuser=True)


def test_the_region_staff_reaches_nothing_before_setting_up_a_second_factor(client):
    elise = region_staff()
    login(client, elise)
    for page in ("/tableau-de-bord/", "/espace/region/44/financements/", "/admin/", "/compte/"):
        answer = client.get(page)
        assert answer.status_code == 302, page
        assert answer["Location"].startswith(SETUP + "?next="), page
    forced = client.post("/espace/region/44/financements/1/confirmer/")
    assert forced.status_code == 302 and forced["Location"].startswith(SETUP)
    html = client.get(SETUP).content.decode()
    assert "<svg" in html and "Code QR à scanner" in html
    assert "Votre rôle donne accès aux données de nombreuses personnes" in html


def test_the_setup_keeps_its_key_on_reload_and_refuses_a_wrong_code(client):
    elise = region_staff()
    login(client, elise)
    first = client.get(SETUP).content.decode()
    again = client.get(SETUP).content.decode()
    key = re.search(r"<code>([A-Z2-7]+)</code>", first)[1]
    assert key in again and TOTPDevice.objects.filter(user=elise).count() == 1
    wrong = client.post(SETUP, {"code": "000000"})
    assert wrong.status_code == 400
    assert "Ce code ne correspond pas" in wrong.content.decode()
    hurried = client.post(SETUP, {"code": code_of(elise)})
    assert hurried.status_code == 400 and "Trop d" in hurried.content.decode()
    assert not TOTPDevice.objects.get(user=elise).confirmed


def test_once_set_up_the_staff_works_and_each_later_login_asks_a_code(client):
    elise = region_staff()
    codes = set_up(client, elise)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/espace/region/44/financements/").status_code == 200
    assert client.get("/compte/double-authentification/codes/").status_code == 302  # shown once
    client.post("/compte/deconnexion/")

    login(client, elise)
    blocked = client.get("/espace/region/44/financements/")
    assert blocked["Location"] == VERIFY + "?next=%2Fespace%2Fregion%2F44%2Ffinancements%2F"
    assert client.post(VERIFY, {"code": "123456"}).status_code == 400
    device = TOTPDevice.objects.get(user=elise)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=1):06d}"
    after_a_pause(elise)
    done = client.post(VERIFY, {"code": code, "next": "/espace/region/44/financements/"})
    assert done.status_code == 302 and done["Location"] == "/espace/region/44/financements/"
    assert client.get("/espace/region/44/financements/").status_code == 200


def test_a_backup_code_works_once(client):
    elise = region_staff()
    codes = set_up(client, elise)
    client.post("/compte/deconnexion/")
    login(client, elise)
    used = client.post(VERIFY, {"code": codes[0]}, follow=True)
    assert used.status_code == 200
    assert "il vous en reste 9" in used.content.decode()
    client.post("/compte/deconnexion/")
    login(client, elise)
    again = client.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 400 and "Code incorrect" in again.content.decode()


def test_the_administration_asks_the_second_factor_too(client):
    admin = arnaud()
    login(client, admin)
    assert client.get("/admin/")["Location"].startswith(SETUP)
    client.get(SETUP)
    client.post(SETUP, {"code": code_of(admin)})
    assert client.get("/admin/").status_code == 200


def test_a_required_second_factor_cannot_be_turned_off(client):
    elise = region_staff()
    codes = set_up(client, elise)
    client.post("/compte/double-authentification/desactiver/", {"code": codes[1]})
    assert TOTPDevice.objects.filter(user=elise, confirmed=True).exists()
    assert "obligatoire pour votre rôle" in client.get("/compte/").content.decode()


def test_a_job_seeker_may_turn_it_on_then_off(client):
    sarah = job_seeker()
    login(client, sarah)
    assert client.get("/tableau-de-bord/").status_code == 200  # optional: nothing asked
    assert "Activer la double authentification" in client.get("/compte/").content.decode()
    codes = set_up(client, sarah)
    client.post("/compte/deconnexion/")
    login(client, sarah)
    assert client.get("/tableau-de-bord/")["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": codes[0]})
    wrong = client.post("/compte/double-authentification/desactiver/", {"code": "999999"}, follow=True)
    assert "Code incorrect" in wrong.content.decode()
    after_a_pause(sarah)
    client.post("/compte/double-authentification/desactiver/", {"code": codes[1]})
    assert not TOTPDevice.objects.filter(user=sarah).exists()
    client.post("/compte/deconnexion/")
    login(client, sarah)
    assert client.get("/tableau-de-bord/").status_code == 200


def test_new_backup_codes_replace_the_old_ones(client):
    sarah = job_seeker()
    old = set_up(client, sarah)
    answer = client.post("/compte/double-authentification/nouveaux-codes/", follow=True)
    new = re.findall(r"<code>([a-z0-9]{8})</code>", answer.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    client.post("/compte/deconnexion/")
    login(client, sarah)
    assert client.post(VERIFY, {"code": old[0]}).status_code == 400
    after_a_pause(sarah)
    assert client.post(VERIFY, {"code": new[0]}).status_code == 302


def test_the_next_address_never_leaves_the_site(client):
    elise = region_staff()
    login(client, elise)
    client.get(SETUP)
    answer = client.post(SETUP, {"code": code_of(elise), "next": "https://evil.example/"})
    assert answer["Location"] == "/compte/double-authentification/codes/"
    client.post("/compte/deconnexion/")
    login(client, elise)
    device = TOTPDevice.objects.get(user=elise)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=1):06d}"
    done = client.post(VERIFY, {"code": code, "next": "//evil.example/"})
    assert done.status_code == 302 and done["Location"] == "/tableau-de-bord/"


def test_the_api_answers_by_token_not_by_a_second_factor(client):
    elise = region_staff()
    login(client, elise)
    assert client.get("/tableau-de-bord/").status_code == 302
    answer = client.get("/api/v1/offres", {"commune": "57463"})
    assert answer.status_code in (200, 400) and answer["Content-Type"].startswith("application/json")
