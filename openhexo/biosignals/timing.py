"""Time bookkeeping shared by the algorithms: sample indices as ticks (1/256 s, the unit of
HexoTimestamps), the 1 Hz grid Hexoskin stamps its per-second series on, and the overlapping
blocks long recordings are processed in."""

from collections.abc import Iterator

import numpy as np
from numpy.typing import ArrayLike

TICKS_PER_SECOND = 256


def ticks(samples: ArrayLike, fs: float) -> np.ndarray:
    """Sample indices (or counts) as ticks: the same numbers at Hexoskin's 256 Hz."""
    return np.rint(np.asarray(samples, dtype=np.float64) * TICKS_PER_SECOND / fs).astype(np.int64)


def per_second(fs: float) -> int:
    """Samples in one second (the 1 Hz grid needs a whole number of Hz, as the shirt has)."""
    if abs(fs - round(fs)) > 1e-9 or fs < 1:
        raise ValueError(f"sampling_rate must be a whole number of Hz, not {fs}")
    return round(fs)


def second_closes(n_samples: int, fs: float) -> np.ndarray:
    """Stamps (ticks) of the whole seconds of a signal: a 1 Hz value covers [i, i + 1) s and is
    stamped at its end, as Hexoskin stamps its 1 Hz channels; floor(duration) values."""
    return np.arange(1, n_samples // per_second(fs) + 1, dtype=np.int64) * TICKS_PER_SECOND


def blocks(n: int, fs: float, block_s: int, margin_s: int) -> Iterator[tuple[int, int, int, int]]:
    """(lo, hi, core_lo, core_hi): blocks of whole seconds, each read with margins either side;
    a result belongs to the block whose core holds it, so memory stays bounded and the result
    does not depend on where a recording is cut."""
    step, margin = per_second(fs) * block_s, per_second(fs) * margin_s
    for core_lo in range(0, n, step):
        core_hi = min(core_lo + step, n)
        yield max(core_lo - margin, 0), min(core_hi + margin, n), core_lo, core_hi
