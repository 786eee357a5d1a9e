"""`resetpassword`: POST an email, get a link to the reset page; nothing tells who exists.

Like every API resource but createuserrequest it needs a caller (DESIGN.md section 6); people
without a login use the page at /accounts/password/reset/ (tests/dashboard/test_accounts.py).
"""

import pytest
from django.core import mail

from openhexo.accounts.credentials import reset_password
from openhexo.accounts.models import User
from tests.conftest import PASSWORD, basic
from tests.mailbox import committing, only_link

URL = "/api/resetpassword/"
NEW_PASSWORD = "lantern-orchard-58"


def ask(api, caller, email: str):
    with committing():
        return api.post(URL, caller, data={"email": email})


def test_the_account_gets_a_link_that_resets_once(api, alice, bob, settings):
    settings.PUBLIC_URL = "https://hexo.example.org"
    response = ask(api, bob, "Alice@Example.com")
    assert response.status_code == 202
    assert response.json()["email"] == "alice@example.com"
    link = only_link("alice@example.com", "/accounts/reset/")
    assert link.startswith("https://hexo.example.org/accounts/reset/")
    uidb64, token = link.rstrip("/").split("/")[-2:]
    reset_password(uidb64, token, NEW_PASSWORD)
    assert api.get("/api/account/", HTTP_AUTHORIZATION=basic(alice, NEW_PASSWORD)).status_code == (
        200
    )
    assert api.get("/api/account/", HTTP_AUTHORIZATION=basic(alice)).status_code == 401
    with pytest.raises(Exception, match="invalid, used or expired"):
        reset_password(uidb64, token, "yet-another-pass-77")


def test_the_answer_never_tells_whether_the_account_exists(api, alice, bob):
    User.objects.create_user("inactive@example.com", PASSWORD, is_active=False)
    answers = {}
    for email in ("alice@example.com", "nobody@example.com", "inactive@example.com"):
        response = ask(api, bob, email)
        body = response.json()
        assert body.pop("email") == email
        answers[email] = (response.status_code, body, response["Content-Type"])
    assert len(set(map(repr, answers.values()))) == 1
    assert [message.to for message in mail.outbox] == [["alice@example.com"]]


@pytest.mark.parametrize("email", [None, "", "not an email", 42, "x" * 300 + "@example.com"])
def test_a_missing_or_malformed_email_is_400(api, bob, email):
    response = ask(api, bob, email)
    assert response.status_code == 400
    assert "'email'" in response.json()["error"]
    assert mail.outbox == []


def test_callers_must_authenticate(api, alice):
    with committing():
        response = api.post(URL, data={"email": "alice@example.com"})
    assert response.status_code == 401
    assert mail.outbox == []


@pytest.mark.parametrize(("method", "path"), [("get", URL), ("put", URL), ("get", f"{URL}1/")])
def test_only_post_is_served(api, bob, method, path):
    assert api.call(method, path, bob).status_code == 405
