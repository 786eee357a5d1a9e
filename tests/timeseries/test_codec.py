"""The chunk codec round-trips every sample exactly and compresses the way STORAGE.md says."""

import numpy as np
import pytest

from openhexo.timeseries.codec import CODEC_V1, CodecError, decode, encode

RNG = np.random.default_rng(20261125)
T0 = 427217263872  # the real export's start, 2022-11-19T00:23:57Z


def round_trip(times, values):
    codec, payload = encode(times, values)
    samples = decode(codec, payload)
    return payload, samples


def regular(count: int, step: int = 1) -> np.ndarray:
    return T0 + step * np.arange(count, dtype=np.int64)


@pytest.mark.parametrize(
    "values",
    [
        RNG.integers(0, 4096, 15360),  # 12-bit ECG
        RNG.integers(-(2**15), 2**15, 1000),
        RNG.integers(-(2**62), 2**62, 1000),  # differences need 8 bytes
        np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max, 0, -1]),  # wrapping deltas
        np.zeros(10, dtype=np.int64),
    ],
)
def test_integers_come_back_exactly_and_stay_integers(values):
    times = regular(values.size)
    _, samples = round_trip(times, values)
    assert samples.values.dtype.kind == "i"
    np.testing.assert_array_equal(samples.values, values)
    np.testing.assert_array_equal(samples.timestamps, times)


def test_floats_come_back_bit_for_bit():
    values = np.concatenate(
        [RNG.normal(571.04, 50, 1000), [0.0, -0.0, np.inf, -np.inf, np.nan, 5e-324, 1e308]]
    )
    _, samples = round_trip(regular(values.size, 256), values)
    assert samples.values.dtype == np.float64
    assert samples.values.tobytes() == values.astype(np.float64).tobytes()


def test_irregular_events_and_gaps_need_no_special_case():
    """RR intervals: event times at irregular ticks, with a one-hour gap."""
    rr = RNG.integers(150, 260, 2000)
    times = T0 + np.cumsum(rr)
    times[1000:] += 256 * 3600
    payload, samples = round_trip(times, rr)
    np.testing.assert_array_equal(samples.timestamps, times)
    np.testing.assert_array_equal(samples.values, rr)
    assert len(payload) / rr.size < 2.0  # bytes per event, timestamps included


def test_regular_timestamps_cost_almost_nothing():
    payload, _ = round_trip(regular(15360), np.zeros(15360, dtype=np.int64))
    assert len(payload) < 100


def test_a_synthetic_ecg_minute_takes_under_one_byte_per_sample():
    """A 256 Hz, 12-bit ECG-like signal with 3 LSB of noise (STORAGE.md measures 0.66)."""
    t = np.arange(15360) / 256
    wave = 2048 + 400 * np.sin(2 * np.pi * 1.2 * t) ** 15 + 60 * np.sin(2 * np.pi * 0.25 * t)
    values = np.round(wave + RNG.normal(0, 3, t.size)).astype(np.int64)
    payload, samples = round_trip(regular(t.size), values)
    np.testing.assert_array_equal(samples.values, values)
    assert len(payload) / values.size < 0.9


def test_empty_and_single_samples():
    for count in (0, 1):
        _, samples = round_trip(regular(count), np.arange(count, dtype=np.int64))
        assert samples.values.size == count


@pytest.mark.parametrize(
    "payload",
    [b"", b"\x01" * 8, b"\x02" + b"\x00" * 40, encode(regular(10), np.arange(10))[1][:-3]],
)
def test_corrupt_payloads_are_refused(payload):
    with pytest.raises(CodecError):
        decode(CODEC_V1, payload)


def test_mismatched_arrays_are_refused():
    with pytest.raises(ValueError, match="one length"):
        encode(regular(3), np.arange(4))
