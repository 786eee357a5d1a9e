"""`/api/activityattribute/`: what can be noted about an activity (distance, fatigue...).

Global attributes 1-3 come with the catalogue (API.md 2.12); users add their own.
"""

import pytest

from openhexo.catalog.models import ActivityAttribute
from tests.conftest import basic

PREFIXES = ["/api/", "/api/v1/"]
SEEDED = [1, 2, 3]


def ids(response) -> list[int]:
    return [entry["id"] for entry in response.json()["objects"]]


def user_uri(user, prefix="/api/") -> str:
    return f"{prefix}user/{user.pk}/"


@pytest.fixture
def mood(alice):
    return ActivityAttribute.objects.create(name="mood", unit_id=2, user=alice)


@pytest.fixture
def by_datatype(alice):
    """Three of alice's attributes tied to datatypes 19, 33 and 4113."""
    return [
        ActivityAttribute.objects.create(name=f"{n} peak", datatype_id=d, user=alice, unit_id=1)
        for n, d in (("hr", 19), ("br", 33), ("ecg", 4113))
    ]


def rendered(attribute, owner, prefix="/api/", **changes) -> dict:
    body = {
        "attrtype": attribute.attrtype,
        "id": attribute.pk,
        "name": attribute.name,
        "resource_uri": f"{prefix}activityattribute/{attribute.pk}/",
        "unit": f"{prefix}unit/{attribute.unit_id}/" if attribute.unit_id else None,
        "user": user_uri(owner, prefix) if owner else None,
    }
    return body | changes


# --- reading -------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_of_the_global_attributes(api, alice, prefix):
    response = api.get(f"{prefix}activityattribute/", alice)
    assert response.status_code == 200
    assert response.json() == {
        "meta": {"limit": 20, "next": None, "offset": 0, "previous": None, "total_count": 3},
        "objects": [
            {
                "attrtype": "user",
                "id": 1,
                "name": "distance",
                "resource_uri": f"{prefix}activityattribute/1/",
                "unit": f"{prefix}unit/103/",
                "user": None,
            },
            {
                "attrtype": "user",
                "id": 2,
                "name": "fatigue",
                "resource_uri": f"{prefix}activityattribute/2/",
                "unit": f"{prefix}unit/2/",
                "user": None,
            },
            {
                "attrtype": "user",
                "id": 3,
                "name": "energy",
                "resource_uri": f"{prefix}activityattribute/3/",
                "unit": f"{prefix}unit/400/",
                "user": None,
            },
        ],
    }


@pytest.mark.parametrize("prefix", PREFIXES)
def test_detail(api, carol, prefix):
    response = api.get(f"{prefix}activityattribute/2/", carol)
    assert response.status_code == 200
    assert response.json()["name"] == "fatigue"
    assert response.json()["unit"] == f"{prefix}unit/2/"


def test_own_attributes_are_listed_only_for_their_owner(api, alice, carol, mood):
    assert ids(api.get("/api/activityattribute/", alice)) == [*SEEDED, mood.pk]
    assert api.get(f"/api/activityattribute/{mood.pk}/", alice).json() == rendered(mood, alice)
    assert ids(api.get("/api/activityattribute/", carol)) == SEEDED
    response = api.get(f"/api/activityattribute/{mood.pk}/", carol)
    assert response.status_code == 404
    assert response.json()["error"]


