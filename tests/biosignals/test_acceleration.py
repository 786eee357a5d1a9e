"""openhexo.biosignals.acceleration: activity, steps, cadence and sleep position on accelerations
built here with steps and postures at set times, then the figures on the real Hexoskin export
(bench/validate_acceleration.py prints the full validation)."""

import numpy as np
import pytest

from openhexo.biosignals import acceleration
from openhexo.biosignals.acceleration import (
    BACK,
    BELLY,
    LEFT_SIDE,
    RIGHT_SIDE,
    UPRIGHT,
    acceleration_activity,
    acceleration_cadence,
    acceleration_g,
    acceleration_positions,
    acceleration_process,
    acceleration_sleep_position,
    acceleration_steps,
)
from openhexo.formats.eventcsv import read_event_csv
from openhexo.formats.wav import read_wav
from tests.conftest import shared_path

FS = 64
TICKS = 256
UP = np.array([0.0, -1.0, 0.0])  # the shirt upright reads Y = -1 g


def bump(t: np.ndarray, centre: float, width: float) -> np.ndarray:
    return np.exp(-0.5 * ((t - centre) / width) ** 2)


def walking(steps: np.ndarray, seconds: float, up=UP, seed: int = 2) -> np.ndarray:
    """(n, 3) acceleration in g at 64 Hz: gravity along `up`; per step, along `up`, a dip of
    0.4 g at the step time, a 0.9 g foot strike 0.1 s later and a recovery that zeroes the
    cycle's mean; forward rocking of 0.15 g at the step rhythm; 0.01 g sensor noise."""
    t = np.arange(int(seconds * FS)) / FS
    vertical = np.zeros(len(t))
    for s in steps:
        vertical += -0.4 * bump(t, s, 0.07) + 0.9 * bump(t, s + 0.1, 0.03)
        vertical += 0.0125 * bump(t, s + 0.25, 0.08)
    up = np.asarray(up, dtype=float) / np.linalg.norm(up)
    forward = np.cross(up, [0.0, 0.0, 1.0]) if abs(up[2]) < 0.9 else np.array([1.0, 0, 0])
    rocking = 0.15 * np.sin(2 * np.pi * t / np.median(np.diff(steps))) if len(steps) > 1 else 0 * t
    noise = np.random.default_rng(seed).normal(0, 0.01, (len(t), 3))
    return (1 + vertical)[:, None] * up + rocking[:, None] * forward + noise


def set_steps(cadence: float, start: float, end: float, seed: int = 4) -> np.ndarray:
    rng = np.random.default_rng(seed)
    times = start + np.cumsum(60 / cadence * rng.normal(1, 0.03, int((end - start) * cadence)))
    return times[times < end]


