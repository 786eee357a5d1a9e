"""Validation of openhexo.biosignals.respiration: `.venv/bin/python bench/validate_respiration.py`.

1. Synthetic bands whose breaths are known by construction (this file draws them; nothing of the
   library under test is used to make them): breath onsets at set times from a rate schedule of
   6 phases (12, 16, 20->40, 40->25, 8 and 18 breaths/min, 10 min each), 8 % interval jitter,
   an inspiratory fraction of 0.35-0.45, a raised-cosine inspiration and an exponential
   (passive) expiration, breath sizes that vary 15 % (log-normal), grow with the rate and
   include a sigh (2.5x) every 40 breaths, mixed
   into a thoracic and an abdominal band with their own gains, offsets and a 50 ms lag, then slow
   baseline drift (25 + 10 counts), a cardiogenic oscillation (2 counts at 1.2 Hz), white noise
   (1.5 counts) and 30 s bursts of strong motion noise (12 counts) every 15 min, rounded to
   integer counts and turned over (the raw bands fall on inspiration, as the shirt's do).
2. The real Hexoskin export in ../shared/data/hexoskin-export/harlab-257575, against the device's
   own breathing_rate, inspiration/expiration, tidal_volume, minute_ventilation and quality.
3. Speed: 24 h of the two 128 Hz bands (the synthetic day) through `respiration_process`, on one
   core (the process is pinned to CPU 0 and numpy's thread pools to one thread).

Flags: --hours H (speed test length, default 24), --no-speed, --seed N.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: `bench` too
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core, before numpy loads


import numpy as np  # noqa: E402

from bench import validation  # noqa: E402
from openhexo.biosignals import respiration as resp  # noqa: E402
from openhexo.formats.eventcsv import read_event_csv  # noqa: E402
from openhexo.formats.wav import read_wav  # noqa: E402

FS = 128
EXPORT = validation.EXPORT
PHASES = ((0, 12, 12), (600, 16, 16), (1200, 20, 40), (1800, 40, 25), (2400, 8, 8), (3000, 18, 18))
PHASE_S = 600
COUNTS_PER_ML = 1 / resp.ML_PER_COUNT


def set_rate(t: np.ndarray) -> np.ndarray:
    """The schedule's breathing rate (breaths/min) at times t (s), repeating every hour."""
    t = np.asarray(t) % (PHASE_S * len(PHASES))
    phase = np.minimum((t // PHASE_S).astype(int), len(PHASES) - 1)
    begin, first, last = (np.array([p[i] for p in PHASES])[phase] for i in range(3))
    return first + (last - first) * (t - begin) / PHASE_S


def breath_times(seconds: float, rng) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(inspiration onsets s, expiration onsets s, sizes in counts) of breaths from the schedule."""
    onsets, t = [], 1.0
    while t < seconds:
        onsets.append(t)
        t += 60 / set_rate(t) * rng.normal(1, 0.08)
    onsets = np.array(onsets)
    periods = np.diff(onsets, append=onsets[-1] + 60 / set_rate(onsets[-1]))
    expirations = onsets + rng.uniform(0.35, 0.45, len(onsets)) * periods
    sizes = 30 * (set_rate(onsets) / 15) ** 0.5 * rng.lognormal(0, 0.15, len(onsets))
    sizes[rng.integers(0, 40) :: 40] *= 2.5  # a sigh every 40 breaths
    return onsets, expirations, sizes


def lung_volume(t: np.ndarray, onsets, expirations, sizes) -> np.ndarray:
    """Volume above end-expiration, in counts, at times t: raised-cosine inspiration from each
    onset to its expiration onset, then exponential emptying (time constant a third of the
    expiration) down to 0 at the next onset."""
    i = np.clip(np.searchsorted(onsets, t, side="right") - 1, 0, len(onsets) - 1)
    nxt = np.append(onsets[1:], onsets[-1] + 10)[i]
    start, top, size = onsets[i], expirations[i], sizes[i]
    rising = t < top
    inspired = size * (1 - np.cos(np.pi * np.clip((t - start) / (top - start), 0, 1))) / 2
    tau = (nxt - top) / 3
    floor = np.exp(-(nxt - top) / tau)
    emptying = size * (np.exp(-np.clip(t - top, 0, None) / tau) - floor) / (1 - floor)
    return np.where(t < start, 0.0, np.where(rising, inspired, np.clip(emptying, 0, None)))


def synthetic_bands(seconds: int, seed: int = 7):
    """(thoracic, abdominal raw int64 counts at 128 Hz, onsets s, expirations s, sizes counts,
    noisy seconds mask)."""
    rng = np.random.default_rng(seed)
    onsets, expirations, sizes = breath_times(seconds, rng)
    t = np.arange(seconds * FS) / FS
    bands, noisy = [], np.zeros(seconds, bool)
    for gain, offset, lag in ((1.0, 24800, 0.0), (0.8, 15300, 0.05)):
        v = lung_volume(t - lag, onsets, expirations, sizes)
        drift = 25 * np.sin(2 * np.pi * t / 300 + offset) + 10 * np.sin(2 * np.pi * t / 77)
        heart = 2 * np.sin(2 * np.pi * 1.2 * t)
        band = offset - gain * v + drift + heart + rng.normal(0, 1.5, t.size)
        bands.append(band)
    for start in range(200, seconds, 900):  # 30 s of motion noise every 15 min
        burst = slice(start * FS, (start + 30) * FS)
        for band in bands:
            band[burst] += 12 * rng.standard_normal(30 * FS)
        noisy[start : start + 30] = True
    thoracic, abdominal = (np.rint(band).astype(np.int64) for band in bands)
    return thoracic, abdominal, onsets, expirations, sizes, noisy


def window_rate(onsets: np.ndarray, closes: np.ndarray) -> np.ndarray:
    """Truth rate by the definition the library documents, computed here from the set onsets:
    60 x (n - 1) / span of the onsets in the 20 s each second closes, or of the last 3 when
    fewer and they lie within 60 s; nan otherwise."""
    out = np.full(len(closes), np.nan)
    for i, close in enumerate(closes):
        seen = onsets[onsets <= close]
        last = seen[seen > close - 20]
        if len(last) < 3 and len(seen) >= 3 and seen[-3] > close - 60:
            last = seen[-3:]
        if len(last) >= 3:
            out[i] = 60 * (len(last) - 1) / (last[-1] - last[0])
    return out


def matched(found: np.ndarray, truth: np.ndarray, tolerance: float) -> tuple[float, float, float]:
    """(sensitivity, positive predictivity, median |error| s of the truths found) of event times
    within tolerance s."""
    if not len(found) or not len(truth):
        return 0.0, 0.0, float("nan")
    to_found = _nearest(np.sort(found), truth)  # each truth to the nearest event found
    to_truth = _nearest(np.sort(truth), found)
    hit = to_found <= tolerance
    return float(hit.mean()), float(np.mean(to_truth <= tolerance)), float(np.median(to_found[hit]))


def _nearest(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """|distance| from each b to the nearest a (a sorted)."""
    j = np.searchsorted(a, b)
    left, right = a[np.clip(j - 1, 0, len(a) - 1)], a[np.clip(j, 0, len(a) - 1)]
    return np.minimum(np.abs(b - left), np.abs(b - right))


def mae(a: np.ndarray, b: np.ndarray) -> tuple[float, int]:
    """(mean |a - b| over seconds where both are known, how many)."""
    ok = ~np.isnan(a) & ~np.isnan(b)
    return float(np.mean(np.abs(a[ok] - b[ok]))), int(ok.sum())


def synthetic_rows(seconds: int, seed: int) -> list[tuple[str, str]]:
    """(measure, value) rows of the library against the synthetic bands' set breaths."""
    thoracic, abdominal, onsets, expirations, sizes, noisy = synthetic_bands(seconds, seed)
    found = resp.respiration_process(thoracic, abdominal, FS)
    closes = found.seconds_ticks / 256
    truth = window_rate(onsets, closes)
    rate_mae, rate_n = mae(found.breathing_rate, truth)
    clean = ~noisy[: len(closes)]
    flagged = (found.quality & (resp.NOISY_A | resp.NOISY_B)) > 0
    rows = [("breaths set / found", f"{len(onsets)} / {len(found.inspirations)}")]
    for name, got, want in (
        ("inspiration onsets", found.inspirations, onsets),
        ("expiration onsets", found.expirations, expirations),
    ):
        se, ppv, err = matched(got / 256, want, 0.5)
        rows.append(
            (f"{name}: Se / +P (0.5 s), median error", f"{se:.3f} / {ppv:.3f}, {err * 1000:.0f} ms")
        )
    return rows + [
        ("breathing rate MAE vs truth (same 20 s window)", f"{rate_mae:.2f} /min over {rate_n} s"),
        (
            "the same, motion bursts excluded",
            f"{mae(found.breathing_rate[clean], truth[clean])[0]:.2f} /min",
        ),
        (
            "breathing rate MAE vs the set schedule (10 s back)",
            f"{mae(found.breathing_rate, set_rate(closes - 10))[0]:.2f} /min",
        ),
        (
            "tidal volume found / set, per breath: median (IQR)",
            _volume_ratio(found, expirations, sizes),
        ),
        (
            "seconds flagged noisy: in motion bursts / elsewhere",
            f"{flagged[~clean].mean():.3f} / {flagged[clean].mean():.3f}",
        ),
        (
            "seconds with any quality flag outside bursts",
            f"{(found.quality[clean] > 0).mean():.3f}",
        ),
    ]


def _volume_ratio(found, expirations: np.ndarray, sizes: np.ndarray) -> str:
    """Per-breath volume over the set size, both in mL at the library's mL per count (the
    thoracic band has gain 1 and weight 0.71, the abdominal gain 0.8 and weight 0.29)."""
    truth_ml = sizes * (0.71 + 0.29 * 0.8) * resp.ML_PER_COUNT
    ends = found.expirations / 256
    near = np.argmin(np.abs(expirations[None, :] - ends[:, None]), axis=1)
    ratio = found.volumes / truth_ml[near]
    ratio = ratio[(np.abs(expirations[near] - ends) < 0.5) & ~np.isnan(ratio)]
    low, mid, high = np.percentile(ratio, [25, 50, 75])
    return f"{mid:.3f} ({low:.3f}-{high:.3f})"


def export_rows() -> list[tuple[str, str]]:
    """(measure, value) rows of the library against the device's own outputs."""
    names = ("respiration_thoracic", "respiration_abdominal", "breathing_rate")
    names += ("breathing_rate_quality", "tidal_volume", "minute_ventilation")
    wav = {name: read_wav(EXPORT / f"{name}.wav").samples for name in names}
    found = resp.respiration_process(wav["respiration_thoracic"], wav["respiration_abdominal"], FS)
    device = wav["breathing_rate"].astype(float)
    good = wav["breathing_rate_quality"] == 0
    rate_mae, n = mae(found.breathing_rate, device)
    rows = [
        ("breathing rate MAE vs device", f"{rate_mae:.2f} /min over {n} s"),
        (
            "the same, device quality 0",
            f"{mae(found.breathing_rate[good], device[good])[0]:.2f} /min",
        ),
        ("seconds without a rate (ours nan)", f"{int(np.isnan(found.breathing_rate).sum())}"),
    ]
    for name, ours in (("inspiration", found.inspirations), ("expiration", found.expirations)):
        times = read_event_csv((EXPORT / f"{name}.csv").read_bytes(), 0).times / 256
        se, ppv, err = matched(ours / 256, times, 0.5)
        rows.append(
            (
                f"{name} events: ours {len(ours)}, device {len(times)}; Se / +P (0.5 s)",
                f"{se:.3f} / {ppv:.3f}, {err * 1000:.0f} ms",
            )
        )
    for name, ours, unit in (
        ("tidal_volume", found.tidal_volume, "mL"),
        ("minute_ventilation", found.minute_ventilation, "mL/min"),
    ):
        rows.append(
            (
                f"{name}: MAE, mean ours / device, correlation",
                _versus(ours, wav[name] * 13.28, unit),
            )
        )
    return rows + _quality_rows(found.quality, wav["breathing_rate_quality"])


def _versus(ours: np.ndarray, device: np.ndarray, unit: str) -> str:
    ok = ~np.isnan(ours) & (device > 0)  # the device writes 0 before its first breath
    ours, device = ours[ok], device[ok]
    error, r = np.mean(np.abs(ours - device)), np.corrcoef(ours, device)[0, 1]
    return f"{error:.0f} {unit}, {ours.mean():.0f} / {device.mean():.0f}, r = {r:.2f}"


def _quality_rows(ours: np.ndarray, device: np.ndarray) -> list[tuple[str, str]]:
    bits = [
        f"0x{bit:02x}: {np.sum(ours & bit > 0)}/{np.sum(device & bit > 0)}"
        for bit in (1, 2, 4, 8, 16, 32)
    ]
    return [
        ("quality: seconds with the same bitmask", f"{np.mean(ours == device):.3f}"),
        ("quality: seconds with each bit set, ours/device", ", ".join(bits)),
    ]


def speed_rows(hours: float, seed: int) -> list[tuple[str, str]]:
    thoracic, abdominal, onsets, *_ = synthetic_bands(int(hours * 3600), seed)
    found, elapsed = validation.on_one_core(
        lambda: resp.respiration_process(thoracic, abdominal, FS)
    )
    return [
        (
            "respiration_process, 2 bands x 128 Hz, one core",
            f"{elapsed:.2f} s ({len(found.inspirations)} breaths found, {len(onsets)} set)",
        )
    ]


if __name__ == "__main__":
    validation.main(__doc__.splitlines()[0], synthetic_rows, export_rows, speed_rows, 7)
