"""`createuserrequest`: the one API resource open to anonymous callers (API.md 2.18, Q22).

POST asks for an account and emails a link to `/api/createuserrequest/<token>/`; GET on it
inspects (as often as a link scanner likes) and an empty PUT confirms, once, before expiry.
Answers never hold the password or the token; refusals create nothing and mail nothing.
"""

from datetime import timedelta

import pytest
from django.core import mail

from openhexo.accounts.models import AccountRequest, Profile, User
from openhexo.api.resources import RESOURCES
from tests.conftest import basic
from tests.mailbox import committing, only_link, token_of

URL = "/api/createuserrequest/"
NEW = "dora@example.com"
STRONG = "violet-harbour-97"
BODY = {"email": NEW, "password": STRONG, "first_name": "Dora", "last_name": "Lee"}
PENDING_KEYS = {
    "bundles",
    "confirmed",
    "created",
    "email",
    "expires",
    "first_name",
    "last_name",
    "profile",
    "requested_by",
    "resource_uri",
    "status",
    "user",
}


def ask(api, body=None, **extra) -> str:
    """POST a request anonymously; the token from the email."""
    with committing():
        response = api.post(URL, data=BODY if body is None else body, **extra)
    assert response.status_code == 201, response.content
    return token_of(only_link(NEW, URL))


def test_anonymous_post_answers_the_pending_request(api, settings):
    settings.PUBLIC_URL = "https://hexo.example.org"
    profile = {"gender": "F", "fitness": {"height": 1.7}}
    with committing():
        response = api.post(URL, data=BODY | {"profile": profile})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == PENDING_KEYS
    assert (body["email"], body["first_name"], body["status"]) == (NEW, "Dora", "pending")
    assert body["profile"] == {"gender": "F", "height": 1.7}
    assert (body["user"], body["confirmed"], body["resource_uri"]) == (None, None, None)
    link = only_link(NEW, URL)
    assert link.startswith(f"https://hexo.example.org{URL}")
    assert token_of(link) not in response.content.decode()
    assert STRONG not in response.content.decode()
    assert not User.objects.filter(email=NEW).exists()


def test_get_inspects_and_never_confirms(api):
    token = ask(api)
    for _ in range(3):
        response = api.get(f"{URL}{token}/")
        assert response.status_code == 200
        assert response.json()["status"] == "pending"
        assert response.json()["resource_uri"] == f"{URL}{token}/"
    assert api.get(f"/api/v1/createuserrequest/{token}/").json()["resource_uri"] == (
        f"/api/v1/createuserrequest/{token}/"
    )
    assert not User.objects.filter(email=NEW).exists()


def test_an_empty_put_confirms_and_answers_the_new_user(api):
    token = ask(api)
    response = api.put(f"{URL}{token}/")
    assert response.status_code == 200
    user = User.objects.get(email=NEW)
    body = response.json()
    assert (body["status"], body["user"]) == ("confirmed", f"/api/user/{user.pk}/")
    assert STRONG not in response.content.decode()
    assert Profile.objects.filter(user=user).exists()
    account = api.get("/api/account/", HTTP_AUTHORIZATION=basic(user, STRONG))
    assert account.status_code == 200
    assert account.json()["objects"][0]["first_name"] == "Dora"


def test_the_token_works_once(api):
    token = ask(api)
    assert api.put(f"{URL}{token}/").status_code == 200
    again = api.put(f"{URL}{token}/")
    assert again.status_code == 400
    assert "confirmed already" in again.json()["error"]
    assert User.objects.filter(email=NEW).count() == 1
    assert api.get(f"{URL}{token}/").json()["status"] == "confirmed"


def test_an_expired_request_is_shown_and_refused(api):
    token = ask(api)
    AccountRequest.objects.update(expires=AccountRequest.objects.get().created - timedelta(1))
    assert api.get(f"{URL}{token}/").json()["status"] == "expired"
    response = api.put(f"{URL}{token}/")
    assert response.status_code == 400
    assert "expired" in response.json()["error"]
    assert not User.objects.filter(email=NEW).exists()


