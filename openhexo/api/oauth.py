"""OAuth2 as Hexoskin clients speak it, on django-oauth-toolkit.

Scopes are `readonly` and `readwrite`. A token request naming no scope gets `readwrite`
unless its client was made read-only. The token endpoint takes its parameters from the form
body, a JSON body or the query string (all three are seen in real clients), and client
credentials from HTTP Basic or `client_id`/`client_secret` parameters. A password grant only
authenticates the client's owner, as on Hexoskin, and is refused with 400 (the official
client then falls back to Basic authentication).
"""

import json

from django.http import HttpRequest, HttpResponse, QueryDict
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.views import AuthorizationView, TokenView

from openhexo.accounts.models import OAuthClient

from .lockout import locked_out_response, login_is_locked

READONLY, READWRITE = "readonly", "readwrite"
MAX_TOKEN_REQUEST_BYTES = 16 * 1024


def pkce_required(client_id: str) -> bool:
    """PKCE is required of public clients (no secret) and optional for confidential ones."""
    client = OAuthClient.objects.filter(client_id=client_id).only("client_type").first()
    return client is None or client.client_type == OAuthClient.CLIENT_PUBLIC


class HexoOAuth2Validator(OAuth2Validator):
    def get_default_scopes(self, client_id, request, *args, **kwargs) -> list[str]:
        return [READONLY] if request.client.readonly else [READWRITE]

    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs) -> bool:
        if client.readonly and READWRITE in scopes:
            return False
        return super().validate_scopes(client_id, scopes, client, request, *args, **kwargs)

    def validate_user(self, username, password, client, request, *args, **kwargs) -> bool:
        """The password grant logs in the client's own user only."""
        valid = super().validate_user(username, password, client, request, *args, **kwargs)
        return valid and (client.user_id is None or client.user_id == request.user.pk)


def token_parameters(request: HttpRequest) -> QueryDict:
    """The token request's parameters: query string, then form or JSON body over it."""
    merged = request.GET.copy()
    content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            body = {}
        for key, value in body.items() if isinstance(body, dict) else ():
            if isinstance(value, str | int | float):
                merged[key] = str(value)
    else:
        for key, values in request.POST.lists():
            merged.setlist(key, values)
    return merged


class HexoTokenView(TokenView):
    """`/api/connect/oauth2/token/`."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_TOKEN_REQUEST_BYTES:
            return HttpResponse(status=413)
        request.POST = token_parameters(request)
        request.META["QUERY_STRING"] = ""  # now in the body, where oauthlib wants them
        if request.POST.get("grant_type") == "password" and login_is_locked(
            request, request.POST.get("username", "")
        ):
            return locked_out_response()
        return super().post(request, *args, **kwargs)


class HexoAuthorizationView(AuthorizationView):
    """`/api/connect/oauth2/auth/`: log in, then consent (server-rendered, no JavaScript)."""

    template_name = "oauth2_provider/authorize.html"