def nearest(found: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """Distance (s) from each truth to the nearest found time."""
    return np.abs(found[None, :] - truth[:, None]).min(axis=1)


def test_raw_counts_are_256_per_g():
    assert acceleration_g([256, -512], [0, 128], [64, 0]).tolist() == [[1, 0, 0.25], [-2, 0.5, 0]]


def test_activity_is_the_mean_length_of_the_high_passed_acceleration():
    t = np.arange(20 * FS) / FS
    still = np.tile(UP, (len(t), 1))
    stamps, activity = acceleration_activity(still, FS)
    assert stamps.tolist() == [TICKS * s for s in range(1, 21)]
    assert np.abs(activity).max() < 1e-9  # gravity alone, from the first sample on
    shaking = still + 0.5 * np.sin(2 * np.pi * 4 * t)[:, None] * np.array([1.0, 0, 0])
    # mean |0.5 sin| = 1/pi g, times the 1st-order 1 Hz high-pass gain at 4 Hz
    expected = 1 / np.pi * 4 / np.hypot(4, 1)
    assert acceleration_activity(shaking, FS)[1][2:] == pytest.approx([expected] * 18, rel=0.02)


@pytest.mark.parametrize("cadence", [60, 110, 170])
def test_steps_at_set_times_are_found(cadence):
    steps = set_steps(cadence, 3, 117)
    found = acceleration_steps(walking(steps, 120), FS) / TICKS
    assert len(found) == len(steps)
    assert nearest(found, steps).max() < 0.1


def test_steps_do_not_depend_on_how_the_device_is_tilted():
    steps = set_steps(110, 3, 57)
    tilted = (0.5, -0.8, -0.3)  # leaning forward and to the side
    found = acceleration_steps(walking(steps, 60, up=tilted), FS) / TICKS
    assert len(found) == len(steps) and nearest(found, steps).max() < 0.1


def test_no_steps_standing_or_lying_still():
    for up in (UP, (1.0, 0, 0), (0, 0, -1.0)):
        assert len(acceleration_steps(walking(np.zeros(0), 60, up=up), FS)) == 0


def test_cadence_closes_its_second_over_the_last_6_s():
    steps = np.arange(1, 20, 0.5) * TICKS  # 120 steps/min from 1 s to 19.5 s
    stamps, cadence = acceleration_cadence(steps, FS, 25 * FS)
    assert stamps.tolist() == [TICKS * s for s in range(1, 26)]
    assert cadence[:2].tolist() == [0, 0]  # under 5 steps in the window
    assert cadence[2:19] == pytest.approx([120.0] * 17)  # 5 steps by 3 s
    assert cadence[23:].tolist() == [0, 0]  # 24 s: 4 steps left in (18, 24]


def test_cadence_of_set_steps_within_one_per_minute():
    steps = np.concatenate((set_steps(100, 2, 60), set_steps(165, 70, 130, seed=5)))
    accel = np.concatenate(
        (walking(steps[steps < 65], 65), walking(steps[steps >= 65], 135)[65 * FS :])
    )
    found = acceleration_steps(accel, FS)
    cadence = acceleration_cadence(found, FS, len(accel))[1]
    truth = np.zeros(len(cadence))  # 60 (n - 1) / span of the set steps of the last 6 s, n >= 5
    for second in range(len(cadence)):
        last = steps[(steps <= second + 1) & (steps > second + 1 - 6)]
        if len(last) >= 5:
            truth[second] = 60 * (len(last) - 1) / (last[-1] - last[0])
    assert np.mean(np.abs(cadence - truth)) < 1.0


def test_position_codes_by_the_axis_that_reads_up():
    axes = [(0, -1.0, 0), (0, 1.0, 0), (1.0, 0, 0), (-1.0, 0, 0), (0, 0, 1.0), (0, 0, -1.0)]
    xyz = np.concatenate([np.tile(axis, (FS, 1)) for axis in axes])
    stamps, codes = acceleration_positions(xyz, FS)
    assert codes.tolist() == [UPRIGHT, UPRIGHT, BACK, BELLY, RIGHT_SIDE, LEFT_SIDE]
    assert stamps.tolist() == [TICKS * s for s in range(1, 7)]


def test_sleep_position_events_skip_short_turns():
    plan = [
        ((1.0, 0, 0), 5),
        ((1.0, 0, 0), 60),
        ((0, 0, -1.0), 5),
        ((-1.0, 0, 0), 60),
        ((0, 0, 1.0), 3),
        ((0, 0, 1.0), 40),
    ]
    xyz = np.concatenate([np.tile(up, (seconds * FS, 1)) for up, seconds in plan])
    xyz[: 5 * FS] = (0, 0, 1.0)  # a short start on the right side belongs to what follows
    ticks, codes = acceleration_sleep_position(xyz, FS)
    assert codes.tolist() == [BACK, BELLY, RIGHT_SIDE]
    assert ticks.tolist() == [1 * TICKS, 71 * TICKS, 131 * TICKS]  # end of each first second
    assert acceleration_sleep_position(np.zeros((0, 3)), FS)[0].tolist() == []


def test_blocks_do_not_change_the_result(monkeypatch):
    steps = set_steps(110, 3, 290)
    raw = np.rint(walking(steps, 300) * 256).astype(np.int64).T
    whole = acceleration_process(*raw, FS)
    monkeypatch.setattr(acceleration, "BLOCK_S", 37)
    cut = acceleration_process(*raw, FS)
    assert np.array_equal(cut.steps, whole.steps)
    assert cut.activity == pytest.approx(whole.activity, abs=1e-9)
    assert len(whole.activity) == 300 and len(whole.steps) == len(steps)


def test_short_and_empty_inputs():
    empty = acceleration_process(np.zeros(0), np.zeros(0), np.zeros(0), FS)
    assert len(empty.steps) == len(empty.activity) == len(empty.cadence) == 0
    short = acceleration_process(np.zeros(100), np.full(100, -256), np.zeros(100), FS)
    assert short.activity.tolist() == [0.0] and short.cadence.tolist() == [0.0]
    with pytest.raises(ValueError):
        acceleration_process(np.zeros(10), np.zeros(10), np.zeros(10), 62.5)


@pytest.fixture(scope="module")
def export():
    folder = shared_path("data", "hexoskin-export", "harlab-257575")
    wav = {
        name: read_wav(folder / f"{name}.wav").samples
        for name in ("acceleration_X", "acceleration_Y", "acceleration_Z", "activity", "cadence")
    }
    steps = read_event_csv((folder / "step.csv").read_bytes(), 0).times
    axes = (wav["acceleration_X"], wav["acceleration_Y"], wav["acceleration_Z"])
    return wav, steps, axes, acceleration_process(*axes, FS)


def test_export_activity_matches_the_device(export):
    wav, _, _, found = export
    device = wav["activity"] / 256
    assert len(found.activity) == len(device) == 1033
    # the device writes 0 for its first 3 s; after that, 1.5 counts (0.006 g) apart on average
    assert np.mean(np.abs(found.activity[3:] - device[3:])) < 0.008
    assert np.corrcoef(found.activity[3:], device[3:])[0, 1] > 0.998


def test_export_steps_and_cadence_match_the_device(export):
    wav, device, _, found = export
    assert len(found.steps) == pytest.approx(len(device), rel=0.06)  # 1207 for 1255
    assert np.mean(nearest(found.steps / TICKS, device / TICKS) <= 0.15) > 0.88  # 0.906
    assert np.mean(nearest(device / TICKS, found.steps / TICKS) <= 0.15) > 0.92  # 0.942
    assert np.mean(np.abs(found.cadence - wav["cadence"])) < 8  # 6.6 when written


def test_export_is_upright_throughout(export):
    _, _, axes, _ = export
    ticks, codes = acceleration_sleep_position(acceleration_g(*axes), FS)
    assert ticks.tolist() == [TICKS] and codes.tolist() == [UPRIGHT]
