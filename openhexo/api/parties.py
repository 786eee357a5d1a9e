"""What the sharing resources (bundle_permission, its requests, team) need beyond owners.

These objects stand between two users, so they are seen and changed by the users they name
and by nobody else: not by someone who merely sees one side's data (a friend of the owner
must not see whom else the owner shares with, a coach must not grant in the owner's name).
Their bodies name users the caller usually cannot see yet (the friend to grant, the athlete
to ask), so those fields look users up among all active accounts.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from tastypie.exceptions import ImmediateHttpResponse

from .authorization import OwnerAuthorization, forbid
from .responses import json_error

# Bodies name these users among all active accounts (resources/addressable_user.py).
ADDRESSABLE_USER = "openhexo.api.resources.addressable_user.AddressableUserResource"


class PartiesAuthorization(OwnerAuthorization):
    """Visible to, and changed by, the users named in `party_fields` only.

    The first party field is the owner a new object defaults to (the caller).
    """

    def __init__(self, *party_fields: str):
        super().__init__(owner_field=party_fields[0])
        self.party_fields = party_fields

    def is_party(self, obj, user) -> bool:
        return user.pk in {getattr(obj, name) for name in self.party_fields}

    def scope(self, queryset: QuerySet, user) -> QuerySet:
        if not getattr(user, "is_authenticated", False):
            return queryset.none()
        named = Q()
        for name in self.party_fields:
            named |= Q(**{name: user.pk})
        return queryset.filter(named)

    def check_write(self, obj, user, verb: str) -> None:
        if not self.is_party(obj, user):
            forbid(f"Only the users it names may {verb} this {type(obj).__name__}.")


@contextmanager
def refusals() -> Iterator[None]:
    """Answer a domain refusal (PermissionDenied) with a 403 that explains it."""
    try:
        yield
    except PermissionDenied as refusal:
        raise ImmediateHttpResponse(json_error(403, str(refusal))) from refusal
