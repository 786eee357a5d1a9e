"""What processing has to do, what it did, and what it found.

Raw samples landing in the store leave a PendingSpan (in the ingest's own transaction, so no
upload is ever forgotten); a job takes a user's pending spans, cuts them into pieces that
workers process in parallel, and is done when every piece is. Derived series a user uploaded
are remembered as UploadedSpans, which processing leaves alone unless forced.
"""

from django.conf import settings
from django.db import models

from openhexo.catalog.models import Datatype, Metric
from openhexo.records.models import Range, Record

USER = settings.AUTH_USER_MODEL


class PendingSpan(models.Model):
    """Raw samples stored in [start, end] that no job has taken up yet."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    start = models.BigIntegerField()
    end = models.BigIntegerField()
    force = models.BooleanField(default=False, help_text="recompute uploaded derived series too")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "created"])]


class UploadedSpan(models.Model):
    """Samples of a derived datatype that a user uploaded over [start, end]."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    datatype = models.ForeignKey(Datatype, on_delete=models.CASCADE, related_name="+")
    start = models.BigIntegerField()
    end = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["user", "datatype", "start"])]


class Job(models.Model):
    """One run of the algorithms over a window of a user's samples."""

    STATES = [(s, s) for s in ("running", "done", "error")]

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    start = models.BigIntegerField()
    end = models.BigIntegerField()
    force = models.BooleanField(default=False)
    state = models.CharField(max_length=8, choices=STATES, default="running")
    error = models.TextField(blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)


class Piece(models.Model):
    """A part of a job's window small enough for one worker (an hour at most)."""

    STATES = [(s, s) for s in ("queued", "done", "error")]

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="pieces")
    start = models.BigIntegerField()
    end = models.BigIntegerField()
    state = models.CharField(max_length=8, choices=STATES, default="queued")
    attempts = models.IntegerField(default=0)
    error = models.TextField(blank=True, default="")
    updated = models.DateTimeField(auto_now=True)


class MetricValue(models.Model):
    """A metric computed over a record or a range (one of the two), with its histogram when
    it has one (`data`: {"bin_edge": [...], "value": [...]})."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    record = models.ForeignKey(Record, null=True, on_delete=models.CASCADE, related_name="+")
    range = models.ForeignKey(Range, null=True, on_delete=models.CASCADE, related_name="+")
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="+")
    value = models.FloatField(null=True)
    data = models.JSONField(null=True)
    computed = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "metric"], name="one_metric_per_record"),
            models.UniqueConstraint(fields=["range", "metric"], name="one_metric_per_range"),
        ]
