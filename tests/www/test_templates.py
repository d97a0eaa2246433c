"""No dead template: each page template is used, and each email template belongs to a named notification."""

import importlib
import itertools
from pathlib import Path

from django.template.loader import get_template

from tdu.utils.notifications import Notification
from tests.paths import PROJECT

TDU = PROJECT / "tdu"
PAGES = TDU / "www" / "templates"


def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)


def named_notifications():
    # Every module of tdu that declares notifications, whether or not this test process imported it already.
    for path in TDU.rglob("notifications.py"):
        importlib.import_module(".".join(path.relative_to(PROJECT).with_suffix("").parts))

    return [n for n in subclasses(Notification) if n.name]


def sources():
    files = itertools.chain(TDU.rglob("*.py"), TDU.rglob("*.html"), (PROJECT / "config").rglob("*.py"))
    return "\n".join(path.read_text(encoding="utf-8") for path in files if "migrations" not in path.parts)


def test_every_page_template_is_used_somewhere():
    text = sources()
    unused = [
        str(path.relative_to(PAGES))
        for path in PAGES.rglob("*.html")
        if f'"{path.relative_to(PAGES)}"' not in text and f"'{path.relative_to(PAGES)}'" not in text
    ]
    assert unused == [], "Templates nobody renders: " + ", ".join(unused)


def test_every_notification_has_its_templates_and_every_email_template_a_notification():
    used = set()
    for notification in named_notifications():
        subject = notification.subject_template or f"emails/{notification.name}.subject.txt"
        body = notification.body_template or f"emails/{notification.name}.body.txt"
        for name in (subject, body):
            get_template(name, using="emails_text")
            used.add(name)
    on_disk = {
        f"emails/{Path(*path.parts[path.parts.index('emails') + 1 :])}"
        for path in TDU.rglob("templates/emails/*/*.txt")
    }
    assert on_disk - used == set(), "Email templates no notification sends"
