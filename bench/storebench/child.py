"""Work that needs its own process, started by bench/store.py on the same database.

    python -m bench.storebench.child zip USER_ID START END
    python -m bench.storebench.child writer USER_ID SECONDS {product,naive}

`zip` streams a window of ECG as the data endpoint's zip through Django's handler (the test
Client, no socket) and prints, as JSON, its size, the median time of 3 runs, the process's peak
resident memory before and after, and tracemalloc's peak during one more run: a fresh
process, so the peak is the answer's and not the benchmark's. `writer` prints "ready", then
writes 5-minute pieces of a full channel set for a user, later and later, until SECONDS have
passed, and prints what it wrote.
"""

import json
import statistics
import sys
import time
import tracemalloc

from . import env
from .signals import ECG, TICKS, full_day
from .timing import peak_rss_mb

PIECE_SECONDS = 300


def stream_zip(user_id: int, start: int, end: int) -> None:
    from openhexo.accounts.models import User

    from .product_ops import Api

    api = Api(User.objects.get(pk=user_id))
    api.get_size("zip", [ECG], start, start + PIECE_SECONDS * TICKS)  # imports, login
    before = peak_rss_mb()
    times, size = [], 0
    for _ in range(3):
        started = time.perf_counter()
        size = api.get_size("zip", [ECG], start, end)
        times.append(time.perf_counter() - started)
    after = peak_rss_mb()
    tracemalloc.start()
    api.get_size("zip", [ECG], start, end)
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    result = {
        "bytes": size,
        "seconds": statistics.median(times),
        "rss_before_mb": before,
        "rss_peak_mb": after,
        "traced_peak_mb": traced / 1e6,
    }
    print(json.dumps(result), flush=True)


def write_for(user_id: int, seconds: float, kind: str) -> None:
    from . import naive_ops, product_ops

    hour = full_day(3600, seed=7)
    catalogue = product_ops.datatypes(hour.values)
    print("ready", flush=True)
    started, written, writes = time.perf_counter(), 0, 0
    while time.perf_counter() - started < seconds:
        offset = writes * PIECE_SECONDS
        piece = hour.piece(offset % 3600, offset % 3600 + PIECE_SECONDS)
        shift = (offset - offset % 3600) * TICKS
        piece = {dt: (times + shift, values) for dt, (times, values) in piece.items()}
        if kind == "naive":
            naive_ops.ingest(user_id, piece)
        else:
            product_ops.write_piece(user_id, piece, catalogue)
        written += sum(times.size for times, _ in piece.values())
        writes += 1
    elapsed = time.perf_counter() - started
    print(json.dumps({"samples": written, "writes": writes, "seconds": elapsed}), flush=True)


def main() -> None:
    mode, *args = sys.argv[1:]
    env.setup_django()
    if mode == "zip":
        stream_zip(*map(int, args))
    elif mode == "writer":
        write_for(int(args[0]), float(args[1]), args[2])
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
