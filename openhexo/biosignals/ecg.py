"""ECG algorithms: R peaks, RR intervals, 1 Hz heart rate and its quality bitmask, from one lead.

Input is the raw lead as the shirt records it (Hexoskin datatype 4113: 256 Hz, 12-bit ADC units
0..4095, mV = (raw - 1360) x 0.0064); any sampling rate works, the defaults describe Hexoskin.
Outputs follow the Hexoskin datatypes (spec/API.md section 4):

- `ecg_peaks`: R-peak sample indices (17, QRS events);
- `ecg_rr`: RR intervals in 1/256 s ticks, stamped at the second beat (18);
- `ecg_heart_rate`: 1 Hz heart rate in bpm (19); value i closes second i, so it is stamped at
  (i + 1) s, as Hexoskin stamps its 1 Hz channels;
- `ecg_quality`: the heart-rate quality bitmask of each of those seconds (1000).

Times are returned as ticks (1/256 s, the unit of HexoTimestamps) from the first sample of the
input; the caller adds the series' start. Long recordings are processed in overlapping blocks so
that memory stays bounded (a day of ECG is 22 M samples); the margins make the result independent
of where the blocks are cut.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import signal

from .timing import TICKS_PER_SECOND, blocks, per_second, second_closes, ticks

MV_PER_UNIT = 0.0064  # Hexoskin ECG gain (API.md section 4)
ADC_RANGE = (0, 4095)  # a 12-bit converter: these two values mean the input was clipped

# heart_rate_quality bits (API.md section 4, device "hx")
DISCONNECTED = 0x02
MAINS_NOISE = 0x04
SATURATED = 0x08
ARTIFACTS = 0x10
UNRELIABLE_RR = 0x20

# QRS detector: Elgendi M. (2013) "Fast QRS detection with an optimized knowledge-based method:
# evaluation on 11 standard ECG databases", PLoS ONE 8(9): e73557, with its published parameters.
QRS_BAND_HZ = (8.0, 20.0)
QRS_WINDOW_S = 0.097
BEAT_WINDOW_S = 0.611
BETA = 0.08
# Elgendi's offset uses the mean energy of a whole (30 min) record; a day-long ambulatory record is
# not stationary, so the mean is taken over 10 s around each sample instead.
ENERGY_WINDOW_S = 10.0
# Two QRS closer than this cannot both be beats (220 bpm is beyond any adult's maximum heart rate).
REFRACTORY_S = 60 / 220
NUMERICAL_FLOOR = 1e-9

# Heart rate and the plausibility of its RR intervals.
HR_WINDOW_S = 5.0  # a 1 Hz value uses the RR intervals ending in the 5 s it closes
RR_RANGE_S = (60 / 220, 60 / 30)
RR_DEVIATION = 0.20  # Malik et al. (1989) reject RR intervals differing by > 20 % as artefacts

# Quality thresholds (reasons in `ecg_quality`).
MONITOR_BAND_HZ = (0.5, 40.0)
FLAT_MV = 0.05
MAX_QRS_MV = 5.0
KURTOSIS_MIN = 5.0
KURTOSIS_WINDOW_S = 5
MAINS_HZ = (50, 60)
MAINS_MV = 0.05
MAINS_OVER_FLOOR = 4.0

BLOCK_S = 600  # 10 min of 256 Hz ECG: 153,600 samples per block
MARGIN_S = 10  # > half the energy window and the filters' settling time


@dataclass(frozen=True)
class EcgSeries:
    """Everything `ecg_process` derives from one ECG lead (times in ticks from its first sample)."""

    peaks: np.ndarray  # sample indices of the input
    qrs_ticks: np.ndarray  # the same peaks in ticks: QRS events (17)
    rr_ticks: np.ndarray
    rr: np.ndarray
    seconds_ticks: np.ndarray
    heart_rate: np.ndarray
    quality: np.ndarray


def ecg_process(x: ArrayLike, sampling_rate: float = 256) -> EcgSeries:
    """Peaks, RR intervals, heart rate and quality of a raw Hexoskin ECG lead (ADC units)."""
    x = np.asarray(x)
    peaks = ecg_peaks(x, sampling_rate)
    rr_ticks, rr = ecg_rr(peaks, sampling_rate)
    seconds, rate = ecg_heart_rate(peaks, sampling_rate, len(x))
    _, quality = ecg_quality(x, sampling_rate, peaks)
    return EcgSeries(peaks, ticks(peaks, sampling_rate), rr_ticks, rr, seconds, rate, quality)


def ecg_clean(
    x: ArrayLike, sampling_rate: float, band: tuple[float, float] = QRS_BAND_HZ
) -> np.ndarray:
    """The ECG band-passed (3rd-order Butterworth, zero phase), in the input's units.

    The default 8-20 Hz band keeps the QRS and drops P/T waves, baseline wander and most muscle
    noise (Elgendi 2013, above).
    """
    sos = signal.butter(3, band, "bandpass", fs=sampling_rate, output="sos")
    return signal.sosfiltfilt(sos, np.asarray(x, dtype=np.float64))


def ecg_peaks(x: ArrayLike, sampling_rate: float) -> np.ndarray:
    """R-peak sample indices (int64) of an ECG lead in any units, sampling_rate in Hz.

    Method: Elgendi (2013), two moving averages of the squared 8-20 Hz band; a QRS is a stretch
    at least 97 ms long where the 97 ms average exceeds the 611 ms average plus 0.08 times the
    mean energy (of the 10 s around, here, rather than of the whole record). The peak is the
    largest deflection of the 0.5-40 Hz signal in that stretch (the R wave, or the S wave of a
    mostly negative QRS); of two peaks closer than 273 ms (220 bpm) the taller is kept.
    Reported Se 99.78 %, +P 99.87 % on MIT-BIH.
    """
    x = np.asarray(x)
    found, heights = [np.zeros(0, np.int64)], [np.zeros(0)]
    if len(x) < per_second(sampling_rate):  # too short to filter, and to hold an interval
        return found[0]
    for lo, hi, core_lo, core_hi in blocks(len(x), sampling_rate, BLOCK_S, MARGIN_S):
        peaks, height = _block_peaks(x[lo:hi], sampling_rate)
        keep = (peaks + lo >= core_lo) & (peaks + lo < core_hi)
        found.append(peaks[keep] + lo)
        heights.append(height[keep])
    return _refractory(np.concatenate(found), np.concatenate(heights), sampling_rate)


def ecg_rr(peaks: ArrayLike, sampling_rate: float) -> tuple[np.ndarray, np.ndarray]:
    """(stamps, RR intervals), both int64 ticks of 1/256 s: each interval stamped at its second
    beat, as Hexoskin's RR_interval series (the first beat, which ends no interval, gives none).

    Peaks are sample indices at `sampling_rate` Hz; they are rounded to ticks first so that every
    interval equals the difference of its stamps, as in Hexoskin's exports.
    """
    stamps = ticks(peaks, sampling_rate)
    return stamps[1:], np.diff(stamps)


def ecg_heart_rate(
    peaks: ArrayLike, sampling_rate: float, n_samples: int
) -> tuple[np.ndarray, np.ndarray]:
    """(stamps in ticks, heart rate in bpm, float64) at 1 Hz over a signal of n_samples.

    Value i covers second [i, i + 1) and is stamped at its end, (i + 1) x 256 ticks, as Hexoskin
    stamps heart_rate (its first value is at 1 s). It is 60 / the median of the RR intervals
    ending in the 5 s before that stamp (median: one missed or extra beat does not move it); nan
    when there is none.
    """
    stamps, rr = ecg_rr(peaks, sampling_rate)
    closes = second_closes(n_samples, sampling_rate)
    return closes, 60 / _nan_median(_rr_window(stamps, rr / TICKS_PER_SECOND, closes))


def ecg_quality(
    x: ArrayLike,
    sampling_rate: float,
    peaks: ArrayLike | None = None,
    mv_per_unit: float = MV_PER_UNIT,
    adc_range: tuple[float, float] = ADC_RANGE,
) -> tuple[np.ndarray, np.ndarray]:
    """(stamps in ticks, heart_rate_quality bitmask, int64) of each second of a raw ECG lead.

    Seconds and stamps are those of `ecg_heart_rate`; x is in ADC units (mv_per_unit converts;
    pass adc_range=(-inf, inf) for a signal that cannot clip). 0 means a reliable heart rate.

    - 0x02 disconnected: the second is flat (under 0.05 mV peak to peak): no skin contact.
    - 0x04 50/60 Hz noise: a mains line of 0.05 mV or more standing 4x above the neighbouring
      spectrum (1 s Hann window), i.e. visible on a trace.
    - 0x08 saturated: a sample of the second at either end of the ADC range (the device's rule:
      it matches the Hexoskin flag on every second of the real export).
    - 0x10 artifacts: no ECG shape, by the kurtosis SQI (kSQI) of Li, Mark & Clifford (2008)
      with the threshold of Zhao & Zhang (2018): Pearson kurtosis of the 0.5-40 Hz signal under
      5 over the 5 s centred on the second (QRS spikes make an ECG's far above a Gaussian's 3);
      or a deflection over 5 mV, beyond any surface QRS; or a flat second.
    - 0x20 unreliable RR: the intervals behind the heart rate are missing, outside 30-220 bpm or
      differ from their median by more than 20 % (Malik et al. 1989), the interval still running
      at the close included.
    """
    x = np.asarray(x)
    closes = second_closes(len(x), sampling_rate)
    if not len(closes):
        return closes, np.zeros(0, np.int64)
    peaks = ecg_peaks(x, sampling_rate) if peaks is None else np.asarray(peaks)
    parts = [
        _second_features(x, sampling_rate, *block)
        for block in blocks(len(x), sampling_rate, BLOCK_S, MARGIN_S)
    ]
    features = {key: np.concatenate([part[key] for part in parts]) for key in _FEATURES}
    mask = _signal_flags(features, mv_per_unit, adc_range)
    mask |= np.where(_unreliable_rr(peaks, sampling_rate, closes), UNRELIABLE_RR, 0)
    return closes, mask


_FEATURES = ("low", "high", "band_sums", "band_ptp", "mains", "floor")


def _block_peaks(x: np.ndarray, fs: float) -> tuple[np.ndarray, np.ndarray]:
    """Elgendi's detector on one block: (peak indices, their heights)."""
    energy = ecg_clean(x, fs) ** 2
    qrs = round(QRS_WINDOW_S * fs)
    # Filtering leaves rounding noise of ~1e-16 of the input's size (a flat lead is not all 0):
    # nothing a billion times smaller than the input is a QRS.
    floor = (NUMERICAL_FLOOR * np.abs(x).max(initial=0)) ** 2
    offset = BETA * _moving_mean(energy, round(ENERGY_WINDOW_S * fs)) + floor
    inside = _moving_mean(energy, qrs) > _moving_mean(energy, round(BEAT_WINDOW_S * fs)) + offset
    starts, ends = _runs(inside, qrs)
    wide = np.abs(ecg_clean(x, fs, MONITOR_BAND_HZ))
    peaks = _argmax_in_runs(wide, starts, ends)
    return peaks, wide[peaks]


