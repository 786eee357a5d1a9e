"""`data` as files: CSV, zip and EDF answers, CSV and zip uploads, and their round trips."""

import csv
import io
import json
import wave
import zipfile

import numpy as np
import pytest
from edfio import read_edf

from openhexo.accounts.models import PermissionBundle
from openhexo.accounts.sharing import grant
from openhexo.formats.wav import header
from openhexo.records.models import Record
from openhexo.timeseries.models import Chunk
from tests.conftest import shared_path

T0 = 427217263872  # 2022-11-19T00:23:57Z
ECG = [[T0 + i, 2000 + (i * 37) % 500] for i in range(2560)]  # 10 s at 256 Hz
HR = [[T0 + 256 * (i + 1), 60 + i] for i in range(10)]  # 1 Hz, closing each second
RR = [[T0 + 300, 0], [T0 + 500, 200], [T0 + 790, 290]]
CSV = "text/csv"
ZIP = "application/octet-stream"
EDF = "application/x-edf"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def uploaded(api, alice):
    data = {"4113": ECG, "19": HR, "18": RR}
    assert api.post("/api/data/", alice, [{"data": data}]).status_code == 201
    return Record.objects.get(user=alice)


def fetch(api, caller, accept: str, **params):
    response = api.get("/api/data/", caller, params, HTTP_ACCEPT=accept)
    assert response.status_code == 200, body(response)[:300]
    return response


def as_json(api, caller, **params):
    return api.get("/api/data/", caller, params).json()


# --- CSV -------------------------------------------------------------------------------------


def test_csv_has_the_hexoskin_header_and_one_row_per_timestamp(api, alice, uploaded):
    response = fetch(api, alice, CSV, datatype="19,18", record=uploaded.pk)
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(body(response).decode())))
    assert rows[0] == [
        "time [s/256]",
        "heart_rate [bpm](/api/datatype/19/)",
        "RR_interval [s/256](/api/datatype/18/)",
    ]
    times = sorted({t for t, _ in HR} | {t for t, _ in RR})
    assert [int(row[0]) for row in rows[1:]] == times
    assert rows[1] == [str(T0 + 256), "60", ""]
    assert rows[2] == [str(T0 + 300), "", "0"]


def test_csv_scaled_uses_the_datatype_unit(api, alice, uploaded):
    rows = list(
        csv.reader(io.StringIO(body(fetch(api, alice, CSV, datatype=4113, scaled=1)).decode()))
    )
    assert rows[0] == ["time [s/256]", "ECG_I [mV](/api/datatype/4113/)"]
    assert float(rows[1][1]) == pytest.approx((ECG[0][1] - 1360) * 0.0064)


def test_csv_has_a_user_column_only_for_several_users(api, alice, bob, uploaded):
    grant(alice, bob, PermissionBundle.objects.get(name="friend"))
    api.post("/api/data/", bob, [{"data": {"19": HR[:2]}}])
    rows = list(csv.reader(io.StringIO(body(fetch(api, bob, CSV, datatype=19)).decode())))
    assert rows[0][:2] == ["user", "time [s/256]"]
    assert {row[0] for row in rows[1:]} == {f"/api/user/{alice.pk}/", f"/api/user/{bob.pk}/"}
    assert len(rows) == 1 + len(HR) + 2


def test_csv_round_trips_through_post(api, alice, uploaded):
    downloaded = body(fetch(api, alice, CSV, datatype="4113,19,18"))
    before = as_json(api, alice, datatype="4113,19,18")
    Chunk.objects.all().delete()
    posted = api.post("/api/data/", alice, raw=downloaded, content_type=CSV)
    assert posted.status_code == 201, posted.content
    assert as_json(api, alice, datatype="4113,19,18") == before


