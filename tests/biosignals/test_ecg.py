"""openhexo.biosignals.ecg: peaks, RR, heart rate and quality on signals of known content, then the
validation thresholds on MIT-BIH record 100 and the real Hexoskin export (bench/validate_ecg.py)."""

import neurokit2 as nk
import numpy as np
import pytest

from bench.validate_ecg import export_figures, mitbih_figures
from openhexo.biosignals import ecg
from openhexo.biosignals.ecg import (
    ARTIFACTS,
    DISCONNECTED,
    MAINS_NOISE,
    SATURATED,
    UNRELIABLE_RR,
    ecg_heart_rate,
    ecg_peaks,
    ecg_process,
    ecg_quality,
    ecg_rr,
)
from tests.conftest import shared_path

FS = 256


def shirt(mv: np.ndarray) -> np.ndarray:
    """Millivolts as the shirt's raw 12-bit ADC units (mV = (raw - 1360) x 0.0064)."""
    return np.clip(np.rint(1360 + mv / 0.0064), 0, 4095).astype(np.int64)


def simulated(heart_rate: int, seconds: int = 60, seed: int = 1) -> np.ndarray:
    return nk.ecg_simulate(
        duration=seconds, sampling_rate=FS, heart_rate=heart_rate, random_state=seed
    )


@pytest.fixture(scope="module")
def resting():
    """A minute of synthetic ECG (ECGSYN) at 72 bpm, in mV."""
    return simulated(72)


