"""One way to send email: named notifications.

A notification is a class with a `name`; its subject and body are the templates `emails/<name>.subject.txt` and
`emails/<name>.body.txt`, and the body is wrapped in the service's layout (`emails/layout.txt`, and
`emails/layout.html` for the HTML part). `Notification.on_commit(...)` sends it once the transaction commits,
through the task queue, so that a slow SMTP server never slows a request down and a rolled-back action sends
nothing.
"""

import logging
from typing import ClassVar

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from huey.contrib.djhuey import db_task

logger = logging.getLogger(__name__)
TEXT = "emails_text"  # the template engine that escapes nothing (config/settings.py)


def absolute(path: str) -> str:
    """An absolute link for emails (SITE_URL)."""
    return settings.SITE_URL.rstrip("/") + path


class Notification:
    name: ClassVar[str] = ""
    # Non-essential emails (reminders, digests) skip people who turned them off in their preferences.
    essential: ClassVar[bool] = True
    link_label: ClassVar[str] = "Voir la candidature"
    # Several notifications may share a subject; by default both templates are named after the notification.
    subject_template: ClassVar[str] = ""
    body_template: ClassVar[str] = ""

    def recipients(self) -> list:
        """Users or plain addresses."""
        raise NotImplementedError

    def get_context(self) -> dict:
        return {}

    def link(self) -> str | None:
        return None

    def attachments(self) -> list[tuple[str, bytes, str]]:
        return []

    @classmethod
    def on_commit(cls, *args, **kwargs):
        """Build and send the notification once the current transaction commits (at once outside one)."""
        transaction.on_commit(lambda: cls(*args, **kwargs).send(), robust=True)

    def _addressees(self):
        seen = set()
        for recipient in self.recipients():
            if isinstance(recipient, str):
                email, name, user = recipient, "", None
            else:
                if not recipient.is_active:
                    continue  # a closed or deactivated account receives nothing
                if not self.essential and not recipient.wants_non_essential_emails:
                    continue
                email, name, user = recipient.email, recipient.first_name, recipient
            if email and email.lower() not in seen:
                seen.add(email.lower())
                yield email, name, user

    def messages(self) -> list[dict]:
        """One rendered message per person (a plain dict, so that the task queue can carry it)."""
        context = self.get_context()
        link, attachments = self.link(), self.attachments()
        rendered = []
        for email, name, user in self._addressees():
            personal = {**context, "recipient": user, "recipient_name": name}
            subject = render_to_string(
                self.subject_template or f"emails/{self.name}.subject.txt", personal, using=TEXT
            )
            body = render_to_string(
                self.body_template or f"emails/{self.name}.body.txt", personal, using=TEXT
            ).strip("\n")
            layout = {
                "name": name,
                "body": body,
                "link": link,
                "link_label": self.link_label,
                "non_essential": not self.essential,
                "preferences_url": absolute("/compte/"),
            }
            rendered.append(
                {
                    "subject": f"[Trait d'union] {' '.join(subject.split())}",
                    "text": render_to_string("emails/layout.txt", layout, using=TEXT),
                    "html": render_to_string("emails/layout.html", {**layout, "subject": subject.strip()}),
                    "to": [email],
                    "attachments": attachments,
                    "notification": self.name,
                }
            )
        return rendered

    def send(self):
        for message in self.messages():
            deliver(message)


@db_task(retries=3, retry_delay=60)
def deliver(message: dict):
    """Send one rendered message (run by the worker; at once in tests)."""
    email = EmailMultiAlternatives(
        message["subject"], message["text"], settings.DEFAULT_FROM_EMAIL, message["to"]
    )
    email.attach_alternative(message["html"], "text/html")
    for filename, content, mimetype in message["attachments"]:
        email.attach(filename, content, mimetype)
    email.send()
    logger.info("email %s sent", message["notification"])
