"""HTTP Basic with email and password (openhexo/api/auth.py).

A failed login is a 401 with an empty body and a `WWW-Authenticate` challenge: Hexoskin's own
download tool tells a bad login from other failures by the empty body. A verified password is
remembered for a while in the process, never past a password change or a deactivation.
"""

import base64

import pytest

from openhexo.accounts.actions import create_user
from openhexo.accounts.models import User
from openhexo.api.auth import verified_credentials
from openhexo.api.resources import RESOURCES
from tests.conftest import PASSWORD

CHALLENGE = 'Basic realm="openhexo"'


def header(text: str) -> str:
    return "Basic " + base64.b64encode(text.encode()).decode()


def as_header(api, authorization: str, path: str = "/api/account/"):
    return api.get(path, HTTP_AUTHORIZATION=authorization)


def assert_refused(response) -> None:
    assert response.status_code == 401
    assert response.content == b""
    assert response["WWW-Authenticate"] == CHALLENGE


def test_valid_login_is_served(api, alice):
    response = as_header(api, header(f"alice@example.com:{PASSWORD}"))
    assert response.status_code == 200
    assert response.json()["objects"][0]["id"] == alice.pk


def test_wrong_password_is_an_empty_401_with_a_challenge(api, alice):
    assert_refused(as_header(api, header("alice@example.com:wrong-password")))


def test_password_is_case_sensitive(api, alice):
    assert_refused(as_header(api, header(f"alice@example.com:{PASSWORD.upper()}")))


def test_unknown_email_is_an_empty_401(api, alice):
    assert_refused(as_header(api, header(f"nobody@example.com:{PASSWORD}")))


def test_no_credentials_is_an_empty_401(api, alice):
    assert_refused(api.get("/api/account/"))


@pytest.mark.parametrize(
    "authorization",
    [
        "Basic",
        "Basic ",
        "Basic !!!not-base64!!!",
        "Basic YWxpY2U",  # bad padding
        "Basic " + base64.b64encode(b"alice@example.com").decode(),  # no colon
        "Basic " + base64.b64encode(b"alice@example.com:\xff\xfe").decode(),  # not UTF-8
        header("alice@example.com:"),
        header(f":{PASSWORD}"),
        "Digest username=alice@example.com",
        f"alice@example.com:{PASSWORD}",
    ],
)
def test_malformed_headers_are_an_empty_401(api, alice, authorization):
    assert_refused(as_header(api, authorization))


def test_an_unknown_bearer_token_is_refused(api, alice):
    assert as_header(api, "Bearer not-a-token").status_code == 401


def test_email_is_case_insensitive(api, alice):
    response = as_header(api, header(f"Alice@EXAMPLE.com:{PASSWORD}"))
    assert response.status_code == 200
    assert response.json()["objects"][0]["email"] == "alice@example.com"


def test_spaces_around_the_email_are_ignored(api, alice):
    assert as_header(api, header(f" alice@example.com :{PASSWORD}")).status_code == 200


def test_scheme_is_case_insensitive(api, alice):
    token = base64.b64encode(f"alice@example.com:{PASSWORD}".encode()).decode()
    assert as_header(api, f"basic {token}").status_code == 200


def test_password_may_contain_colons(api, db):
    create_user("colon@example.com", "pass:word:2024")
    assert as_header(api, header("colon@example.com:pass:word:2024")).status_code == 200


def test_inactive_user_is_an_empty_401(api, alice):
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert_refused(as_header(api, header(f"alice@example.com:{PASSWORD}")))


def test_a_remembered_login_is_used(api, alice):
    assert as_header(api, header(f"alice@example.com:{PASSWORD}")).status_code == 200
    assert verified_credentials.lookup("alice@example.com", PASSWORD) == alice
    assert as_header(api, header(f"alice@example.com:{PASSWORD}")).status_code == 200


def test_a_remembered_login_does_not_admit_another_password(api, alice):
    assert as_header(api, header(f"alice@example.com:{PASSWORD}")).status_code == 200
    assert_refused(as_header(api, header("alice@example.com:other-password")))


def test_password_change_forgets_the_remembered_login(api, alice):
    assert as_header(api, header(f"alice@example.com:{PASSWORD}")).status_code == 200
    assert verified_credentials.lookup("alice@example.com", PASSWORD) == alice
    alice.set_password("brand-new-pass!")
    alice.save()
    assert_refused(as_header(api, header(f"alice@example.com:{PASSWORD}")))
    assert as_header(api, header("alice@example.com:brand-new-pass!")).status_code == 200


def test_deactivation_forgets_the_remembered_login(api, alice):
    assert as_header(api, header(f"alice@example.com:{PASSWORD}")).status_code == 200
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert_refused(as_header(api, header(f"alice@example.com:{PASSWORD}")))


def test_each_user_is_served_as_themselves(api, alice, bob):
    assert as_header(api, header(f"bob@example.com:{PASSWORD}")).json()["objects"][0]["id"] == (
        bob.pk
    )
    assert as_header(api, header(f"alice@example.com:{PASSWORD}")).json()["objects"][0]["id"] == (
        alice.pk
    )


NAMES = sorted(resource._meta.resource_name for resource in RESOURCES)


# These have no detail view (405 comes before authentication there).
UNDETAILED = ("account", "data", "datafile", "distribution", "report")
DETAILED = [name for name in NAMES if name not in UNDETAILED]


@pytest.mark.parametrize(
    "path", [*(f"/api/{name}/" for name in NAMES), *(f"/api/v1/{name}/1/" for name in DETAILED)]
)
def test_every_resource_refuses_a_bad_login(api, alice, path):
    assert_refused(as_header(api, header("alice@example.com:wrong-password"), path))


def test_writes_with_a_bad_login_change_nothing(api, alice):
    response = api.patch(
        f"/api/user/{alice.pk}/",
        data={"first_name": "Mallory"},
        HTTP_AUTHORIZATION=header("alice@example.com:wrong-password"),
    )
    assert_refused(response)
    alice.refresh_from_db()
    assert alice.first_name == "Alice"


def test_a_refused_login_is_not_cached_as_a_user(api, alice):
    assert_refused(as_header(api, header("alice@example.com:wrong-password")))
    assert verified_credentials.lookup("alice@example.com", "wrong-password") is None
