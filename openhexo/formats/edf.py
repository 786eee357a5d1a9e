"""The data endpoint's EDF output: an EDF+C file (written by edfio) with one signal per
synchronous channel.

Signals are sampled on the grid start + k / freq from the window's start (the same slot
placement as the zip's WAVs, gaps 0, but without the WAV's 1-period offset of slow channels,
since EDF signals all begin at the file's start). Digital values are the raw integers and the
physical range maps them through gain and offset; a channel whose raw values do not fit 16
bits is requantised over the full 16-bit range instead. Event channels are left out.
"""

import math
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import numpy as np
from edfio import Edf, EdfSignal, Recording

from .channels import TICKS_PER_SECOND, Channel, check_channels
from .slots import Grid, fill, known_range

LABEL_LENGTH = 16  # EDF's limit
_INT16 = np.iinfo(np.int16)
_ASCII_UNITS = {"°": "deg", "²": "2", "³": "3", "µ": "u", "μ": "u"}


def edf_bytes(channels: Sequence[Channel], start: int, end: int) -> bytes:
    """EDF+C of the synchronous channels over [start, end), padded with 0 to whole records."""
    signals = [channel for channel in channels if channel.freq is not None]
    if not signals:
        raise ValueError("an EDF needs at least one synchronous channel")
    check_channels(signals)
    moment = _moment(start)
    if not 1985 <= moment.year <= 2084:
        raise ValueError(f"EDF dates run from 1985 to 2084; the window starts in {moment.year}")
    duration = record_duration([channel.freq for channel in signals])
    records = max(1, math.ceil((end - start) / TICKS_PER_SECOND / duration))
    labels = edf_labels([channel.name for channel in signals])
    seconds = records * duration
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.edf"
        _write(
            path,
            [_signal(c, label, start, seconds) for c, label in zip(signals, labels, strict=True)],
            recording=Recording(startdate=moment.date()),
            starttime=moment.time(),
            data_record_duration=duration,
            annotations=(),  # an (empty) annotation signal makes it EDF+C and keeps sub-seconds
        )
        return path.read_bytes()


def _write(path: Path, signals: list[EdfSignal], **header) -> None:
    """Write through a file: edfio then streams its data records out instead of copying them
    twice in memory (the samples are freed before the caller reads the file back)."""
    with path.open("wb") as file:
        Edf(signals, **header).write(file)


def record_duration(freqs: Sequence[float]) -> int:
    """Seconds of the shortest data record holding a whole number of samples of every rate:
    1 s for rates of 1 Hz and up, 300 s once a 1/300 Hz channel is in."""
    periods = (Fraction(freq).limit_denominator(100_000).denominator for freq in freqs)
    return math.lcm(*periods)


def edf_labels(names: Sequence[str]) -> list[str]:
    """Names cut to EDF's 16 characters; a cut name that would repeat one ends in `~2`, `~3`..."""
    labels: list[str] = []
    for name in names:
        label = name[:LABEL_LENGTH]
        suffix = 2
        while label in labels:
            tail = f"~{suffix}"
            label, suffix = name[: LABEL_LENGTH - len(tail)] + tail, suffix + 1
        labels.append(label)
    return labels


def _signal(channel: Channel, label: str, start: int, seconds: int) -> EdfSignal:
    raw = _samples(channel, Grid(start, channel.freq, round(seconds * channel.freq)))
    header = {
        "label": label,
        "transducer_type": f"{channel.name} (datatype {channel.id})"[:80],
        "physical_dimension": ascii_unit(channel.physical_unit),
    }
    if raw.dtype != np.int16:  # raw values beyond 16 bits: let edfio requantise
        return EdfSignal(raw * channel.gain + channel.offset, channel.freq, **header)
    low, high = (int(raw.min()), int(raw.max())) if len(raw) else (0, 0)
    high = max(high, low + 1)  # EDF wants distinct digital limits
    physical = (low * channel.gain + channel.offset, high * channel.gain + channel.offset)
    if physical[0] == physical[1]:
        physical = (low, high)  # gain 0 is no calibration: show the raw values
    return EdfSignal.from_digital(
        raw, channel.freq, physical_range=physical, digital_range=(low, high), **header
    )


def _samples(channel: Channel, grid: Grid) -> np.ndarray:
    """The channel on the grid, as int16 when its values allow (a first pass tells), so that a
    day of ECG takes 44 MB rather than four times that."""
    _, low, high = known_range(channel, grid)
    fits = _INT16.min <= low and high <= _INT16.max
    samples = np.zeros(grid.count, np.int16 if fits else np.int64)
    done = 0
    for chunk in fill(channel.blocks(), grid):
        samples[done : done + len(chunk)] = chunk
        done += len(chunk)
    return samples


def ascii_unit(unit: str) -> str:
    """EDF headers are printable ASCII of 8 characters: `°C` becomes `degC`."""
    text = "".join(_ASCII_UNITS.get(char, char) for char in unit)
    return "".join(char for char in text if 32 <= ord(char) < 127)[:8]


def _moment(start: int) -> datetime:
    """The UTC instant of a HexoTimestamp, to the microsecond (EDF+ keeps the fraction)."""
    seconds, ticks = divmod(start, TICKS_PER_SECOND)
    micro = round(ticks * 1_000_000 / TICKS_PER_SECOND)
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds, microseconds=micro)
