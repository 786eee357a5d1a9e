"""Profile arithmetic processing relies on (age, maximum heart rate, the fitness object) and
the User's Hexoskin-facing names."""

from datetime import date

import pytest

from openhexo.accounts.models import Profile, User


def profile(**values) -> Profile:
    return Profile(**values)


def born_years_ago(years: int) -> date:
    """A birth date exactly `years` birthdays ago (1 January, so never ahead of today)."""
    return date(date.today().year - years, 1, 1)


@pytest.mark.parametrize(
    ("today", "age"),
    [
        (date(2020, 6, 14), 29),  # the day before the birthday
        (date(2020, 6, 15), 30),  # the birthday
        (date(2020, 6, 16), 30),
        (date(2020, 12, 31), 30),
        (date(2021, 1, 1), 30),
        (date(1990, 6, 15), 0),
    ],
)
def test_age_counts_birthdays(today, age):
    assert profile(date_of_birth=date(1990, 6, 15)).age(today) == age


def test_age_of_a_leap_day_birth():
    born = profile(date_of_birth=date(2000, 2, 29))
    assert born.age(date(2021, 2, 28)) == 20
    assert born.age(date(2021, 3, 1)) == 21
    assert born.age(date(2024, 2, 29)) == 24


def test_age_defaults_to_today():
    assert profile(date_of_birth=born_years_ago(42)).age() == 42


def test_age_without_birth_date_is_none():
    assert profile().age(date(2020, 1, 1)) is None


def test_estimated_hr_max_prefers_the_stored_value():
    assert profile(hr_max=195, date_of_birth=born_years_ago(40)).estimated_hr_max() == 195


@pytest.mark.parametrize(
    ("years", "hr_max"), [(0, 208), (20, 194), (33, 185), (35, 184), (40, 180), (65, 163)]
)
def test_estimated_hr_max_uses_tanaka_rounding_halves_up(years, hr_max):
    """208 - 0.7 x age: 33 -> 184.9 -> 185; 35 -> 183.5 -> 184; 65 -> 162.5 -> 163."""
    assert profile(date_of_birth=born_years_ago(years)).estimated_hr_max() == hr_max


def test_estimated_hr_max_without_data_is_none():
    assert profile().estimated_hr_max() is None


def test_fitness_object_has_the_hexoskin_keys_and_values():
    filled = profile(
        height=1.82,
        weight=78.0,
        hr_rest=73,
        hr_recov=20,
        vo2_max=42.0,
        fitness_percentile=50,
        date_of_birth=born_years_ago(40),
    )
    assert filled.fitness() == {
        "fitness_percentile": 50,
        "height": 1.82,
        "hr_max": 180,
        "hr_recov": 20,
        "hr_rest": 73,
        "vo2_max": 42.0,
        "weight": 78.0,
    }


def test_fitness_of_an_empty_profile_is_all_none():
    assert set(profile().fitness().values()) == {None}
    assert len(profile().fitness()) == 7


def test_username_mirrors_the_email():
    user = User(email="alice@example.com")
    assert user.username == "alice@example.com"
    assert str(user) == "alice@example.com"


def test_manager_lower_cases_emails(db):
    user = User.objects.create_user("Bob@Example.COM", "violet-harbour-97")
    assert user.email == "bob@example.com"
    assert user.check_password("violet-harbour-97")


def test_superuser_is_staff(db):
    admin = User.objects.create_superuser("root@example.com", "violet-harbour-97")
    assert (admin.is_staff, admin.is_superuser) == (True, True)
