"""The shared catalogue: units, datatypes, metrics, activity types, training routines.

Entries with `user` null are global and read-only for everyone but staff; users may add
their own activity types, routines and attributes.
"""

import numpy as np
from django.conf import settings
from django.db import models

from openhexo.records.timestamps import TICKS_PER_SECOND


class Unit(models.Model):
    si_long = models.CharField(max_length=64)
    si_short = models.CharField(max_length=32)
    info = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.si_short


class Datatype(models.Model):
    """A kind of series; `gain` and `offset` turn its raw values into `unit` values."""

    name = models.CharField(max_length=64)
    info = models.CharField(max_length=255, blank=True, default="")
    freq = models.FloatField(null=True, blank=True, help_text="Hz; null for event series")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit_raw = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    gain = models.FloatField(default=1.0)
    offset = models.FloatField(default=0.0)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def scaled(self, raw: np.ndarray) -> np.ndarray:
        """Raw values in the datatype's unit: raw * gain + offset."""
        if self.gain == 1 and self.offset == 0:
            return raw
        return raw * self.gain + self.offset

    def unscaled(self, values: np.ndarray) -> np.ndarray:
        """Values in the datatype's unit back to raw ones: integers when they are raw integers
        scaled (a Hexoskin CSV's 17516.32 mL/min is 1319 x 13.28), floats otherwise."""
        raw = (values - self.offset) / self.gain
        whole = np.rint(raw)
        if np.all(np.abs(raw - whole) <= 1e-6 * np.maximum(1.0, np.abs(raw))):
            return whole.astype(np.int64)
        return raw

    @property
    def hexo_freq(self) -> float | None:
        """Ticks of 1/256 s between samples (deprecated Hexoskin field, kept for clients)."""
        return None if not self.freq else TICKS_PER_SECOND / self.freq


class Metric(models.Model):
    name = models.CharField(max_length=64, unique=True)
    title = models.CharField(max_length=64, blank=True, default="")
    description = models.CharField(max_length=255, blank=True, default="")
    type = models.CharField(max_length=32, default="value")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    is_kpi = models.BooleanField(default=False)
    writable = models.BooleanField(default=False)
    zones = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ActivityType(models.Model):
    BASES = [(b, b) for b in ("sleep", "rest", "low", "medium", "high")]
    CATEGORIES = [
        (c, c) for c in ("sleep", "resting", "lifestyle", "running", "cycling", "general sports")
    ]

    name = models.CharField(max_length=100)
    description = models.CharField(max_length=255, blank=True, default="")
    base = models.CharField(max_length=8, choices=BASES, default="medium")
    category = models.CharField(max_length=16, choices=CATEGORIES, null=True, blank=True)
    activityview = models.CharField(max_length=64, null=True, blank=True)
    default_metrics = models.ManyToManyField(Metric, blank=True, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class TrainingRoutine(models.Model):
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=255, blank=True, default="")
    activitytype = models.ForeignKey(
        ActivityType, null=True, blank=True, on_delete=models.SET_NULL, related_name="routines"
    )
    metadata = models.JSONField(null=True, blank=True)
    steps = models.JSONField(default=list, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ActivityAttribute(models.Model):
    name = models.CharField(max_length=100, default="")
    attrtype = models.CharField(max_length=32, blank=True, default="user")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT)
    datatype = models.ForeignKey(Datatype, null=True, blank=True, on_delete=models.PROTECT)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )

    class Meta:
        ordering = ["id"]


class Algo(models.Model):
    """A set of algorithm versions that processed a record."""

    algorithms = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
