"""The WAV files of a Hexoskin export: canonical 44-byte RIFF header, PCM mono, 16-bit signed
little-endian samples (32-bit when values do not fit), raw device units."""

import io
import struct
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from .errors import FormatError

HEADER_BYTES = 44
_INT16 = np.iinfo(np.int16)
_INT32 = np.iinfo(np.int32)


@dataclass(frozen=True)
class WavData:
    """A decoded WAV: its sample-rate field, bytes per sample and samples (int64)."""

    rate: int
    width: int
    samples: np.ndarray


def rate_field(freq: float) -> int:
    """The sample-rate field: Hz, or for channels slower than 1 Hz the period in seconds (300
    for 1/300 Hz), which is how Hexoskin's loader recognises them."""
    return round(freq) if freq >= 1 else round(1 / freq)


def sample_width(low: int, high: int) -> int:
    """Bytes per sample: 2 when every value fits int16, else 4 (ValueError beyond int32)."""
    if _INT16.min <= low and high <= _INT16.max:
        return 2
    if _INT32.min <= low and high <= _INT32.max:
        return 4
    raise ValueError(f"values {low}..{high} do not fit 32-bit WAV samples")


def header(count: int, rate: int, width: int) -> bytes:
    """The 44-byte header of a PCM mono WAV of `count` samples."""
    data_bytes = count * width
    return struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF", 36 + data_bytes, b"WAVE",
        b"fmt ", 16, 1, 1, rate, rate * width, width, 8 * width,
        b"data", data_bytes,
    )  # fmt: skip


def encode(samples: np.ndarray, width: int) -> bytes:
    """Samples (already in range) as little-endian signed integers of `width` bytes."""
    return samples.astype("<i2" if width == 2 else "<i4").tobytes()


def read_wav(source: bytes | str | Path | BinaryIO) -> WavData:
    """Decode a PCM mono WAV of 16- or 32-bit samples (trusts the data chunk size, not the RIFF
    size, which some Hexoskin files overstate); FormatError if it is none."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        with wave.open(str(stream) if isinstance(stream, Path) else stream, "rb") as reader:
            return _decoded(reader)
    except (wave.Error, EOFError) as error:
        raise FormatError(f"not a PCM WAV file: {error}") from None


@contextmanager
def wav_pieces(stream: BinaryIO, size: int) -> Iterator[tuple[int, int, Iterator[np.ndarray]]]:
    """(sample-rate field, sample count, int64 samples `size` at a time) of a PCM mono WAV read
    from a stream, so a day of ECG never sits in memory whole; FormatError if it is none."""
    try:
        with wave.open(stream, "rb") as reader:
            width = _checked_width(reader)
            yield reader.getframerate(), reader.getnframes(), _pieces(reader, width, size)
    except (wave.Error, EOFError) as error:
        raise FormatError(f"not a PCM WAV file: {error}") from None


def _pieces(reader: wave.Wave_read, width: int, size: int) -> Iterator[np.ndarray]:
    for _ in range(0, reader.getnframes(), size):
        raw = reader.readframes(size)
        if len(raw) % width or not raw:
            raise FormatError("the data chunk ends in the middle of a sample")
        yield np.frombuffer(raw, "<i2" if width == 2 else "<i4").astype(np.int64)


def _checked_width(reader: wave.Wave_read) -> int:
    width = reader.getsampwidth()
    if reader.getnchannels() != 1 or width not in (2, 4):
        channels = reader.getnchannels()
        raise FormatError(f"expected mono 16- or 32-bit PCM, got {channels} x {width * 8}-bit")
    return width


def _decoded(reader: wave.Wave_read) -> WavData:
    width, count = _checked_width(reader), reader.getnframes()
    raw = reader.readframes(count)
    if len(raw) != count * width:
        raise FormatError(f"the data chunk holds {len(raw)} bytes, not {count * width}")
    samples = np.frombuffer(raw, "<i2" if width == 2 else "<i4").astype(np.int64)
    return WavData(reader.getframerate(), width, samples)
