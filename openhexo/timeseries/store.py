"""Write and read windows of samples in the chunk store (DESIGN.md section 4).

Writes cut samples on the grid, merge them into the chunks already there (a re-sent
timestamp replaces its value) and upsert every chunk in one transaction. Reads decode only
the chunks that overlap a window, in one index range scan per series, and slice exactly.
"""

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction
from django.db.models import F, Max, Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from openhexo.catalog.models import Datatype

from .codec import SUMMED_EVERY, Samples, decode, decode_many, encode, regular_times
from .models import Chunk, DataVersion

TICKS_PER_SECOND = 256
TICKS_PER_MINUTE = 60 * TICKS_PER_SECOND
FAST_GRID = TICKS_PER_MINUTE  # series at 64 Hz and faster: about 10 KB per ECG chunk
SLOW_GRID = 60 * TICKS_PER_MINUTE  # 1 Hz, slower and event series
FAST_HZ = 64
UPSERT_BATCH = 200  # chunks per statement: ~2 MB of ECG payload
READ_BATCH = 64  # chunks decoded at once: vectorised, and ~15 MB of ECG at most
# Decimated, a chunk costs its compressed and decompressed bytes only (1 or 2 a sample), not
# 16 bytes a sample: larger batches, fewer statements and calls, ~16 MB of ECG at most.
DECIMATED_BATCH = 512
MAX_READ_CHUNKS = 100_000  # one read: 69 days of ECG, 11 years of a 1 Hz series
EXACT_FLOAT = 2**53  # integral floats below this are integers, exactly
LAST_TICK = 253402300800 * TICKS_PER_SECOND - 1  # 9999-12-31T23:59:59.996Z


@dataclass(frozen=True)
class Span:
    """What a write stored for one series."""

    count: int
    first: int
    last: int


def joined(before: Span, after: Span) -> Span:
    """The span of two writes of one series (their samples counted once each)."""
    return Span(
        before.count + after.count, min(before.first, after.first), max(before.last, after.last)
    )


def period(datatype: Datatype) -> int | None:
    """Ticks between samples of a series, None for event series."""
    return round(TICKS_PER_SECOND / datatype.freq) if datatype.freq else None


def time_covered(datatype: Datatype, first: int, last: int) -> tuple[int, int]:
    """[start, end) of the time that samples from `first` to `last` stand for.

    A sample of a series at 1 Hz or slower closes its period (Hexoskin stamps a second's heart
    rate at its end, so a record's first one comes a second after its start); a faster sample
    opens its period; an event is an instant, and may close a window (Hexoskin's exports end
    with a position event at their end).
    """
    step = period(datatype)
    if step is None:
        return first, last
    if datatype.freq <= 1:
        return first - step, last
    return first, last + step


def grid(datatype: Datatype) -> int:
    """Ticks per grid cell for a datatype's series."""
    return FAST_GRID if datatype.freq and datatype.freq >= FAST_HZ else SLOW_GRID


def empty() -> Samples:
    return Samples(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))


def as_stored(values: np.ndarray) -> np.ndarray:
    """int64 for integer series and for floats that are all whole numbers, else float64."""
    if values.dtype.kind in "iub":
        return values.astype(np.int64)
    floats = values.astype(np.float64)
    whole = np.isfinite(floats).all() and (np.abs(floats) < EXACT_FLOAT).all()
    if whole and (np.floor(floats) == floats).all():
        return floats.astype(np.int64)
    return floats


