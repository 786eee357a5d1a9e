"""`bundle_permission_request`: asking a user to grant a bundle over their data, by email.

POST `{"user_target", "bundle", ["user_allowed"], ["ttl"]}` (user_allowed defaults to the
caller, ttl to a week, in seconds) emails user_target a redeem link. A request is addressed
by its token, `/api/bundle_permission_request/<token>/`: GET inspects it, an empty PUT by
user_target redeems it (once, before it expires), DELETE by either side cancels it. Only the
requester and user_target see it. `ttl` renders the seconds left (0 once expired, null once
redeemed).
"""

import re
from datetime import timedelta

from tastypie.exceptions import ApiFieldError

from openhexo.accounts.models import BundlePermissionRequest
from openhexo.accounts.sharing import (
    DEFAULT_TTL,
    MAX_TTL,
    cancel_request,
    redeem,
    redeem_url,
    request_permission,
    seconds_left,
)
from openhexo.api.authorization import PartiesAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import IntegerField, ToOneField, ValueField
from openhexo.api.resources.addressable_user import ADDRESSABLE_USER

BUNDLE = "openhexo.api.resources.bundle.BundleResource"
TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_TTL_SECONDS = int(MAX_TTL.total_seconds())
UNSENT = ["token", "requested_by", "expires"]  # set by request_permission


class BundlePermissionRequestResource(HexoResource):
    bundle = ToOneField(BUNDLE, "bundle")
    user_allowed = ToOneField(ADDRESSABLE_USER, "user_allowed")
    user_target = ToOneField(ADDRESSABLE_USER, "user_target")
    redeem_url = ValueField("string", readonly=False, null=True, blank=True)
    ttl = IntegerField(null=True, blank=True, help_text="Seconds the request stays redeemable.")

    class Meta(HexoMeta):
        queryset = BundlePermissionRequest.objects.all()
        resource_name = "bundle_permission_request"
        detail_uri_name = "token"
        authorization = PartiesAuthorization("requested_by_id", "user_target_id")
        list_allowed_methods = ["get", "post"]
        detail_allowed_methods = ["get", "put", "delete"]

    def lookup_for(self, reference) -> dict:
        token = str(reference).strip()
        if not TOKEN.match(token):
            raise ValueError(f"'{reference}' is not a request token.")
        return {"token": token}

    def dehydrate_redeem_url(self, bundle) -> str:
        return redeem_url(bundle.obj)

    def dehydrate_ttl(self, bundle) -> int | None:
        return seconds_left(bundle.obj)

    def requested_ttl(self, bundle) -> timedelta:
        seconds = self.fields["ttl"].hydrate(bundle)
        if seconds is None:
            return DEFAULT_TTL
        if not 0 < seconds <= MAX_TTL_SECONDS:
            raise ApiFieldError(f"The 'ttl' field expects seconds from 1 to {MAX_TTL_SECONDS}.")
        return timedelta(seconds=seconds)

    def obj_create(self, bundle, **kwargs):
        requester = bundle.request.user
        bundle.data.setdefault("user_allowed", requester.pk)
        bundle.obj = BundlePermissionRequest()
        bundle = self.full_hydrate(bundle)
        bundle.obj.full_clean(exclude=UNSENT, validate_unique=False, validate_constraints=False)
        bundle.obj = request_permission(
            requested_by=requester,
            user_target=bundle.obj.user_target,
            user_allowed=bundle.obj.user_allowed,
            bundle=bundle.obj.bundle,
            ttl=self.requested_ttl(bundle),
        )
        return bundle

    def put_detail(self, request, **kwargs):
        """An empty PUT (any body is ignored) by user_target redeems the request."""
        self.body(request)
        lookup = self.remove_api_resource_names(kwargs)
        asked = self.obj_get(self.build_bundle(request=request), **lookup)
        redeem(asked.token, request.user)
        asked.refresh_from_db()
        return self.render(request, asked)

    def obj_delete(self, bundle, **kwargs):
        asked = self.obj_get(bundle, **kwargs)
        cancel_request(asked, bundle.request.user)
