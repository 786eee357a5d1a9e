"""Validation of openhexo.biosignals.acceleration: `.venv/bin/python bench/validate_acceleration.py`
(prints a table).

1. Synthetic accelerations whose steps and postures are known by construction (this file draws
   them; nothing of the library under test is used to make them): one hour of standing, walking
   at 100 and 115 steps/min, running at 165, fidgeting while standing and sitting, then lying on
   the back, left side, belly and right side with 4 s turns between. Each step is set at a time
   (intervals 3 % jittered around the cadence) and drawn on the vertical axis as a dip of least
   support at that time, the foot strike 0.1 s later and a recovery that makes the cycle's mean
   zero; forward rocking at the step rhythm, lateral sway at half of it, trunk tilt, fidgeting
   as band-limited noise, sensor noise 0.01 g, rounded to 1/256 g counts. Device axes as on the
   shirt: upright reads Y = -1 g, X forward, Z to the body's left.
2. The real Hexoskin export in ../shared/data/hexoskin-export/harlab-257575: activity.wav,
   step.csv, cadence.wav and sleep_position.csv against ours.
3. Speed: 24 h of the three 64 Hz axes through `acceleration_process`, on one core (the process
   is pinned to CPU 0 and numpy's thread pools to one thread).

Flags: --hours H (speed test length, default 24), --no-speed, --seed N.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: `bench` too
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core, before numpy loads


import numpy as np  # noqa: E402
from scipy import signal  # noqa: E402

from bench import validation  # noqa: E402
from openhexo.biosignals import acceleration as acc  # noqa: E402
from openhexo.formats.eventcsv import read_event_csv  # noqa: E402
from openhexo.formats.wav import read_wav  # noqa: E402

FS = 64
EXPORT = validation.EXPORT
# (seconds, kind, cadence steps/min, position code, "up" in device axes)
UPRIGHT_UP = (0.17, -0.97, -0.17)  # leaning 10 degrees forward and 10 to the side
SEGMENTS = (
    (180, "stand", 0, 5, UPRIGHT_UP),
    (480, "walk", 100, 5, UPRIGHT_UP),
    (180, "fidget", 0, 5, UPRIGHT_UP),
    (360, "run", 165, 5, (0.34, -0.94, -0.05)),
    (360, "walk", 115, 5, UPRIGHT_UP),
    (240, "fidget", 0, 5, (-0.5, -0.87, 0.0)),  # sitting, leaning back 30 degrees
    (450, "lie", 0, 2, (1.0, 0.0, 0.0)),  # on the back: up is the body's front, +X
    (450, "lie", 0, 4, (0.0, 0.0, -1.0)),  # left side down: up is the body's right, -Z
    (450, "lie", 0, 1, (-1.0, 0.0, 0.0)),  # belly
    (450, "lie", 0, 3, (0.0, 0.0, 1.0)),  # right side
)
TURN_S = 4


def step_times(start: float, seconds: float, cadence: float, rng) -> np.ndarray:
    """Steps at set times: the cadence's interval, 3 % jitter, 1 s clear of the segment edges."""
    if not cadence:
        return np.zeros(0)
    intervals = 60 / cadence * rng.normal(1, 0.03, int(seconds * cadence / 60) + 2)
    times = start + 1 + np.cumsum(intervals)
    return times[times < start + seconds - 1]


def step_wave(t: np.ndarray, steps: np.ndarray, running: bool, rng) -> np.ndarray:
    """Vertical acceleration (g, gravity excluded) of steps: per step a dip of least support at
    the step time, the foot strike 0.1 s (running 0.08 s) later, and a recovery hump whose area
    cancels the other two (no net vertical speed over a cycle)."""
    out = np.zeros(len(t))
    dip, strike = (0.7, 1.4) if running else (0.35, 0.8)
    for when in steps:
        at = (when - t[0]) * FS
        near = slice(max(int(at - 0.5 * FS), 0), min(int(at + 0.7 * FS), len(t)))
        tau = t[near] - when
        d, s = dip * rng.uniform(0.8, 1.2), strike * rng.uniform(0.7, 1.3)
        hump = (d * 0.07 - s * 0.03) / 0.08
        out[near] += (
            -d * _bump(tau, 0, 0.07)
            + s * _bump(tau, 0.08 if running else 0.1, 0.03)
            + hump * _bump(tau, 0.25, 0.08)
        )
    return out


def _bump(tau: np.ndarray, centre: float, width: float) -> np.ndarray:
    return np.exp(-0.5 * ((tau - centre) / width) ** 2)


def _band_noise(n: int, rms: float, band: tuple[float, float], rng) -> np.ndarray:
    sos = signal.butter(2, band, "bandpass", fs=FS, output="sos")
    noise = signal.sosfilt(sos, rng.standard_normal((n, 3)), axis=0)
    return noise * rms / noise.std()


