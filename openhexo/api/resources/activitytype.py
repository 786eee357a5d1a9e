"""`activitytype`: kinds of activity; global ones plus each user's own."""

from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import CharField, IdField, ToManyField, ToOneField, ValueField
from openhexo.api.lookups import EXACT, NUMERIC
from openhexo.catalog.models import ActivityType
from openhexo.records.queries import ranges_use

USER = "openhexo.api.resources.user.UserResource"


class ActivityTypeResource(HexoResource):
    id = IdField()
    name = CharField(attribute="name", max_length=100)
    description = CharField(attribute="description", blank=True, default="", max_length=255)
    base = CharField(attribute="base")
    category = CharField(attribute="category", null=True)
    activityview = CharField(attribute="activityview", null=True, max_length=64)
    default_metrics = ToManyField(
        "openhexo.api.resources.metric.MetricResource", "default_metrics", blank=True, default=[]
    )
    user = ToOneField(USER, "user", null=True)
    using = ValueField(readonly=False)

    class Meta(HexoMeta):
        queryset = ActivityType.objects.prefetch_related("default_metrics")
        resource_name = "activitytype"
        authorization = OwnerAuthorization(owner_field="user_id", global_entries=True)
        list_allowed_methods = ["get", "post", "patch"]
        detail_allowed_methods = ["get", "put", "patch", "delete"]
        filtering = {
            "base": ["exact", "in"],
            "category": ["exact", "in"],
            "id": NUMERIC,
            "show_all": EXACT,
            "user": NUMERIC,
            "using": EXACT,
        }
        ordering = ["id", "user"]
        flag_filters = ("show_all",)
        custom_filters = ("using",)

    def filter_using(self, queryset, value, request):
        used = ranges_use(request.user, "activitytype")
        return queryset.filter(used if self._truth("using", value) else ~used)
