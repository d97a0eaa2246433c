"""What a figure is about: the country or a region, narrowed by the dashboard's filters.

Each filter means one thing on each base: the department of a candidature is its offer's, the department of a
session is its place's; the year is the candidature's for the funnel, the end of training for the cohorts and
the start of the session for the places (tdu.stats.indicators says which, per indicator).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from tdu.references.models import EmploymentArea, Region
from tdu.stats.models import OfferCount, PathRecord
from tdu.trainings.models import Training, TrainingSession


@dataclass(frozen=True)
class Scope:
    region: Region | None = None  # None: the whole country
    year: int | None = None
    department: str | None = None  # INSEE code
    area: EmploymentArea | None = None
    domain: str | None = None  # a ROME letter (« H ») or professional domain (« H29 »)
    organisation_id: int | None = None
    session_id: int | None = None
    company_id: int | None = None

    FILTERS = ("year", "department", "area", "domain", "organisation_id", "session_id", "company_id")

    @property
    def is_default(self) -> bool:
        """No filter: the figures of the job's snapshot."""
        return all(getattr(self, name) is None for name in self.FILTERS)

    @property
    def key(self) -> str:
        return self.region.code if self.region else "FR"

    @property
    def attributes_sessions(self) -> bool:
        """Filters on the training side cannot say which offers of the territory are concerned."""
        return self.organisation_id is None and self.session_id is None and self.company_id is None

    # --- The candidatures (their records) ----------------------------------------------------------------

    def records(self):
        """Every record of the scope, whatever its dates."""
        records = PathRecord.objects.all()
        if self.region is not None:
            records = records.filter(region=self.region)
        if self.department:
            records = records.filter(department_id=self.department)
        if self.area is not None:
            records = records.filter(commune__in=self.area.communes.all())
        if self.domain:
            records = records.filter(rome_code__startswith=self.domain)
        if self.organisation_id:
            records = records.filter(training_organisation_id=self.organisation_id)
        if self.session_id:
            records = records.filter(session_id=self.session_id)
        if self.company_id:
            records = records.filter(company_id=self.company_id)
        return records

    def period_records(self):
        """Candidatures made in the year (all of them without a year)."""
        if self.year is None:
            return self.records()
        return self.records().filter(
            applied_on__gte=datetime.date(self.year, 1, 1), applied_on__lte=datetime.date(self.year, 12, 31)
        )

    def cohort_records(self):
        """People whose training ended, in the year's cohorts (every cohort without a year)."""
        if self.year is None:
            return self.records().filter(cohort__gt=0)
        return self.records().filter(cohort__gte=self.year * 10 + 1, cohort__lte=self.year * 10 + 4)

    # --- The sessions and the offers -----------------------------------------------------------------------

    def sessions(self):
        sessions = TrainingSession.objects.funded()
        if self.region is not None:
            sessions = sessions.filter(funding_region=self.region)
        if self.department:
            sessions = sessions.filter(commune__department_id=self.department)
        if self.area is not None:
            sessions = sessions.filter(commune__in=self.area.communes.all())
        if self.domain:
            prepares = Training.rome_codes.through.objects.filter(
                training_id=OuterRef("training_id"), romecode__code__startswith=self.domain
            )
            sessions = sessions.filter(Exists(prepares))
        if self.organisation_id:
            sessions = sessions.filter(training__organisation_id=self.organisation_id)
        if self.session_id:
            sessions = sessions.filter(pk=self.session_id)
        if self.company_id:
            sessions = sessions.filter(pk__in=self.records().exclude(session=None).values("session_id"))
        if self.year is not None:
            sessions = sessions.filter(start_date__year=self.year)
        return sessions

    def offer_counts(self):
        counts = OfferCount.objects.all()
        if self.region is not None:
            counts = counts.filter(region=self.region)
        if self.department:
            counts = counts.filter(department_id=self.department)
        if self.area is not None:
            counts = counts.filter(commune__in=self.area.communes.all())
        if self.domain:
            counts = counts.filter(rome_code__startswith=self.domain)
        return counts

    def query(self) -> dict:
        """The filters as the dashboard's query string names them (for links and exports)."""
        values = {
            "annee": self.year,
            "departement": self.department,
            "bassin": self.area.pk if self.area else None,
            "domaine": self.domain,
            "organisme": self.organisation_id,
            "session": self.session_id,
        }
        return {name: value for name, value in values.items() if value is not None}
