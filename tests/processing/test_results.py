"""openhexo.processing.results: derived series replace what a window held, within records,
around what the user uploaded."""

import numpy as np
import pytest

from openhexo.catalog.models import Datatype
from openhexo.processing.models import UploadedSpan
from openhexo.processing.results import replace_derived
from openhexo.records.actions import subtract_spans
from openhexo.records.models import Record
from openhexo.timeseries import store

T0 = 427217263872
pytestmark = pytest.mark.django_db


def heart_rate(user) -> list:
    found = store.read(user.pk, Datatype.objects.get(pk=19), 0, 2**62)
    return list(zip(found.timestamps.tolist(), found.values.tolist(), strict=True))


def seconds(first: int, last: int, value: int):
    times = T0 + 256 * np.arange(first, last + 1)
    return times, np.full(times.size, value)


def test_outputs_outside_every_record_are_not_stored(alice):
    Record.objects.create(user=alice, start=T0, end=T0 + 256 * 10)
    replace_derived(alice.pk, T0, T0 + 256 * 20, {19: seconds(1, 20, 70)})
    assert [t for t, _ in heart_rate(alice)] == (T0 + 256 * np.arange(1, 11)).tolist()


def test_uploaded_stretches_are_kept_and_forcing_releases_only_the_window(alice):
    Record.objects.create(user=alice, start=T0, end=T0 + 256 * 100)
    store.write(alice.pk, {Datatype.objects.get(pk=19): seconds(5, 9, 99)})
    UploadedSpan.objects.create(user=alice, datatype_id=19, start=T0 + 256 * 5, end=T0 + 256 * 60)
    replace_derived(alice.pk, T0, T0 + 256 * 20, {19: seconds(1, 20, 70)})
    assert [v for _, v in heart_rate(alice)] == [70] * 4 + [99] * 5
    replace_derived(alice.pk, T0, T0 + 256 * 20, {19: seconds(1, 20, 70)}, force=True)
    assert [v for _, v in heart_rate(alice)] == [70] * 20
    kept = UploadedSpan.objects.get()
    assert (kept.start, kept.end) == (T0 + 256 * 20 + 1, T0 + 256 * 60)  # beyond the window


@pytest.mark.parametrize(
    ("parts", "holes", "left"),
    [([(0, 10)], [], [(0, 10)]), ([(0, 10)], [(3, 4)], [(0, 2), (5, 10)]),
     ([(0, 10), (20, 30)], [(5, 25)], [(0, 4), (26, 30)]), ([(0, 10)], [(0, 10)], []),
     ([(5, 6)], [(0, 1), (8, 9)], [(5, 6)])],
)  # fmt: skip
def test_subtract(parts, holes, left):
    assert subtract_spans(parts, holes) == left
