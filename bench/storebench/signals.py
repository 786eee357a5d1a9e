"""Synthetic Hexoskin recordings: a full channel set, as STORAGE.md section 2 generates it.

ECG (STORAGE.md 2, "Synthetic signal"): 12-bit around 2048, a PQRST template of Gaussians
(R about 400 LSB) at RR 0.85 s with heart-rate variability, baseline wander, 4 LSB of 50 Hz
mains and white noise of sigma 3 LSB. The channel set of scenario S1: ECG 256 Hz, two
respiration bands 128 Hz, three acceleration axes 64 Hz, 20 series at 1 Hz, and three event
series (RR intervals from the ECG's own beats, inspirations and expirations): about 62.5 M
samples a day. Everything is seeded, so every run writes the same samples.
"""

import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

T0 = 427217263872  # 2022-11-19T00:23:57Z, the real export's start: not on the minute grid
TICKS = 256  # HexoTimestamp ticks per second
ECG, RESP_T, RESP_A = 4113, 4129, 4130
ACC = (4145, 4146, 4147)
HEART_RATE = 19
RR, INSPIRATION, EXPIRATION = 18, 34, 35
ONE_HZ = (
    19, 1000, 33, 1001, 36, 37, 38, 39, 42, 49,
    53, 54, 98, 99, 1005, 1006, 246, 247, 338, 66,
)  # fmt: skip
RATES = {ECG: 256, RESP_T: 128, RESP_A: 128, **dict.fromkeys(ACC, 64), **dict.fromkeys(ONE_HZ, 1)}
EVENTS = (RR, INSPIRATION, EXPIRATION)
MULTI = (ECG, RESP_T, RESP_A, *ACC, HEART_RATE)  # scenario S3: seven series in one request
# (amplitude LSB, centre s, width s) of the P, Q, R, S and T waves around the R peak
PQRST = ((25, -0.20, 0.025), (-40, -0.03, 0.010), (400, 0.0, 0.012), (-80, 0.03, 0.012),
         (60, 0.25, 0.050))  # fmt: skip


