"""Whose data a user may read and whose they may change.

The one place that answers it, so every query of every resource is scoped the same way.
Today a user sees and changes their own data only; sharing (bundle permissions, teams)
extends these two functions and nothing else.
"""

from django.db.models import QuerySet

from .models import User


def readable_users(user: User) -> QuerySet[User]:
    """Users whose data `user` may see."""
    return User.objects.filter(pk=user.pk)


def writable_users(user: User) -> QuerySet[User]:
    """Users whose data `user` may create, change and delete."""
    return User.objects.filter(pk=user.pk)
