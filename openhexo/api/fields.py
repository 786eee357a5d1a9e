"""Resource fields that read request bodies the way Hexoskin clients write them.

Numbers may come as floats or numeric strings (the official client sends `time() * 256`),
related objects as an id, a URI, an email (users) or a nested object carrying its
`resource_uri`; anything else is a 400 that names the field. Related objects are looked up
through the related resource, so a body can only point at objects its caller may see.
"""

import contextlib
import math
import re
from datetime import UTC, date, datetime

from django.db.models import Model
from tastypie import fields
from tastypie.bundle import Bundle
from tastypie.exceptions import ApiFieldError, NotFound

from openhexo.records.timestamps import INT64_MAX

from .prefix import current_prefix

FLOAT_MAX = 1e300


def _wrong(field: fields.ApiField, value, expected: str) -> ApiFieldError:
    shown = repr(value) if len(repr(value)) < 80 else repr(value)[:77] + "..."
    return ApiFieldError(f"The '{field.instance_name}' field expects {expected}, got {shown}.")


def _finite(value: int | float) -> bool:
    return isinstance(value, int) or math.isfinite(value)


def _number(text: str) -> int | float | None:
    """A number written as text, integers exactly (past 2**53 floats would round them)."""
    text = text.strip()
    if not text.isascii() or len(text) > 40:
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return None


class CleaningField:
    """Mixin: run `clean` on every value a body provides."""

    def hydrate(self, bundle):
        value = super().hydrate(bundle)
        return None if value is None else self.clean(value)

    def clean(self, value):
        return value


class IntegerField(CleaningField, fields.IntegerField):
    minimum, maximum = -INT64_MAX - 1, INT64_MAX

    def clean(self, value) -> int:
        number = _number(value) if isinstance(value, str) else value
        if isinstance(number, bool) or not isinstance(number, int | float) or not _finite(number):
            raise _wrong(self, value, "an integer")
        number = round(number)
        if not self.minimum <= number <= self.maximum:
            raise _wrong(self, value, f"an integer from {self.minimum} to {self.maximum}")
        return number


class TimestampField(IntegerField):
    """A HexoTimestamp: any int64 tick count is valid, far future included."""

    help_text = "HexoTimestamp: ticks of 1/256 s since 1970-01-01T00:00:00Z."


class FloatField(CleaningField, fields.FloatField):
    def clean(self, value) -> float:
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = float(value)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _wrong(self, value, "a number")
        if not _finite(value) or abs(value) > FLOAT_MAX:
            raise _wrong(self, value, "a finite number")
        return float(value)


class CharField(CleaningField, fields.CharField):
    def __init__(self, *args, max_length: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_length = max_length

    def clean(self, value) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise _wrong(self, value, "a string")
        if "\x00" in value:
            raise ApiFieldError(f"The '{self.instance_name}' field contains a NUL character.")
        if self.max_length is not None and len(value) > self.max_length:
            raise ApiFieldError(
                f"The '{self.instance_name}' field is longer than {self.max_length} characters."
            )
        return value


class BooleanField(CleaningField, fields.BooleanField):
    WORDS = {"true": True, "1": True, "false": False, "0": False}

    def clean(self, value) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, int | str) and str(value).lower() in self.WORDS:
            return self.WORDS[str(value).lower()]
        raise _wrong(self, value, "true or false")


class DateField(CleaningField, fields.ApiField):
    """A calendar date, `YYYY-MM-DD` both ways (no guessing from other formats)."""

    dehydrated_type = "date"
    help_text = "A date as YYYY-MM-DD."

    def convert(self, value):
        return None if value is None else value.isoformat()

    def clean(self, value) -> date:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value  # the stored value, laid under a PATCH
        if isinstance(value, str):
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                pass
        raise _wrong(self, value, "a date as YYYY-MM-DD")


class JSONField(CleaningField, fields.ApiField):
    """Free-form JSON (preferences, metadata); the schema calls these strings."""

    dehydrated_type = "string"
    help_text = "Free-form JSON data."
    max_bytes = 64 * 1024

    def clean(self, value):
        if "\\x00" in repr(value):
            raise ApiFieldError(f"The '{self.instance_name}' field contains a NUL character.")
        if len(repr(value)) > self.max_bytes:
            raise ApiFieldError(f"The '{self.instance_name}' field is too large.")
        return value


class DateTimeField(fields.DateTimeField):
    """An instant the server keeps (created, last_modified...), rendered as Hexoskin does:
    whole seconds and `+00:00`. Bodies never set it, whatever the schema flags say."""

    def convert(self, value):
        return None if value is None else value.replace(microsecond=0).isoformat()

    def hydrate(self, bundle):
        return None


