"""Wall-clock timing helpers: medians of repeated runs, percentiles, peak memory."""

import gc
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timed:
    """Seconds per run of some work: median and best of `runs`, and what the last run gave."""

    median: float
    best: float
    runs: int
    result: object = None

    @property
    def ms(self) -> float:
        return self.median * 1e3


def repeat(work: Callable[[], object], runs: int, warmup: int = 1) -> Timed:
    """Run `work` warmup + runs times (GC on, warm caches); time the last `runs`."""
    result = None
    for _ in range(warmup):
        result = work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return Timed(statistics.median(times), min(times), runs, result)


def runs_for(expected_seconds: float, budget: float = 2.0, most: int = 50, least: int = 3) -> int:
    """How many runs fit a time budget, given one run's expected duration."""
    return max(least, min(most, int(budget / max(expected_seconds, 1e-6))))


def timed_median(work: Callable[[], object], budget: float = 2.0, most: int = 50) -> Timed:
    """Median over as many runs as fit the budget (one warm-up run sizes it). Work slower
    than the budget (the naive baseline on long windows) is timed by that one run alone."""
    started = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - started
    if elapsed > budget:
        return Timed(elapsed, elapsed, 1, result)
    return repeat(work, runs_for(elapsed, budget, most), warmup=0)


def once(work: Callable[[], object]) -> Timed:
    gc.collect()
    started = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - started
    return Timed(elapsed, elapsed, 1, result)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation; nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def peak_rss_mb() -> float:
    """This process's peak resident set so far, in MiB.

    /proc/self/status VmHWM, not getrusage's ru_maxrss: Linux carries the parent's peak
    over fork and exec into ru_maxrss, so a child of a big process would report its parent's.
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
