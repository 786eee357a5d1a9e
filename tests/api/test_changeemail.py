"""`changeemail`: POST a new email; the login changes only once the new address confirms.

The link goes to the page /accounts/email/<token>/ (tests/dashboard/test_accounts.py); an
app may GET and PUT `changeemail/<token>/` as the user instead. The link works once.
"""

import base64

import pytest
from django.core import mail

from openhexo.api.auth import verified_credentials
from tests.conftest import PASSWORD
from tests.mailbox import committing, only_link, only_message, token_of

URL = "/api/changeemail/"
NEW = "new.alice@example.org"


def ask(api, user, new_email: str = NEW, key: str = "new_email"):
    with committing():
        return api.post(URL, user, data={key: new_email})


def as_email(email: str, password: str = PASSWORD) -> dict:
    token = base64.b64encode(f"{email}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def emailed_token(api, user) -> str:
    assert ask(api, user).status_code == 202
    token = token_of(only_link(NEW, "/accounts/email/"))
    mail.outbox.clear()
    return token


def test_the_change_waits_for_confirmation_from_the_new_address(api, alice):
    response = ask(api, alice)
    assert response.status_code == 202
    body = response.json()
    assert (body["email"], body["new_email"]) == ("alice@example.com", NEW)
    assert body["user"] == f"/api/user/{alice.pk}/"
    assert only_link(NEW, "/accounts/email/")
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    assert api.get("/api/account/", **as_email(NEW)).status_code == 401


def test_confirming_moves_the_login_to_the_new_email(api, alice):
    token = emailed_token(api, alice)
    shown = api.get(f"{URL}{token}/", alice)
    assert shown.status_code == 200
    assert (shown.json()["email"], shown.json()["new_email"]) == ("alice@example.com", NEW)
    with committing():
        response = api.put(f"{URL}{token}/", alice)
    assert response.status_code == 200
    assert response.json()["email"] == NEW
    account = api.get("/api/account/", **as_email(NEW))
    assert account.status_code == 200
    assert account.json()["objects"][0]["email"] == NEW
    assert NEW in only_message("alice@example.com").body


def test_the_old_email_no_longer_logs_in(api, alice):
    token = emailed_token(api, alice)
    assert api.put(f"{URL}{token}/", alice).status_code == 200
    assert api.get("/api/account/", **as_email("alice@example.com")).status_code == 401


def test_the_old_email_no_longer_logs_in_once_forgotten(api, alice):
    token = emailed_token(api, alice)
    assert api.put(f"{URL}{token}/", alice).status_code == 200
    verified_credentials.clear()
    assert api.get("/api/account/", **as_email("alice@example.com")).status_code == 401


def test_a_change_link_works_once(api, alice):
    token = emailed_token(api, alice)
    assert api.put(f"{URL}{token}/", alice).status_code == 200
    reused = api.put(f"{URL}{token}/", **as_email(NEW))
    assert reused.status_code == 400
    assert "used already" in reused.json()["error"]


def test_the_email_key_is_read_too(api, alice):
    assert ask(api, alice, key="email").status_code == 202
    assert only_link(NEW, "/accounts/email/")


@pytest.mark.parametrize(
    ("new_email", "status"),
    [("bob@example.com", 400), ("alice@example.com", 400), ("not-an-email", 400), ("", 400)],
)
def test_taken_same_or_malformed_addresses_are_400(api, alice, bob, new_email, status):
    response = ask(api, alice, new_email)
    assert response.status_code == status
    assert "'new_email'" in response.json()["error"]
    assert mail.outbox == []


def test_someone_elses_link_is_404(api, alice, bob):
    ask(api, alice)
    token = token_of(only_link(NEW, "/accounts/email/"))
    assert api.get(f"{URL}{token}/", bob).status_code == 404
    assert api.put(f"{URL}{token}/", bob).status_code == 404
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"


@pytest.mark.parametrize("token", ["forged", "x" * 2000, "eyJ1c2VyIjoxfQ:1abcde:signature"])
def test_forged_links_are_404(api, alice, token):
    assert api.get(f"{URL}{token}/", alice).status_code == 404
    assert api.put(f"{URL}{token}/", alice).status_code == 404


def test_an_expired_link_is_400(api, alice, settings):
    ask(api, alice)
    token = token_of(only_link(NEW, "/accounts/email/"))
    settings.PASSWORD_RESET_TIMEOUT = -1
    response = api.put(f"{URL}{token}/", alice)
    assert response.status_code == 400
    assert "expired" in response.json()["error"]


def test_callers_must_authenticate(api, alice):
    assert ask(api, None).status_code == 401
    ask(api, alice)
    token = token_of(only_link(NEW, "/accounts/email/"))
    assert api.get(f"{URL}{token}/").status_code == 401
    assert api.put(f"{URL}{token}/").status_code == 401
