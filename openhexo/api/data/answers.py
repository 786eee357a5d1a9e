"""The data endpoint's file answers: CSV, zip and EDF (API.md sections 3.3 to 3.5).

Built by the pure writers of openhexo/formats; the zip and the CSV stream, and the zip and
EDF read the store a chunk at a time, never decimated, always raw.
"""

import time
from collections.abc import Iterator
from dataclasses import replace

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from tastypie.exceptions import BadRequest

from openhexo.api.prefix import current_prefix
from openhexo.catalog.datatypes import catalogue
from openhexo.catalog.models import Datatype
from openhexo.formats.channels import Channel, in_blocks
from openhexo.formats.edf import edf_bytes
from openhexo.formats.hexozip import stream_zip
from openhexo.formats.table import stream_table
from openhexo.processing import metrics
from openhexo.records.timestamps import TICKS_PER_SECOND, to_datetime
from openhexo.timeseries import store

from .query import DataQuery
from .read import UserSeries, series

DAY = 24 * 3600 * 256
# Longest windows of a file: an EDF is built in memory; a WAV holds at most 4 GiB (97 days of
# ECG), and a zip's WAVs fill gaps with zeros, so a window is bounded before anything streams.
MAX_WINDOW_DAYS = {"edf": 2, "zip": 31}


def channel(datatype: Datatype, blocks, raw: bool = True, value_range=None) -> Channel:
    """A datatype as the file writers see it, its values raw or in its unit."""
    unit = datatype.unit_raw if raw else datatype.unit
    return Channel(
        id=datatype.pk,
        name=datatype.name,
        freq=datatype.freq,
        unit=unit.si_short,
        uri=f"{current_prefix()}datatype/{datatype.pk}/",
        blocks=blocks,
        gain=datatype.gain,
        offset=datatype.offset,
        physical_unit=datatype.unit.si_short,
        value_range=value_range,
    )


def answer(kind: str, query: DataQuery, parts: list[UserSeries], request) -> HttpResponse:
    if kind == "csv":
        return _csv(query, parts)
    if len(parts) > 1:
        raise BadRequest(f"A {kind} file holds one user's samples: add user=, record= or range=.")
    window = file_window(query, parts)
    days = (window[1] - window[0]) / DAY
    if days > MAX_WINDOW_DAYS[kind]:
        raise BadRequest(
            f"This {kind} would cover {days:.1f} days, more than {MAX_WINDOW_DAYS[kind]}: "
            "name a record or a range, or a shorter start and end."
        )
    if kind == "zip":
        return _zip(query, parts, window, request)
    return _edf(query, parts, window)


# --- CSV -----------------------------------------------------------------------------------


def _csv(query: DataQuery, parts: list[UserSeries]) -> HttpResponse:
    raw = not query.flag("scaled")
    tables = []
    for part in parts:
        channels = []
        for datatype in part.datatypes:
            samples = series(query, part, datatype)
            values = samples.values if raw else datatype.scaled(samples.values)
            channels.append(channel(datatype, in_blocks(samples.timestamps, values), raw))
        tables.append((f"{current_prefix()}user/{part.user.pk}/", channels))
    text = "".join(stream_table(tables, seconds=query.flag("seconds")))  # decimated: bounded
    return HttpResponse(text.encode(), content_type="text/csv")


# --- zip and EDF: whole series, raw, straight from the store --------------------------------


def _stored_channels(part: UserSeries, start: int, end: int) -> list[Channel]:
    """A channel per requested datatype, reading the store chunk by chunk when written."""
    return [_stored(part, datatype, start, end) for datatype in part.datatypes]


def _stored(part: UserSeries, datatype: Datatype, start: int, end: int) -> Channel:
    """Samples up to `end` included: a 1 Hz slot or an event may lie right at a file's end."""
    user_id, last = part.user.pk, end

    def blocks() -> Iterator[tuple]:
        if datatype.pk in part.present:
            for block in store.blocks(user_id, datatype, start, last):
                yield block.timestamps, block.values

    bounds = store.bounds(user_id, datatype, start, last) if datatype.pk in part.present else None
    return channel(datatype, blocks, value_range=bounds)


def _edf(query: DataQuery, parts: list[UserSeries], window: tuple[int, int]) -> HttpResponse:
    start, end = window
    channels = [c for c in _stored_channels(parts[0], start, end) if c.freq] if parts else []
    if not channels:
        raise BadRequest("No series with a sampling rate holds samples here: nothing for EDF.")
    try:
        body = edf_bytes(channels, start, end)
    except ValueError as error:
        raise BadRequest(f"This window cannot be written as EDF: {error}") from None
    return _attachment(HttpResponse(body, content_type="application/x-edf"), query, "edf")


