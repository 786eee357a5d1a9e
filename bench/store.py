"""The chunk store against a naive one-row-per-sample Django model, measured in the same run.

    .venv/bin/python bench/store.py                 # SQLite, in a temporary data directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/store.py

With DATABASE_URL, a throwaway database is created on that server and dropped at the end.
Scenarios of STORAGE.md section 4.2, on the synthetic recording it describes (bench/storebench/
signals.py): S1 ingest of 24 h of a full Hexoskin channel set (62.7 M samples) and bytes per
sample, also for the real export's ECG; S2 ECG windows of 5 minutes, 1 hour and 24 hours, read
(decode and slice) and answered as JSON, CSV and zip; S3 seven datatypes in one request; S4
reads while another process writes; S6 24 h of ECG as a zip (MB/s, peak memory); then the
HTTP run against `openhexo serve` (GET latency percentiles at concurrency 8, POST JSON ingest).

The naive baseline is ingested with bulk_create on a slice of the same recording (10 minutes by
default: 24 hours would take many minutes and gigabytes), and compared per sample; its read
table holds the same ECG as the product's, loaded without the ORM. Prints a markdown table of
targets, measured values, naive values, ratios and PASS/MISS.
"""

import argparse
import cProfile
import json
import pstats
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: bench/ is on the path, the repository is not
    sys.path.insert(0, str(ROOT))
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

import numpy as np  # noqa: E402
import orjson  # noqa: E402

from bench.storebench import env, http_run  # noqa: E402
from bench.storebench.report import Report, Row, machine  # noqa: E402
from bench.storebench.signals import (  # noqa: E402
    ECG,
    MULTI,
    T0,
    TICKS,
    Day,
    full_day,
    wav_samples,
)
from bench.storebench.timing import once, percentile, timed_median  # noqa: E402

REAL_ECG = ROOT.parent / "shared/data/hexoskin-export/harlab-257575/ECG_I.wav"
WINDOW_START = T0 + 264320  # 1032.5 s in: unaligned with the minute grid
WINDOWS = {"5 min": 300, "1 h": 3600, "24 h": 86400}
MAX_POINTS = 65536


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=int, default=24, help="hours recorded (default 24)")
    parser.add_argument(
        "--naive-minutes", type=int, default=10, help="minutes ingested naively (default 10)"
    )
    parser.add_argument(
        "--naive-hours",
        type=int,
        default=None,
        help="hours of ECG in the naive read table (default: --hours)",
    )
    parser.add_argument("--seconds", type=float, default=10, help="per HTTP and S4 scenario")
    parser.add_argument("--quick", action="store_true", help="2 hours, 3 s scenarios")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP run")
    parser.add_argument("--profile", action="store_true", help="profile the slow paths")
    parser.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    args = parser.parse_args()
    if args.quick:
        args.hours, args.seconds = 2, 3
    args.naive_hours = min(args.naive_hours or args.hours, args.hours)
    return args


class Bench:
    """The shared state of a run: the recording, the users, the report."""

    def __init__(self, args: argparse.Namespace, environment: env.Environment) -> None:
        from bench.storebench import product_ops

        self.args, self.env, self.report = args, environment, Report()
        self.day: Day = full_day(args.hours * 3600)
        self.catalogue = product_ops.datatypes(self.day.values)
        self.reader = env.make_user("reader")  # ingested with records: the one read from
        self.writer = env.make_user("writer")  # store.write only
        self.ecg = self.catalogue[ECG]

    def add(self, row: Row, check=None) -> Row:
        return self.report.add(row, check)


# --- S1: ingest and size -----------------------------------------------------------------


def ingest_day(bench: Bench) -> float:
    from bench.storebench import product_ops

    day, hours = bench.day, bench.args.hours
    print(f"S1 ingest: {hours} h of {len(day.values)} series, {day.samples / 1e6:.1f} M samples")
    wrote = once(
        lambda: product_ops.write_hours(bench.writer.pk, day, bench.catalogue, hours, False)
    )
    ingested = once(
        lambda: product_ops.write_hours(bench.reader.pk, day, bench.catalogue, hours, True)
    )
    rate = day.samples / wrote.median / 1e6
    bench.add(
        Row("S1 ingest 24 h", "store.write, numpy", rate, "M samples/s", None, True, ">= 5"),
        lambda r: r.ours >= 5,
    )
    ingest_rate = day.samples / ingested.median / 1e6
    bench.add(Row("S1 ingest 24 h", "actions.ingest (+records)", ingest_rate, "M samples/s"))
    return rate


