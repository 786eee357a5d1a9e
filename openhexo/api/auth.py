"""Who is calling: every way a request authenticates, in one module.

Today: HTTP Basic with email and password. A failed Basic login answers 401 with an empty
body, as Hexoskin's own tools expect. Verifying a password costs a deliberate ~0.3 s, so a
successful check is remembered for a few minutes in this process (keyed by an HMAC of the
credentials, invalidated by any password change) to keep scripted clients usable.
"""

import base64
import binascii
import hashlib
import hmac
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from tastypie.authentication import Authentication

from .responses import empty_response

REMEMBER_SECONDS = 300
REMEMBER_MAX = 10_000


class VerifiedCredentials:
    """A small TTL cache of (credentials digest -> user id, password hash) for this process."""

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
        return user if user is not None and user.password == entry[2] else None

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


def user_from_basic(request):
    credentials = basic_credentials(request)
    if credentials is None:
        return None
    user = verified_credentials.lookup(*credentials)
    if user is None:
        user = authenticate(request, email=credentials[0], password=credentials[1])
        if user is not None:
            verified_credentials.remember(*credentials, user)
    return user


class HexoAuthentication(Authentication):
    """Authenticates API requests; sets `request.user` or answers 401 with an empty body."""

    def is_authenticated(self, request, **kwargs):
        user = user_from_basic(request)
        if user is None or not user.is_active:
            return empty_response(401, WWW_Authenticate='Basic realm="openhexo"')
        request.user = user
        return True

    def get_identifier(self, request) -> str:
        user = getattr(request, "user", None)
        return user.email if user is not None and user.is_authenticated else "anonymous"
