"""GET and POST of the data endpoint: negotiate, parse, read or ingest, render."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from tastypie.exceptions import BadRequest

from openhexo.api.prefix import current_prefix
from openhexo.api.responses import json_error, json_response
from openhexo.timeseries.actions import ingest
from openhexo.timeseries.store import SampleError, WindowTooLarge

from . import answers, uploads
from .cache import cached
from .ingest import parse_json, summary
from .query import parse_query
from .read import in_scope
from .render import json_answer

MAX_JSON_BYTES = 32 * 1024 * 1024  # about 1.5 M samples, ~600 MB of parsing; larger: zip
ANSWERS = {
    "application/json": "json", "text/json": "json", "text/csv": "csv",
    "application/octet-stream": "zip", "application/zip": "zip",
    "application/x-edf": "edf", "application/edf": "edf",
}  # fmt: skip
FORMAT_NAMES = {"json": "json", "csv": "csv", "zip": "zip", "binary": "zip", "edf": "edf"}


def answer_format(request) -> str:
    """json, csv, zip or edf: `?format=` first, then the first type `Accept` lists we serve."""
    named = FORMAT_NAMES.get(request.GET.get("format", "").strip().lower())
    if named:
        return named
    for item in request.META.get("HTTP_ACCEPT", "").split(","):
        found = ANSWERS.get(item.split(";")[0].strip().lower())
        if found:
            return found
    return "json"


def get(request, fixed: list[int] | None) -> HttpResponse:
    try:
        return _get(request, fixed)
    except WindowTooLarge as error:
        raise BadRequest(
            f"This window is too large to read at once ({error}): narrow it."
        ) from None


def _get(request, fixed: list[int] | None) -> HttpResponse:
    query = parse_query(request.GET, request.user, fixed)
    kind, prefix = answer_format(request), current_prefix()

    def render() -> HttpResponse:
        parts = in_scope(query)
        if kind == "json":
            return HttpResponse(json_answer(query, parts, prefix), "application/json")
        return answers.answer(kind, query, parts, request)

    response = cached(request.user, query, kind, prefix, render)
    patch_vary_headers(response, ["Accept"])
    return response


def post(request) -> HttpResponse:
    kind = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower() or "application/json"
    if ANSWERS.get(kind) == "json":
        upload = _json_upload(request)
    elif ANSWERS.get(kind) == "csv":
        upload = uploads.csv_upload(request)
    elif ANSWERS.get(kind) == "zip":
        upload = uploads.zip_upload(request, settings.MAX_UPLOAD_BYTES)
    else:
        return json_error(415, f"Samples are posted as JSON, CSV or zip, not '{kind}'.")
    prefix = current_prefix()
    try:
        stored = [summary(ingest(user.pk, pieces), user, prefix) for user, pieces in upload.items()]
    except SampleError as error:
        raise BadRequest(str(error)) from None
    return json_response(stored, status=201)


def _json_upload(request):
    body = request.read(MAX_JSON_BYTES + 1)
    if len(body) > MAX_JSON_BYTES:
        raise RequestDataTooBig(f"JSON uploads stop at {MAX_JSON_BYTES} bytes; post CSV or zip.")
    return parse_json(body, request.user, default=uploads.target(request))
