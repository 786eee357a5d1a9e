"""Placing timestamped samples on a regular grid of slots, shared by the WAV and EDF writers.

Each sample goes to the slot nearest its timestamp; the first sample of a slot wins; slots
without a sample (gaps) hold 0; samples off the grid and non-finite values are dropped; float
values are rounded to integers. Output is streamed in chunks of consecutive slots.
"""

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from .channels import TICKS_PER_SECOND, Block, Channel

CHUNK = 1 << 16  # slots a chunk holds at most, so that a long gap never allocates much


@dataclass(frozen=True)
class Grid:
    """`count` slots, `freq` per second, slot 0 at HexoTimestamp `first`."""

    first: int
    freq: float
    count: int

    def slot_of(self, times: np.ndarray) -> np.ndarray:
        """The nearest slot of each timestamp (may lie off the grid), halves rounded up."""
        ticks = period_ticks(self.freq)
        if ticks == 1:
            return times - self.first
        if ticks.is_integer():  # all of Hexoskin's rates: exact and faster in integers
            return (times - (self.first - int(ticks) // 2)) // int(ticks)
        return np.floor((times - self.first) / ticks + 0.5).astype(np.int64)

    def times(self, first_slot: int = 0, stop_slot: int | None = None) -> np.ndarray:
        """The timestamps of slots [first_slot, stop_slot), rounded to the tick."""
        slots = np.arange(first_slot, self.count if stop_slot is None else stop_slot)
        return self.first + np.floor(slots * period_ticks(self.freq) + 0.5).astype(np.int64)


def period_ticks(freq: float) -> float:
    """Ticks between samples, a whole number when within rounding error of one (1/300 Hz)."""
    ticks = TICKS_PER_SECOND / freq
    return float(round(ticks)) if abs(ticks - round(ticks)) < 1e-9 * ticks else ticks


def wav_grid(freq: float, start: int, end: int) -> Grid:
    """The slots of a Hexoskin export WAV over [start, end).

    Channels faster than 1 Hz start at `start` and cover the window; channels of 1 Hz and
    slower hold one sample per period from `start` + one period on (Hexoskin's loader adds
    that offset: 1 s at 1 Hz, 300 s at 1/300 Hz), floor(duration / period) samples.
    """
    ticks = end - start
    if freq > 1:
        return Grid(start, freq, max(0, round(ticks * freq / TICKS_PER_SECOND)))
    period = period_ticks(freq)
    return Grid(start + round(period), freq, max(0, math.floor(ticks / period)))


def wav_slots(freq: float, start: int, count: int) -> Grid:
    """The slots of a WAV of `count` samples in an export starting at `start` (reading)."""
    return Grid(start if freq > 1 else start + round(period_ticks(freq)), freq, count)


def _placed(block: Block, grid: Grid) -> tuple[np.ndarray, np.ndarray]:
    """The slots and integer values of a block's samples that land on the grid."""
    times, values = block
    values = np.asarray(values)
    slots = grid.slot_of(np.asarray(times, dtype=np.int64))
    if len(slots) > 1 and np.any(slots[1:] < slots[:-1]):
        order = np.argsort(slots, kind="stable")  # tolerate a block out of order within itself
        slots, values = slots[order], values[order]
    keep = (slots >= 0) & (slots < grid.count)
    if values.dtype.kind == "f":
        keep &= np.isfinite(values)
        values = np.rint(values)
    if not keep.all():
        slots, values = slots[keep], values[keep]
    return slots, values.astype(np.int64, copy=False)


def value_range(blocks: Iterable[Block], grid: Grid) -> tuple[int, int, int]:
    """(samples on the grid, min, max) of the values that `fill` would place: a first pass."""
    count, low, high = 0, 0, 0
    for block in blocks:
        _, values = _placed(block, grid)
        if len(values):
            low = min(low, int(values.min())) if count else int(values.min())
            high = max(high, int(values.max())) if count else int(values.max())
            count += len(values)
    return count, low, high


def known_range(channel: Channel, grid: Grid) -> tuple[int, int, int]:
    """`value_range`, or bounds the caller already knows (`Channel.value_range`) without a
    first pass over the samples: (1, low, high) then, the channel being taken as non-empty."""
    if channel.value_range is None:
        return value_range(channel.blocks(), grid)
    low, high = channel.value_range
    return 1, math.floor(low), math.ceil(high)


def fill(blocks: Iterable[Block], grid: Grid) -> Iterator[np.ndarray]:
    """int64 chunks of consecutive slots, together exactly `grid.count` of them."""
    next_slot = 0
    for block in blocks:
        slots, values = _placed(block, grid)
        slots, values = _first_per_slot(slots, values, next_slot)
        if len(slots):
            yield from _chunks(slots, values, next_slot, int(slots[-1]) + 1)
            next_slot = int(slots[-1]) + 1
    yield from _chunks(np.empty(0, np.int64), np.empty(0, np.int64), next_slot, grid.count)


def _first_per_slot(slots: np.ndarray, values: np.ndarray, next_slot: int) -> Block:
    """Drop samples of slots already written or already taken by an earlier sample."""
    keep = slots >= next_slot
    keep[1:] &= slots[1:] != slots[:-1]
    if keep.all():
        return slots, values
    return slots[keep], values[keep]


def _chunks(slots: np.ndarray, values: np.ndarray, low: int, high: int) -> Iterator[np.ndarray]:
    """Slots [low, high) holding the given samples (sorted slots within the range), 0 elsewhere."""
    if len(slots) == high - low:
        yield from (values[i : i + CHUNK] for i in range(0, len(values), CHUNK))  # no gap
        return
    for begin in range(low, high, CHUNK):
        stop = min(begin + CHUNK, high)
        a, b = np.searchsorted(slots, [begin, stop])
        chunk = np.zeros(stop - begin, np.int64)
        chunk[slots[a:b] - begin] = values[a:b]
        yield chunk