def last_wins(times: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Samples in time order, keeping the last one given for a repeated timestamp."""
    order = np.argsort(times, kind="stable")
    times, values = times[order], values[order]
    keep = np.ones(times.size, dtype=bool)
    keep[:-1] = times[1:] != times[:-1]
    return times[keep], values[keep]


# --- writing ---------------------------------------------------------------------------


class SampleError(ValueError):
    """Samples the store refuses (the message names the datatype and the sample)."""


def _check_times(datatype: Datatype, ordered: np.ndarray) -> None:
    """Times from 1970 to the end of year 9999, what every date rendering can show."""
    if ordered.size and (ordered[0] < 0 or ordered[-1] > LAST_TICK):
        bad = int(ordered[0] if ordered[0] < 0 else ordered[-1])
        raise SampleError(
            f"{datatype.name}: timestamp {bad} lies outside 1970 to 9999 (0 to {LAST_TICK})"
        )


def write(
    user_id: int, series: Mapping[Datatype, tuple[np.ndarray, np.ndarray]], bump: bool = True
) -> dict:
    """Store samples of several datatypes at once, all or nothing; {datatype id: Span}.
    `bump=False` leaves moving the data version to a caller that writes many times."""
    spans = {}
    with transaction.atomic():
        for datatype, (times, values) in series.items():
            if np.shape(times) != np.shape(values) or np.ndim(times) != 1:
                raise ValueError(f"datatype {datatype.id}: one value per timestamp, in 1-D")
            times, values = last_wins(np.asarray(times, dtype=np.int64), as_stored(values))
            _check_times(datatype, times)
            if times.size:
                _write_series(user_id, datatype, times, values)
                spans[datatype.id] = Span(int(times.size), int(times[0]), int(times[-1]))
        if spans and bump:
            bump_versions([user_id])
    return spans


def _write_series(user_id: int, datatype: Datatype, times, values) -> None:
    cell = grid(datatype)
    starts = times // cell * cell
    cuts = np.flatnonzero(np.diff(starts)) + 1
    existing = _chunks_in(user_id, datatype.id, int(starts[0]), int(starts[-1]))
    rows = []
    for part_times, part_values in zip(np.split(times, cuts), np.split(values, cuts), strict=True):
        start = int(part_times[0] // cell * cell)
        old = existing.get(start)
        if old is not None:
            stored = decode(old.codec, bytes(old.payload))
            part_times, part_values = _merged(stored, part_times, part_values)
        rows.append(_chunk(user_id, datatype.id, start, part_times, part_values))
    Chunk.objects.bulk_create(
        rows,
        batch_size=UPSERT_BATCH,
        update_conflicts=True,
        unique_fields=["user", "datatype", "start"],
        update_fields=["first", "last", "count", "low", "high", "codec", "payload"],
    )


def _chunks_in(user_id: int, datatype_id: int, low: int, high: int) -> dict[int, Chunk]:
    found = Chunk.objects.filter(
        user_id=user_id, datatype_id=datatype_id, start__gte=low, start__lte=high
    ).only("start", "codec", "payload")
    return {chunk.start: chunk for chunk in found}


def _merged(old: Samples, times, values) -> tuple[np.ndarray, np.ndarray]:
    kind = np.result_type(old.values.dtype, values.dtype)
    return last_wins(
        np.concatenate((old.timestamps, times)),
        np.concatenate((old.values.astype(kind), values.astype(kind))),
    )


def _chunk(user_id: int, datatype_id: int, start: int, times, values) -> Chunk:
    codec, payload = encode(times, values)
    return Chunk(
        user_id=user_id,
        datatype_id=datatype_id,
        start=start,
        first=int(times[0]),
        last=int(times[-1]),
        count=int(times.size),
        low=_bound(np.nanmin, values),
        high=_bound(np.nanmax, values),
        codec=codec,
        payload=payload,
    )


def _bound(extreme, values: np.ndarray) -> float:
    """min or max ignoring nan (an unknown value); 0 for a chunk of nothing else."""
    if values.dtype.kind == "f" and np.isnan(values).all():
        return 0.0
    return float(extreme(values))


# --- reading ---------------------------------------------------------------------------


def overlapping(user_id: int, datatype: Datatype, start: int, end: int):
    """The chunks holding a user's samples of a datatype with start <= time <= end."""
    cell = grid(datatype)
    return Chunk.objects.filter(
        user_id=user_id,
        datatype_id=datatype.id,
        start__gte=start // cell * cell,
        start__lte=end,
        last__gte=start,
    )


def window(samples: Samples, start: int, end: int) -> Samples:
    """The samples with start <= time <= end (views, no copy)."""
    low = np.searchsorted(samples.timestamps, start, side="left")
    high = np.searchsorted(samples.timestamps, end, side="right")
    return Samples(samples.timestamps[low:high], samples.values[low:high])


class WindowTooLarge(ValueError):
    """A read that would decode more chunks than one request may."""


def read(user_id: int, datatype: Datatype, start: int, end: int, most: int | None = None):
    """A user's samples of one datatype with start <= time <= end, in time order; with
    `most`, every k-th of them, k = ceil(n / most) (API.md 3.2). A short window is one query;
    a long one reads the chunk counts first, then only the chunks holding a kept sample, a
    batch at a time."""
    rows = _short_window(user_id, datatype, start, end)
    if len(rows) > READ_BATCH:
        chunks = overlapping(user_id, datatype, start, end).order_by("start")
        rows = list(chunks.values_list("start", "count")[: MAX_READ_CHUNKS + 1])
    if len(rows) > MAX_READ_CHUNKS:
        raise WindowTooLarge(f"{datatype.name}: more than {MAX_READ_CHUNKS} chunks to read")
    if not rows:
        return empty()
    before, after = _outside(user_id, datatype, rows, start, end)
    total = sum(row[1] for row in rows)
    every = 1 if most is None else max(1, math.ceil((total - before - after) / most))
    parts = [
        decode_many(_payloads_of(user_id, datatype, batch), every=every, offset=offset)
        for batch, offset in _batches(rows, before, every)
    ]
    return window(_joined_samples(parts), start, end)


def _short_window(user_id: int, datatype: Datatype, start: int, end: int) -> list[tuple]:
    """(start, count, codec, payload) of the first READ_BATCH + 1 chunks of the window, in one
    statement written out: for a short window, building it with the ORM took as long as
    reading and decoding the chunks."""
    cell = grid(datatype)
    columns = ", ".join(_q(name) for name in ("start", "count", "codec", "payload"))
    sql = (
        f"SELECT {columns} FROM {_q(Chunk._meta.db_table)} WHERE {_q('user_id')} = %s"
        f" AND {_q('datatype_id')} = %s AND {_q('start')} >= %s AND {_q('start')} <= %s"
        f" AND {_q('last')} >= %s ORDER BY {_q('start')} LIMIT %s"
    )
    params = [user_id, datatype.id, start // cell * cell, end, start, READ_BATCH + 1]
    return _fetch(sql, params)


def _outside(user_id, datatype, rows: list, start: int, end: int) -> tuple[int, int]:
    """How many samples of the first chunk come before `start`, and of the last after `end`."""
    head, tail = (_payloads_of(user_id, datatype, [row])[0] for row in (rows[0], rows[-1]))
    return _count_before(head, start), _count_after(tail, end)


def _count_before(chunk: tuple[int, bytes], start: int) -> int:
    regular = regular_times(*chunk)  # the header says it: no need to decode (most chunks)
    if regular is None or regular[1] <= 0:
        return int(np.searchsorted(decode(*chunk).timestamps, start, side="left"))
    first, step, count = regular
    return min(max(0, -(-(start - first) // step)), count)


def _count_after(chunk: tuple[int, bytes], end: int) -> int:
    regular = regular_times(*chunk)
    if regular is None or regular[1] <= 0:
        times = decode(*chunk).timestamps
        return int(times.size - np.searchsorted(times, end, side="right"))
    first, step, count = regular
    return min(max(0, count - ((end - first) // step + 1)), count)


def _batches(cells: list, before: int, every: int) -> Iterator[tuple[list, int]]:
    """Runs of consecutive chunks holding kept samples (indexes before + j * every), at most
    READ_BATCH long (DECIMATED_BATCH when decimating), each with the offset of its first kept
    sample within it."""
    longest = DECIMATED_BATCH if every >= SUMMED_EVERY else READ_BATCH
    batch, batch_offset, position = [], 0, 0
    for cell in cells:
        kept = before if position <= before else before + -(-(position - before) // every) * every
        holds = kept < position + cell[1]
        if batch and (not holds or len(batch) == longest):
            yield batch, batch_offset
            batch = []
        if holds:
            if not batch:
                batch_offset = kept - position
            batch.append(cell)
        position += cell[1]
    if batch:
        yield batch, batch_offset


def _payloads_of(user_id: int, datatype: Datatype, rows: list) -> list[tuple[int, bytes]]:
    """(codec, payload) of chunks given as (start, count[, codec, payload]) rows: fetched
    only when the rows do not carry them already."""
    if all(len(row) == 4 for row in rows):
        return [(codec, bytes(payload)) for _, _, codec, payload in rows]
    sql = (
        f"SELECT {_q('codec')}, {_q('payload')} FROM {_q(Chunk._meta.db_table)}"
        f" WHERE {_q('user_id')} = %s AND {_q('datatype_id')} = %s"
        f" AND {_q('start')} IN ({_marks(rows)}) ORDER BY {_q('start')}"
    )
    found = _fetch(sql, [user_id, datatype.id, *(row[0] for row in rows)])
    return [(codec, bytes(payload)) for codec, payload in found]


def _joined_samples(parts: list[Samples]) -> Samples:
    if len(parts) == 1:
        return parts[0]
    kind = np.result_type(*(part.values.dtype for part in parts))
    return Samples(
        np.concatenate([part.timestamps for part in parts]),
        np.concatenate([part.values.astype(kind, copy=False) for part in parts]),
    )


def blocks(user_id: int, datatype: Datatype, start: int, end: int) -> Iterator[Samples]:
    """The same samples as `read`, chunk by chunk: bounded memory for streamed answers (the
    chunks' starts first, then their payloads READ_BATCH at a time)."""
    chunks = overlapping(user_id, datatype, start, end).order_by("start")
    cells = list(chunks.values_list("start", flat=True))
    for low in range(0, len(cells), READ_BATCH):
        rows = [(cell, 0) for cell in cells[low : low + READ_BATCH]]
        for codec, payload in _payloads_of(user_id, datatype, rows):
            part = window(decode(codec, payload), start, end)
            if part.timestamps.size:
                yield part


def bounds(user_id: int, datatype: Datatype, start: int, end: int) -> tuple[float, float] | None:
    """Bounds of the values in a window (of the chunks overlapping it), or None if empty."""
    found = overlapping(user_id, datatype, start, end).aggregate(low=Min("low"), high=Max("high"))
    return None if found["low"] is None else (found["low"], found["high"])


def _touching(user_ids: list[int], start: int, end: int, datatype_ids: list[int] | None = None):
    """Chunks of these users (and datatypes) overlapping [start, end]: a bounded index scan,
    since no cell is longer than the slow grid."""
    chunks = Chunk.objects.filter(
        user_id__in=user_ids, start__gte=start - SLOW_GRID, start__lte=end, last__gte=start
    )
    return chunks if datatype_ids is None else chunks.filter(datatype_id__in=datatype_ids)


def present(user_ids: list[int], datatype_ids: list[int] | None, start: int, end: int) -> set:
    """(user id, datatype id) pairs with samples in [start, end] (at chunk resolution); written
    out, as every data request asks it (the ORM took longer to build it than to run it)."""
    if not user_ids or datatype_ids == []:
        return set()
    sql = (
        f"SELECT DISTINCT {_q('user_id')}, {_q('datatype_id')} FROM {_q(Chunk._meta.db_table)}"
        f" WHERE {_q('user_id')} IN ({_marks(user_ids)}) AND {_q('start')} >= %s"
        f" AND {_q('start')} <= %s AND {_q('last')} >= %s"
    )
    params = [*user_ids, start - SLOW_GRID, end, start]
    if datatype_ids is not None:
        sql += f" AND {_q('datatype_id')} IN ({_marks(datatype_ids)})"
        params += datatype_ids
    return set(_fetch(sql, params))


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _marks(items: list) -> str:
    return ", ".join(["%s"] * len(items))


def _fetch(sql: str, params: list) -> list[tuple]:
    if connection.vendor == "postgresql":
        return _fetch_binary(sql, params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _fetch_binary(sql: str, params: list) -> list[tuple]:
    """PostgreSQL rows in its binary format, on the same connection and transaction: Django's
    cursors bind on the client, which answers bytea as hex text, twice the bytes to move and
    decode (a day of ECG payloads: 47 ms instead of 105-130)."""
    import psycopg

    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:  # server-side binding
        cursor.execute(sql, params, binary=True)
        return cursor.fetchall()


def extents(user_ids: list[int], datatype_ids: list[int] | None, start: int, end: int) -> dict:
    """{datatype id: (first, last)} of the samples in [start, end], clamped to it."""
    found = (
        _touching(user_ids, start, end, datatype_ids)
        .values("datatype_id")
        .annotate(first=Min("first"), last=Max("last"))
    )
    return {row["datatype_id"]: (max(row["first"], start), min(row["last"], end)) for row in found}


# --- deleting --------------------------------------------------------------------------


def delete(user_id: int, start: int, end: int, datatype_ids: list[int] | None = None) -> int:
    """Remove a user's samples (of every datatype, or of these) with start <= time <= end;
    how many."""
    removed = 0
    with transaction.atomic():
        touched = _touching([user_id], start, end, datatype_ids)
        for chunk in touched.select_for_update():
            samples = decode(chunk.codec, bytes(chunk.payload))
            kept = (samples.timestamps < start) | (samples.timestamps > end)
            removed += int(samples.timestamps.size - kept.sum())
            _replace(chunk, samples.timestamps[kept], samples.values[kept])
        if removed:
            bump_versions([user_id])
    return removed


def _replace(chunk: Chunk, times: np.ndarray, values: np.ndarray) -> None:
    if not times.size:
        chunk.delete()
        return
    fresh = _chunk(chunk.user_id, chunk.datatype_id, chunk.start, times, values)
    fresh.pk = chunk.pk
    fresh.save()


# --- versions --------------------------------------------------------------------------


def bump_versions(user_ids) -> None:
    """Move the data version of these users (inside the caller's transaction)."""
    for user_id in user_ids:
        updated = DataVersion.objects.filter(user_id=user_id).update(version=F("version") + 1)
        if not updated:
            DataVersion.objects.get_or_create(user_id=user_id, defaults={"version": 1})


def with_versions(users: QuerySet) -> QuerySet:
    """Users annotated with their `data_version` (0 before any write), in the same query."""
    current = DataVersion.objects.filter(user_id=OuterRef("pk")).values("version")[:1]
    return users.annotate(data_version=Coalesce(Subquery(current), 0))


def versions(user_ids) -> dict[int, int]:
    found = dict(DataVersion.objects.filter(user_id__in=user_ids).values_list("user_id", "version"))
    return {user_id: found.get(user_id, 0) for user_id in user_ids}