def test_the_real_dashboard_csv_is_stored_raw(api, alice):
    text = shared_path("data", "hexoskin-csv", "record-241834.csv").read_bytes()
    assert api.post("/api/data/", alice, raw=text, content_type=CSV).status_code == 201
    rows = list(csv.DictReader(io.StringIO(text.decode())))
    second = rows[1]
    at = int(second["time [s/256]"])
    stored = as_json(api, alice, datatype="19,36,49", start=at, end=at)[0]["data"]
    assert stored["19"] == [[at, int(second["heart_rate [bpm](/api/datatype/19/)"])]]
    ventilation = float(second["minute_ventilation [mL/min](/api/datatype/36/)"])
    assert stored["36"] == [[at, round(ventilation / 13.28)]]
    assert stored["49"] == [[at, round(float(second["activity [g](/api/datatype/49/)"]) * 256)]]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (b"time [s/256],heart_rate [bpm](/api/datatype/19/)\n1,x\n", "line 2"),
        (b"when,heart_rate [bpm](/api/datatype/19/)\n1,2\n", "time"),
        (b"time [s/256],heart_rate [mV](/api/datatype/19/)\n1,2\n", "unit 'mV'"),
        (b"time [s/256],x [bpm](/api/datatype/99999/)\n1,2\n", "Unknown datatype"),
    ],
)
def test_bad_csv_is_400_and_stores_nothing(api, alice, text, named):
    response = api.post("/api/data/", alice, raw=text, content_type=CSV)
    assert response.status_code == 400
    assert named in response.json()["error"]
    assert Chunk.objects.count() == 0


# --- zip -------------------------------------------------------------------------------------


def members(response) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    return {name: archive.read(name) for name in archive.namelist()}


def test_zip_of_a_record_is_laid_out_like_hexoskins_export(api, alice, uploaded):
    response = fetch(api, alice, ZIP, record=uploaded.pk)
    assert response.streaming
    assert response["Content-Disposition"] == f'attachment; filename="record_{uploaded.pk}.zip"'
    files = members(response)
    export = shared_path("data", "hexoskin-export", "harlab-257575")
    assert set(files) == {path.name for path in export.iterdir()}  # Hexoskin's channel set
    assert files["ECG_II.wav"] == header(0, 256, 2) and files["step.csv"].count(b"\n") == 1
    info = json.loads(files["info.json"])
    assert info["start"] == uploaded.start == T0
    with wave.open(io.BytesIO(files["ECG_I.wav"])) as ecg:
        assert (ecg.getframerate(), ecg.getsampwidth(), ecg.getnchannels()) == (256, 2, 1)
        samples = np.frombuffer(ecg.readframes(ecg.getnframes()), "<i2")
    assert samples.tolist() == [v for _, v in ECG]
    with wave.open(io.BytesIO(files["heart_rate.wav"])) as rate:
        assert rate.getframerate() == 1
        assert np.frombuffer(rate.readframes(99), "<i2").tolist() == [v for _, v in HR]
    assert files["RR_interval.csv"].decode().splitlines() == [
        "time [s],RR_interval [s/256](/api/datatype/18/)",
        *(f"{(t - uploaded.start) / 256},{v}" for t, v in RR),
    ]


def test_zip_statistics_hold_the_records_metrics(api, alice, uploaded):
    statistics = members(fetch(api, alice, ZIP, record=uploaded.pk))["statistics.csv"]
    names, units, row = csv.reader(io.StringIO(statistics.decode()))
    values = dict(zip(names, row, strict=True))
    assert dict(zip(names, units, strict=True))["HR Avg"] == "bpm"
    assert values["uri"] == f"/api/record/{uploaded.pk}/" and values["start"] == str(T0)
    assert (values["HR Min"], values["HR Max"], values["HR Avg"]) == ("60", "69", "64.5")
    assert values["BR Avg"] == "" and values["Steps"] == ""  # no such samples


def test_zip_round_trips_through_post(api, alice, uploaded):
    downloaded = body(fetch(api, alice, ZIP, record=uploaded.pk))
    before = as_json(api, alice, datatype="4113,19,18")
    Chunk.objects.all().delete()
    posted = api.post("/api/data/", alice, raw=downloaded, content_type="application/zip")
    assert posted.status_code == 201, posted.content
    assert as_json(api, alice, datatype="4113,19,18") == before


def zipped_export() -> bytes:
    folder = shared_path("data", "hexoskin-export", "harlab-257575")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return buffer.getvalue()


