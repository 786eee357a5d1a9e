"""`annotation`: notes a user pins to a moment, optionally in a record."""

from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import (
    CharField,
    DateTimeField,
    IdField,
    TimestampField,
    ToOneField,
    ValueField,
)
from openhexo.api.lookups import NUMERIC
from openhexo.records.models import Annotation
from openhexo.records.timestamps import iso


class AnnotationResource(HexoResource):
    id = IdField(readonly=False, blank=True, default="")
    user = ToOneField("openhexo.api.resources.user.UserResource", "user")
    record = ToOneField(
        "openhexo.api.resources.record.RecordResource", "record", null=True, blank=True
    )
    datatype = ToOneField(
        "openhexo.api.resources.datatype.DatatypeResource", "datatype", blank=True
    )
    start = TimestampField(attribute="start")
    start_date = ValueField("datetime")
    annotation = CharField(attribute="annotation", default="", max_length=10_000)
    last_modified = DateTimeField(attribute="last_modified", blank=True, default=True)

    class Meta(HexoMeta):
        queryset = Annotation.objects.all()
        resource_name = "annotation"
        authorization = OwnerAuthorization(owner_field="user_id")
        list_allowed_methods = ["get", "post", "patch"]
        detail_allowed_methods = ["get", "put", "patch", "delete"]
        filtering = {
            name: NUMERIC for name in ("datatype", "id", "last_modified", "record", "start", "user")
        }
        ordering = ["id", "user", "record", "datatype", "start", "last_modified"]

    def dehydrate_start_date(self, bundle):
        return iso(bundle.obj.start)
