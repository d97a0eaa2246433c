"""The hostile-input run of every form gives 0 × HTTP 5xx.

For each persona of the rights matrix's world (and for an anonymous visitor), the run crawls the dashboard, every
route without a converter and the GET routes of MATRIX, then the same-site links of those pages one level deep.
The world gets one more candidature at each step of the path, so that the pages show every action's form.
On each HTML page it reads every POST form (once per shape of action and fields, per persona) and submits it
again and again from a baseline — the page's own values, plus what a person would fill in the required fields
it leaves empty, so that the hostile values get past the first refusal — with one field at a time made hostile
(for its type), then every field hostile at once, then nothing at all. Any answer of 500 or more, to a POST or
to a crawled GET, is collected with its exception; the list must be empty.

Each POST runs in a savepoint that is rolled back: every form is tried against the state in which its page showed
it (a first valid submission does not leave the next ones a 409), and a database error does not spoil the rest
of the run on PostgreSQL. GETs are kept, unless they answered a 5xx.
"""

import datetime
import re
import sys
import time
import traceback
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import got_request_exception
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.factories import PASSWORD, OfferFactory, valid_siret
from tests.situations import STEPS, Cast, candidature_at
from tests.www.test_rights_matrix import MATRIX, world  # noqa: F401  (a fixture, used by name)

PERSONAS = ["seeker", "company", "trainer", "adviser", "region", "admin", "anonymous"]
MAX_PAGES = 150  # per persona
SKIPPED_PREFIXES = ("/static/", "/media/", "/admin/", "/api/")
SKIPPED_WORDS = ("deconnexion", "desactiver")
DOWNLOADS = (".pdf", ".csv", ".ics", ".zip", ".xlsx", "/pdf/", "/cv/")
TDU = Path(__file__).resolve().parents[2] / "tdu"

# The minimum the run must reach, so that it cannot pass by crawling nothing (measured: see the report).
MIN_PAGES = 400
MIN_FORMS = 120
# Forms whose baseline went through: their hostile values reach the services, not only the form's checks.
MIN_ACCEPTED = 90
MIN_POSTS = 2600

ACTIVE_PDF = b"%PDF-1.4\n1 0 obj<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>endobj\n%%EOF"
TEXT = [
    ("100k", "x" * 100_000),
    ("script+header", "<script>alert(1)</script>\r\nBcc: a@b.fr"),
    ("unicode", "\u202eé\u0301" + "😀" * 50),
    ("sql", "' OR 1=1 --"),
]
HOSTILE = {
    "text": TEXT,
    "number": [("40 digits", "9" * 40), ("-1e308", "-1e308"), ("NaN", "NaN"), ("1.5", "1.5")],
    "date": [
        ("9999-12-31", "9999-12-31"),
        ("0000-00-00", "0000-00-00"),
        ("2026-02-30", "2026-02-30"),
        ("1-1-1", "1-1-1"),
    ],
    "time": [("25:00", "25:00"), ("99:99", "99:99")],
    "datetime": [
        ("9999-12-31T23:59", "9999-12-31T23:59"),
        ("0000-00-00T00:00", "0000-00-00T00:00"),
        ("2026-02-30T25:00", "2026-02-30T25:00"),
        ("1-1-1T99:99", "1-1-1T99:99"),
    ],
    "select": [("<nope>", "<nope>"), ("10k", "s" * 10_000)],
    "check": [("on", "on"), ("unexpected", "<inattendu>☃")],
    "file": [("active pdf", "active"), ("6 MB", "big")],
}
HOSTILE["button"] = HOSTILE["select"]  # a named submit button: an action the view does not know
KIND_OF_INPUT = {
    "text": "text",
    "email": "text",
    "search": "text",
    "tel": "text",
    "url": "text",
    "password": "text",
    "hidden": "text",
    "color": "text",
    "number": "number",
    "range": "number",
    "date": "date",
    "month": "date",
    "week": "date",
    "time": "time",
    "datetime-local": "datetime",
    "checkbox": "check",
    "radio": "check",
    "file": "file",
    "submit": "button",
    "image": "button",
}


# --- Reading pages ---------------------------------------------------------------------------------------------


