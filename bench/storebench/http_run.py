"""The HTTP run: `openhexo serve` on a free loopback port, driven by closed-loop clients.

The server runs openhexo's own settings (answer cache included) on the benchmark's database,
or bench.settings (no answer cache) to measure what the cache costs.
Every GET asks for a different window (shifted by a few ticks), so no answer comes from the
cache; the per-user rate limits are raised so that the load is not refused.
"""

import base64
import http.client
import itertools
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .env import PASSWORD, Environment
from .timing import percentile

BIN = Path(sys.executable).parent
NO_LIMIT = "100000000/m"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`openhexo serve --workers N` on the benchmark's database, for a `with` block; without
    its background worker, so uploads are measured without their processing (bench/processing.py
    measures that)."""

    def __init__(self, env: Environment, workers: int = 2, settings: str | None = None) -> None:
        self.port = free_port()
        self.environment = env.server_env() | {
            "OPENHEXO_RATE_USER": NO_LIMIT,
            "OPENHEXO_RATE_CLIENT": NO_LIMIT,
            "OPENHEXO_LOG_LEVEL": "WARNING",
        }
        self.environment.pop("DJANGO_SETTINGS_MODULE", None)  # openhexo's settings, unchanged
        if settings:
            self.environment["DJANGO_SETTINGS_MODULE"] = settings
        self.command = [str(BIN / "openhexo"), "serve", "--port", str(self.port)]
        self.command += ["--workers", str(workers), "--no-worker"]  # no processing behind
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        self.process = subprocess.Popen(
            self.command,
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_until_up()
        return self

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def _wait_until_up(self) -> None:
        for _ in range(300):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/api/")
                connection.getresponse().read()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"openhexo serve did not start on port {self.port}")


def basic(email: str) -> str:
    return "Basic " + base64.b64encode(f"{email}:{PASSWORD}".encode()).decode()


@dataclass
class Load:
    """What a closed-loop run measured: latencies (s), bytes, errors, wall time."""

    latencies: list[float] = field(default_factory=list)
    received: int = 0
    sent: int = 0
    errors: int = 0
    wall: float = 0.0

    def summary(self) -> dict:
        return {
            "requests": len(self.latencies),
            "rps": len(self.latencies) / self.wall if self.wall else 0.0,
            "p50_ms": percentile(self.latencies, 50) * 1e3,
            "p90_ms": percentile(self.latencies, 90) * 1e3,
            "p99_ms": percentile(self.latencies, 99) * 1e3,
            "mb_per_request": self.received / max(1, len(self.latencies)) / 1e6,
            "errors": self.errors,
        }


Request = tuple[str, str, bytes | None, dict]  # method, path, body, headers


def _client(port: int, requests: Callable[[], Request | None], load: Load, lock, stop) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    while not stop.is_set():
        request = requests()
        if request is None:
            return
        method, path, body, headers = request
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            size = len(response.read())
            status = response.status
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            status, size = 0, 0
        elapsed = time.perf_counter() - started
        with lock:
            if status in (200, 201):
                load.latencies.append(elapsed)
                load.received += size
                load.sent += len(body or b"")
            else:
                load.errors += 1
    connection.close()


def closed_loop(
    port: int, requests: Callable[[], Request | None], concurrency: int, seconds: float
) -> Load:
    """`concurrency` clients, each sending its next request when the last one is answered,
    until `requests` gives None or `seconds` have passed."""
    load, lock, stop = Load(), threading.Lock(), threading.Event()
    threads = [
        threading.Thread(target=_client, args=(port, requests, load, lock, stop))
        for _ in range(concurrency)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, seconds - (time.perf_counter() - started)))
    stop.set()
    for thread in threads:
        thread.join()
    load.wall = time.perf_counter() - started
    return load


def window_requests(
    user_id: int,
    email: str,
    datatype_ids,
    first: int,
    length: int,
    accept: str,
    limit: int | None = None,
    shift: int = 7,
) -> Callable[[], Request | None]:
    """GETs of windows of `length` ticks from `first`, each `shift` ticks further (0: the
    same window every time, so answers after the first come from the cache)."""
    counter, lock = itertools.count(), threading.Lock()
    headers = {"Authorization": basic(email), "Accept": accept}
    ids = ",".join(map(str, datatype_ids))

    def next_request() -> Request | None:
        with lock:
            number = next(counter)
        if limit is not None and number >= limit:
            return None
        start = first + shift * number
        path = f"/api/data/?user={user_id}&datatype={ids}&start={start}&end={start + length - 1}"
        return "GET", path, None, headers

    return next_request


def body_requests(bodies: list[tuple[str, bytes]]) -> Callable[[], Request | None]:
    """POSTs of prepared JSON bodies, each once, as (email, body)."""
    queue, lock = iter(bodies), threading.Lock()

    def next_request() -> Request | None:
        with lock:
            item = next(queue, None)
        if item is None:
            return None
        email, body = item
        headers = {"Authorization": basic(email), "Content-Type": "application/json"}
        return "POST", "/api/data/", body, headers

    return next_request
