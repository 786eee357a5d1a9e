"""`range`: labelled periods of a user's time, tied to an activity type and routine."""

from tastypie.exceptions import ApiFieldError

from openhexo.api import attribute_values, metric_values
from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import (
    CharField,
    DateTimeField,
    IdField,
    IntegerField,
    TimestampField,
    ToOneField,
    ValueField,
)
from openhexo.api.lookups import EXACT, MODIFIED, NUMERIC, RELATIONS, SPAN, WINDOW
from openhexo.records.actions import set_range_attributes
from openhexo.records.models import Range
from openhexo.records.status import range_status, with_status
from openhexo.records.timestamps import duration_text, iso

ROUTINE = "openhexo.api.resources.trainingroutine.TrainingRoutineResource"
ACTIVITY = "openhexo.api.resources.activitytype.ActivityTypeResource"
ASSOCIATIONS = ("activitytype", "trainingroutine")


class RangeResource(HexoResource):
    id = IdField()
    user = ToOneField("openhexo.api.resources.user.UserResource", "user")
    name = CharField(attribute="name", blank=True, default="", max_length=255)
    note = CharField(attribute="note", blank=True, default="", max_length=10_000)
    start = TimestampField(attribute="start")
    end = TimestampField(attribute="end", null=True, blank=True)
    start_date = ValueField("datetime", null=True, blank=True)
    end_date = ValueField("datetime", null=True, blank=True)
    duration = ValueField(null=True)
    rank = IntegerField(attribute="rank", blank=True, default=0)
    parent = ToOneField("self", "parent", null=True, blank=True)
    ranges = ValueField(use_in="detail")
    status = ValueField()
    trainingroutine = ToOneField(ROUTINE, "trainingroutine", null=True, readonly=True, blank=True)
    activitytype = ToOneField(ACTIVITY, "activitytype", null=True, readonly=True, blank=True)
    context = ValueField("dict", readonly=False, null=True, blank=True)
    activityattributes = ValueField("list", readonly=False, null=True, blank=True)
    metrics = ValueField("related", "to_many", null=True, blank=True)
    created = DateTimeField(attribute="created", readonly=True)
    last_modified = DateTimeField(attribute="last_modified", readonly=True)

    class Meta(HexoMeta):
        queryset = Range.objects.select_related("activitytype").prefetch_related(
            "attribute_values", "activitytype__default_metrics"
        )
        resource_name = "range"
        authorization = OwnerAuthorization(owner_field="user_id")
        list_allowed_methods = ["get", "post", "patch"]
        detail_allowed_methods = ["get", "put", "patch", "delete"]
        filtering = {
            "activitytype": ["exact", "in", "isnull"],
            "duration": SPAN,
            "end": WINDOW,
            "id": NUMERIC,
            "include_autodetected": ["true"],
            "include_histograms": EXACT,
            "include_metrics": EXACT,
            "last_modified": MODIFIED,
            "rank": NUMERIC,
            "short_metrics": EXACT,
            "show_all": EXACT,
            "start": WINDOW,
            "study": EXACT,
            "study_group": EXACT,
            "trainingroutine": RELATIONS,
            "user": NUMERIC,
        }
        ordering = [
            "id", "start", "end", "user", "trainingroutine", "rank", "duration", "last_modified",
        ]  # fmt: skip
        filter_paths = {"duration": "duration"}
        flag_filters = (
            "include_autodetected", "include_histograms", "include_metrics", "short_metrics",
            "show_all",
        )  # fmt: skip
        custom_filters = ("study", "study_group")

    def hydrate(self, bundle):
        """Activity type and routine are written through `context` or at the top level.

        Clients echo both places back; the one that differs from the stored value is the
        change (`context` first, as the 3.x documentation says to write there).
        """
        context = bundle.data.get("context") or {}
        if not isinstance(context, dict):
            raise ApiFieldError("The 'context' field expects an object.")
        for name in ASSOCIATIONS:
            current = getattr(bundle.obj, f"{name}_id")
            for value in (context.get(name, ...), bundle.data.get(name, ...)):
                chosen = None if value in (None, ...) else self._association(name, value, bundle)
                if value is not ... and getattr(chosen, "pk", None) != current:
                    setattr(bundle.obj, name, chosen)
                    break
        if bundle.obj.trainingroutine and not bundle.obj.activitytype:
            bundle.obj.activitytype = bundle.obj.trainingroutine.activitytype
        return bundle

    @staticmethod
    def _association(name, value, bundle):
        field = RangeResource.base_fields[name]
        return field.build_related_resource(value, request=bundle.request).obj

    def base_queryset(self):
        return with_status(super().base_queryset())

    def dehydrate_start_date(self, bundle):
        return iso(bundle.obj.start)

    def dehydrate_end_date(self, bundle):
        return iso(bundle.obj.end)

    def dehydrate_duration(self, bundle):
        return duration_text(bundle.obj.duration)

    def dehydrate_ranges(self, bundle) -> list[str]:
        children = bundle.obj.children.order_by("start", "id")
        return [self.get_resource_uri(child) for child in children]

    def dehydrate_status(self, bundle) -> str:
        return range_status(bundle.obj)

    def dehydrate_context(self, bundle) -> dict:
        return {
            "activitytype": bundle.data["activitytype"],
            "trainingroutine": bundle.data["trainingroutine"],
        }

    def dehydrate_metrics(self, bundle) -> list:
        kind = bundle.obj.activitytype
        defaults = [] if kind is None else [m.pk for m in kind.default_metrics.all()]
        return metric_values.render(bundle.obj, bundle.request, defaults)

    def dehydrate_activityattributes(self, bundle) -> list[dict]:
        return attribute_values.render(bundle.obj, bundle.request)

    def save(self, bundle, skip_errors=False):
        """Attribute values, when a body lists them, replace the range's (empty list: none)."""
        bundle = super().save(bundle, skip_errors=skip_errors)
        listed = bundle.data.get("activityattributes")
        if listed is not None:
            try:
                set_range_attributes(bundle.obj, attribute_values.parse(listed))
            except ValueError as error:
                raise ApiFieldError(f"The 'activityattributes' field: {error}") from error
        return bundle

    def filter_study(self, queryset, value, request):
        """Studies are not part of openhexo: nobody's ranges belong to one."""
        return queryset.none()

    filter_study_group = filter_study
