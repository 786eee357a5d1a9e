"""`datatype`: the kinds of series, with frequencies and units (read-only)."""

from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import CharField, IdField, ToOneField, ValueField
from openhexo.api.lookups import EXACT, NUMERIC, TEXT
from openhexo.catalog.models import Datatype


def _number(value: float | None) -> int | float | None:
    """Whole numbers as integers (256, not 256.0); HRV's 1/300 Hz stays a float."""
    return int(value) if value is not None and float(value).is_integer() else value


class DatatypeResource(HexoResource):
    id = IdField(readonly=False, blank=True, default="")
    dataid = ValueField("integer", unique=True)
    name = CharField(attribute="name")
    info = CharField(attribute="info", default="")
    freq = ValueField("integer", null=True, blank=True, unique=True)
    hexo_freq = ValueField("integer", null=True, blank=True, unique=True)
    unit = ToOneField("openhexo.api.resources.unit.UnitResource", "unit")
    unit_raw = ToOneField("openhexo.api.resources.unit.UnitResource", "unit_raw")

    class Meta(HexoMeta):
        queryset = Datatype.objects.all()
        resource_name = "datatype"
        authorization = OwnerAuthorization(owner_field=None)
        list_allowed_methods = ["get"]
        detail_allowed_methods = ["get"]
        filtering = {"freq": [*NUMERIC, "isnull"], "id": NUMERIC, "name": TEXT, "show_all": EXACT}
        filter_paths = {"freq": "freq"}
        flag_filters = ("show_all",)

    def dehydrate_dataid(self, bundle) -> int:
        return bundle.obj.id

    def dehydrate_freq(self, bundle):
        return _number(bundle.obj.freq)

    def dehydrate_hexo_freq(self, bundle):
        return _number(bundle.obj.hexo_freq)
