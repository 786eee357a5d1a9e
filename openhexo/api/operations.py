"""The shape shared by the account operations (createuserrequest, createuser, createrelateduser,
resetpassword, changeemail): resources that call one domain function instead of editing rows.

They authenticate before anything else, so a bad login is the same 401 on every path and
method, as on every other resource. Only a resource whose Meta says `OpenToAnonymous()` lets
callers without credentials in (credentials that are sent must still be valid); a read-only
token still never writes (base.py). Domain refusals become answers: `RequestRefused` a 400,
`TooSoon` a 429 with `Retry-After`; a ValidationError is a 400 naming the field (base.py).
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from tastypie.authentication import Authentication

from openhexo.accounts.requests import RequestRefused, TooSoon

from .auth import HexoAuthentication
from .base import HexoMeta, HexoResource
from .responses import json_error

CREDENTIAL_HEADERS = (
    "HTTP_AUTHORIZATION",
    "HTTP_X_HEXOAPIKEY",
    "HTTP_X_HEXOAPISIGNATURE",
    "HTTP_X_HEXOSAPISIGNATURE",
)
MAX_NAME = 150
MAX_EMAIL = 254


def presents_credentials(request) -> bool:
    return any(request.META.get(header) for header in CREDENTIAL_HEADERS)


class OpenToAnonymous(Authentication):
    """Lets callers without credentials in as AnonymousUser; sent credentials must be valid."""

    def __init__(self):
        super().__init__()
        self.known = HexoAuthentication()

    def is_authenticated(self, request, **kwargs):
        answer = self.known.is_authenticated(request, **kwargs)
        if answer is True or presents_credentials(request):
            return answer
        request.user = AnonymousUser()
        return True

    def get_identifier(self, request) -> str:
        return self.known.get_identifier(request)


def text(data: dict, name: str, max_length: int, required: bool = False) -> str:
    """A string member of a body ("" when absent); ValidationError naming it otherwise."""
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise ValidationError({name: ["This field is required."]})
        return ""
    if not isinstance(value, str):
        raise ValidationError({name: ["Expected a string."]})
    if len(value) > max_length:
        raise ValidationError({name: [f"At most {max_length} characters."]})
    if "\x00" in value:
        raise ValidationError({name: ["Contains a NUL character."]})
    return value


class OperationMeta(HexoMeta):
    """Meta defaults of an account operation: `class Meta(OperationMeta)`."""

    include_resource_uri = False


class OperationResource(HexoResource):
    """An account operation: authenticate first, then call the domain, then render."""

    class Meta(OperationMeta):
        abstract = True

    def base_urls(self):
        """No `set/` endpoint: these objects are not fetched by id."""
        return [url for url in super().base_urls() if url.name != "api_get_multiple"]

    def dispatch(self, request_type, request, **kwargs):
        self.is_authenticated(request)
        try:
            return super().dispatch(request_type, request, **kwargs)
        except TooSoon as refusal:
            return json_error(429, str(refusal), Retry_After=str(refusal.retry_after))
        except RequestRefused as refusal:
            return json_error(400, str(refusal))

    def is_authenticated(self, request):
        """Once per request, whichever of dispatch or Tastypie asks first."""
        if getattr(request, "_operation_authenticated", False):
            return
        super().is_authenticated(request)
        request._operation_authenticated = True

    def get_object_list(self, request):
        raise NotImplementedError("account operations are not lists of rows")
