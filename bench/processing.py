"""Processing 24 h of a full Hexoskin channel set (ECG, two respiration bands, three
acceleration axes: 61 M raw samples), from raw samples stored to every derived series and the
record's metrics written.

    .venv/bin/python bench/processing.py [--hours 24] [--workers 2] [--neurokit-minutes 10]

The product run: the day is ingested as uploads would store it, then `openhexo worker` with
`--workers` processes works the queue (its pieces of an hour run in parallel); timed from the
worker's start to the job's end. Baselines measured in the same run: the same pieces processed
one after another in this process (what one core does), and neurokit2's defaults
(`ecg_process` and `rsp_process` on both bands) on the first `--neurokit-minutes`, scaled to
the day. SQLite in a temporary data directory, or a throwaway PostgreSQL database with
DATABASE_URL, as bench/store.py does.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from bench.storebench import env  # noqa: E402
from bench.storebench.report import machine  # noqa: E402
from bench.storebench.signals import ACC, ECG, RESP_A, RESP_T, full_day  # noqa: E402

RAW = (ECG, RESP_T, RESP_A, *ACC)
TARGET_SECONDS = 90


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=int, default=24)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--neurokit-minutes", type=float, default=10)
    return parser.parse_args()


def ingest_day(user_id: int, hours: int) -> int:
    """Store the raw channels an hour at a time, as uploads do; samples stored."""
    from openhexo.catalog.datatypes import catalogue
    from openhexo.timeseries.actions import ingest

    day, known, stored = full_day(hours * 3600), catalogue(), 0
    for hour in range(hours):
        piece = day.piece(hour * 3600, (hour + 1) * 3600, RAW)
        ingest(user_id, [(known[pk], *series) for pk, series in piece.items()])
        stored += sum(times.size for times, _ in piece.values())
    return stored


def with_workers(environment: env.Environment, workers: int) -> float:
    """Seconds from starting `openhexo worker` to every job done."""
    from openhexo.processing.models import Job, PendingSpan

    command = [sys.executable, "-m", "openhexo.cli", "worker", "--workers", str(workers)]
    started = time.perf_counter()
    worker = subprocess.Popen(command, env=environment.server_env(), stderr=subprocess.DEVNULL)
    try:
        while PendingSpan.objects.exists() or Job.objects.filter(state="running").exists():
            time.sleep(0.2)
        if not Job.objects.exists() or Job.objects.exclude(state="done").exists():
            raise RuntimeError("processing did not finish cleanly")
        return time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def in_process(user_id: int) -> float:
    """Seconds to process the same day's pieces one after another in this process."""
    from openhexo.processing import jobs

    jobs.reprocess(user_id)
    started = time.perf_counter()
    for piece_id in jobs.start_pending(user_id):
        jobs.run_piece(piece_id)
    return time.perf_counter() - started


def neurokit_day(minutes: float, hours: int) -> float:
    """neurokit2's default ECG and respiration processing of `minutes`, scaled to `hours`."""
    import neurokit2 as nk

    day = full_day(int(minutes * 60))
    started = time.perf_counter()
    nk.ecg_process(day.values[ECG], sampling_rate=256)
    for band in (RESP_T, RESP_A):
        nk.rsp_process(day.values[band], sampling_rate=128)
    return (time.perf_counter() - started) * hours * 60 / minutes


def main() -> None:
    args = parse_args()
    environment = env.create()
    os.environ["OPENHEXO_PROCESSING_DELAY"] = "0"  # the worker takes the day at once
    try:
        env.setup_django()
        env.prepare(environment)
        user = env.make_user("processing")
        samples = ingest_day(user.pk, args.hours)
        print(f"{environment.engine}; {machine(environment.engine)}")
        print(f"stored {samples / 1e6:.1f} M raw samples ({args.hours} h)")
        report(args, samples, with_workers(environment, args.workers), in_process(user.pk))
    finally:
        env.destroy(environment)


def report(args: argparse.Namespace, samples: int, parallel: float, serial: float) -> None:
    from openhexo.processing.models import MetricValue

    scale = 24 / args.hours
    neurokit = neurokit_day(args.neurokit_minutes, args.hours)
    verdict = "PASS" if parallel * scale <= TARGET_SECONDS else "MISS"
    print(f"\n| run | {args.hours} h | per 24 h | samples/s |\n|---|---:|---:|---:|")
    for label, seconds in (
        (f"openhexo worker, {args.workers} processes", parallel),
        ("same pieces, one after another, in process", serial),
        ("neurokit2 defaults (ECG + 2 respiration bands only), scaled", neurokit),
    ):
        print(f"| {label} | {seconds:.1f} s | {seconds * scale:.1f} s | {samples / seconds:,.0f} |")
    print(
        f"\ntarget: 24 h in {TARGET_SECONDS} s or less: {verdict}; workers vs one after another: "
        f"x{serial / parallel:.2f}; vs neurokit2 defaults: x{neurokit / parallel:.1f}"
    )
    print(f"metrics written: {MetricValue.objects.count()}")


if __name__ == "__main__":
    main()
