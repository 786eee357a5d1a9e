"""Samples as compressed chunks on a wall-clock grid (DESIGN.md section 4), never one row each.

A chunk holds one user's samples of one datatype inside one grid cell: 60 s for series at
64 Hz and faster, 1 h for slower and event series, so a window read is one short index
range scan. `start` is the cell's first tick; `first` and `last` are the chunk's own first
and last sample times; the codec id says how the payload is encoded.
"""

from django.conf import settings
from django.db import models

from openhexo.catalog.models import Datatype


class Chunk(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    datatype = models.ForeignKey(Datatype, on_delete=models.PROTECT, related_name="+")
    start = models.BigIntegerField(help_text="first tick of the grid cell")
    first = models.BigIntegerField(help_text="time of the first sample")
    last = models.BigIntegerField(help_text="time of the last sample")
    count = models.IntegerField()
    low = models.FloatField(help_text="smallest value (file writers size samples by it)")
    high = models.FloatField(help_text="largest value")
    codec = models.SmallIntegerField()
    payload = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "datatype", "start"], name="chunk_cell")
        ]
        indexes = [models.Index(fields=["user", "start"], name="chunk_user_start")]


class DataVersion(models.Model):
    """A counter per user, moved on every change of their samples (cache keys use it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    version = models.BigIntegerField(default=0)
