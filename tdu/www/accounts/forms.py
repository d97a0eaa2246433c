"""Forms of the account pages: French labels and messages, DSFR classes, commune and jobs typed as text."""

import datetime
import re

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tdu.accounts.enums import Situation
from tdu.accounts.models import User
from tdu.accounts.notifications import PasswordReset
from tdu.accounts.services import (
    DUPLICATE_EMAIL,
    AccountError,
    email_is_taken,
    jobs_wanted_from_text,
    mark_email_verified,
    normalize_email,
)
from tdu.matching.params import SearchInputError, commune_from_text
from tdu.organisations.models import PrescriberOrganisation
from tdu.references.enums import EducationLevel
from tdu.references.models import Commune
from tdu.utils.notifications import absolute
from tdu.utils.validators import normalize_siret, validate_siret
from tdu.www.forms import DsfrFormMixin, TduForm

PHONE = re.compile(r"^\+?[0-9]{9,15}$")
FRANCE_TRAVAIL_ID = re.compile(r"^[0-9A-Z]{7,11}$")
PASSWORD_HINT = (
    "Au moins 10 caractères, pas seulement des chiffres, ni un mot de passe courant, "
    "ni trop proche de vos nom et adresse."
)
MIN_AGE, MAX_AGE = 15, 100
EMAIL_ERRORS = {
    "invalid": "Saisissez une adresse électronique valide, par exemple prenom.nom@exemple.fr.",
    "required": "Indiquez une adresse électronique.",
}


def password_fields(first_label="Mot de passe"):
    return (
        forms.CharField(
            label=first_label,
            strip=False,
            help_text=PASSWORD_HINT,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        ),
        forms.CharField(
            label="Confirmez le mot de passe",
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        ),
    )


def check_passwords(form, user):
    """Same password twice, accepted by Django's validators (errors on the form fields)."""
    password1 = form.cleaned_data.get("password1")
    password2 = form.cleaned_data.get("password2")
    if password1 and password2 and password1 != password2:
        form.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
    elif password1:
        try:
            password_validation.validate_password(password1, user)
        except ValidationError as error:
            form.add_error("password1", error)


def clean_phone(value):
    value = " ".join((value or "").split())
    if value and not PHONE.match(re.sub(r"[ .\-()]", "", value)):
        raise ValidationError(
            "Numéro de téléphone invalide : par exemple 06 12 34 56 78 ou +33 6 12 34 56 78."
        )
    return value


class PasswordsForm(TduForm):
    """First and last name and a new password: the end of an invitation for a person without an account."""

    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    password1, password2 = password_fields()

    def __init__(self, *args, email="", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        user = User(
            email=getattr(self, "email", "") or cleaned.get("email", ""),
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
        )
        check_passwords(self, user)
        return cleaned


class PersonForm(PasswordsForm):
    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        error_messages=EMAIL_ERRORS,
        help_text="Elle sert à vous connecter : nous y enverrons un lien pour la confirmer.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(label="Téléphone", max_length=20, required=False)

    def clean_email(self):
        email = normalize_email(self.cleaned_data["email"])
        if email_is_taken(email):
            raise ValidationError(DUPLICATE_EMAIL)
        return email

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))


class CommuneMixin:
    """A commune typed as text ('Metz', '57000'); when several match, the page lists them as choices."""

    commune_required = True

    def _take_commune_choice(self):
        self.commune_choices = []
        choice = self.data.get("commune_choix") if self.is_bound else None
        if choice:
            self.data = self.data.copy()
            self.data["commune"] = choice

    def clean_commune(self):
        text = self.cleaned_data.get("commune", "")
        if not text and not self.commune_required:
            return None
        try:
            place = commune_from_text(text)
        except SearchInputError as error:
            self.commune_choices = error.choices
            raise ValidationError(error.message) from None
        return Commune.objects.get(pk=place.id)


