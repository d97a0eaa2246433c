"""Factories named after business situations. Communes are real: taken from the shipped reference file."""

import datetime
import functools
import itertools

import factory
from django.utils import timezone

from tdu.companies.models import Company
from tdu.offers.enums import ContractType, OfferStatus
from tdu.offers.models import JobOffer
from tdu.references.loaders import read_csv
from tdu.references.models import Commune, Department, Region, RomeCode
from tdu.trainings.models import Training, TrainingOrganisation, TrainingSession
from tdu.utils.text import search_key

METZ, NANCY, STRASBOURG, REIMS, THIONVILLE, WOIPPY = "57463", "54395", "67482", "51454", "57672", "57751"


@functools.cache
def _reference_rows():
    communes = {r["code"]: r for r in read_csv("communes.csv.gz")}
    departments = {r["code"]: r for r in read_csv("departements.csv")}
    regions = {r["code"]: r for r in read_csv("regions.csv")}
    return communes, departments, regions


def real_region(code="44"):
    _, _, regions = _reference_rows()
    region, _ = Region.objects.get_or_create(
        code=code, defaults={"name": regions[code]["nom"], "is_deployed": code == "44"}
    )
    return region


def real_commune(code=METZ):
    """The real commune (name, postal codes, coordinates), with its department and region."""
    existing = Commune.objects.filter(code=code).first()
    if existing:
        return existing
    communes, departments, _ = _reference_rows()
    row = communes[code]
    department, _ = Department.objects.get_or_create(
        code=row["departement"],
        defaults={"name": departments[row["departement"]]["nom"], "region": real_region(row["region"])},
    )
    return Commune.objects.create(
        code=code,
        name=row["nom"],
        kind=row["type"],
        department=department,
        postal_codes=row["codes_postaux"].replace("|", " "),
        population=int(row["population"]),
        latitude=float(row["lat"]),
        longitude=float(row["lon"]),
        search_name=search_key(row["nom"]),
    )


def rome(code="H2913", label="Soudeur / Soudeuse"):
    return RomeCode.objects.get_or_create(code=code, defaults={"label": label})[0]


def luhn_complete(digits: str) -> str:
    """Append the Luhn check digit."""
    total = 0
    for i, ch in enumerate(reversed(digits + "0")):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return digits + str((10 - total % 10) % 10)


_siret_counter = itertools.count(1)


def valid_siret() -> str:
    """A fresh SIRET whose 14 digits pass the Luhn check (and whose SIREN does too)."""
    n = next(_siret_counter)
    siren = luhn_complete(f"{800000000 + n:09d}"[:8])
    return luhn_complete(siren + f"{n % 10000:04d}")


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    siret = factory.LazyFunction(valid_siret)
    name = factory.Sequence(lambda n: f"Ateliers Schmitt {n}")
    address = factory.Sequence(lambda n: f"{n + 1} rue des Forges")
    commune = factory.LazyFunction(lambda: real_commune(METZ))


class OfferFactory(factory.django.DjangoModelFactory):
    """A CDI in Metz, published yesterday, for a welder. Traits: `draft`, `expired`."""

    class Meta:
        model = JobOffer

    class Params:
        draft = factory.Trait(status=OfferStatus.DRAFT, published_at=None)
        expired = factory.Trait(
            expires_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
        )

    company = factory.SubFactory(CompanyFactory)
    title = "Soudeur / Soudeuse TIG H/F"
    rome = factory.LazyFunction(rome)
    commune = factory.LazyFunction(lambda: real_commune(METZ))
    contract_type = ContractType.CDI
    status = OfferStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingOrganisation

    siret = factory.LazyFunction(valid_siret)
    name = factory.Sequence(lambda n: f"GRETA Lorraine Nord {n}")
    commune = factory.LazyFunction(lambda: real_commune(METZ))


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = "Titre professionnel soudeur assembleur industriel"
    certification_code = "RNCP35474"

    @factory.post_generation
    def rome_codes(self, create, extracted, **kwargs):
        self.rome_codes.set(extracted if extracted is not None else [rome()])


