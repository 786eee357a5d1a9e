"""Multi-step writes on records and ranges, shared by the API and the command line."""

from django.db import transaction
from django.db.models import Q

from openhexo.catalog.models import ActivityAttribute

from .models import ActivityAttributeValue, Device, Range


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