def test_paging_links_keep_the_filters(api, alice):
    body = api.get("/api/activityattribute/", alice, {"user__isnull": "true", "limit": 1}).json()
    assert body["meta"]["next"] == "/api/activityattribute/?user__isnull=true&limit=1&offset=1"
    assert body["meta"]["total_count"] == 3
    body = api.get("/api/activityattribute/", alice, {"limit": 1, "offset": 2}).json()
    assert body["meta"]["previous"] == "/api/activityattribute/?limit=1&offset=1"
    assert body["meta"]["next"] is None
    assert [o["id"] for o in body["objects"]] == [3]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"id": "2"}, [2]),
        ({"id__in": "1,3"}, [1, 3]),
        ({"id__gt": "1"}, [2, 3]),
        ({"id__gte": "2"}, [2, 3]),
        ({"id__lt": "2"}, [1]),
        ({"id__lte": "2"}, [1, 2]),
        ({"id__range": "2,3"}, [2, 3]),
        ({"user__isnull": "true"}, [1, 2, 3]),
        ({"user__isnull": "false"}, []),
        ({"datatype": "19"}, []),
    ],
)
def test_filters_on_the_global_attributes(api, alice, params, expected):
    response = api.get("/api/activityattribute/", alice, params)
    assert response.status_code == 200
    assert ids(response) == expected


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"datatype": "19"}, ["hr peak"]),
        ({"datatype": "/api/datatype/33/"}, ["br peak"]),
        ({"datatype": "/api/v1/datatype/4113/"}, ["ecg peak"]),
        ({"datatype__exact": "33"}, ["br peak"]),
        ({"datatype__in": "19,4113"}, ["hr peak", "ecg peak"]),
        ({"datatype__in": "/api/datatype/19/,/api/datatype/33/"}, ["hr peak", "br peak"]),
        ({"datatype__gt": "19"}, ["br peak", "ecg peak"]),
        ({"datatype__gte": "33"}, ["br peak", "ecg peak"]),
        ({"datatype__lt": "33"}, ["hr peak"]),
        ({"datatype__lte": "33"}, ["hr peak", "br peak"]),
        ({"user__isnull": "false"}, ["hr peak", "br peak", "ecg peak"]),
    ],
)
def test_datatype_filters(api, alice, by_datatype, params, names):
    response = api.get("/api/activityattribute/", alice, params)
    assert response.status_code == 200
    assert [o["name"] for o in response.json()["objects"]] == names


def test_datatype_range_filter(api, alice, by_datatype):
    response = api.get("/api/activityattribute/", alice, {"datatype__range": "20,5000"})
    assert response.status_code == 200
    assert [o["name"] for o in response.json()["objects"]] == ["br peak", "ecg peak"]


@pytest.mark.parametrize("value", ["{pk}", "/api/user/{pk}/", "/api/v1/user/{pk}/", "{email}"])
def test_user_filter_takes_an_id_a_uri_or_an_email(api, alice, mood, value):
    params = {"user": value.format(pk=alice.pk, email=alice.email)}
    assert ids(api.get("/api/activityattribute/", alice, params)) == [mood.pk]


def test_user_in_filter(api, alice, carol, mood):
    params = {"user__in": f"{alice.pk},{carol.pk}"}
    assert ids(api.get("/api/activityattribute/", alice, params)) == [mood.pk]
    assert ids(api.get("/api/activityattribute/", carol, params)) == []


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"id": "abc"}, "'id'"),
        ({"id": "99999999999999999999999"}, "'id'"),
        ({"datatype": "heart_rate"}, "'datatype'"),
        ({"datatype": "/api/unit/19/"}, "'datatype'"),
        ({"datatype__isnull": "true"}, "'isnull'"),
        ({"user": "/api/user/me/"}, "'user'"),
        ({"user__gt": "1"}, "'gt'"),
        ({"user__isnull": "perhaps"}, "'user'"),
        ({"name": "fatigue"}, "'name'"),
        ({"unit": "2"}, "'unit'"),
    ],
)
def test_bad_filters_are_explained_400s(api, alice, params, named):
    response = api.get("/api/activityattribute/", alice, params)
    assert response.status_code == 400
    assert named in response.json()["error"]


def test_order_by_descending_id(api, alice):
    assert ids(api.get("/api/activityattribute/", alice, {"order_by": "-id"})) == [3, 2, 1]


def test_order_by_datatype(api, alice, by_datatype):
    hr, br, ecg = (a.pk for a in by_datatype)
    params = {"user": alice.pk}
    assert ids(api.get("/api/activityattribute/", alice, {**params, "order_by": "-datatype"})) == [
        ecg,
        br,
        hr,
    ]
    assert ids(
        api.get("/api/activityattribute/", alice, {**params, "order_by": "user,datatype"})
    ) == [hr, br, ecg]


