"""The algorithms of openhexo/biosignals run over stored raw series: which raw datatypes feed
which algorithm, which derived datatypes come out, and how stored samples (with gaps, at
absolute times) become the contiguous arrays the algorithms take and back.

Every algorithm sees contiguous stretches of its inputs that start on a whole second (so the
1 Hz series it makes land on whole seconds, as Hexoskin's do), read with a margin around the
window being processed, and its outputs are cut back to that window.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from openhexo.biosignals.acceleration import (
    acceleration_g,
    acceleration_process,
    acceleration_sleep_position,
)
from openhexo.biosignals.ecg import ecg_process
from openhexo.biosignals.respiration import respiration_process
from openhexo.catalog.datatypes import catalogue
from openhexo.records.timestamps import TICKS_PER_SECOND
from openhexo.timeseries import store

from .arrays import Series, aligned, as_raw, joined, stretches, within
from .channels import (
    ACCELERATION_IN,
    ACCELERATION_OUT,
    ECG_IN,
    ECG_OUT,
    MARGIN,
    RESPIRATION_IN,
    RESPIRATION_OUT,
)


@dataclass(frozen=True)
class Algorithm:
    name: str  # its key in an Algo's versions
    version: str
    inputs: tuple[int, ...]  # raw datatypes, all at one rate
    outputs: tuple[int, ...]  # derived datatypes it writes
    run: Callable[..., dict[int, Series]]  # (*inputs, sampling_rate) -> {datatype: series}
    needs_all_inputs: bool = True


def _ecg(ecg: np.ndarray, rate: float) -> dict[int, Series]:
    found = ecg_process(ecg, rate)
    beats = (found.qrs_ticks, np.ones(found.qrs_ticks.size, dtype=np.int64))
    seconds = found.seconds_ticks
    rr_seconds = found.rr / TICKS_PER_SECOND  # outputs are in their datatype's unit
    return {17: beats, 18: (found.rr_ticks, rr_seconds), 19: (seconds, found.heart_rate),
            1000: (seconds, found.quality)}  # fmt: skip


def _respiration(thoracic: np.ndarray, abdominal: np.ndarray, rate: float) -> dict[int, Series]:
    found = respiration_process(thoracic, abdominal, rate)
    seconds = found.seconds_ticks
    return {
        34: (found.inspirations, found.inspiration_levels),
        35: (found.expirations, found.expiration_levels),
        33: (seconds, found.breathing_rate),
        37: (seconds, found.tidal_volume),
        36: (seconds, found.minute_ventilation),
        1001: (seconds, found.quality),
    }


def _acceleration(x: np.ndarray, y: np.ndarray, z: np.ndarray, rate: float) -> dict[int, Series]:
    found = acceleration_process(x, y, z, rate)
    seconds = found.seconds_ticks
    return {
        52: (found.steps, np.ones(found.steps.size, dtype=np.int64)),
        49: (seconds, found.activity),
        53: (seconds, found.cadence),
    }


ALGORITHMS = (
    Algorithm("ecg", "1.0.0", ECG_IN, ECG_OUT, _ecg),
    Algorithm("respiration", "1.0.0", RESPIRATION_IN, RESPIRATION_OUT, _respiration,
              needs_all_inputs=False),
    Algorithm("acceleration", "1.0.0", ACCELERATION_IN, ACCELERATION_OUT, _acceleration),
)  # fmt: skip


OTHER_VERSIONS = {"sleep_position": "1.0.0", "hrv": "1.0.0", "metrics": "1.0.0"}  # of ranges


def versions() -> dict[str, str]:
    """The versions of every algorithm, as a record's `algo` shows them."""
    return {algorithm.name: algorithm.version for algorithm in ALGORITHMS} | OTHER_VERSIONS


def derive(user_id: int, start: int, end: int) -> dict[int, Series]:
    """{derived datatype: (times, raw values) in [start, end]} of every algorithm that has
    input samples in the window."""
    found = {}
    for algorithm in ALGORITHMS:
        inputs = _inputs(user_id, algorithm, start - MARGIN, end + MARGIN)
        if inputs is not None:
            found |= _run(algorithm, inputs, start, end)
    return found


def _inputs(user_id: int, algorithm: Algorithm, start: int, end: int) -> list[Series] | None:
    known = catalogue()
    series = [store.read(user_id, known[pk], start, end) for pk in algorithm.inputs]
    present = [s.timestamps.size > 0 for s in series]
    if not any(present) or (algorithm.needs_all_inputs and not all(present)):
        return None
    return [(s.timestamps, s.values) for s in series]


def _run(algorithm: Algorithm, inputs: list[Series], start: int, end: int) -> dict[int, Series]:
    rate = catalogue()[algorithm.inputs[0]].freq
    times, channels = aligned(inputs)
    pieces: dict[int, list[Series]] = {pk: [] for pk in algorithm.outputs}
    for first, stretch in stretches(times, rate):
        for pk, (ticks, values) in algorithm.run(*(c[stretch] for c in channels), rate).items():
            pieces[pk].append((ticks + first, values))
    known = catalogue()
    return {
        pk: as_raw(known[pk].gain, known[pk].offset, *within(joined(parts), start, end))
        for pk, parts in pieces.items()
    }


def sleep_positions(user_id: int, start: int, end: int) -> Series | None:
    """Sleep position events (270) over [start, end] (a sleep range) from its acceleration;
    None when it has none."""
    acceleration = ALGORITHMS[-1]
    inputs = _inputs(user_id, acceleration, start, end)
    if inputs is None:
        return None
    rate = catalogue()[acceleration.inputs[0]].freq
    times, channels = aligned(inputs)
    found = []
    for first, stretch in stretches(times, rate):
        xyz = acceleration_g(*(channel[stretch] for channel in channels))
        ticks, codes = acceleration_sleep_position(xyz, rate)
        found.append((ticks + first, codes))
    return joined(found)
