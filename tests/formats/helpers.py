"""Channels for the format tests, and readers of the real export that use the stdlib only."""

import csv
import wave
from pathlib import Path

import numpy as np

from openhexo.formats.channels import Channel, in_blocks

START = 427217263872  # harlab-257575's record start
END = 427217528448  # its end, 1033.5 s later


def channel(datatype, name, freq, times, values, unit="NA", size=15360, **extra) -> Channel:
    blocks = in_blocks(np.asarray(times, np.int64), np.asarray(values), size)
    return Channel(datatype, name, freq, unit, f"/api/datatype/{datatype}/", blocks, **extra)


def stdlib_wav(path: Path) -> tuple[int, np.ndarray]:
    """(sample rate, int16 samples) of a real export WAV."""
    with wave.open(str(path)) as reader:
        assert (reader.getnchannels(), reader.getsampwidth()) == (1, 2)
        frames = reader.readframes(reader.getnframes())
        return reader.getframerate(), np.frombuffer(frames, "<i2")


def stdlib_event_csv(path: Path) -> tuple[list[str], np.ndarray, list[float]]:
    """(header cells, tick offsets from start, values) of a real export event CSV."""
    with path.open(newline="") as file:
        rows = list(csv.reader(file))
    offsets = np.array([round(float(row[0]) * 256) for row in rows[1:]], np.int64)
    return rows[0], offsets, [float(row[1]) for row in rows[1:]]
