"""`trainingroutine`: workouts (with FIT-style steps); global ones plus each user's own."""

from django.db.models import Max, OuterRef, Subquery
from tastypie.exceptions import ApiFieldError

from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import (
    CharField,
    DateTimeField,
    IdField,
    JSONField,
    ToOneField,
    ValueField,
)
from openhexo.api.lookups import EXACT, NUMERIC, RELATIONS
from openhexo.api.resources.activitytype import truth, used_by
from openhexo.catalog.models import TrainingRoutine
from openhexo.records.models import Range


class StepsField(JSONField):
    """Workout steps: a list of objects (Garmin FIT workout step fields)."""

    dehydrated_type = "related"
    related_type = "to_many"

    def clean(self, value):
        if not isinstance(value, list) or not all(isinstance(step, dict) for step in value):
            raise ApiFieldError(f"The '{self.instance_name}' field expects a list of step objects.")
        return super().clean(value)


class TrainingRoutineResource(HexoResource):
    id = IdField()
    name = CharField(attribute="name", max_length=100)
    description = CharField(attribute="description", blank=True, default="", max_length=255)
    activitytype = ToOneField(
        "openhexo.api.resources.activitytype.ActivityTypeResource",
        "activitytype",
        null=True,
        blank=True,
    )
    metadata = JSONField(attribute="metadata", null=True)
    application_metadata = ValueField("related", "to_many", null=True, readonly=False)
    steps = StepsField(attribute="steps", default=list)
    last_used = DateTimeField(attribute="last_used", null=True, readonly=True, blank=True)
    user = ToOneField("openhexo.api.resources.user.UserResource", "user", null=True)
    using = ValueField(readonly=False)
    importfile = ValueField("related", "to_one", null=True, blank=True)

    class Meta(HexoMeta):
        queryset = TrainingRoutine.objects.all()
        resource_name = "trainingroutine"
        authorization = OwnerAuthorization(owner_field="user_id", global_entries=True)
        list_allowed_methods = ["get", "post", "patch"]
        detail_allowed_methods = ["get", "put", "patch", "delete"]
        filtering = {"activitytype": RELATIONS, "id": NUMERIC, "user": NUMERIC, "using": EXACT}
        ordering = ["id", "user", "last_used", "activitytype", "name"]
        filter_paths = {"last_used": "last_used"}
        custom_filters = ("using",)

    def get_object_list(self, request):
        """Routines annotated with when the caller last started a range of each."""
        last = Range.objects.filter(user=request.user, trainingroutine=OuterRef("pk"))
        last = last.values("trainingroutine").annotate(at=Max("created")).values("at")
        return super().get_object_list(request).annotate(last_used=Subquery(last))

    def filter_using(self, queryset, value, request):
        used = used_by(request, trainingroutine=OuterRef("pk"))
        return queryset.filter(used if truth("using", value) else ~used)
