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

    def hydrate(self, bundle):
        """A body without an owner keeps the team's (a new team's is the caller's)."""
        owner = bundle.request.user.pk if bundle.obj.pk is None else bundle.obj.owner_id
        bundle.data.setdefault("owner", owner)
        return bundle
