"""Derived series written back to the store: what the algorithms found replaces what a window
held, except the series the user uploaded there (unless forced)."""

from openhexo.catalog.datatypes import catalogue
from openhexo.timeseries import store

from .arrays import Series
from .models import UploadedSpan


def replace_derived(
    user_id: int, start: int, end: int, outputs: dict[int, Series], force: bool = False
) -> None:
    """Replace the derived series of [start, end] by `outputs` ({datatype: (times, raw
    values)}), except those the user uploaded there; `force` drops the uploads' claim."""
    known = catalogue()
    for pk, (times, values) in outputs.items():
        uploads = UploadedSpan.objects.filter(
            user_id=user_id, datatype_id=pk, start__lte=end, end__gte=start
        )
        if uploads.exists() and not force:
            continue
        uploads.delete()
        store.delete(user_id, start, end, [pk])
        if times.size:
            store.write(user_id, {known[pk]: (times, values)}, bump=False)
    store.bump_versions([user_id])
