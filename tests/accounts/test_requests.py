"""Account requests (openhexo/accounts/requests.py): ask, email a link, confirm once.

Nothing but the request exists before confirmation; the password and the token are kept
hashed; the token works once and not after expiry; bundles asked for are granted to the
creator over the new account when it is confirmed.
"""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openhexo.accounts.models import (
    AccountRequest,
    BundlePermission,
    PermissionBundle,
    Profile,
    User,
)
from openhexo.accounts.requests import (
    NewAccount,
    RequestRefused,
    TooSoon,
    confirm,
    find,
    profile_from,
    request_account,
)
from tests.mailbox import committing, links, only_link, only_message, token_of

STRONG = "violet-harbour-97"
NEW = "dora@example.com"


def ask(email: str = NEW, password: str = STRONG, **extra) -> tuple[AccountRequest, str]:
    return request_account(NewAccount(email, password, **extra))


def age(pending: AccountRequest, **delta) -> None:
    """Move a request back in time."""
    AccountRequest.objects.filter(pk=pending.pk).update(
        created=pending.created - timedelta(**delta), expires=pending.expires - timedelta(**delta)
    )


def test_a_request_creates_no_user_and_mails_a_link_with_its_token(db, settings):
    settings.PUBLIC_URL = "https://hexo.example.org"
    with committing():
        pending, token = ask(first_name="Dora")
    assert not User.objects.filter(email=NEW).exists()
    assert pending.status() == "pending"
    link = only_link(NEW, "/api/createuserrequest/")
    assert link == f"https://hexo.example.org/api/createuserrequest/{token}/"
    message = only_message(NEW)
    assert "Hello Dora" in message.body
    assert "changes nothing" in message.body


def test_secrets_are_stored_hashed(db):
    pending, token = ask()
    pending.refresh_from_db()
    assert token not in pending.token_hash and len(pending.token_hash) == 64
    assert pending.password != STRONG and pending.password.startswith("md5$")


def test_confirmation_creates_the_user_profile_and_login(db):
    _, token = ask(" Dora@Example.com ", first_name="Dora", last_name="Lee")
    pending = confirm(token)
    user = User.objects.get(email=NEW)
    assert (pending.user, pending.status()) == (user, "confirmed")
    assert (user.first_name, user.last_name, user.is_active) == ("Dora", "Lee", True)
    assert user.check_password(STRONG)
    assert Profile.objects.filter(user=user).exists()
    pending.refresh_from_db()
    assert pending.password == ""  # no copy of the hash outlives its use


def test_a_token_works_once(db):
    _, token = ask()
    confirm(token)
    with pytest.raises(RequestRefused, match="confirmed already"):
        confirm(token)
    assert User.objects.filter(email=NEW).count() == 1


def test_an_expired_request_is_refused(db):
    pending, token = ask()
    age(pending, days=4)
    assert find(token).status() == "expired"
    with pytest.raises(RequestRefused, match="expired"):
        confirm(token)
    assert not User.objects.filter(email=NEW).exists()


@pytest.mark.parametrize("token", ["", "short", "x" * 43, "not a token at all!!!!!!!", None])
def test_unknown_tokens_find_nothing(db, token):
    ask()
    with pytest.raises(AccountRequest.DoesNotExist):
        confirm(token)


def test_a_taken_email_is_refused_when_asked(db, alice):
    with committing(), pytest.raises(ValidationError) as refused:
        ask("ALICE@example.com")
    assert "email" in refused.value.message_dict
    assert not AccountRequest.objects.exists()
    assert mail.outbox == []


def test_an_email_taken_meanwhile_is_refused_at_confirmation(db):
    _, token = ask()
    User.objects.create_user(NEW, STRONG)
    with pytest.raises(ValidationError) as refused:
        confirm(token)
    assert "email" in refused.value.message_dict
    assert find(token).status() == "pending"


@pytest.mark.parametrize("password", ["short", "password123", "x" * 1025])
def test_weak_or_huge_passwords_are_refused(db, password):
    with pytest.raises(ValidationError) as refused:
        ask(password=password)
    assert list(refused.value.message_dict) == ["password"]
    assert not AccountRequest.objects.exists()


@pytest.mark.parametrize("email", ["", "not-an-email", "a@b", "x" * 250 + "@example.com"])
def test_malformed_emails_are_refused(db, email):
    with pytest.raises(ValidationError) as refused:
        ask(email)
    assert list(refused.value.message_dict) == ["email"]


