"""`create_user`: the one way accounts are made (command line, API, demo).

It normalises the email, gives every user an empty profile, and refuses weak or common
passwords, bad emails and duplicates with a ValidationError, leaving nothing behind.
"""

import pytest
from django.core.exceptions import ValidationError

from openhexo.accounts.actions import create_user
from openhexo.accounts.models import Profile, User

STRONG = "violet-harbour-97"


def test_lower_cases_and_strips_the_email(db):
    user = create_user("  Alice@Example.COM ", STRONG)
    assert user.email == "alice@example.com"
    assert User.objects.get().email == "alice@example.com"


def test_stores_the_names(db):
    user = create_user("alice@example.com", STRONG, first_name="Alice", last_name="Owner")
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Alice", "Owner")


def test_hashes_the_password(db):
    user = create_user("alice@example.com", STRONG)
    user.refresh_from_db()
    assert user.password != STRONG
    assert user.check_password(STRONG)
    assert not user.check_password(STRONG.upper())


def test_creates_an_empty_profile(db):
    user = create_user("alice@example.com", STRONG)
    profile = Profile.objects.get(user=user)
    assert (profile.date_of_birth, profile.gender, profile.unit_system) == (None, "", "metric")
    assert (profile.height, profile.weight, profile.preferences) == (None, None, None)


def test_new_users_are_active_and_not_staff(db):
    user = create_user("alice@example.com", STRONG)
    assert user.is_active is True
    assert user.is_staff is False
    assert user.is_superuser is False


@pytest.mark.parametrize(
    ("password", "words"),
    [
        ("short1!", "too short"),
        ("password123", "too common"),
        ("qwertyuiop", "too common"),
    ],
)
def test_weak_or_common_passwords_are_refused(db, password, words):
    with pytest.raises(ValidationError) as refused:
        create_user("alice@example.com", password)
    assert any(words in message for message in refused.value.messages)
    assert not User.objects.exists()
    assert not Profile.objects.exists()


def test_duplicate_email_is_refused(db):
    create_user("alice@example.com", STRONG)
    with pytest.raises(ValidationError) as refused:
        create_user("alice@example.com", "another-pass-42")
    assert "email" in refused.value.message_dict
    assert User.objects.count() == 1


def test_duplicate_email_in_another_case_is_refused(db):
    create_user("alice@example.com", STRONG)
    with pytest.raises(ValidationError):
        create_user("ALICE@example.com", "another-pass-42")
    assert User.objects.count() == 1
    assert Profile.objects.count() == 1


@pytest.mark.parametrize("email", ["not-an-email", "", "alice@", "@example.com"])
def test_invalid_email_is_refused(db, email):
    with pytest.raises(ValidationError) as refused:
        create_user(email, STRONG)
    assert "email" in refused.value.message_dict
    assert not User.objects.exists()


def test_too_long_name_is_refused(db):
    with pytest.raises(ValidationError) as refused:
        create_user("alice@example.com", STRONG, first_name="x" * 151)
    assert "first_name" in refused.value.message_dict
    assert not User.objects.exists()
