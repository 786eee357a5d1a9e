"""`metric`: the catalogue of metrics computed over records and ranges (read-only)."""

from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import BooleanField, CharField, IdField, ToOneField, ValueField
from openhexo.api.lookups import EXACT, NUMERIC, TEXT
from openhexo.catalog.models import Metric


class MetricResource(HexoResource):
    id = IdField()
    name = CharField(attribute="name", readonly=True, unique=True)
    description = CharField(attribute="description", readonly=True, blank=True, default="")
    type = CharField(attribute="type", readonly=True, unique=True)
    unit = ToOneField("openhexo.api.resources.unit.UnitResource", "unit", readonly=True)
    is_kpi = BooleanField(attribute="is_kpi", readonly=True, unique=True)
    writable = BooleanField(attribute="writable", readonly=True, unique=True)
    value = ValueField(readonly=False)

    class Meta(HexoMeta):
        queryset = Metric.objects.all()
        resource_name = "metric"
        authorization = OwnerAuthorization(owner_field=None)
        list_allowed_methods = ["get"]
        detail_allowed_methods = ["get"]
        filtering = {"id": NUMERIC, "is_kpi": EXACT, "name": TEXT, "show_all": EXACT}
        ordering = ["id"]
        flag_filters = ("show_all",)
