"""Cached data answers: served with X-HexoCache, never stale after a write or a revoked share."""

import os
import socket

import pytest
from django.core.cache import caches

from openhexo.accounts.models import BundlePermission, PermissionBundle
from openhexo.accounts.sharing import grant, revoke
from openhexo.records.models import Record

T0 = 427217263872
HR = [[T0 + 256 * i, 60 + i] for i in range(20)]
WINDOW = {"datatype": 19, "start": T0, "end": T0 + 256 * 100}


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(params=["files", "redis"])
def shared_cache(request, settings, tmp_path):
    """The data cache as deployed: files in the data directory, or Redis (REDIS_URL)."""
    if request.param == "redis":
        if not redis_reachable():
            if os.environ.get("CI"):
                pytest.fail("Redis must run on CI (127.0.0.1:6379)")
            pytest.skip("Redis is not running on 127.0.0.1:6379")
        location = {"BACKEND": "django.core.cache.backends.redis.RedisCache"}
        location |= {"LOCATION": "redis://127.0.0.1:6379/9", "KEY_PREFIX": f"test{os.getpid()}"}
    else:
        location = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"}
        location |= {"LOCATION": str(tmp_path / "cache")}
    settings.CACHES = settings.CACHES | {"data": location}
    caches["data"].clear()
    yield request.param
    caches["data"].clear()


@pytest.fixture(autouse=True)
def every_answer_worth_caching(monkeypatch):
    monkeypatch.setattr("openhexo.api.data.cache.WORTH_CACHING_SECONDS", 0)


@pytest.fixture
def uploaded(api, alice, shared_cache):
    assert api.post("/api/data/", alice, [{"data": {"19": HR}}]).status_code == 201


def test_a_closed_window_is_served_from_the_cache_the_second_time(api, alice, uploaded):
    first = api.get("/api/data/", alice, WINDOW)
    assert "X-HexoCache" not in first
    second = api.get("/api/data/", alice, WINDOW)
    assert second.content == first.content
    assert int(second["X-HexoCache"]) > 1_700_000_000  # unix seconds, not ticks
    csv = api.get("/api/data/", alice, WINDOW, HTTP_ACCEPT="text/csv")
    assert "X-HexoCache" not in csv and csv["Content-Type"] == "text/csv"
    assert api.get("/api/data/", alice, WINDOW, HTTP_ACCEPT="text/csv").content == csv.content


def test_a_write_is_seen_at_once(api, alice, uploaded):
    api.get("/api/data/", alice, WINDOW)
    api.post("/api/data/", alice, [{"data": {"19": [[T0 + 256 * 50, 99]]}}])
    again = api.get("/api/data/", alice, WINDOW)
    assert "X-HexoCache" not in again
    assert again.json()[0]["data"]["19"][-1] == [T0 + 256 * 50, 99]


def test_a_revoked_share_is_never_answered_from_the_cache(api, alice, bob, uploaded):
    grant(alice, bob, PermissionBundle.objects.get(name="friend"))
    assert api.get("/api/data/", bob, WINDOW).json() != []
    assert "X-HexoCache" in api.get("/api/data/", bob, WINDOW)
    revoke(BundlePermission.objects.get(user_allowed=bob), alice)
    after = api.get("/api/data/", bob, WINDOW)
    assert after.json() == [] and "X-HexoCache" not in after


def test_callers_do_not_share_entries(api, alice, bob, uploaded):
    grant(alice, bob, PermissionBundle.objects.get(name="friend"))
    api.get("/api/data/", alice, WINDOW)
    assert "X-HexoCache" not in api.get("/api/data/", bob, WINDOW)


def test_an_edited_record_changes_the_answer(api, alice, uploaded):
    record = Record.objects.get(user=alice)
    api.get("/api/data/", alice, {"datatype": 19, "record": record.pk})
    Record.objects.filter(pk=record.pk).update(end=T0 + 256 * 5)
    again = api.get("/api/data/", alice, {"datatype": 19, "record": record.pk})
    assert "X-HexoCache" not in again
    assert again.json()[0]["data"]["19"] == HR[:6]


def test_open_windows_are_not_cached(api, alice, uploaded):
    for _ in range(2):
        polled = api.get("/api/data/", alice, {"datatype": 19, "start": T0})
        assert "X-HexoCache" not in polled


def test_answers_quicker_to_make_than_to_store_are_not_kept(api, alice, uploaded, monkeypatch):
    monkeypatch.setattr("openhexo.api.data.cache.WORTH_CACHING_SECONDS", 60)
    api.get("/api/data/", alice, WINDOW)
    assert "X-HexoCache" not in api.get("/api/data/", alice, WINDOW)
