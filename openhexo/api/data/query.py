"""The query of a data request (API.md section 3.1), parsed and checked before any read.

Every filter narrows the same window and the same set of users (they combine with AND);
every bad value is a BadRequest naming the parameter.
"""

import math
import time
from dataclasses import dataclass, field

from django.http import QueryDict
from tastypie.exceptions import BadRequest

from openhexo.accounts.models import User
from openhexo.accounts.visibility import readable_users
from openhexo.api.fields import uri_id
from openhexo.catalog.datatypes import catalogue
from openhexo.catalog.models import Datatype
from openhexo.records.models import Range, Record
from openhexo.records.timestamps import INT64_MAX, TICKS_PER_SECOND
from openhexo.timeseries.store import with_versions

MAX_VALUES = 65536
FALSE_WORDS = {"", "0", "false", "False", "no", "off"}
FLAGS = ("flat", "no_timestamps", "seconds", "scaled")
DATATYPE_LOOKUPS = {"exact", "in", "gt", "gte", "lt", "lte", "range"}
TIMESTAMP_LOOKUPS = {"gt": (1, None), "gte": (0, None), "lt": (None, -1), "lte": (None, 0)}


@dataclass
class DataQuery:
    datatypes: list[Datatype] | None  # None: every datatype that has samples
    users: list[User]  # whose samples, in id order
    start: int = 0
    end: int = INT64_MAX
    open_ended: bool = True  # no end was given: the window may still grow (never cached)
    max_values: int = MAX_VALUES
    flags: set[str] = field(default_factory=set)
    record: Record | None = None
    span: Range | None = None

    @property
    def empty(self) -> bool:
        return not self.users or self.start > self.end or self.datatypes == []

    def flag(self, name: str) -> bool:
        return name in self.flags


def parse_query(params: QueryDict, caller, fixed: list[int] | None = None) -> DataQuery:
    """The DataQuery of a request's parameters; `fixed` datatypes for per-datatype aliases."""
    query = DataQuery(datatypes=_datatypes(params, fixed), users=_users(params, caller))
    query.flags = {name for name in FLAGS if _flag(params, name)}
    query.max_values = _max_values(params)
    _narrow_by_objects(query, params, caller)
    _narrow_by_times(query, params)
    return query


# --- values ----------------------------------------------------------------------------


def _one(params: QueryDict, *names: str) -> str | None:
    for name in names:
        if name in params:
            return params[name]
    return None


def _flag(params: QueryDict, name: str) -> bool:
    value = _one(params, name, f"{name}__exact")
    return value is not None and value.strip() not in FALSE_WORDS


def parse_tick(value: str, name: str) -> int:
    """A HexoTimestamp from a parameter: an integer (floats are floored) from 0 to int64."""
    try:
        number = float(value) if "." in value or "e" in value.lower() else int(value)
    except ValueError:
        raise BadRequest(f"'{name}' must be a HexoTimestamp (an integer), not '{value}'.") from None
    if isinstance(number, float):
        if not math.isfinite(number):
            raise BadRequest(f"'{name}' must be a finite HexoTimestamp, not '{value}'.")
        number = math.floor(number)
    if not 0 <= number <= INT64_MAX:
        raise BadRequest(f"'{name}' must lie between 0 (1970) and {INT64_MAX}, not '{value}'.")
    return number


def _max_values(params: QueryDict) -> int:
    value = _one(params, "max_values", "max_values__exact")
    if value is None:
        return MAX_VALUES
    if not _digits(value.strip()) or int(value) < 1:
        raise BadRequest(f"'max_values' must be a positive integer, not '{value}'.")
    return min(int(value), MAX_VALUES)


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()  # str.isdigit alone admits "²", which int() refuses


def reference_id(value: str, name: str) -> str:
    """The id in an id or a URI of resource `name`."""
    value = value.strip()
    found = uri_id(value, name) if "/" in value else value
    if found is None or not _digits(found) or int(found) > INT64_MAX:
        raise BadRequest(f"'{name}' must be an id or a /{name}/ URI, not '{value}'.")
    return found


# --- datatypes -------------------------------------------------------------------------


