"""One canonical serialisation of a frozen document: the same bytes whether values are as typed or as saved.

A document's fingerprint and every signature of it are computed by `content_hash`, so that "35" typed in a form
and Decimal("35.0") read back from the database give the same fingerprint.
"""

import datetime
import hashlib
import json
from decimal import Decimal

from django.db import models


def canonical_value(field, value):
    """The value as the database keeps it, in a stable JSON-friendly form."""
    if value is None:
        return None
    if isinstance(field, models.DecimalField):
        exponent = Decimal(1).scaleb(-field.decimal_places)
        return format(Decimal(str(value)).quantize(exponent), "f")
    if isinstance(field, models.DateTimeField):
        moment = field.to_python(value)
        return moment.astimezone(datetime.UTC).isoformat()
    if isinstance(field, models.DateField):
        return field.to_python(value).isoformat()
    if isinstance(field, models.BooleanField):
        return bool(value)
    if isinstance(field, models.IntegerField | models.ForeignKey):
        return int(value)
    if isinstance(field, models.JSONField):
        return json.loads(json.dumps(value))
    return str(value)


def canonical_content(instance, field_names, **extra) -> bytes:
    """Sorted, compact UTF-8 JSON of the named fields (attribute names, e.g. `session_id`) plus `extra`."""
    by_attname = {field.attname: field for field in instance._meta.concrete_fields}
    content = {name: canonical_value(by_attname[name], getattr(instance, name)) for name in field_names}
    content.update(extra)
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def content_hash(instance, field_names, **extra) -> str:
    return hashlib.sha256(canonical_content(instance, field_names, **extra)).hexdigest()
