"""Per-user and per-client request limits: 429 with Retry-After, other users unaffected."""

from openhexo.accounts.clients import create_api_key
from tests.api.test_signature import signed


def test_a_user_over_the_limit_gets_429_with_retry_after(api, alice, bob, settings):
    settings.RATE_LIMIT_USER = "3/h"
    for _ in range(3):
        assert api.get("/api/range/", alice).status_code == 200
    refused = api.get("/api/range/", alice)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "this account" in refused.json()["error"]
    assert api.get("/api/range/", bob).status_code == 200


def test_a_client_over_its_limit_is_refused_for_every_user(api, alice, settings):
    settings.RATE_LIMIT_CLIENT = "2/h"
    client, secret = create_api_key(alice)
    for _ in range(2):
        headers = signed(secret, "http://testserver/api/range/", public=client.client_id)
        assert api.get("/api/range/", **headers).status_code == 200
    headers = signed(secret, "http://testserver/api/range/", public=client.client_id)
    refused = api.get("/api/range/", **headers)
    assert refused.status_code == 429
    assert "this client" in refused.json()["error"]
    assert api.get("/api/range/", alice).status_code == 200  # without the client: own limit
