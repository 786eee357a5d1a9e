"""Record, range and track model rules: durations, defaults, distances."""

import pytest

from openhexo.records.models import Range, Record, haversine_m


def test_record_end_defaults_to_start_and_duration_follows(alice):
    record = Record.objects.create(user=alice, start=256 * 100)
    assert (record.end, record.device_start, record.duration) == (256 * 100, 256 * 100, 0)
    record.end = 256 * 160
    record.save(update_fields=["end"])
    record.refresh_from_db()
    assert record.duration == 60


def test_open_range_has_no_duration(alice):
    assert Range.objects.create(user=alice, start=0).duration is None


@pytest.mark.parametrize(
    ("a", "b", "metres"),
    [
        ((45.5017, -73.5673), (45.5017, -73.5673), 0.0),
        ((0.0, 0.0), (0.0, 1.0), 111195.08),  # one degree of the equator on the mean sphere
        ((51.5007, -0.1246), (40.6892, -74.0445), 5574840.0),  # Big Ben to the Statue of Liberty
    ],
)
def test_haversine(a, b, metres):
    assert haversine_m(*a, *b) == pytest.approx(metres, rel=1e-4)
