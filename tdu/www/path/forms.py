import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from tdu.candidatures.enums import (
    AssessmentOutcome,
    CommitmentSignatory,
    ContractNow,
    ImmersionObjective,
    RefusalReason,
    Respondent,
    Signatory,
)
from tdu.candidatures.models import commitment as commitment_model
from tdu.candidatures.services.immersion import WEEKDAYS
from tdu.organisations.models import PrescriberOrganisation
from tdu.utils.pdf_safety import UnsafePdf, check_inert
from tdu.www.forms import TduForm

MAX_CV_BYTES = 5 * 1024 * 1024


def validate_pdf(upload):
    """A CV is an inert PDF of at most 5 MB, checked by its content, not its name."""
    if upload.size > MAX_CV_BYTES:
        raise ValidationError("Le CV dépasse 5 Mo : réduisez sa taille.")
    content = upload.read()
    upload.seek(0)
    if b"%%EOF" not in content[-2048:]:
        raise ValidationError("Le CV doit être un fichier PDF.")
    try:
        check_inert(content)  # no script, no launch or submit action, no attachment, not also a web page
    except UnsafePdf as error:
        raise ValidationError(str(error)) from None


class ApplyForm(TduForm):
    job_seeker = forms.ModelChoiceField(
        queryset=None, required=False, label="Pour qui postulez-vous ?", empty_label="Choisissez une personne"
    )
    message = forms.CharField(
        label="Message à l'entreprise",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Présentez-vous en quelques lignes : pourquoi ce métier, vos disponibilités.",
        max_length=5000,
    )
    cv = forms.FileField(
        label="CV (facultatif)",
        help_text="Un fichier PDF de 5 Mo au plus.",
        required=False,
        validators=[validate_pdf],
    )

    def __init__(self, *args, followed=None, **kwargs):
        super().__init__(*args, **kwargs)
        if followed is None:
            del self.fields["job_seeker"]
        else:
            self.fields["job_seeker"].queryset = followed
            self.fields["job_seeker"].required = True
            self.fields["job_seeker"].label_from_instance = lambda u: f"{u.full_name} ({u.email})"


