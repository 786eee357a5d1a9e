"""The data endpoint's CSV: writing, reading back, and reading Hexoskin's dashboard CSV."""

import csv

import numpy as np
import pytest

from openhexo.formats.errors import FormatError
from openhexo.formats.table import read_table, stream_table
from tests.conftest import shared_path

from .helpers import START, channel

HR = "heart_rate [bpm](/api/datatype/19/)"
ACT = "activity [g](/api/datatype/49/)"
RR = "RR_interval [s/256](/api/datatype/18/)"


def heart(size=2):
    return channel(19, "heart_rate", 1, START + 256 * np.arange(1, 4), [70, 71, 72], "bpm", size)


def activity(size=1):
    values = [0.5, np.nan, 0.1171875]
    return channel(49, "activity", 1, START + 256 * np.arange(0, 6, 2), values, "g", size)


def rr():
    return channel(18, "RR_interval", None, START + np.array([100, 512]), [0, 412], "s/256")


def test_one_user_has_no_user_column_and_one_row_per_distinct_time():
    text = "".join(stream_table([("/api/user/1/", [heart(), activity(), rr()])]))
    assert text == (
        f"time [s/256],{HR},{ACT},{RR}\n"
        f"{START},,0.5,\n"
        f"{START + 100},,,0\n"
        f"{START + 256},70,,\n"
        f"{START + 512},71,nan,412\n"
        f"{START + 768},72,,\n"
        f"{START + 1024},,0.1171875,\n"
    )


def test_several_users_get_a_user_column_and_the_union_of_columns():
    users = [("/api/user/1/", [heart()]), ("/api/user/2/", [rr(), heart()])]
    lines = "".join(stream_table(users, seconds=True)).splitlines()
    assert lines[0] == f"user,time [s],{HR},{RR}"
    assert lines[1:4] == [
        "/api/user/1/,1668817438.0,70,",
        "/api/user/1/,1668817439.0,71,",
        "/api/user/1/,1668817440.0,72,",
    ]
    assert lines[4:] == [
        "/api/user/2/,1668817437.390625,,0",
        "/api/user/2/,1668817438.0,70,",
        "/api/user/2/,1668817439.0,71,412",
        "/api/user/2/,1668817440.0,72,",
    ]


def test_streaming_merges_channels_of_unequal_blocks_in_time_order():
    rng = np.random.default_rng(7)
    times = [np.unique(rng.integers(START, START + 5000, n)) for n in (900, 300, 40)]
    channels = [
        channel(4113, "ECG_I", 256, times[0], np.arange(len(times[0])), size=37),
        channel(4129, "resp", 128, times[1], times[1] % 1000 / 8, size=11),
        channel(18, "RR_interval", None, times[2], np.arange(len(times[2])), size=500),
    ]
    pieces = list(stream_table([(None, channels)]))
    assert len(pieces) > 20
    rows = [line.split(",") for line in "".join(pieces).splitlines()[1:]]
    union = np.unique(np.concatenate(times))
    assert [int(row[0]) for row in rows] == union.tolist()
    for column, (stamps, chan) in enumerate(zip(times, channels, strict=True), 1):
        written = {int(row[0]): row[column] for row in rows if row[column]}
        expected_values = np.concatenate([values for _, values in chan.blocks()])
        assert written == dict(
            zip(stamps.tolist(), map(str, expected_values.tolist()), strict=True)
        )


def test_write_then_read_gives_back_every_sample_exactly():
    users = [("/api/user/1/", [heart(), activity(), rr()]), ("/api/user/2/", [rr()])]
    found = {(c.user, c.datatype): c for c in read_table("".join(stream_table(users)))}
    assert len(found) == 6
    one = found["/api/user/1/", 19]
    assert (one.name, one.unit, one.uri) == ("heart_rate", "bpm", "/api/datatype/19/")
    assert one.times.tolist() == (START + 256 * np.arange(1, 4)).tolist()
    assert one.values.dtype == np.int64 and one.values.tolist() == [70, 71, 72]
    act = found["/api/user/1/", 49]
    assert act.times.tolist() == [START, START + 512, START + 1024]  # nan: a value unknown
    assert act.values.dtype == np.float64
    assert act.values[[0, 2]].tolist() == [0.5, 0.1171875] and np.isnan(act.values[1])
    assert found["/api/user/2/", 18].values.tolist() == [0, 412]
    assert len(found["/api/user/2/", 19].times) == 0


