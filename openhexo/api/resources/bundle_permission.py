"""`bundle_permission`: a user's grant of a bundle over their data to another user.

Seen by the two users it joins and nobody else. Only the owner of the data grants: a POST
names the caller as `user_target` (or leaves it out) and the grantee as `user_allowed`;
naming anyone else as `user_target` is a 403 (ask them with a bundle_permission_request).
Either side ends a grant with DELETE. The bundle is rendered nested.
"""

from openhexo.accounts.models import BundlePermission
from openhexo.accounts.sharing import grant, revoke
from openhexo.api.authorization import PartiesAuthorization, forbid
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import CharField, ToOneField
from openhexo.api.resources.addressable_user import ADDRESSABLE_USER

BUNDLE = "openhexo.api.resources.bundle.BundleResource"
EXACT_OR_IN = ["exact", "in"]


class BundlePermissionResource(HexoResource):
    bundle = ToOneField(BUNDLE, "bundle", full=True)
    user_allowed = ToOneField(ADDRESSABLE_USER, "user_allowed")
    user_target = ToOneField(ADDRESSABLE_USER, "user_target")
    name = CharField(attribute="name", null=True, blank=True, max_length=150)

    class Meta(HexoMeta):
        queryset = BundlePermission.objects.select_related("bundle")
        resource_name = "bundle_permission"
        authorization = PartiesAuthorization("user_target_id", "user_allowed_id")
        list_allowed_methods = ["post", "get"]
        detail_allowed_methods = ["get", "delete"]
        filtering = {"bundle": EXACT_OR_IN, "user_allowed": EXACT_OR_IN, "user_target": EXACT_OR_IN}

    def obj_create(self, bundle, **kwargs):
        bundle.obj = BundlePermission()
        self.default_owner(bundle)
        bundle = self.full_hydrate(bundle)
        owner = bundle.request.user
        if bundle.obj.user_target_id != owner.pk:
            forbid(
                "Only the owner of the data grants access to it: 'user_target' must be you. "
                "Ask the owner with a bundle_permission_request."
            )
        bundle.obj.full_clean(validate_unique=False, validate_constraints=False)
        bundle.obj = grant(owner, bundle.obj.user_allowed, bundle.obj.bundle, bundle.obj.name)
        return bundle

    def obj_delete(self, bundle, **kwargs):
        permission = self.obj_get(bundle, **kwargs)
        revoke(permission, bundle.request.user)
