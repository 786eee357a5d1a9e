"""`contenttype`: the kinds of objects openhexo stores (read-only)."""

from django.contrib.contenttypes.models import ContentType

from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import CharField

OUR_APPS = ("accounts", "catalog", "records")


class ContentTypeResource(HexoResource):
    model = CharField(attribute="model")

    class Meta(HexoMeta):
        queryset = ContentType.objects.filter(app_label__in=OUR_APPS).order_by("id")
        resource_name = "contenttype"
        authorization = OwnerAuthorization(owner_field=None)
        list_allowed_methods = ["get"]
        detail_allowed_methods = ["get"]
