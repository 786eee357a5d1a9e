"""Repeated failed password logins lock that account from that address for a while.

django-axes counts failures (Basic logins, password grants, the login form) per account and
address; past the limit, password logins for that pair answer 429 with `Retry-After`, so a
stranger cannot lock the owner out from everywhere.
"""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .responses import json_error


def login_is_locked(request: HttpRequest, email: str) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": email.strip().lower()})


def retry_after_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def locked_out_response(request=None, original_response=None, credentials=None) -> HttpResponse:
    """The answer to a locked login (also django-axes' AXES_LOCKOUT_CALLABLE)."""
    seconds = retry_after_seconds()
    message = f"Too many failed logins for this account from this address; retry in {seconds} s."
    return json_error(429, message, Retry_After=str(seconds))
