"""openhexo's own calls, in process: the chunk store, ingest, and the data endpoint's views.

`render_json` is the GET view's work without the HTTP stack (query parsing, scope, store reads,
JSON); `get` goes through Django's whole handler and middleware with the test Client (HTTP
Basic, as clients send it), without a socket.
"""

import base64

import numpy as np
from django.db import connection
from django.db.models import Sum
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext

from openhexo.api.data.answers import answer as file_answer
from openhexo.api.data.query import parse_query
from openhexo.api.data.read import in_scope
from openhexo.api.data.render import json_answer
from openhexo.catalog.models import Datatype
from openhexo.timeseries import store
from openhexo.timeseries.actions import ingest
from openhexo.timeseries.models import Chunk

from .env import PASSWORD
from .signals import Day

MAX_VALUES = 65536
ACCEPT = {"json": "application/json", "csv": "text/csv", "zip": "application/octet-stream"}


def datatypes(ids) -> dict[int, Datatype]:
    return Datatype.objects.select_related("unit", "unit_raw").in_bulk(list(ids))


def write_hours(user_id: int, day: Day, catalogue: dict, hours: int, via_ingest: bool) -> int:
    """Write `hours` of the day, an hour of every series per call; samples written."""
    written = 0
    for hour in range(hours):
        piece = day.piece(hour * 3600, (hour + 1) * 3600)
        if via_ingest:
            ingest(user_id, [(catalogue[dt], *pair) for dt, pair in piece.items()])
        else:
            store.write(user_id, {catalogue[dt]: pair for dt, pair in piece.items()})
        written += sum(times.size for times, _ in piece.values())
    return written


def write_piece(user_id: int, piece: dict, catalogue: dict) -> None:
    store.write(user_id, {catalogue[dt]: pair for dt, pair in piece.items()})


def read(user_id: int, datatype: Datatype, start: int, end: int):
    """Decode and slice: the window's samples, at most 65,536 of them (every k-th)."""
    return store.read(user_id, datatype, start, end, most=MAX_VALUES)


def params(user_id: int, datatype_ids, start: int, end: int) -> dict[str, str]:
    return {
        "user": str(user_id),
        "datatype": ",".join(map(str, datatype_ids)),
        "start": str(start),
        "end": str(end),
    }


def _query(user, datatype_ids, start: int, end: int):
    query_dict = QueryDict(mutable=True)
    query_dict.update(params(user.pk, datatype_ids, start, end))
    query = parse_query(query_dict, user)
    return query, in_scope(query)


def render_json(user, datatype_ids, start: int, end: int) -> bytes:
    """The JSON body the GET view returns, without the HTTP handler around it."""
    query, parts = _query(user, datatype_ids, start, end)
    return json_answer(query, parts, "/api/")


def render_csv(user, datatype_ids, start: int, end: int) -> bytes:
    query, parts = _query(user, datatype_ids, start, end)
    return file_answer("csv", query, parts, None).content


class Api:
    """GET /api/data/ through Django's handler, as a client authenticating with Basic."""

    def __init__(self, user) -> None:
        token = base64.b64encode(f"{user.email}:{PASSWORD}".encode()).decode()
        self.client = Client(HTTP_AUTHORIZATION=f"Basic {token}")
        self.user = user

    def _response(self, kind: str, datatype_ids, start: int, end: int):
        response = self.client.get(
            "/api/data/", params(self.user.pk, datatype_ids, start, end), HTTP_ACCEPT=ACCEPT[kind]
        )
        if response.status_code != 200:
            raise RuntimeError(f"GET /api/data/ answered {response.status_code}")
        return response

    def get(self, kind: str, datatype_ids, start: int, end: int) -> bytes:
        """The whole answer body."""
        response = self._response(kind, datatype_ids, start, end)
        return b"".join(response.streaming_content) if response.streaming else response.content

    def queries(self, kind: str, datatype_ids, start: int, end: int) -> int:
        """How many SQL statements one GET runs (authentication included)."""
        with CaptureQueriesContext(connection) as captured:
            self.get(kind, datatype_ids, start, end)
        return len(captured.captured_queries)

    def get_size(self, kind: str, datatype_ids, start: int, end: int) -> int:
        """The answer's size, consumed piece by piece (a streamed zip is never held whole)."""
        response = self._response(kind, datatype_ids, start, end)
        if not response.streaming:
            return len(response.content)
        return sum(len(piece) for piece in response.streaming_content)


def payload_bytes(datatype_id: int, user_id: int | None = None) -> tuple[int, int]:
    """(payload bytes, samples) of a datatype's chunks (of one user, or of all)."""
    chunks = Chunk.objects.filter(datatype_id=datatype_id)
    if user_id is not None:
        chunks = chunks.filter(user_id=user_id)
    sizes = [len(bytes(payload)) for payload in chunks.values_list("payload", flat=True)]
    return sum(sizes), chunks.aggregate(n=Sum("count"))["n"] or 0


def stored_samples() -> int:
    return Chunk.objects.aggregate(n=Sum("count"))["n"] or 0


def same_samples(ours, naive) -> bool:
    """The correctness gate: both systems return the same decimated window."""
    times, values = naive
    return np.array_equal(ours.timestamps, times) and np.array_equal(ours.values, values)
