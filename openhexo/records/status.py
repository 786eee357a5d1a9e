"""Statuses derived from records, such as a range's (API.md section 2.6)."""

from django.db.models import BigIntegerField, Case, Exists, OuterRef, QuerySet, Value, When
from django.db.models.functions import Coalesce

from .models import Range, Record
from .timestamps import INT64_MAX

# Most important first: a range shows the most important status among its records.
RANGE_STATUS_PRIORITY = [
    "error", "incomplete", "realtime", "realtime_complete", "queued", "processing", "complete",
]  # fmt: skip


def with_status(ranges: QuerySet) -> QuerySet:
    """Ranges annotated with `derived_status`: the most important status among the records
    overlapping each range, or "empty"; one query for a whole page."""
    open_end = Coalesce(OuterRef("end"), Value(INT64_MAX), output_field=BigIntegerField())
    overlapping = Record.objects.filter(
        user_id=OuterRef("user_id"), end__gte=OuterRef("start"), start__lte=open_end
    )
    whens = [
        When(Exists(overlapping.filter(status=status)), then=Value(status))
        for status in RANGE_STATUS_PRIORITY
    ]
    return ranges.annotate(derived_status=Case(*whens, default=Value("empty")))


def range_status(span: Range) -> str:
    annotated = getattr(span, "derived_status", None)
    if annotated is not None:
        return annotated
    return with_status(Range.objects.filter(pk=span.pk)).values_list("derived_status", flat=True)[0]
