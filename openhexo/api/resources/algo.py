"""`algo`: versions of the algorithms that processed a record (read-only)."""

from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import DateTimeField, IdField, JSONField
from openhexo.api.lookups import NUMERIC
from openhexo.catalog.models import Algo


class AlgoResource(HexoResource):
    id = IdField()
    algorithms = JSONField(attribute="algorithms", null=True)
    created = DateTimeField(attribute="created", null=True, default=True)

    class Meta(HexoMeta):
        queryset = Algo.objects.all()
        resource_name = "algo"
        authorization = OwnerAuthorization(owner_field=None)
        list_allowed_methods = ["get"]
        detail_allowed_methods = ["get"]
        filtering = {"id": NUMERIC}
