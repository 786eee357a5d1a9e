"""Whose data a user may read and whose they may change.

The one place that answers it, so every query of every resource is scoped the same way: a
user sees their own data and the data of users who granted them a bundle permission, and
changes their own and that of users whose grant to them carries a writing bundle (coach).
"""

from django.db.models import Q, QuerySet

from .models import User


def readable_users(user: User) -> QuerySet[User]:
    """Users whose data `user` may see."""
    if not getattr(user, "is_authenticated", False):
        return User.objects.none()
    return User.objects.filter(Q(pk=user.pk) | Q(grants__user_allowed=user)).distinct()


def writable_users(user: User) -> QuerySet[User]:
    """Users whose data `user` may create, change and delete."""
    if not getattr(user, "is_authenticated", False):
        return User.objects.none()
    writing = Q(grants__user_allowed=user, grants__bundle__can_write=True)
    return User.objects.filter(Q(pk=user.pk) | writing).distinct()
