"""The chunk codec round-trips every sample exactly and compresses the way STORAGE.md says."""

import struct

import numpy as np
import pytest

from openhexo.timeseries import codec
from openhexo.timeseries.codec import (
    CODEC_V2,
    CodecError,
    decode,
    decode_many,
    encode,
    regular_times,
)

RNG = np.random.default_rng(20261125)
T0 = 427217263872  # the real export's start, 2022-11-19T00:23:57Z
MINUTE = 15360  # samples of a 256 Hz series in one grid cell
INT64 = np.iinfo(np.int64)


def round_trip(times, values):
    codec_id, payload = encode(times, values)
    samples = decode(codec_id, payload)
    return payload, samples


def regular(count: int, step: int = 1, start: int = T0) -> np.ndarray:
    return start + step * np.arange(count, dtype=np.int64)


def ecg(count: int) -> np.ndarray:
    """A 256 Hz, 12-bit ECG-like signal with 3 LSB of noise."""
    t = np.arange(count) / 256
    wave = 2048 + 400 * np.sin(2 * np.pi * 1.2 * t) ** 15 + 60 * np.sin(2 * np.pi * 0.25 * t)
    return np.round(wave + RNG.normal(0, 3, t.size)).astype(np.int64)


def nan_with_payload(bits: int) -> float:
    return np.array([bits], dtype=np.uint64).view(np.float64)[0]


@pytest.mark.parametrize(
    "values",
    [
        RNG.integers(0, 4096, 15360),  # 12-bit ECG
        RNG.integers(-(2**15), 2**15, 1000),
        RNG.integers(-(2**62), 2**62, 1000),  # differences need 8 bytes
        np.array([INT64.min, INT64.max, 0, -1, INT64.max, INT64.min]),  # wrapping deltas
        np.array([0, 127, -1, -129, 32639, -32896, 32640, -32897]),  # digit range edges
        np.zeros(10, dtype=np.int64),
    ],
)
def test_integers_come_back_exactly_and_stay_integers(values):
    times = regular(values.size)
    _, samples = round_trip(times, values)
    assert samples.values.dtype == np.int64
    np.testing.assert_array_equal(samples.values, values)
    np.testing.assert_array_equal(samples.timestamps, times)


def test_floats_come_back_bit_for_bit():
    specials = [
        0.0,
        -0.0,
        np.inf,
        -np.inf,
        np.nan,
        5e-324,
        1e308,
        nan_with_payload(0xFFF0_0000_DEAD_BEEF),
    ]
    values = np.concatenate([RNG.normal(571.04, 50, 1000), specials, [3.0] * 5])
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


@pytest.mark.parametrize("step", [1, 2, 256, -5, 2**62])
def test_regular_timestamps_cost_nothing_and_any_step_comes_back(step):
    times = regular(MINUTE, step, start=INT64.max - 3)  # steps past the top wrap, exactly
    payload, samples = round_trip(times, np.zeros(MINUTE, dtype=np.int64))
    np.testing.assert_array_equal(samples.timestamps, times)
    assert len(payload) < 100


def test_extreme_irregular_timestamps_come_back():
    times = np.sort(RNG.integers(INT64.min, INT64.max, 1000))
    _, samples = round_trip(times, np.arange(times.size))
    np.testing.assert_array_equal(samples.timestamps, times)


def test_a_synthetic_ecg_minute_takes_under_one_byte_per_sample():
    """STORAGE.md measures 0.66 B/sample for this signal; a small difference takes one byte."""
    values = ecg(MINUTE)
    payload, samples = round_trip(regular(MINUTE), values)
    np.testing.assert_array_equal(samples.values, values)
    assert len(payload) / values.size < 0.75
    assert payload[2] == 1  # value width: one digit per difference


def test_empty_and_single_samples():
    for count in (0, 1):
        _, samples = round_trip(regular(count), np.arange(count, dtype=np.int64))
        assert samples.values.size == samples.timestamps.size == count
        assert samples.timestamps.dtype == samples.values.dtype == np.int64


