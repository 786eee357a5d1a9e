"""The zip archive of the data endpoint, checked against Hexoskin's own export byte for byte."""

import io
import json
import struct
import tracemalloc
import wave
import zipfile

import numpy as np
import pytest

from openhexo.formats.channels import Channel
from openhexo.formats.errors import FormatError
from openhexo.formats.eventcsv import read_event_csv
from openhexo.formats.hexozip import FLUSH_BYTES, stream_zip
from openhexo.formats.slots import wav_grid
from openhexo.formats.wav import header, read_wav
from tests.conftest import shared_path

from .helpers import END, START, channel, stdlib_event_csv, stdlib_wav

EXPORT = ("data", "hexoskin-export", "harlab-257575")


def archive(channels, start=START, end=END, info=None, statistics=()) -> zipfile.ZipFile:
    data = b"".join(stream_zip(channels, start, end, info or {}, statistics))
    return zipfile.ZipFile(io.BytesIO(data))


def samples(member: bytes) -> np.ndarray:
    return read_wav(member).samples


def test_wav_header_is_the_canonical_44_bytes():
    expected = (
        b"RIFF" + (36 + 6).to_bytes(4, "little") + b"WAVE"
        + b"fmt " + bytes.fromhex("10000000 0100 0100 00010000 00020000 0200 1000")
        + b"data" + (6).to_bytes(4, "little")
    )  # fmt: skip
    assert header(3, 256, 2) == expected
    assert header(0, 1, 4)[22:36] == struct.pack("<HIIHH", 1, 1, 4, 4, 32)


def test_a_fast_channel_covers_the_window_from_its_start():
    ecg = channel(4113, "ECG_I", 256, START + np.arange(5), [1, -2, 3, 4000, 5])
    member = archive([ecg], START, START + 5).read("ECG_I.wav")
    assert member == header(5, 256, 2) + struct.pack("<5h", 1, -2, 3, 4000, 5)


def test_one_hz_channels_start_one_second_after_the_start_and_hold_whole_seconds():
    times = START + 256 * np.arange(0, 5)  # t = 0 s falls before the first slot
    heart = channel(19, "heart_rate", 1, times, [60, 61, 62, 63, 64])
    member = archive([heart], START, START + 256 * 3 + 128).read("heart_rate.wav")
    assert struct.unpack_from("<I", member, 24) == (1,)
    assert samples(member).tolist() == [61, 62, 63]  # t = 1, 2, 3 s; 3.5 s hold 3 samples


def test_channels_slower_than_1_hz_use_the_period_as_rate_and_start_a_period_late():
    times = START + 256 * 300 * np.arange(1, 5)
    hrv = channel(272, "SDNN", 1 / 300, times, [11, 12, 13, 14])
    member = archive([hrv], START, START + 256 * 1000).read("SDNN.wav")
    assert struct.unpack_from("<I", member, 24) == (300,)  # the sample-rate field
    assert samples(member).tolist() == [11, 12, 13]  # at 300, 600, 900 s of 1000 s


@pytest.mark.parametrize("size", [2, 100])  # 15 and 16 in two blocks, then in one
def test_gaps_hold_zero_and_each_sample_goes_to_its_nearest_slot(size):
    times = START + np.array([0, 4, 9, 15, 16, 24, 31])  # 64 Hz: a slot every 4 ticks
    values = [1, 2, 3, 4, 5, 6, 7]
    accel = channel(4145, "acceleration_X", 64, times, values, size=size)
    member = archive([accel], START, START + 40).read("acceleration_X.wav")
    # 9 ticks rounds to slot 2, 15 to slot 4 (3.75), 16 is slot 4 too: the first one wins
    assert samples(member).tolist() == [1, 2, 3, 0, 4, 0, 6, 0, 7, 0]


def test_a_long_gap_between_blocks_is_zeros():
    times = np.concatenate([START + np.arange(3), START + 200_000 + np.arange(3)])
    ecg = channel(4113, "ECG_I", 256, times, [1, 2, 3, 4, 5, 6], size=3)
    found = samples(archive([ecg], START, START + 200_003).read("ECG_I.wav"))
    expected = np.zeros(200_003, np.int64)
    expected[[0, 1, 2, 200_000, 200_001, 200_002]] = [1, 2, 3, 4, 5, 6]
    assert np.array_equal(found, expected)


def test_float_values_are_rounded_and_non_finite_ones_are_gaps():
    values = [1.4, 2.6, np.nan, -3.5, np.inf]
    resp = channel(4129, "respiration_thoracic", 128, START + 2 * np.arange(5), values)
    member = archive([resp], START, START + 10).read("respiration_thoracic.wav")
    assert samples(member).tolist() == [1, 3, 0, -4, 0]


