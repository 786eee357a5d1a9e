"""`/api/profile/`: a user's body and preferences (list GET; detail GET, PUT, PATCH).

Values keep their Hexoskin forms (`date_of_birth` "YYYY-MM-DD", `gender` M/F/'', `unit_system`
"metric"/"imperial", free JSON `preferences`); `fitness` and `user` are read-only; a bad value
is a 400 naming its field and changes nothing.
"""

from datetime import date

import pytest

from openhexo.accounts.models import Profile

FILLED = {
    "avatar": "https://example.com/alice.png",
    "date_of_birth": "1985-06-15",
    "gender": "F",
    "height": 1.68,
    "preferences": {"language": "fr", "zones": [120, 140, 160]},
    "unit_system": "imperial",
    "weight": 61.5,
}


def expected_profile(user, prefix: str = "/api/") -> dict:
    profile = Profile.objects.get(user=user)
    return {
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
        "last_modified": profile.last_modified.replace(microsecond=0).isoformat(),
        "preferences": None,
        "resource_uri": f"{prefix}profile/{profile.pk}/",
        "unit_system": "metric",
        "user": f"{prefix}user/{user.pk}/",
        "weight": None,
    }


def uri(user) -> str:
    return f"/api/profile/{user.profile.pk}/"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [obj["id"] for obj in response.json()["objects"]]


def error_of(response, status: int = 400) -> str:
    assert response.status_code == status, response.content
    return response.json()["error"]


def fill(user, **values) -> Profile:
    Profile.objects.filter(user=user).update(**values)
    return Profile.objects.get(user=user)


# --- reading --------------------------------------------------------------------------------


def test_list_holds_only_the_callers_profile(api, alice, bob, carol):
    body = api.get("/api/profile/", alice).json()
    assert body["meta"]["total_count"] == 1
    assert body["objects"] == [expected_profile(alice)]


def test_detail_of_own_profile(api, alice):
    assert api.get(uri(alice), alice).json() == expected_profile(alice)


def test_v1_prefix_renders_v1_uris(api, alice):
    response = api.get(f"/api/v1/profile/{alice.profile.pk}/", alice)
    assert response.json() == expected_profile(alice, "/api/v1/")


def test_profile_id_is_not_the_user_id(api, carol):
    """Profiles have their own ids: a profile URI never designates a user, nor the reverse."""
    Profile.objects.filter(user=carol).delete()
    renewed = Profile.objects.create(user=carol, id=carol.pk + 1000)
    rendered = api.get(f"/api/profile/{renewed.pk}/", carol).json()
    assert (rendered["id"], rendered["user"]) == (carol.pk + 1000, f"/api/user/{carol.pk}/")
    assert api.get(f"/api/profile/{carol.pk}/", carol).status_code == 404
    assert api.get(f"/api/user/{carol.pk}/", carol).json()["profile"] == (
        f"/api/profile/{carol.pk + 1000}/"
    )


def test_carol_cannot_see_alices_profile(api, alice, carol):
    assert ids(api.get("/api/profile/", carol)) == [carol.profile.pk]
    response = api.get(uri(alice), carol)
    assert error_of(response, 404) == "No such object, or it is not visible to you."


def test_filled_values_render_in_hexoskin_forms(api, alice):
    fill(alice, **FILLED | {"date_of_birth": date(1985, 6, 15)}, hr_max=190, hr_rest=50)
    rendered = api.get(uri(alice), alice).json()
    assert {name: rendered[name] for name in FILLED} == FILLED
    assert rendered["fitness"] == {
        "fitness_percentile": None,
        "height": 1.68,
        "hr_max": 190,
        "hr_recov": None,
        "hr_rest": 50,
        "vo2_max": None,
        "weight": 61.5,
    }


def test_fitness_estimates_hr_max_from_age(api, alice):
    fill(alice, date_of_birth=date(date.today().year - 30, 1, 1))
    assert api.get(uri(alice), alice).json()["fitness"]["hr_max"] == 187  # 208 - 0.7 x 30


def test_needs_a_login(api, alice):
    response = api.get(uri(alice))
    assert response.status_code == 401
    assert response.content == b""


# --- writes ---------------------------------------------------------------------------------


def test_put_sets_every_writable_field_and_answers_the_object(api, alice):
    response = api.put(uri(alice), alice, data=FILLED)
    assert response.status_code == 200
    rendered = response.json()
    assert {name: rendered[name] for name in FILLED} == FILLED
    assert rendered["fitness"]["height"] == 1.68
    assert rendered["fitness"]["weight"] == 61.5
    profile = Profile.objects.get(user=alice)
    assert profile.date_of_birth == date(1985, 6, 15)
    assert (profile.gender, profile.unit_system) == ("F", "imperial")
    assert profile.preferences == {"language": "fr", "zones": [120, 140, 160]}
    assert profile.avatar == "https://example.com/alice.png"


