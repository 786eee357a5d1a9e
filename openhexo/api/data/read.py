"""The samples a data query selects: which users and series are in scope, read and decimated."""

from dataclasses import dataclass

import numpy as np

from openhexo.accounts.models import User
from openhexo.catalog.models import Datatype
from openhexo.timeseries import store
from openhexo.timeseries.codec import Samples
from openhexo.timeseries.models import Chunk

from .query import DataQuery


@dataclass(frozen=True)
class UserSeries:
    """One user's part of an answer: the datatypes asked for, with what each has."""

    user: User
    datatypes: list[Datatype]
    present: set[int]  # ids of the datatypes with samples in the window


def in_scope(query: DataQuery) -> list[UserSeries]:
    """The users with samples in the query's window, each with every requested datatype."""
    if query.empty:
        return []
    present = _present(query)
    if not present:
        return []
    datatypes = query.datatypes or _catalogue(sorted({dt for _, dt in present}))
    users = {user.pk: user for user in query.users}
    owners = sorted({user_id for user_id, _ in present})
    return [
        UserSeries(users[pk], datatypes, {dt for user_id, dt in present if user_id == pk})
        for pk in owners
    ]


def _present(query: DataQuery) -> set[tuple[int, int]]:
    """(user id, datatype id) pairs with at least one chunk overlapping the window."""
    chunks = Chunk.objects.filter(
        user_id__in=[user.pk for user in query.users],
        start__gte=query.start - store.SLOW_GRID,  # no cell is longer than the slow grid
        start__lte=query.end,
        last__gte=query.start,
    )
    if query.datatypes is not None:
        chunks = chunks.filter(datatype_id__in=[dt.pk for dt in query.datatypes])
    return set(chunks.values_list("user_id", "datatype_id").distinct())


def _catalogue(ids: list[int]) -> list[Datatype]:
    return list(Datatype.objects.select_related("unit", "unit_raw").filter(pk__in=ids))


def series(query: DataQuery, part: UserSeries, datatype: Datatype) -> Samples:
    """One series of a JSON or CSV answer: every k-th sample, k = ceil(n / max_values), so at
    most `max_values` real samples (API.md 3.2)."""
    if datatype.pk not in part.present:
        return store.empty()
    return store.read(part.user.pk, datatype, query.start, query.end, most=query.max_values)


def scaled(values: np.ndarray, datatype: Datatype) -> np.ndarray:
    """Raw values in the datatype's unit: raw * gain + offset."""
    if datatype.gain == 1 and datatype.offset == 0:
        return values
    return values * datatype.gain + datatype.offset
