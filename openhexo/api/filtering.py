"""Query-string filters and ordering, Hexoskin style, for every resource.

Beyond stock Tastypie: related fields take an id, a URI (or an email for users), `order_by`
takes comma lists, resources may declare filters that are not fields (`Meta.filter_paths`),
aliases (`Meta.filter_aliases`, e.g. `startTimestamp`) and representation flags that filter
nothing (`Meta.flag_filters`, e.g. `include_metrics`). Every bad value is a 400 naming the
problem, never a database error.
"""

from datetime import UTC

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F
from tastypie.constants import ALL, ALL_WITH_RELATIONS
from tastypie.exceptions import InvalidFilterError, InvalidSortError
from tastypie.utils import string_to_python

LOOKUPS = {
    "exact", "iexact", "in", "gt", "gte", "lt", "lte", "range", "isnull",
    "contains", "icontains", "startswith", "istartswith", "endswith", "iendswith",
}  # fmt: skip
PARTIAL_TEXT = {"contains", "icontains", "startswith", "istartswith", "endswith", "iendswith"}
MAX_VALUES = 1000


class FilteringMixin:
    def filter_path(self, name: str) -> str | None:
        """The ORM path behind a filter or ordering name."""
        if name in self._meta.filter_paths:
            return self._meta.filter_paths[name]
        field = self.fields.get(name)
        return field.attribute if field is not None and isinstance(field.attribute, str) else None

    def build_filters(self, filters=None, ignore_bad_filters=False) -> dict:
        filters = {} if filters is None else filters
        qs_filters = {}
        for expression in list(filters.keys()):
            bits = expression.split("__")
            bits[0] = self._meta.filter_aliases.get(bits[0], bits[0])
            custom = bits[0] in self._meta.custom_filters
            if custom and bits[1:] not in ([], ["exact"]) and not ignore_bad_filters:
                raise InvalidFilterError(f"The '{bits[0]}' filter takes one value, without '__'.")
            if bits[0] in self._meta.flag_filters or bits[0] in self._meta.custom_filters:
                continue
            if bits[0] not in self._meta.filtering and bits[0] not in self.fields:
                if len(bits) > 1 and not ignore_bad_filters:  # `x__gt=` is meant as a filter
                    raise InvalidFilterError(f"'{bits[0]}' is not a filter of this resource.")
                continue  # not a filter: limit, offset, format and unknown parameters
            try:
                path, lookup, model_field, resource = self.resolve_filter(bits)
                values = self._raw_values(filters, expression, lookup)
                value = resource.convert_filter_values(bits, lookup, model_field, values)
            except InvalidFilterError:
                if ignore_bad_filters:
                    continue
                raise
            qs_filters[self._orm_key(path, lookup, model_field)] = value
        return qs_filters

    @staticmethod
    def _orm_key(path: str, lookup: str, model_field) -> str:
        # A relation compares its key: Django has no `fk__range` and joins for nothing.
        if model_field.is_relation and lookup not in ("exact", "in", "isnull"):
            return f"{path}__pk__{lookup}"
        return f"{path}__{lookup}"

    def resolve_filter(self, bits: list[str]):
        """(ORM path, lookup, model field, resource owning it) for a filter's parts."""
        name, rest = bits[0], bits[1:]
        allowed = self._meta.filtering.get(name)
        path = self.filter_path(name)
        if allowed is None or path is None:
            raise InvalidFilterError(f"The '{name}' field does not allow filtering.")
        lookup = rest.pop() if rest and rest[-1] in LOOKUPS else "exact"
        if rest:
            return self._resolve_related(name, allowed, path, rest + [lookup])
        if allowed not in (ALL, ALL_WITH_RELATIONS) and lookup not in allowed:
            raise InvalidFilterError(f"'{lookup}' is not an allowed filter on the '{name}' field.")
        return path, lookup, self._model_field(path), self

    def _resolve_related(self, name, allowed, path, rest):
        field = self.fields.get(name)
        if field is None or not getattr(field, "is_related", False):
            raise InvalidFilterError(f"'{rest[0]}' is not a filter of the '{name}' field.")
        if allowed != ALL_WITH_RELATIONS:
            raise InvalidFilterError(
                f"Lookups are not allowed more than one level deep on the '{name}' field."
            )
        sub_path, lookup, model_field, resource = field.to_class().resolve_filter(rest)
        return f"{path}__{sub_path}", lookup, model_field, resource

    def _model_field(self, path: str) -> models.Field:
        model = self._meta.object_class
        field = None
        for part in path.split("__"):
            try:
                field = model._meta.get_field(part)
            except FieldDoesNotExist as error:
                raise InvalidFilterError(f"The '{part}' field cannot be filtered.") from error
            model = field.related_model or model
        return field

    @staticmethod
    def _raw_values(filters, expression: str, lookup: str) -> list[str]:
        if lookup not in ("in", "range"):
            return [filters.get(expression, "")]
        parts = (
            filters.getlist(expression) if hasattr(filters, "getlist") else [filters[expression]]
        )
        values = [piece.strip() for part in parts for piece in str(part).split(",")]
        if len(values) > MAX_VALUES:
            raise InvalidFilterError(f"At most {MAX_VALUES} values may be given to '{expression}'.")
        return values

    def convert_filter_values(self, bits, lookup, model_field, values):
        """Turn the query-string values into what the ORM expects for this field."""
        name = bits[0]
        if lookup == "isnull":
            return self._truth(name, values[0])
        converted = [self._convert_one(name, model_field, value, lookup) for value in values]
        if lookup == "range" and len(converted) != 2:
            raise InvalidFilterError(f"A range filter on '{name}' takes two values, 'low,high'.")
        return converted if lookup in ("in", "range") else converted[0]

    @staticmethod
    def _truth(name: str, value: str) -> bool:
        parsed = string_to_python(value)
        if parsed in (True, False):
            return parsed
        if value in ("0", "1"):
            return value == "1"
        raise InvalidFilterError(f"The '{name}' filter expects true or false, got '{value}'.")

    def _convert_one(self, name: str, model_field, value: str, lookup: str):
        if model_field.is_relation:
            field = self.fields.get(name)
            related = field.to_class() if field is not None and field.is_related else None
            return self._related_value(name, related, model_field, value)
        parsed = string_to_python(value)
        if parsed is None:
            return None
        if isinstance(model_field, models.BooleanField):
            return self._truth(name, value)
        if "\x00" in value:
            raise InvalidFilterError(f"The '{name}' filter contains a NUL character.")
        try:
            result = model_field.to_python(value)
            if lookup not in PARTIAL_TEXT:  # a prefix of an email is no valid email
                model_field.run_validators(result)
            if isinstance(model_field, models.DateTimeField):
                result = (
                    result.replace(tzinfo=UTC) if result.tzinfo is None else result.astimezone(UTC)
                )
        except (ValidationError, OverflowError) as error:
            reason = " ".join(getattr(error, "messages", ["out of range"]))
            raise InvalidFilterError(
                f"Invalid value '{value}' for the '{name}' filter: {reason}"
            ) from error
        return result

    def _related_value(self, name, related, model_field, value: str):
        try:
            if related is not None:
                return related.filter_reference(value)
            return model_field.target_field.to_python(value)
        except (ValueError, ValidationError) as error:
            raise InvalidFilterError(f"Invalid value '{value}' for the '{name}' filter.") from error

    def apply_sorting(self, obj_list, options=None):
        options = options or {}
        parts = options.getlist("order_by") if hasattr(options, "getlist") else []
        keys = [key.strip() for part in parts for key in part.split(",") if key.strip()]
        if not keys:
            return obj_list
        return obj_list.order_by(*(self._order_term(key) for key in keys), "pk")

    def _order_term(self, key: str):
        """Empty values sort first going up and last going down, on every database."""
        name = key.removeprefix("-")
        if name not in self._meta.ordering:
            if name in self.fields:
                raise InvalidSortError(f"The '{name}' field does not allow ordering.")
            raise InvalidSortError(f"No matching '{name}' field for ordering on.")
        column = F(self.filter_path(name))
        return column.desc(nulls_last=True) if key.startswith("-") else column.asc(nulls_first=True)
