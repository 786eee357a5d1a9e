"""`createuser`: staff create a pending account; its owner confirms it like any request."""

import pytest
from django.core import mail
from django.utils import timezone
from oauth2_provider.models import AccessToken

from openhexo.accounts.clients import create_client
from openhexo.accounts.models import AccountRequest, User
from tests.conftest import basic
from tests.mailbox import committing, only_link, token_of

URL = "/api/createuser/"
NEW = "dora@example.com"
STRONG = "violet-harbour-97"
BODY = {"email": NEW, "password": STRONG, "first_name": "Dora"}


@pytest.fixture
def staff(alice):
    alice.is_staff = True
    alice.save()
    return alice


def test_staff_create_a_pending_account_confirmed_by_its_owner(api, staff):
    with committing():
        response = api.post(URL, staff, data=BODY)
    assert response.status_code == 201
    body = response.json()
    assert (body["email"], body["status"], body["requested_by"]) == (NEW, "pending", staff.email)
    assert body["resource_uri"] is None and STRONG not in response.content.decode()
    assert AccountRequest.objects.get().kind == "staff"
    assert not User.objects.filter(email=NEW).exists()
    token = token_of(only_link(NEW, "/api/createuserrequest/"))
    assert api.put(f"/api/createuserrequest/{token}/").status_code == 200
    user = User.objects.get(email=NEW)
    assert api.get("/api/account/", HTTP_AUTHORIZATION=basic(user, STRONG)).status_code == 200


def test_other_users_are_403(api, bob):
    with committing():
        response = api.post(URL, bob, data=BODY)
    assert response.status_code == 403
    assert "createuserrequest" in response.json()["error"]
    assert not AccountRequest.objects.exists() and mail.outbox == []


def test_anonymous_callers_are_401(api, db):
    assert api.post(URL, data=BODY).status_code == 401
    assert not AccountRequest.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"password": None}, "password"),
        ({"password": "password"}, "password"),
        ({"email": "bob@example.com"}, "email"),
        ({"email": "no-at-sign"}, "email"),
    ],
)
def test_refusals_name_the_field(api, staff, bob, change, field):
    response = api.post(URL, staff, data=BODY | change)
    assert response.status_code == 400
    assert f"'{field}'" in response.json()["error"]
    assert not AccountRequest.objects.exists()


def test_a_readonly_token_cannot_create(api, staff):
    client, _secret = create_client(staff, ["password"], name="Reader")
    token = AccessToken.objects.create(
        user=staff,
        application=client,
        token="readonly-token-for-createuser-test",
        expires=timezone.now() + timezone.timedelta(hours=1),
        scope="readonly",
    )
    response = api.post(URL, data=BODY, HTTP_AUTHORIZATION=f"Bearer {token.token}")
    assert response.status_code == 403
    assert not AccountRequest.objects.exists()


@pytest.mark.parametrize(("method", "path"), [("get", URL), ("get", f"{URL}1/"), ("put", URL)])
def test_only_post_is_served(api, staff, method, path):
    assert api.call(method, path, staff).status_code == 405
