"""Who may see what in the organisation spaces: declared once per object type.

Every view fetches its objects through these querysets, so an object outside the person's rights is simply
not found (404). Rights come from memberships only: staff use the administration.
"""

from tdu.accounts.models import JobSeekerProfile
from tdu.candidatures.models import Candidature
from tdu.companies.models import Company
from tdu.offers.models import JobOffer
from tdu.organisations.models import PrescriberOrganisation
from tdu.references.models import Region
from tdu.trainings.models import Training, TrainingOrganisation, TrainingSession


def _member(user):
    return user is not None and user.is_authenticated


def companies_of(user):
    if not _member(user):
        return Company.objects.none()
    return Company.objects.filter(memberships__user=user)


def offers_of(user):
    return JobOffer.objects.filter(company__in=companies_of(user))


def training_organisations_of(user):
    if not _member(user):
        return TrainingOrganisation.objects.none()
    return TrainingOrganisation.objects.filter(memberships__user=user)


def trainings_of(user):
    return Training.objects.filter(organisation__in=training_organisations_of(user))


def sessions_of(user):
    return TrainingSession.objects.filter(training__organisation__in=training_organisations_of(user))


def prescriber_organisations_of(user):
    if not _member(user):
        return PrescriberOrganisation.objects.none()
    return PrescriberOrganisation.objects.filter(memberships__user=user)


def followed_job_seekers_of(user):
    """Profiles of the job seekers followed by one of the person's prescriber organisations."""
    return JobSeekerProfile.objects.filter(prescriber_organisation__in=prescriber_organisations_of(user))


def regions_of(user):
    if not _member(user):
        return Region.objects.none()
    return Region.objects.filter(memberships__user=user)


def region_candidatures_of(user):
    """Candidatures whose offer lies in one of the person's regions."""
    return Candidature.objects.filter(offer__commune__department__region__in=regions_of(user))
