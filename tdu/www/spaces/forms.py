"""Forms of the organisation spaces: they read and check the input; the services apply the business rules.

Widgets carry the DSFR classes, and a field in error gets the error class and aria-describedby its message
(tdu.www.forms, rendered by includes/field.html).
"""

import re
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tdu.accounts.enums import Situation
from tdu.accounts.services import CONSENT_TEXT
from tdu.candidatures.enums import State
from tdu.matching.params import SearchInputError, commune_from_text
from tdu.matching.suggestions import suggest_jobs
from tdu.offers.enums import MIN_CDD_MONTHS, ContractType
from tdu.offers.models import contract_error
from tdu.organisations.models import PrescriberKind, PrescriberOrganisation
from tdu.references.enums import EducationLevel, RomeFamily
from tdu.references.models import Commune, Region, RomeAppellation, RomeCode
from tdu.stats.scopes import Scope
from tdu.trainings.models import TrainingSession
from tdu.utils.text import search_key
from tdu.www.forms import TduForm

ROME_AT_START = re.compile(r"^\s*([A-Za-z]\d{4})\b")
# « Soudeur / Soudeuse (H2913) »: how a chosen job is written back in the field.
ROME_AT_END = re.compile(r"\(([A-Za-z]\d{4})\)\s*$")
LIST_SEPARATORS = re.compile(r"[,;\n]+")
EMAIL_MESSAGES = {"invalid": "Adresse électronique invalide : elle s'écrit comme prenom.nom@exemple.fr."}
PHONE = re.compile(r"^(?:\+33|0)[1-9]\d{8}$")
MIN_AGE = 16


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# --- Fields read from text: communes and ROME codes --------------------------------------------------