@pytest.mark.parametrize("token", ["x" * 43, "short", "schema-but-not", "a/b"])
@pytest.mark.parametrize("method", ["get", "put"])
def test_a_wrong_token_is_404(api, token, method):
    ask(api)
    response = getattr(api, method)(f"{URL}{token}/")
    assert response.status_code == 404
    assert "error" in response.json()
    assert not User.objects.filter(email=NEW).exists()


def test_a_password_in_the_put_is_used_and_checked(api):
    token = ask(api, BODY | {"password": None})
    missing = api.put(f"{URL}{token}/")
    assert missing.status_code == 400
    assert "'password'" in missing.json()["error"]
    assert api.put(f"{URL}{token}/", data={"password": "123"}).status_code == 400
    assert api.put(f"{URL}{token}/", data={"password": "lantern-orchard-58"}).status_code == 200
    assert User.objects.get(email=NEW).check_password("lantern-orchard-58")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "alice@example.com"}, "email"),
        ({"email": "ALICE@EXAMPLE.COM"}, "email"),
        ({"email": "not-an-email"}, "email"),
        ({"email": None}, "email"),
        ({"email": ["dora@example.com"]}, "email"),
        ({"email": "x" * 300 + "@example.com"}, "email"),
        ({"password": "password"}, "password"),
        ({"password": "short"}, "password"),
        ({"password": "x" * 2000}, "password"),
        ({"password": 12345678901}, "password"),
        ({"first_name": "x" * 151}, "first_name"),
        ({"last_name": {"a": 1}}, "last_name"),
        ({"first_name": "nul\x00"}, "first_name"),
        ({"profile": {"date_of_birth": "yesterday"}}, "profile.date_of_birth"),
        ({"profile": {"fitness": {"weight": "heavy"}}}, "profile.weight"),
    ],
)
def test_refusals_name_the_field_and_leave_nothing(api, alice, change, field):
    with committing():
        response = api.post(URL, data=BODY | change)
    assert response.status_code == 400
    assert f"'{field}'" in response.json()["error"]
    assert not AccountRequest.objects.exists()
    assert mail.outbox == []


def test_an_email_taken_before_confirmation_is_400(api):
    token = ask(api)
    User.objects.create_user(NEW, STRONG)
    response = api.put(f"{URL}{token}/")
    assert response.status_code == 400
    assert "'email'" in response.json()["error"]
    assert User.objects.filter(email=NEW).count() == 1


def test_asking_again_at_once_is_429(api):
    ask(api)
    with committing():
        response = api.post(URL, data=BODY)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert len(mail.outbox) == 1


def test_a_signed_in_caller_asks_like_anyone(api, alice):
    token = ask(api, HTTP_AUTHORIZATION=basic(alice))
    assert AccountRequest.objects.get().created_by is None
    assert api.get(f"{URL}{token}/", alice).json()["requested_by"] is None


def test_bad_credentials_are_refused_not_ignored(api, alice):
    response = api.post(URL, data=BODY, HTTP_AUTHORIZATION=basic(alice, "wrong-password"))
    assert response.status_code == 401
    assert not AccountRequest.objects.exists()


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", URL), ("delete", URL), ("patch", URL), ("put", URL), ("post", f"{URL}{'x' * 43}/")],
)
def test_other_methods_are_405(api, method, path):
    response = getattr(api, method)(path)
    assert response.status_code == 405
    assert "error" in response.json()


def test_there_is_no_set_endpoint(api):
    token = ask(api)
    assert api.get(f"{URL}set/{token}/").status_code == 404


def test_the_schema_documents_a_write_only_password(api):
    schema = api.get(f"{URL}schema/").json()
    assert schema["allowed_list_http_methods"] == ["post"]
    assert schema["allowed_detail_http_methods"] == ["get", "put"]
    assert "password" in schema["fields"]


CLOSED = sorted(
    (resource._meta.resource_name, method)
    for resource in RESOURCES
    for method in resource._meta.list_allowed_methods
    if resource._meta.resource_name != "createuserrequest"
)


@pytest.mark.parametrize(("name", "method"), CLOSED)
def test_every_other_resource_is_closed_to_anonymous_callers(api, name, method):
    body = None if method == "get" else {"email": NEW, "new_email": NEW}
    response = api.call(method, f"/api/{name}/", data=body)
    assert response.status_code == 401
    assert mail.outbox == []
