"""Heart rate variability: NN intervals, the 5-minute HRV series and the HRV summary of a range.

Input is RR intervals as `ecg.ecg_rr` gives them and Hexoskin stores them (datatype 18: ticks of
1/256 s, each stamped at its second beat), optionally with the heart_rate_quality bitmask (1000).
Outputs follow the Hexoskin datatypes and metrics (spec/API.md sections 4 and 5):

- `hrv_nn`: NN intervals (318 NN_interval, ticks, stamped at their second beat): the RR
  intervals between two normal beats, artefacts and ectopic beats removed;
- `hrv_windows`: one value per 300 s window, stamped at the window's end, in the datatype's
  unit: 271 ANN (s), 272 SDNN (s), 273 LF normalized (%), 274 NN/RR (%), 275 triangular index,
  276 LF (ms^2), 277 HF (ms^2), 278 RMSSD (s);
- `hrv_summary`: LF and HF normalized (%) over a range: metrics 50 hrvlfnorm_avg and 170
  HRVHFnorm_avg, or None when they cannot be computed (Hexoskin reports -1).

Definitions and bands: Task Force of the ESC and NASPE (1996), "Heart rate variability: standards
of measurement, physiological interpretation and clinical use", Circulation 93(5): 1043-1065.
Spectra: Lomb-Scargle periodogram of the NN tachogram as sampled (no resampling), Lomb (1976)
Astrophys Space Sci 39: 447, Scargle (1982) Astrophys J 263: 835; for HRV, Laguna, Moody & Mark
(1998) IEEE Trans Biomed Eng 45(6): 698, and Clifford & Tarassenko (2005) IEEE Trans Biomed Eng
52(4): 630 (resampling a tachogram with removed beats biases the spectrum; Lomb-Scargle does not).

Times are ticks (1/256 s, the unit of HexoTimestamps) on whatever origin the caller uses, the
same for all arguments. Everything is vectorised: a night (8 h, ~30,000 beats, 96 windows)
takes about 0.2 s on one core (bench/validate_hrv.py).
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike

from .ecg import ARTIFACTS, DISCONNECTED, MAINS_NOISE, SATURATED, UNRELIABLE_RR
from .timing import TICKS_PER_SECOND

# Hexoskin datatypes of the 5-minute HRV series (API.md section 4).
ANN, SDNN, LF_NORM, NN_OVER_RR, TRIANGULAR, LF, HF, RMSSD = range(271, 279)

# NN rule. Physiological range: 300 ms (200 bpm) to 2 s (30 bpm); HRV is computed at sleep or
# rest, where a heart rate beyond either end is an artefact, a missed or an extra beat.
NN_RANGE_S = (0.3, 2.0)
# Malik M. et al. (1989) "Heart rate variability in relation to prognosis after myocardial
# infarction: selection of optimal processing techniques", Eur Heart J 10(12): 1060-1074: an
# interval differing by more than 20 % from its reference is not normal-to-normal. The reference
# here is the median of the 11 in-range intervals centred on it (Malik compared with the previous
# accepted interval; a local median, as in Kubios' threshold correction, Tarvainen et al. 2014,
# Comput Methods Programs Biomed 113: 210, is not dragged along by a run of artefacts).
NN_DEVIATION = 0.20
MEDIAN_WIDTH = 11
# heart_rate_quality bits that make the seconds they flag unusable (ecg.py): disconnected, 50/60 Hz
# noise, saturated, artifacts, unreliable RR.
QUALITY_BITS = DISCONNECTED | MAINS_NOISE | SATURATED | ARTIFACTS | UNRELIABLE_RR

# Windows. A window (or a summary segment) is analysed when it holds at least 128 NN intervals
# (Hexoskin's ">128 good beats") covering at least 80 % of its duration: with a fifth missing,
# 4 minutes of a 5-minute window still hold ten periods of the slowest LF component (Task Force:
# LF needs about 2 minutes, HF 1 minute).
WINDOW_S = 300
MIN_NN = 128
MIN_COVERAGE = 0.8

# Task Force (1996) short-term bands, Hz.
LF_BAND_HZ = (0.04, 0.15)
HF_BAND_HZ = (0.15, 0.40)
# Periodogram bins: 4x finer than the resolution 1/span of the data (a coarser grid misses the
# periodogram's narrow lobes: on MIT-BIH 100's 30 min, bins of 1/1200 Hz found 53 % of the HF
# power), rounded down to divide 0.01 Hz so that they tile both bands exactly. A 300 s window
# gets bins of 1/1200 Hz: 132 in LF, 300 in HF.
OVERSAMPLING = 4
GRID_HZ = 0.01
MAX_SPAN_S = 3600  # 36 x 144 bins; memory ~10 kB per NN interval (an hour: ~40 MB)
# Triangular index: histogram bins of 1/128 s (Task Force), i.e. 2 ticks, from 0.
HISTOGRAM_BIN_TICKS = TICKS_PER_SECOND // 128


def hrv_nn(
    rr_ticks: ArrayLike,
    rr_stamps: ArrayLike,
    quality: tuple[ArrayLike, ArrayLike] | None = None,
    quality_bits: int = QUALITY_BITS,
) -> tuple[np.ndarray, np.ndarray]:
    """(stamps, NN intervals), int64 ticks: the RR intervals that are normal-to-normal.

    rr_ticks are the intervals and rr_stamps their strictly increasing stamps (second beat), both
    in ticks: note the order, values first. An interval is dropped when

    - it is outside 300 ms - 2 s (`NN_RANGE_S`): a missed beat, an extra beat, noise;
    - it differs by more than 20 % from the median of the 11 in-range intervals centred on it
      (the window slides inward at the ends of the series): Malik et al. (1989);
    - it starts at a premature beat, i.e. it follows (sharing its beat) an interval dropped for
      being short (under 300 ms, or over 20 % under the median): an NN interval lies between two
      normal beats, and the pause after a premature beat is often less than 20 % long (atrial
      premature beats reset the sinus node: no full compensatory pause). So a premature beat
      takes both intervals around it, and the intervals around those, which are normal, stay.
      The price: a false detection splits an interval in two short ones, and the normal
      interval after them goes too;
    - `quality` = (second stamps, heart_rate_quality bitmask) is given and a second overlapping
      the interval [first beat, second beat] has one of `quality_bits` set (all of 0x02, 0x04,
      0x08, 0x10 and 0x20 by default). A quality value stamped t describes [t - 256, t) ticks,
      as ecg.py stamps them; seconds without a value do not drop anything. 0x20 marks the 5 s
      around every irregular interval, so with it the beats next to an ectopic beat go too.
    """
    rr, stamps = _intervals(rr_ticks, rr_stamps)
    short = rr < NN_RANGE_S[0] * TICKS_PER_SECOND
    keep = ~short & (rr <= NN_RANGE_S[1] * TICKS_PER_SECOND)
    inside = np.flatnonzero(keep)
    median = _local_median(rr[inside].astype(np.float64), MEDIAN_WIDTH)
    keep[inside] = np.abs(rr[inside] - median) <= NN_DEVIATION * median
    short[inside] = rr[inside] < (1 - NN_DEVIATION) * median
    after_short = np.zeros_like(short)
    after_short[1:] = short[:-1] & (stamps[1:] - rr[1:] == stamps[:-1])
    keep &= ~after_short
    if quality is not None:
        keep &= ~_flagged(stamps - rr, stamps, quality, quality_bits)
    return stamps[keep], rr[keep]


def hrv_windows(
    nn_stamps: ArrayLike,
    nn_ticks: ArrayLike,
    start: int,
    end: int,
    window_s: int = WINDOW_S,
    rr_stamps: ArrayLike | None = None,
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """{datatype: (stamps in ticks, values in the datatype's unit)} of the HRV series over
    [start, end) ticks, one value per whole window of window_s seconds from start (a last,
    shorter window is left out), stamped at the window's end.

    A window holds the intervals stamped in (its start, its end]. It gets values when it holds
    at least 128 NN intervals covering at least 80 % of it (`MIN_NN`, `MIN_COVERAGE`):

    - 271 ANN: mean NN, s; 272 SDNN: standard deviation of NN (n - 1), s;
    - 278 RMSSD: root mean square of the differences of successive NN intervals, s; only pairs
      that share a beat count (an interval removed between two NN leaves no difference);
    - 275 triangular index: number of NN / the height of their histogram in 1/128 s bins;
    - 276 LF and 277 HF: power in 0.04-0.15 Hz and 0.15-0.4 Hz, ms^2, of the Lomb-Scargle
      periodogram of the NN tachogram (each NN at its stamp, linear trend removed);
    - 273 LF normalized: 100 x LF / (LF + HF), % (the Task Force's LF / (total - VLF), total
      power being that below 0.4 Hz).

    274 NN/RR, 100 x NN / RR intervals in the window, %, needs `rr_stamps` (the RR intervals'
    stamps, before `hrv_nn`); it is given for every window holding an RR interval, analysed or
    not, since it is what tells why a window has no other value.
    """
    nn, stamps = _intervals(nn_ticks, nn_stamps)
    width = int(window_s * TICKS_PER_SECOND)
    edges = int(start) + width * np.arange(max((int(end) - int(start)) // width, 0) + 1)
    bounds = np.searchsorted(stamps, edges, side="right")
    rows = [
        _window_values(stamps[lo:hi], nn[lo:hi], int(a), width)
        for lo, hi, a in zip(bounds[:-1], bounds[1:], edges[:-1], strict=True)
    ]
    out = {}
    for datatype in (ANN, SDNN, LF_NORM, TRIANGULAR, LF, HF, RMSSD):
        have = [k for k, row in enumerate(rows) if row and np.isfinite(row[datatype])]
        values = np.array([rows[k][datatype] for k in have], dtype=np.float64)
        out[datatype] = (edges[1:][have], values)
    if rr_stamps is not None:
        rr = np.diff(np.searchsorted(np.asarray(rr_stamps), edges, side="right"))
        some = rr > 0
        out[NN_OVER_RR] = (edges[1:][some], 100 * np.diff(bounds)[some] / rr[some])
    return dict(sorted(out.items()))


def hrv_summary(
    nn_stamps: ArrayLike,
    nn_ticks: ArrayLike,
    start: int | None = None,
    end: int | None = None,
    window_s: int = WINDOW_S,
) -> dict[str, float] | None:
    """{"lf_norm": %, "hf_norm": %} of a range (metrics 50 and 170), or None: fewer than 128 NN
    intervals, or no part of the range holds enough of them (the caller then reports -1).

    The averages of the LF and HF normalized values of the range's 300 s windows, as the
    metrics' names (hrvlfnorm_avg) say: the windows and their rule are those of `hrv_windows`
    over [start, end), so metric 50 is the mean of the 273 values stored for the range. A range
    shorter than one window (a 5-minute rest test stopped early) is analysed whole, with the
    same rule. start and end default to the first NN interval's first beat and the last stamp.
    """
    nn, stamps = _intervals(nn_ticks, nn_stamps)
    if len(nn) < MIN_NN:
        return None
    start = int(stamps[0] - nn[0]) if start is None else int(start)
    end = int(stamps[-1]) if end is None else int(end)
    width = int(window_s * TICKS_PER_SECOND)
    if end - start >= width:
        lf_norm = hrv_windows(stamps, nn, start, end, window_s)[LF_NORM][1]
    else:
        inside = (stamps > start) & (stamps <= end)
        row = _window_values(stamps[inside], nn[inside], start, end - start)
        lf_norm = np.array([row[LF_NORM]] if row else [])
    lf_norm = lf_norm[np.isfinite(lf_norm)]
    if not len(lf_norm):
        return None
    return {"lf_norm": float(lf_norm.mean()), "hf_norm": float(100 - lf_norm.mean())}


def hrv_band_powers(
    seconds: ArrayLike, nn_ms: ArrayLike, bands: tuple[tuple[float, float], ...] = ()
) -> tuple[float, ...]:
    """Power in each band (Hz, default LF and HF), ms^2, of NN intervals in ms at their stamps
    in seconds, by the Lomb-Scargle periodogram after removing the linear trend (least squares).

    The periodogram P(f) (Lomb 1976, Scargle 1982: half the variance explained by a sinusoid
    fitted at f; A^2 N / 4 for a sinusoid of amplitude A) is scaled to a one-sided density
    2 P(f) dt, dt = the mean sampling interval (span / (N - 1)), so that power sums to the
    variance (Parseval), as in Laguna et al. (1998): a sinusoid of amplitude A ms gives A^2 / 2
    ms^2 in its band. Bands (within 0.04-0.4 Hz) are summed over bins 4x finer than 1 / span
    (`OVERSAMPLING`), 1/1200 Hz for 300 s; band edges fall between bins. Meant for short-term
    segments (Task Force: 5 min): a span over an hour (`MAX_SPAN_S`) is refused, since its grid
    would grow with it (average windows instead, as `hrv_summary` does).
    """
    t = np.asarray(seconds, dtype=np.float64)
    y = np.asarray(nn_ms, dtype=np.float64)
    bands = bands or (LF_BAND_HZ, HF_BAND_HZ)
    if len(t) < 3 or t[-1] <= t[0]:
        return tuple(np.nan for _ in bands)
    t = t - t[0]
    if t[-1] > MAX_SPAN_S:
        raise ValueError(f"a spectrum over {t[-1]:.0f} s: at most {MAX_SPAN_S} s, use windows")
    centred = t - t.mean()
    y = y - y.mean() - centred * (centred @ y) / (centred @ centred)  # least-squares line
    steps = int(np.ceil(GRID_HZ * OVERSAMPLING * t[-1]))  # bins per 0.01 Hz
    bin_hz = GRID_HZ / steps
    n_base = round((HF_BAND_HZ[1] - LF_BAND_HZ[0]) / GRID_HZ)  # 36 bins of 0.01 Hz
    frequencies = LF_BAND_HZ[0] + (np.arange(n_base * steps) + 0.5) * bin_hz
    density = 2 * _lomb(t, y, frequencies[0], bin_hz, n_base, steps) * t[-1] / (len(t) - 1)
    return tuple(
        float(density[(frequencies > lo) & (frequencies < hi)].sum() * bin_hz) for lo, hi in bands
    )


def _window_values(stamps: np.ndarray, nn: np.ndarray, start: int, width: int) -> dict | None:
    """The HRV values of one window [start, start + width) (its NN given), or None when the
    window holds too few NN intervals."""
    if len(nn) < MIN_NN or nn.sum() < MIN_COVERAGE * width:
        return None
    successive = stamps[1:] - nn[1:] == stamps[:-1]
    differences = np.diff(nn)[successive]
    rmssd = np.sqrt(np.mean(differences**2.0)) if len(differences) else np.nan
    lf, hf = hrv_band_powers((stamps - start) / TICKS_PER_SECOND, nn * 1000 / TICKS_PER_SECOND)
    return {
        ANN: nn.mean() / TICKS_PER_SECOND,
        SDNN: nn.std(ddof=1) / TICKS_PER_SECOND,
        RMSSD: rmssd / TICKS_PER_SECOND,
        TRIANGULAR: len(nn) / np.bincount(nn // HISTOGRAM_BIN_TICKS).max(),
        LF: lf,
        HF: hf,
        LF_NORM: 100 * lf / (lf + hf) if lf + hf > 0 else np.nan,
    }


def _lomb(
    t: np.ndarray, y: np.ndarray, f0: float, df: float, n_base: int, n_step: int
) -> np.ndarray:
    """Lomb-Scargle periodogram (scipy.signal.lombscargle's "power": half the least-squares
    explained sum of squares of a x cos wt + b x sin wt) of y at the n_base x n_step frequencies
    f0 + k df, k = 0, 1, ...

    Vectorised without N x F trigonometry: frequency k = m + M j of the grid is f0 + j M df
    plus m df, so exp(i w t) = A[j, t] B[t, m] and every sum over t is a product of a J x N and
    an N x M matrix. 432 frequencies of 400 samples cost 48 complex exponentials per sample.
    """
    w0, dw = 2 * np.pi * f0, 2 * np.pi * df
    base = np.exp(1j * np.outer(w0 + n_step * dw * np.arange(n_base), t))  # J x N
    step = np.exp(1j * np.outer(t, dw * np.arange(n_step)))  # N x M
    fit = _product(base * y, step).ravel()  # sum y exp(iwt) = C + iS, at m + M j
    double = _product(base**2, step**2).ravel()  # sum exp(2iwt)
    cc = (len(t) + double.real) / 2  # sum cos^2
    ss = len(t) - cc  # sum sin^2
    cs = double.imag / 2  # sum cos sin
    c, s = fit.real, fit.imag
    determinant = cc * ss - cs**2
    with np.errstate(invalid="ignore", divide="ignore"):
        power = (c**2 * ss - 2 * c * s * cs + s**2 * cc) / (2 * determinant)
    return np.where(determinant > 1e-9 * len(t) ** 2, power, 0.0)


def _product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b for complex matrices, by einsum on their real and imaginary parts: these products
    are too small for BLAS, whose threads made them 10x slower, and erratic, on a busy machine."""
    rows, columns = a.shape[0], b.shape[1]
    parts = np.einsum(
        "jn,nm->jm", np.concatenate([a.real, a.imag]), np.concatenate([b.real, b.imag], axis=1)
    )
    real = parts[:rows, :columns] - parts[rows:, columns:]
    return real + 1j * (parts[:rows, columns:] + parts[rows:, :columns])


def _intervals(values: ArrayLike, stamps: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """(values, stamps) as int64 arrays, checked: same length, stamps strictly increasing (which
    also catches the two arguments given the wrong way round)."""
    values, stamps = np.asarray(values, dtype=np.int64), np.asarray(stamps, dtype=np.int64)
    if values.shape != stamps.shape or values.ndim != 1:
        raise ValueError("intervals and stamps must be 1-D arrays of the same length")
    if np.any(np.diff(stamps) <= 0):
        raise ValueError("stamps must be strictly increasing (were values and stamps swapped?)")
    return values, stamps


def _local_median(values: np.ndarray, width: int) -> np.ndarray:
    """Median of the `width` values centred on each (the window slid inward at the ends; the
    whole series when it is shorter)."""
    if not len(values):
        return values
    width = min(width, len(values))
    first = np.clip(np.arange(len(values)) - width // 2, 0, len(values) - width)
    return np.median(sliding_window_view(values, width), axis=1)[first]


def _flagged(
    begins: np.ndarray, ends: np.ndarray, quality: tuple[ArrayLike, ArrayLike], bits: int
) -> np.ndarray:
    """Whether a second stamped in (begin, end + 1 s] (one overlapping [begin, end]) is flagged."""
    seconds, mask = (np.asarray(part) for part in quality)
    flagged = np.sort(seconds[(mask.astype(np.int64) & bits) != 0])
    hi = np.searchsorted(flagged, ends + TICKS_PER_SECOND, side="right")
    return hi > np.searchsorted(flagged, begins, side="right")