def test_samples_outside_the_window_are_left_out():
    ecg = channel(4113, "ECG_I", 256, START + np.arange(-2, 6), np.arange(1, 9))
    assert samples(archive([ecg], START, START + 4).read("ECG_I.wav")).tolist() == [3, 4, 5, 6]


def test_values_beyond_16_bits_make_a_32_bit_wav():
    resp = channel(4129, "respiration_thoracic", 128, START + 2 * np.arange(3), [0, 40000, -7])
    member = archive([resp], START, START + 6).read("respiration_thoracic.wav")
    with wave.open(io.BytesIO(member)) as reader:
        assert (reader.getsampwidth(), reader.getnframes()) == (4, 3)
    assert member == header(3, 128, 4) + struct.pack("<3i", 0, 40000, -7)


def test_known_bounds_read_the_samples_once_and_write_the_same_bytes():
    times, values = START + 2 * np.arange(3), [0, 40000, -7]
    passes = []

    def blocks():
        passes.append(1)
        return iter([(times, np.array(values))])

    told = Channel(4129, "respiration_thoracic", 128, "NA", "/api/datatype/4129/", blocks,
                   value_range=(-7.0, 40000.0))  # fmt: skip
    member = archive([told], START, START + 6).read("respiration_thoracic.wav")
    assert len(passes) == 1
    assert member == header(3, 128, 4) + struct.pack("<3i", 0, 40000, -7)


def test_values_beyond_32_bits_are_refused():
    resp = channel(4129, "respiration_thoracic", 128, [START], [2**40])
    with pytest.raises(ValueError, match="do not fit"):
        archive([resp], START, START + 2)


def test_event_channels_are_csv_rows_of_seconds_from_the_start():
    times = START + np.array([-1, 0, 1447, 1563, 256 * 10 + 128, 256 * 11])
    position = channel(269, "device_position", None, times, [9.0, np.nan, 2.0, 1.5, np.nan, 3.0])
    steps = channel(52, "step", None, START + np.array([272, 388]), [1, 2], unit="Step")
    found = archive([position, steps], START, START + 256 * 10 + 128)
    assert found.read("device_position.csv") == (
        b"time [s],device_position [NA](/api/datatype/269/)\r\n"
        b"0.0,nan\r\n5.65234375,2.0\r\n6.10546875,1.5\r\n10.5,nan\r\n"
    )
    assert found.read("step.csv") == (
        b"time [s],step [Step](/api/datatype/52/)\r\n1.0625,1\r\n1.515625,2\r\n"
    )


def test_the_real_ecg_wav_is_rebuilt_byte_for_byte():
    path = shared_path(*EXPORT, "ECG_I.wav")
    rate, values = stdlib_wav(path)
    ecg = channel(4113, "ECG_I", rate, START + np.arange(len(values)), values.astype(np.int64))
    assert archive([ecg]).read("ECG_I.wav") == path.read_bytes()


def test_the_real_1_hz_wav_is_rebuilt_byte_for_byte():
    path = shared_path(*EXPORT, "heart_rate.wav")
    rate, values = stdlib_wav(path)
    times = START + 256 * np.arange(1, len(values) + 1)  # Hexoskin's loader: first at 1 s
    heart = channel(19, "heart_rate", rate, times, values.astype(np.int64))
    assert archive([heart]).read("heart_rate.wav") == path.read_bytes()


def test_a_channel_without_samples_is_a_header_only_wav_like_the_real_absent_lead():
    empty = channel(4114, "ECG_II", 256, [], np.empty(0, np.int64))
    assert archive([empty]).read("ECG_II.wav") == shared_path(*EXPORT, "ECG_II.wav").read_bytes()


@pytest.mark.parametrize(
    ("name", "datatype", "unit"),
    [("RR_interval", 18, "s/256"), ("step", 52, "Step"), ("device_position", 269, "NA")],
)
def test_the_real_event_csvs_are_rebuilt_byte_for_byte(name, datatype, unit):
    path = shared_path(*EXPORT, f"{name}.csv")
    titles, offsets, values = stdlib_event_csv(path)
    assert titles == ["time [s]", f"{name} [{unit}](/api/datatype/{datatype}/)"]
    typed = np.array(values) if name == "device_position" else np.array(values, np.int64)
    events = channel(datatype, name, None, START + offsets, typed, unit=unit, size=100)
    assert archive([events]).read(f"{name}.csv") == path.read_bytes()