def test_floats_survive_the_round_trip_bit_for_bit():
    values = np.array([0.1, 1 / 3, 1e-300, 17516.32, -2.5e17, 13691.679999999998])
    floats = channel(36, "minute_ventilation", 1, START + np.arange(6), values, "mL/min")
    (column,) = read_table("".join(stream_table([(None, [floats])], seconds=True)))
    assert column.values.tobytes() == values.tobytes()
    assert column.times.tolist() == (START + np.arange(6)).tolist()


def test_the_real_dashboard_csv_is_read_with_its_values():
    path = shared_path("data", "hexoskin-csv", "record-241834.csv")
    columns = {column.name: column for column in read_table(path.read_text())}
    assert list(columns) == [
        "breathing_rate", "minute_ventilation", "minute_ventilation_adjusted",
        "sleep_position", "activity", "heart_rate", "cadence",
    ]  # fmt: skip
    hr = columns["heart_rate"]
    assert (hr.datatype, hr.unit, hr.user) == (19, "bpm", None)
    assert hr.times[0] == 421880164002 and hr.values[0] == 70 and hr.values.dtype == np.int64
    assert len(hr.times) == 3957 and hr.times[-1] == 421881176738 and hr.values[-1] == 86
    assert np.all(np.diff(hr.times) == 256)
    mv = columns["minute_ventilation"]
    assert mv.values.dtype == np.float64 and mv.values[6] == 13691.679999999998
    assert mv.values[-1] == 17516.32
    position = columns["sleep_position"]  # the start row's nan: the position is unknown
    assert position.times[:3].tolist() == [421880163746, 421880164002, 421880165282]
    assert np.isnan(position.values[0]) and position.values[1:4].tolist() == [4, 2, 5]
    assert len(position.values) == 32


def test_the_real_dashboard_csv_agrees_with_the_stdlib_reading_of_it():
    path = shared_path("data", "hexoskin-csv", "record-241834.csv")
    with path.open(newline="") as file:
        rows = list(csv.reader(file))
    for index, column in enumerate(read_table(path.read_bytes()), 1):
        cells = [(int(float(row[0])), float(row[index])) for row in rows[1:] if row[index]]
        assert column.times.tolist() == [time for time, _ in cells]
        np.testing.assert_array_equal(column.values, [value for _, value in cells])


def test_v1_prefixed_uris_lines_and_crlf_are_accepted():
    lines = ["time [s/256],heart_rate [bpm](/api/v1/datatype/19/)\r\n", "5,70\r\n", "\r\n"]
    (column,) = read_table(lines)
    assert (column.datatype, column.uri) == (19, "/api/v1/datatype/19/")
    assert column.times.tolist() == [5] and column.values.tolist() == [70]


BAD = [
    ("", "line 1"),
    ("when,heart_rate [bpm](/api/datatype/19/)\n", "line 1, column 1"),
    ("time [s/256],heart_rate\n", "line 1, column 2"),
    (f"time [s/256],{HR},{HR}\n", "line 1, column 3: datatype 19 appears twice"),
    (f"time [s/256],{HR}\n1,70\n2,seventy\n", "line 3, column 2 (heart_rate): 'seventy'"),
    (f"time [s/256],{HR}\n1,70\n2,71,3\n", "line 3: 3 cells, expected 2"),
    (f"time [s/256],{HR}\n1,70\n2\n", "line 3: 1 cells, expected 2"),
    (f"time [s/256],{HR}\n1.5,70\n", "line 2, column 1: time '1.5' is not a whole number"),
    (f"time [s/256],{HR}\n1,70\n,70\n", "line 3, column 1: '' is not a number"),
    (f"time [s/256],{HR}\n99999999999999999999,70\n", "line 2, column 1: time '9999"),
    (f"time [s/256],{HR}\n1,1\n-1,70\n", "line 3, column 1: time '-1' is negative"),
    (f"time [s/256],{HR}\n1,1\n2,{'7' * 400}\n", "line 3, column 2: field too long"),
    (f'time [s/256],{HR}\n1,1\n2,"7\n', "line 3"),
    (f"user,time [s/256],{HR}\n,1,70\n", "line 2, column 1: empty user"),
    (b"time [s/256]\n\xff\n", "not UTF-8"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_malformed_files_name_the_line_and_column(text, message):
    with pytest.raises(FormatError) as raised:
        read_table(text)
    assert message in str(raised.value)


def test_two_samples_at_one_time_make_one_row_with_the_first():
    twice = channel(19, "heart_rate", 1, [START, START, START + 256], [70, 99, 71], "bpm")
    assert "".join(stream_table([(None, [twice])])).splitlines()[1:] == [
        f"{START},70",
        f"{START + 256},71",
    ]
