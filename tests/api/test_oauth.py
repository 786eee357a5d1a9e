"""OAuth2 at /api/connect/oauth2/: every grant Hexoskin clients use, scopes, refusals."""

import base64
import hashlib
import json
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from openhexo.accounts.clients import create_client, revoke_client
from openhexo.records.models import Range
from tests.conftest import PASSWORD

TOKEN = "/api/connect/oauth2/token/"
AUTHORIZE = "/api/connect/oauth2/auth/"
REDIRECT = "https://app.example.org/callback"
TOKEN_KEYS = {"access_token", "token_type", "expires_in", "refresh_token", "scope"}


def client_basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


@pytest.fixture
def app(alice):
    grants = ["password", "authorization-code", "client-credentials"]
    return create_client(alice, grants, redirect_uris=[REDIRECT], name="Coach app")


def password_grant(client, app, email="alice@example.com", password=PASSWORD, **extra):
    data = {"grant_type": "password", "username": email, "password": password, **extra}
    return client.post(TOKEN, data, HTTP_AUTHORIZATION=client_basic(app[0].client_id, app[1]))


def bearer(token: str, scheme: str = "Bearer") -> dict:
    return {"HTTP_AUTHORIZATION": f"{scheme} {token}"}


def test_password_grant_answers_exactly_the_five_keys(client, app):
    response = password_grant(client, app)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == TOKEN_KEYS
    assert (body["token_type"], body["scope"]) == ("Bearer", "readwrite")
    assert body["expires_in"] == 36000


@pytest.mark.parametrize("where", ["json", "query", "params"])
def test_token_parameters_come_from_any_place_clients_put_them(client, app, where):
    data = {"grant_type": "password", "username": "alice@example.com", "password": PASSWORD}
    auth = {"HTTP_AUTHORIZATION": client_basic(app[0].client_id, app[1])}
    if where == "json":
        response = client.post(TOKEN, json.dumps(data), content_type="application/json", **auth)
    elif where == "query":
        response = client.post(f"{TOKEN}?{urlencode(data)}", **auth)
    else:  # client credentials as parameters instead of HTTP Basic
        data |= {"client_id": app[0].client_id, "client_secret": app[1]}
        response = client.post(TOKEN, data)
    assert response.status_code == 200, response.content
    assert set(response.json()) == TOKEN_KEYS


def test_the_v1_prefix_serves_the_token_endpoint_too(client, app):
    data = {"grant_type": "password", "username": "alice@example.com", "password": PASSWORD}
    auth = client_basic(app[0].client_id, app[1])
    assert (
        client.post("/api/v1/connect/oauth2/token/", data, HTTP_AUTHORIZATION=auth).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("email", "password"), [("alice@example.com", "wrong"), ("bob@example.com", PASSWORD)]
)
def test_refused_password_grants_are_400_with_an_rfc6749_body(client, app, bob, email, password):
    """The official client falls back to Basic on 400; bob may not use alice's client."""
    response = password_grant(client, app, email, password)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_a_token_reads_and_writes_as_its_user(client, api, app, alice):
    token = password_grant(client, app).json()["access_token"]
    for scheme in ("Bearer", "bearer", "BEARER"):
        body = api.get("/api/account/", **bearer(token, scheme)).json()
        assert body["objects"][0]["id"] == alice.pk
    created = api.post("/api/range/", data={"start": 1}, **bearer(token))
    assert created.status_code == 201
    assert created.json()["user"] == f"/api/user/{alice.pk}/"


def test_a_readonly_token_reads_but_never_writes(client, api, app, alice):
    token = password_grant(client, app, scope="readonly").json()
    assert token["scope"] == "readonly"
    assert api.get("/api/range/", **bearer(token["access_token"])).status_code == 200
    response = api.post("/api/range/", data={"start": 1}, **bearer(token["access_token"]))
    assert response.status_code == 403
    assert "readonly" in response.json()["error"]
    assert not Range.objects.exists()


def test_a_readonly_client_gets_readonly_tokens_and_no_more(client, alice):
    app = create_client(alice, ["password"], readonly=True)
    assert password_grant(client, app).json()["scope"] == "readonly"
    assert password_grant(client, app, scope="readwrite").status_code == 400