class PageParser(HTMLParser):
    """The links and the POST forms of a page: each field with its name, kind, value and state."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.forms = [], []
        self.form = self.select = self.option = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "form":
            self.form = {
                "method": (attributes.get("method") or "get").lower(),
                "action": attributes.get("action"),
                "fields": [],
            }
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag in {"input", "button"}:
            default = "text" if tag == "input" else "submit"
            kind = (attributes.get("type") or default).lower()
            self.form["fields"].append(
                {
                    "tag": tag,
                    "type": kind,
                    "name": attributes.get("name"),
                    "value": attributes.get("value"),
                    "checked": "checked" in attributes,
                    "disabled": "disabled" in attributes,
                    "required": "required" in attributes,
                    "min": attributes.get("min"),
                }
            )
        elif tag == "select":
            self.select = {
                "tag": "select",
                "type": "select",
                "name": attributes.get("name"),
                "multiple": "multiple" in attributes,
                "disabled": "disabled" in attributes,
                "required": "required" in attributes,
                "options": [],
            }
        elif tag == "option" and self.select is not None:
            self.option = {"value": attributes.get("value"), "selected": "selected" in attributes, "text": ""}
            self.select["options"].append(self.option)
        elif tag == "textarea":
            self.textarea = {
                "tag": "textarea",
                "type": "textarea",
                "name": attributes.get("name"),
                "value": "",
                "disabled": "disabled" in attributes,
                "required": "required" in attributes,
            }

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["value"] += data
        elif self.option is not None:
            self.option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "option":
            self.option = None
        elif tag == "select" and self.select is not None:
            if self.form is not None:
                self.form["fields"].append(self.select)
            self.select = self.option = None
        elif tag == "textarea" and self.textarea is not None:
            self.textarea["value"] = self.textarea["value"].removeprefix("\n")  # as a browser reads it
            if self.form is not None:
                self.form["fields"].append(self.textarea)
            self.textarea = None


def same_site(base, href):
    """The path and query of a link or action of this site, or None."""
    href = (href or "").strip()
    if href.startswith(("mailto:", "tel:", "javascript:", "data:")):
        return None
    parts = urlsplit(urljoin(f"http://testserver{base}", href))
    if parts.scheme not in {"http", "https"} or parts.netloc != "testserver":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def worth_a_visit(url):
    path = urlsplit(url).path.lower()
    return not (
        path.startswith(SKIPPED_PREFIXES)
        or any(word in path for word in SKIPPED_WORDS)
        or path.endswith(DOWNLOADS)
        or any(download in path for download in DOWNLOADS)
    )


def routes_without_converters():
    logout = reverse("accounts:logout")

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in {"admin", "api"} or pattern.pattern.converters:
                    continue
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif not pattern.pattern.converters and "^" not in str(pattern.pattern):
                yield "/" + prefix + str(pattern.pattern)

    return sorted({url for url in walk(get_resolver().url_patterns) if url != logout})


# --- Building submissions --------------------------------------------------------------------------------------


def kind_of(field):
    if field["tag"] == "textarea":
        return "text"
    if field["tag"] == "select":
        return "select"
    return KIND_OF_INPUT.get(field["type"])


def plausible(field):
    """A value a person could type in a field the page leaves empty, so that the hostile one goes deeper."""
    name, kind, kind_of_input = (field["name"] or "").lower(), kind_of(field), field["type"]
    day = timezone.localdate() + datetime.timedelta(days=10)
    if kind == "date" and ("birth" in name or "naissance" in name):
        day = datetime.date(1990, 5, 15)
    by_kind = {
        "date": day.isoformat() if kind_of_input == "date" else day.strftime("%Y-%m"),
        "time": "10:00",
        "datetime": f"{day.isoformat()}T10:00",
        "number": field.get("min") or "1",
    }
    if kind in by_kind:
        return by_kind[kind]
    if kind_of_input == "password":
        return PASSWORD
    hints = [
        ("email", "plausible@example.org"),
        ("courriel", "plausible@example.org"),
        ("phone", "0387000000"),
        ("telephone", "0387000000"),
        # No DNS look-up (a webhook's address is checked); the test settings allow the loopback.
        ("url", "http://127.0.0.1:9/hook"),
        ("link", "http://127.0.0.1:9/hook"),
        ("siret", valid_siret()),
        ("commune", "57463"),
        ("rome", "H2913"),
    ]
    by_type = {"email": "email", "tel": "phone", "url": "url"}
    name = by_type.get(kind_of_input, name)
    return next((value for hint, value in hints if hint in name), "Texte plausible")


def baseline(fields):
    """What a browser would send: the page's own values (the first named submit button included), and what a person
    would fill in: a plausible value in each required field left empty, each required box ticked, the first radio
    of a required group, the first real option of a select left on its blank one."""
    data = defaultdict(list)
    button = False
    radios = {}
    for field in fields:
        name, kind = field["name"], kind_of(field)
        if not name or field["disabled"] or kind in {None, "file"}:
            continue
        if kind == "button":
            if not button:
                data[name].append(field["value"] or "")
                button = True
        elif kind == "check":
            if field["type"] == "radio":
                radios.setdefault(name, [False, field])[0] |= field["checked"]
            if field["checked"] or (field["type"] == "checkbox" and field["required"]):
                data[name].append(field["value"] or "on")
        elif kind == "select":
            options = [o["value"] if o["value"] is not None else o["text"].strip() for o in field["options"]]
            chosen = [v for o, v in zip(field["options"], options, strict=True) if o["selected"] and v]
            if not chosen and not field["multiple"]:
                chosen = [next((v for v in options if v), options[0])] if options else []
            data[name].extend(chosen)
        elif (
            not field["value"] and field["type"] != "hidden" and (field["required"] or name.endswith("place"))
        ):
            # (a meeting slot needs a place or a link, neither required alone)
            data[name].append(plausible(field))
        else:
            data[name].append(field["value"] or "")
    for name, (checked, first) in radios.items():
        if not checked and first["required"]:
            data[name].append(first["value"] or "on")
    return dict(data)


def hostile_fields(fields):
    """Each field name an attacker may send, once, with its kind (the CSRF token is left as rendered)."""
    seen = {}
    for field in fields:
        name, kind = field["name"], kind_of(field)
        if name and kind and name != "csrfmiddlewaretoken" and name not in seen:
            seen[name] = kind
    return list(seen.items())


def hostile_value(kind, index):
    label, value = HOSTILE[kind][index % len(HOSTILE[kind])]
    if kind == "file":
        if value == "active":
            return label, SimpleUploadedFile("cv.pdf", ACTIVE_PDF, content_type="application/pdf")
        return label, SimpleUploadedFile("big.pdf", b"\0" * (6 * 1024 * 1024), content_type="application/pdf")
    return label, value


def submissions(fields):
    """(field, value label, data) to send: the baseline, then one field hostile at a time, all of them at once,
    nothing."""
    base = baseline(fields)
    variable = hostile_fields(fields)
    yield "-", "baseline", base
    for name, kind in variable:
        for index in range(len(HOSTILE[kind])):
            label, value = hostile_value(kind, index)
            yield name, label, {**base, name: value}
    # Every field hostile at once, with each text value in turn (the files: the active PDF, smaller).
    for index in range(len(TEXT)):
        data = dict(base)
        for name, kind in variable:
            data[name] = hostile_value(kind, 0 if kind == "file" else index)[1]
        yield "*", f"all hostile #{index + 1}", data
    yield "-", "empty", {}


# --- The run ---------------------------------------------------------------------------------------------------


def origin(tb):
    """Where an exception comes from: the frames of the project's code (tdu/), innermost first, and the frame that
    raised it when it is not one of them."""
    ours, last = [], None
    for frame, line in traceback.walk_tb(tb):
        file = Path(frame.f_code.co_filename).resolve()
        last = (file, line)
        if file.is_relative_to(TDU):
            ours.append(last)
    if not ours:
        return f"(outside tdu/: {last[0].name}:{last[1]})" if last else "(unknown)"
    where = " ← ".join(f"{file.relative_to(TDU.parent)}:{line}" for file, line in reversed(ours))
    return where if ours[-1] == last else f"{where} (raised in {last[0].name}:{last[1]})"


class Run:
    def __init__(self):
        self.pages = self.forms = self.posts = self.gets = self.accepted = 0
        self.failures = []
        self.exceptions = []
        self.context = {}
        got_request_exception.connect(self.on_exception, weak=False, dispatch_uid="hostile-forms")

    def close(self):
        got_request_exception.disconnect(dispatch_uid="hostile-forms")

    def on_exception(self, sender, request=None, **kwargs):
        kind, error, tb = sys.exc_info()
        if error is None:
            self.exceptions.append(("(no exception)", "", "", ""))
            return
        message = str(error).replace("\n", " ")[:300]
        self.exceptions.append((kind.__name__, message, origin(tb), traceback.format_exc()))

    def send(self, client, method, url, data=None):
        """The response (None if the client itself failed); every 5xx lands in self.failures."""
        self.exceptions.clear()
        savepoint = transaction.savepoint()
        try:
            response = client.get(url) if method == "get" else client.post(url, data or {})
            status = response.status_code
        except Exception as error:  # the client itself failed: report it like a 5xx
            response, status = None, 0
            self.exceptions.append(
                (
                    type(error).__name__,
                    str(error)[:300],
                    origin(sys.exc_info()[2]),
                    traceback.format_exc(),
                )
            )
        if method == "post" or status >= 500 or response is None:
            transaction.savepoint_rollback(savepoint)
        else:
            try:
                transaction.savepoint_commit(savepoint)
            except DatabaseError:
                transaction.savepoint_rollback(savepoint)
        if status >= 500 or response is None:
            exception = self.exceptions[-1] if self.exceptions else ("(none)", "", "", "")
            self.failures.append({"status": status, "exception": exception, **self.context})
        return response

    def crawl(self, persona, user, seeds):
        client = Client(raise_request_exception=False)

        def logged_in():
            if user is not None and "_auth_user_id" not in client.session:
                assert client.login(email=user.email, password=PASSWORD), persona

        logged_in()
        queue = [(url, 0) for url in seeds]
        visited, accepted, tries = set(), set(), defaultdict(int)
        while queue and len(visited) < MAX_PAGES:
            url, depth = queue.pop(0)
            if url in visited or not worth_a_visit(url):
                continue
            visited.add(url)
            self.context = {"persona": persona, "page": url, "action": url, "field": "GET", "value": ""}
            response = self.send(client, "get", url)
            self.gets += 1
            if response is None or response.status_code != 200:
                continue
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            self.pages += 1
            parser = PageParser()
            parser.feed(response.content.decode("utf-8", "replace"))
            if depth == 0:
                for href in parser.links:
                    link = same_site(url, href)
                    if link and link not in visited and worth_a_visit(link):
                        queue.append((link, 1))
            for form in parser.forms:
                if form["method"] != "post":
                    continue
                action = same_site(url, form["action"] or url)
                if not action or any(word in action for word in SKIPPED_WORDS):
                    continue
                # One form per shape (the edit forms of 17 offers are the same code), unless its baseline was
                # refused there (an action out of turn, say): then the same form on up to 2 more pages.
                shape = (
                    re.sub(r"\d+", "N", action),
                    tuple(sorted({f["name"] or "" for f in form["fields"]})),
                )
                if shape in accepted or tries[shape] >= 3:
                    continue
                tries[shape] += 1
                self.forms += 1
                for field, label, data in submissions(form["fields"]):
                    self.context = {
                        "persona": persona,
                        "page": url,
                        "action": action,
                        "field": field,
                        "value": label,
                    }
                    logged_in()  # a form may have ended the session (rolled back): go on as the same person
                    response = self.send(client, "post", action, data)
                    self.posts += 1
                    if label == "baseline" and response is not None and response.status_code < 400:
                        accepted.add(shape)
                        self.accepted += 1

    def report(self):
        unique = {}
        for failure in self.failures:
            kind, message, where, _ = failure["exception"]
            key = (failure["action"], failure["field"], kind)
            unique.setdefault(key, (failure, message, where, []))[3].append(
                f"{failure['persona']}/{failure['value']}"
            )
        lines = [f"{len(self.failures)} answers of 5xx ({len(unique)} distinct):"]
        for (action, field, kind), (failure, message, where, who) in sorted(unique.items()):
            lines.append(
                f"- {failure['status']} POST {action} field={field!r} [{', '.join(sorted(set(who))[:6])}]"
                f" (page {failure['page']}): {kind}: {message} at {where}"
                if field != "GET"
                else f"- {failure['status']} GET {action} [{failure['persona']}]: {kind}: {message} at {where}"
            )
        return "\n".join(lines)


@pytest.fixture
def world_at_every_step(world):  # noqa: F811  (the imported fixture)
    """The world, plus a candidature of the job seeker at each step of the path (one offer each)."""
    cast = Cast(
        offer=None,
        session=world["session"],
        amelie=world["seeker"],
        bruno=world["company"],
        chloe=world["trainer"],
        david=world["adviser"],
        elise=world["region"],
        ada=world["admin"],
        zoe=world["other_seeker"],
        olivier=world["other_company"],
        odile=world["other_trainer"],
        paul=world["other_adviser"],
        ida=world["other_region"],
    )
    for step in STEPS:
        cast.offer = OfferFactory(company=world["company_a"], title=f"Soudeur ({step})")
        candidature_at(cast, step)
    return world


@pytest.mark.django_db
def test_no_form_answers_a_5xx_to_hostile_input(world_at_every_step):
    cast = world_at_every_step
    started = time.monotonic()
    matrix_pages = sorted({build(cast) for method, build, _ in MATRIX.values() if method == "get"})
    seeds = ["/tableau-de-bord/", *routes_without_converters(), *matrix_pages]
    run = Run()
    try:
        for persona in PERSONAS:
            run.crawl(persona, None if persona == "anonymous" else cast[persona], seeds)
    finally:
        run.close()
    elapsed = time.monotonic() - started
    print(
        f"\nhostile forms: {run.pages} pages ({run.gets} GETs), {run.forms} forms ({run.accepted} accepting"
        f" their baseline), {run.posts} POSTs,"
        f" {len(run.failures)} answers of 5xx, in {elapsed:.0f} s"
    )
    assert not run.failures, run.report()
    reached = {"pages": run.pages, "forms": run.forms, "accepted": run.accepted, "posts": run.posts}
    assert reached["pages"] >= MIN_PAGES, reached
    assert reached["forms"] >= MIN_FORMS, reached
    assert reached["accepted"] >= MIN_ACCEPTED, reached
    assert reached["posts"] >= MIN_POSTS, reached
