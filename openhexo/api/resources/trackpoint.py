"""`trackpoint`: the positions of a GPS track.

`time` is naive UTC (as Hexoskin renders it) and `timestamp` the same instant as a
HexoTimestamp. `start` and `end` bound the timestamps; `record` and `range` select the
points of the user's tracks inside that record's or range's time window.
"""

from datetime import UTC

from django.core.exceptions import ObjectDoesNotExist
from tastypie import fields
from tastypie.exceptions import ApiFieldError, BadRequest, NotFound

from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import (
    FloatField,
    GeometryField,
    IdField,
    TimestampField,
    ToOneField,
    ValueField,
)
from openhexo.api.lookups import EXACT, NUMERIC, RELATIONS, WINDOW
from openhexo.api.resources.range import RangeResource
from openhexo.api.resources.record import RecordResource
from openhexo.records.models import TrackPoint
from openhexo.records.timestamps import to_datetime


class NaiveDateTimeField(fields.DateTimeField):
    """`2014-08-29T09:25:15`: UTC without a suffix, as Hexoskin's trackpoints show time."""

    def convert(self, value):
        return None if value is None else value.astimezone(UTC).replace(tzinfo=None).isoformat()

    def hydrate(self, bundle):
        value = super().hydrate(bundle)
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


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
