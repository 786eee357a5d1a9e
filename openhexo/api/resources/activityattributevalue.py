"""`activityattributevalue`: values noted for a range's attributes (read-only)."""

from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import CharField, FloatField, IdField, TimestampField, ToOneField
from openhexo.records.models import ActivityAttributeValue

IN_EXACT = ["in", "exact"]
COMPARED = ["in", "exact", "gt", "gte", "lt", "lte"]


class ActivityAttributeValueResource(HexoResource):
    id = IdField()
    activityattribute = ToOneField(
        "openhexo.api.resources.activityattribute.ActivityAttributeResource", "activityattribute"
    )
    range = ToOneField("openhexo.api.resources.range.RangeResource", "range")
    start = TimestampField(attribute="start", blank=True)
    value = FloatField(attribute="value")
    note = CharField(attribute="note", blank=True)

    class Meta(HexoMeta):
        queryset = ActivityAttributeValue.objects.all()
        resource_name = "activityattributevalue"
        authorization = OwnerAuthorization(owner_field="user_id")
        list_allowed_methods = ["get"]
        detail_allowed_methods = ["get"]
        filtering = {
            "activityattribute": IN_EXACT,
            "id": IN_EXACT,
            "range": IN_EXACT,
            "start": COMPARED,
            "user": IN_EXACT,
            "value": COMPARED,
        }
        ordering = ["id", "user", "start", "range", "value"]
        filter_paths = {"user": "user"}
