"""A user's recordings: devices, records, ranges, annotations and GPS tracks.

Every table carries the user id so data can later be distributed by user.
"""

import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from openhexo.catalog.models import ActivityAttribute, ActivityType, Algo, Datatype, TrainingRoutine

from .timestamps import TICKS_PER_SECOND, from_datetime

USER = settings.AUTH_USER_MODEL


class TimeWindow(models.Model):
    """Start and end HexoTimestamps, with the duration in seconds kept for filters and order."""

    start = models.BigIntegerField()
    end = models.BigIntegerField(null=True, blank=True)
    duration = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.duration = None if self.end is None else (self.end - self.start) // TICKS_PER_SECOND
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"start", "end"} & set(update_fields):
            kwargs["update_fields"] = [*update_fields, "duration"]
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.end is not None and self.start is not None and self.end < self.start:
            raise ValidationError({"end": "The end must not come before the start."})


class Device(models.Model):
    deviceid = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL)
    model = models.IntegerField(default=0)
    serial = models.IntegerField(default=0)
    status = models.IntegerField(default=0)
    hw_rev = models.CharField(max_length=32, blank=True, default="")
    fw_start = models.CharField(max_length=32, blank=True, default="")
    fw_end = models.CharField(max_length=32, blank=True, default="")
    bt_addr = models.CharField(max_length=32, blank=True, default="")
    bt_info = models.CharField(max_length=255, blank=True, default="")
    mcu_info = models.CharField(max_length=255, blank=True, default="")
    batt_start = models.IntegerField(null=True, blank=True)
    batt_end = models.IntegerField(null=True, blank=True)
    charge_time = models.IntegerField(null=True, blank=True)
    purchase_order = models.IntegerField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    last_modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.deviceid


class Record(TimeWindow):
    """One continuous recording of a user; samples never lie outside a record."""

    STATUSES = [
        (s, s)
        for s in (
            "realtime", "realtime_complete", "syncing", "complete", "queued",
            "processing", "error", "overlap", "incomplete",
        )
    ]  # fmt: skip

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="records")
    device = models.ForeignKey(Device, null=True, blank=True, on_delete=models.SET_NULL)
    device_start = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=STATUSES, default="complete")
    data_status = models.JSONField(default=dict, blank=True)
    firmware_rev = models.CharField(max_length=32, default="000", blank=True)
    soft_uid = models.CharField(max_length=64, default="", blank=True)
    soft_protocole = models.IntegerField(default=0)
    dev_id = models.CharField(max_length=64, default="", blank=True)
    garment = models.CharField(max_length=32, default="", blank=True)
    algo = models.ForeignKey(Algo, null=True, blank=True, on_delete=models.SET_NULL)
    data_received = models.DateTimeField(null=True, blank=True, help_text="newest samples")
    created = models.DateTimeField(auto_now_add=True)
    last_modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["user", "start"]), models.Index(fields=["user", "end"])]

    def save(self, *args, **kwargs):
        if self.end is None:
            self.end = self.start
        if self.device_start is None:
            self.device_start = self.start
        super().save(*args, **kwargs)


class Range(TimeWindow):
    """A labelled period of a user's time (an activity, a sleep, a test)."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="ranges")
    name = models.CharField(max_length=255, blank=True, default="")
    note = models.TextField(blank=True, default="")
    rank = models.IntegerField(default=0)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    activitytype = models.ForeignKey(ActivityType, null=True, blank=True, on_delete=models.SET_NULL)
    trainingroutine = models.ForeignKey(
        TrainingRoutine, null=True, blank=True, on_delete=models.SET_NULL
    )
    created = models.DateTimeField(auto_now_add=True)
    last_modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["user", "start"])]

    def clean(self) -> None:
        super().clean()
        for name in ("activitytype", "trainingroutine"):
            entry = getattr(self, name)
            if entry is not None and entry.user_id not in (None, self.user_id):
                raise ValidationError({name: f"A range uses a shared {name} or its user's own."})
        if self.parent_id is None:
            return
        if self.parent.user_id != self.user_id:
            raise ValidationError({"parent": "A range's parent is another range of its user."})
        if self.pk is not None and self.pk in self.ancestor_ids():
            raise ValidationError({"parent": "A range cannot be its own ancestor."})

    def ancestor_ids(self, limit: int = 100) -> list[int]:
        """Ids of the parent, its parent and so on (stopping at a loop or `limit`)."""
        found, current = [], self.parent
        while current is not None and current.pk not in found and len(found) < limit:
            found.append(current.pk)
            current = current.parent
        return found


class Annotation(models.Model):
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="annotations")
    record = models.ForeignKey(Record, null=True, blank=True, on_delete=models.CASCADE)
    datatype = models.ForeignKey(Datatype, on_delete=models.PROTECT, default=4096)
    start = models.BigIntegerField()
    annotation = models.TextField(blank=True, default="")
    last_modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def clean(self) -> None:
        if self.record_id is not None and self.record.user_id != self.user_id:
            raise ValidationError({"record": "An annotation belongs to a record of its user."})


class ActivityAttributeValue(models.Model):
    user = models.ForeignKey(USER, on_delete=models.CASCADE)
    range = models.ForeignKey(Range, on_delete=models.CASCADE, related_name="attribute_values")
    activityattribute = models.ForeignKey(ActivityAttribute, on_delete=models.CASCADE)
    start = models.BigIntegerField()
    value = models.FloatField()
    note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["id"]


class Track(models.Model):
    """A GPS track; its start, end and distance follow its points (`refresh_summary` after
    changing them, once per batch)."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="tracks")
    range = models.ForeignKey(Range, null=True, blank=True, on_delete=models.SET_NULL)
    name = models.CharField(max_length=255, blank=True, default="")
    distance = models.FloatField(default=0.0, help_text="meters")
    start_date = models.DateTimeField(null=True, blank=True)
    end_date = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def clean(self) -> None:
        if self.range_id is not None and self.range.user_id != self.user_id:
            raise ValidationError({"range": "A track belongs to a range of its user."})

    def refresh_summary(self) -> None:
        """Recompute start, end and distance from the points, in time order."""
        points = list(self.points.order_by("time", "id").values_list("time", "lat", "lon"))
        times = [time for time, _, _ in points if time is not None]
        self.start_date = min(times, default=None)
        self.end_date = max(times, default=None)
        self.distance = sum(
            haversine_m(a[1], a[2], b[1], b[2]) for a, b in zip(points, points[1:], strict=False)
        )
        self.save(update_fields=["start_date", "end_date", "distance"])


class TrackPoint(models.Model):
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="points")
    user = models.ForeignKey(USER, on_delete=models.CASCADE)
    lon = models.FloatField()
    lat = models.FloatField()
    altitude = models.FloatField(null=True, blank=True)
    speed = models.FloatField(null=True, blank=True)
    course = models.FloatField(null=True, blank=True)
    horizontal_accuracy = models.FloatField(null=True, blank=True)
    vertical_accuracy = models.FloatField(null=True, blank=True)
    time = models.DateTimeField(null=True, blank=True)
    timestamp = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["track", "time"])]

    def save(self, *args, **kwargs):
        self.timestamp = None if self.time is None else from_datetime(self.time)
        super().save(*args, **kwargs)


EARTH_RADIUS_M = 6_371_008.8


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in meters on the mean Earth sphere."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))
