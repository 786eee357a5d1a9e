"""The chunk codec: samples as compact bytes, and back, bit for bit (pure numpy + zstd).

A chunk holds HexoTimestamps and values. The first timestamp and the first value go in the
header; what follows is coded as differences from the previous sample. Regular timestamps
(one step apart, the usual case) are then just a step in the header, with no frame at all;
irregular ones (gaps, event series) are coded like integer values.

Integer values: first differences (wrapping int64), written as balanced base-256 digits
(each digit -128..127, lowest first) at the fewest digits the chunk needs, one byte plane
per digit, then zstd. A small difference of either sign leaves the high planes zero, as
zig-zag would, but the digits stay linear: a difference is the sum of its digits times 256^k,
so a decoder adds planes instead of undoing zig-zag, and can sum a plane over a stretch of
samples with one vectorised reduction (decimated reads never build the full series).
Float values: each one's bits XOR the previous one's, as byte planes, then zstd: exact,
NaN payloads and -0.0 included, and XOR is as linear for this purpose as a sum is.

Payload (codec 2): a 40-byte header (codec, value kind, value width, time width or 0 for
regular, count, time frame size, value frame size, first time, time step, first value or
its bits), then the time frame (irregular chunks only), then the value frame, nothing else.
Codec 1 (zig-zag planes, two frames) was never stored anywhere and is not decoded. The codec
id is stored with each chunk, so better codecs can be added later without migrating data.

`decode_many` decodes the chunks of a window into one preallocated pair of arrays. For long
windows, helper threads decompress ahead while the calling thread does the numpy work (zstd
releases the GIL; numpy's running sums do not, so sharing those between threads only slows
them down). It can also keep only every k-th sample, from sums over stretches of the byte
planes, without building the running sum of the others.
"""

import os
import struct
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import zstandard

