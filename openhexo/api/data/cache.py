"""Data answers over closed windows, kept in the cache every serving process shares.

The key holds who asks, the resolved query (window, datatypes, flags, format, URI prefix) and,
for every user in scope, that user's data version: a write, a deletion, a new or revoked
share or an edited record changes the key, so no stale answer is ever served. A hit carries
`X-HexoCache: <unix time of caching>` (API.md section 1.10).
"""

import hashlib
import time
from collections.abc import Callable

from django.core.cache import caches
from django.http import HttpResponse

from openhexo.records.timestamps import TICKS_PER_SECOND

from .query import DataQuery

MAX_CACHED_BYTES = 8 * 1024 * 1024
# Storing an answer costs ~25 ms per MB (pickle, zlib, file): answers quicker to make than
# that are made again instead (a 5-minute ECG window takes ~10 ms, a day's ~100 ms).
WORTH_CACHING_SECONDS = 0.05
CACHED_FORMATS = ("json", "csv")  # decimated, so bounded; zip and EDF are whole series


def cacheable(query: DataQuery, kind: str) -> bool:
    """Only answers whose window has closed: the realtime case and open ends are not kept."""
    now = int(time.time() * TICKS_PER_SECOND)
    closed = not query.open_ended and query.end < now
    return kind in CACHED_FORMATS and not query.empty and closed


def key(caller, query: DataQuery, kind: str, prefix: str) -> str:
    owners = [(user.pk, user.data_version) for user in query.users]
    datatypes = None if query.datatypes is None else [dt.pk for dt in query.datatypes]
    parts = (
        caller.pk, kind, prefix, datatypes, query.start, query.end, query.max_values,
        sorted(query.flags), owners,
    )  # fmt: skip
    return "answer:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def cached(caller, query: DataQuery, kind: str, prefix: str, render: Callable) -> HttpResponse:
    """The answer from the cache when it is there, else rendered (and kept if small enough)."""
    if not cacheable(query, kind):
        return render()
    store, entry_key = caches["data"], key(caller, query, kind, prefix)
    hit = store.get(entry_key)
    if hit is not None:
        made, content_type, body = hit
        return HttpResponse(body, content_type=content_type, headers={"X-HexoCache": str(made)})
    began = time.perf_counter()
    response = render()
    slow = time.perf_counter() - began >= WORTH_CACHING_SECONDS
    if slow and len(response.content) <= MAX_CACHED_BYTES:
        entry = (int(time.time()), response["Content-Type"], response.content)
        store.set(entry_key, entry)
    return response
