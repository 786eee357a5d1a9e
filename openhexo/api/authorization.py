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