def naive_ingest(bench: Bench, product_rate: float) -> None:
    from bench.storebench import naive_ops, product_ops

    minutes = bench.args.naive_minutes
    piece = bench.day.piece(0, minutes * 60)
    count = sum(times.size for times, _ in piece.values())
    user = env.make_user("naive-ingest")
    naive = once(lambda: naive_ops.ingest(user.pk, piece))
    naive_rate = count / naive.median / 1e6
    same = env.make_user("slice")
    ours = once(lambda: product_ops.write_piece(same.pk, piece, bench.catalogue))
    bench.add(
        Row(
            "S1 ingest",
            f"24 h store.write vs naive bulk_create of {minutes} min",
            product_rate,
            "M samples/s",
            naive_rate,
            True,
            "ratio >= 100",
        ),
        lambda r: r.ratio >= 100,
    )
    bench.add(
        Row(
            "S1 ingest",
            f"same {minutes} min slice ({count / 1e3:.0f} k samples), one store.write",
            count / ours.median / 1e6,
            "M samples/s",
            naive_rate,
            True,
        )
    )


def sizes(bench: Bench) -> None:
    from bench.storebench import naive_ops, product_ops
    from bench.storebench.signals import RESP_T

    payload, samples = product_ops.payload_bytes(ECG, bench.reader.pk)
    naive_bytes = naive_ops.table_bytes(naive_ops.TABLE) / max(1, naive_ops.count())
    bench.add(
        Row(
            "S1 size",
            "ECG payload, benchmark ECG",
            payload / samples,
            "B/sample",
            naive_bytes,
            target="<= 0.8",
        ),
        lambda r: r.ours <= 0.8,
    )
    if REAL_ECG.exists():
        values = wav_samples(REAL_ECG)
        user = env.make_user("real")
        times = T0 + np.arange(values.size, dtype=np.int64)
        product_ops.write_piece(user.pk, {ECG: (times, values)}, bench.catalogue)
        real, count = product_ops.payload_bytes(ECG, user.pk)
        bench.add(
            Row("S1 size", "ECG payload, real export ECG_I (17 min)", real / count, "B/sample")
        )
    resp, resp_count = product_ops.payload_bytes(RESP_T, bench.reader.pk)
    bench.add(Row("S1 size", "respiration payload", resp / resp_count, "B/sample"))
    table = naive_ops.table_bytes("timeseries_chunk") / max(1, product_ops.stored_samples())
    bench.add(Row("S1 size", "on disk, chunk table + indexes", table, "B/sample", naive_bytes))


def naive_read_table(bench: Bench) -> None:
    """The naive table the read baselines query: the reader's ECG, and an hour of MULTI."""
    from bench.storebench import naive_ops

    hours = bench.args.naive_hours
    started = time.perf_counter()
    times, values = bench.day.series(ECG, 0, hours * 3600)
    naive_ops.load_fast(bench.reader.pk, ECG, times, values)
    for datatype in MULTI[1:]:
        naive_ops.load_fast(bench.reader.pk, datatype, *bench.day.series(datatype, 0, 3600))
    elapsed = time.perf_counter() - started
    print(f"naive read table: {naive_ops.count() / 1e6:.1f} M rows loaded in {elapsed:.0f} s")


# --- S2, S3: windows ---------------------------------------------------------------------


def window_bounds(seconds: int, hours: int) -> tuple[int, int]:
    """[start, end] ticks of a window: unaligned, or the whole recording for a day."""
    if seconds >= hours * 3600:
        return T0, T0 + hours * 3600 * TICKS - 1
    return WINDOW_START, WINDOW_START + seconds * TICKS - 1


