"""Data answers as JSON (API.md section 3.2), serialised from numpy without Python lists.

Integer series of integer timestamps, the common raw case, go to orjson as one 2-D array;
mixed types (float values, or timestamps in seconds) go through lists.
"""

import numpy as np
import orjson

from openhexo.records.timestamps import TICKS_PER_SECOND

from .query import DataQuery
from .read import UserSeries, series

NUMPY = orjson.OPT_SERIALIZE_NUMPY


def series_json(times: np.ndarray, values: np.ndarray, query: DataQuery) -> bytes:
    """`[[ts, value], ...]`, or `[value, ...]` with no_timestamps."""
    raw_floats = values.dtype.kind == "f" and not query.flag("scaled")
    numbers = json_numbers(values) if raw_floats else None
    if query.flag("no_timestamps"):
        return orjson.dumps(numbers or np.ascontiguousarray(values), option=NUMPY)
    if query.flag("seconds"):
        times = times / TICKS_PER_SECOND
    if numbers is None and times.dtype == values.dtype:
        return orjson.dumps(np.column_stack((times, values)), option=NUMPY)
    numbers = values.tolist() if numbers is None else numbers
    return orjson.dumps(list(zip(times.tolist(), numbers, strict=True)))


def json_numbers(values: np.ndarray) -> list | None:
    """Raw float values as JSON writes them when some are whole or unknown: whole numbers as
    integers (so a window that meets one unknown value stays integer), unknown ones as null;
    None when they are all plain fractions (numpy serialises those directly)."""
    whole = np.isnan(values) | (np.floor(values) == values)
    if not whole.any():
        return None
    return [None if v != v else int(v) if v.is_integer() else v for v in values.tolist()]


def answer_series(query: DataQuery, part: UserSeries) -> dict[int, bytes]:
    """{datatype id: JSON of its decimated (and maybe scaled) series} for one user."""
    rendered = {}
    for datatype in part.datatypes:
        samples = series(query, part, datatype)
        values = datatype.scaled(samples.values) if query.flag("scaled") else samples.values
        rendered[datatype.pk] = series_json(samples.timestamps, values, query)
    return rendered


def json_answer(query: DataQuery, parts: list[UserSeries], prefix: str) -> bytes:
    """The whole JSON body: one object per user, or one flat list with `flat`."""
    if query.flag("flat"):
        return _flat(query, parts)
    users = []
    for part in parts:
        rendered = answer_series(query, part)
        if all(body == b"[]" for body in rendered.values()):
            continue  # its chunks straddle the window without a sample inside
        data = b",".join(b'"%d":%s' % (pk, body) for pk, body in rendered.items())
        user = orjson.dumps(f"{prefix}user/{part.user.pk}/")
        users.append(b'{"data":{%s},"user":%s}' % (data, user))
    return b"[" + b",".join(users) + b"]"


def _flat(query: DataQuery, parts: list[UserSeries]) -> bytes:
    """Every series' items in one list (meant for one user and one datatype)."""
    items = [
        body[1:-1]
        for part in parts
        for body in answer_series(query, part).values()
        if body != b"[]"
    ]
    return b"[" + b",".join(items) + b"]"
