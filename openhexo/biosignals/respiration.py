"""Respiration algorithms: breaths, breathing rate, tidal volume, minute ventilation and the
breathing-rate quality bitmask, from the two respiratory inductance plethysmography bands.

Input is the raw bands as the shirt records them (Hexoskin datatypes 4129 thoracic and 4130
abdominal: 128 Hz, unitless counts, 0 while the device has no signal yet); any whole sampling rate
works. The raw value *falls* as the chest expands: in Hexoskin's own exports every inspiration
event sits on a maximum of the bands and every expiration on a minimum, and the stretch from an
inspiration to the next expiration is the shorter one (0.88 s median against 1.36 s, the usual
inspiratory fraction of about 0.4). Outputs follow the Hexoskin datatypes (spec/API.md section 4):

- inspirations (34) and expirations (35): onset times, with the raw level of the combined bands
  there as value (Hexoskin's values are 0.7085 x thoracic + 0.2930 x abdominal at the event:
  least squares over its 804 events, residual 2 counts; rounded, the weights used here);
- breathing rate (33), breaths/min; tidal volume (37), mL; minute ventilation (36), mL/min;
- breathing_rate_quality (1001): bitmask per second.

Times are ticks (1/256 s, the unit of HexoTimestamps) from the first sample of the input; the
caller adds the series' start. A 1 Hz value i covers second [i, i + 1) and is stamped at its end,
(i + 1) x 256 ticks, as Hexoskin stamps its 1 Hz channels. Long recordings are processed in
overlapping blocks, so memory stays bounded and the result does not depend on where they are cut.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import ndimage, signal

from .timing import TICKS_PER_SECOND, blocks, per_second, second_closes, ticks

# breathing_rate_quality bits (API.md section 4): A is the thoracic band, B the abdominal one.
NO_SIGNAL_A, NO_SIGNAL_B = 0x01, 0x02
BASELINE_A, BASELINE_B = 0x04, 0x08
NOISY_A, NOISY_B = 0x10, 0x20

WEIGHTS = (0.71, 0.29)  # thoracic, abdominal: Hexoskin's own mix (see above)
# 6-60 breaths/min: below, drift and posture; above, the heart (cardiogenic oscillations).
BAND_HZ = (0.1, 1.0)
DECIMATED_HZ = 16  # the band needs no more; filtering 8x fewer samples is what makes a day fast
# Khodadad D. et al. (2018) "Optimized breath detection algorithm in electrical impedance
# tomography", Physiol. Meas. 39(9): 094001: extrema between zero crossings, swings smaller than
# 0.3 x the median swing are not breaths (NeuroKit2's default respiration peak detector).
AMPLITUDE_MIN = 0.3
# Tidal volume, mL per count of the combined bands. Hexoskin's tidal_volume (37) is raw x 13.28
# mL, and on its own export raw = 1.2 x (inspiration level - next expiration level), median of
# 402 breaths (correlation 0.91): 1.2 x 13.28 mL per count. Uncalibrated, like Hexoskin's 37.
ML_PER_COUNT = 1.2 * 13.28
RATE_WINDOW_S = 20  # breaths of the last 20 s (Hexoskin's rate follows its events this way)
RATE_REACH_S = 60  # slow breathing: reach back for 3 onsets, up to a minute
MIN_ONSETS = 3  # two whole breaths at least

QUALITY_WINDOW_S = 4
FLAT_COUNTS = 3  # less than this peak to peak in 4 s: stuck, no breathing moves it so little
ZERO_LOOKBACK_S = 2
BASELINE_RATIO = 8  # baseline moving 8x the usual per-second swing in 4 s (breaths: < 7x)
SWING_WINDOW_S = 600  # "usual" swing: running median over 10 minutes
NOISE_HZ = 4.0  # above breathing and the heart's fundamental
NOISE_RATIO = 1.0  # noisy: as much power above 4 Hz as in the breathing band

SHORTEST_S = 4  # less signal than this holds no breath the filters can see

BLOCK_S = 600
MARGIN_S = 60  # > the band filter's settling time (1 / 0.1 Hz x a few) and a slow breath


@dataclass(frozen=True)
class RespirationSeries:
    """Everything `respiration_process` derives from the two bands (ticks from the first sample;
    1 Hz series are nan where unknown)."""

    inspirations: np.ndarray
    inspiration_levels: np.ndarray
    expirations: np.ndarray
    expiration_levels: np.ndarray
    volumes: np.ndarray  # mL inhaled in the breath that each expiration onset ends
    seconds_ticks: np.ndarray
    breathing_rate: np.ndarray
    tidal_volume: np.ndarray
    minute_ventilation: np.ndarray
    quality: np.ndarray


def respiration_process(
    thoracic: ArrayLike, abdominal: ArrayLike, sampling_rate: float = 128
) -> RespirationSeries:
    """Breaths, 1 Hz rate, volumes and quality from the raw thoracic and abdominal bands."""
    thoracic, abdominal = np.asarray(thoracic), np.asarray(abdominal)
    n = min(len(thoracic), len(abdominal))
    breaths = respiration_breaths(thoracic, abdominal, sampling_rate)
    ins, _, exp, _, volumes = breaths
    seconds, rate = respiration_rate(ins, sampling_rate, n)
    _, tidal = respiration_tidal_volume(exp, volumes, sampling_rate, n)
    _, ventilation = respiration_minute_ventilation(exp, volumes, rate, sampling_rate, n)
    _, quality = respiration_quality(thoracic, abdominal, sampling_rate)
    return RespirationSeries(*breaths, seconds, rate, tidal, ventilation, quality)


def respiration_combine(
    thoracic: ArrayLike, abdominal: ArrayLike, weights: tuple[float, float] = WEIGHTS
) -> np.ndarray:
    """One breathing signal in raw counts: the weighted mean of the bands (weights normalised;
    give a band weight 0 to leave it out). Samples at 0, where the device had no signal yet, are
    filled from their neighbours so that the jump from 0 does not ring through the filters."""
    total = sum(weights)
    mixed = [
        w / total * _filled(band)
        for w, band in zip(weights, (thoracic, abdominal), strict=True)
        if w
    ]
    return np.sum(mixed, axis=0)


def respiration_clean(x: ArrayLike, sampling_rate: float) -> tuple[np.ndarray, float]:
    """(lung volume signal in counts, its rate in Hz): x decimated to about 16 Hz (polyphase
    anti-alias filter), band-passed 0.1-1 Hz (2nd-order Butterworth, zero phase) and turned over
    so that it rises on inspiration (the raw bands fall)."""
    x = np.asarray(x, dtype=np.float64)
    factor = max(int(sampling_rate // DECIMATED_HZ), 1)
    low = signal.resample_poly(x - np.median(x), 1, factor) if factor > 1 else x - np.median(x)
    rate = sampling_rate / factor
    sos = signal.butter(2, BAND_HZ, "bandpass", fs=rate, output="sos")
    return -signal.sosfiltfilt(sos, low), rate


def respiration_extrema(
    volume: ArrayLike, amplitude_min: float = AMPLITUDE_MIN
) -> tuple[np.ndarray, np.ndarray]:
    """(troughs, peaks): sample indices of the inspiration and expiration onsets of a cleaned,
    zero-centred volume signal, by Khodadad et al. (2018): the extreme sample between each two
    zero crossings, then swings under amplitude_min x the median swing removed in pairs (the
    smallest first), so that troughs and peaks alternate."""
    volume = np.asarray(volume, dtype=np.float64)
    extrema = _drop_small_swings(volume, _zero_crossing_extrema(volume), amplitude_min)
    above = volume[extrema] > 0
    return extrema[~above], extrema[above]


def respiration_breaths(
    thoracic: ArrayLike, abdominal: ArrayLike, sampling_rate: float
) -> tuple[np.ndarray, ...]:
    """(inspiration ticks, their levels, expiration ticks, their levels, volumes in mL) of raw
    bands. Levels are the combined bands in counts at the event (int64); each volume is what the
    breath ending at that expiration onset inhaled: 13.28 x 1.2 mL per count of its swing."""
    thoracic, abdominal = np.asarray(thoracic), np.asarray(abdominal)
    parts = []
    for lo, hi, core_lo, core_hi in blocks(
        min(len(thoracic), len(abdominal)), sampling_rate, BLOCK_S, MARGIN_S
    ):
        events = _block_events(thoracic[lo:hi], abdominal[lo:hi], sampling_rate)
        at = events[0] + ticks(lo, sampling_rate)
        core = (at >= ticks(core_lo, sampling_rate)) & (at < ticks(core_hi, sampling_rate))
        parts.append(np.stack([at, *events[1:]])[:, core])
    at, kind, level, volume = _alternating(np.concatenate([np.zeros((4, 0)), *parts], axis=1))
    ins, exp = kind < 0, kind > 0
    as_int = np.int64
    return (
        at[ins].astype(as_int),
        level[ins].astype(as_int),
        at[exp].astype(as_int),
        level[exp].astype(as_int),
        volume[exp] * ML_PER_COUNT,
    )


def respiration_rate(
    inspirations: ArrayLike, sampling_rate: float, n_samples: int
) -> tuple[np.ndarray, np.ndarray]:
    """(stamps in ticks, breathing rate in breaths/min) at 1 Hz over a signal of n_samples.

    Each value is 60 x (onsets - 1) / (last - first onset) over the inspiration onsets (ticks)
    of the 20 s it closes; with fewer than 3 there, over the last 3 if they lie within 60 s (slow
    breathing); nan otherwise (no breathing seen)."""
    closes = second_closes(n_samples, sampling_rate)
    onsets = np.asarray(inspirations, dtype=np.float64)
    lo, hi = _window(onsets, closes)
    rate = np.full(len(closes), np.nan)
    ok = hi - lo >= MIN_ONSETS
    span = (onsets[hi[ok] - 1] - onsets[lo[ok]]) / TICKS_PER_SECOND
    rate[ok] = 60 * (hi[ok] - lo[ok] - 1) / span
    return closes, rate


def respiration_tidal_volume(
    expirations: ArrayLike, volumes: ArrayLike, sampling_rate: float, n_samples: int
) -> tuple[np.ndarray, np.ndarray]:
    """(stamps in ticks, tidal volume in mL) at 1 Hz: the volume of the last breath completed
    (expiration onset at or before the stamp), held until the next, as Hexoskin does; nan before
    the first breath."""
    closes = second_closes(n_samples, sampling_rate)
    last = np.searchsorted(np.asarray(expirations), closes, side="right") - 1
    padded = np.append(np.asarray(volumes, dtype=np.float64), np.nan)  # index -1: none yet
    return closes, padded[last]


def respiration_minute_ventilation(
    expirations: ArrayLike,
    volumes: ArrayLike,
    rate: ArrayLike,
    sampling_rate: float,
    n_samples: int,
) -> tuple[np.ndarray, np.ndarray]:
    """(stamps in ticks, minute ventilation in mL/min) at 1 Hz: breathing rate (breaths/min, per
    second) x the mean volume of the breaths completed in the same 20 s window (the last breath's
    when none). Hexoskin's minute_ventilation is, likewise, rate x a mean of recent volumes."""
    closes, held = respiration_tidal_volume(expirations, volumes, sampling_rate, n_samples)
    ends = np.asarray(expirations, dtype=np.float64)
    volumes = np.asarray(volumes, dtype=np.float64)
    known = ~np.isnan(volumes)  # a record's first expiration may end no whole breath
    total = np.concatenate(([0.0], np.cumsum(np.where(known, volumes, 0.0))))
    count = np.concatenate(([0], np.cumsum(known)))
    lo = np.searchsorted(ends, closes - RATE_WINDOW_S * TICKS_PER_SECOND, side="right")
    hi = np.searchsorted(ends, closes, side="right")
    breaths = count[hi] - count[lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(breaths > 0, (total[hi] - total[lo]) / breaths, held)
    return closes, np.asarray(rate, dtype=np.float64) * mean


def respiration_quality(
    thoracic: ArrayLike, abdominal: ArrayLike, sampling_rate: float
) -> tuple[np.ndarray, np.ndarray]:
    """(stamps in ticks, breathing_rate_quality bitmask, int64) of each second; 0 is clean.

    Per band (A thoracic: 0x01, 0x04, 0x10; B abdominal: 0x02, 0x08, 0x20), over the 4 s that
    each second closes:
    - no signal: the band reads 0 (the device's value before it has one) in the last 2 s, or
      moves less than 3 counts peak to peak in 4 s (no breath, no noise: stuck or unplugged);
    - baseline: its 1 s mean moves more in 4 s than 8x its usual per-second swing (median over
      10 min): a shift of the garment or of posture, not a breath (breaths stay under 7x);
    - noisy: it holds as much power above 4 Hz as in the 0.1-1 Hz breathing band (motion).
    """
    n = min(len(thoracic), len(abdominal))
    mask = np.zeros(n // per_second(sampling_rate), np.int64)
    for band, bits in (
        (thoracic, (NO_SIGNAL_A, BASELINE_A, NOISY_A)),
        (abdominal, (NO_SIGNAL_B, BASELINE_B, NOISY_B)),
    ):
        flags = _band_flags(np.asarray(band)[:n], sampling_rate)
        for flag, bit in zip(flags, bits, strict=True):
            mask |= np.where(flag, bit, 0)
    return second_closes(n, sampling_rate), mask


def _band_flags(x: np.ndarray, fs: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(no signal, baseline, noisy) per second of one band."""
    f = _second_features(x, fs)
    zero = _trailing(f["zeros"], ZERO_LOOKBACK_S, np.add) > 0
    spread = _trailing(f["high"], QUALITY_WINDOW_S, np.maximum) - _trailing(
        f["low"], QUALITY_WINDOW_S, np.minimum
    )
    usual = ndimage.median_filter(f["high"] - f["low"], SWING_WINDOW_S, mode="nearest")
    lag = np.concatenate((np.repeat(f["mean"][:1], QUALITY_WINDOW_S), f["mean"]))
    drift = np.abs(f["mean"] - lag[: len(f["mean"])])
    noise = _trailing(f["noise"], QUALITY_WINDOW_S, np.add)
    breathing = _trailing(f["breathing"], QUALITY_WINDOW_S, np.add)
    noisy = noise > NOISE_RATIO * breathing
    return zero | (spread < FLAT_COUNTS), drift > BASELINE_RATIO * usual, noisy


def _second_features(x: np.ndarray, fs: float) -> dict[str, np.ndarray]:
    """Per second of one band: zero samples, low, high, mean (gaps filled), and the energy
    above 4 Hz and in the breathing band; block by block, filters settled in the margins."""
    per = per_second(fs)
    parts = []
    for lo, hi, core_lo, core_hi in blocks(len(x), fs, BLOCK_S, MARGIN_S):
        core = slice(core_lo - lo, core_lo - lo + (core_hi - core_lo) // per * per)
        if core.stop > core.start:  # under a second there is no value to give
            parts.append(_block_features(x[lo:hi], core, per, fs))
    keys = ("zeros", "low", "high", "mean", "noise", "breathing")
    return {key: np.concatenate([np.zeros(0), *(part[key] for part in parts)]) for key in keys}


def _block_features(block: np.ndarray, core: slice, per: int, fs: float) -> dict:
    """`_second_features` of the whole seconds `core` of one block."""
    filled = _filled(block)
    seconds = filled[core].reshape(-1, per)
    high = signal.butter(2, NOISE_HZ, "highpass", fs=fs, output="sos")
    band = signal.butter(2, BAND_HZ, "bandpass", fs=fs, output="sos")
    return {
        "zeros": (block[core] == 0).reshape(-1, per).sum(axis=1),
        "low": seconds.min(axis=1),
        "high": seconds.max(axis=1),
        "mean": seconds.mean(axis=1),
        "noise": _energy(signal.sosfilt(high, filled - filled[0])[core], per),
        # zero phase: a causal band filter would still be rising at the record's start
        "breathing": _energy(signal.sosfiltfilt(band, filled - filled[0])[core], per),
    }


def _energy(x: np.ndarray, per: int) -> np.ndarray:
    return (x.reshape(-1, per) ** 2).sum(axis=1)


def _trailing(values: np.ndarray, width: int, ufunc: np.ufunc) -> np.ndarray:
    """ufunc (add, maximum, minimum) over each value and the width - 1 before it."""
    if ufunc is np.add:
        total = np.concatenate(([0.0], np.cumsum(values)))
        index = np.arange(1, len(values) + 1)
        return total[index] - total[np.clip(index - width, 0, None)]
    filt = ndimage.maximum_filter1d if ufunc is np.maximum else ndimage.minimum_filter1d
    return filt(values, width, origin=(width - 1) // 2, mode="nearest") if len(values) else values


def _block_events(th: np.ndarray, ab: np.ndarray, fs: float) -> tuple[np.ndarray, ...]:
    """(ticks from the block start, kind -1 inspiration / +1 expiration, combined level, swing
    in counts for expirations else nan) of one block; nothing when neither band has a signal
    or the block is too short."""
    weights = tuple(
        w if _has_signal(band) else 0.0 for w, band in zip(WEIGHTS, (th, ab), strict=True)
    )
    if not any(weights) or len(th) < SHORTEST_S * fs:
        return tuple(np.zeros(0) for _ in range(4))
    level = respiration_combine(th, ab, weights)
    volume, rate = respiration_clean(level, fs)
    troughs, peaks = respiration_extrema(volume)
    index = np.sort(np.concatenate((troughs, peaks)))
    kind = np.where(volume[index] > 0, 1.0, -1.0)
    ticks = np.rint(_refined(volume, index) * TICKS_PER_SECOND / rate)
    nearest = np.clip(np.rint(ticks * fs / TICKS_PER_SECOND).astype(np.int64), 0, len(level) - 1)
    # The swing is measured on the raw levels, as the calibration (ML_PER_COUNT) was: the band
    # filter would shave some 10 % off the sharper breaths.
    swing = np.where(kind > 0, -np.diff(level[nearest], prepend=np.nan), np.nan)
    return ticks, kind, np.rint(level[nearest]), swing


def _has_signal(band: np.ndarray) -> bool:
    """A band carries breathing in this block: mostly non-zero, and not stuck."""
    valid = band[band != 0]
    return len(valid) > len(band) / 2 and np.ptp(valid) >= FLAT_COUNTS


def _filled(band: ArrayLike) -> np.ndarray:
    """The band as float64 with its 0 samples (no signal) interpolated from the valid ones; the
    samples next to a 0 go too, as they can be half-way (the export's first value is 17246, then
    24694 and on)."""
    band = np.asarray(band, dtype=np.float64)
    valid = band != 0
    valid[1:] &= valid[:-1].copy()
    valid[:-1] &= band[1:] != 0
    if valid.all() or not valid.any():
        return band
    index = np.arange(len(band))
    return np.interp(index, index[valid], band[valid])


def _zero_crossing_extrema(v: np.ndarray) -> np.ndarray:
    """Index of the largest |v| between each two successive zero crossings (the first and last
    stretches, cut by the edges, are not whole half-breaths and give none)."""
    positive = v > 0
    bounds = np.flatnonzero(positive[1:] != positive[:-1]) + 1
    if len(bounds) < 2:
        return np.zeros(0, np.int64)
    magnitude = np.abs(v[bounds[0] : bounds[-1]])
    best = np.maximum.reduceat(magnitude, bounds[:-1] - bounds[0])
    stretch = np.repeat(np.arange(len(bounds) - 1), np.diff(bounds))
    hits = np.flatnonzero(magnitude == best[stretch])
    return hits[np.unique(stretch[hits], return_index=True)[1]] + bounds[0]


def _drop_small_swings(v: np.ndarray, extrema: np.ndarray, amplitude_min: float) -> np.ndarray:
    """Remove, pair by pair, the two ends of every locally smallest swing under amplitude_min x
    the median swing: a wiggle across zero is two extra crossings, and dropping both of its
    extrema keeps peaks and troughs alternating (the larger neighbouring extremum stays)."""
    while len(extrema) > 2:
        swing = np.abs(np.diff(v[extrema]))
        small = swing < amplitude_min * np.median(swing)
        if not small.any():
            break
        left, right = np.r_[np.inf, swing[:-1]], np.r_[swing[1:], np.inf]
        pick = np.flatnonzero(small & (swing < left) & (swing <= right))
        extrema = np.delete(extrema, np.concatenate((pick, pick + 1)))
    return extrema


def _refined(v: np.ndarray, index: np.ndarray) -> np.ndarray:
    """Sub-sample position of each extremum: vertex of the parabola through it and its
    neighbours (a 16 Hz signal would otherwise put events on a 62.5 ms grid)."""
    i = np.clip(index, 1, max(len(v) - 2, 1)) if len(v) > 2 else index
    if len(v) <= 2 or not len(i):
        return index.astype(np.float64)
    a, b, c = v[i - 1], v[i], v[i + 1]
    curve = a - 2 * b + c
    with np.errstate(invalid="ignore", divide="ignore"):
        shift = np.where(curve != 0, 0.5 * (a - c) / curve, 0.0)
    return i + np.clip(shift, -0.5, 0.5)


def _alternating(events: np.ndarray) -> np.ndarray:
    """Events (rows ticks, kind, level, swing) in time order with, where two of a kind follow
    each other (a breath cut by a block edge seen from both sides), only the first kept."""
    events = events[:, np.argsort(events[0], kind="stable")]
    repeated = np.flatnonzero(events[1, 1:] == events[1, :-1]) + 1
    return np.delete(events, repeated, axis=1)


def _window(onsets: np.ndarray, closes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """[lo, hi) onsets of the 20 s each close ends, widened to the last 3 within 60 s."""
    hi = np.searchsorted(onsets, closes, side="right")
    lo = np.searchsorted(onsets, closes - RATE_WINDOW_S * TICKS_PER_SECOND, side="right")
    back = np.clip(hi - MIN_ONSETS, 0, None)
    if not len(onsets):
        return hi, hi
    recent = onsets[np.minimum(back, len(onsets) - 1)]
    reach = (hi >= MIN_ONSETS) & (recent > closes - RATE_REACH_S * TICKS_PER_SECOND)
    return np.where((hi - lo < MIN_ONSETS) & reach, back, lo), hi
