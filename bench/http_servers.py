"""Gunicorn against granian serving openhexo, measured with wrk in the same run.

    .venv/bin/pip install granian==2.8.7 && .venv/bin/python bench/http_servers.py

Both serve the same migrated SQLite database with 2 worker processes; wrk (Debian package)
drives 8 connections at a datatype list page, HTTP Basic included. Prints requests per second,
latency percentiles and the granian/gunicorn ratio.
"""

import base64
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent
EMAIL, PASSWORD = "bench@example.com", "bench-password-1"
PATH = "/api/datatype/?limit=20"
SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(port: int) -> None:
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/").close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


def commands(port: int) -> dict[str, list[str]]:
    return {
        "gunicorn": [str(BIN / "openhexo"), "serve", "--port", str(port), "--workers", "2"],
        "granian": [
            str(BIN / "granian"),
            "--interface",
            "wsgi",
            "--workers",
            "2",
            "--blocking-threads",
            "4",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "openhexo.wsgi:application",
        ],
    }


def measure(name: str, env: dict) -> dict:
    port = free_port()
    server = subprocess.Popen(
        commands(port)[name], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_until_up(port)
        token = base64.b64encode(f"{EMAIL}:{PASSWORD}".encode()).decode()
        wrk = [
            "wrk",
            "-t2",
            "-c8",
            f"-d{SECONDS}s",
            "--latency",
            "-H",
            f"Authorization: Basic {token}",
            f"http://127.0.0.1:{port}{PATH}",
        ]
        output = subprocess.run(wrk, capture_output=True, text=True, check=True).stdout
    finally:
        server.terminate()
        server.wait(timeout=30)
    return parse(output)


def parse(output: str) -> dict:
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", output, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": rate, "latency": latency, "errors": int(errors.group(1)) if errors else 0}


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    data_dir = tempfile.mkdtemp(prefix="openhexo-bench-")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["OPENHEXO_DATA_DIR"] = data_dir
    subprocess.run([str(BIN / "openhexo"), "migrate", "--verbosity", "0"], env=env, check=True)
    subprocess.run(
        [str(BIN / "openhexo"), "createuser", "--email", EMAIL, "--password", PASSWORD],
        env=env,
        check=True,
        capture_output=True,
    )
    results = {name: measure(name, env) for name in ("gunicorn", "granian")}
    for name, result in results.items():
        print(
            f"{name:9} {result['rps']:8.0f} req/s  latency {result['latency']}  "
            f"non-2xx {result['errors']}"
        )
    ratio = results["granian"]["rps"] / results["gunicorn"]["rps"]
    print(f"granian/gunicorn throughput ratio: {ratio:.2f}")
    shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
