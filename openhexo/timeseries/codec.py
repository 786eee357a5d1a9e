"""The chunk codec: samples as compact bytes, and back, bit for bit (pure numpy + zstd).

A chunk holds HexoTimestamps and values. Timestamps are first differences, zig-zag, byte
shuffle, zstd: a regular series then costs almost nothing, and gaps or event series need no
special case. Integer values are coded the same way at the narrowest byte width their
differences need; float values XOR each one's bits with the previous one's, then shuffle and
zstd, so they round-trip exactly (NaN payloads and -0.0 included).

Payload: a 16-byte header (codec, value kind, value width, count, compressed timestamp size)
then the two zstd frames. The codec id is stored with each chunk, so better codecs can be
added later without migrating data.
"""

import struct
import threading
from dataclasses import dataclass

import numpy as np
import zstandard

CODEC_V1 = 1
INTEGER, FLOAT = 0, 1
HEADER = struct.Struct("<BBBxIQ")  # codec, kind, value width, count, timestamp frame size
LEVEL = 1  # STORAGE.md: higher zstd levels buy nothing once deltas are shuffled
WIDTHS = (1, 2, 4, 8)


_contexts = threading.local()  # zstd contexts are reusable but not shareable across threads


def _compressor() -> zstandard.ZstdCompressor:
    if not hasattr(_contexts, "compressor"):
        _contexts.compressor = zstandard.ZstdCompressor(level=LEVEL)
    return _contexts.compressor


def _decompressor() -> zstandard.ZstdDecompressor:
    if not hasattr(_contexts, "decompressor"):
        _contexts.decompressor = zstandard.ZstdDecompressor()
    return _contexts.decompressor


class CodecError(ValueError):
    """A payload that is not one this codec wrote."""


@dataclass(frozen=True)
class Samples:
    timestamps: np.ndarray  # int64 HexoTimestamps, ascending
    values: np.ndarray  # int64 or float64


def _zigzag(deltas: np.ndarray) -> np.ndarray:
    signed = deltas.astype(np.int64)
    return ((signed << 1) ^ (signed >> 63)).view(np.uint64)


def _unzigzag(coded: np.ndarray) -> np.ndarray:
    """Signed int64 from zig-zag codes of any unsigned width."""
    if coded.dtype.itemsize < 8:  # fits int64 as is: one cast, then signed arithmetic
        signed = coded.astype(np.int64)
        return (signed >> 1) ^ -(signed & 1)
    return ((coded >> np.uint64(1)) ^ (np.uint64(0) - (coded & np.uint64(1)))).view(np.int64)


def _width(unsigned: np.ndarray) -> int:
    largest = int(unsigned.max()) if unsigned.size else 0
    return next(width for width in WIDTHS if largest < 1 << (8 * width))


def _shuffle(unsigned: np.ndarray, width: int) -> bytes:
    """All first bytes, then all second bytes...: runs of zeros for zstd to find."""
    narrow = unsigned.astype(f"<u{width}")
    return narrow.view(np.uint8).reshape(-1, width).T.tobytes()


def _unshuffle(raw: bytes, width: int, count: int) -> np.ndarray:
    """The unsigned integers of `width` bytes that `_shuffle` spread into byte planes."""
    planes = np.frombuffer(raw, dtype=np.uint8)
    if planes.size != width * count:
        raise CodecError(f"expected {width * count} bytes of values, found {planes.size}")
    narrow = np.empty(count, dtype=f"<u{width}")
    narrow.view(np.uint8).reshape(count, width)[:] = planes.reshape(width, count).T
    return narrow


def _differences(signed: np.ndarray) -> np.ndarray:
    """First differences with the first value kept (wrapping int64 arithmetic)."""
    return np.diff(signed, prepend=np.int64(0))


def _float_bits(values: np.ndarray) -> np.ndarray:
    bits = values.astype(np.float64).view(np.uint64)
    return bits ^ np.concatenate(([np.uint64(0)], bits[:-1]))


def _float_values(xored: np.ndarray) -> np.ndarray:
    return np.bitwise_xor.accumulate(xored).view(np.float64)


def _timestamps(coded: np.ndarray) -> np.ndarray:
    """Timestamps back from their zig-zag differences; a regular series without a cumsum."""
    if coded.size > 2 and coded[1] == coded[1:].min() == coded[1:].max():
        first, step = _unzigzag(coded[:2])
        return first + step * np.arange(coded.size, dtype=np.int64)
    return np.cumsum(_unzigzag(coded))


def encode(timestamps: np.ndarray, values: np.ndarray) -> tuple[int, bytes]:
    """(codec id, payload) for samples in time order; values int64 or float64."""
    times = np.asarray(timestamps, dtype=np.int64)
    values = np.asarray(values)
    if times.shape != values.shape or times.ndim != 1:
        raise ValueError("timestamps and values must be 1-D arrays of one length")
    kind = FLOAT if values.dtype.kind == "f" else INTEGER
    coded = _float_bits(values) if kind == FLOAT else _zigzag(_differences(values.astype(np.int64)))
    time_coded = _zigzag(_differences(times))
    time_width, value_width = _width(time_coded), 8 if kind == FLOAT else _width(coded)
    compressor = _compressor()
    time_frame = compressor.compress(bytes([time_width]) + _shuffle(time_coded, time_width))
    value_frame = compressor.compress(_shuffle(coded, value_width))
    header = HEADER.pack(CODEC_V1, kind, value_width, times.size, len(time_frame))
    return CODEC_V1, header + time_frame + value_frame


def decode(codec: int, payload: bytes) -> Samples:
    """The samples `encode` was given, exactly."""
    if codec != CODEC_V1 or len(payload) < HEADER.size:
        raise CodecError(f"not a codec {codec} payload")
    stored, kind, value_width, count, time_size = HEADER.unpack_from(payload)
    if stored != codec or kind not in (INTEGER, FLOAT) or value_width not in WIDTHS:
        raise CodecError("corrupt chunk header")
    body = memoryview(payload)[HEADER.size :]
    try:
        time_raw = _decompressor().decompress(body[:time_size])
        value_raw = _decompressor().decompress(body[time_size:])
    except zstandard.ZstdError as error:
        raise CodecError(f"corrupt chunk data: {error}") from error
    if not time_raw or time_raw[0] not in WIDTHS:
        raise CodecError("corrupt timestamp frame")
    times = _timestamps(_unshuffle(time_raw[1:], time_raw[0], count))
    coded = _unshuffle(value_raw, value_width, count)
    values = _float_values(coded) if kind == FLOAT else np.cumsum(_unzigzag(coded))
    return Samples(times.astype(np.int64), values)