def _datatypes(params: QueryDict, fixed: list[int] | None) -> list[Datatype] | None:
    ids = list(fixed) if fixed is not None else None
    for key in params:
        name, _, lookup = key.partition("__")
        if name != "datatype":
            continue
        if (lookup or "exact") not in DATATYPE_LOOKUPS:
            raise BadRequest(f"'{lookup}' is not an allowed filter on the 'datatype' field.")
        chosen = _datatype_ids(params.getlist(key), lookup or "exact")
        ids = chosen if ids is None else [i for i in ids if i in set(chosen)]
    if ids is None:
        return None
    return known_datatypes(list(dict.fromkeys(ids)))


def _datatype_ids(values: list[str], lookup: str) -> list[int]:
    items = [item for value in values for item in value.split(",") if item.strip()]
    ids = [int(reference_id(item, "datatype")) for item in items]
    if lookup in ("exact", "in"):
        return ids
    if lookup == "range":
        if len(ids) != 2:
            raise BadRequest("'datatype__range' takes two ids: low,high.")
        return list(Datatype.objects.filter(pk__range=ids).values_list("pk", flat=True))
    known = Datatype.objects.filter(**{f"pk__{lookup}": ids[0] if ids else 0})
    return list(known.values_list("pk", flat=True))


def known_datatypes(ids: list[int]) -> list[Datatype]:
    found = catalogue()
    unknown = [str(i) for i in ids if i not in found]
    if unknown:
        more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        raise BadRequest(f"Unknown datatype: {', '.join(unknown[:10])}{more}.")
    return [found[i] for i in ids]


# --- users, records and ranges ---------------------------------------------------------


def _users(params: QueryDict, caller) -> list[User]:
    visible = with_versions(readable_users(caller)).order_by("pk")  # versions key the cache
    value = _one(params, "user", "user__exact")
    if value is None:
        return list(visible)
    value = value.strip()
    if "@" in value:
        return list(visible.filter(email=value.lower()))
    return list(visible.filter(pk=int(reference_id(value, "user"))))


def _narrow_by_objects(query: DataQuery, params: QueryDict, caller) -> None:
    """A record or range narrows the window to its span and the users to its owner."""
    for name, model in (("record", Record), ("range", Range)):
        value = _one(params, name, f"{name}__exact")
        if value is None:
            continue
        visible = model.objects.filter(user__in=readable_users(caller))
        found = visible.filter(pk=int(reference_id(value, name))).first()
        if found is None:
            raise model.DoesNotExist(f"No {name} {value} visible to you.")
        setattr(query, "span" if name == "range" else name, found)
        query.open_ended &= found.end is None
        query.users = [user for user in query.users if user.pk == found.user_id]
        query.start = max(query.start, found.start)
        query.end = min(query.end, INT64_MAX if found.end is None else found.end)


def _narrow_by_times(query: DataQuery, params: QueryDict) -> None:
    start, end = _one(params, "start", "start__exact"), _one(params, "end", "end__exact")
    if start is not None:
        query.start = max(query.start, parse_tick(start, "start"))
        if end is None:  # realtime polling: everything from `start` until now
            query.end = min(query.end, int(time.time() * TICKS_PER_SECOND))
    if end is not None:
        query.end = min(query.end, parse_tick(end, "end"))
        query.open_ended = False
    for key in params:
        name, _, lookup = key.partition("__")
        if name == "timestamp":
            _narrow_by_timestamp(query, lookup, params[key])


def _narrow_by_timestamp(query: DataQuery, lookup: str, value: str) -> None:
    if lookup == "range":
        bounds = value.split(",")
        if len(bounds) != 2:
            raise BadRequest("'timestamp__range' takes two HexoTimestamps: low,high.")
        query.start = max(query.start, parse_tick(bounds[0], "timestamp__range"))
        query.end = min(query.end, parse_tick(bounds[1], "timestamp__range"))
        query.open_ended = False
        return
    if lookup not in TIMESTAMP_LOOKUPS:
        raise BadRequest(f"'{lookup or 'exact'}' is not an allowed filter on 'timestamp'.")
    low_shift, high_shift = TIMESTAMP_LOOKUPS[lookup]
    tick = parse_tick(value, f"timestamp__{lookup}")
    if low_shift is not None:
        query.start = max(query.start, tick + low_shift)
    else:
        query.end, query.open_ended = min(query.end, tick + high_shift), False