def test_info_json_and_statistics_csv_are_written_like_the_real_ones():
    info_path = shared_path(*EXPORT, "info.json")
    statistics_path = shared_path(*EXPORT, "statistics.csv")
    info = json.loads(info_path.read_text())
    rows = [line.split(",") for line in statistics_path.read_text().splitlines()]
    found = archive([], info=info, statistics=rows)
    assert found.read("info.json") == info_path.read_bytes()
    assert found.read("statistics.csv") == statistics_path.read_bytes()


def test_members_are_flat_stored_and_dated_at_the_start():
    heart = channel(19, "heart_rate", 1, [START + 256], [70])
    rr = channel(18, "RR_interval", None, [START + 300], [0])
    found = archive([heart, rr], info={"start": START}, statistics=[["uri"], ["na"]])
    assert found.namelist() == ["heart_rate.wav", "RR_interval.csv", "info.json", "statistics.csv"]
    for member in found.infolist():
        assert member.compress_type == zipfile.ZIP_STORED
        assert member.date_time == (2022, 11, 19, 0, 23, 56)  # 00:23:57 to zip's 2 s
        assert member.external_attr >> 16 == 0o644


class Counted:
    """A blocks callable that counts the blocks handed out."""

    def __init__(self, count: int, size: int):
        self.count, self.size, self.handed = count, size, 0

    def __call__(self):
        for i in range(self.count):
            self.handed += 1
            times = START + i * self.size + np.arange(self.size)
            yield times, (times - START) % 4096


def test_the_archive_streams_piece_by_piece_as_blocks_come():
    blocks = Counted(240, 15360)  # 4 hours of 256 Hz ECG, 7.4 MB of WAV
    ecg = Channel(4113, "ECG_I", 256, "adc", "/api/datatype/4113/", blocks)
    pieces = stream_zip([ecg], START, START + 240 * 15360, {}, [])
    first = next(pieces)
    assert blocks.handed < 240 * 2  # the first pass for the sample width, then a few more
    rest = list(pieces)
    assert len(rest) >= 20
    assert max(map(len, [first, *rest])) <= FLUSH_BYTES + 2 * 15360
    member = zipfile.ZipFile(io.BytesIO(first + b"".join(rest))).read("ECG_I.wav")
    assert np.array_equal(samples(member), np.arange(240 * 15360) % 4096)


def test_streaming_four_hours_of_ecg_stays_within_a_few_megabytes():
    blocks = Counted(240, 15360)
    ecg = Channel(4113, "ECG_I", 256, "adc", "/api/datatype/4113/", blocks)
    tracemalloc.start()
    try:
        total = sum(map(len, stream_zip([ecg], START, START + 240 * 15360, {}, [])))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert total > 7_000_000
    assert peak < 3_000_000


def test_read_wav_and_read_event_csv_invert_the_writer():
    grid = wav_grid(1, START, END)
    heart = channel(19, "heart_rate", 1, grid.times(), np.arange(grid.count) % 200)
    rr = channel(18, "RR_interval", None, START + np.array([5, 9, 700]), [0, 4, 691])
    found = archive([heart, rr])
    decoded = read_wav(found.read("heart_rate.wav"))
    assert (decoded.rate, decoded.width) == (1, 2)
    assert np.array_equal(decoded.samples, np.arange(1033) % 200)
    events = read_event_csv(found.read("RR_interval.csv"), START)
    assert (events.name, events.unit, events.datatype) == ("RR_interval", "NA", 18)
    assert events.times.tolist() == (START + np.array([5, 9, 700])).tolist()
    assert events.values.tolist() == [0, 4, 691]


@pytest.mark.parametrize("name", ["../evil", "a/b", ".hidden", ""])
def test_names_that_are_no_plain_file_stem_are_refused(name):
    with pytest.raises(ValueError, match="file stem"):
        archive([channel(19, name, 1, [], [])])


def test_a_datatype_given_twice_is_refused():
    with pytest.raises(ValueError, match="twice"):
        archive([channel(19, "heart_rate", 1, [], []), channel(19, "hr", 1, [], [])])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "line 1"),
        ("time,RR_interval [s/256](/api/datatype/18/)\r\n", "line 1"),
        ("time [s],RR_interval [s/256](/api/datatype/18/)\r\n1.0,5\r\n2.0\r\n", "line 3"),
        ("time [s],RR_interval [s/256](/api/datatype/18/)\r\n1.0,5\r\nx,6\r\n", "line 3, column 1"),
        ("time [s],RR_interval [s/256](/api/datatype/18/)\r\ninf,5\r\n", "line 2, column 1"),
    ],
)
def test_malformed_event_csvs_name_the_line(text, message):
    with pytest.raises(FormatError, match=message):
        read_event_csv(text, START)


def test_a_file_that_is_no_wav_is_a_format_error():
    with pytest.raises(FormatError):
        read_wav(b"RIFF0000WAVEjunk")
