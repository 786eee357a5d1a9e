"""`unit`: the units of the catalogue (read-only)."""

from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import CharField, IdField
from openhexo.api.lookups import NUMERIC, TEXT
from openhexo.catalog.models import Unit


class UnitResource(HexoResource):
    id = IdField()
    info = CharField(attribute="info", default="")
    si_long = CharField(attribute="si_long")
    si_short = CharField(attribute="si_short")

    class Meta(HexoMeta):
        queryset = Unit.objects.all()
        resource_name = "unit"
        authorization = OwnerAuthorization(owner_field=None)
        list_allowed_methods = ["get"]
        detail_allowed_methods = ["get"]
        filtering = {"id": NUMERIC, "name": TEXT}
        filter_paths = {"name": "si_long"}
