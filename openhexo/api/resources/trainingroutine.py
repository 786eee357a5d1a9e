"""`trainingroutine`: workouts (with FIT-style steps); global ones plus each user's own."""

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
from openhexo.catalog.models import TrainingRoutine
from openhexo.records.queries import ranges_use, routine_last_used


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
        last_used = routine_last_used(request.user)
        return super().get_object_list(request).annotate(last_used=last_used)

    def filter_using(self, queryset, value, request):
        used = ranges_use(request.user, "trainingroutine")
        return queryset.filter(used if self._truth("using", value) else ~used)
