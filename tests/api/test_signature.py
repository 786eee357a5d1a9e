"""The Hexoskin API-key signature: sha1(private key + timestamp + the URL exactly as sent)."""

import base64
import hashlib
import time
from urllib.parse import urlencode

import pytest

from openhexo.accounts.clients import create_api_key
from tests.conftest import basic


@pytest.fixture
def key(alice):
    return create_api_key(alice)


def signed(secret: str, url: str, stamp: int | None = None, public: str = "") -> dict:
    stamp = int(time.time()) if stamp is None else stamp
    signature = hashlib.sha1(f"{secret}{stamp}{url}".encode()).hexdigest()
    return {
        "HTTP_X_HEXOAPIKEY": public,
        "HTTP_X_HEXOTIMESTAMP": str(stamp),
        "HTTP_X_HEXOAPISIGNATURE": signature,
    }


def test_a_signature_alone_authenticates_as_the_keys_owner(api, key, alice):
    client, secret = key
    headers = signed(secret, "http://testserver/api/account/", public=client.client_id)
    response = api.get("/api/account/", **headers)
    assert response.status_code == 200
    assert response.json()["objects"][0]["id"] == alice.pk


def test_the_url_is_signed_as_requests_sends_it_commas_encoded(api, key):
    """python-requests sends `datatype__in=19,33` as `datatype__in=19%2C33`."""
    client, secret = key
    query = urlencode({"id__in": "19,33"})
    assert "%2C" in query
    headers = signed(secret, f"http://testserver/api/datatype/?{query}", public=client.client_id)
    response = api.client.get(f"/api/datatype/?{query}", **headers)
    assert response.status_code == 200
    assert [d["id"] for d in response.json()["objects"]] == [19, 33]
    decoded = signed(
        secret, "http://testserver/api/datatype/?id__in=19,33", public=client.client_id
    )
    assert api.client.get(f"/api/datatype/?{query}", **decoded).status_code == 401


def test_the_misspelt_header_of_the_v1_docs_is_accepted(api, key):
    client, secret = key
    headers = signed(secret, "http://testserver/api/account/", public=client.client_id)
    headers["HTTP_X_HEXOSAPISIGNATURE"] = headers.pop("HTTP_X_HEXOAPISIGNATURE")
    assert api.get("/api/account/", **headers).status_code == 200


@pytest.mark.parametrize("age", [301, -301])
def test_stale_or_future_timestamps_fail(api, key, age):
    client, secret = key
    stamp = int(time.time()) - age
    headers = signed(secret, "http://testserver/api/account/", stamp, client.client_id)
    response = api.get("/api/account/", **headers)
    assert (response.status_code, response.json()) == (401, {"error": "API signature failed."})


def test_a_bad_signature_fails_even_with_valid_basic(api, key, alice):
    client, _ = key
    headers = signed("not-the-secret", "http://testserver/api/account/", public=client.client_id)
    response = api.get("/api/account/", alice, **headers)
    assert (response.status_code, response.json()) == (401, {"error": "API signature failed."})


def test_unknown_keys_fail(api, alice):
    headers = signed("x", "http://testserver/api/account/", public="no-such-key")
    assert api.get("/api/account/", alice, **headers).status_code == 401


def test_a_key_signs_for_its_own_user_only(api, key, bob):
    client, secret = key
    headers = signed(secret, "http://testserver/api/account/", public=client.client_id)
    response = api.get("/api/account/", bob, **headers)
    assert (response.status_code, response.json()) == (401, {"error": "API signature failed."})


def test_signature_and_basic_together(api, key, alice):
    client, secret = key
    headers = signed(secret, "http://testserver/api/range/", public=client.client_id)
    response = api.post("/api/range/", alice, {"start": 1}, **headers)
    assert response.status_code == 201


def test_a_readonly_key_never_writes(api, alice):
    client, secret = create_api_key(alice, readonly=True)
    headers = signed(secret, "http://testserver/api/range/", public=client.client_id)
    assert api.get("/api/range/", **headers).status_code == 200
    assert api.post("/api/range/", data={"start": 1}, **headers).status_code == 403


def test_required_signatures_refuse_plain_basic(api, alice, key, settings):
    settings.REQUIRE_SIGNATURE = True
    response = api.get("/api/account/", alice)
    assert response.status_code == 401
    assert "signature is required" in response.json()["error"]
    client, secret = key
    headers = signed(secret, "http://testserver/api/account/", public=client.client_id)
    assert api.get("/api/account/", alice, **headers).status_code == 200


def test_the_private_key_is_the_oauth2_client_secret(client, key):
    """The official client uses one key pair for both: signatures and OAuth2 client auth."""
    app, secret = key
    token = base64.b64encode(f"{app.client_id}:{secret}".encode()).decode()
    data = {"grant_type": "password", "username": "alice@example.com", "password": "s3cret-pass!"}
    response = client.post("/api/connect/oauth2/token/", data, HTTP_AUTHORIZATION=f"Basic {token}")
    assert response.status_code == 200


def test_wrong_basic_with_a_good_signature_is_an_empty_401(api, key, alice):
    client, secret = key
    headers = signed(secret, "http://testserver/api/account/", public=client.client_id)
    response = api.get("/api/account/", HTTP_AUTHORIZATION=basic(alice, "wrong"), **headers)
    assert (response.status_code, response.content) == (401, b"")
