"""The chunk codec on ECG: bytes per sample and speed, against raw int16 + zstd, same run.

    .venv/bin/python bench/codec.py [path/to/ECG_I.wav]

Synthetic: a 256 Hz 12-bit ECG-like signal with 3 LSB of noise, in 1-minute chunks (the grid
of DESIGN.md section 4): 2 h chunk by chunk, then window reads with decode_many: 24 h (1440
chunks) whole and decimated to at most 65,536 points, and 5 minutes. Real: the export's
ECG_I.wav when a path is given.
"""

import math
import sys
import time
import wave

import numpy as np
import zstandard

from openhexo.timeseries.codec import decode, decode_many, encode

MINUTE = 15360  # samples of a 256 Hz series in one grid cell
MAX_POINTS = 65536  # what a read returns at most (DESIGN.md section 4)


def synthetic_ecg(minutes: int) -> np.ndarray:
    rng = np.random.default_rng(1)
    t = np.arange(minutes * MINUTE) / 256
    wave_ = 2048 + 400 * np.sin(2 * np.pi * 1.2 * t) ** 15 + 60 * np.sin(2 * np.pi * 0.25 * t)
    return np.round(wave_ + rng.normal(0, 3, t.size)).astype(np.int64)


def wav_samples(path: str) -> np.ndarray:
    with wave.open(path) as recording:
        return np.frombuffer(recording.readframes(recording.getnframes()), "<i2").astype(np.int64)


def best_of(work, runs: int = 5) -> float:
    """The fastest of several runs, in seconds: the machine's noise only ever adds time."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def encoded_minutes(values: np.ndarray) -> tuple[list, list, list]:
    """(timestamps, values, (codec, payload)) of consecutive 1-minute chunks."""
    chunks = [values[i : i + MINUTE] for i in range(0, values.size, MINUTE)]
    times = [427217263872 + i + np.arange(c.size, dtype=np.int64) for i, c in enumerate(chunks)]
    return times, chunks, [encode(t, v) for t, v in zip(times, chunks, strict=True)]


def measure(values: np.ndarray) -> dict:
    times, chunks, payloads = encoded_minutes(values)
    encoded = best_of(lambda: [encode(t, v) for t, v in zip(times, chunks, strict=True)])
    decoded = best_of(lambda: [decode(codec, payload) for codec, payload in payloads])
    size = sum(len(payload) for _, payload in payloads)
    baseline = sum(len(zstandard.compress(c.astype("<i2").tobytes(), 3)) for c in chunks)
    return {
        "samples": values.size,
        "bytes_per_sample": size / values.size,
        "raw_zstd_bytes_per_sample": baseline / values.size,
        "encode_msamples_s": values.size / encoded / 1e6,
        "decode_msamples_s": values.size / decoded / 1e6,
    }


def decimated(samples, step: int) -> tuple[np.ndarray, np.ndarray]:
    """What a reader does after a whole decode: every step-th sample, made contiguous."""
    return samples.timestamps[::step].copy(), samples.values[::step].copy()


def measure_windows(values: np.ndarray) -> dict:
    """decode_many on a long window (all chunks) and on a 5-minute one (the first 5)."""
    _, _, payloads = encoded_minutes(values)
    step = math.ceil(values.size / MAX_POINTS)
    whole = best_of(lambda: decode_many(payloads))
    thinned = best_of(lambda: decimated(decode_many(payloads), step))
    kept = best_of(lambda: decode_many(payloads, every=step))
    five = best_of(lambda: decode_many(payloads[:5]), runs=50)
    one = best_of(lambda: decode(*payloads[0]), runs=200)
    return {
        "samples": values.size,
        "decode_many_msamples_s": values.size / whole / 1e6,
        "decode_many_ms": whole * 1e3,
        "decode_many_then_slice_ms": thinned * 1e3,
        "decode_many_every_ms": kept * 1e3,
        "every": step,
        "points": math.ceil(values.size / step),
        "five_minutes_ms": five * 1e3,
        "five_minutes_msamples_s": 5 * MINUTE / five / 1e6,
        "one_chunk_us": one * 1e6,
    }


def main() -> None:
    print("synthetic 2 h:", measure(synthetic_ecg(2 * 60)))
    print("synthetic 24 h, window reads:", measure_windows(synthetic_ecg(24 * 60)))
    if len(sys.argv) > 1:
        print("real export:", measure(wav_samples(sys.argv[1])))


if __name__ == "__main__":
    main()