def test_too_long_names_are_refused(db):
    with pytest.raises(ValidationError) as refused:
        ask(first_name="x" * 151)
    assert "first_name" in refused.value.message_dict


def test_without_a_password_the_confirmation_sets_one(db):
    _, token = ask(password="")
    with pytest.raises(ValidationError) as refused:
        confirm(token)
    assert "password" in refused.value.message_dict
    with pytest.raises(ValidationError):
        confirm(token, "weak")
    confirm(token, "another-strong-one-42")
    assert User.objects.get(email=NEW).check_password("another-strong-one-42")


def test_a_password_given_at_confirmation_replaces_the_one_asked_with(db):
    _, token = ask()
    confirm(token, "another-strong-one-42")
    user = User.objects.get(email=NEW)
    assert user.check_password("another-strong-one-42") and not user.check_password(STRONG)


def test_the_profile_is_checked_when_asked_and_created_on_confirmation(db):
    profile = {
        "gender": "F",
        "date_of_birth": "1990-05-17",
        "fitness": {"height": 1.68, "weight": 61, "hr_max": 190},
        "unknown": "ignored",
    }
    _, token = ask(profile=profile)
    created = Profile.objects.get(user=confirm(token).user)
    assert (created.gender, created.date_of_birth) == ("F", date(1990, 5, 17))
    assert (created.height, created.weight, created.hr_max) == (1.68, 61, 190)


@pytest.mark.parametrize(
    ("profile", "field"),
    [
        ({"gender": "X"}, "profile.gender"),
        ({"gender": 3}, "profile.gender"),
        ({"date_of_birth": "17/05/1990"}, "profile.date_of_birth"),
        ({"fitness": {"height": "tall"}}, "profile.height"),
        ({"weight": True}, "profile.weight"),
        ({"weight": float("inf")}, "profile.weight"),
        ({"hr_max": -1}, "profile.hr_max"),
        ({"fitness": [1]}, "profile.fitness"),
        ([], "profile"),
    ],
)
def test_bad_profile_values_are_named(db, profile, field):
    with pytest.raises(ValidationError) as refused:
        profile_from(profile)
    assert field in refused.value.message_dict


def test_one_email_per_address_per_minute(db):
    with committing():
        ask()
    with committing(), pytest.raises(TooSoon) as refused:
        ask()
    assert refused.value.retry_after == 60
    assert len(mail.outbox) == 1


def test_a_new_request_replaces_the_unconfirmed_one(db):
    pending, old_token = ask()
    age(pending, minutes=5)
    _, new_token = ask()
    with pytest.raises(AccountRequest.DoesNotExist):
        find(old_token)
    assert find(new_token).status() == "pending"


def test_long_expired_requests_are_forgotten(db):
    pending, token = ask()
    age(pending, days=11)
    ask("erin@example.com")
    with pytest.raises(AccountRequest.DoesNotExist):
        find(token)


def test_bundles_are_granted_to_the_creator_on_confirmation(db, alice):
    coach = PermissionBundle.objects.get(name="coach")
    with committing():
        _, token = request_account(
            NewAccount(NEW, STRONG), kind="related", created_by=alice, bundles=[coach]
        )
    body = only_message(NEW).body
    assert "alice@example.com" in body and "coach" in body
    assert not BundlePermission.objects.exists()
    user = confirm(token).user
    grant = BundlePermission.objects.get()
    assert (grant.bundle, grant.user_target, grant.user_allowed) == (coach, user, alice)


def test_anonymous_requests_cannot_ask_for_bundles(db):
    coach = PermissionBundle.objects.get(name="coach")
    with pytest.raises(ValidationError) as refused:
        request_account(NewAccount(NEW, STRONG), bundles=[coach])
    assert "bundles" in refused.value.message_dict


def test_a_rolled_back_request_mails_nothing(db):
    with committing(), pytest.raises(RuntimeError), transaction.atomic():
        ask()
        raise RuntimeError("the caller failed after asking")
    assert mail.outbox == []
    assert not AccountRequest.objects.exists()


def test_the_link_in_the_email_is_the_token(db):
    with committing():
        _, token = ask()
    assert token_of(links(only_message(NEW))[0]) == token


def test_the_expiry_follows_password_reset_timeout(db, settings):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    pending, _ = ask()
    assert abs(pending.expires - timezone.now() - timedelta(hours=1)) < timedelta(minutes=1)
