"""`bundle`: the named permission sets users grant each other (read-only, seen by everyone).

The seeded ones: `friend` and `viewer` see the granting user's data, `coach` also changes it.
"""

from openhexo.accounts.models import PermissionBundle
from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import CharField, IdField


class BundleResource(HexoResource):
    id = IdField(readonly=False, blank=True, default="")
    name = CharField(attribute="name", unique=True)

    class Meta(HexoMeta):
        queryset = PermissionBundle.objects.all()
        resource_name = "bundle"
        authorization = OwnerAuthorization(owner_field=None)
        list_allowed_methods = ["get"]
        detail_allowed_methods = ["get"]
