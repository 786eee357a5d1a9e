"""`team`: a coach's list of athletes, seen and changed by its owner only.

`members` lists the active members: users who redeemed the coach bundle_permission_request
the team sent them (the owner may list themself without one). A POST, PUT or PATCH listing
new users invites them (one request each, emailed); leaving an active member out removes
them and ends the coach grant, as does deleting the team. Pending invitations are seen and
withdrawn at `/api/bundle_permission_request/`.
"""

from openhexo.accounts.models import Team
from openhexo.accounts.sharing import delete_team, set_members
from openhexo.api.authorization import PartiesAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import CharField, IdField, ToManyField, ToOneField
from openhexo.api.lookups import EXACT, NUMERIC
from openhexo.api.resources.addressable_user import ADDRESSABLE_USER

USER = "openhexo.api.resources.user.UserResource"


class TeamResource(HexoResource):
    id = IdField()
    name = CharField(attribute="name", blank=True, default="", max_length=150)
    owner = ToOneField(USER, "owner")
    members = ToManyField(ADDRESSABLE_USER, "members")

    class Meta(HexoMeta):
        queryset = Team.objects.prefetch_related("members")
        resource_name = "team"
        authorization = PartiesAuthorization("owner_id")
        list_allowed_methods = ["get", "post"]
        detail_allowed_methods = ["get", "put", "patch", "delete"]
        filtering = {"id": NUMERIC, "name": EXACT}
        ordering = ["id", "name"]

    def save_m2m(self, bundle):
        """Members go through the invitation flow, never straight into the list."""
        if "members" in bundle.data:
            set_members(bundle.obj, [member.obj for member in bundle.data["members"]])

    def obj_delete(self, bundle, **kwargs):
        team = self.obj_get(bundle, **kwargs)
        delete_team(team, bundle.request.user)