class SlotForm(TduForm):
    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(label="Heure", widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.IntegerField(label="Durée (minutes)", min_value=15, max_value=240, initial=60)
    place = forms.CharField(label="Lieu", required=False, max_length=255)
    video_link = forms.URLField(label="ou lien de visioconférence", required=False, assume_scheme="https")


class MeetingForm(TduForm):
    """Up to three slots, as creneau-1-date, creneau-1-time… (a page that works without JavaScript)."""

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        auto_id = kwargs.get("auto_id", "id_%s")
        self.slot_forms = [SlotForm(data, prefix=f"creneau-{i}", auto_id=auto_id) for i in (1, 2, 3)]
        self.filled = []

    def is_valid(self):
        self.filled = [f for f in self.slot_forms if f.data and f.data.get(f"{f.prefix}-date")]
        if not self.filled:
            self.add_error(None, "Proposez au moins un créneau.")
            return False
        valid = all(f.is_valid() for f in self.filled) and super().is_valid()
        if valid:
            self.cleaned_data["slots"] = self.slots()
        return valid

    def slots(self):
        result = []
        for f in self.filled:
            d = f.cleaned_data
            starts_at = timezone.make_aware(datetime.datetime.combine(d["date"], d["time"]))
            result.append(
                {
                    "starts_at": starts_at,
                    "duration_minutes": d["duration_minutes"],
                    "place": d["place"],
                    "video_link": d["video_link"],
                }
            )
        return result


class ChooseSlotForm(TduForm):
    slot = forms.IntegerField(widget=forms.HiddenInput)


class ReasonForm(TduForm):
    reason = forms.CharField(label="Motif", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class OptionalReasonForm(TduForm):
    reason = forms.CharField(
        label="Message (facultatif)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


class RefuseForm(TduForm):
    reason_code = forms.ChoiceField(label="Motif du refus", choices=RefusalReason.choices)
    reason = forms.CharField(
        label="Précisions pour la personne",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


CLOCK = re.compile(r"^(\d{1,2})\s*(?:[:h]\s*(\d{2})?)?$")
RANGES_EXAMPLE = "écrivez les plages ainsi : 09:00-12:00, 13:30-17:00"


def clock(text):
    """« 9h », « 9:30 », « 09h30 » → « 09:00 », « 09:30 »; anything else (25:00, 12:75, « midi ») is refused."""
    match = CLOCK.match(text.strip())
    hours, minutes = (int(match.group(1)), int(match.group(2) or 0)) if match else (99, 99)
    if hours > 23 or minutes > 59:
        raise ValidationError(f"« {text.strip()} » n'est pas une heure : {RANGES_EXAMPLE}.")
    return f"{hours:02d}:{minutes:02d}"


def time_ranges(text):
    """« 09:00-12:00, 13:30-17:00 » → [["09:00", "12:00"], ["13:30", "17:00"]], in order, each ending after it
    starts and before the next one: a legal document shows them as they are."""
    ranges = []
    for part in text.split(","):
        bounds = part.replace("–", "-").split("-")
        if len(bounds) != 2 or not all(b.strip() for b in bounds):
            raise ValidationError(RANGES_EXAMPLE[0].upper() + RANGES_EXAMPLE[1:] + ".")
        start, end = clock(bounds[0]), clock(bounds[1])
        if end <= start:
            raise ValidationError(f"La plage {start}-{end} se termine avant de commencer.")
        if ranges and start < ranges[-1][1]:
            raise ValidationError(f"La plage {start}-{end} chevauche la précédente ou la précède.")
        ranges.append([start, end])
    return ranges


def needs_suggested_prescriber(candidature):
    """Neither the candidature nor the person's profile names the structure that validates."""
    if candidature.prescriber_organisation_id and not candidature.prescriber_suggested:
        return False
    return candidature.job_seeker.job_seeker_profile.prescriber_organisation_id is None


class ImmersionForm(TduForm):
    start_date = forms.DateField(
        label="Premier jour", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end_date = forms.DateField(
        label="Dernier jour",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Un mois au plus.",
    )
    company_address = forms.CharField(
        label="Adresse de l'établissement (numéro et rue)",
        max_length=200,
        required=False,
        help_text="Celle de votre entreprise si vous la laissez vide.",
    )
    place = forms.CharField(
        label="Lieu de l'immersion",
        max_length=255,
        help_text="L'adresse où la personne se présentera, si elle n'est pas celle de l'établissement.",
    )
    objective = forms.ChoiceField(label="Objectif", choices=ImmersionObjective.choices)
    activities = forms.CharField(label="Activités confiées", widget=forms.Textarea(attrs={"rows": 3}))
    skills = forms.CharField(
        label="Compétences à observer", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    risks = forms.CharField(
        label="Risques et mesures de prévention", widget=forms.Textarea(attrs={"rows": 2})
    )
    tutor_name = forms.CharField(label="Nom du tuteur ou de la tutrice", max_length=255)
    tutor_role = forms.CharField(label="Sa fonction", max_length=255)
    tutor_email = forms.EmailField(label="Son adresse électronique")
    tutor_phone = forms.CharField(label="Son téléphone", max_length=20)
    prescriber_organisation = forms.ModelChoiceField(
        queryset=PrescriberOrganisation.objects.none(),
        required=False,
        label="Suggérer la structure d'accompagnement qui validera la convention",
        help_text="La personne n'est suivie par aucune structure sur Trait d'union : elle confirmera votre "
        "suggestion en signant la convention.",
    )
    reason = forms.CharField(
        label="Motif de la modification", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, candidature=None, amending=False, **kwargs):
        super().__init__(*args, **kwargs)
        for day in WEEKDAYS:
            self.fields[f"horaires_{day}"] = forms.CharField(
                label=day.capitalize(),
                required=False,
                help_text="Ex. 09:00-12:00, 13:30-17:00 ; vide si repos.",
                initial="" if day in ("samedi", "dimanche") else "09:00-12:00, 13:30-17:00",
            )
        if candidature is not None and candidature.company.address:
            self.fields["company_address"].initial = candidature.company.address
        if candidature is not None and needs_suggested_prescriber(candidature):
            region = candidature.offer.commune.department.region_id
            self.fields["prescriber_organisation"].queryset = PrescriberOrganisation.objects.filter(
                region_id=region
            )
            self.fields["prescriber_organisation"].required = True
        else:
            del self.fields["prescriber_organisation"]
        if amending:
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]

    def clean(self):
        data = super().clean()
        schedule = {}
        for day in WEEKDAYS:
            text = (data.get(f"horaires_{day}") or "").strip()
            if not text:
                continue
            try:
                schedule[day] = time_ranges(text)
            except ValidationError as error:
                self.add_error(f"horaires_{day}", error)
        data["schedule"] = schedule
        return data

    @staticmethod
    def service_data(cleaned_data):
        """What the immersion services take, from the cleaned data."""
        keys = [
            "start_date",
            "end_date",
            "place",
            "objective",
            "activities",
            "skills",
            "risks",
            "tutor_name",
            "tutor_role",
            "tutor_email",
            "tutor_phone",
            "schedule",
        ]
        data = {k: cleaned_data[k] for k in keys}
        data["company_address"] = cleaned_data.get("company_address", "")
        if "prescriber_organisation" in cleaned_data:
            data["prescriber_organisation"] = cleaned_data["prescriber_organisation"]
        return data


class SignForm(TduForm):
    signatory = forms.ChoiceField(
        choices=[(s.value, s.label) for s in (Signatory.BENEFICIARY, Signatory.COMPANY)],
        widget=forms.HiddenInput,
    )
    name = forms.CharField(label="Votre nom et prénom, en signe d'accord", max_length=255)
    convention = forms.IntegerField(widget=forms.HiddenInput)
    agree = forms.BooleanField(label="J'ai lu la convention et je l'accepte.")

    def __init__(self, *args, candidature=None, signatory=None, **kwargs):
        super().__init__(*args, **kwargs)
        signatory = signatory or self.data.get("signatory")
        if (
            candidature is not None
            and candidature.prescriber_suggested
            and signatory == Signatory.BENEFICIARY
        ):
            name = candidature.prescriber_organisation.name
            self.fields["confirm_prescriber"] = forms.BooleanField(
                label=f"{name} m'accompagne : je la choisis pour valider ma convention.",
                help_text="L'entreprise l'a suggérée. Si ce n'est pas votre structure, ne signez pas : "
                "indiquez la vôtre dans votre profil et demandez à l'entreprise de modifier la convention.",
            )


class TutorSignForm(TduForm):
    name = forms.CharField(label="Votre nom et prénom, en signe d'accord", max_length=255)
    agree = forms.BooleanField(label="J'ai lu la convention et je l'accepte.")


class AssessmentForm(TduForm):
    outcome = forms.ChoiceField(
        label="Déroulement", choices=AssessmentOutcome.choices, widget=forms.RadioSelect
    )
    skills_observed = forms.CharField(label="Compétences observées", widget=forms.Textarea(attrs={"rows": 3}))
    recommends_hiring_promise = forms.TypedChoiceField(
        label="Souhaitez-vous proposer une promesse d'embauche ?",
        choices=[("oui", "Oui"), ("non", "Non")],
        coerce=lambda v: v == "oui",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label="Commentaire", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class FeedbackForm(TduForm):
    text = forms.CharField(
        label="Votre avis sur l'immersion", widget=forms.Textarea(attrs={"rows": 3}), max_length=3000
    )


# --- Part 2 -------------------------------------------------------------------------------------------


def session_label(session):
    return (
        f"{session.training.title} — {session.training.organisation.name}, {session.commune.name}, "
        f"du {session.start_date:%d/%m/%Y} au {session.end_date:%d/%m/%Y} ({session.places_left} place(s))"
    )


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return session_label(obj)


class CommitmentForm(TduForm):
    session = SessionChoiceField(queryset=None, label="Session de formation dont dépend l'embauche")
    job_title = forms.CharField(label="Intitulé du poste", max_length=255)
    workplace = forms.CharField(label="Lieu de travail", max_length=255)
    contract_type = forms.ChoiceField(
        label="Type de contrat", choices=[("cdi", "CDI"), ("cdd", "CDD (6 mois ou plus)")]
    )
    contract_duration_months = forms.IntegerField(
        label="Durée du CDD (mois)", required=False, min_value=1, max_value=120
    )
    weekly_hours = forms.DecimalField(label="Heures par semaine", min_value=1, max_value=48, decimal_places=1)
    gross_monthly_salary = forms.DecimalField(
        label="Salaire brut mensuel (€)",
        min_value=1,
        max_value=commitment_model.MAX_MONTHLY_SALARY,
        max_digits=8,
        decimal_places=2,
        help_text="Entre 1 et 100 000 €.",
    )
    planned_start_date = forms.DateField(
        label="Date d'embauche prévue", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    certification_required = forms.BooleanField(
        label="L'obtention de la certification est une condition de l'embauche", required=False
    )

    def __init__(self, *args, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions


class SignCommitmentForm(TduForm):
    signatory = forms.ChoiceField(choices=CommitmentSignatory.choices, widget=forms.HiddenInput)
    commitment = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label="Votre nom et prénom, en signe d'accord", max_length=255)
    agree = forms.BooleanField(label="J'ai lu l'engagement réciproque et je m'engage.")

    def __init__(self, *args, signatory=None, **kwargs):
        super().__init__(*args, **kwargs)


class OtherSessionForm(TduForm):
    session = SessionChoiceField(queryset=None, label="Autre session pour le même engagement")

    def __init__(self, *args, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions


class EntryForm(TduForm):
    entered_on = forms.DateField(
        label="Date d'entrée en formation", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    internship_start = forms.DateField(
        label="Stage dans l'entreprise : début",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    internship_end = forms.DateField(
        label="Stage dans l'entreprise : fin",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class CompletionForm(TduForm):
    completed_on = forms.DateField(
        label="Date de fin de formation", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    certification_obtained = forms.TypedChoiceField(
        label="Certification obtenue ?",
        choices=[("oui", "Oui"), ("non", "Non")],
        coerce=lambda v: v == "oui",
        widget=forms.RadioSelect,
    )


class AbsenceForm(TduForm):
    first_day = forms.DateField(
        label="Premier jour d'absence", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    last_day = forms.DateField(
        label="Dernier jour d'absence",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Le même jour pour une seule journée.",
    )
    justified = forms.TypedChoiceField(
        label="L'absence est-elle justifiée ?",
        choices=[("oui", "Oui"), ("non", "Non")],
        coerce=lambda v: v == "oui",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Précisions (facultatif)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HiringForm(TduForm):
    start_date = forms.DateField(
        label="Début du contrat", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    contract_type = forms.ChoiceField(label="Type de contrat", choices=[("cdi", "CDI"), ("cdd", "CDD")])
    contract_duration_months = forms.IntegerField(
        label="Durée du CDD (mois)", required=False, min_value=1, max_value=120
    )
    weekly_hours = forms.DecimalField(label="Heures par semaine", min_value=1, max_value=48, decimal_places=1)


class FollowUpForm(TduForm):
    """Three questions to the person, two to the company (for her, « same company » is the post itself)."""

    still_in_post = forms.TypedChoiceField(
        label="Avez-vous un emploi aujourd'hui ?",
        choices=[("oui", "Oui"), ("non", "Non")],
        coerce=lambda v: v == "oui",
        widget=forms.RadioSelect,
    )
    same_company = forms.TypedChoiceField(
        label="Dans l'entreprise qui vous a embauché·e ?",
        choices=[("oui", "Oui"), ("non", "Non, dans une autre entreprise")],
        coerce=lambda v: v == "oui",
        widget=forms.RadioSelect,
        required=False,
    )
    contract_now = forms.ChoiceField(
        label="Quel contrat aujourd'hui ?",
        choices=[(c.value, c.label) for c in ContractNow if c != ContractNow.CDD],
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, respondent=Respondent.JOB_SEEKER, company_name="", **kwargs):
        super().__init__(*args, **kwargs)
        self.respondent = respondent
        if respondent == Respondent.COMPANY:
            del self.fields["same_company"]
            self.fields["still_in_post"].label = "La personne travaille-t-elle toujours chez vous ?"
            self.fields["contract_now"].label = "Si oui, avec quel contrat ?"
        elif company_name:
            self.fields["same_company"].label = f"Chez {company_name} ?"

    def clean(self):
        cleaned = super().clean()
        employed = cleaned.get("still_in_post")
        if employed is None:
            return cleaned
        if not employed:
            cleaned["same_company"], cleaned["contract_now"] = False, ContractNow.NONE
            return cleaned
        if not cleaned.get("contract_now") or cleaned["contract_now"] == ContractNow.NONE:
            self.add_error("contract_now", "Indiquez le contrat actuel.")
        if self.respondent == Respondent.COMPANY:
            cleaned["same_company"] = True
        elif cleaned.get("same_company") is None:
            self.add_error("same_company", "Indiquez si c'est dans la même entreprise.")
        return cleaned


class RecruiterAnswerForm(TduForm):
    answer = forms.ChoiceField(
        choices=[("oui", "Intéressé(e)"), ("non", "Pas intéressé(e)")], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label="Un mot pour la personne (facultatif)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
