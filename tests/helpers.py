"""The helpers every HTTP test shares: log a person in, act on a candidature, read emails and PDFs."""

import io

import pypdf
from django.core import mail

from tdu.candidatures.models import Candidature
from tests.factories import PASSWORD


def login(client, person):
    """Through the login page, as a person does (`person`: a user or an address)."""
    email = getattr(person, "email", person)
    client.logout()
    response = client.post("/compte/connexion/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[-2000:]
    return client


def pk_of(candidature):
    return getattr(candidature, "pk", candidature)


def post_action(client, candidature, action, **data):
    """POST an action of the candidature page; the response as it is."""
    return client.post(f"/candidatures/{pk_of(candidature)}/actions/{action}/", data)


def act(client, candidature, action, **data):
    """The person finds the action's form on the candidature page, sends it, and is sent back to the page."""
    pk = pk_of(candidature)
    page = client.get(f"/candidatures/{pk}/")
    assert page.status_code == 200
    url = f"/candidatures/{pk}/actions/{action}/"
    assert f'action="{url}"' in html(page), f"{action} is not offered on the page"
    response = client.post(url, data)
    assert response.status_code == 302, html(response)[-3000:]
    assert response.url == f"/candidatures/{pk}/"
    if isinstance(candidature, Candidature):
        candidature.refresh_from_db()
    return page


def html(response):
    return response.content.decode()


def state(candidature):
    return Candidature.objects.get(pk=pk_of(candidature)).state


def take_mails():
    """The emails sent since the last call (and empty the outbox)."""
    sent = list(mail.outbox)
    mail.outbox.clear()
    return sent


def addresses(messages):
    return sorted(address for message in messages for address in message.to)


def pdf_text(response):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)


def last_entry(candidature):
    """The newest entry of the candidature's transition log."""
    return candidature.log.order_by("-created_at", "-id").first()


def assert_nobody_else_may(client, candidature, action, data, people):
    """Each of `people` is refused (403, or 404 when she may not even see the candidature); nothing changes."""
    before = (state(candidature), candidature.log.count())
    for person in people:
        login(client, person)
        response = post_action(client, candidature, action, **data)
        assert response.status_code in {403, 404}, (person.email, response.status_code)
    client.logout()
    response = post_action(client, candidature, action, **data)
    assert response.status_code == 302 and "/compte/connexion/" in response.url
    assert (state(candidature), candidature.log.count()) == before


def cv_pdf(text="Amélie Martin — soudeuse", javascript=None):
    """A real one-page PDF, as a word processor exports it; with `javascript`, a script run when it opens."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 750, text)
    page.save()
    if javascript is None:
        return buffer.getvalue()
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(buffer.getvalue())))
    from pypdf.actions import JavaScript

    writer.add_open_action(JavaScript(javascript))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
