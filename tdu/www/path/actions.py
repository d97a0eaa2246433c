"""One declaration per action of the candidature page: its transition, its form, its service, its message.

The label comes from the workflow table; the view only binds the form, calls the service and turns domain
errors into HTTP answers. A signature has one form per party the person may sign for.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from tdu.candidatures import engine
from tdu.candidatures.enums import Actor, CommitmentSignatory, EnrolmentStatus, Signatory
from tdu.candidatures.services import application, commitment, hiring, immersion, meetings, training
from tdu.candidatures.workflow import BY_NAME
from tdu.www.path import forms


def _no_kwargs(candidature):
    return {}


def _sessions(candidature):
    return {"sessions": training.eligible_sessions(candidature)}


@dataclass(frozen=True)
class Action:
    name: str  # the transition
    run: Callable  # (user, candidature, cleaned data) → anything
    form: type | None = None
    # What was done and what happens next, for the person who acted: a text, or (candidature) → text once done.
    success: str | Callable = "C'est enregistré."
    form_kwargs: Callable = _no_kwargs
    initial: Callable = field(default=_no_kwargs)  # (candidature) → initial data
    offered: Callable = field(default=lambda candidature: True)  # beyond the table: is there something to do?
    in_panel: bool = True  # False: offered next to its subject on the page (the slots to choose from)
    # Ends or refuses something: shown last, apart, behind a confirmation step.
    destructive: bool = False

    @property
    def label(self):
        return BY_NAME[self.name].button

    def message(self, candidature) -> str:
        return self.success(candidature) if callable(self.success) else self.success

    def check(self, user, candidature):
        """Before any form is read: the person's role and the candidature's state allow this action now."""
        engine.check(candidature, self.name, user)

    def bind(self, candidature, data):
        """The form filled with what was sent (ids prefixed with its key: several forms share one page)."""
        if self.form is None:
            return None
        return self.form(data, auto_id=f"{panel_key(self, data)}-%s", **self.form_kwargs(candidature))

    def panels(self, candidature, roles, user):
        """[(key, label, form or None)] shown to this person."""
        if not self.offered(candidature):
            return []
        if self.form is None:
            return [(self.name, self.label, None)]
        form = self.form(
            initial=self.initial(candidature), auto_id=f"{self.name}-%s", **self.form_kwargs(candidature)
        )
        return [(self.name, self.label, form)]


@dataclass(frozen=True)
class SignAction(Action):
    """One form per party the person may sign for and that has not signed yet."""

    document: Callable = lambda candidature: None
    parties: tuple = ()  # (signatory, role, label)
    document_field: str = ""

    def panels(self, candidature, roles, user):
        document = self.document(candidature)
        if document is None:
            return []
        signed = document.signed_by()
        return [
            (
                f"{self.name}-{signatory}",
                label,
                self.form(
                    initial={
                        "signatory": signatory,
                        self.document_field: document.pk,
                        "name": user.full_name,
                    },
                    auto_id=f"{self.name}-{signatory}-%s",
                    signatory=signatory,
                    **self.form_kwargs(candidature),
                ),
            )
            for signatory, role, label in self.parties
            if role in roles and signatory not in signed
        ]


def _hiring_as_promised(candidature):
    """The contract as the signed commitment promised it: the recruiter only corrects what changed."""
    promised = candidature.current_commitment
    if promised is None:
        return {}
    return {
        "start_date": promised.planned_start_date,
        "contract_type": promised.contract_type,
        "contract_duration_months": promised.contract_duration_months,
        "weekly_hours": promised.weekly_hours,
    }


def _refused_enrolment(candidature):
    return candidature.enrolments.filter(status=EnrolmentStatus.REFUSED).exists()


def _after_convention_signature(candidature):
    convention = candidature.current_convention
    missing = [Signatory(s).label.lower() for s in convention.missing_signatures()] if convention else []
    if missing:
        return (
            f"Votre signature est enregistrée. Il manque encore : {', '.join(missing)} ; "
            "nous vous écrirons quand la convention sera signée par tous."
        )
    return (
        "Votre signature est enregistrée : la convention est signée par tous. "
        "La structure d'accompagnement doit maintenant la valider ; nous vous écrirons."
    )


def _after_commitment_signature(candidature):
    promise = candidature.current_commitment
    if promise is not None and promise.missing_signatures():
        other = (
            "La personne doit maintenant signer son engagement"
            if CommitmentSignatory.BENEFICIARY in promise.missing_signatures()
            else "L'entreprise doit maintenant signer sa promesse d'embauche"
        )
        return f"Votre signature est enregistrée. {other} ; nous vous écrirons."
    return (
        "Votre signature est enregistrée : l'engagement est signé des deux côtés. "
        "L'organisme de formation doit maintenant accepter l'inscription ; nous vous écrirons."
    )


ACTIONS = {
    action.name: action
    for action in [
        Action(
            "open",
            lambda u, c, d: application.open_candidature(c, u),
            success="Candidature prise en charge : la personne est prévenue. Proposez-lui maintenant une "
            "rencontre ou une immersion.",
        ),
        Action(
            "propose_meeting",
            lambda u, c, d: meetings.propose_meeting(c, u, d["slots"]),
            forms.MeetingForm,
            success="Créneaux proposés : la personne en choisit un, et nous vous écrirons dès qu'elle l'aura fait.",
        ),
        Action(
            "choose_slot",
            lambda u, c, d: meetings.choose_slot(c, u, d["slot"]),
            forms.ChooseSlotForm,
            success="Rencontre planifiée : une invitation vous est envoyée par courriel, ainsi qu'à l'entreprise.",
            in_panel=False,
        ),
        Action(
            "ask_other_slots",
            lambda u, c, d: meetings.ask_other_slots(c, u, d["reason"]),
            forms.OptionalReasonForm,
            offered=lambda c: bool(c.pending_slots),
            success="Demande envoyée : l'entreprise va proposer d'autres créneaux ; nous vous écrirons.",
        ),
        Action(
            "propose_immersion",
            lambda u, c, d: immersion.propose_immersion(c, u, forms.ImmersionForm.service_data(d)),
            forms.ImmersionForm,
            form_kwargs=lambda c: {"candidature": c},
            success="Convention d'immersion envoyée : la personne, le tuteur ou la tutrice et vous-même la "
            "signez, puis la structure d'accompagnement la valide. Signez-la ci-dessous.",
        ),
        Action(
            "amend_convention",
            lambda u, c, d: immersion.amend_convention(
                c, u, forms.ImmersionForm.service_data(d), d["reason"]
            ),
            forms.ImmersionForm,
            form_kwargs=lambda c: {"candidature": c, "amending": True},
            success="Convention modifiée : les signatures reprennent sur la nouvelle version, chacun est prévenu.",
        ),
        SignAction(
            "sign_convention",
            lambda u, c, d: immersion.sign_convention(
                c,
                d["signatory"],
                d["name"],
                u,
                convention_id=d["convention"],
                confirms_prescriber=d.get("confirm_prescriber", False),
            ),
            forms.SignForm,
            form_kwargs=lambda c: {"candidature": c},
            success=_after_convention_signature,
            document=lambda c: c.current_convention,
            document_field="convention",
            parties=(
                (Signatory.BENEFICIARY, Actor.JOB_SEEKER, "Signer la convention (bénéficiaire)"),
                (Signatory.COMPANY, Actor.COMPANY, "Signer la convention (entreprise)"),
            ),
        ),
        Action(
            "validate_immersion",
            lambda u, c, d: immersion.validate_immersion(c, u),
            success="Immersion validée : l'entreprise et la personne sont prévenues. À la fin de l'immersion, "
            "l'entreprise en remplira le bilan.",
        ),
        Action(
            "reject_immersion",
            lambda u, c, d: immersion.reject_immersion(c, u, d["reason"]),
            forms.ReasonForm,
            success="Convention refusée : l'entreprise et la personne reçoivent votre motif ; l'entreprise peut "
            "en proposer une nouvelle.",
            destructive=True,
        ),
        Action(
            "record_assessment",
            lambda u, c, d: immersion.record_assessment(c, u, d),
            forms.AssessmentForm,
            success="Bilan enregistré : la personne peut y répondre. Si l'immersion est concluante, proposez "
            "maintenant l'engagement réciproque.",
        ),
        Action(
            "give_feedback",
            lambda u, c, d: immersion.give_feedback(c, u, d["text"]),
            forms.FeedbackForm,
            offered=lambda c: not c.assessment.seeker_view,
            success="Merci, votre avis est enregistré : l'entreprise le lira.",
        ),
        Action(
            "propose_commitment",
            lambda u, c, d: commitment.propose_commitment(c, u, d),
            forms.CommitmentForm,
            form_kwargs=_sessions,
            initial=lambda c: {"job_title": c.offer.title, "workplace": c.offer.commune.label},
            success="Engagement réciproque proposé : signez votre promesse d'embauche ci-dessous, puis la "
            "personne signera son engagement à suivre la formation.",
        ),
        SignAction(
            "sign_commitment",
            lambda u, c, d: commitment.sign_commitment(
                c, d["signatory"], d["name"], u, commitment_id=d["commitment"]
            ),
            forms.SignCommitmentForm,
            success=_after_commitment_signature,
            document=lambda c: c.current_commitment,
            document_field="commitment",
            parties=(
                (CommitmentSignatory.COMPANY, Actor.COMPANY, "Signer la promesse d'embauche"),
                (
                    CommitmentSignatory.BENEFICIARY,
                    Actor.JOB_SEEKER,
                    "Signer mon engagement à suivre la formation",
                ),
            ),
        ),
        Action(
            "request_enrolment",
            lambda u, c, d: training.choose_other_session(c, u, d["session"]),
            forms.OtherSessionForm,
            form_kwargs=_sessions,
            offered=_refused_enrolment,
            success="Nouvelle demande d'inscription envoyée : l'organisme de formation doit l'accepter ; "
            "nous vous écrirons.",
        ),
        Action(
            "accept_enrolment",
            lambda u, c, d: training.accept_enrolment(c, u),
            success="Inscription acceptée : l'entreprise et la personne sont prévenues. Le premier jour, "
            "confirmez son entrée en formation.",
        ),
        Action(
            "refuse_enrolment",
            lambda u, c, d: training.refuse_enrolment(c, u, d["reason"]),
            forms.ReasonForm,
            success="Inscription refusée : l'entreprise et la personne reçoivent votre motif ; l'entreprise peut "
            "choisir une autre session.",
            destructive=True,
        ),
        Action(
            "confirm_entry",
            lambda u, c, d: training.confirm_entry(
                c, u, d["entered_on"], d["internship_start"], d["internship_end"]
            ),
            forms.EntryForm,
            initial=lambda c: {"entered_on": timezone.localdate()},
            success="Entrée en formation enregistrée. Le dernier jour, enregistrez la fin de formation.",
        ),
        Action(
            "record_absence",
            lambda u, c, d: training.record_absence(
                c, u, d["first_day"], d["last_day"], d["justified"], d["note"]
            ),
            forms.AbsenceForm,
            initial=lambda c: {"first_day": timezone.localdate(), "last_day": timezone.localdate()},
            success="Absence enregistrée : la personne, l'entreprise et sa structure d'accompagnement sont "
            "prévenues. La formation se poursuit.",
        ),
        Action(
            "complete_training",
            lambda u, c, d: training.complete_training(c, u, d["completed_on"], d["certification_obtained"]),
            forms.CompletionForm,
            initial=lambda c: {"completed_on": timezone.localdate()},
            success="Fin de formation enregistrée : l'entreprise doit maintenant confirmer l'embauche ; nous lui "
            "écrivons.",
        ),
        Action(
            "confirm_hiring",
            lambda u, c, d: hiring.confirm_hiring(
                c, u, d["start_date"], d["contract_type"], d["contract_duration_months"], d["weekly_hours"]
            ),
            forms.HiringForm,
            initial=_hiring_as_promised,
            success="Embauche confirmée : bravo ! Nous prendrons des nouvelles dans 6 et 12 mois.",
        ),
        Action(
            "refuse",
            lambda u, c, d: application.refuse(c, u, d["reason_code"], d["reason"]),
            forms.RefuseForm,
            success="Candidature refusée : la personne reçoit votre motif.",
            destructive=True,
        ),
        Action(
            "withdraw",
            lambda u, c, d: application.withdraw(c, u, d["reason"]),
            forms.ReasonForm,
            success="Candidature retirée : l'entreprise est prévenue. D'autres offres vous attendent dans la "
            "recherche.",
            destructive=True,
        ),
        Action(
            "cancel",
            lambda u, c, d: application.cancel(c, u, d["reason"]),
            forms.ReasonForm,
            success="Parcours annulé : les personnes concernées reçoivent votre motif.",
            destructive=True,
        ),
        Action(
            "abandon_training",
            lambda u, c, d: training.abandon_training(c, u, d["reason"]),
            forms.ReasonForm,
            success="Abandon enregistré : les personnes concernées sont prévenues.",
            destructive=True,
        ),
        Action(
            "break_commitment",
            lambda u, c, d: commitment.break_commitment(c, u, d["reason"]),
            forms.ReasonForm,
            success="Engagement rompu : les personnes concernées reçoivent votre motif.",
            destructive=True,
        ),
        Action(
            "not_hired",
            lambda u, c, d: hiring.not_hired(c, u, d["reason"]),
            forms.ReasonForm,
            success="Promesse non tenue enregistrée : la structure d'accompagnement et la Région sont prévenues.",
            destructive=True,
        ),
    ]
}


def panels(candidature, available, roles, user, bound=None):
    """What this person may do now, in the table's order: [(key, action, label, form)]."""
    shown = []
    for transition in available:
        action = ACTIONS.get(transition.name)
        if action is None or not action.in_panel:
            continue
        for key, label, form in action.panels(candidature, roles, user):
            shown.append((key, action, label, (bound or {}).get(key, form)))
    return shown


def panel_key(action, data):
    """The key under which a bound form is shown again (a signature: its party)."""
    if isinstance(action, SignAction):
        return f"{action.name}-{data.get('signatory', '')}"
    return action.name
