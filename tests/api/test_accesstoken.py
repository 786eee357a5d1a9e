"""`accesstoken`: a user reviews and revokes their own tokens, and no one else's."""

import pytest

from openhexo.accounts.clients import create_client
from openhexo.accounts.models import BundlePermission, PermissionBundle
from tests.api.test_oauth import bearer, password_grant


@pytest.fixture
def app(alice):
    return create_client(alice, ["password"], name="Watch app")


def test_own_tokens_are_listed_masked(client, api, app, alice):
    token = password_grant(client, app).json()["access_token"]
    objects = api.get("/api/accesstoken/", alice).json()["objects"]
    assert len(objects) == 1
    assert objects[0]["token"] == f"{token[:6]}…"
    assert objects[0]["application"] == {"client_id": app[0].client_id, "name": "Watch app"}
    assert objects[0]["scope"] == "readwrite"
    assert objects[0]["user"] == f"/api/user/{alice.pk}/"


def test_deleting_a_token_revokes_it_and_its_refresh(client, api, app, alice):
    body = password_grant(client, app).json()
    listed = api.get("/api/accesstoken/", alice).json()["objects"][0]
    assert api.delete(listed["resource_uri"], alice).status_code == 204
    assert api.get("/api/account/", **bearer(body["access_token"])).status_code == 401
    data = {
        "grant_type": "refresh_token",
        "refresh_token": body["refresh_token"],
        "client_id": app[0].client_id,
        "client_secret": app[1],
    }
    assert client.post("/api/connect/oauth2/token/", data).status_code == 400


def test_deleting_the_list_logs_out_everywhere(client, api, app, alice):
    tokens = [password_grant(client, app).json()["access_token"] for _ in range(2)]
    assert api.delete("/api/accesstoken/", alice).status_code == 204
    for token in tokens:
        assert api.get("/api/account/", **bearer(token)).status_code == 401


def test_tokens_stay_private_even_from_those_one_shares_with(client, api, app, alice, bob):
    coach = PermissionBundle.objects.get(name="coach")
    BundlePermission.objects.create(bundle=coach, user_allowed=bob, user_target=alice)
    password_grant(client, app)
    token_uri = api.get("/api/accesstoken/", alice).json()["objects"][0]["resource_uri"]
    assert api.get("/api/accesstoken/", bob).json()["objects"] == []
    assert api.get(token_uri, bob).status_code == 404
    assert api.delete(token_uri, bob).status_code == 404
    assert api.delete("/api/accesstoken/", bob).status_code == 204
    assert len(api.get("/api/accesstoken/", alice).json()["objects"]) == 1