def check_same(bench: Bench, label: str, start: int, end: int) -> None:
    """Correctness gate before timing: the same decimated samples, the same JSON content."""
    from bench.storebench import naive_ops, product_ops

    user = bench.reader
    ours = product_ops.read(user.pk, bench.ecg, start, end)
    if not product_ops.same_samples(ours, naive_ops.read(user.pk, ECG, start, end)):
        raise SystemExit(f"{label}: openhexo and the naive baseline return different samples")
    mine = orjson.loads(product_ops.render_json(user, [ECG], start, end))
    theirs = orjson.loads(naive_ops.json_answer(user.pk, [ECG], start, end))
    if mine != theirs:
        raise SystemExit(f"{label}: the JSON answers differ")


def measure_window(bench: Bench, label: str, seconds: int) -> None:
    from bench.storebench import naive_ops, product_ops

    start, end = window_bounds(seconds, bench.args.hours)
    naive_covers = end < T0 + bench.args.naive_hours * 3600 * TICKS
    user, api = bench.reader, product_ops.Api(bench.reader)
    if naive_covers:
        check_same(bench, label, start, end)
    print(f"S2 {label} window ({(end - start + 1) // TICKS} s)")

    def naive_timed(work):
        return timed_median(work) if naive_covers else None

    scenario = f"S2 ECG {label}"
    read = timed_median(lambda: product_ops.read(user.pk, bench.ecg, start, end))
    naive_read = naive_timed(lambda: naive_ops.read(user.pk, ECG, start, end))
    row = Row(scenario, "read: decode + slice", read.ms, "ms", naive_read and naive_read.ms)
    row.target = "ratio >= 50"
    bench.add(row, (lambda r: r.ratio >= 50) if naive_covers else None)
    view = timed_median(lambda: api.get("json", [ECG], start, end))
    naive_json = naive_timed(lambda: naive_ops.json_answer(user.pk, [ECG], start, end))
    json_target = {"5 min": 5.0, "24 h": 150.0}.get(label)
    row = Row(scenario, "JSON, GET view in process", view.ms, "ms", naive_json and naive_json.ms)
    row.target = f"<= {json_target:.0f} ms" if json_target else ""
    bench.add(row, (lambda r: r.ours <= json_target) if json_target else None)
    render = timed_median(lambda: product_ops.render_json(user, [ECG], start, end))
    bench.add(Row(scenario, "JSON, render only (no handler)", render.ms, "ms"))
    queries = api.queries("json", [ECG], start, end)
    bench.add(Row(scenario, "SQL statements per JSON GET", queries, "queries"))
    csv = timed_median(lambda: api.get("csv", [ECG], start, end))
    naive_csv = naive_timed(lambda: naive_ops.csv_answer(user.pk, ECG, start, end))
    bench.add(Row(scenario, "CSV, GET view", csv.ms, "ms", naive_csv and naive_csv.ms))
    zipped = timed_median(lambda: api.get_size("zip", [ECG], start, end))
    naive_zip = naive_timed(lambda: naive_ops.zip_answer(user.pk, ECG, start, end, 256))
    mb = zipped.result / 1e6
    row = Row(scenario, f"zip, GET view ({mb:.1f} MB)", zipped.ms, "ms")
    row.naive = naive_zip and naive_zip.ms
    bench.add(row)


def measure_multi(bench: Bench) -> None:
    from bench.storebench import naive_ops, product_ops

    start, end = T0, T0 + 3600 * TICKS - 1  # the hour the naive table holds of every series
    user, api = bench.reader, product_ops.Api(bench.reader)
    mine = orjson.loads(product_ops.render_json(user, MULTI, start, end))
    if mine != orjson.loads(naive_ops.json_answer(user.pk, MULTI, start, end)):
        raise SystemExit("S3: the JSON answers differ")
    view = timed_median(lambda: api.get("json", MULTI, start, end))
    naive = timed_median(lambda: naive_ops.json_answer(user.pk, MULTI, start, end))
    bench.add(Row("S3 7 series, 1 h", "JSON, GET view in process", view.ms, "ms", naive.ms))