@pytest.mark.parametrize("order_by", ["name", "-unit", "id,attrtype"])
def test_ordering_on_other_fields_is_a_400_naming_the_field(api, alice, order_by):
    response = api.get("/api/activityattribute/", alice, {"order_by": order_by})
    assert response.status_code == 400
    assert f"'{order_by.split(',')[-1].removeprefix('-')}'" in response.json()["error"]


# --- writing -------------------------------------------------------------------------------


def test_post_creates_an_attribute_owned_by_the_caller(api, alice):
    response = api.post("/api/activityattribute/", alice, {"name": "mood", "unit": 2})
    assert response.status_code == 201
    created = ActivityAttribute.objects.get(pk=response.json()["id"])
    assert response["Location"] == f"/api/activityattribute/{created.pk}/"
    assert response.json() == {
        "attrtype": "user",
        "id": created.pk,
        "name": "mood",
        "resource_uri": f"/api/activityattribute/{created.pk}/",
        "unit": "/api/unit/2/",
        "user": user_uri(alice),
    }
    assert (created.user_id, created.unit_id, created.datatype_id) == (alice.pk, 2, None)


def test_post_in_v1_with_a_unit_uri_and_an_attrtype(api, alice):
    body = {"name": "peak power", "unit": "/api/v1/unit/401/", "attrtype": "calculated"}
    response = api.post("/api/v1/activityattribute/", alice, body)
    assert response.status_code == 201
    created = response.json()
    assert response["Location"] == created["resource_uri"]
    assert created["resource_uri"].startswith("/api/v1/activityattribute/")
    assert (created["unit"], created["attrtype"]) == ("/api/v1/unit/401/", "calculated")
    assert created["user"] == user_uri(alice, "/api/v1/")


def test_post_without_unit(api, alice):
    response = api.post("/api/activityattribute/", alice, {"name": "note"})
    assert response.status_code == 201
    assert response.json()["unit"] is None


def test_post_ignores_read_only_and_unknown_fields(api, alice):
    body = {"name": "mood", "id": 1, "resource_uri": "/api/activityattribute/1/",
            "datatype": 19, "colour": "red"}  # fmt: skip
    response = api.post("/api/activityattribute/", alice, body)
    assert response.status_code == 201
    created = response.json()
    assert created["id"] not in SEEDED
    assert "colour" not in created
    assert "datatype" not in created
    assert ActivityAttribute.objects.get(pk=created["id"]).datatype_id is None
    assert ActivityAttribute.objects.get(pk=1).name == "distance"


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"name": ["mood"]}, "'name'"),
        ({"name": "m" * 101}, "'name'"),
        ({"name": "mood", "attrtype": "a" * 33}, "'attrtype'"),
        ({"name": "mood", "attrtype": {"kind": "user"}}, "'attrtype'"),
        ({"name": "mood", "unit": "bpm"}, "'unit'"),
        ({"name": "mood", "unit": 424242}, "'unit'"),
        ({"name": "mood", "unit": "/api/metric/2/"}, "'unit'"),
        ({"name": "mood", "user": "/api/user/999999/"}, "'user'"),
    ],
)
def test_post_with_bad_values_is_a_400_naming_the_field(api, alice, body, named):
    response = api.post("/api/activityattribute/", alice, body)
    assert response.status_code == 400
    assert named in response.json()["error"]
    assert ActivityAttribute.objects.count() == len(SEEDED)


def test_post_with_a_null_user_never_creates_a_global_entry(api, alice):
    response = api.post("/api/activityattribute/", alice, {"name": "mood", "user": None})
    assert response.status_code == 403
    assert "catalogue" in response.json()["error"]
    assert not ActivityAttribute.objects.filter(user=None, name="mood").exists()


def test_post_for_another_user_is_a_400_naming_user(api, alice, carol):
    response = api.post("/api/activityattribute/", alice, {"name": "x", "user": user_uri(carol)})
    assert response.status_code == 400
    assert "'user'" in response.json()["error"]