# The channels of Hexoskin's record export (../shared/data/hexoskin-export): written, empty
# where there is no data as Hexoskin does, whenever no datatype is asked for, so that an
# export comes back with the members it went in with.
RECORD_EXPORT = [
    4113, 4114, 4115, 4129, 4130, 4145, 4146, 4147, 19, 1000, 33, 1001, 36, 37, 38, 39, 42,
    49, 53, 98, 99, 18, 1004, 318, 97, 34, 35, 52, 269, 270,
]  # fmt: skip


def _zip(query: DataQuery, parts: list[UserSeries], window, request) -> HttpResponse:
    start, end = window
    user = parts[0].user if parts else request.user
    part = parts[0] if parts else UserSeries(user, [], set())
    if query.datatypes is None:
        wanted = {dt.pk for dt in part.datatypes} | set(RECORD_EXPORT)
        known = catalogue()
        part = replace(part, datatypes=[known[pk] for pk in sorted(wanted) if pk in known])
    channels = _stored_channels(part, start, end)
    pieces = stream_zip(
        channels, start, end, _info(start, user, request), _statistics(query, window, user)
    )
    response = StreamingHttpResponse(pieces, content_type="application/octet-stream")
    return _attachment(response, query, "zip")


def file_window(query: DataQuery, parts: list[UserSeries]) -> tuple[int, int]:
    """[start, end) of a file: the query's bounds, or the time its samples stand for.

    So a Hexoskin record's export comes back as it was: ECG over [start, end), its 1 Hz
    channels from start + 1 s, its closing events at `end`.
    """
    datatypes = None if query.datatypes is None else [dt.pk for dt in query.datatypes]
    found = store.extents([part.user.pk for part in parts], datatypes, query.start, query.end)
    known = catalogue()
    spans = [store.time_covered(known[pk], *found[pk]) for pk in found]
    start = query.start if query.start > 0 else min((s for s, _ in spans), default=0)
    end = min(max((e for _, e in spans), default=start), query.end + 1)
    return start, max(start, end)


def _info(start: int, user, request) -> dict:
    """info.json as Hexoskin writes it; its decoder infers 256 ticks a second from `start`."""
    return {
        "start": start,
        "timestamp": start / TICKS_PER_SECOND,
        "start_date": to_datetime(start).replace(tzinfo=None).isoformat(),
        "decoder_version": "openhexo",
        "request": request.get_full_path(),
        "user": user.pk,
        "export_time": time.time(),
    }


STATISTICS = [  # statistics.csv columns as Hexoskin names them: (title, unit, metric, factor)
    ("Act Avg", "g", 1, 1), ("Act Min", "g", 3, 1), ("Act Max", "g", 4, 1),
    ("Cadence Min", "spm", 19, 1), ("Cadence Max", "spm", 20, 1), ("Cadence Avg", "spm", 17, 1),
    ("HR Avg", "bpm", 44, 1), ("HR Min", "bpm", 46, 1), ("HR Max", "bpm", 47, 1),
    ("BR Avg", "rpm", 12, 1), ("BR Min", "rpm", 14, 1), ("BR Max", "rpm", 15, 1),
    ("Energy Total", "J", 139, 4184.0),
    ("MV Avg", "L/min", 55, 0.001), ("MV Min", "L/min", 57, 0.001), ("MV Max", "L/min", 58, 0.001),
    ("Steps", "rep", 71, 1), ("Distance", "m", 2038, 1),
    ("Total Sleep Time", "s", 1032, 1), ("Sleep Efficiency", "%", 1039, 1),
]  # fmt: skip


def _statistics(query: DataQuery, window: tuple[int, int], user) -> list[list[str]]:
    """statistics.csv: names, units, then the window's row with its metrics (those processing
    stored for the record or range, else computed over the window; blank where none)."""
    start, end = window
    subject = query.record or query.span
    kind = "record" if query.record else "range"
    uri = f"{current_prefix()}{kind}/{subject.pk}/" if subject else ""
    moment = to_datetime(start).strftime("%Y-%m-%d %H:%M:%S")
    values = metrics.current(user, start, end, subject)
    cells = [_cell(values.get(pk, (None, None))[0], factor) for _, _, pk, factor in STATISTICS]
    return [
        ["uri", "start_date", "start", "end", *(title for title, _, _, _ in STATISTICS)],
        ["na"] * 4 + [unit for _, unit, _, _ in STATISTICS],
        [uri, moment, str(start), str(end), *cells],
    ]


def _cell(value: float | None, factor: float) -> str:
    if value is None:
        return ""
    scaled = value * factor
    return str(int(scaled)) if float(scaled).is_integer() else repr(round(scaled, 6))


def file_name(query: DataQuery) -> str:
    if query.record is not None:
        return f"record_{query.record.pk}"
    if query.span is not None:
        return f"range_{query.span.pk}"
    return "data"


def _attachment(response: HttpResponse, query: DataQuery, suffix: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(
        True, f"{file_name(query)}.{suffix}"
    )
    return response
