"""A meeting slot as an iCalendar (.ics) invitation."""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from tdu.utils.pdf import APP_NAME, french_long_date

ICS_PRODID = "-//Trait d'union//Rencontre//FR"
ICS_DOMAIN = "traitdunion.beta.gouv.fr"
ICS_METHODS = {"REQUEST", "CANCEL", "PUBLISH"}


def meeting_ics(slot, *, title: str, company: str, participants: Iterable[str], method="REQUEST") -> bytes:
    """A meeting slot as an iCalendar (.ics) file with one event.

    `title` is the offer title, `company` the company name and `participants` an iterable of lines
    such as « Camille Martin (candidate) ». `method` is REQUEST, CANCEL or PUBLISH.
    """
    method = method.upper()
    if method not in ICS_METHODS:
        raise ValueError(f"Unsupported iCalendar method: {method}")
    if isinstance(participants, str):
        participants = [participants]
    participants = [p for p in (participants or []) if p]

    starts_at = slot.starts_at
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    ends_at = starts_at + timedelta(minutes=slot.duration_minutes or 0)
    local_start, local_end = timezone.localtime(starts_at), timezone.localtime(ends_at)

    lines = []
    if method == "CANCEL":
        lines += ["Cette rencontre est annulée.", ""]
    lines.append(f"Rencontre pour l'offre « {title} » chez {company}.")
    lines.append("")
    lines.append(
        f"Date : {french_long_date(local_start.date())}, de {local_start:%H:%M} à {local_end:%H:%M} (heure de Paris)"
    )
    if slot.place:
        lines.append(f"Lieu : {slot.place}")
    if slot.video_link:
        lines.append(f"Visioconférence : {slot.video_link}")
    if participants:
        lines += ["", "Participants :", *(f"- {p}" for p in participants)]
    lines += ["", f"Rendez-vous organisé avec {APP_NAME}."]

    event = Event()
    event.add("uid", f"rencontre-{slot.pk}@{ICS_DOMAIN}")
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", starts_at.astimezone(UTC))
    event.add("dtend", ends_at.astimezone(UTC))
    event.add("summary", f"Rencontre : {title} — {company}")
    location = slot.place or slot.video_link
    if location:
        event.add("location", location)
    event.add("description", "\n".join(lines))
    if slot.video_link:
        event.add("url", slot.video_link)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("sequence", 1 if method == "CANCEL" else 0)

    calendar = Calendar()
    calendar.add("prodid", ICS_PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(event)
    return calendar.to_ical()