class JobSeekerFieldsForm(CommuneMixin, TduForm):
    birth_date = forms.DateField(
        label="Date de naissance",
        help_text="Par exemple 25/12/1990.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    commune = forms.CharField(
        label="Commune où vous habitez",
        max_length=120,
        help_text="Nom ou code postal, par exemple « Metz » ou « 57000 ».",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    address = forms.CharField(
        label="Adresse (numéro et rue)",
        max_length=255,
        required=False,
        help_text="Facultatif : elle figurera sur votre convention d'immersion.",
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    mobility_radius_km = forms.IntegerField(
        label="Distance maximale pour aller travailler (km)",
        help_text="De 1 à 200 km.",
        initial=30,
        min_value=1,
        max_value=200,
        error_messages={
            "min_value": "La distance doit être comprise entre 1 et 200 km.",
            "max_value": "La distance doit être comprise entre 1 et 200 km.",
            "invalid": "La distance doit être un nombre entier de kilomètres.",
        },
    )
    education_level = forms.TypedChoiceField(
        label="Niveau d'études",
        choices=[("", "Choisissez votre niveau")] + list(EducationLevel.choices),
        coerce=int,
    )
    situation = forms.ChoiceField(
        label="Situation", choices=[("", "Choisissez votre situation")] + list(Situation.choices)
    )
    france_travail_id = forms.CharField(
        label="Identifiant France Travail",
        max_length=20,
        required=False,
        help_text="Si vous êtes inscrit·e à France Travail : 7 à 11 chiffres ou lettres.",
    )
    jobs_wanted = forms.CharField(
        label="Métiers recherchés",
        max_length=5000,
        required=False,
        help_text="Séparez les métiers par des virgules, par exemple « soudeur, cariste ». Vous pouvez laisser vide.",
    )
    availability = forms.CharField(
        label="Disponibilité",
        max_length=255,
        required=False,
        help_text="Par exemple « tout de suite » ou « à partir de septembre ».",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._take_commune_choice()

    def clean_birth_date(self):
        born = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if born > today:
            raise ValidationError("La date de naissance ne peut pas être dans le futur.")
        if born > today - datetime.timedelta(days=365 * MIN_AGE + MIN_AGE // 4):
            raise ValidationError(f"Il faut avoir au moins {MIN_AGE} ans pour s'inscrire.")
        if born.year < today.year - MAX_AGE:
            raise ValidationError("Vérifiez l'année de naissance.")
        return born

    def clean_france_travail_id(self):
        value = "".join(self.cleaned_data.get("france_travail_id", "").split()).upper()
        if value and not FRANCE_TRAVAIL_ID.match(value):
            raise ValidationError("L'identifiant France Travail comporte 7 à 11 chiffres ou lettres.")
        return value

    def clean_jobs_wanted(self):
        try:
            return jobs_wanted_from_text(self.cleaned_data.get("jobs_wanted", ""))
        except AccountError as error:
            raise ValidationError(error.message) from None

    def profile_data(self):
        names = [
            "birth_date",
            "commune",
            "address",
            "mobility_radius_km",
            "education_level",
            "situation",
            "france_travail_id",
            "jobs_wanted",
            "availability",
        ]
        return {name: self.cleaned_data[name] for name in names}


class JobSeekerSignupForm(PersonForm, JobSeekerFieldsForm):
    pass


class OrganisationSignupForm(CommuneMixin, PersonForm):
    commune_required = False

    siret = forms.CharField(
        label="SIRET de l'établissement",
        max_length=20,
        help_text="14 chiffres, espaces acceptés : par exemple 123 456 789 00012.",
    )
    name = forms.CharField(
        label="Nom",
        max_length=255,
        required=False,
        help_text="Seulement si l'établissement n'est pas encore sur Trait d'union.",
    )
    commune = forms.CharField(
        label="Commune de l'établissement",
        max_length=120,
        required=False,
        help_text="Seulement si l'établissement n'est pas encore sur Trait d'union : nom ou code postal.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._take_commune_choice()

    def clean_siret(self):
        siret = normalize_siret(self.cleaned_data.get("siret"))
        validate_siret(siret)
        return siret


class AccountForm(TduForm):
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    phone = forms.CharField(label="Téléphone", max_length=20, required=False)
    wants_non_essential_emails = forms.BooleanField(
        label="Recevoir les rappels et le récapitulatif quotidien",
        required=False,
        help_text="Les courriels indispensables (sécurité, candidatures) sont toujours envoyés.",
    )

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))

    def account_data(self):
        names = ["first_name", "last_name", "phone", "wants_non_essential_emails"]
        return {name: self.cleaned_data[name] for name in names}


class JobSeekerAccountForm(AccountForm, JobSeekerFieldsForm):
    prescriber_organisation = forms.ModelChoiceField(
        queryset=PrescriberOrganisation.objects.select_related("region").order_by("region__name", "name"),
        label="Ma structure d'accompagnement",
        help_text="France Travail, Mission locale ou Cap emploi qui vous suit : elle pourra postuler avec vous "
        "et validera vos conventions d'immersion.",
        empty_label="Aucune",
        required=False,
    )

    def profile_data(self):
        return {
            **super().profile_data(),
            "prescriber_organisation": self.cleaned_data["prescriber_organisation"],
        }


class EmailForm(TduForm):
    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class InviteForm(TduForm):
    email = forms.EmailField(
        label="Adresse électronique de la personne à inviter",
        max_length=254,
        error_messages=EMAIL_ERRORS,
        help_text="Elle recevra un lien valable 14 jours pour rejoindre la structure.",
    )


ADDRESS_MAX_LENGTH = 254


class VerifiedAuthenticationForm(DsfrFormMixin, auth_forms.AuthenticationForm):
    """Login refused until the address is confirmed (checked only once the password is right)."""

    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
        "unverified": (
            "Votre adresse électronique n'est pas encore confirmée : ouvrez le lien que nous vous avons "
            "envoyé par courriel. Vous ne le trouvez pas ? Demandez un nouveau lien ci-dessous."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Adresse électronique"
        self.fields["username"].widget.attrs["autocomplete"] = "email"
        self.fields["password"].label = "Mot de passe"

    def clean_username(self):
        # AuthenticationForm puts max_length on the widget only: a 50 000-character name reached the database.
        username = self.cleaned_data["username"]
        if len(username) > ADDRESS_MAX_LENGTH:
            raise ValidationError(
                f"Une adresse électronique compte au plus {ADDRESS_MAX_LENGTH} caractères.", code="max_length"
            )
        return username

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.email_verified_at is None:
            raise ValidationError(self.error_messages["unverified"], code="unverified")


class PasswordResetForm(DsfrFormMixin, auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Adresse électronique"

    def get_users(self, email):
        """Also accounts without a password yet: job seekers registered by a prescriber activate this way."""
        return User.objects.filter(email__iexact=normalize_email(email), is_active=True)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """Through the service's notifications, like every other email."""
        path = reverse("accounts:password_reset_confirm", args=[context["uid"], context["token"]])
        PasswordReset.on_commit(context["user"], absolute(path))


class SetPasswordForm(DsfrFormMixin, auth_forms.SetPasswordForm):
    """The reset link went to the address: choosing a password through it also confirms the address."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_HINT

    def save(self, commit=True):
        mark_email_verified(self.user, save=False)
        return super().save(commit=commit)


class PasswordChangeForm(DsfrFormMixin, auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_HINT


class ClaimSiretForm(TduForm):
    siret = forms.CharField(
        label="SIRET de l'établissement",
        max_length=20,
        help_text="14 chiffres, sur vos factures ou sur annuaire-entreprises.data.gouv.fr.",
    )

    def clean_siret(self):
        siret = normalize_siret(self.cleaned_data.get("siret"))
        validate_siret(siret)
        return siret


class ClaimWithAccountForm(PersonForm):
    """The recruiter of an imported offer: her account and her company's SIRET, in one form."""

    siret = ClaimSiretForm.base_fields["siret"]

    def clean_siret(self):
        return ClaimSiretForm.clean_siret(self)
