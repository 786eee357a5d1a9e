"""The `openhexo` command line: exit statuses, JSON outputs, and `serve` for real."""

import json
import os
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from base64 import b64encode

import pytest
from cryptography import x509

from openhexo.accounts.models import User
from openhexo.cli import is_loopback, main


def test_createuser_prints_the_user_as_json(db, capsys):
    assert main(["createuser", "--email", "New@Example.com", "--password", "a-long-pass-1"]) == 0
    printed = json.loads(capsys.readouterr().out)
    user = User.objects.get()
    assert printed == {
        "id": user.pk,
        "email": "new@example.com",
        "resource_uri": f"/api/user/{user.pk}/",
    }
    assert user.check_password("a-long-pass-1")
    assert user.profile is not None


@pytest.mark.parametrize(
    ("email", "password", "reason"),
    [("bad", "a-long-pass-1", "valid email"), ("x@example.com", "password", "too common")],
)
def test_createuser_refuses_bad_input_with_status_1(db, capsys, email, password, reason):
    assert main(["createuser", "--email", email, "--password", password]) == 1
    assert reason in capsys.readouterr().err
    assert not User.objects.exists()


def test_createuser_refuses_a_taken_email(alice, capsys):
    assert main(["createuser", "--email", alice.email, "--password", "a-long-pass-1"]) == 1
    assert "already exists" in capsys.readouterr().err


def test_misuse_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["createuser", "--email", "x@example.com"])
    assert exit_info.value.code == 2
    assert "--password" in capsys.readouterr().err


def test_help_lists_the_commands():
    result = subprocess.run(
        [sys.executable, "-m", "openhexo.cli", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    for command in ("serve", "migrate", "createuser", "manage"):
        assert command in result.stdout


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("example.com", False),
    ],
)
def test_loopback_detection(host, loopback):
    assert is_loopback(host) is loopback


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_cli(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "openhexo.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def wait_for(url: str, headers: dict, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
                return json.loads(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def start_server(env, *args) -> subprocess.Popen:
    command = [sys.executable, "-m", "openhexo.cli", "serve", "--demo", "--workers", "1", *args]
    return subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)


@pytest.fixture
def fresh_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return env | {"OPENHEXO_DATA_DIR": str(tmp_path)}


def test_serve_runs_the_api_with_a_demo_account(fresh_env):
    """What `make run` does: migrate, then serve with a demo account on an empty database."""
    assert run_cli(fresh_env, "migrate", "--verbosity", "0").returncode == 0
    port = free_port()
    server = start_server(fresh_env, "--port", str(port))
    try:
        token = b64encode(b"demo@openhexo.local:hexoskin-demo").decode()
        body = wait_for(
            f"http://127.0.0.1:{port}/api/account/", {"Authorization": f"Basic {token}"}
        )
        assert body["objects"][0]["email"] == "demo@openhexo.local"
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[1]
    assert "openhexo data directory:" in output
    assert f"curl -u demo@openhexo.local:hexoskin-demo http://127.0.0.1:{port}/api/" in output


def test_serve_tls_speaks_https_with_a_local_certificate(fresh_env, tmp_path):
    """The official client always uses https (without checking certificates)."""
    assert run_cli(fresh_env, "migrate", "--verbosity", "0").returncode == 0
    port = free_port()
    server = start_server(fresh_env, "--port", str(port), "--tls")
    try:
        unchecked = ssl.create_default_context()
        unchecked.check_hostname, unchecked.verify_mode = False, ssl.CERT_NONE
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(
                    f"https://127.0.0.1:{port}/api/", context=unchecked
                ) as answer:
                    assert "data" in json.loads(answer.read())
                    break
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[1]
    assert "self-signed certificate" in output
    assert (tmp_path / "tls" / "localhost.key").stat().st_mode & 0o077 == 0
    certificate = x509.load_pem_x509_certificate((tmp_path / "tls" / "localhost.crt").read_bytes())
    names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "localhost" in names.get_values_for_type(x509.DNSName)


def redis_or_skip() -> str:
    """Redis at its usual local address (CI always starts it)."""
    url = "redis://127.0.0.1:6379/0"
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        if os.environ.get("CI"):
            pytest.fail("Redis is not running, and CI must have it")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    return url


@pytest.mark.parametrize("queue", ["sqlite", "redis"])
def test_serve_processes_uploads_in_its_worker(fresh_env, queue, tmp_path):
    """One machine, one command: raw ECG posted to `serve` comes back as a heart rate, with
    the job queue in the data directory or on Redis."""
    from tests.processing.recording import T0, Recording

    env = fresh_env | {"OPENHEXO_PROCESSING_DELAY": "0"}
    if queue == "redis":
        env |= {"REDIS_URL": redis_or_skip(), "OPENHEXO_QUEUE_NAME": f"test-{tmp_path.name}"}
    assert run_cli(env, "migrate", "--verbosity", "0").returncode == 0
    port = free_port()
    server = start_server(env, "--port", str(port))
    auth = {"Authorization": "Basic " + b64encode(b"demo@openhexo.local:hexoskin-demo").decode()}
    try:
        wait_for(f"http://127.0.0.1:{port}/api/", auth)
        ecg = {"4113": Recording(60).body()["4113"]}
        upload = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/data/", json.dumps([{"data": ecg}]).encode(),
            headers=auth | {"Content-Type": "application/json"},
        )  # fmt: skip
        with urllib.request.urlopen(upload) as answer:
            assert answer.status == 201
        heart_rate = f"http://127.0.0.1:{port}/api/data/?datatype=19"
        deadline = time.monotonic() + 60
        while not wait_for(heart_rate, auth):
            assert time.monotonic() < deadline, "no heart rate a minute after the upload"
            time.sleep(0.5)
        rates = wait_for(heart_rate, auth)[0]["data"]["19"]
    finally:
        server.terminate()
        server.communicate(timeout=30)
    assert rates[0][0] == T0 + 256 and 60 <= sorted(r for _, r in rates)[len(rates) // 2] <= 85


def test_reprocess_queues_a_users_records(alice, capsys):
    from openhexo.processing.models import PendingSpan
    from openhexo.records.models import Record

    record = Record.objects.create(user=alice, start=256 * 10**9, end=256 * 10**9 + 2560)
    assert main(["reprocess", "--user", alice.email, "--force"]) == 0
    assert "Queued 1 record(s)" in capsys.readouterr().err
    pending = PendingSpan.objects.get()
    assert (pending.start, pending.end, pending.force) == (record.start, record.end, True)
    assert main(["reprocess", "--user", alice.email, "--record", str(record.pk + 1)]) == 1
    assert main(["reprocess", "--user", "nobody@example.com"]) == 1


def test_no_demo_account_on_a_public_address(fresh_env):
    assert run_cli(fresh_env, "migrate", "--verbosity", "0").returncode == 0
    port = free_port()
    server = start_server(fresh_env, "--host", "0.0.0.0", "--port", str(port))
    try:
        wait_for(f"http://127.0.0.1:{port}/api/", {})
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[1]
    assert "Not creating a demo account" in output
    count = run_cli(
        fresh_env,
        "manage",
        "shell",
        "-c",
        "from openhexo.accounts.models import User; print(User.objects.count())",
    )
    assert count.stdout.strip().splitlines()[-1] == "0"


def test_a_public_address_is_refused_while_the_demo_password_works(fresh_env):
    """`make run` then `serve --host 0.0.0.0` must not publish a password the README prints."""
    assert run_cli(fresh_env, "migrate", "--verbosity", "0").returncode == 0
    create = "from openhexo.accounts.demo import ensure_demo_account as e; e(print, 'x')"
    assert run_cli(fresh_env, "manage", "shell", "-c", create).returncode == 0
    refused = run_cli(fresh_env, "serve", "--host", "0.0.0.0", "--port", str(free_port()))
    assert refused.returncode == 1
    assert "changepassword demo@openhexo.local" in refused.stderr


def test_createuser_reads_the_password_from_standard_input(db, capsys, monkeypatch):
    """`--password -` keeps the password out of the process list and the shell history."""
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("from-stdin-pass-1\n"))
    assert main(["createuser", "--email", "quiet@example.com", "--password", "-"]) == 0
    assert User.objects.get().check_password("from-stdin-pass-1")


