"""`record`: a user's continuous recordings, newest first."""

import re

from django.db import transaction
from tastypie.bundle import Bundle

from openhexo.api import metric_values
from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import (
    CharField,
    DateTimeField,
    IdField,
    IntegerField,
    JSONField,
    TimestampField,
    ToOneField,
    ValueField,
)
from openhexo.api.lookups import EXACT, MODIFIED, NUMERIC, SPAN, WINDOW
from openhexo.api.resources.user import user_summary
from openhexo.processing.queue import refresh_metrics_later
from openhexo.records.actions import register_device
from openhexo.records.models import Record
from openhexo.records.status import record_status, with_live_status
from openhexo.records.timestamps import duration_text, iso
from openhexo.timeseries.actions import delete_record, trim_record

DEVICE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{3,31}$")


class RecordResource(HexoResource):
    id = IdField()
    user = ToOneField("openhexo.api.resources.user.UserResource", "user")
    device = ToOneField(
        "openhexo.api.resources.device.DeviceResource", "device", null=True, blank=True
    )
    start = TimestampField(attribute="start")
    end = TimestampField(attribute="end", blank=False)
    device_start = TimestampField(attribute="device_start", blank=True)
    start_date = ValueField("datetime")
    duration = ValueField(null=True)
    status = CharField(attribute="status", readonly=True)
    data_status = JSONField(attribute="data_status", null=True, readonly=True)
    firmware_rev = CharField(attribute="firmware_rev", default="000", max_length=32)
    soft_uid = CharField(attribute="soft_uid", default="", max_length=64)
    soft_protocole = IntegerField(attribute="soft_protocole", default=0)
    dev_id = CharField(attribute="dev_id", blank=True, default="", max_length=64)
    garment = CharField(attribute="garment", blank=True, default="", max_length=32)
    algo = ToOneField(
        "openhexo.api.resources.algo.AlgoResource", "algo", null=True, readonly=True, blank=True
    )
    importfile = ValueField("related", "to_one", null=True, blank=True)
    metrics = ValueField("related", "to_many", null=True, blank=True)
    last_modified = DateTimeField(attribute="last_modified", readonly=True)

    class Meta(HexoMeta):
        queryset = Record.objects.select_related("user__profile")
        resource_name = "record"
        authorization = OwnerAuthorization(owner_field="user_id")
        list_allowed_methods = ["get", "post"]
        detail_allowed_methods = ["get", "put", "patch", "delete"]
        filtering = {
            "device": NUMERIC,
            "device_start": NUMERIC,
            "duration": SPAN,
            "end": WINDOW,
            "id": NUMERIC,
            "include_histograms": EXACT,
            "include_metrics": EXACT,
            "last_modified": MODIFIED,
            "short_metrics": EXACT,
            "start": WINDOW,
            "status": ["exact", "in"],
            "study": EXACT,
            "study_group": EXACT,
            "user": NUMERIC,
        }
        ordering = ["id", "start", "end", "device", "user", "last_modified"]
        filter_paths = {"duration": "duration"}
        filter_aliases = {"startTimestamp": "start"}
        flag_filters = ("include_histograms", "include_metrics", "short_metrics")
        custom_filters = ("study", "study_group")

    def base_queryset(self):
        return with_live_status(super().base_queryset())

    def build_filters(self, filters=None, ignore_bad_filters=False) -> dict:
        """`status` filters see the live status: realtime only while samples arrive."""
        built = super().build_filters(filters, ignore_bad_filters)
        return {
            f"live_{key}" if key.startswith("status__") else key: value
            for key, value in built.items()
        }

    def delete_object(self, obj) -> None:
        delete_record(obj)
        transaction.on_commit(lambda: refresh_metrics_later(obj.user_id, obj.start, obj.end))

    def save(self, bundle, skip_errors=False):
        """A record moved or shrunk takes the samples it gives up with it, so none is left
        outside a record (docs/data.md)."""
        pk = bundle.obj.pk
        old = Record.objects.filter(pk=pk).values_list("start", "end").first() if pk else None
        bundle = super().save(bundle, skip_errors=skip_errors)
        if old is not None and old != (bundle.obj.start, bundle.obj.end):
            trim_record(bundle.obj, *old)
            window = (min(old[0], bundle.obj.start), max(old[1] or 0, bundle.obj.end or 0))
            transaction.on_commit(lambda: refresh_metrics_later(bundle.obj.user_id, *window))
        return bundle

    def hydrate(self, bundle):
        data = bundle.data
        if "start" not in data and "startTimestamp" in data:
            data["start"] = data["startTimestamp"]
        if bundle.obj.pk is None and data.get("end") is None:
            data["end"] = data.get("start")  # a new record may leave its end for ingest to set
        self._register_device(bundle)
        return bundle

    @staticmethod
    def _register_device(bundle) -> None:
        """A device named by its serial (HXSKIN12...) is registered on first use."""
        name = bundle.data.get("device")
        if isinstance(name, str) and not name.isdigit() and DEVICE_ID.match(name):
            bundle.data["device"] = Bundle(obj=register_device(bundle.request.user, name))

    def dehydrate_user(self, bundle) -> dict:
        return user_summary(bundle.obj.user)

    def dehydrate_start_date(self, bundle) -> str:
        return iso(bundle.obj.start)

    def dehydrate_status(self, bundle) -> str:
        return record_status(bundle.obj)

    def dehydrate_duration(self, bundle) -> str | None:
        return duration_text(bundle.obj.duration)

    def dehydrate_metrics(self, bundle) -> list:
        return metric_values.render(bundle.obj, bundle.request, [])

    def filter_study(self, queryset, value, request):
        """Studies are not part of openhexo: nobody's records belong to one."""
        return queryset.none()

    filter_study_group = filter_study