def _frame(up: tuple[float, float, float]) -> np.ndarray:
    """Rows: the device-axis directions of the body's up, forward and left (for the dynamic
    parts of a step), given where "up" points in device axes."""
    u = np.asarray(up, dtype=float) / np.linalg.norm(up)
    forward = np.array([1.0, 0.0, 0.0]) - u[0] * u
    forward = forward / np.linalg.norm(forward) if np.linalg.norm(forward) > 0.1 else np.eye(3)[1]
    return np.stack([u, forward, np.cross(u, forward)])


def synthetic_day(seconds: int, seed: int = 11):
    """(x, y, z raw counts at 64 Hz, step times s, set cadence per second, position code per
    second, kind per second) of `seconds` of the segment plan, repeated as needed."""
    rng = np.random.default_rng(seed)
    xyz, steps, cadence, codes, kinds, clock = [], [], [], [], [], 0.0
    while clock < seconds:
        for length, kind, rate, code, up in SEGMENTS:
            part, found = _segment(clock, length, kind, rate, up, rng)
            xyz.append(part)
            steps.append(found)
            cadence += [rate] * length
            codes += [code] * length
            kinds += [kind] * length
            clock += length
    raw = np.rint(np.concatenate(xyz)[: seconds * FS] * 256).astype(np.int64)
    steps = np.concatenate(steps)
    return (
        *raw.T,
        steps[steps < seconds],
        np.array(cadence[:seconds]),
        np.array(codes[:seconds]),
        np.array(kinds[:seconds]),
    )


def _segment(start: float, length: int, kind: str, rate: float, up, rng):
    """(n x 3 acceleration in g, step times) of one segment; lying ones begin with a turn."""
    t = start + np.arange(length * FS) / FS
    frame = _frame(up)
    gravity = np.tile(frame[0], (len(t), 1))
    steps = step_times(start, length, rate, rng)
    dynamic = np.zeros((len(t), 3))
    if len(steps):
        phase = 2 * np.pi * np.interp(t, steps, np.arange(len(steps)))
        dynamic += step_wave(t, steps, kind == "run", rng)[:, None] * frame[0]
        dynamic += 0.15 * np.sin(phase + 1.0)[:, None] * frame[1]
        dynamic += 0.08 * np.sin(phase / 2)[:, None] * frame[2]
    rms = {"fidget": 0.05, "stand": 0.005, "lie": 0.003}.get(kind, 0.02)
    dynamic += _band_noise(len(t), rms, (0.3, 3.0), rng)
    if kind == "lie":
        turn = slice(0, TURN_S * FS)
        dynamic[turn] += _band_noise(TURN_S * FS, 0.2, (0.3, 3.0), rng)
    return gravity + dynamic + rng.normal(0, 0.01, (len(t), 3)), steps


def window_cadence(steps: np.ndarray, closes: np.ndarray) -> np.ndarray:
    """Truth cadence by the definition the library documents, from the set steps: 60 x (n - 1)
    / span of the steps in the 6 s each second closes when n >= 5, else 0."""
    out = np.zeros(len(closes))
    for i, close in enumerate(closes):
        last = steps[(steps <= close) & (steps > close - 6)]
        if len(last) >= 5:
            out[i] = 60 * (len(last) - 1) / (last[-1] - last[0])
    return out


def matched(found: np.ndarray, truth: np.ndarray, tolerance: float) -> tuple[float, float, float]:
    """(sensitivity, positive predictivity, median |error| s of the truths found)."""
    if not len(found) or not len(truth):
        return 0.0, 0.0, float("nan")
    to_found, to_truth = _nearest(np.sort(found), truth), _nearest(np.sort(truth), found)
    hit = to_found <= tolerance
    return float(hit.mean()), float(np.mean(to_truth <= tolerance)), float(np.median(to_found[hit]))


