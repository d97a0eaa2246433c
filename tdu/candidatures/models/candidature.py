"""The candidature (one person, one offer) and the log of every transition of its path."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tdu.candidatures import rights
from tdu.candidatures.enums import FINAL_STATES, Actor, RefusalReason, State
from tdu.candidatures.storage import private_storage
from tdu.companies.models import Company
from tdu.offers.models import JobOffer


class CandidatureQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every candidature this person may see, whatever her roles (declared in tdu.candidatures.rights)."""
        return rights.visible_to(self, user)

    def active(self):
        return self.exclude(state__in=FINAL_STATES)

    def with_documents(self):
        """Prefetch what the next step of each candidature needs, so that a list costs a constant number of
        queries: current documents with their signatures, pending slots, assessment."""
        from tdu.candidatures.models import Commitment, ImmersionConvention, MeetingSlot

        return self.select_related("assessment").prefetch_related(
            models.Prefetch(
                "conventions",
                queryset=ImmersionConvention.objects.filter(cancelled_at__isnull=True).prefetch_related(
                    "signatures"
                ),
                to_attr="open_conventions",
            ),
            models.Prefetch(
                "commitments",
                queryset=Commitment.objects.filter(cancelled_at__isnull=True).prefetch_related("signatures"),
                to_attr="open_commitments",
            ),
            models.Prefetch(
                "meeting_slots",
                queryset=MeetingSlot.objects.filter(withdrawn_at__isnull=True),
                to_attr="open_slots",
            ),
        )


def cv_path(instance, filename):
    return f"cv/{instance.job_seeker_id}/{timezone.now():%Y%m%d%H%M%S}.pdf"


class Candidature(models.Model):
    job_seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="candidat·e",
        on_delete=models.PROTECT,
        related_name="candidatures",
    )
    offer = models.ForeignKey(
        JobOffer, verbose_name="offre", on_delete=models.PROTECT, related_name="candidatures"
    )
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="candidatures")
    prescriber_organisation = models.ForeignKey(
        "organisations.PrescriberOrganisation",
        verbose_name="structure d'accompagnement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidatures",
    )
    # The company suggested this structure (the person had none): she confirms it when she signs the convention.
    prescriber_suggested = models.BooleanField("structure suggérée par l'entreprise", default=False)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    message = models.TextField("message de motivation")
    cv = models.FileField("CV (PDF)", storage=private_storage, upload_to=cv_path, blank=True)
    state = models.CharField("état", max_length=30, choices=State.choices, default=State.SENT)
    version = models.PositiveIntegerField(default=0, editable=False)
    state_changed_at = models.DateTimeField(default=timezone.now)
    company_reminded_at = models.DateTimeField(null=True, blank=True)
    # An imported offer whose company has no account: the candidature goes to the offer's contact by email.
    recruiter_email = models.EmailField("adresse du recruteur (sans compte)", blank=True)
    recruiter_reminded_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.CharField(max_length=30, choices=RefusalReason.choices, blank=True)
    exit_reason = models.TextField("motif", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CandidatureQuerySet.as_manager()

    class Meta:
        verbose_name = "candidature"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["job_seeker", "offer"],
                condition=~Q(state__in=sorted(s.value for s in FINAL_STATES)),
                name="one_active_candidature_per_offer",
                violation_error_message="Vous avez déjà une candidature en cours pour cette offre.",
            )
        ]

    def __str__(self):
        return f"{self.job_seeker} → {self.offer.title}"

    @property
    def current_convention(self):
        """The convention in force (the `immersion` transitions produce it), or None."""
        if hasattr(self, "open_conventions"):
            return max(self.open_conventions, key=lambda c: c.created_at, default=None)
        return self.conventions.filter(cancelled_at__isnull=True).order_by("-created_at").first()

    @property
    def current_commitment(self):
        """The « engagement réciproque » (hiring promise + commitment to train) in force, or None."""
        if hasattr(self, "open_commitments"):
            return max(self.open_commitments, key=lambda c: c.created_at, default=None)
        return self.commitments.filter(cancelled_at__isnull=True).order_by("-created_at").first()

    @property
    def pending_slots(self):
        if hasattr(self, "open_slots"):
            return self.open_slots
        return list(self.meeting_slots.filter(withdrawn_at__isnull=True))

    @property
    def immersion_started_unvalidated(self):
        """An immersion whose first day has come while it is not validated: flagged to everyone."""
        if self.state not in {State.IMMERSION_PROPOSED, State.CONVENTION_SIGNED}:
            return False
        convention = self.current_convention
        return bool(convention and convention.start_date <= timezone.localdate())


class TransitionLog(models.Model):
    candidature = models.ForeignKey(Candidature, on_delete=models.CASCADE, related_name="log")
    transition = models.CharField(max_length=40)
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_name = models.CharField(
        max_length=255, blank=True, help_text="Nom de qui agit (ex. tuteur sans compte)."
    )
    actor_role = models.CharField(max_length=30, choices=Actor.choices)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal des transitions"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.transition}: {self.from_state or '∅'} → {self.to_state}"

    @property
    def transition_label(self):
        from tdu.candidatures.workflow import BY_NAME

        transition = BY_NAME.get(self.transition)
        return transition.label if transition else self.transition

    @property
    def to_state_label(self):
        return State(self.to_state).label
