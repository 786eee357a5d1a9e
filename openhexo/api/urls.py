"""The API's URLs, served identically under /api/ and /api/v1/ (see openhexo/urls.py)."""

from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from tastypie.utils import string_to_python

from .oauth import HexoAuthorizationView, HexoTokenView
from .prefix import serving
from .resources import RESOURCES, UNLISTED
from .responses import json_error, json_response

resources = {resource._meta.resource_name: resource() for resource in RESOURCES}


@csrf_exempt
def discovery(request):
    """`GET /api/`: every resource with its list endpoint and schema, in the caller's prefix."""
    if request.method != "GET":
        return json_error(405, f"{request.method} is not allowed here; allowed: GET.", Allow="GET")
    full = string_to_python(request.GET.get("fullschema", "")) is True
    with serving(request.path_info) as prefix:
        listing = {
            name: {
                "list_endpoint": f"{prefix}{name}/",
                "schema": resource.build_schema() if full else f"{prefix}{name}/schema/",
            }
            for name, resource in sorted(resources.items())
        }
    return json_response(listing)


urlpatterns = [
    re_path(r"^$", discovery, name="api_discovery"),
    path("connect/oauth2/auth/", HexoAuthorizationView.as_view(), name="oauth2_authorize"),
    path("connect/oauth2/token/", HexoTokenView.as_view(), name="oauth2_token"),
    *(re_path(r"^", include(resource.urls)) for resource in resources.values()),
    *(re_path(r"^", include(resource().urls)) for resource in UNLISTED),
]
