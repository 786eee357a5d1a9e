"""Statuses derived from records, such as a range's (API.md section 2.6)."""

from .models import Range, Record

# Most important first: a range shows the most important status among its records.
RANGE_STATUS_PRIORITY = [
    "error", "incomplete", "realtime", "realtime_complete", "queued", "processing", "complete",
]  # fmt: skip


def range_status(span: Range) -> str:
    """The most important status among the records overlapping the range, or "empty"."""
    overlapping = Record.objects.filter(user_id=span.user_id, end__gte=span.start)
    if span.end is not None:
        overlapping = overlapping.filter(start__lte=span.end)
    statuses = set(overlapping.values_list("status", flat=True).distinct())
    return next((status for status in RANGE_STATUS_PRIORITY if status in statuses), "empty")
