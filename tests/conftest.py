"""The fixed cast (alice owns data, bob is shared with, carol sees nothing) and an API client.

Every API call goes through Django's full URL and middleware stack.
"""

import base64
import json
import os
from pathlib import Path

import pytest
from django.core.cache import cache, caches

from openhexo.accounts.actions import create_user
from openhexo.api.auth import verified_credentials

PASSWORD = "s3cret-pass!"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared_path(*parts: str) -> Path:
    """A file of ../shared; skip the test with the reason when it is absent, except on CI,
    which always has it (so the tests that read it cannot silently vanish there)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        reason = f"{path} is absent (it comes with the project's shared/ folder)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}, and CI must have it")
        pytest.skip(reason)
    return path


@pytest.fixture(autouse=True, scope="session")
def jobs_in_process():
    """Jobs run in the test's own process and transaction, never in a queue on disk."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True


@pytest.fixture(autouse=True)
def fresh_process_state(settings):
    """Fast password hashing, and no counters or remembered logins from earlier tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    verified_credentials.clear()
    cache.clear()
    caches["data"].clear()


@pytest.fixture
def alice(db):
    return create_user("alice@example.com", PASSWORD, first_name="Alice", last_name="Owner")


@pytest.fixture
def bob(db):
    return create_user("bob@example.com", PASSWORD, first_name="Bob", last_name="Friend")


@pytest.fixture
def carol(db):
    return create_user("carol@example.com", PASSWORD, first_name="Carol", last_name="Stranger")


def basic(user, password: str = PASSWORD) -> str:
    token = base64.b64encode(f"{user.email}:{password}".encode()).decode()
    return f"Basic {token}"


class Api:
    """Requests as clients send them: JSON bodies, HTTP Basic, any prefix."""

    def __init__(self, client):
        self.client = client

    def call(
        self,
        method: str,
        path: str,
        user=None,
        data=None,
        raw: bytes | None = None,
        content_type: str = "application/json",
        **extra,
    ):
        if user is not None:
            extra.setdefault("HTTP_AUTHORIZATION", basic(user))
        body = raw if raw is not None else (b"" if data is None else json.dumps(data).encode())
        if method == "get":
            return self.client.get(path, data or {}, **extra)
        return self.client.generic(method.upper(), path, body, content_type=content_type, **extra)

    def get(self, path, user=None, params=None, **extra):
        return self.call("get", path, user, params, **extra)

    def post(self, path, user=None, data=None, **extra):
        return self.call("post", path, user, data, **extra)

    def put(self, path, user=None, data=None, **extra):
        return self.call("put", path, user, data, **extra)

    def patch(self, path, user=None, data=None, **extra):
        return self.call("patch", path, user, data, **extra)

    def delete(self, path, user=None, **extra):
        return self.call("delete", path, user, **extra)


@pytest.fixture
def api(client, db):
    return Api(client)
