"""The EDF output, read back with edfio."""

import io
import zipfile
from datetime import datetime

import edfio
import numpy as np
import pytest

from openhexo.formats.channels import Channel
from openhexo.formats.edf import edf_bytes, edf_labels
from openhexo.formats.hexozip import stream_zip
from openhexo.formats.wav import read_wav

from .helpers import START, channel

ECG_GAIN, ECG_OFFSET = 0.0064, -1360 * 0.0064
T0 = START + 100  # 0.390625 s past a whole second


def ecg(start=T0, seconds=10, gain=ECG_GAIN, offset=ECG_OFFSET, name="ECG_I", datatype=4113):
    times = start + np.arange(256 * seconds)
    values = (np.arange(256 * seconds) * 37) % 4096
    return channel(datatype, name, 256, times, values, "adc", 1000, gain=gain, offset=offset,
                   physical_unit="mV")  # fmt: skip


def heart(start=T0, seconds=10):
    times = start + 256 * np.arange(1, seconds + 1)
    return channel(19, "heart_rate", 1, times, 60 + np.arange(seconds), "bpm", physical_unit="bpm")


def read(data: bytes) -> edfio.Edf:
    return edfio.read_edf(io.BytesIO(data))


def test_signals_keep_their_names_rates_units_and_physical_values():
    edf = read(edf_bytes([ecg(), heart()], T0, T0 + 256 * 10))
    assert edf.labels == ("ECG_I", "heart_rate")
    assert [s.sampling_frequency for s in edf.signals] == [256, 1]
    assert [s.physical_dimension for s in edf.signals] == ["mV", "bpm"]
    assert (edf.data_record_duration, edf.num_data_records, edf.reserved) == (1, 10, "EDF+C")
    ecg_signal, heart_signal = edf.signals
    raw = (np.arange(2560) * 37) % 4096
    assert ecg_signal.digital_range == (raw.min(), raw.max())
    assert np.allclose(ecg_signal.data, raw * ECG_GAIN + ECG_OFFSET, rtol=0, atol=ECG_GAIN / 2)
    # EDF signals all begin at the start: the 1 Hz sample of t = 1 s is the second one
    assert heart_signal.data.tolist() == [0, 60, 61, 62, 63, 64, 65, 66, 67, 68]


def test_the_start_keeps_its_date_and_sub_second_time():
    edf = read(edf_bytes([heart()], T0, T0 + 256 * 10))
    assert edf.startdatetime == datetime(2022, 11, 19, 0, 23, 57, 390625)
    assert edf.recording.startdate == datetime(2022, 11, 19).date()


def test_a_window_not_of_whole_records_is_padded_with_zeros():
    edf = read(edf_bytes([ecg(seconds=2)], T0, T0 + 256 * 2 + 10))
    assert edf.num_data_records == 3
    assert np.all(edf.signals[0].digital[512:] == 0)


def test_1_300_hz_channels_lengthen_the_records_to_300_s():
    times = T0 + 256 * 300 * np.arange(1, 4)
    sdnn = channel(272, "SDNN", 1 / 300, times, [40, 41, 42], "s/4096", physical_unit="s")
    edf = read(edf_bytes([heart(), sdnn], T0, T0 + 256 * 1000))
    assert (edf.data_record_duration, edf.num_data_records) == (300, 4)
    assert edf.signals[1].sampling_frequency == pytest.approx(1 / 300)
    assert edf.signals[1].data.tolist() == [0, 40, 41, 42]
    assert len(edf.signals[0].data) == 1200


def test_a_negative_gain_maps_the_digital_range_the_other_way():
    inverted = ecg(gain=-0.5, offset=3.0, name="ECG_III", datatype=4115)
    signal = read(edf_bytes([inverted], T0, T0 + 256 * 10)).signals[0]
    low, high = signal.digital_range
    assert signal.physical_range == (low * -0.5 + 3.0, high * -0.5 + 3.0)
    raw = (np.arange(2560) * 37) % 4096
    assert np.allclose(signal.data, raw * -0.5 + 3.0, rtol=0, atol=0.25)


def test_uncalibrated_and_constant_channels_are_valid():
    flat = channel(1000, "heart_rate_quality", 1, T0 + 256 * np.arange(1, 4), [8, 8, 8])
    signal = read(edf_bytes([flat], T0, T0 + 256 * 3)).signals[0]
    assert signal.digital_range == (0, 8) and signal.physical_range == (0, 8)
    assert signal.data.tolist() == [0, 8, 8]


def test_raw_values_beyond_16_bits_are_requantised_within_resolution():
    values = np.arange(1280) * 100  # up to 127900
    resp = channel(4129, "respiration_thoracic", 128, T0 + 2 * np.arange(1280), values,
                   physical_unit="")  # fmt: skip
    signal = read(edf_bytes([resp], T0, T0 + 256 * 10)).signals[0]
    assert signal.digital_range == (-32768, 32767)
    assert np.allclose(signal.data, values, rtol=0, atol=127900 / 65535)


def test_long_names_are_cut_to_16_characters_without_repeats():
    names = ["minute_ventilation", "minute_ventilation_adjusted", "heart_rate"]
    assert edf_labels(names) == ["minute_ventilati", "minute_ventila~2", "heart_rate"]
    mv = [
        channel(36 + i, name, 1, [T0 + 256], [5], physical_unit="mL/min")
        for i, name in enumerate(names[:2])
    ]
    edf = read(edf_bytes(mv, T0, T0 + 256 * 2))
    assert edf.labels == ("minute_ventilati", "minute_ventila~2")
    assert edf.signals[1].transducer_type == "minute_ventilation_adjusted (datatype 37)"


def test_units_become_printable_ascii():
    temperature = channel(81, "temperature", 1, [T0 + 256], [36], physical_unit="°C")
    assert read(edf_bytes([temperature], T0, T0 + 512)).signals[0].physical_dimension == "degC"


def test_event_channels_are_left_out_and_an_edf_needs_a_signal():
    rr = channel(18, "RR_interval", None, [T0 + 5], [0], "s/256")
    assert read(edf_bytes([rr, heart()], T0, T0 + 2560)).labels == ("heart_rate",)
    with pytest.raises(ValueError, match="synchronous"):
        edf_bytes([rr], T0, T0 + 2560)


def test_fast_channels_hold_the_same_samples_as_the_zip_wav():
    gappy = ecg(start=T0 + 300)  # the first 300 slots are a gap
    edf = read(edf_bytes([gappy], T0, T0 + 256 * 12))
    zipped = b"".join(stream_zip([gappy], T0, T0 + 256 * 12, {}, []))
    wav = read_wav(zipfile.ZipFile(io.BytesIO(zipped)).read("ECG_I.wav")).samples
    assert np.array_equal(edf.signals[0].digital, wav)
    assert np.all(wav[:300] == 0) and wav[300] == 0 and wav[301] == 37


def test_starts_outside_edf_dates_are_refused_before_any_work():
    def untouchable():
        raise AssertionError("blocks were read")

    early = Channel(19, "heart_rate", 1, "bpm", "/api/datatype/19/", untouchable)
    with pytest.raises(ValueError, match="1985 to 2084; the window starts in 1970"):
        edf_bytes([early], 0, 2560)