def answer_cache(bench: Bench) -> None:
    """What openhexo's default answer cache (files in the data directory) costs per answer."""
    import tempfile

    from django.core.cache.backends.filebased import FileBasedCache

    from bench.storebench import product_ops

    start, end = window_bounds(300, bench.args.hours)
    body = product_ops.render_json(bench.reader, [ECG], start, end)
    with tempfile.TemporaryDirectory() as folder:
        cache = FileBasedCache(folder, {"TIMEOUT": 3600, "OPTIONS": {"MAX_ENTRIES": 2000}})
        keys = iter(range(10**6))
        put = timed_median(lambda: cache.set(f"k{next(keys)}", (0, "application/json", body)))
        got = timed_median(lambda: cache.get("k0"))
    scenario = f"answer cache ({len(body) / 1e6:.2f} MB 5-min JSON)"
    bench.add(Row(scenario, "FileBasedCache.set, on every miss", put.ms, "ms"))
    bench.add(Row(scenario, "FileBasedCache.get, a hit", got.ms, "ms"))


# --- S4: reads while writing -------------------------------------------------------------


def child(bench: Bench, *args: str) -> subprocess.Popen:
    environment = bench.env.server_env() | {"DJANGO_SETTINGS_MODULE": "bench.settings"}
    command = [sys.executable, "-m", "bench.storebench.child", *args]
    return subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, text=True, cwd=ROOT)


def latencies_for(seconds: float, work) -> list[float]:
    found, until = [], time.perf_counter() + seconds
    number = 0
    while time.perf_counter() < until:
        started = time.perf_counter()
        work(number)
        found.append(time.perf_counter() - started)
        number += 1
    return found


def read_under_write(bench: Bench, kind: str) -> None:
    from bench.storebench import naive_ops, product_ops

    seconds, length = bench.args.seconds, 300 * TICKS - 1
    api, user = product_ops.Api(bench.reader), bench.reader

    def work(number: int) -> None:
        start = WINDOW_START + 7 * number
        if kind == "naive":
            naive_ops.json_answer(user.pk, [ECG], start, start + length)
        else:
            api.get("json", [ECG], start, start + length)

    idle = latencies_for(seconds, work)
    writer = env.make_user(f"live-{kind}")
    process = child(bench, "writer", str(writer.pk), str(seconds), kind)
    process.stdout.readline()  # "ready"
    busy = latencies_for(seconds, work)
    wrote = json.loads(process.stdout.readline())
    process.wait()
    rate = wrote["samples"] / wrote["seconds"] / 1e6
    for q in (50, 99):
        before, during = percentile(idle, q) * 1e3, percentile(busy, q) * 1e3
        metric = f"5-min JSON p{q}, writer at {rate:.2f} M samples/s: idle {before:.1f} ms"
        bench.add(Row(f"S4 read under write ({kind})", metric, during, "ms during"))


# --- S6: a day of ECG as a zip, in its own process ---------------------------------------


def zip_day(bench: Bench) -> None:
    start, end = window_bounds(86400, bench.args.hours)
    process = child(bench, "zip", str(bench.reader.pk), str(start), str(end))
    found = json.loads(process.communicate()[0].strip().splitlines()[-1])
    rate = found["bytes"] / found["seconds"] / 1e6
    label = f"S6 zip of {bench.args.hours} h ECG"
    bench.add(Row(label, f"GET view, {found['bytes'] / 1e6:.0f} MB", rate, "MB/s", None, True,
                  ">= 100"), lambda r: r.ours >= 100)  # fmt: skip
    bench.add(
        Row(label, "peak RSS of the serving process", found["rss_peak_mb"], "MB",
            target="< 200"), lambda r: r.ours < 200)  # fmt: skip
    growth = found["rss_peak_mb"] - found["rss_before_mb"]
    bench.report.note(
        f"zip: peak RSS grew by {growth:.0f} MB while streaming; tracemalloc peak "
        f"{found['traced_peak_mb']:.1f} MB"
    )


# --- HTTP run ----------------------------------------------------------------------------


def json_bodies(day: Day, seconds: int) -> list[bytes]:
    """POST /api/data/ bodies of `seconds` each of every series, the caller's own data."""
    bodies = []
    for low in range(0, day.seconds, seconds):
        series = []
        for datatype, (times, values) in day.piece(low, low + seconds).items():
            pairs = orjson.dumps(
                np.column_stack((times, values)), option=orjson.OPT_SERIALIZE_NUMPY
            )
            series.append(b'"%d":%s' % (datatype, pairs))
        bodies.append(b'{"data":{' + b",".join(series) + b"}}")
    return bodies


