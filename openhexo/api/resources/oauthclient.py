"""`oauthclient`: the caller's own OAuth2 clients and API keys (secrets are never shown)."""

from openhexo.accounts.models import OAuthClient
from openhexo.api.authorization import PrivateAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import BooleanField, CharField, IdField, ToOneField, ValueField

REDIRECT_URIS_MAX = 4000


class OAuthClientResource(HexoResource):
    id = IdField()
    client_id = CharField(attribute="client_id", readonly=True)
    name = CharField(attribute="name", blank=True, max_length=255)
    client_type = CharField(attribute="client_type", readonly=True)
    authorization_grant_type = CharField(attribute="authorization_grant_type", readonly=True)
    grant_types = ValueField("list")
    redirect_uris = CharField(attribute="redirect_uris", blank=True, max_length=REDIRECT_URIS_MAX)
    skip_authorization = BooleanField(attribute="skip_authorization", readonly=True)
    internality = ValueField("integer")
    readonly = BooleanField(attribute="readonly", readonly=True)
    is_api_key = BooleanField(attribute="is_api_key", readonly=True)
    user = ToOneField("openhexo.api.resources.user.UserResource", "user", readonly=True)

    class Meta(HexoMeta):
        queryset = OAuthClient.objects.all()
        resource_name = "oauthclient"
        authorization = PrivateAuthorization(owner_field="user_id")
        list_allowed_methods = ["get"]
        detail_allowed_methods = ["get", "put", "patch"]

    def dehydrate_grant_types(self, bundle) -> list[str]:
        return [bundle.obj.authorization_grant_type, *bundle.obj.extra_grant_types]

    def dehydrate_internality(self, bundle) -> int:
        return 0  # every client is external: openhexo has no privileged first-party apps
