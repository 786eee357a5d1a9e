"""Multi-step writes on records and ranges, shared by the API and the command line."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from openhexo.catalog.models import ActivityAttribute

from .models import ActivityAttributeValue, Device, Range, Record
from .timestamps import TICKS_PER_SECOND


def attributes_for(span: Range):
    """The attributes a range can carry: the global ones and its owner's."""
    return ActivityAttribute.objects.filter(Q(user__isnull=True) | Q(user_id=span.user_id))


@transaction.atomic
def set_range_attributes(span: Range, values: dict[int, float | None]) -> None:
    """Make the range's attribute values exactly `values` (None deletes a value).

    Attributes left out of `values` lose their value too, as a PUT of the whole list means.
    """
    known = set(attributes_for(span).filter(pk__in=values).values_list("pk", flat=True))
    unknown = set(values) - known
    if unknown:
        raise ValueError(f"Unknown activity attributes: {sorted(unknown)}.")
    kept = {pk: value for pk, value in values.items() if value is not None}
    span.attribute_values.exclude(activityattribute_id__in=kept).delete()
    for pk, value in kept.items():
        ActivityAttributeValue.objects.update_or_create(
            range=span,
            activityattribute_id=pk,
            defaults={"user_id": span.user_id, "value": value, "start": span.start},
        )


def register_device(user, serial: str) -> Device:
    """The device with this serial, registered to `user` when it is new.

    A serial names a physical recorder, which may pass from hand to hand: anyone may record
    with it, and its first owner stays its owner (nobody's data changes hands).
    """
    device, _ = Device.objects.get_or_create(deviceid=serial, defaults={"user": user})
    return device


# Samples arriving within this gap of a record's end extend it rather than start a new one:
# the phone uploads live data every few seconds, each batch just after the last.
JOIN_GAP = 5 * 60 * TICKS_PER_SECOND


def cover_samples(user_id: int, spans: list[tuple[int, int]]) -> list[Record]:
    """Create or extend the user's records so no sample of `spans` lies outside one.

    Each (first, last) span of new samples extends the records it overlaps or follows by
    less than JOIN_GAP, or becomes a new record (device unset); the records covering it are
    marked as receiving data now.
    """
    touched = []
    for first, last in merge_spans(spans):
        near = Record.objects.filter(
            user_id=user_id, start__lte=last + JOIN_GAP, end__gte=first - JOIN_GAP
        ).order_by("start", "id")
        records = list(near.select_for_update()) or [Record(user_id=user_id, start=first)]
        records[0].start = min(records[0].start, first)
        for before, after in zip(records, records[1:], strict=False):
            before.end = max(before.end, after.start)  # no gap between them holds samples
        records[-1].end = max(records[-1].end or last, last)
        for record in records:
            record.status, record.data_received = "realtime", timezone.now()
            record.save()
        touched += records
    return touched


def merge_spans(spans: list[tuple[int, int]], gap: int = JOIN_GAP) -> list[tuple[int, int]]:
    """The union of closed spans as disjoint spans, joining those closer than `gap` (and
    adjacent ones: 1 tick apart)."""
    merged: list[list[int]] = []
    for first, last in sorted(spans):
        if merged and first - merged[-1][1] <= max(gap, 1):
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return [(first, last) for first, last in merged]


def uncovered_parts(
    user_id: int, first: int, last: int, besides: Record | None = None
) -> list[tuple[int, int]]:
    """The parts of [first, last] that no record of the user covers (`besides` left out)."""
    others = Record.objects.filter(user_id=user_id, start__lte=last, end__gte=first)
    if besides is not None:
        others = others.exclude(pk=besides.pk)
    return subtract_spans(
        [(first, last)], list(others.order_by("start").values_list("start", "end"))
    )


def subtract_spans(
    parts: list[tuple[int, int]], holes: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Sorted disjoint closed spans minus closed spans sorted by start (which may overlap)."""
    found = []
    for low, high in parts:
        for hole_low, hole_high in holes:
            if hole_high < low or hole_low > high:
                continue
            if hole_low > low:
                found.append((low, hole_low - 1))
            low = max(low, hole_high + 1)
        if low <= high:
            found.append((low, high))
    return found