GET_CASES = [  # label, datatypes, window seconds, Accept, clients, shift between windows
    ("5-min ECG JSON", [ECG], 300, "application/json", 1, 7),
    ("5-min ECG JSON", [ECG], 300, "application/json", 8, 7),
    ("5-min ECG JSON, one window (cache hits)", [ECG], 300, "application/json", 8, 0),
    ("1-h ECG JSON", [ECG], 3600, "application/json", 8, 7),
    ("24-h ECG JSON (65,536 points)", [ECG], 86400, "application/json", 8, 7),
    ("5-min ECG CSV", [ECG], 300, "text/csv", 8, 7),
    ("1-h ECG zip", [ECG], 3600, "application/octet-stream", 8, 7),
    ("1 h of 7 series JSON", list(MULTI), 3600, "application/json", 8, 7),
]
UNCACHED_CASES = GET_CASES[:2]


def http_gets(bench: Bench, server: http_run.Server, cases: list, scenario: str) -> None:
    user, seconds = bench.reader, bench.args.seconds
    warm = http_run.window_requests(user.pk, user.email, [ECG], WINDOW_START, 256, "*/*", 32)
    http_run.closed_loop(server.port, warm, 8, 60)  # logins (~0.3 s each), connections
    for label, ids, length, accept, clients, shift in cases:
        start, end = window_bounds(length, bench.args.hours)
        requests = http_run.window_requests(
            user.pk, user.email, ids, start, end - start + 1, accept, shift=shift
        )
        summary = http_run.closed_loop(server.port, requests, clients, seconds).summary()
        metric = (
            f"{label}, {clients} client(s): p50 {summary['p50_ms']:.1f} / "
            f"p90 {summary['p90_ms']:.1f} / p99 {summary['p99_ms']:.1f} ms "
            f"({summary['requests']} requests, {summary['mb_per_request']:.2f} MB each, "
            f"{summary['errors']} errors)"
        )
        bench.add(Row(scenario, metric, summary["rps"], "req/s"))


def http_posts(bench: Bench, server: http_run.Server) -> None:
    """POST JSON ingest: 10-minute bodies of the full channel set, 1 then 2 clients."""
    part = bench.day.head(min(2, bench.args.hours) * 3600)
    bodies = json_bodies(part, 600)
    megabytes = sum(map(len, bodies)) / 1e6
    for clients in (1, 2):
        users = [env.make_user(f"poster-{clients}-{i}") for i in range(clients)]
        items = [(users[i % clients].email, body) for i, body in enumerate(bodies)]
        load = http_run.closed_loop(server.port, http_run.body_requests(items), clients, 600)
        if load.errors:
            raise SystemExit(f"POST /api/data/: {load.errors} requests failed")
        rate = part.samples / load.wall / 1e6
        metric = (
            f"POST JSON, {clients} client(s), {len(bodies)} bodies of 10 min "
            f"({megabytes / len(bodies):.1f} MB each), p50 {percentile(load.latencies, 50):.2f} s"
        )
        bench.add(
            Row("HTTP ingest", metric, rate, "M samples/s", None, True, ">= 1.5"),
            lambda r: r.ours >= 1.5,
        )


def http_run_all(bench: Bench) -> None:
    with http_run.Server(bench.env) as server:
        print(f"HTTP run: openhexo serve on port {server.port}, 2 workers")
        http_gets(bench, server, GET_CASES, "HTTP GET")
        http_posts(bench, server)
    with http_run.Server(bench.env, settings="bench.settings") as server:
        print("HTTP run again with the answer cache off (bench.settings)")
        http_gets(bench, server, UNCACHED_CASES[:2], "HTTP GET, no answer cache")


# --- profiles ----------------------------------------------------------------------------