def test_patch_on_the_list_bulk_creates(api, alice):
    objects = [{"name": "mood", "unit": 2}, {"name": "sleep quality", "unit": 3}]
    response = api.patch("/api/activityattribute/", alice, {"objects": objects})
    assert response.status_code == 202
    created = ActivityAttribute.objects.filter(user=alice).order_by("id")
    assert [(a.name, a.unit_id) for a in created] == [("mood", 2), ("sleep quality", 3)]


def test_put_replaces_an_own_attribute(api, alice, mood):
    body = rendered(mood, alice, name="humour", unit="/api/unit/3/", attrtype="calculated")
    response = api.put(f"/api/activityattribute/{mood.pk}/", alice, body)
    assert response.status_code == 200
    assert response.json() == body
    mood.refresh_from_db()
    assert (mood.name, mood.unit_id, mood.attrtype) == ("humour", 3, "calculated")


def test_patch_changes_only_the_fields_sent(api, alice, mood):
    response = api.patch(f"/api/v1/activityattribute/{mood.pk}/", alice, {"unit": None})
    assert response.status_code == 200
    assert response.json() == rendered(mood, alice, "/api/v1/", unit=None)


def test_patch_with_a_wrong_type_is_a_400(api, alice, mood):
    response = api.patch(f"/api/activityattribute/{mood.pk}/", alice, {"name": ["x"]})
    assert response.status_code == 400
    assert "'name'" in response.json()["error"]
    mood.refresh_from_db()
    assert mood.name == "mood"


def test_delete_removes_an_own_attribute(api, alice, mood):
    response = api.delete(f"/api/activityattribute/{mood.pk}/", alice)
    assert response.status_code == 204
    assert response.content == b""
    assert not ActivityAttribute.objects.filter(pk=mood.pk).exists()


@pytest.mark.parametrize(
    ("method", "body"),
    [("put", {"name": "tiredness", "user": None}), ("patch", {"name": "tiredness"}),
     ("delete", None)],
)  # fmt: skip
def test_global_attributes_are_403_for_users(api, alice, method, body):
    response = api.call(method, "/api/activityattribute/2/", alice, body)
    assert response.status_code == 403
    assert response.json()["error"]
    assert ActivityAttribute.objects.get(pk=2).name == "fatigue"


@pytest.mark.parametrize(
    ("method", "body"), [("put", {"name": "x"}), ("patch", {"name": "x"}), ("delete", None)]
)
def test_others_get_404_writing_a_private_attribute(api, carol, mood, method, body):
    response = api.call(method, f"/api/activityattribute/{mood.pk}/", carol, body)
    assert response.status_code == 404
    assert response.json()["error"]
    mood.refresh_from_db()
    assert mood.name == "mood"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_writes_to_a_missing_attribute_are_404(api, alice, method):
    response = api.call(method, "/api/activityattribute/999999/", alice, {"name": "x"})
    assert response.status_code == 404
    assert response.json()["error"]


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("put", "/api/activityattribute/", "GET,POST,PATCH"),
        ("delete", "/api/activityattribute/", "GET,POST,PATCH"),
        ("post", "/api/activityattribute/1/", "GET,PUT,PATCH,DELETE"),
    ],
)
def test_methods_not_allowed_are_405_with_allow(api, alice, method, path, allow):
    response = api.call(method, path, alice, {"name": "x"})
    assert response.status_code == 405
    assert response["Allow"] == allow
    assert response.json()["error"]


def test_anonymous_and_wrong_password_are_empty_401s(api, alice):
    for response in (
        api.get("/api/activityattribute/"),
        api.post("/api/activityattribute/", data={"name": "x"}),
        api.get("/api/activityattribute/1/", HTTP_AUTHORIZATION=basic(alice, "no")),
    ):
        assert response.status_code == 401
        assert response.content == b""
    assert ActivityAttribute.objects.count() == len(SEEDED)
