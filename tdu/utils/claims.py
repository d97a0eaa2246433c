"""Idempotent periodic jobs: a row is claimed (an empty timestamp set by a conditional UPDATE) before anything is
sent for it, so that running a job twice, or twice at once on two workers, acts once."""

from django.db import transaction


def claim(model, pk, field, when) -> bool:
    """Set the nullable timestamp `field` of one row to `when` if it is still empty; True for the one winner."""
    return model.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(**{field: when}) == 1


def claim_each(rows, field, when, act) -> int:
    """For each row still unclaimed, claim it and call `act(row)` in the same transaction; the count acted on."""
    count = 0
    for row in rows:
        with transaction.atomic():
            if claim(type(row), row.pk, field, when):
                act(row)
                count += 1
    return count