def test_put_back_what_get_returned(api, alice):
    """The official client PUTs the whole object back, read-only fields included."""
    fill(alice, height=1.7, weight=60.0, date_of_birth=date(1985, 6, 15), preferences={"a": 1})
    obj = api.get(uri(alice), alice).json()
    obj["weight"] = 59.0
    response = api.put(obj["resource_uri"], alice, data=obj)
    assert response.status_code == 200
    assert response.json()["weight"] == 59.0
    assert response.json() == obj | {
        "fitness": obj["fitness"] | {"weight": 59.0},
        "last_modified": response.json()["last_modified"],
    }
    profile = Profile.objects.get(user=alice)
    assert (profile.weight, profile.height) == (59.0, 1.7)
    assert (profile.date_of_birth, profile.preferences) == (date(1985, 6, 15), {"a": 1})


def test_patch_changes_only_what_it_names(api, alice):
    fill(alice, height=1.7, weight=60.0, gender="F", date_of_birth=date(1990, 1, 2))
    response = api.patch(uri(alice), alice, data={"unit_system": "imperial"})
    assert response.status_code == 200
    rendered = response.json()
    assert rendered["unit_system"] == "imperial"
    assert (rendered["height"], rendered["weight"]) == (1.7, 60.0)
    assert (rendered["gender"], rendered["date_of_birth"]) == ("F", "1990-01-02")


def test_numbers_may_come_as_strings_or_integers(api, alice):
    response = api.patch(uri(alice), alice, data={"height": "1.8", "weight": 75})
    assert (response.json()["height"], response.json()["weight"]) == (1.8, 75.0)


def test_gender_and_date_of_birth_may_be_cleared(api, alice):
    fill(alice, gender="M", date_of_birth=date(1990, 1, 2))
    response = api.patch(uri(alice), alice, data={"gender": "", "date_of_birth": None})
    assert response.status_code == 200
    assert (response.json()["gender"], response.json()["date_of_birth"]) == ("", None)


def test_date_of_birth_accepts_a_datetime_string(api, alice):
    response = api.patch(uri(alice), alice, data={"date_of_birth": "1980-01-01T00:00:00"})
    assert response.json()["date_of_birth"] == "1980-01-01"


def test_fitness_is_read_only(api, alice):
    fitness = {"hr_max": 222, "vo2_max": 99, "height": 3.0}
    response = api.patch(uri(alice), alice, data={"fitness": fitness, "gender": "M"})
    assert response.status_code == 200
    assert response.json()["fitness"]["hr_max"] is None
    assert response.json()["fitness"]["height"] is None
    profile = Profile.objects.get(user=alice)
    assert (profile.hr_max, profile.vo2_max, profile.height, profile.gender) == (
        None,
        None,
        None,
        "M",
    )


def test_user_and_id_are_read_only(api, alice, bob):
    body = {"user": f"/api/user/{bob.pk}/", "id": bob.profile.pk, "gender": "F"}
    response = api.patch(uri(alice), alice, data=body)
    assert response.status_code == 200
    assert response.json()["user"] == f"/api/user/{alice.pk}/"
    assert response.json()["id"] == alice.profile.pk
    assert Profile.objects.get(user=bob).gender == ""
    assert Profile.objects.get(user=alice).gender == "F"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"gender": "X"}, "gender"),
        ({"gender": "male"}, "gender"),
        ({"unit_system": "furlong"}, "unit_system"),
        ({"unit_system": 1}, "unit_system"),
        ({"unit_system": ""}, "unit_system"),
        ({"date_of_birth": "1990-13-01"}, "date_of_birth"),
        ({"date_of_birth": "yesterday"}, "date_of_birth"),
        ({"date_of_birth": 19900101}, "date_of_birth"),
        ({"date_of_birth": ["1990-01-01"]}, "date_of_birth"),
        ({"height": "tall"}, "height"),
        ({"weight": True}, "weight"),
        ({"avatar": "not a url"}, "avatar"),
        ({"avatar": "https://example.com/" + "a" * 500}, "avatar"),
    ],
)
def test_bad_values_are_400_naming_the_field_and_change_nothing(api, alice, body, field):
    before = fill(alice, weight=60.0, gender="F")
    response = api.patch(uri(alice), alice, data=body | {"preferences": {"changed": True}})
    assert field in error_of(response)
    after = Profile.objects.get(user=alice)
    assert (after.weight, after.gender, after.unit_system) == (60.0, "F", "metric")
    assert after.preferences is None
    assert after.last_modified == before.last_modified


