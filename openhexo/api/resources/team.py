"""`team`: a coach's list of athletes."""

from openhexo.accounts.models import Team
from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import CharField, IdField, ToManyField, ToOneField
from openhexo.api.lookups import EXACT, NUMERIC

USER = "openhexo.api.resources.user.UserResource"


class TeamResource(HexoResource):
    id = IdField()
    name = CharField(attribute="name", blank=True, default="", max_length=150)
    owner = ToOneField(USER, "owner")
    members = ToManyField(USER, "members")

    class Meta(HexoMeta):
        queryset = Team.objects.prefetch_related("members")
        resource_name = "team"
        authorization = OwnerAuthorization(owner_field="owner_id")
        list_allowed_methods = ["get", "post"]
        detail_allowed_methods = ["get", "put", "patch", "delete"]
        filtering = {"id": NUMERIC, "name": EXACT}
        ordering = ["id", "name"]
