"""`oauthclient`: a user's own clients and API keys; secrets are never shown."""

from openhexo.accounts.clients import create_api_key, create_client


def test_own_clients_without_secrets(api, alice, bob):
    key, secret = create_api_key(alice)
    create_client(bob, ["password"])
    objects = api.get("/api/oauthclient/", alice).json()["objects"]
    assert [o["client_id"] for o in objects] == [key.client_id]
    assert objects[0]["grant_types"] == ["password", "authorization-code"]
    assert objects[0]["is_api_key"] is True
    assert secret not in str(objects) and "client_secret" not in objects[0]


def test_renaming_and_redirects_only(api, alice):
    client, _ = create_client(alice, ["authorization-code"], ["https://a.example.org/cb"])
    path = f"/api/oauthclient/{client.pk}/"
    changes = {
        "name": "Renamed",
        "redirect_uris": "https://b.example.org/cb",
        "client_type": "public",
        "authorization_grant_type": "implicit",
    }
    body = api.patch(path, alice, changes).json()
    assert (body["name"], body["redirect_uris"]) == ("Renamed", "https://b.example.org/cb")
    assert (body["client_type"], body["authorization_grant_type"]) == (
        "confidential",
        "authorization-code",
    )


def test_other_peoples_clients_are_invisible(api, alice, bob):
    client, _ = create_client(alice, ["password"])
    assert api.get(f"/api/oauthclient/{client.pk}/", bob).status_code == 404
    assert api.patch(f"/api/oauthclient/{client.pk}/", bob, {"name": "x"}).status_code == 404
