"""Finding and deleting, in batches, what generate_catalogue wrote with a given seed."""

from array import array
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.db.models import signals
from django.db.models.functions import Substr

from tdu.companies.models import Company
from tdu.demo.catalogue import external_prefix
from tdu.demo.identifiers import CATALOGUE_COMPANY_PREFIX, CATALOGUE_ORGANISATION_PREFIX, catalogue_nic_body
from tdu.offers.enums import OfferSource
from tdu.offers.models import JobOffer
from tdu.trainings.models import Training, TrainingOrganisation, TrainingSession


def seed_offers(seed: int):
    return JobOffer.objects.filter(source=OfferSource.IMPORT, external_id__startswith=external_prefix(seed))


def seed_sessions(seed: int):
    return TrainingSession.objects.filter(external_id__startswith=external_prefix(seed))


def seed_trainings(seed: int):
    return Training.objects.filter(external_id__startswith=external_prefix(seed))


def _by_siret(model, prefix: str, seed: int):
    """Rows whose SIRET has the generator's shape for this seed: prefix, 7 digits, key, seed, key."""
    return model.objects.annotate(_nic=Substr("siret", 10, 4)).filter(
        siret__startswith=prefix, _nic=catalogue_nic_body(seed)
    )


def seed_companies(seed: int):
    return _by_siret(Company, CATALOGUE_COMPANY_PREFIX, seed)


def seed_organisations(seed: int):
    return _by_siret(TrainingOrganisation, CATALOGUE_ORGANISATION_PREFIX, seed)


@dataclass
class SeedRows:
    offers: int
    sessions: int
    trainings: int
    companies: int
    organisations: int

    @classmethod
    def count(cls, seed: int) -> "SeedRows":
        return cls(
            offers=seed_offers(seed).count(),
            sessions=seed_sessions(seed).count(),
            trainings=seed_trainings(seed).count(),
            companies=seed_companies(seed).count(),
            organisations=seed_organisations(seed).count(),
        )

    def __bool__(self):
        return any((self.offers, self.sessions, self.trainings, self.companies, self.organisations))

    def __str__(self):
        return (
            f"{self.offers} offres, {self.companies} entreprises, {self.sessions} sessions, "
            f"{self.trainings} formations, {self.organisations} organismes"
        )


def _relations(model):
    """Foreign keys of other models pointing to `model` (hidden ones included), as Django's collector sees them."""
    return [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if f.auto_created
        and not f.concrete
        and (f.one_to_one or f.one_to_many)
        and f.field.remote_field.on_delete is not models.DO_NOTHING
    ]


def blocking_references(seed: int) -> list[str]:
    """Names of the models whose rows protect this seed's rows from deletion (candidatures…)."""
    found = set()
    for queryset in (seed_offers(seed), seed_sessions(seed), seed_trainings(seed), seed_companies(seed)):
        for relation in _relations(queryset.model):
            if relation.field.remote_field.on_delete not in (models.PROTECT, models.RESTRICT):
                continue
            related = relation.related_model._base_manager.filter(
                **{f"{relation.field.name}__in": queryset.values("pk")}
            )
            if related.exists():
                found.add(str(relation.related_model._meta.verbose_name_plural))
    return sorted(found)


def delete_rows(model, ids: list) -> None:
    """Delete the rows `ids` of `model` with one DELETE, after deleting their cascading children.

    Anything else pointing to them (PROTECT, SET_NULL…) or delete signals: Django's collector decides,
    as for any queryset.delete() (PROTECT raises ProtectedError).
    """
    if signals.pre_delete.has_listeners(model) or signals.post_delete.has_listeners(model):
        model._base_manager.filter(pk__in=ids).delete()
        return
    for relation in _relations(model):
        children = relation.related_model._base_manager.filter(**{f"{relation.field.attname}__in": ids})
        if relation.field.remote_field.on_delete is models.CASCADE:
            children.delete()
        elif children.exists():
            model._base_manager.filter(pk__in=ids).delete()
            return
    quote = connection.ops.quote_name
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} IN ({placeholders})",
            ids,
        )


def delete_in_batches(queryset, batch_size: int, bar=None) -> int:
    """Delete the rows of `queryset`, `batch_size` at a time, one transaction each.

    The primary keys are read first in one pass (8 bytes each): filtering again for every batch would
    scan the table each time, as `external_id LIKE 'gen-1-%'` cannot use an index on every database.
    """
    model = queryset.model
    ids = array("q", queryset.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=batch_size))
    # Stay below the backend's limit of query parameters (999 for Django on SQLite).
    step = min(batch_size, connection.features.max_query_params or batch_size)
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size].tolist()
        with transaction.atomic():
            for first in range(0, len(batch), step):
                delete_rows(model, batch[first : first + step])
        if bar is not None:
            bar.update(len(batch))
    return len(ids)


def delete_seed(seed: int, batch_size: int, progress) -> SeedRows:
    """Offers, sessions (with their internship periods), trainings, then the companies and organisations
    of this seed that nothing else uses any more."""
    present = SeedRows.count(seed)
    steps = [
        ("offers", seed_offers(seed), present.offers, "Suppression des offres"),
        ("sessions", seed_sessions(seed), present.sessions, "Suppression des sessions"),
        ("trainings", seed_trainings(seed), present.trainings, "Suppression des formations"),
        (
            "companies",
            seed_companies(seed).filter(offers__isnull=True),
            present.companies,
            "Suppression des entreprises",
        ),
        (
            "organisations",
            seed_organisations(seed).filter(trainings__isnull=True),
            present.organisations,
            "Suppression des organismes",
        ),
    ]
    deleted = {}
    for key, queryset, total, desc in steps:
        bar = progress(total=total, desc=desc)
        try:
            deleted[key] = delete_in_batches(queryset, batch_size, bar)
        finally:
            bar.close()
    return SeedRows(**deleted)
