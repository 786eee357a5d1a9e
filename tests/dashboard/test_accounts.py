"""The /accounts/ pages: reset a forgotten password, confirm a new login email.

Plain forms with CSRF protection; following a link (GET) changes nothing, the form's POST
does, once.
"""

from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from openhexo.accounts.credentials import EMAIL_PATH, RESET_PATH, request_email_change
from openhexo.accounts.models import User
from tests.conftest import PASSWORD
from tests.mailbox import committing, only_link, only_message

NEW_PASSWORD = "lantern-orchard-58"
NEW = "new.alice@example.org"


@pytest.fixture
def browser(db) -> Client:
    return Client(enforce_csrf_checks=True)


def submit(browser: Client, url: str, data: dict | None = None):
    """GET a form page, then POST it with its CSRF token, as a browser does."""
    page = browser.get(url, follow=True)
    assert page.status_code == 200, page.content
    token = browser.cookies["csrftoken"].value
    with committing():
        return browser.post(
            page.request["PATH_INFO"], {"csrfmiddlewaretoken": token} | (data or {})
        )


def test_the_links_the_emails_carry_are_served_here():
    assert reverse("password_reset_confirm", args=["MQ", "token"]) == f"{RESET_PATH}MQ/token/"
    assert reverse("email_change_confirm", args=["token"]) == f"{EMAIL_PATH}token/"


# --- password reset ---------------------------------------------------------------------------


def test_the_reset_form_mails_a_link_and_never_tells_who_exists(browser, alice):
    answers = []
    for email in ("alice@example.com", "nobody@example.com"):
        response = submit(browser, "/accounts/password/reset/", {"email": email})
        assert response.status_code == 302
        answers.append((response["Location"], browser.get(response["Location"]).content))
    assert answers[0] == answers[1]
    assert [message.to for message in mail.outbox] == [["alice@example.com"]]


def test_the_reset_form_refuses_a_malformed_address(browser, alice):
    response = submit(browser, "/accounts/password/reset/", {"email": "not an email"})
    assert response.status_code == 200
    assert b'class="error"' in response.content
    assert mail.outbox == []


def test_the_reset_form_needs_its_csrf_token(browser, alice):
    response = browser.post("/accounts/password/reset/", {"email": "alice@example.com"})
    assert response.status_code == 403
    assert mail.outbox == []


def reset_link(browser, email: str = "alice@example.com") -> str:
    submit(browser, "/accounts/password/reset/", {"email": email})
    return urlsplit(only_link(email, RESET_PATH)).path


def test_the_link_sets_a_new_password_once(browser, alice):
    link = reset_link(browser)
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    done = submit(browser, link, data)
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    again = Client().get(link, follow=True)
    assert b"does not work" in again.content


def test_following_the_link_changes_nothing(browser, alice):
    link = reset_link(browser)
    for _ in range(2):
        assert b"Choose a new password" in Client().get(link, follow=True).content
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_the_new_password_is_validated(browser, alice):
    link = reset_link(browser)
    response = submit(browser, link, {"new_password1": "password", "new_password2": "password"})
    assert response.status_code == 200
    assert b'class="error"' in response.content
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_a_forged_reset_link_does_not_work(browser, alice):
    page = browser.get("/accounts/reset/MQ/forged-token/", follow=True)
    assert b"does not work" in page.content


# --- email change -----------------------------------------------------------------------------


def test_the_page_shows_the_change_and_its_form_makes_it(browser, alice):
    token = request_email_change(alice, NEW)
    url = reverse("email_change_confirm", args=[token])
    page = browser.get(url)
    assert b"alice@example.com" in page.content and NEW.encode() in page.content
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    done = submit(browser, url)
    assert done.status_code == 200 and b"Your email changed" in done.content
    alice.refresh_from_db()
    assert alice.email == NEW
    assert NEW in only_message("alice@example.com").body
    again = browser.post(url, {"csrfmiddlewaretoken": browser.cookies["csrftoken"].value})
    assert again.status_code == 400 and b"used already" in again.content


def test_the_email_form_needs_its_csrf_token(browser, alice):
    token = request_email_change(alice, NEW)
    response = browser.post(reverse("email_change_confirm", args=[token]))
    assert response.status_code == 403
    assert User.objects.get(pk=alice.pk).email == "alice@example.com"


@pytest.mark.parametrize("token", ["forged", "eyJ1c2VyIjoxfQ:1abcde:signature"])
def test_a_forged_email_link_does_not_work(browser, alice, token):
    page = browser.get(reverse("email_change_confirm", args=[token]))
    assert page.status_code == 400 and b"does not work" in page.content
