"""URLs for the middleware tests: an upload view next to the real API."""

from django.http import JsonResponse
from django.urls import include, path

from openhexo.api.middleware import accepts_uploads


@accepts_uploads
def receive(request):
    """Counts the body as upload views must read it: streamed, never held whole."""
    received = 0
    while chunk := request.read(64 * 1024):
        received += len(chunk)
    return JsonResponse({"received": received})


urlpatterns = [path("upload/", receive), path("api/", include("openhexo.api.urls"))]