def test_carol_cannot_change_alices_profile(api, alice, carol):
    response = api.put(uri(alice), carol, data={"gender": "M"})
    assert error_of(response, 404) == "No such object, or it is not visible to you."
    assert Profile.objects.get(user=alice).gender == ""


def test_put_on_a_missing_id_is_404(api, alice):
    assert api.put("/api/profile/99999999/", alice, data={"gender": "M"}).status_code == 404
    assert Profile.objects.count() == 1


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("post", "/api/profile/", "GET"),
        ("delete", "/api/profile/", "GET"),
        ("delete", "{uri}", "GET,PUT,PATCH"),
        ("post", "{uri}", "GET,PUT,PATCH"),
    ],
)
def test_other_methods_are_405_with_allow(api, alice, method, path, allow):
    path = path.format(uri=uri(alice))
    response = api.delete(path, alice) if method == "delete" else api.post(path, alice, data={})
    assert response.status_code == 405
    assert response["Allow"] == allow
    assert "error" in response.json()
    assert Profile.objects.filter(user=alice).exists()


# --- filters and ordering -------------------------------------------------------------------


def test_gender_filter(api, alice):
    fill(alice, gender="F")
    assert ids(api.get("/api/profile/", alice, params={"gender": "F"})) == [alice.profile.pk]
    assert ids(api.get("/api/profile/", alice, params={"gender": "M"})) == []


def test_date_of_birth_filters(api, alice):
    fill(alice, date_of_birth=date(1985, 6, 15))
    own = [alice.profile.pk]
    assert ids(api.get("/api/profile/", alice, params={"date_of_birth__lt": "1990-01-01"})) == own
    assert ids(api.get("/api/profile/", alice, params={"date_of_birth__lt": "1985-06-15"})) == []
    assert ids(api.get("/api/profile/", alice, params={"date_of_birth": "1985-06-15"})) == own
    params = {"date_of_birth__range": "1985-01-01,1985-12-31"}
    assert ids(api.get("/api/profile/", alice, params=params)) == own


@pytest.mark.parametrize(
    "reference",
    ["{pk}", "/api/user/{pk}/", "/api/v1/user/{pk}/", "alice@example.com", "ALICE@example.com"],
)
def test_user_filter_takes_id_uri_and_email(api, alice, reference):
    value = reference.format(pk=alice.pk)
    assert ids(api.get("/api/profile/", alice, params={"user": value})) == [alice.profile.pk]


@pytest.mark.parametrize("reference", ["{pk}", "bob@example.com", "nobody@example.com"])
def test_user_filter_on_others_matches_nothing(api, alice, bob, reference):
    value = reference.format(pk=bob.pk)
    assert ids(api.get("/api/profile/", alice, params={"user": value})) == []


def test_user_filter_follows_relations(api, alice):
    assert ids(api.get("/api/profile/", alice, params={"user__email": "alice@example.com"})) == [
        alice.profile.pk
    ]
    assert ids(api.get("/api/profile/", alice, params={"user__email__startswith": "bob"})) == []


def test_flag_filters_filter_nothing(api, alice):
    params = {"short_metrics": "1", "start": "12345", "unknown": "x"}
    assert ids(api.get("/api/profile/", alice, params=params)) == [alice.profile.pk]


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"user": "abc"}, "'abc'"),
        ({"date_of_birth__lt": "not-a-date"}, "'not-a-date'"),
        ({"id": "abc"}, "'abc'"),
        ({"id": "99999999999999999999999"}, "'99999999999999999999999'"),
        ({"gender__in": "M,F"}, "'in' is not an allowed filter on the 'gender' field."),
        ({"weight": "60"}, "The 'weight' field does not allow filtering."),
    ],
)
def test_bad_filters_are_400_with_a_message(api, alice, params, words):
    assert words in error_of(api.get("/api/profile/", alice, params=params))


@pytest.mark.parametrize("order", ["id", "-user", "date_of_birth,-gender"])
def test_ordering_on_listed_fields(api, alice, order):
    assert ids(api.get("/api/profile/", alice, params={"order_by": order})) == [alice.profile.pk]


def test_ordering_on_an_unlisted_field_is_400(api, alice):
    message = error_of(api.get("/api/profile/", alice, params={"order_by": "weight"}))
    assert message == "The 'weight' field does not allow ordering."


def test_birth_date_round_trips_and_survives_a_patch_of_another_field(api, alice):
    path = f"/api/profile/{alice.profile.pk}/"
    assert api.patch(path, alice, {"date_of_birth": "1985-06-15"}).status_code == 200
    response = api.patch(path, alice, {"unit_system": "imperial"})
    assert response.status_code == 200
    assert response.json()["date_of_birth"] == "1985-06-15"
    assert api.patch(path, alice, {"date_of_birth": 19850615}).status_code == 400
