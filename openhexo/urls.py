"""Root URLs: the API under both Hexoskin prefixes."""

from django.http import HttpRequest
from django.urls import include, path

from openhexo.api.responses import json_error

urlpatterns = [
    path("api/connect/", include("openhexo.dashboard.urls")),
    path("accounts/", include("openhexo.dashboard.accounts")),
    path("api/v1/", include("openhexo.api.urls")),
    path("api/", include("openhexo.api.urls")),
]


def not_found(request: HttpRequest, exception=None):
    return json_error(404, f"No such endpoint: {request.path_info}")


handler404 = not_found
