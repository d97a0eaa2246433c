"""Demo accounts (one per role) and candidatures at every state of the path, made through the services.

Everything goes through the same functions as the pages, so that logs, documents and signatures are real.
Idempotent: nothing is created when the demo accounts exist.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tdu.accounts.models import JobSeekerProfile, User
from tdu.candidatures.models import Commitment, Enrolment, FollowUp, ImmersionConvention
from tdu.candidatures.services import application, commitment, hiring, immersion, meetings, training
from tdu.companies.models import Company
from tdu.offers.enums import OfferSource, OfferStatus
from tdu.offers.models import JobOffer
from tdu.organisations.models import (
    CompanyMembership,
    PrescriberMembership,
    PrescriberOrganisation,
    RegionMembership,
    TrainingOrganisationMembership,
)
from tdu.references.models import Commune, Region, RomeCode
from tdu.trainings.models import FundingConfirmation, Training, TrainingOrganisation, TrainingSession

PASSWORD = "demo-trait-d-union"
REGION = "44"  # Grand Est
DOMAIN = "demo.traitdunion.beta.gouv.fr"
ACCOUNTS = [
    ("demandeur", "Amélie", "Martin", "Demandeuse d'emploi"),
    ("entreprise", "Bruno", "Schmitt", "Entreprise (Ateliers Schmitt, Metz)"),
    ("organisme", "Chloé", "Weber", "Organisme de formation (GRETA Lorraine Nord)"),
    ("prescripteur", "David", "Klein", "Prescripteur (France Travail Metz)"),
    ("region", "Élise", "Roth", "Équipe Région Grand Est"),
    ("admin", "Ada", "Admin", "Administration (/admin/)"),
]
# One job seeker per state, named after it so that a newcomer finds each screen.
STATES = [
    "sent", "under_review", "meeting_planned", "immersion_proposed", "convention_signed", "immersion_validated",
    "immersion_done", "commitment_proposed", "commitment_signed", "enrolment_requested", "enrolled", "in_training",
    "training_completed", "hired", "refused", "withdrawn", "cancelled", "expired", "training_abandoned",
    "commitment_broken", "not_hired",
]  # fmt: skip
FIRST_NAMES = [
    "Amélie", "Yasmine", "Kevin", "Laura", "Mehdi", "Sophie", "Thomas", "Inès", "Lucas", "Nadia", "Julien",
    "Camille", "Karim", "Émilie", "Hugo", "Sarah", "Nicolas", "Léa", "Rachid", "Manon", "Antoine",
]  # fmt: skip
SURNAMES = [
    "Martin", "Benali", "Muller", "Schneider", "Haddad", "Meyer", "Klein", "Bouaziz", "Wagner", "Fischer", "Weber",
    "Roth", "Mansouri", "Hoffmann", "Keller", "Ziegler", "Becker", "Lang", "Amrani", "Schmitt", "Fuchs",
]  # fmt: skip


def email(login):
    return f"{login}@{DOMAIN}"


def accounts_summary():
    return [(email(login), PASSWORD, role) for login, _, _, role in ACCOUNTS]


def present():
    return User.objects.filter(email=email("demandeur")).exists()


def _user(login, first_name, last_name, **extra):
    return User.objects.create_user(
        email=email(login),
        password=PASSWORD,
        first_name=first_name,
        last_name=last_name,
        email_verified_at=timezone.now(),
        **extra,
    )


def _setting():
    metz = Commune.objects.get(code="57463")
    region = Region.objects.get(code=REGION)
    welder = RomeCode.objects.get(code="H2913")
    company, _ = Company.objects.get_or_create(
        siret="73282932000074",
        defaults={"name": "Ateliers Schmitt", "commune": metz, "address": "12 rue des Forges"},
    )
    organisation, _ = TrainingOrganisation.objects.get_or_create(
        siret="13002975410003",
        defaults={"name": "GRETA Lorraine Nord", "commune": metz, "address": "2 rue Paul Lafargue"},
    )
    training = Training.objects.create(
        organisation=organisation,
        title="Titre professionnel soudeur assembleur industriel",
        certification_code="RNCP35474",
        entry_level=0,
        exit_level=3,
        external_id="parcours-demo-training",
    )
    training.rome_codes.set([welder])
    today = timezone.localdate()
    sessions = [
        TrainingSession.objects.create(
            training=training,
            commune=metz,
            start_date=today + datetime.timedelta(days=45 + 30 * n),
            end_date=today + datetime.timedelta(days=45 + 30 * n + 150),
            funding_region=region,
            funding_confirmation=FundingConfirmation.FEED,
            funded_places=30,
            recruitment_open=True,
            external_id=f"parcours-demo-session-{n}",
        )
        for n in range(2)
    ]
    offers = [
        JobOffer.objects.create(
            company=company,
            title=title,
            rome=welder,
            commune=metz,
            address="12 rue des Forges",
            description="Atelier de chaudronnerie : soudage TIG et MIG de pièces inox et acier.",
            contract_type="cdi",
            status=OfferStatus.PUBLISHED,
            source=OfferSource.IMPORT,
            external_id=f"parcours-demo-offer-{n}",
        )
        for n, title in enumerate(["Soudeur / Soudeuse TIG H/F", "Soudeur / Soudeuse MIG H/F"])
    ]
    return metz, region, company, organisation, sessions, offers


IMMERSION = {
    "place": "Ateliers Schmitt, 12 rue des Forges, Metz",
    "objective": "recruit",
    "activities": "Préparation des pièces, pointage, soudage TIG sous le contrôle du tuteur.",
    "skills": "Lecture de plan, soudage TIG, respect des consignes de sécurité.",
    "risks": "Rayonnement et fumées de soudage : équipements de protection fournis, poste ventilé.",
    "tutor_name": "Jean Muller",
    "tutor_role": "Chef d'atelier",
    "tutor_email": f"tuteur@{DOMAIN}",
    "tutor_phone": "03 87 00 00 00",
    "schedule": {
        d: [["08:30", "12:00"], ["13:30", "16:30"]]
        for d in ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]
    },
}


def _advance(target, candidature, people, sessions):
    """Walk one candidature along the path until `target` (the services check every step)."""
    seeker, company, trainer, adviser, staff = people
    order = STATES
    exits = {
        "refused",
        "withdrawn",
        "cancelled",
        "expired",
        "training_abandoned",
        "commitment_broken",
        "not_hired",
    }
    stop_before = {
        "refused": "under_review", "withdrawn": "meeting_planned", "cancelled": "immersion_proposed",
        "expired": "sent", "training_abandoned": "enrolled", "commitment_broken": "enrolment_requested",
        "not_hired": "training_completed",
    }[target] if target in exits else target  # fmt: skip
    today = timezone.localdate()

    def reached(state):
        return order.index(stop_before) >= order.index(state)

    if reached("under_review"):
        application.open_candidature(candidature, company)
        when = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) + datetime.timedelta(days=3)
        meetings.propose_meeting(
            candidature,
            company,
            [
                {
                    "starts_at": when,
                    "duration_minutes": 45,
                    "place": "12 rue des Forges, Metz",
                    "video_link": "",
                },
                {
                    "starts_at": when + datetime.timedelta(days=1, hours=4),
                    "duration_minutes": 45,
                    "place": "",
                    "video_link": "https://webconf.numerique.gouv.fr/demo",
                },
            ],
        )
    if reached("meeting_planned"):
        meetings.choose_slot(candidature, seeker, candidature.pending_slots[0].pk)
    if reached("immersion_proposed"):
        start = today + datetime.timedelta(days=7)
        immersion.propose_immersion(
            candidature,
            company,
            {**IMMERSION, "start_date": start, "end_date": start + datetime.timedelta(days=4)},
        )
        immersion.sign_convention(candidature, "company", company.full_name, company)
    if reached("convention_signed"):
        immersion.sign_convention(candidature, "beneficiary", seeker.full_name, seeker)
        immersion.sign_convention(candidature, "tutor", "Jean Muller", None)
    if reached("immersion_validated"):
        immersion.validate_immersion(candidature, adviser)
    if reached("immersion_done"):
        # The immersion took place last month.
        _backdate(candidature.current_convention, today - datetime.timedelta(days=30))
        immersion.record_assessment(
            candidature,
            company,
            {
                "outcome": "completed",
                "skills_observed": "Soudures TIG régulières, ponctuel, à l'écoute.",
                "recommends_hiring_promise": True,
                "comment": "",
            },
        )
        immersion.give_feedback(candidature, seeker, "Très bon accueil, j'ai appris beaucoup en cinq jours.")
    session = sessions[0]
    if reached("commitment_proposed"):
        commitment.propose_commitment(
            candidature,
            company,
            {
                "session": session,
                "job_title": candidature.offer.title,
                "workplace": "12 rue des Forges, Metz",
                "contract_type": "cdi",
                "contract_duration_months": None,
                "weekly_hours": Decimal(35),
                "gross_monthly_salary": Decimal("2150.00"),
                "planned_start_date": session.end_date + datetime.timedelta(days=7),
                "certification_required": True,
            },
        )
        commitment.sign_commitment(candidature, "company", company.full_name, company)
    if reached("commitment_signed"):
        commitment.sign_commitment(candidature, "beneficiary", seeker.full_name, seeker)
        if target == "commitment_signed":
            training.refuse_enrolment(candidature, trainer, "Prérequis de sécurité à valider avant l'entrée.")
    if reached("enrolled"):
        training.accept_enrolment(candidature, trainer)
    if reached("in_training"):
        # Each step is declared on its day: the path's own session is moved into the past, long enough ago
        # for the steps reached (a hire six months ago, so that the first follow-up is out).
        ago = 420 if reached("hired") else 200 if reached("training_completed") else 30
        session = _session_in_the_past(candidature, session, today - datetime.timedelta(days=ago))
        training.confirm_entry(
            candidature,
            trainer,
            session.start_date,
            session.start_date + datetime.timedelta(days=60),
            session.start_date + datetime.timedelta(days=80),
        )
    if reached("training_completed"):
        training.complete_training(candidature, trainer, min(session.end_date, today), True)
    if reached("hired"):
        hired_on = session.end_date + datetime.timedelta(days=10)
        hiring.confirm_hiring(candidature, company, hired_on, "cdi", None, Decimal(35))
    if target in exits:
        reason = f"Démonstration : parcours arrêté ({target})."
        {
            "refused": lambda: application.refuse(
                candidature, company, "position_filled", "Le poste a été pourvu en interne."
            ),
            "withdrawn": lambda: application.withdraw(
                candidature, seeker, "J'ai trouvé un emploi plus près de chez moi."
            ),
            "cancelled": lambda: application.cancel(
                candidature, staff, "Doublon avec une autre candidature."
            ),
            "expired": lambda: application.expire(candidature),
            "training_abandoned": lambda: training.abandon_training(candidature, seeker, "Déménagement."),
            "commitment_broken": lambda: commitment.break_commitment(candidature, company, reason),
            "not_hired": lambda: hiring.not_hired(candidature, seeker, "L'entreprise a fermé son atelier."),
        }[target]()


def _session_in_the_past(candidature, session, start):
    """Demo data only: a copy of the session for this path, started on `start` (180 days long), with the
    commitment that names it moved and fingerprinted again with its signatures (see _backdate)."""
    copy = TrainingSession.objects.get(pk=session.pk)
    length = datetime.timedelta(days=180)
    copy.pk, copy.external_id, copy.enrolled_count = None, "", 1
    copy.start_date, copy.end_date = start, start + length
    copy.save()
    TrainingSession.objects.filter(pk=session.pk, enrolled_count__gt=0).update(
        enrolled_count=F("enrolled_count") - 1
    )
    Enrolment.objects.filter(candidature=candidature).update(session=copy)
    promise = candidature.current_commitment
    promise.session = copy
    promise.session_start_date, promise.session_end_date = copy.start_date, copy.end_date
    promise.planned_start_date = copy.end_date + datetime.timedelta(days=10)
    promise.created_at = timezone.make_aware(datetime.datetime.combine(start, datetime.time(10))) - length
    promise.freeze()
    Commitment.objects.filter(pk=promise.pk).update(
        session=copy,
        session_start_date=promise.session_start_date,
        session_end_date=promise.session_end_date,
        planned_start_date=promise.planned_start_date,
        created_at=promise.created_at,
        content_hash=promise.content_hash,
    )
    promise.signatures.update(content_hash=promise.content_hash, signed_at=promise.created_at)
    return copy


def _backdate(convention, start):
    """Demo data only: move a signed convention into the past as if it had been issued and signed then.

    The services refuse an immersion that starts in the past, so the demo shifts the dates afterwards and
    fingerprints the document again, with its signatures, so that its PDF verifies like a real one.
    """
    shift = convention.start_date - start
    convention.start_date, convention.end_date = start, convention.end_date - shift
    convention.created_at -= shift + datetime.timedelta(days=7)
    convention.freeze()
    ImmersionConvention.objects.filter(pk=convention.pk).update(
        start_date=convention.start_date,
        end_date=convention.end_date,
        created_at=convention.created_at,
        content_hash=convention.content_hash,
    )
    for signature in convention.signatures.all():
        type(signature).objects.filter(pk=signature.pk).update(
            content_hash=convention.content_hash, signed_at=convention.created_at + datetime.timedelta(days=1)
        )


def load():
    """Create the demo accounts and one candidature per state. Returns the number of candidatures."""
    if present():
        return 0
    with transaction.atomic():
        metz, region, company, organisation, sessions, offers = _setting()
        france_travail, _ = PrescriberOrganisation.objects.get_or_create(
            name="France Travail Metz", region=region, defaults={"kind": "france_travail", "commune": metz}
        )
        amelie = _user("demandeur", "Amélie", "Martin")
        bruno = _user("entreprise", "Bruno", "Schmitt")
        chloe = _user("organisme", "Chloé", "Weber")
        david = _user("prescripteur", "David", "Klein")
        elise = _user("region", "Élise", "Roth")
        _user("admin", "Ada", "Admin", is_staff=True, is_superuser=True)
        CompanyMembership.objects.create(user=bruno, company=company, is_admin=True)
        TrainingOrganisationMembership.objects.create(user=chloe, organisation=organisation, is_admin=True)
        PrescriberMembership.objects.create(user=david, organisation=france_travail, is_admin=True)
        RegionMembership.objects.create(
            user=elise, region=region, is_admin=True, is_data_protection_contact=True
        )
    count = 0
    for n, target in enumerate(STATES):
        with transaction.atomic():
            if n == 0:
                seeker = amelie
            else:
                seeker = _user(f"personne-{target.replace('_', '-')}", FIRST_NAMES[n], SURNAMES[n])
            JobSeekerProfile.objects.create(
                user=seeker,
                birth_date=datetime.date(1985 + n % 15, 1 + n % 12, 1 + n % 27),
                commune=metz,
                mobility_radius_km=30,
                education_level=3,
                situation="france_travail",
                prescriber_organisation=france_travail,
            )
            offer = offers[n % 2]
            candidature = application.apply(
                offer, seeker, seeker, "Bonjour, je soude depuis deux ans et je voudrais me former au TIG."
            )
            _advance(target, candidature, (seeker, bruno, chloe, david, elise), sessions)
            count += 1
    with transaction.atomic():
        hiring.send_follow_ups()  # the hired person's six-month questions go out
        answered = FollowUp.objects.filter(respondent="company", sent_at__isnull=False).first()
        if answered:
            FollowUp.objects.filter(pk=answered.pk).update(
                answered_at=timezone.now(), still_in_post=True, same_company=True, contract_now="cdi"
            )
    return count
