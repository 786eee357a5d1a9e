"""Password resets and email changes (openhexo/accounts/credentials.py).

A reset link goes only to an existing active account, works once and sets a validated
password; asking never tells whether the account exists. An email change waits for the
confirmation sent to the new address, works once, and tells the old address.
"""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from openhexo.accounts.credentials import (
    confirm_email_change,
    pending_email_change,
    request_email_change,
    request_password_reset,
    reset_password,
    user_for_reset,
)
from openhexo.accounts.models import User
from openhexo.accounts.requests import RequestRefused
from tests.conftest import PASSWORD
from tests.mailbox import committing, only_link, only_message

NEW_PASSWORD = "lantern-orchard-58"


def reset_parts(to: str = "alice@example.com") -> tuple[str, str]:
    uidb64, token = only_link(to, "/accounts/reset/").rstrip("/").split("/")[-2:]
    return uidb64, token


# --- password reset ---------------------------------------------------------------------------


def test_a_reset_link_goes_to_the_account(alice, settings):
    settings.PUBLIC_URL = "https://hexo.example.org"
    with committing():
        assert request_password_reset(" Alice@Example.com ") == "alice@example.com"
    link = only_link("alice@example.com", "/accounts/reset/")
    assert link.startswith("https://hexo.example.org/accounts/reset/")
    assert user_for_reset(*reset_parts()) == alice


@pytest.mark.parametrize("email", ["nobody@example.com", "inactive@example.com"])
def test_no_account_no_email_and_no_error(db, email):
    User.objects.create_user("inactive@example.com", PASSWORD, is_active=False)
    with committing():
        assert request_password_reset(email) == email
    assert mail.outbox == []


def test_a_malformed_address_is_refused(db):
    with pytest.raises(ValidationError) as refused:
        request_password_reset("not an email")
    assert "email" in refused.value.message_dict


def test_the_reset_sets_a_new_password_once(alice):
    with committing():
        request_password_reset(alice.email)
    uidb64, token = reset_parts()
    reset_password(uidb64, token, NEW_PASSWORD)
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    with pytest.raises(RequestRefused):
        reset_password(uidb64, token, "yet-another-pass-77")
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_the_new_password_is_validated(alice):
    with committing():
        request_password_reset(alice.email)
    with pytest.raises(ValidationError) as refused:
        reset_password(*reset_parts(), "password")
    assert "password" in refused.value.message_dict
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


@pytest.mark.parametrize("uidb64", ["", "!!", "MTAwMDAw", "bm90IGFuIGlk"])
def test_bad_links_reset_nothing(alice, uidb64):
    with committing():
        request_password_reset(alice.email)
    token = reset_parts()[1]
    with pytest.raises(RequestRefused):
        reset_password(uidb64, token, NEW_PASSWORD)
    changed = token[:-1] + ("1" if token.endswith("0") else "0")
    with pytest.raises(RequestRefused):
        reset_password(reset_parts()[0], changed, NEW_PASSWORD)


def test_an_expired_reset_link_is_refused(alice, settings):
    with committing():
        request_password_reset(alice.email)
    settings.PASSWORD_RESET_TIMEOUT = -1
    with pytest.raises(RequestRefused):
        reset_password(*reset_parts(), NEW_PASSWORD)


# --- email change -----------------------------------------------------------------------------


def test_the_change_waits_for_the_new_address(alice, settings):
    settings.PUBLIC_URL = "https://hexo.example.org"
    with committing():
        token = request_email_change(alice, " New.Alice@Example.org ")
    link = only_link("new.alice@example.org", "/accounts/email/")
    assert link.startswith("https://hexo.example.org/accounts/email/")
    assert "alice@example.com" in only_message("new.alice@example.org").body
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    assert pending_email_change(token) == (alice, "new.alice@example.org")


def test_confirming_changes_the_login_and_tells_the_old_address(alice):
    token = request_email_change(alice, "new.alice@example.org")
    with committing():
        user = confirm_email_change(token)
    assert user.email == "new.alice@example.org"
    alice.refresh_from_db()
    assert alice.email == "new.alice@example.org"
    assert alice.check_password(PASSWORD)
    notice = only_message("alice@example.com")
    assert "new.alice@example.org" in notice.body


def test_a_change_link_works_once(alice):
    token = request_email_change(alice, "new.alice@example.org")
    confirm_email_change(token)
    with pytest.raises(RequestRefused):
        confirm_email_change(token)


def test_confirming_one_change_outdates_the_others(alice):
    first = request_email_change(alice, "first@example.org")
    second = request_email_change(alice, "second@example.org")
    confirm_email_change(second)
    with pytest.raises(RequestRefused):
        confirm_email_change(first)
    alice.refresh_from_db()
    assert alice.email == "second@example.org"


@pytest.mark.parametrize(
    "new_email", ["bob@example.com", "BOB@example.com", "alice@example.com", "not-an-email", ""]
)
def test_taken_same_or_malformed_addresses_are_refused(alice, bob, new_email):
    with committing(), pytest.raises(ValidationError) as refused:
        request_email_change(alice, new_email)
    assert "new_email" in refused.value.message_dict
    assert mail.outbox == []


def test_an_address_taken_meanwhile_is_refused_at_confirmation(alice):
    token = request_email_change(alice, "new.alice@example.org")
    User.objects.create_user("new.alice@example.org", PASSWORD)
    with pytest.raises(ValidationError):
        confirm_email_change(token)
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"


def test_an_expired_change_link_is_refused(alice, settings):
    token = request_email_change(alice, "new.alice@example.org")
    settings.PASSWORD_RESET_TIMEOUT = -1
    with pytest.raises(RequestRefused, match="expired"):
        confirm_email_change(token)


@pytest.mark.parametrize("mangle", [lambda t: t + "x", lambda t: "x" + t, lambda t: "x" * 2000])
def test_forged_change_links_designate_nothing(alice, mangle):
    token = request_email_change(alice, "new.alice@example.org")
    with pytest.raises(User.DoesNotExist):
        confirm_email_change(mangle(token))


def test_a_change_link_is_its_owners_only(alice, bob):
    token = request_email_change(alice, "new.alice@example.org")
    with pytest.raises(User.DoesNotExist):
        confirm_email_change(token, owner=bob)
    assert confirm_email_change(token, owner=alice).email == "new.alice@example.org"
