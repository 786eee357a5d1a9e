"""Statuses derived from records: a record's live status, and a range's (API.md 1.12, 2.6)."""

from datetime import timedelta

from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Range, Record
from .timestamps import INT64_MAX

# A record stays `realtime` while samples keep arriving: until this long after the newest.
REALTIME_WINDOW = timedelta(minutes=5)

# Most important first: a range shows the most important status among its records.
RANGE_STATUS_PRIORITY = [
    "error", "incomplete", "realtime", "realtime_complete", "queued", "processing", "complete",
]  # fmt: skip


def stale_realtime() -> Q:
    """Records still marked realtime whose newest samples arrived too long ago."""
    return Q(status="realtime") & (
        Q(data_received__isnull=True) | Q(data_received__lt=timezone.now() - REALTIME_WINDOW)
    )


def receiving() -> Q:
    """Records whose newest samples arrived within the realtime window."""
    return Q(data_received__gte=timezone.now() - REALTIME_WINDOW)


def live_status():
    """A record's status as of now: `realtime` while samples arrive, then what processing
    made of it (`queued`, `processing`, `complete`, `error`); a record marked realtime by hand
    is complete once samples stop."""
    return Case(
        When(receiving(), then=Value("realtime")),
        When(stale_realtime(), then=Value("complete")),
        default=F("status"),
        output_field=CharField(),
    )


def with_live_status(records: QuerySet) -> QuerySet:
    return records.annotate(live_status=live_status())


def record_status(record: Record) -> str:
    annotated = getattr(record, "live_status", None)
    if annotated is not None:
        return annotated
    return with_live_status(Record.objects.filter(pk=record.pk)).values_list(
        "live_status", flat=True
    )[0]


def with_status(ranges: QuerySet) -> QuerySet:
    """Ranges annotated with `derived_status`: the most important status among the records
    overlapping each range, or "empty"; one query for a whole page."""
    open_end = Coalesce(OuterRef("end"), Value(INT64_MAX), output_field=BigIntegerField())
    overlapping = with_live_status(
        Record.objects.filter(
            user_id=OuterRef("user_id"), end__gte=OuterRef("start"), start__lte=open_end
        )
    )
    whens = [
        When(Exists(overlapping.filter(live_status=status)), then=Value(status))
        for status in RANGE_STATUS_PRIORITY
    ]
    return ranges.annotate(derived_status=Case(*whens, default=Value("empty")))


def range_status(span: Range) -> str:
    annotated = getattr(span, "derived_status", None)
    if annotated is not None:
        return annotated
    return with_status(Range.objects.filter(pk=span.pk)).values_list("derived_status", flat=True)[0]
