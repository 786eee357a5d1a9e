"""HexoTimestamps and their renderings, checked against instants given in the Hexoskin docs."""

from datetime import UTC, datetime

import pytest

from openhexo.records.timestamps import duration_text, from_datetime, iso, to_datetime


@pytest.mark.parametrize(
    ("ticks", "rendered"),
    [
        (359840226870, "2014-07-17T19:38:06+00:00"),  # record 37700, DOC-v1a
        (123456, "1970-01-01T00:08:02+00:00"),  # the annotation example, DOC-v1a
        (427217263872, "2022-11-19T00:23:57+00:00"),  # the real export's info.json
    ],
)
def test_iso_matches_the_documented_pairs(ticks, rendered):
    assert iso(ticks) == rendered


def test_round_trip_to_the_tick():
    moment = datetime(2022, 11, 19, 0, 23, 57, tzinfo=UTC)
    assert from_datetime(moment) == 427217263872
    assert to_datetime(427217263872 + 128) == datetime(2022, 11, 19, 0, 23, 57, 500000, tzinfo=UTC)


def test_unrepresentable_instants():
    assert iso(None) is None
    assert iso(2**62) is None
    with pytest.raises(ValueError, match="outside the years"):
        to_datetime(2**62)


@pytest.mark.parametrize(
    ("seconds", "text"), [(6, "0:00:06"), (72240, "20:04:00"), (100000, "27:46:40"), (None, None)]
)
def test_duration_text_is_hours_minutes_seconds(seconds, text):
    assert duration_text(seconds) == text