def test_createapikey_prints_a_key_pair_that_signs_and_logs_in(alice, capsys):
    from openhexo.accounts.models import OAuthClient

    assert main(["createapikey", "--user", alice.email]) == 0
    keys = json.loads(capsys.readouterr().out)
    assert set(keys) == {"public_key", "private_key"}
    client = OAuthClient.objects.get(client_id=keys["public_key"])
    assert client.client_secret == keys["private_key"]  # kept verifiable for signatures
    assert client.allows_grant_type("password") and client.allows_grant_type("authorization-code")
    assert not client.allows_grant_type("implicit")


def test_createclient_hashes_the_secret_it_prints(alice, capsys):
    from django.contrib.auth.hashers import check_password

    from openhexo.accounts.models import OAuthClient

    args = [
        "createclient",
        "--user",
        alice.email,
        "--grant",
        "authorization-code",
        "--grant",
        "client-credentials",
        "--redirect-uri",
        "https://app.example.org/cb",
        "--readonly",
        "--name",
        "Coach",
    ]
    assert main(args) == 0
    printed = json.loads(capsys.readouterr().out)
    client = OAuthClient.objects.get(client_id=printed["client_id"])
    assert client.client_secret != printed["client_secret"]
    assert check_password(printed["client_secret"], client.client_secret)
    assert (client.readonly, client.name, client.redirect_uris) == (
        True,
        "Coach",
        "https://app.example.org/cb",
    )


def test_client_commands_refuse_unknown_users_and_ids(db, capsys):
    assert main(["createapikey", "--user", "nobody@example.com"]) == 1
    assert main(["revokeclient", "no-such-client"]) == 1
    assert "no client" in capsys.readouterr().err


def test_revokeclient_removes_the_key(alice, capsys):
    from openhexo.accounts.models import OAuthClient

    main(["createapikey", "--user", alice.email])
    public = json.loads(capsys.readouterr().out)["public_key"]
    assert main(["revokeclient", public]) == 0
    assert not OAuthClient.objects.filter(client_id=public).exists()


def test_deleteuser_erases_the_user_and_every_sample(alice, bob, capsys):
    import numpy as np

    from openhexo.catalog.models import Datatype
    from openhexo.records.models import Record
    from openhexo.timeseries.actions import ingest
    from openhexo.timeseries.models import Chunk

    heart_rate = Datatype.objects.get(pk=19)
    for user in (alice, bob):
        ingest(user.pk, [(heart_rate, 256 * 10**9 + 256 * np.arange(5), np.arange(5))])
    assert main(["deleteuser", "--email", "Alice@Example.com", "--yes"]) == 0
    assert "5 samples" in capsys.readouterr().err
    assert not type(alice).objects.filter(pk=alice.pk).exists()
    assert not Chunk.objects.filter(user_id=alice.pk).exists()
    assert not Record.objects.filter(user_id=alice.pk).exists()
    assert Chunk.objects.filter(user=bob).count() == 1


def test_deleteuser_of_an_unknown_email_fails(db, capsys):
    assert main(["deleteuser", "--email", "nobody@example.com", "--yes"]) == 1
    assert "no user" in capsys.readouterr().err
