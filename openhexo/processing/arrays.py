"""Pure numpy steps between the store and the algorithms: channels aligned on common times,
contiguous stretches cut at gaps, outputs joined, windowed and turned into raw values."""

from functools import reduce

import numpy as np

Series = tuple[np.ndarray, np.ndarray]  # (ticks, values)
TICKS_PER_SECOND = 256
GAP_PERIODS = 1.5  # a step longer than this many sample periods is a gap
MIN_STRETCH_SECONDS = 10  # shorter stretches of signal say nothing reliable


def aligned(inputs: list[Series]) -> tuple[np.ndarray, list[np.ndarray]]:
    """(times, one array per input) at the times every present input has; an input with no
    samples at all is zeros (an algorithm reads a flat band as 'no signal')."""
    present = [times for times, _ in inputs if times.size]
    times = reduce(lambda a, b: np.intersect1d(a, b, assume_unique=True), present)
    channels = []
    for own_times, values in inputs:
        if not own_times.size:
            channels.append(np.zeros(times.size, dtype=np.int64))
        else:
            channels.append(values[np.searchsorted(own_times, times)])
    return times, channels


def stretches(times: np.ndarray, rate: float) -> list[tuple[int, slice]]:
    """(time of first sample, slice) of each gap-free run of samples at `rate` Hz, started on a
    whole second when one falls within its first second, and at least MIN_STRETCH_SECONDS long."""
    period = TICKS_PER_SECOND / rate
    cuts = np.flatnonzero(np.diff(times) > GAP_PERIODS * period) + 1
    found = []
    for low, high in zip(np.r_[0, cuts], np.r_[cuts, times.size], strict=True):
        low = _on_whole_second(times, int(low), int(high), rate)
        if high - low >= MIN_STRETCH_SECONDS * rate:
            found.append((int(times[low]), slice(low, int(high))))
    return found


def _on_whole_second(times: np.ndarray, low: int, high: int, rate: float) -> int:
    head = times[low : min(high, low + int(np.ceil(rate)))]
    whole = np.flatnonzero(head % TICKS_PER_SECOND == 0)
    return low + int(whole[0]) if whole.size else low


def joined(parts: list[Series]) -> Series:
    if not parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate([t for t, _ in parts]), np.concatenate([v for _, v in parts])


def within(series: Series, start: int, end: int) -> Series:
    times, values = series
    keep = (times >= start) & (times <= end)
    return times[keep], values[keep]


def as_raw(gain: float, offset: float, times: np.ndarray, values: np.ndarray) -> Series:
    """Values in a datatype's unit as its raw integers (value = raw x gain + offset), the way
    Hexoskin stores derived series; unknown (nan) values are left out."""
    values = np.asarray(values, dtype=np.float64)
    known = np.isfinite(values)
    raw = np.rint((values[known] - offset) / gain).astype(np.int64)
    return np.asarray(times)[known].astype(np.int64), raw