def test_bad_tokens_are_401_with_an_explanation(api):
    response = api.get("/api/account/", **bearer("not-a-token"))
    assert response.status_code == 401
    assert "token" in response.json()["error"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_refresh_gives_a_new_token_and_retires_the_old_refresh(client, api, app):
    first = password_grant(client, app).json()
    auth = client_basic(app[0].client_id, app[1])
    data = {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    second = client.post(TOKEN, data, HTTP_AUTHORIZATION=auth)
    assert second.status_code == 200
    assert set(second.json()) == TOKEN_KEYS
    assert api.get("/api/account/", **bearer(second.json()["access_token"])).status_code == 200
    assert client.post(TOKEN, data, HTTP_AUTHORIZATION=auth).status_code == 400


def test_client_credentials_act_as_the_clients_owner_without_refresh(client, api, app, alice):
    auth = client_basic(app[0].client_id, app[1])
    body = client.post(TOKEN, {"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=auth).json()
    assert "refresh_token" not in body
    assert set(body) == TOKEN_KEYS - {"refresh_token"}
    mine = api.get("/api/account/", **bearer(body["access_token"])).json()
    assert mine["objects"][0]["id"] == alice.pk


def test_revoking_the_client_kills_its_tokens(client, api, app):
    token = password_grant(client, app).json()["access_token"]
    revoke_client(app[0])
    assert api.get("/api/account/", **bearer(token)).status_code == 401


def authorize(client, app_id: str, **params):
    query = {"client_id": app_id, "redirect_uri": REDIRECT, "state": "1234567", **params}
    return client.get(f"{AUTHORIZE}?{urlencode(query)}")


def consent(client, page):
    """Press "Allow" on the consent page, sending its hidden fields back."""
    form = page.context["form"]
    hidden = [name for name, field in form.fields.items() if field.widget.is_hidden]
    values = {name: form[name].value() for name in hidden}
    return client.post(
        AUTHORIZE, {k: v for k, v in values.items() if v is not None} | {"allow": "1"}
    )


def test_authorization_code_flow_asks_to_log_in_then_consent(client, app, alice):
    assert authorize(client, app[0].client_id, response_type="code")["Location"].startswith(
        "/api/connect/login/"
    )
    client.force_login(alice)
    page = authorize(client, app[0].client_id, response_type="code", scope="readwrite")
    assert page.status_code == 200
    assert b"Coach app" in page.content and b"csrfmiddlewaretoken" in page.content
    redirect = consent(client, page)
    assert redirect.status_code == 302
    query = parse_qs(urlsplit(redirect["Location"]).query)
    assert query["state"] == ["1234567"]
    data = {"grant_type": "authorization_code", "code": query["code"][0], "redirect_uri": REDIRECT}
    auth = client_basic(app[0].client_id, app[1])
    token = client.post(TOKEN, data, HTTP_AUTHORIZATION=auth)
    assert token.status_code == 200
    assert set(token.json()) == TOKEN_KEYS


def pkce_pair() -> tuple[str, str]:
    verifier = "v" * 64
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    return verifier, challenge.decode()


def test_public_clients_must_use_pkce(client, alice):
    public, _ = create_client(alice, ["authorization-code"], [REDIRECT], public=True)
    client.force_login(alice)
    refused = authorize(client, public.client_id, response_type="code")
    assert "error=invalid_request" in refused["Location"] or refused.status_code == 400
    verifier, challenge = pkce_pair()
    page = authorize(
        client, public.client_id, response_type="code",
        code_challenge=challenge, code_challenge_method="S256",
    )  # fmt: skip
    code = parse_qs(urlsplit(consent(client, page)["Location"]).query)["code"][0]
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT,
            "client_id": public.client_id, "code_verifier": verifier}  # fmt: skip
    token = client.post(TOKEN, data)
    assert token.status_code == 200, token.content
    assert set(token.json()) == TOKEN_KEYS


def test_implicit_grant_returns_the_token_in_the_fragment(client, alice):
    app, _ = create_client(alice, ["implicit"], [REDIRECT])
    client.force_login(alice)
    page = authorize(client, app.client_id, response_type="token", scope="readonly")
    fragment = parse_qs(urlsplit(consent(client, page)["Location"]).fragment)
    assert fragment["token_type"] == ["Bearer"]
    assert fragment["scope"] == ["readonly"]
    assert fragment["state"] == ["1234567"]
    assert "refresh_token" not in fragment and fragment["access_token"][0]
