"""What a caller may see and change, enforced for every resource in one place.

A resource declares only its owner field (`Meta.owner_field`, a path to the owning user's
id, e.g. "user_id" or "track__user_id"). Querysets are narrowed to the owners the caller
may read, so everything else is 404 or absent from lists; writes to visible objects the
caller may not change are 403. Global catalogue entries (owner null, when
`Meta.global_entries` is set) are visible to all and changed by staff only.
"""

from django.db.models import Q, QuerySet
from tastypie.authorization import Authorization
from tastypie.exceptions import ImmediateHttpResponse

from openhexo.accounts.visibility import readable_users, writable_users
from openhexo.records.models import Record

from .responses import json_error


def forbid(message: str):
    raise ImmediateHttpResponse(response=json_error(403, message))


class OwnerAuthorization(Authorization):
    def __init__(self, owner_field: str | None = "user_id", global_entries: bool = False):
        super().__init__()
        self.owner_field = owner_field
        self.global_entries = global_entries

    def scope(self, queryset: QuerySet, user) -> QuerySet:
        """The part of `queryset` that `user` may see."""
        if self.owner_field is None:
            return queryset
        visible = Q(**{f"{self.owner_field}__in": readable_users(user).values("pk")})
        if self.global_entries:
            visible |= Q(**{f"{self.owner_field}__isnull": True})
        return queryset.filter(visible)

    def owner_id(self, obj) -> int | None:
        value = obj
        for part in self.owner_field.split("__"):
            value = getattr(value, part, None)
        return value

    def check_write(self, obj, user, verb: str) -> None:
        """Refuse (403) unless `user` may `verb` an object owned as `obj` is."""
        if self.owner_field is None:
            forbid(f"This resource cannot be {verb}d through the API.")
        owner = self.owner_id(obj)
        if owner is None:
            if self.global_entries and user.is_staff:
                return
            forbid(f"Shared catalogue entries cannot be {verb}d; create your own instead.")
        if not writable_users(user).filter(pk=owner).exists():
            forbid(f"You may not {verb} data of user {owner}.")

    # Tastypie hooks: lists are scoped already, writes are checked object by object.
    def read_list(self, object_list, bundle):
        return object_list

    def read_detail(self, object_list, bundle):
        return True

    def create_detail(self, object_list, bundle):
        self.check_write(bundle.obj, bundle.request.user, "create")
        return True

    def update_detail(self, object_list, bundle):
        self.check_write(bundle.obj, bundle.request.user, "update")
        return True

    def delete_detail(self, object_list, bundle):
        self.check_write(bundle.obj, bundle.request.user, "delete")
        return True

    def update_list(self, object_list, bundle):
        forbid("Lists are changed object by object (bulk PATCH checks each one).")

    def delete_list(self, object_list, bundle):
        forbid("Lists cannot be deleted.")


class PartiesAuthorization(OwnerAuthorization):
    """Visible to, and changed by, the users named in `party_fields` only.

    Sharing objects (grants, their requests, teams) stand between two users: not even someone
    who sees one side's data may see them (a friend must not see whom else the owner shares
    with, a coach must not grant in the owner's name). The first party field is the owner a
    new object defaults to (the caller).
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


class PrivateAuthorization(OwnerAuthorization):
    """Credentials (clients, tokens): seen and changed by their owner only, never by those
    the owner shares data with."""

    def scope(self, queryset: QuerySet, user) -> QuerySet:
        return queryset.filter(**{self.owner_field: user.pk})


class DeviceAuthorization(OwnerAuthorization):
    """A device is seen by its owner and by whoever may see a record made with it."""

    def scope(self, queryset: QuerySet, user) -> QuerySet:
        recorded = Record.objects.filter(user__in=readable_users(user)).values("device_id")
        owned = super().scope(queryset, user).values("pk")
        return queryset.filter(Q(pk__in=owned) | Q(pk__in=recorded))


class TokenAuthorization(PrivateAuthorization):
    """A user's OAuth2 tokens, and the client-credentials tokens of their own clients."""

    def scope(self, queryset: QuerySet, user) -> QuerySet:
        return queryset.filter(Q(user=user) | Q(user__isnull=True, application__user=user))

    def check_write(self, obj, user, verb: str) -> None:
        """Every token in scope is the caller's own to revoke."""