def synthetic_ecg(seconds: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """(int16 ECG at 256 Hz, R-peak sample indices) for `seconds` of recording."""
    rng = np.random.default_rng(seed)
    n = seconds * 256
    t = np.arange(n) / 256
    signal = 2048 + 30 * np.sin(2 * np.pi * 0.25 * t) + 20 * np.sin(2 * np.pi * 0.05 * t + 1)
    signal += 4 * np.sin(2 * np.pi * 50 * t) + rng.normal(0, 3, n)
    del t
    beats = _beat_indices(seconds, rng)
    offsets = np.arange(-77, 116)  # -0.3 s .. +0.45 s around each R peak
    template = sum(a * np.exp(-0.5 * ((offsets / 256 - c) / w) ** 2) for a, c, w in PQRST)
    inside = beats[(beats + offsets[0] >= 0) & (beats + offsets[-1] < n)]
    for offset, level in zip(offsets, template, strict=True):
        signal[inside + offset] += level  # beats never overlap at these RRs
    return np.clip(np.round(signal), 0, 4095).astype(np.int16), beats


def _beat_indices(seconds: int, rng: np.random.Generator) -> np.ndarray:
    """R-peak sample indices: RR 0.85 s, with respiratory and random variability."""
    count = int(seconds / 0.85 * 1.05) + 10
    beat = np.arange(count)
    rr = 0.85 + 0.04 * np.sin(2 * np.pi * beat * 0.85 / 4) + rng.normal(0, 0.02, count)
    times = np.cumsum(rr)
    return np.round(times[times < seconds] * 256).astype(np.int64)


def _breathing(seconds: int, rate: int, rng: np.random.Generator):
    """(phase per sample at `rate` Hz, inspiration and expiration sample indices at 256 Hz)."""
    t = np.arange(seconds * rate) / rate
    frequency = 0.25 + 0.03 * np.sin(2 * np.pi * t / 600)
    phase = np.cumsum(2 * np.pi * frequency / rate)
    cycles = np.floor(phase / np.pi).astype(np.int64)
    turns = np.flatnonzero(np.diff(cycles)) + 1
    at_256 = turns * (256 // rate)
    return phase, at_256[cycles[turns] % 2 == 0], at_256[cycles[turns] % 2 == 1]


def _respiration(phase: np.ndarray, level: int, depth: int, rng) -> np.ndarray:
    drift = 200 * np.sin(2 * np.pi * np.arange(phase.size) / phase.size * 7)
    wave_ = level + depth * np.sin(phase) + drift + rng.normal(0, 2, phase.size)
    return np.round(wave_).astype(np.int32)


def _acceleration(seconds: int, gravity: int, rng) -> np.ndarray:
    n = seconds * 64
    moving = np.repeat(rng.random(seconds // 60 + 1) < 0.3, 60 * 64)[:n]
    t = np.arange(n) / 64
    wave_ = gravity + moving * 40 * np.sin(2 * np.pi * 1.8 * t) + rng.normal(0, 2, n)
    return np.round(wave_).astype(np.int16)


def _one_hz(seconds: int, rng) -> dict[int, np.ndarray]:
    walks = {}
    for index, datatype in enumerate(ONE_HZ):
        steps = rng.integers(-1, 2, seconds) * (rng.random(seconds) < 0.3)
        walks[datatype] = (60 + 5 * index + np.cumsum(steps)).astype(np.int32)
    return walks


@dataclass
class Day:
    """A recording of `seconds` from T0: values per datatype, and event times in ticks."""

    seconds: int
    values: dict[int, np.ndarray] = field(default_factory=dict)
    event_ticks: dict[int, np.ndarray] = field(default_factory=dict)

    @property
    def samples(self) -> int:
        return sum(v.size for v in self.values.values())

    def series(
        self, datatype: int, start_s: float = 0, end_s: float | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(int64 HexoTimestamps, int64 values) of one series within [start_s, end_s) seconds."""
        end_s = self.seconds if end_s is None else end_s
        if datatype in self.event_ticks:
            ticks = self.event_ticks[datatype]
            low, high = np.searchsorted(ticks, [start_s * TICKS, end_s * TICKS])
            return T0 + ticks[low:high], self.values[datatype][low:high].astype(np.int64)
        rate = RATES[datatype]
        low, high = int(start_s * rate), int(end_s * rate)
        step = TICKS // rate
        first = T0 + step if rate == 1 else T0  # a 1 Hz sample closes its second
        times = first + step * np.arange(low, high, dtype=np.int64)
        return times, self.values[datatype][low:high].astype(np.int64)

    def head(self, seconds: int) -> "Day":
        """The first `seconds` of this recording."""
        part = Day(seconds)
        for datatype, values in self.values.items():
            if datatype in self.event_ticks:
                keep = self.event_ticks[datatype] < seconds * TICKS
                part.event_ticks[datatype] = self.event_ticks[datatype][keep]
                part.values[datatype] = values[keep]
            else:
                part.values[datatype] = values[: seconds * RATES[datatype]]
        return part

    def piece(self, start_s: float, end_s: float, datatypes=None) -> dict[int, tuple]:
        """{datatype id: (times, values)} of every series (or those given) in a time slice."""
        chosen = self.values if datatypes is None else datatypes
        return {dt: self.series(dt, start_s, end_s) for dt in chosen}


def full_day(seconds: int = 86400, seed: int = 1) -> Day:
    """The full Hexoskin channel set for `seconds` (scenario S1 at 86,400)."""
    rng = np.random.default_rng(seed)
    day = Day(seconds)
    ecg, beats = synthetic_ecg(seconds, seed)
    day.values[ECG] = ecg
    phase, inspirations, expirations = _breathing(seconds, 128, rng)
    day.values[RESP_T] = _respiration(phase, 14000, 900, rng)
    day.values[RESP_A] = _respiration(phase + 0.3, 9000, 500, rng)
    for axis, gravity in zip(ACC, (-256, 20, -30), strict=True):
        day.values[axis] = _acceleration(seconds, gravity, rng)
    day.values.update(_one_hz(seconds, rng))
    rr = np.diff(beats, prepend=beats[0])
    for datatype, ticks, values in (
        (RR, beats, rr),
        (INSPIRATION, inspirations, np.ones(inspirations.size)),
        (EXPIRATION, expirations, np.ones(expirations.size)),
    ):
        day.event_ticks[datatype] = ticks
        day.values[datatype] = values.astype(np.int32)
    return day


def wav_samples(path: Path) -> np.ndarray:
    """The int16 samples of a Hexoskin export WAV."""
    with wave.open(str(path)) as recording:
        return np.frombuffer(recording.readframes(recording.getnframes()), "<i2").astype(np.int64)
