"""What the validate_*.py scripts share: the real export's folder, timing on one core, and
their command line and printed table."""

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXPORT = SHARED / "data/hexoskin-export/harlab-257575"
# Beat labels of the MIT-BIH annotation code table (rhythm, noise and comment codes left out).
BEAT_SYMBOLS = set("NLRBAaJSVrFejnE/fQ?")
Rows = list[tuple[str, str]]


def on_one_core(work: Callable):
    """(result, seconds) of work run pinned to one CPU (numpy's pools are set to one thread by
    the scripts before numpy loads)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def main(
    description: str,
    synthetic_rows: Callable[[int, int], Rows],
    export_rows: Callable[[], Rows],
    speed_rows: Callable[[float, int], Rows],
    seed: int,
) -> None:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--hours", type=float, default=24)
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--seed", type=int, default=seed)
    args = parser.parse_args()
    table = [("synthetic, 1 h", *row) for row in synthetic_rows(3600, args.seed)]
    if EXPORT.exists():
        table += [("export, 1033 s", *row) for row in export_rows()]
    else:
        table.append(("export", "skipped", f"{EXPORT} is absent"))
    if not args.no_speed:
        table += [(f"speed, {args.hours:g} h", *row) for row in speed_rows(args.hours, args.seed)]
    print("| data | measure | value |\n|---|---|---|")
    for row in table:
        print("| " + " | ".join(row) + " |")
