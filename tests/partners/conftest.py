"""Tokens of each kind of organisation for the cast, a receiving server for the webhooks."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tdu.organisations.models import (
    CompanyMembership,
    PrescriberMembership,
    RegionMembership,
    TrainingOrganisationMembership,
)
from tdu.partners import tokens
from tdu.partners.scopes import BY_KIND, Kind
from tests.situations import make_cast


def admin_cast():
    cast = make_cast()
    # The cast's people administer their organisations (tokens are created by administrators).
    for model in (CompanyMembership, TrainingOrganisationMembership, PrescriberMembership, RegionMembership):
        model.objects.update(is_admin=True)
    return cast


@pytest.fixture
def cast(db):
    return admin_cast()


def organisation_of(cast, kind, other=False):
    if kind == Kind.COMPANY:
        person = cast.olivier if other else cast.bruno
        return person, CompanyMembership.objects.get(user=person).company
    if kind == Kind.TRAINING:
        person = cast.odile if other else cast.chloe
        return person, TrainingOrganisationMembership.objects.get(user=person).organisation
    if kind == Kind.PRESCRIBER:
        person = cast.paul if other else cast.david
        return person, PrescriberMembership.objects.get(user=person).organisation
    person = cast.ida if other else cast.elise
    return person, RegionMembership.objects.get(user=person).region


@pytest.fixture
def token_for(cast):
    """token_for(kind, scopes=None, other=False) → (token, raw key) of the cast's organisation of that kind."""

    def make(kind, scopes=None, other=False, **extra):
        person, organisation = organisation_of(cast, kind, other)
        return tokens.create_token(
            kind, organisation, person, name=f"SI {kind.value}", scopes=scopes or BY_KIND[kind], **extra
        )

    return make


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


class Receiver:
    """A partner's server: records each POST (headers and body), answers the statuses queued in `answers`."""

    def __init__(self):
        self.received: list[dict] = []
        self.answers: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.received.append({"headers": self.headers, "body": body, "json": json.loads(body)})
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/evenements"


@pytest.fixture
def receiver():
    server = Receiver()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()
