"""`/api/user/`: the caller (and, once sharing exists, who shared with them).

Lists hold only visible users, others are 404; filters take the Hexoskin forms (email, id,
search, profile by id or URI); only first and last names can be changed, everything else a
body carries is ignored; list, paging and bad-filter rules of DESIGN.md section 5.
"""

import pytest

from openhexo.accounts.models import User


def expected_user(user, prefix: str = "/api/") -> dict:
    return {
        "devices": None,
        "email": user.email,
        "first_name": user.first_name,
        "id": user.pk,
        "last_name": user.last_name,
        "profile": f"{prefix}profile/{user.profile.pk}/",
        "resource_uri": f"{prefix}user/{user.pk}/",
        "stats": None,
        "username": user.email,
    }


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [obj["id"] for obj in response.json()["objects"]]


def error_of(response, status: int = 400) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()["error"]


# --- reading --------------------------------------------------------------------------------


def test_list_holds_only_the_caller(api, alice, bob, carol):
    body = api.get("/api/user/", alice).json()
    assert body == {
        "meta": {"limit": 20, "next": None, "offset": 0, "previous": None, "total_count": 1},
        "objects": [expected_user(alice)],
    }


def test_carol_never_sees_alice(api, alice, carol):
    assert ids(api.get("/api/user/", carol)) == [carol.pk]


def test_detail_of_self(api, alice):
    response = api.get(f"/api/user/{alice.pk}/", alice)
    assert response.status_code == 200
    assert response.json() == expected_user(alice)


def test_detail_under_v1_renders_v1_uris(api, alice):
    assert api.get(f"/api/v1/user/{alice.pk}/", alice).json() == expected_user(alice, "/api/v1/")


def test_detail_of_an_invisible_user_is_a_json_404(api, alice, carol):
    response = api.get(f"/api/user/{alice.pk}/", carol)
    assert error_of(response, 404) == "No such object, or it is not visible to you."


@pytest.mark.parametrize("reference", ["0", "99999999", "abc", "99999999999999999999999"])
def test_detail_of_a_missing_or_malformed_id_is_404(api, alice, reference):
    assert api.get(f"/api/user/{reference}/", alice).status_code == 404


def test_detail_is_also_found_by_email(api, alice, bob):
    assert api.get("/api/user/alice@example.com/", alice).json() == expected_user(alice)
    assert api.get("/api/user/bob@example.com/", alice).status_code == 404


def test_profile_uri_can_be_followed(api, alice):
    profile_uri = api.get(f"/api/user/{alice.pk}/", alice).json()["profile"]
    assert api.get(profile_uri, alice).json()["user"] == f"/api/user/{alice.pk}/"


def test_needs_a_login(api, alice):
    response = api.get("/api/user/")
    assert response.status_code == 401
    assert response.content == b""


# --- filters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "matches"),
    [
        ({"email": "alice@example.com"}, True),
        ({"email": "bob@example.com"}, False),
        ({"email__in": "bob@example.com,alice@example.com"}, True),
        ({"email__in": "bob@example.com,carol@example.com"}, False),
        ({"email__startswith": "ali"}, True),
        ({"email__startswith": "bob"}, False),
        ({"username": "alice@example.com"}, True),
        ({"username__in": "carol@example.com"}, False),
        ({"username__startswith": "alice@"}, True),
        ({"email": "ALICE@Example.com"}, True),
        ({"email": "not-an-email"}, False),
        ({"search": "Alice"}, True),
        ({"search": "owner"}, True),
        ({"search": "alice owner"}, True),
        ({"search": "EXAMPLE.COM"}, True),
        ({"search": "Stranger"}, False),
        ({"search": "bob"}, False),
    ],
)
def test_text_filters(api, alice, bob, carol, params, matches):
    assert ids(api.get("/api/user/", alice, params=params)) == ([alice.pk] if matches else [])


def test_id_filters(api, alice, bob):
    assert ids(api.get("/api/user/", alice, params={"id": alice.pk})) == [alice.pk]
    assert ids(api.get("/api/user/", alice, params={"id": bob.pk})) == []
    assert ids(api.get("/api/user/", alice, params={"id__in": f"{bob.pk},{alice.pk}"})) == [
        alice.pk
    ]
    assert ids(api.get("/api/user/", alice, params={"id__gt": alice.pk})) == []
    assert ids(api.get("/api/user/", alice, params={"id__gte": alice.pk})) == [alice.pk]
    assert ids(api.get("/api/user/", alice, params={"id__range": f"1,{alice.pk}"})) == [alice.pk]


