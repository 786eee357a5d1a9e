"""The samples a data query selects: which users and series are in scope, read and decimated."""

from dataclasses import dataclass

from tastypie.exceptions import BadRequest

from openhexo.accounts.models import User
from openhexo.catalog.datatypes import catalogue
from openhexo.catalog.models import Datatype
from openhexo.timeseries import store
from openhexo.timeseries.codec import Samples

from .query import DataQuery

MAX_SERIES = 200  # series (users x datatypes) of one answer, each up to 65,536 points


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
    known = catalogue()
    datatypes = query.datatypes or [known[pk] for pk in sorted({dt for _, dt in present})]
    users = {user.pk: user for user in query.users}
    owners = sorted({user_id for user_id, _ in present})
    if len(owners) * len(datatypes) > MAX_SERIES:
        raise BadRequest(
            f"This asks for {len(owners)} users x {len(datatypes)} datatypes, more than "
            f"{MAX_SERIES} series at once: narrow it with user= or datatype=."
        )
    return [
        UserSeries(users[pk], datatypes, {dt for user_id, dt in present if user_id == pk})
        for pk in owners
    ]


def _present(query: DataQuery) -> set[tuple[int, int]]:
    """(user id, datatype id) pairs with samples in the query's window."""
    datatypes = None if query.datatypes is None else [dt.pk for dt in query.datatypes]
    users = [user.pk for user in query.users]
    return store.present(users, datatypes, query.start, query.end)


def series(query: DataQuery, part: UserSeries, datatype: Datatype) -> Samples:
    """One series of a JSON or CSV answer: every k-th sample, k = ceil(n / max_values), so at
    most `max_values` real samples (API.md 3.2)."""
    if datatype.pk not in part.present:
        return store.empty()
    return store.read(part.user.pk, datatype, query.start, query.end, most=query.max_values)
