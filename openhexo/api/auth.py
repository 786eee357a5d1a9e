"""Who is calling: every way a request authenticates, in one module.

In order: an OAuth2 bearer token; the Hexoskin API-key signature (`X-HEXOAPIKEY`,
`X-HEXOTIMESTAMP`, `X-HEXOAPISIGNATURE` = sha1(private key + timestamp + the URL exactly as
sent)), alone or with HTTP Basic; HTTP Basic with email and password; the browser session of
the web pages (CSRF-checked for writes). A failed Basic login answers 401 with an empty body,
as Hexoskin's own tools expect; a bad signature 401 `{"error": "API signature failed."}`.

Verifying a password costs a deliberate ~0.3 s, so a successful check is remembered for a few
minutes in this process (keyed by an HMAC of the credentials, invalidated by any password
change) to keep scripted clients usable.
"""

import base64
import binascii
import hashlib
import hmac
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.middleware.csrf import CsrfViewMiddleware
from oauth2_provider.oauth2_backends import get_oauthlib_core
from tastypie.authentication import Authentication

from openhexo.accounts.models import OAuthClient

from .lockout import locked_out_response, login_is_locked
from .responses import empty_response, json_error

REMEMBER_SECONDS = 300
REMEMBER_MAX = 10_000
SIGNATURE_SKEW_SECONDS = 300
SIGNATURE_FAILED = "API signature failed."
READONLY, READWRITE = "readonly", "readwrite"


class VerifiedCredentials:
    """A small TTL cache of (credentials digest -> user id, password hash) for this process;
    an entry stops working when the user's email or password changes."""

    def __init__(self) -> None:
        self._entries: OrderedDict[bytes, tuple[float, int, str]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def digest(email: str, password: str) -> bytes:
        message = f"{email}\0{password}".encode()
        return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()

    def lookup(self, email: str, password: str):
        with self._lock:
            entry = self._entries.get(self.digest(email, password))
        if entry is None or entry[0] < time.monotonic():
            return None
        user = get_user_model().objects.filter(pk=entry[1], is_active=True).first()
        unchanged = user is not None and (user.email, user.password) == (email, entry[2])
        return user if unchanged else None

    def remember(self, email: str, password: str, user) -> None:
        with self._lock:
            self._entries[self.digest(email, password)] = (
                time.monotonic() + REMEMBER_SECONDS,
                user.pk,
                user.password,
            )
            while len(self._entries) > REMEMBER_MAX:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


verified_credentials = VerifiedCredentials()


@dataclass
class Caller:
    """Who a request acts for, through which client, with which scopes."""

    user: object
    scopes: frozenset[str]
    client: OAuthClient | None = None


class Refused(Exception):
    """Authentication failed; `response` says why."""

    def __init__(self, response):
        super().__init__(response.status_code)
        self.response = response


def basic_credentials(request) -> tuple[str, str] | None:
    """(email, password) from an `Authorization: Basic` header, or None."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    email, separator, password = decoded.partition(":")
    return (email.strip().lower(), password) if separator else None


def user_from_basic(request, credentials: tuple[str, str]):
    """The user these credentials open, or None; 429 while the pair is locked out."""
    email, password = credentials
    if login_is_locked(request, email):
        raise Refused(locked_out_response())
    user = verified_credentials.lookup(email, password)
    if user is None:
        user = authenticate(request, username=email, password=password)
        if user is not None:
            verified_credentials.remember(email, password, user)
    return user if user is not None and user.is_active else None


def bearer_caller(request) -> Caller | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    valid, oauth_request = get_oauthlib_core().verify_request(request, scopes=[])
    access = getattr(oauth_request, "access_token", None)
    if not valid or access is None:
        refusal = json_error(401, "The access token is invalid or has expired.")
        refusal["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        raise Refused(refusal)
    user = access.user or access.application.user  # a client-credentials token: its owner
    return Caller(user, frozenset(access.scope.split()), access.application)


def signed_url(request) -> str:
    """The URL as the client sent it: raw path and query, not re-encoded."""
    raw = request.META.get("RAW_URI") or request.META.get("REQUEST_URI")
    if not raw:
        query = request.META.get("QUERY_STRING", "")
        raw = request.META.get("PATH_INFO", "") + (f"?{query}" if query else "")
    return f"{request.scheme}://{request.get_host()}{raw}"


def signature_client(request) -> OAuthClient | None:
    """The API key that signed this request, None if unsigned; Refused if the signature fails."""
    key = request.META.get("HTTP_X_HEXOAPIKEY")
    signature = request.META.get("HTTP_X_HEXOAPISIGNATURE") or request.META.get(
        "HTTP_X_HEXOSAPISIGNATURE"  # the misspelling of the v1 documentation's example
    )
    if not key and not signature:
        return None
    stamp = request.META.get("HTTP_X_HEXOTIMESTAMP", "")
    client = OAuthClient.objects.filter(client_id=key or "", hash_client_secret=False).first()
    if client is None or not stamp.isdigit() or not signature:
        raise Refused(json_error(401, SIGNATURE_FAILED))
    if abs(time.time() - int(stamp)) > SIGNATURE_SKEW_SECONDS:
        raise Refused(json_error(401, SIGNATURE_FAILED))
    expected = hashlib.sha1(f"{client.client_secret}{stamp}{signed_url(request)}".encode())
    if not hmac.compare_digest(expected.hexdigest(), signature.strip().lower()):
        raise Refused(json_error(401, SIGNATURE_FAILED))
    return client


def client_scopes(client: OAuthClient | None) -> frozenset[str]:
    if client is not None and client.readonly:
        return frozenset({READONLY})
    return frozenset({READONLY, READWRITE})


def key_or_basic_caller(request) -> Caller | None:
    client = signature_client(request)
    credentials = basic_credentials(request)
    if credentials is None:
        return None if client is None else Caller(client.user, client_scopes(client), client)
    if settings.REQUIRE_SIGNATURE and client is None:
        raise Refused(json_error(401, "A valid API signature is required with HTTP Basic."))
    user = user_from_basic(request, credentials)
    if user is None:
        raise Refused(empty_response(401, WWW_Authenticate='Basic realm="openhexo"'))
    if client is not None and client.user_id != user.pk:
        raise Refused(json_error(401, SIGNATURE_FAILED))  # a key signs for its own user only
    return Caller(user, client_scopes(client), client)


def session_caller(request) -> Caller | None:
    """The web pages' own session; writes must carry the CSRF token."""
    user = getattr(request, "_cached_user", None) or getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        check = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
        if check is not None:
            raise Refused(json_error(403, "CSRF verification failed for this session request."))
    return Caller(user, client_scopes(None))


def identify(request) -> Caller | None:
    for method in (bearer_caller, key_or_basic_caller, session_caller):
        caller = method(request)
        if caller is not None:
            return caller
    return None


class HexoAuthentication(Authentication):
    """Authenticates API requests; sets `request.user` and `request.caller`, or refuses."""

    def is_authenticated(self, request, **kwargs):
        try:
            caller = identify(request)
        except Refused as refusal:
            return refusal.response
        if caller is None or caller.user is None or not caller.user.is_active:
            return empty_response(401, WWW_Authenticate='Basic realm="openhexo"')
        request.user, request.caller = caller.user, caller
        return True

    def get_identifier(self, request) -> str:
        user = getattr(request, "user", None)
        return user.email if user is not None and user.is_authenticated else "anonymous"