def test_a_float_chunk_of_one_value_and_an_empty_one():
    for values in ([-0.0], []):
        values = np.array(values, dtype=np.float64)
        _, samples = round_trip(regular(values.size), values)
        assert samples.values.dtype == np.float64
        assert samples.values.tobytes() == values.tobytes()


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"\x02" * 8,
        b"\x02" + b"\x00" * 40,  # value kind 0, but width 0
        encode(regular(10), np.arange(10))[1][:-3],  # truncated value frame
        encode(regular(10), np.arange(10))[1] + b"\x00",  # trailing bytes
        encode(RNG.integers(0, 10**6, 10).cumsum(), np.arange(10))[1][:50],  # cut time frame
    ],
)
def test_corrupt_payloads_are_refused(payload):
    with pytest.raises(CodecError):
        decode(CODEC_V2, payload)


def test_a_header_that_lies_about_the_count_is_refused():
    _, payload = encode(regular(100), RNG.integers(0, 4096, 100))
    fields = list(codec.HEADER.unpack_from(payload))
    fields[4] = 2**32 - 1  # count: would be a 32 GiB value array
    lying = codec.HEADER.pack(*fields) + payload[codec.HEADER.size :]
    with pytest.raises(CodecError):
        decode(CODEC_V2, lying)


def test_codec_1_payloads_are_not_decoded():
    _, payload = encode(regular(10), np.arange(10))
    with pytest.raises(CodecError):
        decode(1, payload)


def test_mismatched_arrays_are_refused():
    with pytest.raises(ValueError, match="one length"):
        encode(regular(3), np.arange(4))


# --- decode_many ---------------------------------------------------------------------------


def mixed_chunks() -> list[tuple[np.ndarray, np.ndarray]]:
    """Full and partial ECG minutes, floats, wide integers, events and empty chunks, each in
    its own minute of the grid."""
    cell = 60 * 256  # ticks
    rr = RNG.integers(150, 260, 60)
    return [
        (regular(MINUTE), ecg(MINUTE)),
        (regular(MINUTE, start=T0 + cell), ecg(MINUTE)),
        (regular(0), np.zeros(0, dtype=np.int64)),
        (regular(5000, start=T0 + 2 * cell), ecg(5000)),  # a recording stopped mid-minute
        (regular(700, 2, start=T0 + 3 * cell), RNG.integers(-(2**40), 2**40, 700)),  # 6 digits
        (T0 + 4 * cell + np.cumsum(rr), rr),  # irregular events
        (regular(1, start=T0 + 5 * cell), np.array([INT64.max])),
        (regular(3000, 4, start=T0 + 6 * cell), RNG.normal(60, 5, 3000)),  # 64 Hz floats
        (regular(0), np.zeros(0)),
        (regular(MINUTE, start=T0 + 7 * cell), ecg(MINUTE)),
    ]


def encoded(chunks) -> list[tuple[int, bytes]]:
    return [encode(times, values) for times, values in chunks]


def concatenated(payloads) -> tuple[np.ndarray, np.ndarray]:
    parts = [decode(codec_id, payload) for codec_id, payload in payloads]
    kind = np.result_type(*(part.values.dtype for part in parts))
    times = np.concatenate([part.timestamps for part in parts])
    return times, np.concatenate([part.values.astype(kind) for part in parts])


def assert_same(samples, times, values):
    assert samples.timestamps.dtype == np.int64
    assert samples.values.dtype == values.dtype
    np.testing.assert_array_equal(samples.timestamps, times)
    assert samples.values.tobytes() == values.tobytes()


def test_decode_many_equals_the_concatenation_of_single_decodes():
    payloads = encoded(mixed_chunks())
    times, values = concatenated(payloads)
    assert (np.diff(times) > 0).all()  # a window's chunks, in time order
    assert values.dtype == np.float64  # one float chunk makes the whole answer float
    assert_same(decode_many(payloads), times, values)


def test_decode_many_of_integer_chunks_stays_integer():
    chunks = [chunk for chunk in mixed_chunks() if chunk[1].dtype.kind != "f"]
    payloads = encoded(chunks)
    times, values = concatenated(payloads)
    assert_same(decode_many(payloads), times, values)
    np.testing.assert_array_equal(values, np.concatenate([v for _, v in chunks]))


def test_decode_many_of_one_chunk_and_of_none():
    payloads = encoded(mixed_chunks()[:1])
    assert_same(decode_many(payloads), *concatenated(payloads))
    nothing = decode_many([])
    assert nothing.timestamps.dtype == nothing.values.dtype == np.int64
    assert nothing.timestamps.size == nothing.values.size == 0