class CommuneField(forms.CharField):
    """A commune typed as text: 'Metz', 'Metz (57000)', a postal code or an INSEE code."""

    def __init__(self, *, required_message, **kwargs):
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault("help_text", "Nom ou code postal, par exemple « Metz » ou « 57000 ».")
        super().__init__(error_messages={"required": required_message}, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            place = commune_from_text(text)
        except SearchInputError as error:
            message = error.message
            if error.choices:
                message += " Par exemple : " + ", ".join(error.choices) + "."
            raise ValidationError(message) from None
        return Commune.objects.select_related("department").get(pk=place.id)


class AmbiguousRome(ValidationError):
    """Several jobs match the words: `romes` lists them, so that a form may offer them as choices."""

    def __init__(self, message, romes):
        super().__init__(message)
        self.romes = romes


def rome_from_text(text):
    """'H2913', 'H2913 — Soudeur / Soudeuse', 'Soudeur / Soudeuse (H2913)', or words of a job: one RomeCode,
    or ValidationError (AmbiguousRome when several jobs match)."""
    text = (text or "").strip()
    code = ROME_AT_START.match(text) or ROME_AT_END.search(text)
    if code:
        rome = RomeCode.objects.filter(code=code[1].upper()).first()
        if rome is None:
            raise ValidationError(f"Code ROME inconnu : « {code[1].upper()} ».")
        return rome
    key = search_key(text)
    if not key:
        raise ValidationError("Indiquez un code ROME (ex. H2913) ou quelques mots du métier.")
    found = set(RomeCode.objects.filter(search_label=key).values_list("code", flat=True))
    found |= set(RomeAppellation.objects.filter(search_label=key).values_list("rome_id", flat=True))
    if not found:
        found = {suggestion["code"] for suggestion in suggest_jobs(text)}
    if not found:
        raise ValidationError(
            f"Aucun métier ne correspond à « {text} » : essayez d'autres mots ou le code ROME (ex. H2913)."
        )
    romes = list(RomeCode.objects.filter(code__in=found).order_by("code")[:10])
    if len(romes) == 1:
        return romes[0]
    choices = " ; ".join(f"{rome.label} ({rome.code})" for rome in romes)
    raise AmbiguousRome(
        f"Plusieurs métiers correspondent à « {text} » : indiquez l'un d'eux — {choices}.", romes
    )


def rome_label(rome):
    return f"{rome.label} ({rome.code})"


class RomeListField(forms.CharField):
    """Several ROME codes (or words), separated by commas.

    With `offers_choices`, words matching several jobs do not end in an error listing them: the form shows them
    as checkboxes (`rome_code`, see spaces/includes/rome_choices.html) and the codes ticked there (`chosen`, set
    by the form from its data) stand for the words. `ambiguous` then lists (words, jobs) for the template.
    """

    def __init__(self, *, offers_choices=False, **kwargs):
        kwargs.setdefault("max_length", 1000)
        kwargs.setdefault("help_text", "Codes ROME ou métiers, séparés par des virgules (ex. H2913, H2914).")
        super().__init__(
            error_messages={"required": "Indiquez au moins un métier (code ROME)."},
            **kwargs,
        )
        self.offers_choices = offers_choices
        self.chosen: set[str] = set()
        self.ambiguous: list[tuple[str, list]] = []

    def clean(self, value):
        text = super().clean(value)
        romes, problems = [], []
        self.ambiguous = []
        for item in LIST_SEPARATORS.split(text or ""):
            if not item.strip():
                continue
            try:
                found = [rome_from_text(item)]
            except AmbiguousRome as error:
                if not self.offers_choices:
                    problems.extend(error.messages)
                    continue
                self.ambiguous.append((item.strip(), error.romes))
                found = [rome for rome in error.romes if rome.code in self.chosen]
                if not found:
                    problems.append(
                        f"Plusieurs métiers correspondent à « {item.strip()} » : cochez dans la liste ci-dessous "
                        "celui ou ceux que vous voulez, puis validez à nouveau."
                    )
            except ValidationError as error:
                problems.extend(error.messages)
                continue
            romes += [rome for rome in found if rome not in romes]
        if problems:
            raise ValidationError(problems)
        return romes


# --- Company space --------------------------------------------------------------------------------------


class OfferForm(TduForm):
    """The job is typed as words (suggested while typing); when several jobs match, the form lists them and the
    choice (`rome_code`, a radio button) picks one without retyping."""

    title = forms.CharField(label="Intitulé du poste", max_length=255)
    rome = forms.CharField(
        label="Métier",
        max_length=255,
        help_text="Quelques mots du métier, par exemple « soudeur » : choisissez dans les suggestions. "
        "C'est lui qui relie l'offre aux formations financées.",
        error_messages={"required": "Indiquez le métier : quelques mots, par exemple « soudeur »."},
    )
    commune = CommuneField(
        label="Commune du lieu de travail", required_message="Indiquez la commune du lieu de travail."
    )
    address = forms.CharField(label="Adresse du lieu de travail", max_length=255, required=False)
    contract_type = forms.ChoiceField(label="Type de contrat", choices=ContractType.choices)
    contract_duration_months = forms.IntegerField(
        label="Durée du CDD (mois)",
        required=False,
        min_value=1,
        max_value=120,
        help_text=f"Pour un CDD seulement : au moins {MIN_CDD_MONTHS} mois.",
    )
    positions = forms.IntegerField(label="Nombre de postes", min_value=1, max_value=500, initial=1)
    immersion_possible = forms.BooleanField(
        label="Immersion possible (PMSMP) avant l'embauche", required=False, initial=True
    )
    immersion_from = forms.DateField(
        label="Immersion possible à partir du", required=False, widget=date_input()
    )
    immersion_until = forms.DateField(
        label="Immersion possible jusqu'au", required=False, widget=date_input()
    )
    description = forms.CharField(label="Description du poste", required=False, widget=forms.Textarea)
    expires_on = forms.DateField(
        label="Date d'expiration",
        required=False,
        widget=date_input(),
        help_text="Facultatif : l'offre disparaît de la recherche après cette date.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rome_choices: list = []  # the jobs matching the words, when there are several
        self.rome_chosen = ""
        # Suggestions while typing (htmx), as in the search: the same function and the same options.
        suggest = {"hx-trigger": "input changed delay:250ms", "hx-swap": "innerHTML", "autocomplete": "off"}
        self.fields["rome"].widget.attrs.update(
            suggest,
            **{"hx-get": reverse("spaces:job_suggestions"), "hx-target": "#metiers-suggestions"},
            list="metiers-suggestions",
        )
        self.fields["commune"].widget.attrs.update(
            suggest,
            **{"hx-get": reverse("search:communes"), "hx-target": "#communes-suggestions"},
            list="communes-suggestions",
        )

    def clean_rome(self):
        text = self.cleaned_data["rome"]
        chosen = str(self.data.get("rome_code", "")).strip().upper() if self.is_bound else ""
        try:
            return rome_from_text(text)
        except AmbiguousRome as error:
            self.rome_choices = error.romes
            picked = next((rome for rome in error.romes if rome.code == chosen), None)
            if picked is not None:
                self.rome_chosen = picked.code
                return picked
            raise ValidationError(
                f"Plusieurs métiers correspondent à « {text} » : choisissez le vôtre dans la liste "
                "ci-dessous, puis validez à nouveau."
                if not chosen
                else f"Le métier choisi ne correspond pas à « {text} » : choisissez dans la liste ci-dessous."
            ) from None

    def clean(self):
        data = super().clean()
        if data.get("contract_type") == ContractType.CDI:
            data["contract_duration_months"] = None  # the duration only concerns CDDs
        if "contract_type" in data and "contract_duration_months" in data:
            # Checked here too, so that the rule shows along with the other fields' errors.
            message = contract_error(data["contract_type"], data["contract_duration_months"])
            if message:
                self.add_error("contract_duration_months", message)
        return data

    @classmethod
    def initial_from(cls, offer):
        initial = {name: getattr(offer, name) for name in cls.base_fields}
        initial.update(rome=rome_label(offer.rome), commune=offer.commune.label)
        return initial


# --- Training organisation space --------------------------------------------------------------------------


class TrainingForm(TduForm):
    title = forms.CharField(label="Intitulé de la formation", max_length=255)
    certification_code = forms.CharField(
        label="Code de la certification",
        max_length=20,
        required=False,
        help_text="Par exemple RNCP35474 ou RS5630.",
    )
    rome_codes = RomeListField(label="Métiers préparés (codes ROME)", offers_choices=True)
    entry_level = forms.TypedChoiceField(
        label="Niveau d'entrée", choices=EducationLevel.choices, coerce=int, initial=EducationLevel.NONE
    )
    exit_level = forms.TypedChoiceField(
        label="Niveau de sortie", choices=EducationLevel.choices, coerce=int, initial=EducationLevel.CAP_BEP
    )
    description = forms.CharField(label="Objectifs et contenu", required=False, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and hasattr(self.data, "getlist"):
            self.rome_field.chosen = {str(code).strip().upper() for code in self.data.getlist("rome_code")}

    @property
    def rome_field(self) -> RomeListField:
        return cast(RomeListField, self.fields["rome_codes"])

    @property
    def rome_choices(self):
        """(words, jobs matching them) for each of the words that match several jobs, once validated."""
        return self.rome_field.ambiguous

    @property
    def rome_chosen(self):
        return self.rome_field.chosen


class SessionForm(TduForm):
    training = forms.ModelChoiceField(label="Formation", queryset=None, empty_label=None)
    commune = CommuneField(
        label="Commune du lieu de formation", required_message="Indiquez la commune du lieu de formation."
    )
    address = forms.CharField(label="Adresse", max_length=255, required=False)
    start_date = forms.DateField(label="Date de début", widget=date_input())
    end_date = forms.DateField(label="Date de fin", widget=date_input())
    funding_region = forms.ModelChoiceField(
        label="Région qui finance", queryset=None, required=False, empty_label="Aucune : session non financée"
    )
    funded_places = forms.IntegerField(label="Places financées", min_value=0, max_value=10000, initial=0)
    recruitment_open = forms.BooleanField(label="Recrutement ouvert", required=False, initial=True)

    def __init__(self, *args, trainings, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["training"].queryset = trainings
        regions = Region.objects.filter(is_deployed=True)
        if session is not None and session.funding_region_id:
            regions = Region.objects.filter(pk=session.funding_region_id) | regions
        self.fields["funding_region"].queryset = regions.order_by("name")

    @classmethod
    def initial_from(cls, session):
        initial = {name: getattr(session, name) for name in cls.base_fields}
        initial["commune"] = session.commune.label
        return initial


class PeriodForm(TduForm):
    start_date = forms.DateField(label="Début", required=False, widget=date_input())
    end_date = forms.DateField(label="Fin", required=False, widget=date_input())
    label = forms.CharField(label="Libellé", max_length=255, required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("start_date")) != bool(data.get("end_date")) and not self.errors:
            raise ValidationError("Indiquez le début et la fin de la période en entreprise.")
        return data

    @property
    def period(self):
        data = getattr(self, "cleaned_data", {})
        if data.get("DELETE") or not (data.get("start_date") and data.get("end_date")):
            return None
        return {key: data[key] for key in ("start_date", "end_date", "label")}


PeriodFormSet = forms.formset_factory(PeriodForm, extra=2, can_delete=True, max_num=20, validate_max=True)


def period_formset(data=None, session=None):
    initial = None
    if session is not None:
        initial = list(session.internship_periods.values("start_date", "end_date", "label"))
    return PeriodFormSet(data, initial=initial, prefix="periodes")


# --- Prescriber space -------------------------------------------------------------------------------------


class JobSeekerForm(TduForm):
    organisation = forms.ModelChoiceField(label="Structure qui l'accompagne", queryset=None, empty_label=None)
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    email = forms.EmailField(
        label="Adresse électronique",
        error_messages=EMAIL_MESSAGES,
        help_text="Elle y recevra le lien pour choisir son mot de passe.",
    )
    phone = forms.CharField(
        label="Téléphone", max_length=20, required=False, help_text="Par exemple 06 12 34 56 78."
    )
    birth_date = forms.DateField(label="Date de naissance", widget=date_input())
    commune = CommuneField(label="Commune de résidence", required_message="Indiquez la commune de résidence.")
    mobility_radius_km = forms.IntegerField(
        label="Distance maximale jusqu'à l'emploi (km)", min_value=1, max_value=200, initial=30
    )
    education_level = forms.TypedChoiceField(
        label="Niveau d'études", choices=EducationLevel.choices, coerce=int, initial=EducationLevel.NONE
    )
    situation = forms.ChoiceField(label="Situation", choices=Situation.choices, initial=Situation.OTHER)
    jobs_wanted = RomeListField(label="Métiers recherchés", required=False)
    consent = forms.BooleanField(
        label="La personne a lu ce texte et donné son accord",
        error_messages={"required": "Cochez cette case : son accord est nécessaire pour créer son compte."},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        names = [organisation.name for organisation in organisations]
        who = names[0] if len(names) == 1 else "la structure choisie ci-dessus"
        self.fields["consent"].help_text = f"« {CONSENT_TEXT.format(organisation=who)} »"

    def clean_phone(self):
        phone = re.sub(r"[\s.\-]", "", self.cleaned_data["phone"])
        if phone and not PHONE.match(phone):
            raise ValidationError("Numéro de téléphone invalide : 10 chiffres, par exemple 06 12 34 56 78.")
        return phone

    def clean_birth_date(self):
        born = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if born > today:
            raise ValidationError("La date de naissance est dans le futur.")
        if age < MIN_AGE:
            raise ValidationError(f"La personne doit avoir au moins {MIN_AGE} ans.")
        if age > 100:
            raise ValidationError("Vérifiez la date de naissance.")
        return born


# --- Region space -----------------------------------------------------------------------------------------


class StateFilterForm(TduForm):
    etat = forms.ChoiceField(
        label="État",
        required=False,
        choices=[("", "Tous les états"), *State.choices],
        error_messages={"invalid_choice": "État inconnu : choisissez dans la liste."},
    )


class CancelForm(TduForm):
    reason = forms.CharField(
        label="Motif de l'annulation",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Indiquez le motif de l'annulation."},
    )


class PrescriberOrganisationForm(TduForm):
    kind = forms.ChoiceField(label="Type de structure", choices=PrescriberKind.choices)
    name = forms.CharField(label="Nom", max_length=255)
    commune = CommuneField(label="Commune", required_message="Indiquez la commune de la structure.")
    email = forms.EmailField(label="Adresse de contact", required=False, error_messages=EMAIL_MESSAGES)
    first_member_email = forms.EmailField(
        label="Première personne à inviter",
        help_text="Elle reçoit une invitation par courriel et administrera la structure.",
        required=False,
        error_messages=EMAIL_MESSAGES,
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region

    def clean_commune(self):
        commune = self.cleaned_data["commune"]
        if commune.department.region_id != self.region.pk:
            raise ValidationError(f"{commune.label} n'est pas dans la Région {self.region.name}.")
        return commune

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if PrescriberOrganisation.objects.filter(region=self.region, name__iexact=name).exists():
            raise ValidationError("Une structure porte déjà ce nom dans la Région.")
        return name


class StatsFilterForm(TduForm):
    """The steering dashboard's filters; every choice is limited to the region (anything else is a 400)."""

    annee = forms.TypedChoiceField(label="Année", required=False, coerce=int, empty_value=None)
    departement = forms.ChoiceField(label="Département", required=False)
    bassin = forms.TypedChoiceField(label="Bassin d'emploi", required=False, coerce=int, empty_value=None)
    domaine = forms.ChoiceField(label="Domaine de métiers (ROME)", required=False)
    organisme = forms.TypedChoiceField(
        label="Organisme de formation", required=False, coerce=int, empty_value=None
    )
    session = forms.IntegerField(
        label="Session (numéro)",
        required=False,
        min_value=1,
        error_messages={"invalid": "Indiquez le numéro de la session (un nombre)."},
    )

    def __init__(self, data=None, *, region, years, organisations):
        super().__init__(data)
        self.region = region
        unknown = "Choix inconnu pour la Région : choisissez dans la liste."
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = unknown
        self.fields["annee"].choices = [("", "Toutes les années"), *[(y, str(y)) for y in years]]
        self.fields["departement"].choices = [
            ("", "Tous les départements"),
            *region.departments.order_by("code").values_list("code", "name"),
        ]
        self.fields["bassin"].choices = [
            ("", "Tous les bassins"),
            *region.employment_areas.order_by("name").values_list("pk", "name"),
        ]
        self.fields["domaine"].choices = [("", "Tous les domaines"), *RomeFamily.choices]
        self.fields["organisme"].choices = [("", "Tous les organismes"), *organisations]

    def clean_session(self):
        session = self.cleaned_data.get("session")
        if session and not TrainingSession.objects.filter(pk=session, funding_region=self.region).exists():
            raise ValidationError("Cette session n'est pas financée par la Région.")
        return session

    def scope(self):
        data = self.cleaned_data
        area = self.region.employment_areas.get(pk=data["bassin"]) if data.get("bassin") else None
        return Scope(
            region=self.region,
            year=data.get("annee"),
            department=data.get("departement") or None,
            area=area,
            domain=data.get("domaine") or None,
            organisation_id=data.get("organisme"),
            session_id=data.get("session"),
        )


# --- Partners: API tokens and webhooks ------------------------------------------------------------------------


class TokenForm(TduForm):
    name = forms.CharField(
        label="Nom du jeton", max_length=100, help_text="Par exemple le logiciel qui l'utilise."
    )
    scopes = forms.MultipleChoiceField(
        label="Droits",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un droit."},
    )
    expires_on = forms.DateField(
        label="Expire le (facultatif)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data=None, *, kind):
        super().__init__(data)
        from tdu.partners.scopes import choices_for

        self.fields["scopes"].choices = choices_for(kind)

    def clean_expires_on(self):
        day = self.cleaned_data.get("expires_on")
        if day and day <= timezone.localdate():
            raise ValidationError("Choisissez une date à venir.")
        return day


class WebhookForm(TduForm):
    url = forms.CharField(
        label="Adresse de réception (https)",
        max_length=500,
        help_text="Votre serveur reçoit chaque événement en POST.",
    )
    events = forms.MultipleChoiceField(
        label="Événements (aucun coché : tous)", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, data=None):
        super().__init__(data)
        from tdu.candidatures.workflow import TRANSITIONS

        self.fields["events"].choices = [(t.name, f"{t.label} ({t.name})") for t in TRANSITIONS]