class NaiveDateTimeField(CleaningField, fields.ApiField):
    """`2014-08-29T09:25:15`: an instant in UTC without a suffix, as trackpoint `time`.

    Accepts ISO 8601 with or without an offset (naive means UTC)."""

    dehydrated_type = "datetime"
    help_text = "A UTC date and time as YYYY-MM-DDTHH:MM:SS."

    def convert(self, value):
        return None if value is None else value.astimezone(UTC).replace(tzinfo=None).isoformat()

    def clean(self, value) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            moment = datetime.fromisoformat(value)
            return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        except (TypeError, ValueError, OverflowError):
            raise _wrong(self, value, "a date and time as YYYY-MM-DDTHH:MM:SS") from None


def uri_id(value: str, resource_name: str) -> str | None:
    """The id in `/api/<resource_name>/<id>/` (any prefix or host), or None."""
    match = re.search(rf"/{re.escape(resource_name)}/([^/?#]+)/?$", value.split("?")[0])
    return match.group(1) if match else None


class RelatedMixin:
    """Resolve references in bodies through the related resource's visible objects."""

    def reference_id(self, value, related_resource):
        if isinstance(value, dict):
            value = value.get("resource_uri") or value.get("id")
        if isinstance(value, bool) or value is None:
            raise _wrong(self, value, "an id or a URI")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.strip():
            value = value.strip()
            if "/" not in value:
                return value
            found = uri_id(value, related_resource._meta.resource_name)
            if found is not None:
                return found
        raise _wrong(self, value, f"an id or a /{related_resource._meta.resource_name}/ URI")

    def build_related_resource(self, value, request=None, related_obj=None, related_name=None):
        if isinstance(value, Bundle):
            return value
        if isinstance(value, Model):
            return Bundle(obj=value, request=request)  # the stored object, kept by a PUT
        related_resource = self.to_class()
        reference = self.reference_id(value, related_resource)
        try:
            obj = related_resource.obj_for_reference(reference, request)
        except (NotFound, related_resource._meta.object_class.DoesNotExist, ValueError) as error:
            raise ApiFieldError(
                f"Could not find the provided {related_resource._meta.resource_name} object "
                f"for the '{self.instance_name}' field: {value!r}."
            ) from error
        return Bundle(obj=obj, request=request)


class ToOneField(RelatedMixin, fields.ToOneField):
    def dehydrate(self, bundle, for_list=True):
        related_resource = self.to_class()
        if self.full or not isinstance(self.attribute, str) or "__" in self.attribute:
            return super().dehydrate(bundle, for_list=for_list)
        attname = f"{self.attribute}_id"
        if related_resource._meta.detail_uri_name == "pk" and hasattr(type(bundle.obj), attname):
            # The id is on the row already: no query for the related object.
            pk = getattr(bundle.obj, attname)
            if pk is None:
                return self._none_or_error(bundle)
            return f"{current_prefix()}{related_resource._meta.resource_name}/{pk}/"
        return super().dehydrate(bundle, for_list=for_list)

    def _none_or_error(self, bundle):
        if not self.null:
            raise ApiFieldError(f"'{self.instance_name}' is empty on {bundle.obj!r}.")
        return None


class ToManyField(RelatedMixin, fields.ToManyField):
    pass


class IdField(fields.IntegerField):
    """The primary key: rendered, never taken from a body (whatever the schema flags say)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("readonly", True)
        super().__init__(attribute="id", unique=True, **kwargs)

    def hydrate(self, bundle):
        return None


class GeometryField(CleaningField, fields.ApiField):
    """A point as [longitude, latitude] (GeoJSON Point objects are accepted too)."""

    dehydrated_type = "geometry"
    help_text = "A position as [longitude, latitude] in degrees."

    def clean(self, value) -> tuple[float, float]:
        if isinstance(value, dict) and value.get("type") == "Point":
            value = value.get("coordinates")
        if not isinstance(value, list | tuple) or len(value) < 2:
            raise _wrong(self, value, "[longitude, latitude]")
        lon, lat = (FloatField.clean(self, part) for part in value[:2])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise _wrong(self, value, "a longitude within ±180 and a latitude within ±90")
        return lon, lat


class ValueField(fields.ApiField):
    """A read-only computed value (attribute-less); `compute(bundle)` on the resource fills it."""

    def __init__(self, type_name: str = "string", related_type: str | None = None, **kwargs):
        kwargs.setdefault("readonly", True)
        super().__init__(attribute=None, **kwargs)
        self.dehydrated_type = type_name
        self.related_type = related_type
