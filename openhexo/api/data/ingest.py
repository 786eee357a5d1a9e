"""Request bodies of `POST /api/data/` turned into arrays per user and datatype, checked whole.

The JSON body is what `GET` answers: `[{"user": "<uri>", "data": {"<id>": [[ts, v], ...]}}]`.
Nothing is stored unless every part of the body is valid and every user is writable.
"""

import gc
import math
from collections import defaultdict
from contextlib import contextmanager
from itertools import chain

import numpy as np
import orjson
from django.core.exceptions import PermissionDenied
from tastypie.exceptions import BadRequest

from openhexo.accounts.models import User
from openhexo.accounts.visibility import readable_users, writable_users
from openhexo.catalog.models import Datatype

from .query import known_datatypes, reference_id

Piece = tuple[Datatype, np.ndarray, np.ndarray]  # datatype, int64 timestamps, raw values
Upload = dict[User, list[Piece]]
INT64_LIMIT = float(2**63)


@contextmanager
def collection_paused():
    """A JSON body of samples is millions of small lists and ints, none of them cyclic: the
    garbage collector's passes over them would take more time than parsing them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_json(body: bytes, caller, default=None) -> Upload:
    """The pieces per user of a JSON body; entries without a user are `default`'s (the
    caller's unless `?user=` named someone)."""
    with collection_paused():
        return _parsed(body, caller, default or caller)


def _parsed(body: bytes, caller, default) -> Upload:
    try:
        entries = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise BadRequest(f"The request body is not valid JSON: {error}.") from None
    entries = [entries] if isinstance(entries, dict) else entries
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise BadRequest('The body must be [{"user": "<uri>", "data": {"<datatype id>": [...]}}].')
    upload: Upload = defaultdict(list)
    for entry in entries:
        named = entry.get("user")
        user = default if named is None else writable_user(named, caller)
        upload[user] += _series_of(entry.get("data"), body)
    return {user: _one_piece_per_datatype(pieces) for user, pieces in upload.items()}


def _one_piece_per_datatype(pieces: list[Piece]) -> list[Piece]:
    """A datatype sent in several entries for one user becomes one piece (the later sample
    wins on a shared timestamp), so the answer counts every stored sample once."""
    grouped: dict[int, list[Piece]] = defaultdict(list)
    for piece in pieces:
        grouped[piece[0].pk].append(piece)
    return [
        parts[0] if len(parts) == 1 else (
            parts[0][0],
            np.concatenate([times for _, times, _ in parts]),
            np.concatenate([values for _, _, values in parts]),
        )
        for parts in grouped.values()
    ]  # fmt: skip


def writable_user(reference, caller) -> User:
    """The user a body names (the caller when absent), if the caller may write their data."""
    if reference is None:
        return caller
    user = _visible_user(reference, caller)
    if not writable_users(caller).filter(pk=user.pk).exists():
        raise PermissionDenied(f"You may not write data of user {user.pk}: that needs a coach.")
    return user


def _visible_user(reference, caller) -> User:
    text = str(reference).strip() if isinstance(reference, str | int) else ""
    visible = readable_users(caller)
    if "@" in text:
        found = visible.filter(email=text.lower()).first()
    else:
        found = visible.filter(pk=int(reference_id(text, "user"))).first() if text else None
    if found is None:
        raise BadRequest(f"'user': no user {reference!r} visible to you.")
    return found


def _series_of(data, body: bytes) -> list[Piece]:
    if not isinstance(data, dict):
        raise BadRequest("'data' must be an object keyed by datatype id.")
    ids = {key: int(reference_id(str(key), "datatype")) for key in data}
    datatypes = {dt.pk: dt for dt in known_datatypes(list(dict.fromkeys(ids.values())))}
    strict = b"true" in body or b"false" in body or b"null" in body
    return [(datatypes[ids[key]], *pair_arrays(pairs, key, strict)) for key, pairs in data.items()]


def pair_arrays(pairs, key: str, strict: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(int64 timestamps, values) of a list of [timestamp, value] pairs, or BadRequest."""
    label = f"data['{key}']"
    if not isinstance(pairs, list):
        raise BadRequest(f"{label} must be a list of [timestamp, value] pairs.")
    if strict:
        pairs = _nulls_as_nan(pairs, label)
    table = _table(pairs)
    if table is None or table.ndim != 2 or table.shape[1] != 2:
        raise BadRequest(f"{label} must be a list of [timestamp, value] pairs.")
    if table.dtype.kind not in "if":
        raise BadRequest(f"{label} holds a value that is not a number or beyond 64-bit integers.")
    return _checked_times(table[:, 0], label), table[:, 1].copy()


def _table(pairs: list) -> np.ndarray | None:
    """The pairs as an n x 2 array, None if they are not all pairs of scalars. Flattened first:
    numpy converts one flat list of numbers in half the time of a list of small lists."""
    if not pairs:
        return np.empty((0, 2), dtype=np.int64)
    try:
        if set(map(len, pairs)) != {2}:
            return None
        return np.array(list(chain.from_iterable(pairs))).reshape(-1, 2)
    except (TypeError, ValueError, OverflowError):
        return None  # a pair that is a number, a nested list, an integer beyond 64 bits


def _nulls_as_nan(pairs: list, label: str) -> list:
    """A null value is an unknown one (nan, as GET writes it back); a null timestamp and
    booleans, which numpy would take for numbers, are refused by name."""
    checked = []
    for index, pair in enumerate(pairs):
        if isinstance(pair, list) and len(pair) == 2 and pair[1] is None:
            pair = [pair[0], math.nan]
        if isinstance(pair, list) and any(x is None or isinstance(x, bool) for x in pair):
            raise BadRequest(f"{label}[{index}] holds a value that is not a number: {pair}.")
        checked.append(pair)
    return checked


def _checked_times(times: np.ndarray, label: str) -> np.ndarray:
    if times.dtype.kind == "f":
        huge = ~np.isfinite(times) | (times >= INT64_LIMIT)
        _refuse_first(huge, times, label, "is beyond what 64-bit ticks hold")
        _refuse_first(np.floor(times) != times, times, label, "is not a whole number of ticks")
    _refuse_first(times < 0, times, label, "is before 1970 (HexoTimestamps start at 0)")
    return times.astype(np.int64)


def _refuse_first(bad: np.ndarray, times: np.ndarray, label: str, problem: str) -> None:
    if bad.any():
        index = int(np.argmax(bad))
        raise BadRequest(f"{label}[{index}]: timestamp {times[index]} {problem}.")


def summary(stored: dict, user: User, prefix: str) -> dict:
    """The 201 answer's entry for one user: count, first and last time per datatype."""
    return {
        "user": f"{prefix}user/{user.pk}/",
        "datatypes": {
            str(pk): {"count": span.count, "start": span.first, "end": span.last}
            for pk, span in stored.items()
        },
    }
