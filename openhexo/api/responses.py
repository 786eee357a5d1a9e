"""Small response builders shared by the API: JSON bodies and explained refusals."""

import orjson
from django.http import HttpResponse


def json_response(data, status: int = 200, **headers: str) -> HttpResponse:
    body = orjson.dumps(data, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    response = HttpResponse(body, status=status, content_type="application/json")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def json_error(status: int, message: str, **headers: str) -> HttpResponse:
    """A refusal that explains itself: `{"error": "..."}`."""
    return json_response({"error": message}, status=status, **headers)


def empty_response(status: int, **headers: str) -> HttpResponse:
    """Hexoskin's bodiless answer to bad credentials: a 401 its own tools test for."""
    response = HttpResponse(b"", status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response
