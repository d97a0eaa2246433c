from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tdu.candidatures.enums import (
    FINAL_STATES,
    Actor,
    AssessmentOutcome,
    ImmersionObjective,
    RefusalReason,
    Signatory,
    State,
)
from tdu.candidatures.storage import private_storage
from tdu.companies.models import Company
from tdu.offers.models import JobOffer
from tdu.utils.frozen import content_hash


class CandidatureQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every candidature this person may see, whatever her roles: the one place rights are declared."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(
            Q(job_seeker=user)
            | Q(company__memberships__user=user)
            | Q(prescriber_organisation__memberships__user=user)
            | Q(offer__commune__department__region__memberships__user=user)
            | Q(enrolments__session__training__organisation__memberships__user=user)
        ).distinct()

    def active(self):
        return self.exclude(state__in=FINAL_STATES)


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
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    message = models.TextField("message de motivation")
    cv = models.FileField("CV (PDF)", storage=private_storage, upload_to=cv_path, blank=True)
    state = models.CharField("état", max_length=30, choices=State.choices, default=State.SENT)
    version = models.PositiveIntegerField(default=0, editable=False)
    state_changed_at = models.DateTimeField(default=timezone.now)
    company_reminded_at = models.DateTimeField(null=True, blank=True)
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
        return self.conventions.filter(cancelled_at__isnull=True).order_by("-created_at").first()

    @property
    def pending_slots(self):
        return self.meeting_slots.filter(withdrawn_at__isnull=True)

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


class MeetingSlot(models.Model):
    candidature = models.ForeignKey(Candidature, on_delete=models.CASCADE, related_name="meeting_slots")
    starts_at = models.DateTimeField("date et heure")
    duration_minutes = models.PositiveSmallIntegerField("durée (minutes)", default=60)
    place = models.CharField("lieu", max_length=255, blank=True)
    # A CharField with a URL validator: the model URLField's form field warns about its default scheme.
    video_link = models.CharField(
        "lien de visioconférence", max_length=500, blank=True, validators=[URLValidator(schemes=["https"])]
    )
    chosen_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "créneau de rencontre"
        ordering = ["starts_at"]

    def __str__(self):
        return f"{timezone.localtime(self.starts_at):%d/%m/%Y à %H:%M}"

    @property
    def where(self):
        return self.place or self.video_link


class ImmersionConvention(models.Model):
    """A PMSMP convention. Frozen once issued: parties' details are copied in; a change is a new convention."""

    candidature = models.ForeignKey(Candidature, on_delete=models.PROTECT, related_name="conventions")
    # Parties, copied at issue.
    beneficiary_name = models.CharField(max_length=255)
    beneficiary_email = models.EmailField()
    beneficiary_phone = models.CharField(max_length=20, blank=True)
    beneficiary_birth_date = models.DateField(null=True)
    company_name = models.CharField(max_length=255)
    company_siret = models.CharField(max_length=14)
    company_address = models.CharField(max_length=255)
    company_representative = models.CharField(max_length=255)
    prescriber_name = models.CharField(max_length=255)
    tutor_name = models.CharField("nom du tuteur ou de la tutrice", max_length=255)
    tutor_role = models.CharField("fonction", max_length=255)
    tutor_email = models.EmailField("adresse électronique")
    tutor_phone = models.CharField("téléphone", max_length=20)
    # The immersion.
    start_date = models.DateField("premier jour")
    end_date = models.DateField("dernier jour")
    schedule = models.JSONField("horaires hebdomadaires", help_text="{jour: [[début, fin], …]}")
    weekly_hours = models.DecimalField(max_digits=4, decimal_places=1)
    objective = models.CharField("objectif", max_length=20, choices=ImmersionObjective.choices)
    activities = models.TextField("activités confiées")
    skills = models.TextField("compétences observées", blank=True)
    place = models.CharField("lieu de l'immersion", max_length=255)
    risks = models.TextField("risques et mesures de prévention")
    content_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(blank=True)
    signature_reminded_at = models.DateTimeField(null=True, blank=True)

    FROZEN_FIELDS = [
        "beneficiary_name", "beneficiary_email", "beneficiary_phone", "beneficiary_birth_date", "company_name",
        "company_siret", "company_address", "company_representative", "prescriber_name", "tutor_name", "tutor_role",
        "tutor_email", "tutor_phone", "start_date", "end_date", "schedule", "weekly_hours", "objective",
        "activities", "skills", "place", "risks",
    ]  # fmt: skip

    class Meta:
        verbose_name = "convention d'immersion"
        verbose_name_plural = "conventions d'immersion"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Convention n° {self.pk} — {self.beneficiary_name} chez {self.company_name}"

    def compute_hash(self):
        return content_hash(self, self.FROZEN_FIELDS, candidature=self.candidature_id)

    def missing_signatures(self):
        signed = set(self.signatures.values_list("signatory", flat=True))
        return [s for s in Signatory if s not in signed]


class ConventionSignature(models.Model):
    convention = models.ForeignKey(ImmersionConvention, on_delete=models.PROTECT, related_name="signatures")
    signatory = models.CharField(max_length=20, choices=Signatory.choices)
    name = models.CharField("nom du ou de la signataire", max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    signed_at = models.DateTimeField(default=timezone.now)
    content_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "signature"
        constraints = [
            models.UniqueConstraint(fields=["convention", "signatory"], name="one_signature_per_signatory")
        ]

    def __str__(self):
        return f"{self.get_signatory_display()} : {self.name}"


class ImmersionAssessment(models.Model):
    candidature = models.OneToOneField(Candidature, on_delete=models.CASCADE, related_name="assessment")
    outcome = models.CharField("déroulement", max_length=20, choices=AssessmentOutcome.choices)
    skills_observed = models.TextField("compétences observées")
    recommends_hiring_promise = models.BooleanField("proposer une promesse d'embauche")
    comment = models.TextField("commentaire", blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    seeker_view = models.TextField("avis de la personne", blank=True)
    seeker_view_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "bilan d'immersion"

    def __str__(self):
        return f"Bilan de la candidature {self.candidature_id}"
