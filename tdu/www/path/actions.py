"""One declaration per action of the candidature page: its transition, its form, its service, its message.

The label comes from the workflow table; the view only binds the form, calls the service and turns domain
errors into HTTP answers. A signature has one form per party the person may sign for.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

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
    success: str = "C'est enregistré."
    form_kwargs: Callable = _no_kwargs
    initial: Callable = field(default=_no_kwargs)  # (candidature) → initial data
    offered: Callable = field(default=lambda candidature: True)  # beyond the table: is there something to do?
    in_panel: bool = True  # False: offered next to its subject on the page (the slots to choose from)

    @property
    def label(self):
        return BY_NAME[self.name].button

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
                ),
            )
            for signatory, role, label in self.parties
            if role in roles and signatory not in signed
        ]


def _refused_enrolment(candidature):
    return candidature.enrolments.filter(status=EnrolmentStatus.REFUSED).exists()


ACTIONS = {
    action.name: action
    for action in [
        Action(
            "open", lambda u, c, d: application.open_candidature(c, u), success="La personne est prévenue."
        ),
        Action(
            "propose_meeting",
            lambda u, c, d: meetings.propose_meeting(c, u, d["slots"]),
            forms.MeetingForm,
            success="Les créneaux sont proposés : la personne est prévenue.",
        ),
        Action(
            "choose_slot",
            lambda u, c, d: meetings.choose_slot(c, u, d["slot"]),
            forms.ChooseSlotForm,
            success="La rencontre est planifiée : une invitation est envoyée par courriel.",
            in_panel=False,
        ),
        Action(
            "ask_other_slots",
            lambda u, c, d: meetings.ask_other_slots(c, u, d["reason"]),
            forms.OptionalReasonForm,
            offered=lambda c: bool(c.pending_slots),
        ),
        Action(
            "propose_immersion",
            lambda u, c, d: immersion.propose_immersion(c, u, forms.ImmersionForm.service_data(d)),
            forms.ImmersionForm,
            form_kwargs=lambda c: {"candidature": c},
        ),
        Action(
            "amend_convention",
            lambda u, c, d: immersion.amend_convention(
                c, u, forms.ImmersionForm.service_data(d), d["reason"]
            ),
            forms.ImmersionForm,
            form_kwargs=lambda c: {"candidature": c, "amending": True},
        ),
        SignAction(
            "sign_convention",
            lambda u, c, d: immersion.sign_convention(
                c, d["signatory"], d["name"], u, convention_id=d["convention"]
            ),
            forms.SignForm,
            success="Votre signature est enregistrée.",
            document=lambda c: c.current_convention,
            document_field="convention",
            parties=(
                (Signatory.BENEFICIARY, Actor.JOB_SEEKER, "Signer la convention (bénéficiaire)"),
                (Signatory.COMPANY, Actor.COMPANY, "Signer la convention (entreprise)"),
            ),
        ),
        Action("validate_immersion", lambda u, c, d: immersion.validate_immersion(c, u)),
        Action(
            "reject_immersion",
            lambda u, c, d: immersion.reject_immersion(c, u, d["reason"]),
            forms.ReasonForm,
        ),
        Action(
            "record_assessment",
            lambda u, c, d: immersion.record_assessment(c, u, d),
            forms.AssessmentForm,
        ),
        Action(
            "give_feedback",
            lambda u, c, d: immersion.give_feedback(c, u, d["text"]),
            forms.FeedbackForm,
            offered=lambda c: not c.assessment.seeker_view,
        ),
        Action(
            "propose_commitment",
            lambda u, c, d: commitment.propose_commitment(c, u, d),
            forms.CommitmentForm,
            form_kwargs=_sessions,
            initial=lambda c: {"job_title": c.offer.title, "workplace": c.offer.commune.label},
        ),
        SignAction(
            "sign_commitment",
            lambda u, c, d: commitment.sign_commitment(
                c, d["signatory"], d["name"], u, commitment_id=d["commitment"]
            ),
            forms.SignCommitmentForm,
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
        ),
        Action("accept_enrolment", lambda u, c, d: training.accept_enrolment(c, u)),
        Action(
            "refuse_enrolment",
            lambda u, c, d: training.refuse_enrolment(c, u, d["reason"]),
            forms.ReasonForm,
        ),
        Action(
            "confirm_entry",
            lambda u, c, d: training.confirm_entry(
                c, u, d["entered_on"], d["internship_start"], d["internship_end"]
            ),
            forms.EntryForm,
        ),
        Action(
            "complete_training",
            lambda u, c, d: training.complete_training(c, u, d["completed_on"], d["certification_obtained"]),
            forms.CompletionForm,
        ),
        Action(
            "confirm_hiring",
            lambda u, c, d: hiring.confirm_hiring(
                c, u, d["start_date"], d["contract_type"], d["contract_duration_months"], d["weekly_hours"]
            ),
            forms.HiringForm,
        ),
        Action(
            "refuse",
            lambda u, c, d: application.refuse(c, u, d["reason_code"], d["reason"]),
            forms.RefuseForm,
        ),
        Action("withdraw", lambda u, c, d: application.withdraw(c, u, d["reason"]), forms.ReasonForm),
        Action("cancel", lambda u, c, d: application.cancel(c, u, d["reason"]), forms.ReasonForm),
        Action(
            "abandon_training",
            lambda u, c, d: training.abandon_training(c, u, d["reason"]),
            forms.ReasonForm,
        ),
        Action(
            "break_commitment",
            lambda u, c, d: commitment.break_commitment(c, u, d["reason"]),
            forms.ReasonForm,
        ),
        Action("not_hired", lambda u, c, d: hiring.not_hired(c, u, d["reason"]), forms.ReasonForm),
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
