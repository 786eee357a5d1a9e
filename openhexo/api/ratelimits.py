"""Per-user and per-client request limits (django-ratelimit counters in the shared cache).

Every authenticated API request counts against its user, and, when it comes through an
OAuth2 client or API key, against that client too (a client serves many users). Past either
limit the answer is 429 with `Retry-After`. Both limits are generous by default and set with
OPENHEXO_RATE_USER and OPENHEXO_RATE_CLIENT ("600/m", "20000/h"...).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django_ratelimit.core import get_usage

from .responses import json_error


def _user_key(group: str, request: HttpRequest) -> str:
    """The user, or for anonymous callers (sign-ups) their address."""
    if getattr(request.user, "is_authenticated", False):
        return str(request.user.pk)
    return "ip:" + request.META.get("REMOTE_ADDR", "")


def _client_key(group: str, request: HttpRequest) -> str:
    return request.caller.client.client_id


def _usage(request: HttpRequest, group: str, key, rate: str) -> dict | None:
    return get_usage(request, group=group, key=key, rate=rate, increment=True)


def rate_limit_refusal(request: HttpRequest) -> HttpResponse | None:
    """429 when the caller's user or client is over its limit, else None (and counted)."""
    caller = getattr(request, "caller", None)
    checks = [("openhexo.user", _user_key, settings.RATE_LIMIT_USER)]
    if caller is not None and caller.client is not None:
        checks.append(("openhexo.client", _client_key, settings.RATE_LIMIT_CLIENT))
    for group, key, rate in checks:
        usage = _usage(request, group, key, rate)
        if usage is not None and usage["should_limit"]:
            seconds = max(1, usage["time_left"])
            who = "this client" if group.endswith("client") else "this account"
            message = f"Too many requests for {who} ({rate}); retry in {seconds} s."
            return json_error(429, message, Retry_After=str(seconds))
    return None
