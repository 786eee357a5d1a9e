"""openhexo.biosignals.respiration: breaths, rate, volumes and quality on bands built here with
breaths at set times, then the figures on the real Hexoskin export (bench/validate_respiration.py
prints the full validation)."""

import numpy as np
import pytest

from openhexo.biosignals import respiration
from openhexo.biosignals.respiration import (
    BASELINE_A,
    ML_PER_COUNT,
    NO_SIGNAL_A,
    NO_SIGNAL_B,
    NOISY_B,
    respiration_breaths,
    respiration_combine,
    respiration_minute_ventilation,
    respiration_process,
    respiration_quality,
    respiration_rate,
    respiration_tidal_volume,
)
from openhexo.formats.eventcsv import read_event_csv
from openhexo.formats.wav import read_wav
from tests.conftest import shared_path

FS = 128
TICKS = 256


def volume(onsets: np.ndarray, seconds: float, size=40.0, fraction=0.4) -> np.ndarray:
    """Lung volume in counts at 128 Hz: per breath a raised-cosine inspiration over `fraction`
    of the breath from its onset, then a raised-cosine expiration down to the next onset."""
    t = np.arange(int(seconds * FS)) / FS
    ends = np.append(onsets[1:], onsets[-1] + np.diff(onsets[-2:]))
    i = np.clip(np.searchsorted(onsets, t, side="right") - 1, 0, len(onsets) - 1)
    top = onsets[i] + fraction * (ends[i] - onsets[i])
    size = np.broadcast_to(size, onsets.shape)[i]
    up = (1 - np.cos(np.pi * np.clip((t - onsets[i]) / (top - onsets[i]), 0, 1))) / 2
    down = (1 + np.cos(np.pi * np.clip((t - top) / (ends[i] - top), 0, 1))) / 2
    return np.where(t < onsets[0], 0.0, size * np.where(t < top, up, down))


def bands(v: np.ndarray, seed: int = 3, noise: float = 1.5) -> tuple[np.ndarray, np.ndarray]:
    """Raw thoracic and abdominal counts: they fall as the lungs fill, as the shirt's do."""
    rng = np.random.default_rng(seed)
    thoracic = 24800 - v + rng.normal(0, noise, len(v))
    abdominal = 15300 - 0.8 * v + rng.normal(0, noise, len(v))
    return np.rint(thoracic).astype(np.int64), np.rint(abdominal).astype(np.int64)


