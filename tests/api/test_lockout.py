"""Repeated failed password logins lock that account from that address: 429, Retry-After."""

from tests.conftest import basic


def fail(api, alice, address: str, times: int = 10):
    """Ten wrong passwords: nine plain refusals, and the tenth locks."""
    for attempt in range(1, times + 1):
        response = api.get(
            "/api/account/", HTTP_AUTHORIZATION=basic(alice, "wrong"), REMOTE_ADDR=address
        )
        assert response.status_code == (429 if attempt == 10 else 401)


def test_ten_failures_lock_the_pair_for_fifteen_minutes(api, alice):
    fail(api, alice, "198.51.100.7")
    locked = api.get("/api/account/", alice, REMOTE_ADDR="198.51.100.7")
    assert locked.status_code == 429
    assert locked["Retry-After"] == "900"
    assert "Too many failed logins" in locked.json()["error"]


def test_the_owner_elsewhere_is_not_locked_out(api, alice):
    fail(api, alice, "198.51.100.7")
    assert api.get("/api/account/", alice, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_the_password_grant_is_locked_too(client, api, alice):
    from openhexo.accounts.clients import create_api_key

    app, secret = create_api_key(alice)
    fail(api, alice, "198.51.100.7")
    data = {
        "grant_type": "password",
        "username": alice.email,
        "password": "s3cret-pass!",
        "client_id": app.client_id,
        "client_secret": secret,
    }
    response = client.post("/api/connect/oauth2/token/", data, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