VIEW_PARTS = [  # (label, substring of "file:function" in cProfile's keys)
    ("auth: HTTP Basic and lockout", "auth.py:key_or_basic_caller"),
    ("parse_query", "query.py:parse_query"),
    ("in_scope (chunks present)", "read.py:in_scope"),
    ("answer cache key (versions)", "cache.py:key"),
    ("all SQL (ORM build + run)", "compiler.py:execute_sql"),
    ("store.read", "store.py:read"),
    ("  store._outside", "store.py:_outside"),
    ("  codec.decode_many", "codec.py:decode_many"),
    ("JSON: series_json (orjson)", "render.py:series_json"),
    ("CSV: table._rows", "table.py:_rows"),
    ("  numtext.format_values", "numtext.py:format_values"),
    ("zip: slots.fill (pulls store.blocks)", "slots.py:fill"),
    ("  store.blocks", "store.py:blocks"),
    ("POST: parse_json", "ingest.py:parse_json"),
    ("  orjson.loads", "orjson.loads"),
    ("  numpy.array of pair lists", "numpy.array"),
    ("POST: actions.ingest", "actions.py:ingest"),
    ("  store.write", "store.py:write"),
]


def profile(label: str, work, runs: int = 1) -> None:
    """Cumulative time of the product's main steps, as shares of the whole (cProfile slows
    Python-heavy code more than C-heavy code: the shares are indicative)."""
    work()  # warm: logins, imports, connections
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        work()
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    total = sum(tottime for _, _, tottime, _, _ in stats.values())
    print(f"\n--- profile: {label}, {total / runs * 1e3:.1f} ms a run under cProfile ---")
    for name, needle in VIEW_PARTS:
        found = [
            cumulative
            for (path, line, function), (_, _, _, cumulative, _) in stats.items()
            if needle in f"{path}:{function}" or needle in function
        ]
        spent = sum(found)
        if spent >= total * 0.005:
            print(f"  {name:34} {spent / runs * 1e3:8.2f} ms {spent / total:6.1%}")


def profiles(bench: Bench) -> None:
    from django.test import Client

    from bench.storebench import product_ops

    api = product_ops.Api(bench.reader)
    start, end = window_bounds(300, bench.args.hours)
    day_start, day_end = window_bounds(86400, bench.args.hours)
    profile("5-min JSON GET view", lambda: api.get("json", [ECG], start, end), runs=20)
    profile("5-min CSV GET view", lambda: api.get("csv", [ECG], start, end), runs=10)
    profile("24-h JSON GET view", lambda: api.get("json", [ECG], day_start, day_end), runs=3)
    profile("24-h zip GET view", lambda: api.get_size("zip", [ECG], day_start, day_end))
    poster = env.make_user("profile-poster")
    bodies = iter(json_bodies(bench.day.head(3600), 600))
    client = Client(HTTP_AUTHORIZATION=http_run.basic(poster.email))
    profile(
        "POST JSON, 10 min of 29 series (435 k samples), in process",
        lambda: client.post("/api/data/", next(bodies), content_type="application/json"),
        runs=4,
    )


# --- main --------------------------------------------------------------------------------


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]} (WAL, synchronous=NORMAL)"


def run(bench: Bench) -> None:
    rate = ingest_day(bench)
    naive_ingest(bench, rate)
    naive_read_table(bench)
    sizes(bench)
    for label, seconds in WINDOWS.items():
        if seconds <= bench.args.hours * 3600:
            measure_window(bench, label, seconds)
    measure_multi(bench)
    answer_cache(bench)
    zip_day(bench)
    for kind in ("product", "naive"):
        read_under_write(bench, kind)
    if not bench.args.no_http:
        http_run_all(bench)
    if bench.args.profile:
        profiles(bench)


def main() -> None:
    args = parse_args()
    environment = env.create()
    started = time.perf_counter()
    try:
        env.setup_django()
        env.prepare(environment)
        description = machine(database_version())
        print(f"openhexo chunk store vs naive rows, {environment.engine}\n{description}")
        bench = Bench(args, environment)
        run(bench)
        print(f"\n{environment.engine}, {args.hours} h recording; {description}\n")
        print(bench.report.markdown())
        for note in bench.report.notes:
            print(f"- {note}")
        print(f"\ntotal {time.perf_counter() - started:.0f} s")
        if args.json:
            rows = [row.__dict__ | {"ratio": row.ratio} for row in bench.report.rows]
            args.json.write_text(json.dumps({"machine": description, "rows": rows}, indent=1))
    finally:
        env.destroy(environment)


if __name__ == "__main__":
    main()
