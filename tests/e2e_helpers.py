"""Helpers of the end-to-end test (tests/test_e2e_full_path.py): browsers, mails, pages, documents."""

import datetime
import io
import re
import zoneinfo

import pypdf
from django.core import mail
from django.core.management import call_command

from tdu.candidatures.models import Candidature
from tests.factories import (
    PASSWORD,
)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


# --- Small helpers -----------------------------------------------------------------------------------------


def at(day, hour=9, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS)


def take_mails():
    """The emails sent since the last call (and empty the outbox)."""
    sent = list(mail.outbox)
    mail.outbox.clear()
    return sent


def addresses(messages):
    return sorted(address for message in messages for address in message.to)


def only_mail_to(messages, address):
    (message,) = [m for m in messages if m.to == [address]]
    return message


def link_in(message, start):
    """The path of the first link of the email that starts with `start` (absolute links: SITE_URL)."""
    return re.search(rf"http://testserver({re.escape(start)}\S+)", message.body)[1]


def login(browser, email):
    """Through the login page; a session lasts two weeks, so people log in again after a long jump."""
    browser.logout()
    response = browser.post("/compte/connexion/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[-2000:]
    return browser


def confirm_address(browser, messages, email):
    """The person opens the confirmation link of her sign-up email."""
    message = only_mail_to(messages, email)
    assert "Confirmez votre adresse" in message.subject
    response = browser.get(link_in(message, "/compte/verifier/"))
    assert response.status_code == 200
    assert email in response.content.decode()


def sign_up_organisation(browser, path, *, email, first_name, last_name, siret, name):
    """A company or training organisation member signs up, creating it by SIRET, confirms and logs in."""
    response = browser.post(
        path,
        {
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "first_name": first_name,
            "last_name": last_name,
            "phone": "",
            "siret": siret,
            "name": name,
            "commune": "Metz",
        },
    )
    assert response.status_code == 302 and response.url == "/compte/inscription/lien-envoye/"
    messages = take_mails()
    assert addresses(messages) == [email]
    confirm_address(browser, messages, email)
    login(browser, email)


def html(response):
    return response.content.decode()


def state(pk):
    return Candidature.objects.get(pk=pk).state


def act(browser, pk, action, **data):
    """The person finds the action's form on the candidature page, then sends it."""
    page = browser.get(f"/candidatures/{pk}/")
    assert page.status_code == 200
    url = f"/candidatures/{pk}/actions/{action}/"
    assert f'action="{url}"' in html(page), f"{action} is not offered on the page"
    response = browser.post(url, data)
    assert response.status_code == 302, html(response)[-3000:]
    assert response.url == f"/candidatures/{pk}/"
    return page


def pdf_text(response):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)


def pdf_link(page, kind):
    return re.search(rf'href="(/candidatures/\d+/{kind}/\d+/pdf/)"', html(page))[1]


def answer_follow_up(browser, path):
    response = browser.post(path, {"still_in_post": "oui", "same_company": "oui", "contract_now": "cdi"})
    assert "Merci, votre réponse est enregistrée" in html(response)


def run_worker_jobs():
    """What the worker (Huey) runs every morning: there is no page for it, the system acts as itself."""
    call_command("run_jobs", "--no-progress", stdout=io.StringIO())


# --- The story -------------------------------------------------------------------------------------------