# The export's own quirk: these two WAVs overstate their RIFF size by 4 bytes (we write it right).
RIFF_QUIRK = {"minute_ventilation.wav", "tidal_volume.wav"}


def test_the_real_export_goes_in_and_comes_back_byte_for_byte(api, alice):
    folder = shared_path("data", "hexoskin-export", "harlab-257575")
    posted = api.post("/api/data/", alice, raw=zipped_export(), content_type=ZIP)
    assert posted.status_code == 201, posted.content
    record = Record.objects.get(user=alice)
    assert (record.start, record.end) == (427217263872, 427217528448)
    files = members(fetch(api, alice, ZIP, record=record.pk))
    originals = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert set(files) == set(originals)
    channels = set(originals) - {"info.json", "statistics.csv"}
    for name in sorted(channels - RIFF_QUIRK):
        assert files[name] == originals[name], name
    for name in RIFF_QUIRK:
        assert files[name][8:] == originals[name][8:], name
    assert json.loads(files["info.json"])["start"] == 427217263872


def test_the_real_export_values_match_the_files(api, alice):
    folder = shared_path("data", "hexoskin-export", "harlab-257575")
    assert api.post("/api/data/", alice, raw=zipped_export(), content_type=ZIP).status_code == 201
    with wave.open(str(folder / "ECG_I.wav")) as ecg:
        expected = np.frombuffer(ecg.readframes(ecg.getnframes()), "<i2")
    start = 427217263872
    window = {"datatype": 4113, "flat": 1, "start": start, "end": start + 65535}
    stored = api.get("/api/data/", alice, window).json()
    assert stored == [[start + i, int(v)] for i, v in enumerate(expected[:65536])]


@pytest.mark.parametrize(
    ("files", "named"),
    [
        ({"ECG_I.wav": b"RIFF"}, "info.json"),
        ({"info.json": b"[]"}, "info.json"),
        ({"info.json": b'{"start": -1}'}, "start"),
        ({"info.json": b'{"start": 5}', "ECG_I.wav": b"not a wav"}, "ECG_I.wav"),
        ({"info.json": b'{"start": 5}', "heart_rate.csv": b"time [s],x\n1,2\n"}, "heart_rate.csv"),
    ],
)
def test_bad_zips_are_400_and_store_nothing(api, alice, files, named):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    response = api.post("/api/data/", alice, raw=buffer.getvalue(), content_type=ZIP)
    assert response.status_code == 400
    assert named in response.json()["error"]
    assert Chunk.objects.count() == 0 and Record.objects.count() == 0


def test_a_truncated_zip_is_400(api, alice):
    response = api.post("/api/data/", alice, raw=zipped_export()[:5000], content_type=ZIP)
    assert response.status_code == 400


def test_a_zip_holds_one_user(api, alice, bob, uploaded):
    grant(alice, bob, PermissionBundle.objects.get(name="friend"))
    api.post("/api/data/", bob, [{"data": {"19": HR}}])
    response = api.get("/api/data/", bob, {"datatype": 19}, HTTP_ACCEPT=ZIP)
    assert response.status_code == 400
    assert "user=" in response.json()["error"]
    assert fetch(api, bob, ZIP, datatype=19, user=alice.pk).status_code == 200


def test_zip_upload_for_another_user_needs_a_coach_share(api, alice, bob, uploaded):
    downloaded = body(fetch(api, alice, ZIP, record=uploaded.pk))
    grant(alice, bob, PermissionBundle.objects.get(name="friend"))
    refused = api.post(f"/api/data/?user={alice.pk}", bob, raw=downloaded, content_type=ZIP)
    assert refused.status_code == 403


@pytest.mark.parametrize(("accept", "days"), [(ZIP, 31), (EDF, 2)])
def test_files_over_too_long_a_window_are_refused_before_anything_streams(
    api, alice, uploaded, accept, days
):
    api.post("/api/data/", alice, [{"data": {"4113": [[T0 + (days + 1) * 86400 * 256, 1]]}}])
    response = api.get("/api/data/", alice, {"datatype": 4113}, HTTP_ACCEPT=accept)
    assert response.status_code == 400
    assert f"more than {days}" in response.json()["error"]
    near = {"datatype": 4113, "start": T0, "end": T0 + 86400 * 256}
    assert fetch(api, alice, accept, **near).status_code == 200


