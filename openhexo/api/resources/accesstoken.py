"""`accesstoken`: the caller's own OAuth2 tokens, to review and revoke ("log out everywhere").

Tokens are credentials: only their own user sees them, never someone they share data with,
and the token string itself is shown masked.
"""

from django.http import HttpResponse
from oauth2_provider.models import get_access_token_model

from openhexo.accounts.clients import revoke_tokens
from openhexo.api.authorization import TokenAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.fields import CharField, DateTimeField, IdField, ToOneField, ValueField

AccessToken = get_access_token_model()


class AccessTokenResource(HexoResource):
    id = IdField()
    token = ValueField()
    application = ValueField("field", readonly=False)
    user = ToOneField("openhexo.api.resources.user.UserResource", "user", null=True)
    scope = CharField(attribute="scope", readonly=True)
    expires = DateTimeField(attribute="expires", readonly=True)

    class Meta(HexoMeta):
        queryset = AccessToken.objects.select_related("application").order_by("-id")
        resource_name = "accesstoken"
        authorization = TokenAuthorization(owner_field="user_id")
        list_allowed_methods = ["get", "delete"]
        detail_allowed_methods = ["get", "delete"]

    def dehydrate_token(self, bundle) -> str:
        return f"{bundle.obj.token[:6]}…"

    def dehydrate_application(self, bundle) -> dict | None:
        client = bundle.obj.application
        return None if client is None else {"client_id": client.client_id, "name": client.name}

    def obj_delete(self, bundle, **kwargs):
        token = self.obj_get(bundle, **kwargs)
        revoke_tokens(AccessToken.objects.filter(pk=token.pk))

    def delete_list(self, request, **kwargs):
        """Revoke every token of the caller, with the refresh tokens that could renew them."""
        revoke_tokens(self.get_object_list(request))
        return HttpResponse(status=204)
