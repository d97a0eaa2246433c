from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from tdu.accounts.enums import Role, Situation
from tdu.references.enums import EducationLevel
from tdu.references.models import Commune, RomeCode


class EmailUserManager(UserManager):
    def _create_user(self, username, email, password, **extra_fields):
        email = self.normalize_email(email or username).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(None, email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person. One person may hold several roles (job seeker, company member, prescriber…)."""

    username = None
    email = models.EmailField("adresse électronique", unique=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    email_verified_at = models.DateTimeField("adresse vérifiée le", null=True, blank=True)
    wants_non_essential_emails = models.BooleanField(
        "recevoir les courriels non essentiels (rappels, récapitulatifs)", default=True
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def roles(self) -> set[str]:
        """Computed from the person's profile and memberships (cached on the instance)."""
        if not hasattr(self, "_roles"):
            roles = set()
            if hasattr(self, "job_seeker_profile"):
                roles.add(Role.JOB_SEEKER)
            if self.company_memberships.exists():
                roles.add(Role.COMPANY)
            if self.training_organisation_memberships.exists():
                roles.add(Role.TRAINING_ORGANISATION)
            if self.prescriber_memberships.exists():
                roles.add(Role.PRESCRIBER)
            if self.region_memberships.exists():
                roles.add(Role.REGION)
            if self.is_staff:
                roles.add(Role.ADMIN)
            self._roles = roles
        return self._roles


class JobSeekerProfile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="job_seeker_profile")
    birth_date = models.DateField("date de naissance")
    commune = models.ForeignKey(Commune, verbose_name="commune de résidence", on_delete=models.PROTECT)
    address = models.CharField(
        "adresse (numéro et rue)",
        max_length=255,
        blank=True,
        help_text="Elle figure sur la convention d'immersion.",
    )
    mobility_radius_km = models.PositiveSmallIntegerField(
        "distance maximale (km)", default=30, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    education_level = models.PositiveSmallIntegerField(
        "niveau d'études", choices=EducationLevel.choices, default=EducationLevel.NONE
    )
    situation = models.CharField(
        "situation", max_length=20, choices=Situation.choices, default=Situation.OTHER
    )
    france_travail_id = models.CharField("identifiant France Travail", max_length=20, blank=True)
    jobs_wanted = models.ManyToManyField(
        RomeCode, verbose_name="métiers recherchés", blank=True, related_name="+"
    )
    availability = models.CharField("disponibilité", max_length=255, blank=True)
    prescriber_organisation = models.ForeignKey(
        "organisations.PrescriberOrganisation",
        verbose_name="structure d'accompagnement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="job_seekers",
    )
    registered_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="registered_job_seekers"
    )
    consent_given_at = models.DateTimeField("consentement recueilli le", null=True, blank=True)
    consent_text = models.TextField("texte du consentement", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "profil de demandeur d'emploi"
        verbose_name_plural = "profils de demandeurs d'emploi"

    def __str__(self):
        return str(self.user)
