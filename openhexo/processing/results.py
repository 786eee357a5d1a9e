"""Derived series written back to the store: what the algorithms found replaces what a window
held, within the user's records (no sample lies outside one), except where the user uploaded
that series (unless forced). Callers hold the user's sample lock."""

import numpy as np

from openhexo.catalog.datatypes import catalogue
from openhexo.records.actions import merge_spans, subtract_spans
from openhexo.records.models import Record
from openhexo.timeseries import store

from .arrays import Series
from .models import UploadedSpan

Parts = list[tuple[int, int]]


def replace_derived(
    user_id: int, start: int, end: int, outputs: dict[int, Series], force: bool = False
) -> None:
    """Replace the derived series of [start, end] by `outputs` ({datatype: (times, raw
    values)}) where records cover it, leaving the stretches the user uploaded; `force`
    replaces those too and drops their claim."""
    known, covered = catalogue(), record_parts(user_id, start, end)
    for pk, (times, values) in outputs.items():
        if force:
            release_uploads(user_id, pk, start, end)
        parts = (
            covered if force else subtract_spans(covered, uploaded_parts(user_id, pk, start, end))
        )
        for low, high in parts:
            store.delete(user_id, low, high, [pk])
        keep = inside(times, parts)
        if keep.any():
            store.write(user_id, {known[pk]: (times[keep], values[keep])}, bump=False)
    store.bump_versions([user_id])


def record_parts(user_id: int, start: int, end: int) -> Parts:
    """The parts of [start, end] the user's records cover."""
    spans = Record.objects.filter(user_id=user_id, start__lte=end, end__gte=start)
    merged = merge_spans(list(spans.values_list("start", "end")), gap=0)
    return [(max(low, start), min(high, end)) for low, high in merged]


def uploaded_parts(user_id: int, datatype_id: int, start: int, end: int) -> Parts:
    uploads = UploadedSpan.objects.filter(
        user_id=user_id, datatype_id=datatype_id, start__lte=end, end__gte=start
    )
    return sorted(uploads.values_list("start", "end"))


def release_uploads(user_id: int, datatype_id: int, start: int, end: int) -> None:
    """Forget the user's claim on [start, end] of a series, keeping it outside."""
    for upload in UploadedSpan.objects.filter(
        user_id=user_id, datatype_id=datatype_id, start__lte=end, end__gte=start
    ):
        outside = [(upload.start, start - 1), (end + 1, upload.end)]
        for low, high in outside:
            if low <= high:
                UploadedSpan.objects.create(
                    user_id=user_id, datatype_id=datatype_id, start=low, end=high
                )
        upload.delete()


def inside(times: np.ndarray, parts: Parts) -> np.ndarray:
    keep = np.zeros(times.size, dtype=bool)
    for low, high in parts:
        keep |= (times >= low) & (times <= high)
    return keep
