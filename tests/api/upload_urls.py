"""URLs for the middleware tests: an upload view next to the real API."""

from django.http import JsonResponse
from django.urls import include, path

from openhexo.api.middleware import accepts_uploads


@accepts_uploads
def receive(request):
    return JsonResponse({"received": len(request.body)})


urlpatterns = [path("upload/", receive), path("api/", include("openhexo.api.urls"))]
