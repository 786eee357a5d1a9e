"""`trackpoint`: the positions of a GPS track.

`time` is naive UTC (as Hexoskin renders it) and `timestamp` the same instant as a
HexoTimestamp. `start` and `end` bound the timestamps; `record` and `range` select the
points of the user's tracks inside that record's or range's time window.
"""

from django.core.exceptions import ObjectDoesNotExist
from tastypie.exceptions import ApiFieldError, BadRequest, NotFound

from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import (
    FloatField,
    GeometryField,
    IdField,
    NaiveDateTimeField,
    TimestampField,
    ToOneField,
    ValueField,
)
from openhexo.api.lookups import EXACT, NUMERIC, RELATIONS, WINDOW
from openhexo.api.resources.range import RangeResource
from openhexo.api.resources.record import RecordResource
from openhexo.records.models import Track, TrackPoint
from openhexo.records.timestamps import to_datetime


class TrackPointResource(HexoResource):
    id = IdField()
    track = ToOneField("openhexo.api.resources.track.TrackResource", "track")
    position = GeometryField(attribute=None)
    altitude = FloatField(attribute="altitude", null=True, default=None)
    speed = FloatField(attribute="speed", null=True, default=None)
    course = FloatField(attribute="course", null=True, default=None)
    horizontal_accuracy = FloatField(attribute="horizontal_accuracy", null=True, default=None)
    vertical_accuracy = FloatField(attribute="vertical_accuracy", null=True, default=None)
    time = NaiveDateTimeField(attribute="time", null=True)
    timestamp = TimestampField(attribute=None, null=True)
    # Written from the track's owner whatever a body says (see full_hydrate).
    user = ToOneField("openhexo.api.resources.user.UserResource", "user", null=True)
    record = ValueField("related", "to_one", null=True, blank=True, readonly=False)
    range = ValueField("related", "to_one", null=True, blank=True, readonly=False)

    class Meta(HexoMeta):
        queryset = TrackPoint.objects.all()
        resource_name = "trackpoint"
        authorization = OwnerAuthorization(owner_field="user_id")
        list_allowed_methods = ["get", "post", "patch"]
        detail_allowed_methods = ["get", "put", "patch", "delete"]
        filtering = {
            "end": EXACT,
            "id": NUMERIC,
            "range": NUMERIC,
            "record": NUMERIC,
            "start": EXACT,
            "time": WINDOW,
            "timestamp": ["range", "gt", "gte", "lt", "lte"],
            "track": RELATIONS,
            "user": EXACT,
        }
        ordering = ["id", "track", "time"]
        filter_paths = {"timestamp": "timestamp"}
        custom_filters = ("start", "end", "record", "range")

    def hydrate(self, bundle):
        position = bundle.data.get("position")
        if position is not None:
            bundle.obj.lon, bundle.obj.lat = self.fields["position"].clean(position)
        elif bundle.obj.pk is None:
            raise ApiFieldError("The 'position' field is required: [longitude, latitude].")
        ticks = bundle.data.get("timestamp")
        if ticks is not None and bundle.data.get("time") is None:
            try:
                bundle.data["time"] = to_datetime(self.fields["timestamp"].clean(ticks)).isoformat()
            except ValueError as error:
                raise ApiFieldError(f"The 'timestamp' field: {error}") from error
        return bundle

    def full_hydrate(self, bundle):
        bundle = super().full_hydrate(bundle)
        if bundle.obj.track_id is not None:
            bundle.obj.user_id = bundle.obj.track.user_id  # a point belongs to its track's owner
        return bundle

    def save(self, bundle, skip_errors=False):
        bundle = super().save(bundle, skip_errors=skip_errors)
        self._touched(bundle.request).add(bundle.obj.track_id)
        return bundle

    def obj_delete(self, bundle, **kwargs):
        super().obj_delete(bundle, **kwargs)
        self._touched(bundle.request).add(bundle.obj.track_id)

    @staticmethod
    def _touched(request) -> set[int]:
        return request.__dict__.setdefault("_touched_tracks", set())

    def after_write(self, request) -> None:
        """Each changed track's start, end and distance, recomputed once per request."""
        for track in Track.objects.filter(pk__in=self._touched(request)):
            track.refresh_summary()

    def dehydrate_position(self, bundle) -> list[float]:
        return [bundle.obj.lon, bundle.obj.lat]

    def dehydrate_timestamp(self, bundle) -> int | None:
        return bundle.obj.timestamp

    def filter_start(self, queryset, value, request):
        return queryset.filter(timestamp__gte=self._ticks("start", value))

    def filter_end(self, queryset, value, request):
        return queryset.filter(timestamp__lte=self._ticks("end", value))

    def filter_record(self, queryset, value, request):
        return self._within(queryset, RecordResource(), value, request)

    def filter_range(self, queryset, value, request):
        return self._within(queryset, RangeResource(), value, request)

    def _ticks(self, name: str, value: str) -> int:
        field = self.fields["timestamp"]
        try:
            return field.clean(value)
        except ApiFieldError as error:
            raise BadRequest(
                f"The '{name}' filter expects a HexoTimestamp, got '{value}'."
            ) from error

    @staticmethod
    def _within(queryset, resource, value: str, request):
        try:
            window = (
                resource.get_via_uri(value, request)
                if "/" in value
                else (resource.obj_for_reference(value, request))
            )
        except (ValueError, NotFound, ObjectDoesNotExist):
            return queryset.none()
        inside = queryset.filter(user_id=window.user_id, timestamp__gte=window.start)
        return inside if window.end is None else inside.filter(timestamp__lte=window.end)