CODEC_V2 = 2
INTEGER, FLOAT = 0, 1
REGULAR = 0  # time width of a chunk whose timestamps are first + step * i: no time frame
HEADER = struct.Struct("<BBBBIIIqqq")
LEVEL = 1  # STORAGE.md: higher zstd levels buy nothing once deltas are shuffled
MAX_WIDTH = 8
# (digits, lowest, highest) of what balanced base-256 digits reach below 8 digits
BALANCED_RANGES = tuple(
    (digits, -128 * reach, 127 * reach)
    for digits, reach in ((d, (256**d - 1) // 255) for d in range(1, MAX_WIDTH))
)
SUMMED_EVERY = 8  # below this stride, decoding everything and slicing is faster than sums
PARALLEL_BYTES = 1 << 19  # of decompressed frames: below this, threads cost more than they save
HELPERS = 2  # threads that decompress ahead of the numpy work: the machine's cores
BATCHES_PER_WINDOW = 8  # at least: the caller only waits for the first
MAX_BATCH_FRAMES = 64  # about a millisecond of zstd


_contexts = threading.local()  # zstd contexts are reusable but not shareable across threads
_helpers_lock = threading.Lock()
_helper_pool: ThreadPoolExecutor | None = None


def _compressor() -> zstandard.ZstdCompressor:
    if not hasattr(_contexts, "compressor"):
        _contexts.compressor = zstandard.ZstdCompressor(level=LEVEL)
    return _contexts.compressor


def _decompressor() -> zstandard.ZstdDecompressor:
    if not hasattr(_contexts, "decompressor"):
        _contexts.decompressor = zstandard.ZstdDecompressor()
    return _contexts.decompressor


def _helpers() -> ThreadPoolExecutor:
    global _helper_pool
    with _helpers_lock:
        if _helper_pool is None:
            _helper_pool = ThreadPoolExecutor(HELPERS, thread_name_prefix="codec-zstd")
        return _helper_pool


def _forget_helpers() -> None:
    """A forked worker (gunicorn) has none of its parent's threads: start its own pool."""
    global _helper_pool, _helpers_lock
    _helper_pool, _helpers_lock = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_helpers)


class CodecError(ValueError):
    """A payload that is not one this codec wrote."""


@dataclass(frozen=True)
class Samples:
    timestamps: np.ndarray  # int64 HexoTimestamps, ascending
    values: np.ndarray  # int64 or float64


# --- encoding ----------------------------------------------------------------------------


def _deltas(signed: np.ndarray) -> np.ndarray:
    """Differences from the previous sample, 0 for the first (wrapping int64 arithmetic)."""
    deltas = np.empty_like(signed)
    deltas[:1] = 0
    np.subtract(signed[1:], signed[:-1], out=deltas[1:])
    return deltas


def _xors(bits: np.ndarray) -> np.ndarray:
    """Each value's bits XOR the previous one's, 0 for the first."""
    xors = np.empty_like(bits)
    xors[:1] = 0
    np.bitwise_xor(bits[1:], bits[:-1], out=xors[1:])
    return xors


def _digit_width(deltas: np.ndarray) -> int:
    """The fewest balanced base-256 digits that hold every delta (8 hold any, wrapping)."""
    low, high = (int(deltas.min()), int(deltas.max())) if deltas.size else (0, 0)
    fits = (
        digits for digits, lowest, highest in BALANCED_RANGES if lowest <= low <= high <= highest
    )
    return next(fits, MAX_WIDTH)


def _digit_planes(deltas: np.ndarray, width: int) -> np.ndarray:
    """Balanced base-256 digits of int64 deltas, lowest first, one int8 plane each."""
    planes = np.empty((width, deltas.size), dtype=np.int8)
    rest = deltas
    for plane in planes[:-1]:
        np.copyto(plane, rest, casting="unsafe")  # the low byte, read as signed
        rest = (rest - plane) >> 8  # exact: the low byte of rest - plane is zero
    np.copyto(planes[-1], rest, casting="unsafe")
    return planes


def _byte_planes(xors: np.ndarray) -> tuple[np.ndarray, int]:
    """The low bytes of uint64 XORs as planes, lowest first, and how many are not all zero."""
    largest = int(xors.max()) if xors.size else 0
    width = max(1, -(-largest.bit_length() // 8))
    return xors.view(np.uint8).reshape(-1, MAX_WIDTH)[:, :width].T, width


def _time_code(times: np.ndarray) -> tuple[int, int, bytes]:
    """(time width or REGULAR, step, frame) for int64 timestamps."""
    deltas = _deltas(times)
    step = int(deltas[1]) if deltas.size > 1 else 0
    if (deltas[1:] == step).all():
        return REGULAR, step, b""
    width = _digit_width(deltas)
    return width, 0, _compressor().compress(_digit_planes(deltas, width).tobytes())


def _value_code(values: np.ndarray) -> tuple[int, int, int, np.ndarray]:
    """(kind, width, first value or its bits, byte planes) for int or float values."""
    if values.dtype.kind == "f":
        bits = values.astype(np.float64).view(np.int64)
        planes, width = _byte_planes(_xors(bits).view(np.uint64))
        return FLOAT, width, int(bits[0]) if bits.size else 0, planes
    signed = values.astype(np.int64)
    deltas = _deltas(signed)
    width = _digit_width(deltas)
    return INTEGER, width, int(signed[0]) if signed.size else 0, _digit_planes(deltas, width)


def encode(timestamps: np.ndarray, values: np.ndarray) -> tuple[int, bytes]:
    """(codec id, payload) for samples in time order; values int64 or float64."""
    times = np.asarray(timestamps, dtype=np.int64)
    values = np.asarray(values)
    if times.shape != values.shape or times.ndim != 1:
        raise ValueError("timestamps and values must be 1-D arrays of one length")
    time_width, step, time_frame = _time_code(times)
    kind, value_width, first_value, planes = _value_code(values)
    value_frame = _compressor().compress(planes.tobytes())
    first_time = int(times[0]) if times.size else 0
    sizes = len(time_frame), len(value_frame)
    header = HEADER.pack(
        CODEC_V2, kind, value_width, time_width, times.size, *sizes, first_time, step, first_value
    )
    return CODEC_V2, header + time_frame + value_frame


# --- decoding one chunk ------------------------------------------------------------------


class _Chunk(NamedTuple):
    kind: int
    value_width: int
    time_width: int
    count: int
    first_time: int
    time_step: int
    first_value: int  # float chunks: the first value's bits, as a signed int64
    time_frame: memoryview
    value_frame: memoryview


def _parse(codec: int, payload: bytes) -> _Chunk:
    if codec != CODEC_V2 or len(payload) < HEADER.size:
        raise CodecError(f"not a codec {codec} payload")
    stored, kind, value_width, time_width, count, time_size, value_size, *firsts = (
        HEADER.unpack_from(payload)
    )
    if (
        stored != codec
        or kind not in (INTEGER, FLOAT)
        or not 1 <= value_width <= MAX_WIDTH
        or time_width > MAX_WIDTH
        or (time_width == REGULAR) != (time_size == 0)
        or len(payload) != HEADER.size + time_size + value_size
    ):
        raise CodecError("corrupt chunk header, or a payload cut short or too long")
    body = memoryview(payload)[HEADER.size :]
    time_frame = _expect(body[:time_size], time_width * count) if time_size else body[:0]
    value_frame = _expect(body[time_size:], value_width * count)
    return _Chunk(kind, value_width, time_width, count, *firsts, time_frame, value_frame)


def regular_times(codec: int, payload: bytes) -> tuple[int, int, int] | None:
    """(first time, step, count) of a chunk whose times are regular, read from its header
    alone; None for irregular times (events, gaps)."""
    chunk = _parse(codec, payload)
    if chunk.time_width != REGULAR:
        return None
    return chunk.first_time, chunk.time_step, chunk.count


def _expect(frame: memoryview, size: int) -> memoryview:
    """The frame, once its header promises `size` bytes: checked before anything allocates
    (zstd then checks that it holds what it promised)."""
    try:
        promised = zstandard.frame_content_size(frame)
    except zstandard.ZstdError as error:
        raise CodecError(f"corrupt chunk data: {error}") from error
    if promised != size:
        raise CodecError(f"expected a frame of {size} bytes, found {promised}")
    return frame


def _decompressed(frames: list[memoryview]) -> Sequence:
    """The bytes of checked zstd frames (one C call, which releases the GIL throughout)."""
    try:
        if len(frames) < 2:  # multi_decompress_to_buffer crashes the process on no frames
            return [_decompressor().decompress(frame) for frame in frames]
        return _decompressor().multi_decompress_to_buffer(frames, threads=1)
    except zstandard.ZstdError as error:
        raise CodecError(f"corrupt chunk data: {error}") from error


def _decompressed_batches(frames: list[memoryview], sizes: list[int]) -> Iterator[Sequence]:
    """The frames' bytes, batch by batch. For long windows, helper threads decompress the
    next batches while the caller decodes this one: zstd releases the GIL for a whole batch,
    numpy's running sums keep it, so the two overlap instead of taking turns."""
    if sum(sizes) < PARALLEL_BYTES:
        yield _decompressed(frames)
        return
    size = min(MAX_BATCH_FRAMES, -(-len(frames) // BATCHES_PER_WINDOW))
    batches = [frames[low : low + size] for low in range(0, len(frames), size)]
    futures = [_helpers().submit(_decompressed, batch) for batch in batches]
    try:
        for future in futures:
            yield future.result()
    finally:
        for future in futures:
            future.cancel()


def _planes(raw, width: int, count: int, dtype: type) -> np.ndarray:
    """The (width, count) byte planes of a decompressed frame."""
    return np.frombuffer(raw, dtype=dtype).reshape(width, count)


@lru_cache(maxsize=8)
def _offsets(count: int, step: int) -> np.ndarray:
    """step * i for a whole regular chunk: read-only, shared by every chunk of the series."""
    offsets = np.multiply(np.arange(count, dtype=np.int64), step)  # wraps, as the encoder did
    offsets.flags.writeable = False
    return offsets


def _integers_into(out: np.ndarray, planes: np.ndarray, first: int) -> None:
    """int64 samples from their digit planes: sum the digits, then the running sum."""
    if len(planes) == 1:  # one pass to the (cold) output, then the rest in cache
        np.add.accumulate(planes[0], dtype=np.int64, out=out)
        out += first
        return
    np.copyto(out, planes[0])
    for digit, plane in enumerate(planes[1:], start=1):
        out += np.left_shift(plane, 8 * digit, dtype=np.int64)
    out[0] = first  # its delta is 0 by construction
    np.cumsum(out, out=out)


def _floats_into(out: np.ndarray, planes: np.ndarray, first: int) -> None:
    """float64 samples from their XOR byte planes (uint8), bit for bit."""
    bits = out.view(np.uint64)
    as_bytes = bits.view(np.uint8).reshape(-1, MAX_WIDTH)
    for byte, plane in enumerate(planes):  # plane by plane: faster than one transposed copy
        as_bytes[:, byte] = plane
    as_bytes[:, len(planes) :] = 0
    bits[0] = np.int64(first).view(np.uint64)
    np.bitwise_xor.accumulate(bits, out=bits)


def _running_at(plane: np.ndarray, first_kept: int, every: int, kept: int, op) -> np.ndarray:
    """op's running total of a plane (np.add: int64, np.bitwise_xor: uint8), read only at
    first_kept, first_kept + every, ...: one reduction per stretch, no full running total."""
    last = first_kept + (kept - 1) * every
    starts = np.arange(first_kept + 1 - every, last + 2 - every, every)
    starts[0] = 0
    if op is np.bitwise_xor:
        return op.accumulate(op.reduceat(plane[: last + 1], starts, dtype=np.uint8))
    narrow = np.int32 if plane.size < 1 << 24 else np.int64  # |digit| <= 128: cannot overflow
    return op.accumulate(op.reduceat(plane[: last + 1], starts, dtype=narrow), dtype=np.int64)


def _kept_integers(
    planes: np.ndarray, first: int, first_kept: int, every: int, kept: int
) -> np.ndarray:
    values = _running_at(planes[0], first_kept, every, kept, np.add)
    for digit, plane in enumerate(planes[1:], start=1):
        values += _running_at(plane, first_kept, every, kept, np.add) << (8 * digit)
    values += first
    return values


def _kept_floats(
    planes: np.ndarray, first: int, first_kept: int, every: int, kept: int
) -> np.ndarray:
    bits = np.full(kept, np.int64(first).view(np.uint64), dtype=np.uint64)
    for digit, plane in enumerate(planes):
        running = _running_at(plane, first_kept, every, kept, np.bitwise_xor)
        bits ^= np.left_shift(running, 8 * digit, dtype=np.uint64)
    return bits.view(np.float64)


class _Kind(NamedTuple):
    dtype: type
    plane_dtype: type
    decode_into: Callable
    decode_kept: Callable


KINDS = {  # how each value kind decodes: whole, or only the kept samples
    INTEGER: _Kind(np.int64, np.int8, _integers_into, _kept_integers),
    FLOAT: _Kind(np.float64, np.uint8, _floats_into, _kept_floats),
}


def _series_into(
    out: np.ndarray, kind: _Kind, planes: np.ndarray, first: int, first_kept: int, every: int
) -> None:
    """Samples first_kept, first_kept + every, ... of one chunk's series into out."""
    if every >= SUMMED_EVERY:
        out[:] = kind.decode_kept(planes, first, first_kept, every, out.size)
    elif out.size == planes.shape[1] and out.dtype == kind.dtype:  # all of it, in place
        kind.decode_into(out, planes, first)
    else:
        whole = np.empty(planes.shape[1], dtype=kind.dtype)
        kind.decode_into(whole, planes, first)
        out[:] = whole[first_kept::every]


def _times_into(out: np.ndarray, chunk: _Chunk, first_kept: int, every: int) -> None:
    """Timestamps first_kept, first_kept + every, ... of a chunk into out."""
    if chunk.time_width != REGULAR:
        (raw,) = _decompressed([chunk.time_frame])
        planes = _planes(raw, chunk.time_width, chunk.count, np.int8)
        _series_into(out, KINDS[INTEGER], planes, chunk.first_time, first_kept, every)
        return
    if every == 1 and first_kept == 0:  # one pass over the output, not two
        np.add(_offsets(out.size, chunk.time_step), chunk.first_time, out=out)
        return
    positions = np.arange(first_kept, first_kept + every * out.size, every)
    np.multiply(positions, chunk.time_step, out=out)
    out += chunk.first_time


# --- decoding many chunks ----------------------------------------------------------------


class _Slot(NamedTuple):
    """What one chunk gives to the output: samples first_kept, + every, ..., kept of them."""

    chunk: _Chunk
    first_kept: int
    kept: int
    at: int  # the output index of its first kept sample


def _slots(chunks: list[_Chunk], every: int, offset: int) -> tuple[list[_Slot], int]:
    """Slots of the chunks holding samples offset, offset + every, ...; the output size."""
    slots, start = [], 0
    for chunk in chunks:
        first_kept = max(offset, offset - (offset - start) // every * every)
        if first_kept < start + chunk.count:
            kept = -(-(start + chunk.count - first_kept) // every)
            slots.append(_Slot(chunk, first_kept - start, kept, (first_kept - offset) // every))
        start += chunk.count
    return slots, max(0, -(-(start - offset) // every))


def _decode_slots(slots: list[_Slot], every: int, out: Samples) -> None:
    frames = [slot.chunk.value_frame for slot in slots]
    sizes = [slot.chunk.value_width * slot.chunk.count for slot in slots]
    done = 0
    for raws in _decompressed_batches(frames, sizes):
        batch = slots[done : done + len(raws)]
        if every >= SUMMED_EVERY and _uniform(batch):
            _decode_kept_together(batch, raws, every, out)
        else:
            for slot, raw in zip(batch, raws, strict=True):
                _decode_slot(slot, raw, every, out)
        done += len(raws)


def _decode_slot(slot: _Slot, raw, every: int, out: Samples) -> None:
    chunk, first_kept, kept, at = slot
    kind = KINDS[chunk.kind]
    planes = _planes(raw, chunk.value_width, chunk.count, kind.plane_dtype)
    _times_into(out.timestamps[at : at + kept], chunk, first_kept, every)
    _series_into(out.values[at : at + kept], kind, planes, chunk.first_value, first_kept, every)


def _uniform(slots: list[_Slot]) -> bool:
    """Integer chunks with regular times and one digit width: decodable in one go."""
    width = slots[0].chunk.value_width
    return all(
        s.chunk.kind == INTEGER and s.chunk.time_width == REGULAR and s.chunk.value_width == width
        for s in slots
    )


def _decode_kept_together(slots: list[_Slot], raws, every: int, out: Samples) -> None:
    """The kept samples of a run of uniform chunks with a few vectorised calls for all of
    them, instead of a dozen small ones per chunk (a day of ECG is 1,440 chunks)."""
    counts = np.array([s.chunk.count for s in slots], dtype=np.int64)
    first_kept = np.array([s.first_kept for s in slots], dtype=np.int64)
    kept = np.array([s.kept for s in slots], dtype=np.int64)
    chunk_of = np.repeat(np.arange(len(slots)), kept)
    j = np.arange(kept.sum()) - np.repeat(np.cumsum(kept) - kept, kept)
    low, high = slots[0].at, slots[0].at + int(kept.sum())
    step = np.array([s.chunk.time_step for s in slots], dtype=np.int64)
    first = np.array([s.chunk.first_time for s in slots], dtype=np.int64)
    times = (first + first_kept * step)[chunk_of] + j * (every * step)[chunk_of]
    out.timestamps[low:high] = times
    width = slots[0].chunk.value_width
    planes = [
        _planes(raw, width, s.chunk.count, np.int8) for s, raw in zip(slots, raws, strict=True)
    ]
    values = np.array([s.chunk.first_value for s in slots], dtype=np.int64)[chunk_of]
    for digit in range(width):
        flat = np.concatenate([plane[digit] for plane in planes])
        sums = _kept_running_sums(flat, counts, first_kept, kept, chunk_of, j, every)
        values += sums << (8 * digit)
    out.values[low:high] = values


def _kept_running_sums(flat, counts, first_kept, kept, chunk_of, j, every: int) -> np.ndarray:
    """Per chunk, the running sum of its stretch of `flat` read at first_kept + every * j:
    one reduction over segments ending at each kept sample (plus each chunk's unkept tail,
    dropped), then running sums restarted at each chunk."""
    offsets = np.cumsum(counts) - counts
    last = first_kept + (kept - 1) * every
    tail = last + 1 < counts
    slots_per_chunk = kept + tail
    position = np.cumsum(slots_per_chunk) - slots_per_chunk
    kept_at = position[chunk_of] + j
    starts = np.empty(int(slots_per_chunk.sum()), dtype=np.int64)
    starts[kept_at] = offsets[chunk_of] + np.where(
        j == 0, 0, first_kept[chunk_of] + 1 + (j - 1) * every
    )
    starts[(position + kept)[tail]] = (offsets + last + 1)[tail]
    narrow = np.int32 if flat.size < 1 << 24 else np.int64  # |digit| <= 128: cannot overflow
    sums = np.add.reduceat(flat, starts, dtype=narrow)[kept_at].astype(np.int64)
    running = np.cumsum(sums)
    before = running[np.cumsum(kept) - kept] - sums[np.cumsum(kept) - kept]
    return running - before[chunk_of]


def decode_many(chunks: Sequence[tuple[int, bytes]], *, every: int = 1, offset: int = 0) -> Samples:
    """The samples of time-ordered (codec id, payload) chunks, concatenated: int64 values if
    all chunks hold integers, else float64; int64 timestamps.

    Only samples offset, offset + every, offset + 2 * every, ... of the concatenation are
    returned: every > 1 decimates without building the running sums of the samples left out
    (a day of ECG decimated to 65,536 points decodes 3 to 4 times faster than whole)."""
    if every < 1 or offset < 0:
        raise ValueError("every must be 1 or more and offset 0 or more")
    parsed = [_parse(codec, payload) for codec, payload in chunks]
    slots, size = _slots(parsed, every, offset)
    floats = any(chunk.kind == FLOAT for chunk in parsed)
    out = Samples(np.empty(size, np.int64), np.empty(size, np.float64 if floats else np.int64))
    _decode_slots(slots, every, out)
    return out


def decode(codec: int, payload: bytes) -> Samples:
    """The samples `encode` was given, exactly."""
    return decode_many([(codec, payload)])