def _moving_mean(values: np.ndarray, width: int) -> np.ndarray:
    """Centred moving average (windows shortened at the edges), by cumulative sums: O(n)."""
    width = max(int(width), 1)
    total = np.concatenate(([0.0], np.cumsum(values)))
    index = np.arange(len(values))
    lo = np.clip(index - width // 2, 0, len(values))
    hi = np.clip(index - width // 2 + width, 0, len(values))
    return (total[hi] - total[lo]) / (hi - lo)


def _runs(flags: np.ndarray, min_length: int) -> tuple[np.ndarray, np.ndarray]:
    """(starts, ends exclusive) of the runs of True at least min_length long."""
    edges = np.diff(flags.astype(np.int8), prepend=0, append=0)
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    keep = ends - starts >= min_length
    return starts[keep], ends[keep]


def _argmax_in_runs(values: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Index of the largest value in each run [start, end), without a Python loop."""
    if not len(starts):
        return np.zeros(0, np.int64)
    lengths = ends - starts
    offsets = np.cumsum(lengths) - lengths  # where each run starts in the concatenation
    run = np.repeat(np.arange(len(starts)), lengths)
    index = np.arange(lengths.sum()) - offsets[run] + starts[run]
    best = np.maximum.reduceat(values[index], offsets)
    hits = values[index] == best[run]
    first = np.unique(run[hits], return_index=True)[1]  # the first hit of each run
    return index[hits][first]


def _refractory(peaks: np.ndarray, heights: np.ndarray, fs: float) -> np.ndarray:
    """Peaks with, of any two closer than the refractory period, only the taller kept."""
    order = np.argsort(peaks, kind="stable")
    peaks, heights = peaks[order], heights[order]
    gap = REFRACTORY_S * fs
    kept = []
    for peak, height in zip(peaks.tolist(), heights.tolist(), strict=True):
        if kept and peak - kept[-1][0] < gap:
            if height > kept[-1][1]:
                kept[-1] = (peak, height)
            continue
        kept.append((peak, height))
    return np.array([peak for peak, _ in kept], dtype=np.int64)


def _rr_window(stamps: np.ndarray, values: np.ndarray, closes: np.ndarray) -> np.ndarray:
    """(seconds x k) RR values (nan-padded) whose stamps lie in (close - 5 s, close]."""
    lo = np.searchsorted(stamps, closes - HR_WINDOW_S * TICKS_PER_SECOND, side="right")
    hi = np.searchsorted(stamps, closes, side="right")
    width = int(max((hi - lo).max(initial=0), 1))
    index = hi[:, None] - 1 - np.arange(width)[None, :]
    window = values[np.clip(index, 0, None)] if len(values) else np.zeros(index.shape)
    return np.where(index >= lo[:, None], window, np.nan)


def _unreliable_rr(peaks: np.ndarray, fs: float, closes: np.ndarray) -> np.ndarray:
    """Per second: whether the RR intervals behind its heart rate are missing or implausible."""
    stamps, rr = ecg_rr(peaks, fs)
    window = _rr_window(stamps, rr / TICKS_PER_SECOND, closes)
    median = _nan_median(window)[:, None]
    with np.errstate(invalid="ignore"):  # nan rows compare False, and are flagged as missing
        off = np.abs(window - median) > RR_DEVIATION * median
        implausible = (window < RR_RANGE_S[0]) | (window > RR_RANGE_S[1])
        # The interval still running at the close counts too: no beat for 3 s is no 70 bpm.
        longest = np.minimum((1 + RR_DEVIATION) * median[:, 0], RR_RANGE_S[1])
        overdue = _since_last_beat(ticks(peaks, fs), closes) > longest
    return np.isnan(median[:, 0]) | (off | implausible).any(axis=1) | overdue


def _since_last_beat(ticks: np.ndarray, closes: np.ndarray) -> np.ndarray:
    """Seconds from the last beat at or before each close to it (inf before the first beat)."""
    last = np.searchsorted(ticks, closes, side="right") - 1
    since = (closes - ticks[np.clip(last, 0, None)]) / TICKS_PER_SECOND if len(ticks) else 0
    return np.where(last >= 0, since, np.inf)


def _nan_median(window: np.ndarray) -> np.ndarray:
    """Median of each row's non-nan values; nan for an empty row (without numpy's warning)."""
    median = np.full(len(window), np.nan)
    some = ~np.isnan(window).all(axis=1)
    median[some] = np.nanmedian(window[some], axis=1)
    return median


def _second_features(
    x: np.ndarray, fs: float, lo: int, hi: int, core_lo: int, core_hi: int
) -> dict[str, np.ndarray]:
    """Per-second measurements of the whole seconds of a block's core, read over [lo, hi)."""
    per = per_second(fs)
    core_hi = core_lo + (core_hi - core_lo) // per * per
    raw = x[core_lo:core_hi].reshape(-1, per).astype(np.float64)
    band = ecg_clean(x[lo:hi], fs, MONITOR_BAND_HZ)[core_lo - lo : core_hi - lo].reshape(-1, per)
    mains, floor = _mains_lines(raw, fs)
    sums = np.stack([(band**power).sum(axis=1) for power in range(5)], axis=1)
    return {
        "low": raw.min(axis=1),
        "high": raw.max(axis=1),
        "band_sums": sums,
        "band_ptp": np.ptp(band, axis=1),
        "mains": mains,
        "floor": floor,
    }


def _mains_lines(raw: np.ndarray, fs: float) -> tuple[np.ndarray, np.ndarray]:
    """Per second: the larger 50/60 Hz amplitude, and the median amplitude of the bins 2-6 Hz
    either side of it (the floor it must stand above). One-second windows give 1 Hz bins."""
    hann = np.hanning(raw.shape[1])
    spectrum = np.abs(np.fft.rfft((raw - raw.mean(axis=1, keepdims=True)) * hann, axis=1))
    spectrum *= 2 / hann.sum()  # amplitude of a sinusoid on a bin
    lines, floors = [], []
    for hz in (hz for hz in MAINS_HZ if hz + 6 < fs / 2):
        lines.append(spectrum[:, hz])
        floors.append(np.median(spectrum[:, np.r_[hz - 6 : hz - 1, hz + 2 : hz + 7]], axis=1))
    if not lines:
        return np.zeros(len(raw)), np.ones(len(raw))
    best = np.argmax(lines, axis=0)
    pick = np.arange(len(raw))
    return np.array(lines)[best, pick], np.array(floors)[best, pick]


def _signal_flags(
    features: dict[str, np.ndarray], mv_per_unit: float, adc_range: tuple[float, float]
) -> np.ndarray:
    """Bits 0x02, 0x04, 0x08 and 0x10 from the per-second measurements."""
    flat = (features["high"] - features["low"]) * mv_per_unit < FLAT_MV
    saturated = (features["low"] <= adc_range[0]) | (features["high"] >= adc_range[1])
    mains = (features["mains"] * mv_per_unit >= MAINS_MV) & (
        features["mains"] >= MAINS_OVER_FLOOR * features["floor"]
    )
    big = features["band_ptp"] * mv_per_unit > MAX_QRS_MV
    # A flat second has no ECG shape either (its kurtosis would only measure rounding noise).
    artifacts = ~(_windowed_kurtosis(features["band_sums"]) >= KURTOSIS_MIN) | big | flat
    bits = [(flat, DISCONNECTED), (mains, MAINS_NOISE), (saturated, SATURATED)]
    bits.append((artifacts, ARTIFACTS))
    return np.bitwise_or.reduce([np.where(flag, bit, 0) for flag, bit in bits], axis=0)


def _windowed_kurtosis(sums: np.ndarray) -> np.ndarray:
    """Pearson kurtosis (3 for a Gaussian) over the 5 s centred on each second, from each
    second's sums of x^0 .. x^4 (moments add up across seconds); nan for a flat window."""
    kernel = np.ones(KURTOSIS_WINDOW_S)
    totals = np.stack([np.convolve(column, kernel, "same") for column in sums.T], axis=1)
    m1, m2, m3, m4 = (totals[:, 1:] / totals[:, :1]).T if len(sums) else np.zeros((4, 0))
    variance = m2 - m1**2
    fourth = m4 - 4 * m1 * m3 + 6 * m1**2 * m2 - 3 * m1**4
    with np.errstate(all="ignore"):
        return np.where(variance > 0, fourth / variance**2, np.nan)