class FundedSessionFactory(factory.django.DjangoModelFactory):
    """Funded by Grand Est, recruiting, 12 places, starts in a month in Metz.

    Traits, after what stops a session from counting: `full`, `started` (20 days ago), `recruitment_closed`,
    `unfunded`, `funding_to_confirm` (declared by the organisation, not yet confirmed by the region).
    """

    class Meta:
        model = TrainingSession

    class Params:
        full = factory.Trait(enrolled_count=12)
        started = factory.Trait(
            start_date=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=20))
        )
        recruitment_closed = factory.Trait(recruitment_open=False)
        unfunded = factory.Trait(funding_region=None, funding_confirmation="")
        funding_to_confirm = factory.Trait(funding_confirmation="")

    training = factory.SubFactory(TrainingFactory)
    commune = factory.LazyFunction(lambda: real_commune(METZ))
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    end_date = factory.LazyAttribute(lambda s: s.start_date + datetime.timedelta(days=180))
    funding_region = factory.LazyFunction(real_region)
    funding_confirmation = "feed"
    funded_places = 12
    recruitment_open = True


# --- People: one named test user per role ---------------------------------------------------------------

PASSWORD = "un-mot-de-passe-solide-2026"


def person(email, first_name, last_name, **extra):
    from django.utils import timezone as tz

    from tdu.accounts.models import User

    user = User.objects.create_user(
        email=email,
        password=PASSWORD,
        first_name=first_name,
        last_name=last_name,
        email_verified_at=tz.now(),
        **extra,
    )
    return user


def job_seeker(
    email="amelie.martin@example.org", first_name="Amélie", last_name="Martin", commune=METZ, **profile
):
    """Amélie, looking for a job near Metz, followed by France Travail Metz when `organisation` is given."""
    from tdu.accounts.models import JobSeekerProfile

    user = person(email, first_name, last_name)
    profile.setdefault("birth_date", datetime.date(1995, 4, 12))
    profile.setdefault("address", "8 rue Serpenoise")
    JobSeekerProfile.objects.create(user=user, commune=real_commune(commune), **profile)
    return user


def company_member(
    company=None, email="bruno.schmitt@example.org", first_name="Bruno", last_name="Schmitt", is_admin=True
):
    """Bruno, who recruits for a company (its first member and administrator)."""
    from tdu.organisations.models import CompanyMembership

    user = person(email, first_name, last_name)
    CompanyMembership.objects.create(user=user, company=company or CompanyFactory(), is_admin=is_admin)
    return user


def training_member(
    organisation=None, email="chloe.weber@example.org", first_name="Chloé", last_name="Weber"
):
    """Chloé, who manages sessions at a training organisation."""
    from tdu.organisations.models import TrainingOrganisationMembership

    user = person(email, first_name, last_name)
    TrainingOrganisationMembership.objects.create(
        user=user, organisation=organisation or OrganisationFactory(), is_admin=True
    )
    return user


def prescriber_organisation(name="France Travail Metz", kind="france_travail"):
    from tdu.organisations.models import PrescriberOrganisation

    return PrescriberOrganisation.objects.create(
        name=name, kind=kind, commune=real_commune(METZ), region=real_region()
    )


def prescriber(organisation=None, email="david.klein@example.org", first_name="David", last_name="Klein"):
    """David, an adviser at France Travail Metz."""
    from tdu.organisations.models import PrescriberMembership

    user = person(email, first_name, last_name)
    PrescriberMembership.objects.create(
        user=user, organisation=organisation or prescriber_organisation(), is_admin=True
    )
    return user


def region_staff(
    region="44", email="elise.roth@example.org", first_name="Élise", last_name="Roth", data_protection=True
):
    """Élise, of the Grand Est region's team, its data protection contact unless `data_protection=False`."""
    from tdu.organisations.models import RegionMembership

    user = person(email, first_name, last_name)
    RegionMembership.objects.create(
        user=user, region=real_region(region), is_admin=True, is_data_protection_contact=data_protection
    )
    return user