def _nearest(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """|distance| from each b to the nearest a (a sorted)."""
    j = np.searchsorted(a, b)
    left, right = a[np.clip(j - 1, 0, len(a) - 1)], a[np.clip(j, 0, len(a) - 1)]
    return np.minimum(np.abs(b - left), np.abs(b - right))


def synthetic_rows(seconds: int, seed: int) -> list[tuple[str, str]]:
    """(measure, value) rows of the library against the set steps and postures."""
    x, y, z, steps, set_cadence, codes, kinds = synthetic_day(seconds, seed)
    found = acc.acceleration_process(x, y, z, FS)
    closes = found.seconds_ticks / 256
    times = found.steps / 256
    se, ppv, err = matched(times, steps, 0.15)
    moving = set_cadence[: len(closes)] > 0
    still_steps = np.sum(~moving[np.clip(times.astype(int), 0, len(moving) - 1)])
    truth = np.abs(found.cadence - window_cadence(steps, closes))
    to_set = np.abs(found.cadence - set_cadence[: len(closes)])[moving]
    return [
        ("steps set / found", f"{len(steps)} / {len(times)}"),
        ("steps: Se / +P (0.15 s), median error", f"{se:.3f} / {ppv:.3f}, {err * 1000:.0f} ms"),
        ("steps found while not walking (fidget, stand, lie)", f"{still_steps}"),
        ("cadence MAE vs truth (same 6 s window), all seconds", f"{truth.mean():.2f} /min"),
        ("the same, walking and running seconds", f"{truth[moving].mean():.2f} /min"),
        ("cadence MAE vs set cadence, walking and running", f"{to_set.mean():.2f} /min"),
        ("mean activity (g) by segment kind", _activity_means(found.activity, kinds)),
        *_position_rows(acc.acceleration_g(x, y, z), codes),
    ]


def _activity_means(activity: np.ndarray, kinds: np.ndarray) -> str:
    kinds = kinds[: len(activity)]
    kinds_seen = ("lie", "stand", "fidget", "walk", "run")
    return ", ".join(f"{kind} {activity[kinds == kind].mean():.3f}" for kind in kinds_seen)


def _position_rows(xyz: np.ndarray, codes: np.ndarray) -> list[tuple[str, str]]:
    _, per_second = acc.acceleration_positions(xyz, FS)
    _, events = acc.acceleration_sleep_position(xyz, FS)
    starts = np.flatnonzero(np.diff(codes, prepend=-1))  # seconds where a set position begins
    return [
        ("position per second equal to the set one", f"{np.mean(per_second == codes):.3f}"),
        ("position changes set / found (events)", f"{len(starts)} / {len(events)}"),
        (
            "position events: codes equal to the set ones",
            str(np.array_equal(events, codes[starts])),
        ),
    ]


def export_rows() -> list[tuple[str, str]]:
    """(measure, value) rows of the library against the device's own outputs."""
    names = ("acceleration_X", "acceleration_Y", "acceleration_Z", "activity", "cadence")
    wav = {name: read_wav(EXPORT / f"{name}.wav").samples for name in names}
    axes = (wav["acceleration_X"], wav["acceleration_Y"], wav["acceleration_Z"])
    steps = read_event_csv((EXPORT / "step.csv").read_bytes(), 0).times / 256
    found = acc.acceleration_process(*axes, FS)
    device = wav["activity"] * acc.G_PER_COUNT
    diff = found.activity - device
    r = np.corrcoef(found.activity, device)[0, 1]
    se, ppv, err = matched(found.steps / 256, steps, 0.15)
    walking, ours_walking = wav["cadence"] > 0, found.cadence > 0
    cadence = np.abs(found.cadence - wav["cadence"])
    ticks, codes = acc.acceleration_sleep_position(acc.acceleration_g(*axes), FS)
    return [
        ("activity: MAE, bias, r", f"{np.mean(np.abs(diff)):.4f} g, {diff.mean():+.4f} g, {r:.4f}"),
        ("activity MAE after the first 3 s (the device writes 0)", _g(np.abs(diff[3:]).mean())),
        ("steps device / ours", f"{len(steps)} / {len(found.steps)}"),
        (
            "steps: Se / +P vs the device's (0.15 s), median offset",
            f"{se:.3f} / {ppv:.3f}, {err * 1000:.0f} ms",
        ),
        (
            "cadence MAE vs device: all seconds / device walking",
            f"{cadence.mean():.2f} / {cadence[walking].mean():.2f} /min",
        ),
        (
            "seconds walking on both / device only / ours only",
            " / ".join(
                str(np.sum(a & b))
                for a, b in (
                    (walking, ours_walking),
                    (walking, ~ours_walking),
                    (~walking, ours_walking),
                )
            ),
        ),
        (
            "sleep position events (device: 1 s -> 2, = its device_position)",
            ", ".join(f"{t / 256:g} s -> {c}" for t, c in zip(ticks, codes, strict=True)),
        ),
    ]


def _g(value: float) -> str:
    return f"{value:.4f} g ({value * 256:.2f} counts)"


def speed_rows(hours: float, seed: int) -> list[tuple[str, str]]:
    x, y, z, steps, *_ = synthetic_day(int(hours * 3600), seed)
    found, elapsed = validation.on_one_core(lambda: acc.acceleration_process(x, y, z, FS))
    return [
        (
            "acceleration_process, 3 axes x 64 Hz, one core",
            f"{elapsed:.2f} s ({len(found.steps)} steps found, {len(steps)} set)",
        )
    ]


if __name__ == "__main__":
    validation.main(__doc__.splitlines()[0], synthetic_rows, export_rows, speed_rows, 11)