def jittered(rate: float, seconds: float, seed: int = 5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    periods = 60 / rate * rng.normal(1, 0.08, int(seconds * rate / 60) + 2)
    onsets = 2 + np.cumsum(np.concatenate(([0], periods)))
    return onsets[onsets < seconds - 2]


def nearest(found: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """Distance (s) from each truth to the nearest found time."""
    return np.abs(found[None, :] - truth[:, None]).min(axis=1)


@pytest.mark.parametrize("rate", [8, 15, 30, 45])
def test_breaths_at_set_times_are_found(rate):
    onsets = jittered(rate, 180)
    tops = onsets + 0.4 * np.diff(onsets, append=onsets[-1] + 60 / rate)
    ins, _, exp, _, _ = respiration_breaths(*bands(volume(onsets, 180)), FS)
    inner = onsets[(onsets > 5) & (onsets < 175)]  # the edges hold no whole half-breath
    assert nearest(ins / TICKS, inner).max() < 0.25
    assert nearest(exp / TICKS, tops[(tops > 5) & (tops < 175)]).max() < 0.25
    assert len(ins) == pytest.approx(len(onsets), abs=2)
    merged = np.sort(np.concatenate((ins, exp)))
    kinds = np.isin(merged, exp)
    assert not np.any(kinds[1:] == kinds[:-1])  # inspirations and expirations alternate


def test_breathing_rate_within_one_per_minute_of_set_breaths():
    onsets = np.concatenate(
        [
            jittered(rate, 120, seed) + start
            for seed, (start, rate) in enumerate(((0, 12), (120, 24), (240, 40), (360, 9)))
        ]
    )
    thoracic, abdominal = bands(volume(onsets, 480))
    found = respiration_process(thoracic, abdominal, FS).breathing_rate
    truth = np.full(len(found), np.nan)  # 60 (n - 1) / span of the set onsets of the last 20 s
    for second in range(len(found)):
        last = onsets[(onsets <= second + 1) & (onsets > second + 1 - 20)]
        if len(last) >= 3:
            truth[second] = 60 * (len(last) - 1) / (last[-1] - last[0])
    known = ~np.isnan(truth) & ~np.isnan(found)
    assert known.sum() > 450
    assert np.mean(np.abs(found[known] - truth[known])) < 1.0


def test_rate_closes_its_second_over_the_last_20_s():
    onsets = np.arange(1, 60, 4.0) * TICKS  # 15 breaths/min from 1 s
    stamps, rate = respiration_rate(onsets, FS, int(60.5 * FS))
    assert stamps.tolist() == [TICKS * s for s in range(1, 61)]
    assert np.isnan(rate[:8]).all()  # fewer than 3 onsets until the one at 9 s
    assert rate[8:] == pytest.approx([15.0] * 52)


def test_slow_breathing_reaches_back_a_minute_then_gives_up():
    onsets = np.array([0, 15, 30, 45]) * TICKS  # 4 breaths/min: 2 onsets per 20 s
    _, rate = respiration_rate(onsets, FS, 120 * FS)
    assert rate[29] == pytest.approx(4.0)  # closes 30 s: onsets 0, 15, 30
    assert rate[59] == pytest.approx(4.0)  # 60 s: 15, 30, 45 within the minute
    assert np.isnan(rate[76])  # 77 s: the third last onset (15 s) is over a minute old


def test_tidal_volume_is_held_and_ventilation_is_rate_times_mean_volume():
    expirations = np.array([2.5, 6.5, 10.5]) * TICKS
    volumes = np.array([400.0, 600.0, 500.0])
    stamps, tidal = respiration_tidal_volume(expirations, volumes, FS, 12 * FS)
    assert np.isnan(tidal[:2]).all() and tidal[2:].tolist() == [400] * 4 + [600] * 4 + [500] * 2
    rate = np.full(12, 15.0)
    _, ventilation = respiration_minute_ventilation(expirations, volumes, rate, FS, 12 * FS)
    assert ventilation[11] == pytest.approx(15 * 500)  # mean of the three in the last 20 s
    assert ventilation[5] == pytest.approx(15 * 400)
    volumes[0] = np.nan  # a record that starts mid-breath: its first expiration ends no breath
    _, ventilation = respiration_minute_ventilation(expirations, volumes, rate, FS, 12 * FS)
    assert np.isnan(ventilation[:6]).all() and ventilation[11] == pytest.approx(15 * 550)


def test_volume_is_the_swing_of_the_combined_bands_at_hexoskin_scale():
    onsets = jittered(15, 120)
    thoracic, abdominal = bands(volume(onsets, 120, size=50.0), noise=0.5)
    *_, volumes = respiration_breaths(thoracic, abdominal, FS)
    swing = 50 * (0.71 + 0.29 * 0.8)  # counts of the 0.71 / 0.29 mix
    assert np.nanmedian(volumes) == pytest.approx(swing * ML_PER_COUNT, rel=0.03)  # 750 mL
    assert round(ML_PER_COUNT, 2) == 15.94


def test_event_levels_are_the_combined_raw_bands():
    thoracic, abdominal = bands(volume(jittered(15, 60), 60))
    ins, ins_level, *_ = respiration_breaths(thoracic, abdominal, FS)
    at = np.rint(ins * FS / TICKS).astype(int)
    assert ins_level == pytest.approx(0.71 * thoracic[at] + 0.29 * abdominal[at], abs=1)
    assert respiration_combine([10, 20], [30, 40], (1, 1)).tolist() == [20, 30]


def test_a_band_without_signal_is_left_out():
    onsets = jittered(15, 120)
    thoracic, abdominal = bands(volume(onsets, 120))
    ins, *_ = respiration_breaths(thoracic, np.zeros_like(abdominal), FS)
    assert nearest(ins / TICKS, onsets[(onsets > 5) & (onsets < 115)]).max() < 0.25
    assert len(respiration_breaths(np.zeros(6000), np.zeros(6000), FS)[0]) == 0


def test_quality_bits():
    thoracic, abdominal = bands(volume(jittered(15, 120), 120))
    thoracic[:300], abdominal[:300] = 0, 0  # 2.3 s before the device has a signal
    thoracic[60 * FS :] += 400  # the garment slips: the thoracic baseline jumps
    rng = np.random.default_rng(1)
    abdominal[90 * FS : 100 * FS] += np.rint(rng.normal(0, 40, 10 * FS)).astype(np.int64)
    stamps, mask = respiration_quality(thoracic, abdominal, FS)
    assert stamps[0] == TICKS and len(mask) == 120
    assert (mask[:4] & (NO_SIGNAL_A | NO_SIGNAL_B) == NO_SIGNAL_A | NO_SIGNAL_B).all()
    assert mask[5:59].tolist() == [0] * 54
    assert (mask[60:64] & BASELINE_A).all() and not (mask[65:89] & BASELINE_A).any()
    assert (mask[92:100] & NOISY_B).all() and mask[104:].tolist() == [0] * 16


def test_a_stuck_band_has_no_signal():
    thoracic, _ = bands(volume(jittered(15, 60), 60))
    _, mask = respiration_quality(thoracic, np.full(60 * FS, 15300), FS)
    assert (mask == NO_SIGNAL_B).all()


def test_blocks_do_not_change_the_result(monkeypatch):
    onsets = jittered(20, 600)
    thoracic, abdominal = bands(volume(onsets, 600))
    whole = respiration_process(thoracic, abdominal, FS)
    monkeypatch.setattr(respiration, "BLOCK_S", 97)
    cut = respiration_process(thoracic, abdominal, FS)
    assert len(cut.inspirations) == len(whole.inspirations)
    assert np.abs(cut.inspirations - whole.inspirations).max() <= 2  # ticks
    assert np.array_equal(cut.quality, whole.quality)


def test_short_and_empty_inputs():
    empty = respiration_process(np.zeros(0), np.zeros(0), FS)
    assert len(empty.inspirations) == len(empty.breathing_rate) == len(empty.quality) == 0
    short = respiration_process(np.full(300, 24800), np.full(300, 15300), FS)
    assert len(short.breathing_rate) == 2 and np.isnan(short.breathing_rate).all()
    with pytest.raises(ValueError):
        respiration_process(np.zeros(10), np.zeros(10), 127.5)


@pytest.fixture(scope="module")
def export():
    folder = shared_path("data", "hexoskin-export", "harlab-257575")
    wav = {
        name: read_wav(folder / f"{name}.wav").samples
        for name in (
            "respiration_thoracic",
            "respiration_abdominal",
            "breathing_rate",
            "breathing_rate_quality",
            "tidal_volume",
            "minute_ventilation",
        )
    }
    events = {
        name: read_event_csv((folder / f"{name}.csv").read_bytes(), 0)
        for name in ("inspiration", "expiration")
    }
    found = respiration_process(wav["respiration_thoracic"], wav["respiration_abdominal"], FS)
    return wav, events, found


def test_export_breathing_rate_within_3_per_minute_of_the_device(export):
    wav, _, found = export
    known = ~np.isnan(found.breathing_rate)
    assert len(found.breathing_rate) == len(wav["breathing_rate"]) == 1033
    assert known.sum() >= 1020
    error = np.abs(found.breathing_rate[known] - wav["breathing_rate"][known])
    assert error.mean() < 2.5  # 2.19 when written


def test_export_breaths_match_the_device_events(export):
    _, events, found = export
    for name, ours in (("inspiration", found.inspirations), ("expiration", found.expirations)):
        device = events[name]
        assert np.mean(nearest(ours / TICKS, device.times / TICKS) <= 0.5) > 0.9  # 0.93
        assert np.mean(nearest(device.times / TICKS, ours / TICKS) <= 0.5) > 0.95  # 0.97
        near = np.abs(device.times[:, None] - ours[None, :]).argmin(axis=0)
        same = np.abs(device.times[near] - ours) < 0.2 * TICKS
        levels = found.inspiration_levels if name == "inspiration" else found.expiration_levels
        assert np.median(np.abs(levels[same] - device.values[near[same]])) < 20


def test_export_volumes_are_on_the_device_scale(export):
    wav, _, found = export
    for name, ours in (
        ("tidal_volume", found.tidal_volume),
        ("minute_ventilation", found.minute_ventilation),
    ):
        device = wav[name] * 13.28
        both = ~np.isnan(ours) & (device > 0)
        assert ours[both].mean() == pytest.approx(device[both].mean(), rel=0.15)
        assert np.corrcoef(ours[both], device[both])[0, 1] > 0.6


def test_export_quality(export):
    wav, _, found = export
    assert found.quality[:2].tolist() == [NO_SIGNAL_A | NO_SIGNAL_B] * 2  # as the device's
    assert np.mean(found.quality == wav["breathing_rate_quality"]) > 0.99
