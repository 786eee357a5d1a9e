"""The chunk store: grid-aligned chunks, exact windows, replacing writes, all-or-nothing."""

import numpy as np
import pytest

from openhexo.catalog.models import Datatype
from openhexo.timeseries import store
from openhexo.timeseries.models import Chunk

T0 = 427217263872  # 2022-11-19T00:23:57Z, the real export's start (not on a minute)
MINUTE = 60 * 256


@pytest.fixture
def ecg(db):
    return Datatype.objects.get(pk=4113)


@pytest.fixture
def heart_rate(db):
    return Datatype.objects.get(pk=19)


def ecg_minutes(minutes: float, start: int = T0):
    count = int(minutes * MINUTE)
    times = start + np.arange(count, dtype=np.int64)
    return times, (2048 + 300 * np.sin(times / 40.0)).astype(np.int64)


def test_samples_come_back_exactly_in_grid_aligned_chunks(alice, ecg):
    times, values = ecg_minutes(3)
    spans = store.write(alice.pk, {ecg: (times, values)})
    assert spans == {4113: store.Span(times.size, int(times[0]), int(times[-1]))}
    starts = sorted(Chunk.objects.values_list("start", flat=True))
    assert starts == [T0 // MINUTE * MINUTE + i * MINUTE for i in range(4)]  # 3 min, unaligned
    assert all(start % MINUTE == 0 for start in starts)
    back = store.read(alice.pk, ecg, 0, 2**63 - 1)
    np.testing.assert_array_equal(back.timestamps, times)
    np.testing.assert_array_equal(back.values, values)
    assert back.values.dtype == np.int64


def test_slow_and_event_series_use_hour_cells(alice, heart_rate):
    times = T0 + 256 * np.arange(7200, dtype=np.int64)  # two hours at 1 Hz
    store.write(alice.pk, {heart_rate: (times, np.full(times.size, 70))})
    assert Chunk.objects.count() == 3
    assert {start % (3600 * 256) for start in Chunk.objects.values_list("start", flat=True)} == {0}


@pytest.mark.parametrize(
    ("start", "end"),
    [(T0 + 5, T0 + 5), (T0 + 100, T0 + 2 * MINUTE + 7), (T0 - 10, T0 + 3), (T0 + 1000, T0 + 999)],
)
def test_a_window_is_exact_at_both_ends(alice, ecg, start, end):
    times, values = ecg_minutes(3)
    store.write(alice.pk, {ecg: (times, values)})
    inside = (times >= start) & (times <= end)
    back = store.read(alice.pk, ecg, start, end)
    np.testing.assert_array_equal(back.timestamps, times[inside])
    np.testing.assert_array_equal(back.values, values[inside])
    streamed = list(store.blocks(alice.pk, ecg, start, end))
    joined = np.concatenate([b.timestamps for b in streamed]) if streamed else np.empty(0)
    np.testing.assert_array_equal(joined, times[inside])


def test_resending_a_timestamp_replaces_its_value_and_keeps_the_rest(alice, ecg):
    times, values = ecg_minutes(2)
    store.write(alice.pk, {ecg: (times, values)})
    patch_times = times[100:110]
    store.write(alice.pk, {ecg: (patch_times, np.full(10, -7))})
    back = store.read(alice.pk, ecg, 0, 2**62)
    expected = values.copy()
    expected[100:110] = -7
    np.testing.assert_array_equal(back.timestamps, times)
    np.testing.assert_array_equal(back.values, expected)


def test_within_one_write_the_last_value_for_a_timestamp_wins(alice, heart_rate):
    times = np.array([T0 + 512, T0, T0 + 512, T0 + 256])
    store.write(alice.pk, {heart_rate: (times, np.array([1, 2, 3, 4]))})
    back = store.read(alice.pk, heart_rate, 0, 2**62)
    assert back.timestamps.tolist() == [T0, T0 + 256, T0 + 512]
    assert back.values.tolist() == [2, 4, 3]


def test_floats_round_trip_bit_for_bit_and_whole_floats_are_integers(alice, heart_rate):
    times = T0 + 256 * np.arange(4)
    store.write(alice.pk, {heart_rate: (times, np.array([0.1, 1e-300, -2.5, 1 / 3]))})
    back = store.read(alice.pk, heart_rate, 0, 2**62)
    assert back.values.tobytes() == np.array([0.1, 1e-300, -2.5, 1 / 3]).tobytes()
    store.write(alice.pk, {heart_rate: (times + 10**6, np.array([70.0, 71.0, 72.0, 73.0]))})
    later = store.read(alice.pk, heart_rate, T0 + 10**6, 2**62)
    assert later.values.dtype == np.int64 and later.values.tolist() == [70, 71, 72, 73]


def test_an_integer_write_into_a_float_chunk_keeps_both_exactly(alice, heart_rate):
    store.write(alice.pk, {heart_rate: (np.array([T0]), np.array([0.5]))})
    store.write(alice.pk, {heart_rate: (np.array([T0 + 256]), np.array([2**40 + 1]))})
    back = store.read(alice.pk, heart_rate, 0, 2**62)
    assert back.values.tolist() == [0.5, float(2**40 + 1)]


def test_users_never_see_each_others_samples(alice, bob, ecg):
    times, values = ecg_minutes(1)
    store.write(alice.pk, {ecg: (times, values)})
    assert store.read(bob.pk, ecg, 0, 2**62).timestamps.size == 0


def test_a_failed_write_leaves_nothing(alice, ecg, heart_rate):
    times, values = ecg_minutes(1)
    with pytest.raises(ValueError):  # the ECG was written before the heart rate failed
        store.write(alice.pk, {ecg: (times, values), heart_rate: (times[:3], values[:2])})
    assert Chunk.objects.count() == 0


def test_delete_removes_exactly_the_window(alice, ecg, heart_rate):
    times, values = ecg_minutes(3)
    store.write(alice.pk, {ecg: (times, values), heart_rate: (times[::256], values[::256])})
    removed = store.delete(alice.pk, T0 + MINUTE, T0 + 2 * MINUTE - 1)
    assert removed == MINUTE + MINUTE // 256
    back = store.read(alice.pk, ecg, 0, 2**62)
    keep = (times < T0 + MINUTE) | (times > T0 + 2 * MINUTE - 1)
    np.testing.assert_array_equal(back.timestamps, times[keep])
    np.testing.assert_array_equal(back.values, values[keep])


def test_delete_of_some_datatypes_leaves_the_others(alice, ecg, heart_rate):
    times, values = ecg_minutes(2)
    store.write(alice.pk, {ecg: (times, values), heart_rate: (times[::256], values[::256])})
    assert store.delete(alice.pk, T0, T0 + MINUTE, [heart_rate.pk]) == MINUTE // 256 + 1
    assert store.read(alice.pk, ecg, 0, 2**62).timestamps.size == times.size
    assert store.read(alice.pk, heart_rate, 0, 2**62).timestamps[0] > T0 + MINUTE


def test_every_change_moves_the_users_data_version(alice, bob, ecg):
    times, values = ecg_minutes(1)
    before = store.versions([alice.pk, bob.pk])
    store.write(alice.pk, {ecg: (times, values)})
    after_write = store.versions([alice.pk, bob.pk])
    store.delete(alice.pk, T0, T0 + 10)
    after_delete = store.versions([alice.pk])
    assert before[alice.pk] < after_write[alice.pk] < after_delete[alice.pk]
    assert after_write[bob.pk] == before[bob.pk] == 0


def test_a_read_over_too_many_chunks_is_refused(alice, ecg, monkeypatch):
    monkeypatch.setattr(store, "MAX_READ_CHUNKS", 3)
    times, values = ecg_minutes(3.5)
    store.write(alice.pk, {ecg: (times, values)})
    with pytest.raises(store.WindowTooLarge, match="ECG_I"):
        store.read(alice.pk, ecg, 0, 2**62, most=10)
    assert store.read(alice.pk, ecg, T0, T0 + MINUTE).timestamps.size == MINUTE + 1


@pytest.mark.parametrize("batch", [1, 2, 64])
@pytest.mark.parametrize("most", [1, 3, 5, 1000, 7680, 20000, 65536])
@pytest.mark.parametrize(("start", "end"), [(0, 2**62), (T0 + 333, T0 + 2 * MINUTE + 77)])
def test_reading_at_most_n_keeps_every_kth_sample_of_the_window(
    alice, ecg, most, start, end, batch, monkeypatch
):
    monkeypatch.setattr(store, "READ_BATCH", batch)  # runs of chunks cut anywhere
    times, values = ecg_minutes(5.5)
    store.write(alice.pk, {ecg: (times, values)})
    whole = store.read(alice.pk, ecg, start, end)
    step = -(-whole.timestamps.size // most)
    kept = store.read(alice.pk, ecg, start, end, most=most)
    np.testing.assert_array_equal(kept.timestamps, whole.timestamps[::step])
    np.testing.assert_array_equal(kept.values, whole.values[::step])
    assert kept.timestamps.size <= most


@pytest.mark.parametrize("most", [None, 2, 7])
@pytest.mark.parametrize("bounds", [(T0 + 100, T0 + 256 * 30 + 5), (T0 + 256, T0 + 512), (0, T0)])
def test_windows_between_samples_of_a_slow_series(alice, heart_rate, most, bounds):
    times = T0 + 256 * np.arange(7200, dtype=np.int64)  # two hours at 1 Hz, three chunks
    values = np.arange(7200)
    store.write(alice.pk, {heart_rate: (times, values)})
    start, end = bounds
    inside = times[(times >= start) & (times <= end)]
    step = 1 if most is None else max(1, -(-inside.size // most))
    back = store.read(alice.pk, heart_rate, start, end, most=most)
    np.testing.assert_array_equal(back.timestamps, inside[::step])
