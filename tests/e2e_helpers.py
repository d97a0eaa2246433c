"""Helpers of the end-to-end test (tests/test_e2e_full_path.py): browsers, mails, pages, documents."""

import datetime
import io
import re
import zoneinfo

from django.core.management import call_command

from tests.factories import PASSWORD
from tests.helpers import act, addresses, html, login, pdf_text, state, take_mails  # noqa: F401

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


# --- Small helpers -----------------------------------------------------------------------------------------


def at(day, hour=9, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS)


def only_mail_to(messages, address):
    (message,) = [m for m in messages if m.to == [address]]
    return message


def link_in(message, start):
    """The path of the first link of the email that starts with `start` (absolute links: SITE_URL)."""
    return re.search(rf"http://testserver({re.escape(start)}\S+)", message.body)[1]


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


def pdf_link(page, kind):
    return re.search(rf'href="(/candidatures/\d+/{kind}/\d+/pdf/)"', html(page))[1]


def answer_follow_up(browser, path):
    response = browser.post(path, {"still_in_post": "oui", "same_company": "oui", "contract_now": "cdi"})
    assert "Merci, votre réponse est enregistrée" in html(response)


def run_worker_jobs():
    """What the worker (Huey) runs every morning: there is no page for it, the system acts as itself."""
    call_command("run_jobs", "--no-progress", stdout=io.StringIO())


# --- The story -------------------------------------------------------------------------------------------
