"""Acceleration algorithms: activity, steps, cadence and sleep position from the shirt's
three-axis accelerometer.

Input is the raw axes as the shirt records them (Hexoskin datatypes 4145, 4146, 4147: 64 Hz,
1/256 g per count, so 256 is 1 g); `acceleration_g` stacks them into an (n, 3) array in g, which
the other functions take. Any whole sampling rate works. Outputs follow the Hexoskin datatypes
(spec/API.md section 4):

- `acceleration_activity`: activity (49) in g, 1 Hz;
- `acceleration_steps`: step event times (52);
- `acceleration_cadence`: cadence (53) in steps/min, 1 Hz;
- `acceleration_sleep_position`: sleep position (270) change events, codes 1-5, for a window.

Times are ticks (1/256 s, the unit of HexoTimestamps) from the first sample of the input; the
caller adds the series' start. A 1 Hz value i covers second [i, i + 1) and is stamped at its end,
(i + 1) x 256 ticks, as Hexoskin stamps its 1 Hz channels. `acceleration_process` runs a long
recording in overlapping blocks, so memory stays bounded whatever its length.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import signal

from .timing import TICKS_PER_SECOND, blocks, per_second, second_closes, ticks

G_PER_COUNT = 1 / 256  # API.md section 4: acceleration_X/Y/Z raw x 1/256 = g

# Activity: the mean, over the second, of the length of the acceleration vector once gravity is
# removed by a 1st-order 1 Hz high-pass (causal). Read off Hexoskin's own export: against its
# activity.wav, correlation 0.9993 and mean absolute difference 1.5 counts (0.006 g) over the
# 1030 s after its first 3 (which the device writes as 0).
ACTIVITY_HIGHPASS_HZ = 1.0

# Steps: the vertical acceleration (along gravity, whatever the device's tilt) band-passed to the
# step rhythm; one step per trough at least 0.15 g deep, troughs at least 0.25 s apart (240/min).
# Hexoskin stamps its steps at these troughs, the instant of least vertical support before each
# foot strike (median offset to its step.csv: 1/64 s).
GRAVITY_HZ = 0.25  # gravity direction: slower than any step
STEP_BAND_HZ = (0.5, 4.0)  # 30-240 steps/min
STEP_DEPTH_G = 0.15
STEP_GAP_S = 0.25

CADENCE_WINDOW_S = 6  # cadence of the steps in the last 6 s...
CADENCE_MIN_STEPS = 5  # ...when there are at least 5 (4 intervals): a rhythm, not a shuffle

# Sleep position codes (Hexoskin: P5 is always standing or sitting; P1-P4 are the four lying
# positions, whose body names depend on how the device sits in the pocket). Codes are given by
# the device axis nearest to the measured "up", for the orientation of Hexoskin's example
# (orientation 2: wire up, LED out; then P1 belly, P2 back, P3 right side, P4 left side).
UPRIGHT, BELLY, BACK, RIGHT_SIDE, LEFT_SIDE = 5, 1, 2, 3, 4
# Nearest axis of the 1 s mean acceleration -> code: +-Y is along the trunk (upright reads Y = -1
# g on the export); Z is assumed out of the device's face, so to the body's left in the side
# pocket, and X completes a right-handed frame, so forward. Unverified: see the docs.
POSITION_OF_AXIS = {
    (1, -1): UPRIGHT,
    (1, 1): UPRIGHT,
    (0, -1): BELLY,
    (0, 1): BACK,
    (2, 1): RIGHT_SIDE,
    (2, -1): LEFT_SIDE,
}
POSITION_MIN_S = 10  # shorter stretches (turning over) do not count as a position

BLOCK_S = 600
MARGIN_S = 10  # > the filters' settling time (gravity low-pass: 1 / 0.25 Hz x 2)


@dataclass(frozen=True)
class AccelerationSeries:
    """Everything `acceleration_process` derives from the three axes (ticks from the first
    sample)."""

    steps: np.ndarray
    seconds_ticks: np.ndarray
    activity: np.ndarray
    cadence: np.ndarray


def acceleration_process(
    x: ArrayLike, y: ArrayLike, z: ArrayLike, sampling_rate: float = 64
) -> AccelerationSeries:
    """Steps, 1 Hz activity (g) and cadence (steps/min) from the raw axes (1/256 g counts)."""
    n = min(len(x), len(y), len(z))
    steps, activity = [], []
    for lo, hi, core_lo, core_hi in blocks(n, sampling_rate, BLOCK_S, MARGIN_S):
        xyz = acceleration_g(x[lo:hi], y[lo:hi], z[lo:hi])
        found = acceleration_steps(xyz, sampling_rate) + ticks(lo, sampling_rate)
        core = (ticks(core_lo, sampling_rate), ticks(core_hi, sampling_rate))
        steps.append(found[(found >= core[0]) & (found < core[1])])
        per = per_second(sampling_rate)
        _, values = acceleration_activity(xyz[: core_hi - lo], sampling_rate)
        activity.append(values[(core_lo - lo) // per :])
    steps = _spaced(np.concatenate([np.zeros(0, np.int64), *steps]), sampling_rate)
    seconds, cadence = acceleration_cadence(steps, sampling_rate, n)
    return AccelerationSeries(steps, seconds, np.concatenate([np.zeros(0), *activity]), cadence)


def acceleration_g(
    x: ArrayLike, y: ArrayLike, z: ArrayLike, gain: float = G_PER_COUNT
) -> np.ndarray:
    """The raw axes (counts) as one (n, 3) float64 array in g."""
    n = min(len(x), len(y), len(z))
    return np.stack([np.asarray(axis[:n], dtype=np.float64) * gain for axis in (x, y, z)], axis=1)


def acceleration_activity(xyz: ArrayLike, sampling_rate: float) -> tuple[np.ndarray, np.ndarray]:
    """(stamps in ticks, activity in g) at 1 Hz: the mean length, over each second, of the
    acceleration vector (n, 3 in g) high-passed at 1 Hz (1st-order Butterworth, causal, started
    in its steady state so that gravity gives no false start). This is Hexoskin's activity as
    its own export shows it (see ACTIVITY_HIGHPASS_HZ); it is 0 for a device at rest and grows
    with the body's movement: 0.3-0.45 g walking and 0.35-0.65 g jogging on that export."""
    xyz = np.asarray(xyz, dtype=np.float64)
    per = per_second(sampling_rate)
    b, a = signal.butter(1, ACTIVITY_HIGHPASS_HZ, "highpass", fs=sampling_rate)
    if not len(xyz):
        return second_closes(0, sampling_rate), np.zeros(0)
    start = signal.lfilter_zi(b, a)[:, None] * xyz[:1]
    moving, _ = signal.lfilter(b, a, xyz, axis=0, zi=start)
    length = np.linalg.norm(moving[: len(xyz) // per * per], axis=1)
    return second_closes(len(xyz), sampling_rate), length.reshape(-1, per).mean(axis=1)


def acceleration_vertical(xyz: ArrayLike, sampling_rate: float) -> np.ndarray:
    """Vertical acceleration in g, gravity removed: the acceleration (n, 3 in g) projected on
    the direction of gravity (the 0.25 Hz low-pass of the vector, zero phase), minus gravity's
    length. Positive when the body is pushed up (foot strike), negative as support falls."""
    xyz = np.asarray(xyz, dtype=np.float64)
    sos = signal.butter(2, GRAVITY_HZ, "lowpass", fs=sampling_rate, output="sos")
    gravity = signal.sosfiltfilt(sos, xyz, axis=0)
    length = np.linalg.norm(gravity, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        along = np.einsum("ij,ij->i", xyz, gravity) / length
    return np.nan_to_num(along - length)


def acceleration_steps(xyz: ArrayLike, sampling_rate: float) -> np.ndarray:
    """Step times (int64 ticks) of an acceleration (n, 3 in g): troughs of the vertical
    acceleration band-passed 0.5-4 Hz (2nd-order Butterworth, zero phase) that are at least
    0.15 g deep and 0.25 s apart, the classic peak-picking pedometer (Zhao N. (2010) "Full-
    featured pedometer design realized with 3-axis digital accelerometer", Analog Dialogue 44-06)
    on the axis of gravity, stamped where Hexoskin stamps them (see STEP_DEPTH_G)."""
    xyz = np.asarray(xyz, dtype=np.float64)
    if len(xyz) < 3 * sampling_rate:  # the filters need a few seconds
        return np.zeros(0, np.int64)
    sos = signal.butter(2, STEP_BAND_HZ, "bandpass", fs=sampling_rate, output="sos")
    rhythm = signal.sosfiltfilt(sos, acceleration_vertical(xyz, sampling_rate))
    gap = max(int(round(STEP_GAP_S * sampling_rate)), 1)
    troughs, _ = signal.find_peaks(-rhythm, height=STEP_DEPTH_G, distance=gap)
    return ticks(troughs, sampling_rate)


def acceleration_cadence(
    steps: ArrayLike, sampling_rate: float, n_samples: int
) -> tuple[np.ndarray, np.ndarray]:
    """(stamps in ticks, cadence in steps/min) at 1 Hz over a signal of n_samples: 60 x (steps -
    1) / (last - first step) over the steps (ticks) of the 6 s each second closes, when there are
    at least 5; else 0 (not walking), as Hexoskin writes 0 between walks."""
    closes = second_closes(n_samples, sampling_rate)
    times = np.asarray(steps, dtype=np.float64)
    hi = np.searchsorted(times, closes, side="right")
    lo = np.searchsorted(times, closes - CADENCE_WINDOW_S * TICKS_PER_SECOND, side="right")
    cadence = np.zeros(len(closes))
    ok = hi - lo >= CADENCE_MIN_STEPS
    span = (times[hi[ok] - 1] - times[lo[ok]]) / TICKS_PER_SECOND
    cadence[ok] = 60 * (hi[ok] - lo[ok] - 1) / span
    return closes, cadence


def acceleration_positions(xyz: ArrayLike, sampling_rate: float) -> tuple[np.ndarray, np.ndarray]:
    """(stamps in ticks, position code 1-5, int64) of each second of an acceleration (n, 3 in g):
    the code of the device axis nearest to the second's mean acceleration, which at rest is "up"
    (see POSITION_OF_AXIS)."""
    xyz = np.asarray(xyz, dtype=np.float64)
    per = per_second(sampling_rate)
    mean = xyz[: len(xyz) // per * per].reshape(-1, per, 3).mean(axis=1)
    axis = np.argmax(np.abs(mean), axis=1)
    sign = np.sign(mean[np.arange(len(mean)), axis]).astype(np.int64)
    codes = [
        POSITION_OF_AXIS.get((a, s), UPRIGHT)
        for a, s in zip(axis.tolist(), sign.tolist(), strict=True)
    ]
    return second_closes(len(xyz), sampling_rate), np.array(codes, dtype=np.int64)


def acceleration_sleep_position(
    xyz: ArrayLike, sampling_rate: float, min_seconds: int = POSITION_MIN_S
) -> tuple[np.ndarray, np.ndarray]:
    """(ticks, codes 1-5) of the sleep position (270) over a window of acceleration (n, 3 in g):
    one event where each position starts, stamped at the end of its first second as the 1 Hz
    series are. A position held less than min_seconds (turning over) does not count: those
    seconds belong to the position before (at the window's start, to the one after). Hexoskin's
    export adds a nan row at the window's start and end; that is the writer's business."""
    closes, codes = acceleration_positions(xyz, sampling_rate)
    codes = _settled(codes, min_seconds)
    starts, _ = _runs(codes)
    return closes[starts], codes[starts]


def _settled(codes: np.ndarray, min_seconds: int) -> np.ndarray:
    """Codes with every run shorter than min_seconds replaced by the code of the last long run
    before it (or, before the first long run, of the first); unchanged if no run is long."""
    starts, lengths = _runs(codes)
    long = lengths >= min_seconds
    if not long.any():
        return codes
    owner = np.maximum.accumulate(np.where(long, np.arange(len(starts)), -1))
    owner[owner < 0] = np.flatnonzero(long)[0]
    return np.repeat(codes[starts[owner]], lengths)


def _runs(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(start index, length) of each run of equal codes."""
    if not len(codes):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    starts = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
    return starts, np.diff(np.append(starts, len(codes)))


def _spaced(steps: np.ndarray, fs: float) -> np.ndarray:
    """Sorted steps without the second of two closer than 0.25 s (one trough seen from both
    sides of a block edge)."""
    steps = np.sort(steps)
    keep = np.ones(len(steps), bool)
    keep[1:] = np.diff(steps) >= STEP_GAP_S * TICKS_PER_SECOND - TICKS_PER_SECOND / fs
    return steps[keep]
