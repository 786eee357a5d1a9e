"""Guards applied before any view: path normalisation and request body size limits."""

import re

from django.conf import settings
from django.urls import Resolver404, resolve

from .responses import json_error


def accepts_uploads(view):
    """Mark a view as taking sample or file uploads, up to OPENHEXO_MAX_UPLOAD_MB."""
    view.accepts_uploads = True
    return view


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Some clients join a base URL ending in "/" with "/api/...": serve "//api/x" as "/api/x".
        request.path_info = re.sub(r"^/{2,}", "/", request.path_info)
        declared = self._content_length(request)
        if declared is None:
            return json_error(400, "The Content-Length header is not a valid byte count.")
        # Resolving the view costs as much as a small query: only a body over the lower of
        # the two limits needs to know whether its view takes uploads.
        if declared <= min(settings.MAX_BODY_BYTES, settings.MAX_UPLOAD_BYTES):
            return self.get_response(request)
        limit = self._limit(request)
        if declared > limit:
            return json_error(
                413, f"The request body of {declared} bytes is over the limit of {limit} bytes."
            )
        return self.get_response(request)

    @staticmethod
    def _content_length(request) -> int | None:
        raw = request.META.get("CONTENT_LENGTH") or "0"
        raw = raw.strip()
        return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else None

    @staticmethod
    def _limit(request) -> int:
        try:
            view = resolve(request.path_info).func
        except Resolver404:
            return settings.MAX_BODY_BYTES
        uploads = getattr(view, "accepts_uploads", False)
        return settings.MAX_UPLOAD_BYTES if uploads else settings.MAX_BODY_BYTES
