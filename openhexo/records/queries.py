"""Collection queries over a user's ranges that other querysets use as expressions."""

from django.db.models import Exists, Max, OuterRef, Subquery

from .models import Range


def ranges_use(user, field: str) -> Exists:
    """Whether `user` has a range whose `field` (activitytype, trainingroutine) is the row."""
    return Exists(Range.objects.filter(user=user, **{field: OuterRef("pk")}))


def routine_last_used(user) -> Subquery:
    """When `user` last created a range of the routine in the outer row."""
    ranges = Range.objects.filter(user=user, trainingroutine=OuterRef("pk"))
    return Subquery(ranges.values("trainingroutine").annotate(at=Max("created")).values("at"))
