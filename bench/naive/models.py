"""STORAGE.md section 4.2's naive model: `Sample(user FK, datatype FK, ts, value)`.

Django's defaults are kept on purpose (an id primary key, an index per foreign key), plus the
composite index every window query uses. Its table is created by the benchmark itself
(schema editor), so the app has no migrations.
"""

from django.conf import settings
from django.db import models

from openhexo.catalog.models import Datatype


class Sample(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    datatype = models.ForeignKey(Datatype, on_delete=models.PROTECT, related_name="+")
    ts = models.BigIntegerField()
    value = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["user", "datatype", "ts"], name="naive_user_dt_ts")]
