"""A range's `activityattributes` in bodies: the v1 list of attributes with their values."""

from tastypie.exceptions import ApiFieldError

from openhexo.records.actions import attributes_for

from .fields import FloatField, uri_id
from .prefix import current_prefix


class AttributeValueField(FloatField):
    def __init__(self):
        super().__init__(attribute="value")
        self.instance_name = "activityattributes"


VALUE = AttributeValueField()


def parse(listed) -> dict[int, float | None]:
    """{attribute id: value} from a body's list (a null value deletes that value)."""
    if not isinstance(listed, list) or not all(isinstance(item, dict) for item in listed):
        raise ApiFieldError("The 'activityattributes' field expects a list of objects.")
    values = {}
    for item in listed:
        reference = item.get("id") or uri_id(str(item.get("resource_uri", "")), "activityattribute")
        if not str(reference or "").isdigit():
            raise ApiFieldError("Each of 'activityattributes' needs its 'id' or 'resource_uri'.")
        value = item.get("value")
        values[int(reference)] = None if value is None else VALUE.clean(value)
    return values


def render(span, request) -> list[dict]:
    """Every attribute the range can carry, with its value here or null."""
    values = {v.activityattribute_id: v.value for v in span.attribute_values.all()}
    return [entry(attribute, values.get(attribute.pk)) for attribute in _attributes(span, request)]


def _attributes(span, request) -> list:
    """The attributes of the range's owner, looked up once per request."""
    cache = request.__dict__.setdefault("_attributes_by_owner", {})
    if span.user_id not in cache:
        cache[span.user_id] = list(attributes_for(span).select_related("unit"))
    return cache[span.user_id]


def entry(attribute, value) -> dict:
    prefix = current_prefix()
    unit = attribute.unit
    return {
        "attrtype": attribute.attrtype,
        "id": attribute.pk,
        "name": attribute.name,
        "resource_uri": f"{prefix}activityattribute/{attribute.pk}/",
        "unit": None
        if unit is None
        else {
            "id": unit.pk,
            "info": unit.info,
            "resource_uri": f"{prefix}unit/{unit.pk}/",
            "si_long": unit.si_long,
            "si_short": unit.si_short,
        },  # fmt: skip
        "user": None if attribute.user_id is None else f"{prefix}user/{attribute.user_id}/",
        "value": value,
    }