@pytest.mark.parametrize(
    ("every", "offset"),
    [(1, 0), (1, 20000), (2, 1), (7, 3), (8, 0), (338, 0), (338, 15359), (1000, 5), (10**6, 0)],
)
def test_decode_many_keeps_every_kth_sample_from_offset(every, offset):
    payloads = encoded(mixed_chunks())
    times, values = concatenated(payloads)
    kept = decode_many(payloads, every=every, offset=offset)
    assert_same(kept, times[offset::every], values[offset::every])


def test_a_long_window_decodes_the_same_on_helper_threads():
    """A day's worth of ECG minutes goes through the threaded path; a few are enough here."""
    chunks = [(regular(MINUTE, start=T0 + i * MINUTE), ecg(MINUTE)) for i in range(40)]
    payloads = encoded(chunks)
    assert sum(payload[2] * MINUTE for _, payload in payloads) >= codec.PARALLEL_BYTES
    times, values = concatenated(payloads)
    assert_same(decode_many(payloads), times, values)
    assert_same(decode_many(payloads, every=338, offset=9), times[9::338], values[9::338])


@pytest.mark.parametrize("every", [8, 9, 338, 5000, 20000])
@pytest.mark.parametrize("offset", [0, 7, 999, 1000])
@pytest.mark.parametrize("spread", [50, 40000])  # one digit plane, and two
def test_uniform_chunks_decimate_together_as_slicing_would(every, offset, spread, monkeypatch):
    """Integer chunks of regular times, of one width but unequal lengths: the path that reads
    the kept samples of many chunks at once."""
    together = []
    original = codec._decode_kept_together
    monkeypatch.setattr(codec, "_decode_kept_together", lambda *a: together.append(original(*a)))
    rng = np.random.default_rng(every + offset)
    start, chunks = T0, []
    for count in [1000, 2, 2500, 999, 4096, 3, 1500]:
        values = rng.integers(0, spread, count)
        values[1] = values[0] + spread  # every chunk needs the same digit width
        chunks.append((regular(count, start=start), values))
        start += count
    payloads = encoded(chunks)
    times, values = concatenated(payloads)
    kept = decode_many(payloads, every=every, offset=offset)
    assert_same(kept, times[offset::every], values[offset::every])
    assert together, "the chunks were decoded one by one"


def test_decode_many_refuses_a_corrupt_chunk_anywhere():
    payloads = encoded(mixed_chunks())
    codec_id, payload = payloads[3]
    payloads[3] = codec_id, payload[:-10]
    with pytest.raises(CodecError):
        decode_many(payloads)
    with pytest.raises(CodecError):
        decode_many(payloads, every=100)


def test_decode_many_refuses_corrupt_data_on_helper_threads():
    payloads = encoded([(regular(MINUTE, start=T0 + i * MINUTE), ecg(MINUTE)) for i in range(40)])
    codec_id, payload = payloads[30]
    damaged = bytearray(payload)
    damaged[codec.HEADER.size + 4 : codec.HEADER.size + 40] = b"\xff" * 36  # zstd block header
    payloads[30] = codec_id, bytes(damaged)
    with pytest.raises(CodecError):
        decode_many(payloads)


def test_decode_many_refuses_nonsense_strides():
    for every, offset in ((0, 0), (1, -1)):
        with pytest.raises(ValueError):
            decode_many([], every=every, offset=offset)


def test_the_header_is_the_documented_40_bytes():
    _, payload = encode(regular(3), np.array([5, 6, 7]))
    fields = struct.unpack_from("<BBBBIIIqqq", payload)
    assert fields[:6] == (CODEC_V2, codec.INTEGER, 1, codec.REGULAR, 3, 0)
    assert fields[6] == len(payload) - 40  # the value frame, all that follows
    assert fields[7:] == (T0, 1, 5)


def test_regular_times_are_read_from_the_header_alone():
    assert regular_times(*encode(regular(100, 256), np.arange(100))) == (T0, 256, 100)
    assert regular_times(*encode(np.array([T0, T0 + 5, T0 + 7]), np.arange(3))) is None
