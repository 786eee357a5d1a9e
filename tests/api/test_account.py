"""`/api/account/`: the caller, alone, with their full profile nested (list GET only).

Clients read `objects[0].id` to filter later calls by user and `objects[0].profile.unit_system`
to pick units (API.md 2.1), so the object's shape and values are pinned here.
"""

from datetime import date

import pytest

from openhexo.accounts.models import Profile, User
from tests.conftest import PASSWORD


def only_account(response) -> dict:
    assert response.status_code == 200
    body = response.json()
    assert body["meta"]["total_count"] == 1
    assert len(body["objects"]) == 1
    return body["objects"][0]


def expected_account(user, prefix: str = "/api/") -> dict:
    profile = user.profile
    return {
        "email": user.email,
        "first_name": user.first_name,
        "id": user.pk,
        "is_staff": user.is_staff,
        "last_name": user.last_name,
        "profile": {
            "avatar": None,
            "date_of_birth": None,
            "fitness": {
                "fitness_percentile": None,
                "height": None,
                "hr_max": None,
                "hr_recov": None,
                "hr_rest": None,
                "vo2_max": None,
                "weight": None,
            },
            "gender": "",
            "height": None,
            "id": profile.pk,
            "preferences": None,
            "resource_uri": f"{prefix}profile/{profile.pk}/",
            "unit_system": "metric",
            "user": f"{prefix}user/{user.pk}/",
            "weight": None,
        },
        "resource_uri": f"{prefix}user/{user.pk}/",
        "username": user.email,
    }


def without_last_modified(account: dict) -> dict:
    account["profile"].pop("last_modified")
    return account


def test_lists_exactly_the_caller_with_a_full_profile(api, alice, bob, carol):
    account = only_account(api.get("/api/account/", alice))
    assert without_last_modified(account) == expected_account(alice)


def test_each_caller_sees_only_their_own_account(api, alice, bob, carol):
    assert only_account(api.get("/api/account/", carol))["id"] == carol.pk
    assert only_account(api.get("/api/account/", bob))["email"] == "bob@example.com"


def test_list_meta_has_no_next_page(api, alice, bob, carol):
    meta = api.get("/api/account/", alice).json()["meta"]
    assert meta == {"limit": 20, "next": None, "offset": 0, "previous": None, "total_count": 1}


def test_v1_prefix_renders_v1_uris(api, alice):
    account = only_account(api.get("/api/v1/account/", alice))
    assert without_last_modified(account) == expected_account(alice, prefix="/api/v1/")


def test_username_is_the_email(api, alice):
    account = only_account(api.get("/api/account/", alice))
    assert account["username"] == account["email"] == "alice@example.com"


def test_resource_uri_is_the_user_uri_and_can_be_followed(api, alice):
    account = only_account(api.get("/api/account/", alice))
    user = api.get(account["resource_uri"], alice)
    assert user.status_code == 200
    assert user.json()["id"] == alice.pk


def test_profile_last_modified_is_iso_seconds_utc(api, alice):
    account = only_account(api.get("/api/account/", alice))
    assert account["profile"]["last_modified"] == (
        Profile.objects.get(user=alice).last_modified.replace(microsecond=0).isoformat()
    )
    assert account["profile"]["last_modified"].endswith("+00:00")


def test_filled_profile_and_fitness_are_rendered(api, alice):
    born = date(date.today().year - 40, 1, 1)
    Profile.objects.filter(user=alice).update(
        date_of_birth=born,
        gender="F",
        height=1.68,
        weight=61.5,
        unit_system="imperial",
        preferences={"language": "fr"},
        hr_rest=55,
        hr_recov=30,
        vo2_max=48.5,
        fitness_percentile=80,
    )
    profile = only_account(api.get("/api/account/", alice))["profile"]
    assert profile["date_of_birth"] == born.isoformat()
    assert profile["gender"] == "F"
    assert profile["unit_system"] == "imperial"
    assert profile["preferences"] == {"language": "fr"}
    assert profile["fitness"] == {
        "fitness_percentile": 80,
        "height": 1.68,
        "hr_max": 180,  # Tanaka: 208 - 0.7 x 40
        "hr_recov": 30,
        "hr_rest": 55,
        "vo2_max": 48.5,
        "weight": 61.5,
    }


def test_staff_flag_is_rendered(api, alice):
    User.objects.filter(pk=alice.pk).update(is_staff=True)
    assert only_account(api.get("/api/account/", alice))["is_staff"] is True


def test_user_without_profile_has_null_profile(api, db):
    lonely = User.objects.create_user("lonely@example.com", PASSWORD)
    account = only_account(api.get("/api/account/", lonely))
    assert account["profile"] is None
    assert account["resource_uri"] == f"/api/user/{lonely.pk}/"


def test_needs_a_login(api, alice):
    response = api.get("/api/account/")
    assert response.status_code == 401
    assert response.content == b""


def test_detail_is_405_with_empty_allow_and_json_error(api, alice):
    response = api.get(f"/api/account/{alice.pk}/", alice)
    assert response.status_code == 405
    assert response["Allow"] == ""
    assert response.json() == {"error": "GET is not allowed here; allowed: none."}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_list_writes_are_405_with_allow_get(api, alice, method):
    response = getattr(api, method)("/api/account/", alice)
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json() == {"error": f"{method.upper()} is not allowed here; allowed: GET."}


def test_post_changes_nothing(api, alice):
    api.post("/api/account/", alice, data={"first_name": "Mallory"})
    alice.refresh_from_db()
    assert alice.first_name == "Alice"
    assert User.objects.count() == 1


def test_schema_allows_list_get_only(api):
    schema = api.get("/api/account/schema/").json()
    assert schema["allowed_list_http_methods"] == ["get"]
    assert schema["allowed_detail_http_methods"] == []
    assert schema["ordering"] == ["id", "username", "email", "profile"]


def test_ordering_by_a_listed_field_is_accepted(api, alice):
    response = api.get("/api/account/", alice, params={"order_by": "-email"})
    assert only_account(response)["id"] == alice.pk


def test_ordering_by_an_unlisted_field_is_400(api, alice):
    response = api.get("/api/account/", alice, params={"order_by": "password"})
    assert response.status_code == 400
    assert response.json() == {"error": "No matching 'password' field for ordering on."}


def test_unknown_query_parameters_are_ignored(api, alice):
    response = api.get("/api/account/", alice, params={"whatever": "1", "format": "json"})
    assert only_account(response)["id"] == alice.pk


def test_the_set_endpoint_follows_the_detail_methods(api, alice):
    response = api.get(f"/api/account/set/{alice.pk};1/", alice)
    assert response.status_code == 405
    assert "error" in response.json()