# --- EDF -------------------------------------------------------------------------------------


def test_edf_has_one_signal_per_synchronous_datatype_in_physical_units(
    api, alice, uploaded, tmp_path
):
    response = fetch(api, alice, EDF, record=uploaded.pk)
    assert response["Content-Type"] == "application/x-edf"
    path = tmp_path / "record.edf"
    path.write_bytes(body(response))
    edf = read_edf(path)
    signals = {signal.label: signal for signal in edf.signals}
    assert set(signals) == {"ECG_I", "heart_rate"}
    ecg = signals["ECG_I"]
    assert (ecg.sampling_frequency, ecg.physical_dimension) == (256, "mV")
    expected = (np.array([v for _, v in ECG]) - 1360) * 0.0064
    np.testing.assert_allclose(ecg.data[: len(ECG)], expected, atol=0.0064)


def test_edf_refuses_windows_without_a_sampled_series(api, alice, uploaded):
    response = api.get("/api/data/", alice, {"datatype": 18}, HTTP_ACCEPT=EDF)
    assert response.status_code == 400


# --- limits ----------------------------------------------------------------------------------


def zip_of(files: dict[str, bytes], method=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_of_too_many_files_is_refused_before_reading_them(api, alice):
    files = {"info.json": b'{"start": 5}'} | {f"x{i}.txt": b"" for i in range(1001)}
    response = api.post("/api/data/", alice, raw=zip_of(files), content_type=ZIP)
    assert response.status_code == 400
    assert "more than 1000" in response.json()["error"]


def test_a_zip_bomb_is_refused(api, alice):
    silence = header(10_000_000, 256, 2) + bytes(20_000_000)
    bomb = zip_of({"info.json": b'{"start": 5}', "ECG_I.wav": silence}, zipfile.ZIP_DEFLATED)
    assert len(bomb) < 100_000
    response = api.post("/api/data/", alice, raw=bomb, content_type=ZIP)
    assert response.status_code == 400
    assert "unpacks to" in response.json()["error"]
    assert Chunk.objects.count() == 0


def test_zip_event_times_out_of_range_are_refused(api, alice):
    events = b"time [s],RR_interval [s/256](/api/datatype/18/)\r\n1e300,5\r\n"
    archive = zip_of({"info.json": b'{"start": 435200000000}', "RR_interval.csv": events})
    response = api.post("/api/data/", alice, raw=archive, content_type=ZIP)
    assert response.status_code == 400
    assert Chunk.objects.count() == 0 and Record.objects.count() == 0


def test_a_good_member_then_a_bad_one_stores_nothing(api, alice, uploaded):
    Chunk.objects.all().delete()
    Record.objects.all().delete()
    good = header(2, 256, 2) + b"\x01\x00\x02\x00"
    files = {"info.json": b'{"start": 435200000000}', "ECG_I.wav": good, "heart_rate.wav": b"no"}
    response = api.post("/api/data/", alice, raw=zip_of(files), content_type=ZIP)
    assert response.status_code == 400
    assert "heart_rate.wav" in response.json()["error"]
    assert Chunk.objects.count() == 0 and Record.objects.count() == 0


def test_csv_with_too_many_columns_is_refused(api, alice):
    titles = ",".join(f"x [NA](/api/datatype/{i}/)" for i in range(300))
    text = f"time [s/256],{titles}\n".encode()
    response = api.post("/api/data/", alice, raw=text, content_type=CSV)
    assert response.status_code == 400
    assert "columns" in response.json()["error"]


def test_csv_uploads_over_their_own_limit_are_413(api, alice, monkeypatch):
    monkeypatch.setattr("openhexo.api.data.uploads.MAX_CSV_BYTES", 10)
    text = b"time [s/256],heart_rate [bpm](/api/datatype/19/)\n1,2\n"
    assert api.post("/api/data/", alice, raw=text, content_type=CSV).status_code == 413
