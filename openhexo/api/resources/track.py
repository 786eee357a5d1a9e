"""`track`: GPS tracks; their start, end and distance follow their points."""

from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import (
    CharField,
    DateTimeField,
    FloatField,
    IdField,
    ToOneField,
    ValueField,
)
from openhexo.api.lookups import NUMERIC
from openhexo.records.models import Track

COMPARED = ["exact", "gt", "gte", "lt", "lte"]


class TrackResource(HexoResource):
    id = IdField()
    user = ToOneField("openhexo.api.resources.user.UserResource", "user")
    range = ToOneField("openhexo.api.resources.range.RangeResource", "range", null=True, blank=True)
    name = CharField(attribute="name", blank=True, default="", max_length=255)
    distance = FloatField(attribute="distance", readonly=True, blank=True)
    area = ValueField("geometry", null=True, readonly=False)
    start_date = DateTimeField(attribute="start_date", null=True, readonly=True, blank=True)
    end_date = DateTimeField(attribute="end_date", null=True, readonly=True, blank=True)
    importfile = ValueField("related", "to_one", null=True, blank=True)

    class Meta(HexoMeta):
        queryset = Track.objects.all()
        resource_name = "track"
        authorization = OwnerAuthorization(owner_field="user_id")
        list_allowed_methods = ["get", "post", "patch"]
        detail_allowed_methods = ["get", "put", "patch", "delete"]
        filtering = {
            "end_date": COMPARED,
            "id": NUMERIC,
            "range": NUMERIC,
            "start_date": COMPARED,
            "user": NUMERIC,
        }
        ordering = ["id", "user", "range", "start_date", "end_date"]
