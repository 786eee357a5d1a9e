"""`activityattribute`: what can be noted about an activity (distance, fatigue...)."""

from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import CharField, IdField, ToOneField
from openhexo.api.lookups import NUMERIC
from openhexo.api.resources.datatype import DatatypeResource
from openhexo.catalog.models import ActivityAttribute


class ActivityAttributeResource(HexoResource):
    id = IdField()
    name = CharField(attribute="name", default="", max_length=100)
    attrtype = CharField(attribute="attrtype", blank=True, default="user", max_length=32)
    unit = ToOneField("openhexo.api.resources.unit.UnitResource", "unit", null=True, blank=True)
    user = ToOneField("openhexo.api.resources.user.UserResource", "user", null=True)

    class Meta(HexoMeta):
        queryset = ActivityAttribute.objects.all()
        resource_name = "activityattribute"
        authorization = OwnerAuthorization(owner_field="user_id", global_entries=True)
        list_allowed_methods = ["get", "post", "patch"]
        detail_allowed_methods = ["get", "put", "patch", "delete"]
        filtering = {"datatype": NUMERIC, "id": NUMERIC, "user": ["exact", "in", "isnull"]}
        ordering = ["id", "datatype", "user"]
        filter_paths = {"datatype": "datatype"}

    def _related_value(self, name, related, model_field, value):
        """`datatype` is a filter without a field: it takes an id or a URI all the same."""
        if name == "datatype":
            related = DatatypeResource()
        return super()._related_value(name, related, model_field, value)
