"""Emails of part 2 (commitment, enrolment, training, hiring, follow-up, reminders, digest)."""

from django.core import signing
from django.urls import reverse

from tdu.candidatures.enums import State
from tdu.candidatures.notifications import (
    _load,
    absolute,
    candidature_url,
    company_members,
    prescriber_members,
    send,
)
from tdu.commitments.models import Enrolment, FollowUp, Respondent

FOLLOW_UP_SALT = "tdu.follow-up"
FOLLOW_UP_MAX_AGE = 60 * 24 * 3600


def organisation_members(session):
    return [m.user for m in session.training.organisation.memberships.select_related("user")]


def commitment_proposed(pk):
    c = _load(pk)
    send(
        [c.job_seeker, *company_members(c), *prescriber_members(c)],
        f"Engagement réciproque à signer : {c.offer.title}",
        [
            f"{c.company.name} s'engage à embaucher {c.job_seeker.full_name} à l'issue de la formation.",
            "Relisez l'engagement réciproque, puis signez-le : l'entreprise sa promesse d'embauche, "
            "la personne son engagement à suivre la formation jusqu'au bout.",
        ],
        link=candidature_url(c),
    )


def commitment_signed(pk):
    c = _load(pk)
    send(
        [c.job_seeker, *company_members(c), *prescriber_members(c)],
        f"Engagement réciproque signé : {c.job_seeker.full_name}",
        [
            f"{c.company.name} et {c.job_seeker.full_name} ont signé l'engagement réciproque.",
            "L'inscription à la session de formation est demandée à l'organisme.",
        ],
        link=candidature_url(c),
    )


def enrolment_requested(enrolment_pk):
    enrolment = Enrolment.objects.select_related("session__training__organisation", "candidature").get(
        pk=enrolment_pk
    )
    c = _load(enrolment.candidature_id)
    send(
        organisation_members(enrolment.session),
        f"Demande d'inscription : {c.job_seeker.full_name}",
        [
            f"{c.job_seeker.full_name} demande à entrer dans la session « {enrolment.session.training.title} » "
            f"du {enrolment.session.start_date:%d/%m/%Y}.",
            f"{c.company.name} a promis de l'embaucher à l'issue de la formation.",
            "Acceptez l'inscription (une place financée sera prise) ou refusez-la en indiquant le motif.",
        ],
        link=candidature_url(c),
    )


def enrolment_decided(enrolment_pk):
    enrolment = Enrolment.objects.select_related("session__training").get(pk=enrolment_pk)
    c = _load(enrolment.candidature_id)
    if enrolment.status == "accepted":
        lines = [
            f"L'inscription à « {enrolment.session.training.title} » est acceptée : une place vous est réservée."
        ]
    else:
        lines = [
            f"L'inscription à « {enrolment.session.training.title} » est refusée : {enrolment.refusal_reason}",
            "L'engagement tient toujours : choisissez ensemble une autre session.",
        ]
    send(
        [c.job_seeker, *company_members(c), *prescriber_members(c)],
        f"Inscription : {c.offer.title}",
        lines,
        link=candidature_url(c),
    )


MESSAGES = {
    "confirm_entry": "{seeker} est entré·e en formation.",
    "complete_training": "{seeker} a terminé sa formation.",
    "confirm_hiring": "{company} confirme l'embauche de {seeker}. Félicitations !",
    "abandon_training": "La formation de {seeker} est abandonnée.",
    "break_commitment": "L'engagement réciproque entre {company} et {seeker} est rompu.",
    "not_hired": "La promesse d'embauche de {company} pour {seeker} n'a pas été tenue.",
}


def state_changed(pk, transition):
    c = _load(pk)
    last = c.log.filter(transition=transition).order_by("-created_at", "-id").first()
    lines = [MESSAGES[transition].format(seeker=c.job_seeker.full_name, company=c.company.name)]
    if last and last.reason:
        lines.append(f"Motif ou précisions : {last.reason}")
    recipients = {c.job_seeker, *company_members(c), *prescriber_members(c)}
    send(
        [u for u in recipients if not last or u != last.actor],
        f"{State(last.to_state).label if last else c.get_state_display()} : {c.offer.title}",
        lines,
        link=candidature_url(c),
    )


def follow_up_url(follow_up):
    token = signing.dumps({"f": follow_up.pk}, salt=FOLLOW_UP_SALT)
    return absolute(reverse("candidatures:follow_up", args=[token]))


def follow_up_recipients(follow_up):
    c = follow_up.candidature
    return [c.job_seeker] if follow_up.respondent == Respondent.JOB_SEEKER else company_members(c)


def follow_up_request(follow_up_pk, reminder=False):
    follow_up = FollowUp.objects.select_related("candidature__job_seeker", "candidature__company").get(
        pk=follow_up_pk
    )
    c = follow_up.candidature
    if follow_up.respondent == Respondent.JOB_SEEKER:
        hired = f"vous avez été embauché·e par {c.company.name}"
    else:
        hired = f"{c.company.name} embauchait {c.job_seeker.full_name}"
    send(
        follow_up_recipients(follow_up),
        ("Rappel : " if reminder else "")
        + f"{follow_up.milestone_months} mois après l'embauche, où en êtes-vous ?",
        [
            f"Il y a {follow_up.milestone_months} mois, {hired} grâce à Trait d'union.",
            "Trois questions, une minute, sans vous connecter : toujours en poste ? dans la même entreprise ? "
            "quel contrat aujourd'hui ? Vos réponses aident la Région à mesurer ce qui marche.",
        ],
        link=follow_up_url(follow_up),
        link_label="Répondre (lien valable 60 jours)",
    )


def signature_reminder(recipients, subject, lines, url):
    send(recipients, subject, lines, link=url, essential=False)


def digest(user, items):
    lines = ["Voici ce qui attend votre action sur Trait d'union :"]
    lines += [f"- {step} : {c.offer.title} ({c.job_seeker.full_name}, {c.company.name})" for c, step in items]
    send(
        [user],
        "Votre récapitulatif du jour",
        lines,
        link=absolute("/tableau-de-bord/"),
        link_label="Votre tableau de bord",
        essential=False,
    )