def test_profile_filter_by_id_and_by_uri(api, alice, bob):
    own, other = alice.profile.pk, bob.profile.pk
    assert ids(api.get("/api/user/", alice, params={"profile": own})) == [alice.pk]
    assert ids(api.get("/api/user/", alice, params={"profile": f"/api/profile/{own}/"})) == [
        alice.pk
    ]
    assert ids(api.get("/api/user/", alice, params={"profile": f"/api/v1/profile/{own}/"})) == [
        alice.pk
    ]
    assert ids(api.get("/api/user/", alice, params={"profile": other})) == []


def test_profile_filter_follows_relations(api, alice):
    alice.profile.gender = "F"
    alice.profile.save()
    assert ids(api.get("/api/user/", alice, params={"profile__gender": "F"})) == [alice.pk]
    assert ids(api.get("/api/user/", alice, params={"profile__gender": "M"})) == []


def test_filters_combine(api, alice):
    params = {"email__startswith": "alice", "search": "Stranger"}
    assert ids(api.get("/api/user/", alice, params=params)) == []


@pytest.mark.parametrize("value", ["abc", "99999999999999999999999", "1.5", ""])
def test_bad_id_filter_values_are_400_with_a_message(api, alice, value):
    message = error_of(api.get("/api/user/", alice, params={"id": value}))
    assert f"'{value}'" in message
    assert "'id' filter" in message


def test_bad_id_list_value_is_400(api, alice):
    message = error_of(api.get("/api/user/", alice, params={"id__in": f"{alice.pk},x"}))
    assert "'x'" in message


def test_bad_profile_filter_value_is_400(api, alice):
    message = error_of(api.get("/api/user/", alice, params={"profile": "nope"}))
    assert message == "Invalid value 'nope' for the 'profile' filter."


def test_a_lookup_the_field_does_not_allow_is_400(api, alice):
    message = error_of(api.get("/api/user/", alice, params={"email__contains": "alice"}))
    assert message == "'contains' is not an allowed filter on the 'email' field."


def test_filtering_on_a_field_without_filters_is_400(api, alice):
    message = error_of(api.get("/api/user/", alice, params={"first_name": "Alice"}))
    assert message == "The 'first_name' field does not allow filtering."


def test_search_takes_exact_as_its_only_lookup(api, alice):
    assert ids(api.get("/api/user/", alice, params={"search__exact": "Alice"})) == [alice.pk]
    message = error_of(api.get("/api/user/", alice, params={"search__contains": "Alice"}))
    assert "'search'" in message


def test_unknown_query_parameters_are_ignored(api, alice):
    params = {"nonsense": "1", "include_metrics": "1", "format": "xml"}
    assert ids(api.get("/api/user/", alice, params=params)) == [alice.pk]


# --- paging and ordering --------------------------------------------------------------------


def test_limit_zero_means_a_thousand(api, alice):
    assert api.get("/api/user/", alice, params={"limit": 0}).json()["meta"]["limit"] == 1000


def test_limit_is_capped_at_a_thousand(api, alice):
    assert api.get("/api/user/", alice, params={"limit": 5000}).json()["meta"]["limit"] == 1000


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": "-1"}, "Invalid limit '-1' provided. Please provide a positive integer >= 0."),
        ({"limit": "x"}, "Invalid limit 'x' provided. Please provide a positive integer."),
        ({"offset": "x"}, "Invalid offset 'x' provided. Please provide an integer."),
        ({"offset": "-1"}, "Invalid offset '-1' provided. Please provide a positive integer >= 0."),
    ],
)
def test_bad_paging_is_400(api, alice, params, message):
    assert error_of(api.get("/api/user/", alice, params=params)) == message


def test_offset_past_the_end_is_an_empty_page_with_a_relative_previous(api, alice):
    params = {"offset": 25, "email": "alice@example.com"}
    body = api.get("/api/user/", alice, params=params).json()
    assert body == {
        "meta": {
            "limit": 20,
            "next": None,
            "offset": 25,
            "previous": "/api/user/?email=alice%40example.com&limit=20&offset=5",
            "total_count": 1,
        },
        "objects": [],
    }


@pytest.mark.parametrize("order", ["id", "-id", "email", "-username", "profile", "-email,id"])
def test_ordering_on_listed_fields(api, alice, order):
    assert ids(api.get("/api/user/", alice, params={"order_by": order})) == [alice.pk]


def test_ordering_on_an_unlisted_field_is_400(api, alice):
    message = error_of(api.get("/api/user/", alice, params={"order_by": "first_name"}))
    assert message == "The 'first_name' field does not allow ordering."


def test_ordering_on_an_unknown_name_is_400(api, alice):
    message = error_of(api.get("/api/user/", alice, params={"order_by": "-password"}))
    assert message == "No matching 'password' field for ordering on."


# --- writes ---------------------------------------------------------------------------------


