"""`activitytype`: kinds of activity; global ones plus each user's own."""

from django.db.models import Exists, OuterRef
from tastypie.exceptions import BadRequest

from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import CharField, IdField, ToManyField, ToOneField, ValueField
from openhexo.api.filtering import FilteringMixin
from openhexo.api.lookups import EXACT, NUMERIC
from openhexo.catalog.models import ActivityType
from openhexo.records.models import Range

USER = "openhexo.api.resources.user.UserResource"


def used_by(request, **range_filter) -> Exists:
    """Whether the caller has a range pointing at the outer row."""
    return Exists(Range.objects.filter(user=request.user, **range_filter))


def truth(name: str, value: str) -> bool:
    try:
        return FilteringMixin._truth(name, value)
    except Exception as error:
        raise BadRequest(str(error)) from error


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
        used = used_by(request, activitytype=OuterRef("pk"))
        return queryset.filter(used if truth("using", value) else ~used)