@pytest.mark.parametrize("heart_rate", [45, 72, 150])
def test_peaks_match_an_independent_detector_on_a_simulated_ecg(heart_rate):
    mv = simulated(heart_rate)
    peaks = ecg_peaks(shirt(mv), FS)
    reference = nk.ecg_peaks(mv, sampling_rate=FS)[1]["ECG_R_Peaks"]
    inside = peaks[(peaks > FS // 2) & (peaks < len(mv) - FS // 2)]  # neurokit skips the edges
    assert len(peaks) == pytest.approx(heart_rate, abs=1)
    assert np.abs(inside[:, None] - reference[None, :]).min(axis=1).max() <= 2  # 8 ms
    _, quality = ecg_quality(shirt(mv), FS, peaks)
    assert not quality[2:].any()  # the first second may close before the first interval


def test_rr_intervals_and_heart_rate_of_a_simulated_ecg(resting):
    raw = shirt(resting)
    stamps, rr = ecg_rr(ecg_peaks(raw, FS), FS)
    assert np.median(rr) == pytest.approx(256 * 60 / 72, abs=2)  # 213 ticks
    assert rr.min() > 195 and rr.max() < 230  # ECGSYN's 1 bpm variability
    seconds, rate = ecg_heart_rate(ecg_peaks(raw, FS), FS, len(raw))
    assert len(rate) == 60 and not np.isnan(rate).any()
    assert rate[0] == pytest.approx(76.0, abs=0.1)  # ECGSYN starts with a 202-tick interval
    assert np.abs(rate[1:] - 72).max() < 2.1


def test_rr_is_stamped_at_the_second_beat_in_ticks():
    stamps, rr = ecg_rr([100, 356, 600], FS)
    assert stamps.tolist() == [356, 600] and rr.tolist() == [256, 244]
    stamps, rr = ecg_rr([0, 360, 630], 360)  # other rates come out in 1/256 s too
    assert stamps.tolist() == [256, 448] and rr.tolist() == [256, 192]
    assert [len(part) for part in ecg_rr([42], FS)] == [0, 0]


def test_a_heart_rate_value_closes_its_second():
    peaks = np.arange(0, int(10.5 * FS), 200)  # 76.8 bpm
    stamps, rate = ecg_heart_rate(peaks, FS, int(10.5 * FS))
    assert stamps.tolist() == [256 * s for s in range(1, 11)]  # floor(10.5 s) values, from 1 s
    assert rate == pytest.approx([76.8] * 10)


def test_heart_rate_is_the_median_rr_of_the_five_seconds_it_closes():
    beats = [0, 256, 512, 768, 1024, 1152, 1280]  # 1 s intervals, then two of 0.5 s, then none
    _, rate = ecg_heart_rate(beats, FS, 14 * FS)
    # at 6 s the window holds 1, 1, 1, 0.5, 0.5 s; at 7 s 1, 1, 0.5, 0.5 s; from 10 s nothing
    assert rate[:9].tolist() == [60.0] * 6 + [80.0, 120.0, 120.0]
    assert np.isnan(rate[9:]).all()


def test_a_clean_ecg_is_reliable_every_second(resting):
    raw = shirt(resting)
    stamps, quality = ecg_quality(raw, FS)
    assert stamps.tolist() == [256 * s for s in range(1, 61)]
    assert quality.tolist() == [0] * 60


def test_a_pause_in_the_beats_makes_the_rr_unreliable(resting):
    raw = shirt(resting)
    peaks = ecg_peaks(raw, FS)
    _, quality = ecg_quality(raw, FS, peaks[peaks < 30 * FS])  # beats stop at 30 s
    assert np.flatnonzero(quality).tolist() == list(range(30, 60))
    assert set(quality[30:].tolist()) == {UNRELIABLE_RR}


def test_saturation_flags_exactly_the_clipped_seconds(resting):
    raw = shirt(resting)
    raw[20 * FS : 30 * FS] = shirt(resting[20 * FS : 30 * FS] * 25)  # R waves hit the rail
    _, quality = ecg_quality(raw, FS)
    assert np.flatnonzero(quality & SATURATED).tolist() == list(range(20, 30))


def test_a_flat_lead_is_disconnected_and_has_no_heart_rate():
    for level in (2048, 4095):
        raw = np.full(30 * FS, level)
        assert len(ecg_peaks(raw, FS)) == 0
        _, quality = ecg_quality(raw, FS)
        expected = DISCONNECTED | ARTIFACTS | UNRELIABLE_RR | (SATURATED if level == 4095 else 0)
        assert set(quality.tolist()) == {expected}


def test_noise_is_flagged_as_artifacts_every_second():
    noise = np.random.default_rng(7).normal(0, 0.5, 60 * FS)  # 0.5 mV of white noise
    _, quality = ecg_quality(shirt(noise), FS)
    assert (quality & ARTIFACTS).all()
    assert not (quality & (SATURATED | DISCONNECTED)).any()


def test_muscle_bursts_are_artifacts_only_where_they_are(resting):
    mv = resting.copy()
    mv[30 * FS : 35 * FS] += np.random.default_rng(3).normal(0, 1.0, 5 * FS)
    _, quality = ecg_quality(shirt(mv), FS)
    flagged = np.flatnonzero(quality & ARTIFACTS).tolist()
    assert set(range(30, 35)) <= set(flagged) <= set(range(27, 38))


@pytest.mark.parametrize("hz", [50, 60])
def test_mains_interference_is_flagged(resting, hz):
    hum = 0.2 * np.sin(2 * np.pi * hz * np.arange(len(resting)) / FS)
    _, quality = ecg_quality(shirt(resting + hum), FS)
    assert (quality & MAINS_NOISE).all()
    assert not (quality & ARTIFACTS).any()


def test_blocks_do_not_change_the_result(monkeypatch):
    raw = shirt(simulated(80, seconds=100, seed=4))
    raw[40 * FS : 44 * FS] = 4095  # something for the flags to see
    whole = ecg_process(raw, FS)
    monkeypatch.setattr(ecg, "BLOCK_S", 7)
    cut = ecg_process(raw, FS)
    assert np.array_equal(whole.peaks, cut.peaks)
    assert np.array_equal(whole.quality, cut.quality)


def test_ecg_process_gathers_the_steps(resting):
    raw = shirt(resting)
    series = ecg_process(raw, FS)
    assert np.array_equal(series.peaks, ecg_peaks(raw, FS))
    assert np.array_equal(series.rr, ecg_rr(series.peaks, FS)[1])
    assert len(series.seconds_ticks) == len(series.heart_rate) == len(series.quality) == 60


def test_short_and_odd_inputs():
    assert len(ecg_peaks(np.zeros(100), FS)) == 0
    assert [len(part) for part in ecg_quality(np.zeros(100), FS)] == [0, 0]
    assert [len(part) for part in ecg_heart_rate([], FS, 0)] == [0, 0]
    with pytest.raises(ValueError, match="whole number"):
        ecg_quality(np.zeros(1000), 250.5)


# The validation targets, on the reference data of ../shared (bench/validate_ecg.py prints them).


@pytest.fixture(scope="module")
def export():
    return export_figures(shared_path("data", "hexoskin-export", "harlab-257575"))


def test_mitbih_record_100_at_the_shirts_rate():
    figures = mitbih_figures(shared_path("data", "physionet"))
    assert figures["beats"] == 2273
    assert figures["se"] >= 99.5 and figures["pp"] >= 99.5


def test_export_heart_rate_has_the_devices_seconds(export):
    assert export["seconds"] == export["device_seconds"] == 1033


def test_export_saturation_is_the_devices_rule(export):
    assert export["agree_08"] == 100.0  # every second, not only the >= 90 % asked


def test_export_flags_agree_where_the_device_sees_clipping_or_noise(export):
    assert export["agree_08_flagged"] >= 90 and export["agree_10_flagged"] >= 90
    assert export["reliable_in_flagged"] == 0


NO_QRS = (
    "the export's ECG shows no heart rhythm: the device's own heart rate is 18 bpm (MAE) away "
    "from its beat events, which ours meet not much more often than a shifted copy of ours does "
    "(see the ECG section of the algorithms documentation)"
)


@pytest.mark.xfail(strict=True, reason=NO_QRS)
def test_export_beats_match_the_device_on_its_clean_seconds(export):
    assert export["se_clean"] >= 98 and export["pp_clean"] >= 98


@pytest.mark.xfail(strict=True, reason=NO_QRS)
def test_export_heart_rate_matches_the_devices_rr_on_clean_seconds(export):
    assert export["mae_clean"] <= 2


def test_export_reference_beats_are_no_heart_rhythm(export):
    """Why the two tests above fail: the device's own heart rate is far from the rate of its
    own beat events, and ours meet them not much more often than a shifted copy of ours does."""
    assert export["device_self_mae"] > 10
    assert export["se_all"] - export["chance_se"] < 30