def test_put_changes_own_names_and_answers_the_object(api, alice):
    names = {"first_name": "Alicia", "last_name": "Keys"}
    response = api.put(f"/api/user/{alice.pk}/", alice, data=names)
    assert response.status_code == 200
    assert response.json() == expected_user(alice) | names
    alice.refresh_from_db()
    assert (alice.first_name, alice.last_name) == ("Alicia", "Keys")


def test_put_ignores_read_only_fields(api, alice, bob):
    body = {
        "id": bob.pk,
        "email": "mallory@example.com",
        "username": "mallory@example.com",
        "profile": f"/api/profile/{bob.profile.pk}/",
        "resource_uri": f"/api/user/{bob.pk}/",
        "devices": "x",
        "stats": {"a": 1},
        "first_name": "Alicia",
    }
    response = api.put(f"/api/user/{alice.pk}/", alice, data=body)
    assert response.status_code == 200
    rendered = response.json()
    assert rendered["id"] == alice.pk
    assert rendered["email"] == rendered["username"] == "alice@example.com"
    assert rendered["profile"] == f"/api/profile/{alice.profile.pk}/"
    assert rendered["devices"] is None
    assert rendered["first_name"] == "Alicia"
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    assert alice.profile.pk != bob.profile.pk
    assert User.objects.get(pk=bob.pk).first_name == "Bob"


def test_put_back_what_get_returned(api, alice):
    """The official client's `update()` PUTs the whole object it read."""
    obj = api.get(f"/api/user/{alice.pk}/", alice).json()
    obj["last_name"] = "Updated"
    response = api.put(obj["resource_uri"], alice, data=obj)
    assert response.status_code == 200
    assert response.json() == {**obj, "last_name": "Updated"}


def test_patch_changes_only_what_it_names(api, alice):
    response = api.patch(f"/api/user/{alice.pk}/", alice, data={"last_name": "Smith"})
    assert response.status_code == 200
    assert response.json()["first_name"] == "Alice"
    assert response.json()["last_name"] == "Smith"
    alice.refresh_from_db()
    assert (alice.first_name, alice.last_name) == ("Alice", "Smith")


def test_names_may_be_emptied(api, alice):
    response = api.patch(f"/api/user/{alice.pk}/", alice, data={"first_name": ""})
    assert response.json()["first_name"] == ""


def test_put_on_another_users_id_is_404_and_changes_nothing(api, alice, bob):
    response = api.put(f"/api/user/{bob.pk}/", alice, data={"first_name": "Hacked"})
    assert error_of(response, 404) == "No such object, or it is not visible to you."
    assert User.objects.get(pk=bob.pk).first_name == "Bob"


def test_patch_on_another_users_id_is_404(api, alice, bob):
    assert api.patch(f"/api/user/{bob.pk}/", alice, data={"first_name": "X"}).status_code == 404
    assert User.objects.get(pk=bob.pk).first_name == "Bob"


def test_put_on_a_missing_id_is_404(api, alice):
    assert api.put("/api/user/99999999/", alice, data={"first_name": "X"}).status_code == 404
    assert User.objects.count() == 1


def test_too_long_name_is_400_naming_the_field(api, alice):
    response = api.patch(f"/api/user/{alice.pk}/", alice, data={"first_name": "x" * 151})
    assert "first_name" in error_of(response)
    alice.refresh_from_db()
    assert alice.first_name == "Alice"


def test_non_string_name_is_400_naming_the_field(api, alice):
    response = api.patch(f"/api/user/{alice.pk}/", alice, data={"last_name": {"x": 1}})
    assert "'last_name'" in error_of(response)


def test_body_that_is_not_an_object_is_400(api, alice):
    response = api.put(f"/api/user/{alice.pk}/", alice, data=["first_name"])
    assert error_of(response) == "The request body must be a JSON object."


def test_malformed_json_is_400(api, alice):
    response = api.call("put", f"/api/user/{alice.pk}/", alice, raw=b"{not json")
    assert response.status_code == 400
    assert "error" in response.json()


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("post", "/api/user/", "GET"),
        ("put", "/api/user/", "GET"),
        ("delete", "/api/user/", "GET"),
        ("delete", "/api/user/{pk}/", "GET,PUT,PATCH"),
        ("post", "/api/user/{pk}/", "GET,PUT,PATCH"),
    ],
)
def test_other_methods_are_405_with_allow(api, alice, method, path, allow):
    path = path.format(pk=alice.pk)
    if method == "delete":
        response = api.delete(path, alice)
    else:
        response = getattr(api, method)(path, alice, data={"first_name": "X"})
    assert response.status_code == 405
    assert response["Allow"] == allow
    assert response.json()["error"].startswith(f"{method.upper()} is not allowed here")
    assert User.objects.filter(pk=alice.pk, first_name="Alice").exists()
