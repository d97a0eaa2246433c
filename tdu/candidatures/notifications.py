"""Emails about candidatures. Called after the transaction commits (services use transaction.on_commit)."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tdu.candidatures.enums import State
from tdu.candidatures.models import Candidature, ImmersionConvention, MeetingSlot

TUTOR_SIGNING_SALT = "tdu.convention.tutor"


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def send(
    recipients, subject, lines, *, link=None, link_label="Voir la candidature", attachments=(), essential=True
):
    """One email per person; non-essential ones skip people who turned them off."""
    for user_or_email in recipients:
        if isinstance(user_or_email, str):
            email, name = user_or_email, ""
        else:
            if not essential and not user_or_email.wants_non_essential_emails:
                continue
            email, name = user_or_email.email, user_or_email.first_name
        body = render_to_string(
            "emails/message.txt",
            {
                "name": name,
                "lines": lines,
                "link": link,
                "link_label": link_label,
                "non_essential": not essential,
                "preferences_url": absolute("/compte/"),
            },
        )
        message = EmailMultiAlternatives(
            f"[Trait d'union] {subject}", body, settings.DEFAULT_FROM_EMAIL, [email]
        )
        for filename, content, mimetype in attachments:
            message.attach(filename, content, mimetype)
        message.send()


def candidature_url(candidature):
    return absolute(reverse("candidatures:detail", args=[candidature.pk]))


def company_members(candidature):
    return [m.user for m in candidature.company.memberships.select_related("user")]


def prescriber_members(candidature):
    if not candidature.prescriber_organisation_id:
        return []
    return [m.user for m in candidature.prescriber_organisation.memberships.select_related("user")]


def _load(pk):
    return Candidature.objects.select_related("job_seeker", "offer", "company").get(pk=pk)


def candidature_sent(pk):
    c = _load(pk)
    seeker = c.job_seeker
    send(
        company_members(c),
        f"Nouvelle candidature : {c.offer.title}",
        [f"{seeker.full_name} a postulé à votre offre « {c.offer.title} ».", "Ouvrez-la pour lui répondre."],
        link=candidature_url(c),
    )
    send(
        [seeker],
        f"Votre candidature est envoyée : {c.offer.title}",
        [f"Votre candidature à l'offre « {c.offer.title} » ({c.company.name}) est bien envoyée."],
        link=candidature_url(c),
    )


STATE_MESSAGES = {
    "open": "L'entreprise {company} étudie votre candidature « {offer} ».",
    "validate_immersion": "La convention d'immersion pour « {offer} » est validée : l'immersion peut avoir lieu.",
    "reject_immersion": "La convention d'immersion pour « {offer} » a été refusée par la structure d'accompagnement.",
    "record_assessment": "L'entreprise {company} a rempli le bilan de l'immersion « {offer} ». Donnez aussi votre avis.",
    "refuse": "L'entreprise {company} a refusé la candidature « {offer} ».",
    "withdraw": "La candidature de {seeker} à « {offer} » a été retirée.",
    "cancel": "Le parcours de {seeker} pour « {offer} » a été annulé par l'équipe de la Région.",
    "expire": "La candidature de {seeker} à « {offer} » a expiré : l'entreprise n'a pas répondu en 30 jours.",
}


def state_changed(pk, transition):
    c = _load(pk)
    text = STATE_MESSAGES[transition].format(
        company=c.company.name, offer=c.offer.title, seeker=c.job_seeker.full_name
    )
    # The entry of this transition, not the latest one: several steps may commit together.
    last = c.log.filter(transition=transition).order_by("-created_at", "-id").first()
    lines = [text] + ([f"Motif : {last.reason}"] if last and last.reason else [])
    if transition == "expire":
        lines.append("Ne vous découragez pas : d'autres entreprises recrutent près de chez vous.")
    recipients = {c.job_seeker, *company_members(c), *prescriber_members(c)}
    actor = last.actor if last else None
    state = State(last.to_state).label if last else c.get_state_display()
    send([u for u in recipients if u != actor], f"{state} : {c.offer.title}", lines, link=candidature_url(c))


def meeting_proposed(pk):
    c = _load(pk)
    slots = [f"- {slot} ({slot.where})" for slot in c.pending_slots]
    send(
        [c.job_seeker, *prescriber_members(c)],
        f"Rencontre proposée : {c.offer.title}",
        [f"{c.company.name} vous propose de vous rencontrer. Choisissez un créneau :", *slots],
        link=candidature_url(c),
        link_label="Choisir un créneau",
    )


def meeting_planned(pk, slot_pk):
    from tdu.candidatures.documents import meeting_ics

    c = _load(pk)
    slot = MeetingSlot.objects.get(pk=slot_pk)
    ics = meeting_ics(
        slot,
        title=c.offer.title,
        company=c.company.name,
        participants=[c.job_seeker.full_name, *[u.full_name for u in company_members(c)]],
    )
    when = timezone.localtime(slot.starts_at)
    send(
        [c.job_seeker, *company_members(c)],
        f"Rencontre le {when:%d/%m/%Y à %H:%M} : {c.offer.title}",
        [
            f"La rencontre entre {c.job_seeker.full_name} et {c.company.name} est prévue le {when:%d/%m/%Y à %H:%M}.",
            f"Lieu : {slot.where}",
            "L'invitation est jointe : ouvrez-la pour l'ajouter à votre agenda.",
        ],
        link=candidature_url(c),
        attachments=[("rencontre.ics", ics, "text/calendar; method=REQUEST; charset=utf-8")],
    )


def other_slots_asked(pk, role):
    c = _load(pk)
    to_company = role != "company"
    send(
        company_members(c) if to_company else [c.job_seeker],
        f"D'autres créneaux sont demandés : {c.offer.title}",
        ["Les créneaux proposés ne conviennent pas : proposez-en d'autres."]
        if to_company
        else [f"{c.company.name} vous proposera d'autres créneaux."],
        link=candidature_url(c),
    )


def tutor_signing_url(convention):
    token = signing.dumps({"convention": convention.pk}, salt=TUTOR_SIGNING_SALT)
    return absolute(reverse("candidatures:tutor_sign", args=[token]))


def immersion_proposed(pk, convention_pk):
    c = _load(pk)
    convention = ImmersionConvention.objects.get(pk=convention_pk)
    period = f"du {convention.start_date:%d/%m/%Y} au {convention.end_date:%d/%m/%Y}"
    lines = [
        f"{c.company.name} propose une immersion {period} pour « {c.offer.title} ».",
        "Relisez la convention, puis signez-la.",
    ]
    send(
        [c.job_seeker, *company_members(c)],
        f"Convention d'immersion à signer : {c.offer.title}",
        lines,
        link=candidature_url(c),
    )
    send(
        [convention.tutor_email],
        f"Vous êtes tuteur ou tutrice : convention à signer pour {convention.beneficiary_name}",
        [
            f"{convention.company_representative} vous désigne comme tuteur ou tutrice de {convention.beneficiary_name}, "
            f"en immersion {period} chez {c.company.name}.",
            "Relisez la convention et signez-la en ligne (lien valable 30 jours, sans création de compte).",
        ],
        link=tutor_signing_url(convention),
        link_label="Lire et signer la convention",
    )
    send(
        prescriber_members(c),
        f"Immersion proposée pour {c.job_seeker.full_name}",
        [
            f"Une convention d'immersion {period} est en cours de signature. Vous pourrez la valider une fois signée."
        ],
        link=candidature_url(c),
    )


def convention_signed(pk):
    c = _load(pk)
    send(
        prescriber_members(c),
        f"Convention à valider : {c.job_seeker.full_name}",
        [
            "Toutes les parties ont signé la convention d'immersion. Validez-la, ou refusez-la en indiquant le motif."
        ],
        link=candidature_url(c),
        link_label="Valider la convention",
    )
    send(
        [c.job_seeker, *company_members(c)],
        f"Convention signée : {c.offer.title}",
        [
            "Toutes les signatures sont recueillies. La structure d'accompagnement doit maintenant valider l'immersion."
        ],
        link=candidature_url(c),
    )


def company_reminder(pk):
    c = _load(pk)
    send(
        company_members(c),
        f"Rappel : une candidature attend votre réponse ({c.offer.title})",
        [
            f"{c.job_seeker.full_name} a postulé le {timezone.localtime(c.created_at):%d/%m/%Y} et attend votre réponse.",
            "Sans réponse 30 jours après l'envoi, la candidature expire.",
        ],
        link=candidature_url(c),
        essential=False,
    )
