"""The naive baseline's operations, written as a straightforward Django app would write them.

Ingest: `bulk_create(batch_size=1000)` of one `Sample` per sample. Reads: `values_list("ts",
"value")` over the window in time order; `read` turns the rows into numpy arrays and keeps
every k-th (what the product's `store.read` returns, without serialisation); the answers
slice the rows and serialise them (JsonResponse, CSV lines, WAV in a stored zip).
"""

import io
import itertools
import math
import wave
import zipfile

import numpy as np
from django.db import connection, transaction
from django.http import HttpResponse, JsonResponse

from bench.naive.models import Sample

MAX_VALUES = 65536
TABLE = Sample._meta.db_table


def ingest(user_id: int, piece: dict[int, tuple[np.ndarray, np.ndarray]]) -> int:
    """Store samples of several datatypes as rows; how many."""
    count = 0
    with transaction.atomic():
        for datatype_id, (times, values) in piece.items():
            rows = [
                Sample(user_id=user_id, datatype_id=datatype_id, ts=t, value=v)
                for t, v in zip(times.tolist(), values.tolist(), strict=True)
            ]
            Sample.objects.bulk_create(rows, batch_size=1000)
            count += len(rows)
    return count


def load_fast(user_id: int, datatype_id: int, times: np.ndarray, values: np.ndarray) -> None:
    """The same rows as `ingest`, loaded without the ORM (executemany on SQLite, COPY on
    PostgreSQL): fills the table that the read baselines query, in seconds, not minutes."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _copy(user_id, datatype_id, times, values)
            return
        rows = zip(
            itertools.repeat(user_id),
            itertools.repeat(datatype_id),
            times.tolist(),
            values.tolist(),
        )
        connection.ensure_connection()  # the sqlite3 connection itself: no per-row wrapping
        connection.connection.executemany(
            f"INSERT INTO {TABLE} (user_id, datatype_id, ts, value) VALUES (?, ?, ?, ?)", rows
        )


def _copy(user_id: int, datatype_id: int, times: np.ndarray, values: np.ndarray) -> None:
    statement = f"COPY {TABLE} (user_id, datatype_id, ts, value) FROM STDIN"
    step = 1 << 20
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for low in range(0, times.size, step):
            part = zip(
                times[low : low + step].tolist(), values[low : low + step].tolist(), strict=True
            )
            copy.write("".join(f"{user_id}\t{datatype_id}\t{t}\t{v}\n" for t, v in part))


def rows(user_id: int, datatype_id: int, start: int, end: int) -> list[tuple[int, int]]:
    """The (ts, value) rows of a window, start <= ts <= end, in time order."""
    found = Sample.objects.filter(
        user_id=user_id, datatype_id=datatype_id, ts__gte=start, ts__lte=end
    ).order_by("ts")
    return list(found.values_list("ts", "value"))


def step(count: int, most: int = MAX_VALUES) -> int:
    return max(1, math.ceil(count / most))


def read(user_id: int, datatype_id: int, start: int, end: int, most: int = MAX_VALUES):
    """(times, values) arrays of a window, every k-th row kept: fetch and slice only."""
    found = rows(user_id, datatype_id, start, end)
    flat = np.fromiter(itertools.chain.from_iterable(found), np.int64, count=2 * len(found))
    kept = flat.reshape(-1, 2)[:: step(len(found), most)]
    return kept[:, 0], kept[:, 1]


def json_answer(user_id: int, datatype_ids, start: int, end: int) -> bytes:
    """The data endpoint's JSON answer, naively: sliced rows through JsonResponse."""
    data = {}
    for datatype_id in datatype_ids:
        found = rows(user_id, datatype_id, start, end)
        data[str(datatype_id)] = found[:: step(len(found))]
    answer = [{"data": data, "user": f"/api/user/{user_id}/"}]
    return JsonResponse(answer, safe=False).content


def csv_answer(user_id: int, datatype_id: int, start: int, end: int) -> bytes:
    found = rows(user_id, datatype_id, start, end)
    lines = [f"time [s/256],{datatype_id}"]
    lines += [f"{t},{v}" for t, v in found[:: step(len(found))]]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/csv").content


def zip_answer(user_id: int, datatype_id: int, start: int, end: int, rate: int) -> bytes:
    """A stored zip holding the window's samples as one 16-bit WAV (no decimation)."""
    found = rows(user_id, datatype_id, start, end)
    samples = np.fromiter((v for _, v in found), np.int16, count=len(found))
    sound = io.BytesIO()
    with wave.open(sound, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(rate)
        recording.writeframes(samples.astype("<i2").tobytes())
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as files:
        files.writestr(f"{datatype_id}.wav", sound.getvalue())
    return archive.getvalue()


def table_bytes(table: str) -> int:
    """Bytes a table and its indexes take in the database (pages, slack included)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size(%s)", [table])
        else:
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name IN "
                "(SELECT name FROM sqlite_schema WHERE tbl_name = %s)",
                [table],
            )
        return int(cursor.fetchone()[0] or 0)


def count() -> int:
    return Sample.objects.count()
