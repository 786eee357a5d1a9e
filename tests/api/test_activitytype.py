"""`/api/activitytype/`: the global activity types plus each user's own.

Everyone reads the global types (user null) and may not change them (403); users create,
change and delete their own, which nobody else sees (404). `using=true` narrows the list
to the types of the caller's ranges.
"""

import pytest

from openhexo.accounts.actions import create_user
from openhexo.catalog.models import ActivityType
from openhexo.records.models import Range
from tests.conftest import PASSWORD, basic

PREFIXES = ["/api/", "/api/v1/"]
SEEDED_TYPES = 20
SLEEP_METRICS = [139, 170, 1032, 1033, 1034, 1035, 1036, 1037, 1038, 1039]
START = 1_700_000_000 * 256


def ids(response) -> list[int]:
    return [entry["id"] for entry in response.json()["objects"]]


def user_uri(user, prefix="/api/") -> str:
    return f"{prefix}user/{user.pk}/"


@pytest.fixture
def kayak(alice):
    activity_type = ActivityType.objects.create(
        name="Kayak", base="high", category="general sports", user=alice
    )
    activity_type.default_metrics.set([44])
    return activity_type


def as_sent_by_a_client(kayak, alice, **changes) -> dict:
    body = {
        "activityview": None,
        "base": "high",
        "category": "general sports",
        "default_metrics": ["/api/metric/44/"],
        "description": "",
        "id": kayak.pk,
        "name": "Kayak",
        "resource_uri": f"/api/activitytype/{kayak.pk}/",
        "user": user_uri(alice),
        "using": None,
    }
    return body | changes


# --- reading -------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_global_sleep_type_detail(api, alice, prefix):
    response = api.get(f"{prefix}activitytype/12/", alice)
    assert response.status_code == 200
    assert response.json() == {
        "activityview": None,
        "base": "sleep",
        "category": "sleep",
        "default_metrics": [f"{prefix}metric/{m}/" for m in SLEEP_METRICS],
        "description": "",
        "id": 12,
        "name": "Sleep",
        "resource_uri": f"{prefix}activitytype/12/",
        "user": None,
        "using": None,
    }


def test_rest_test_type_detail(api, carol):
    rest_test = api.get("/api/activitytype/106/", carol).json()
    assert (rest_test["name"], rest_test["base"], rest_test["category"]) == (
        "Rest test",
        "rest",
        "resting",
    )
    assert rest_test["default_metrics"] == ["/api/metric/139/"]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_envelope(api, alice, prefix):
    body = api.get(f"{prefix}activitytype/", alice).json()
    assert body["meta"] == {
        "limit": 20,
        "next": None,
        "offset": 0,
        "previous": None,
        "total_count": SEEDED_TYPES,
    }
    assert [o["id"] for o in body["objects"][:5]] == [1, 3, 4, 5, 6]
    assert body["objects"][-1]["resource_uri"] == f"{prefix}activitytype/997/"


def test_own_types_are_listed_after_the_global_ones(api, alice, kayak):
    body = api.get("/api/activitytype/", alice, {"limit": 0}).json()
    assert body["meta"]["total_count"] == SEEDED_TYPES + 1
    assert body["objects"][-1] == {
        "activityview": None,
        "base": "high",
        "category": "general sports",
        "default_metrics": ["/api/metric/44/"],
        "description": "",
        "id": kayak.pk,
        "name": "Kayak",
        "resource_uri": f"/api/activitytype/{kayak.pk}/",
        "user": user_uri(alice),
        "using": None,
    }


def test_others_never_see_a_private_type(api, carol, kayak):
    assert kayak.pk not in ids(api.get("/api/activitytype/", carol, {"limit": 0}))
    assert api.get("/api/activitytype/", carol, {"id": kayak.pk}).json()["objects"] == []
    response = api.get(f"/api/activitytype/{kayak.pk}/", carol)
    assert response.status_code == 404
    assert response.json()["error"]


def test_paging_links_keep_the_filters(api, alice):
    params = {"category": "general sports", "limit": 3, "offset": 3}
    body = api.get("/api/v1/activitytype/", alice, params).json()
    assert body["meta"]["total_count"] == 9
    assert body["meta"]["next"] == (
        "/api/v1/activitytype/?category=general+sports&limit=3&offset=6"
    )
    assert body["meta"]["previous"] == (
        "/api/v1/activitytype/?category=general+sports&limit=3&offset=0"
    )
    assert [o["id"] for o in body["objects"]] == [9, 11, 13]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"base": "sleep"}, [12]),
        ({"base__exact": "low"}, [15, 17]),
        ({"base__in": "sleep,rest"}, [8, 12, 106]),
        ({"category": "running"}, [6, 10, 24]),
        ({"category": "general sports"}, [3, 4, 5, 9, 11, 13, 14, 28, 103]),
        ({"category__in": "cycling,sleep"}, [1, 7, 12]),
        ({"id": "12"}, [12]),
        ({"id__in": "12,106"}, [12, 106]),
        ({"id__gt": "103"}, [106, 997]),
        ({"id__gte": "103"}, [103, 106, 997]),
        ({"id__lt": "4"}, [1, 3]),
        ({"id__lte": "4"}, [1, 3, 4]),
        ({"id__range": "10,13"}, [10, 11, 12, 13]),
        ({"base": "sleep", "category": "sleep"}, [12]),
        ({"base": "sleep", "category": "running"}, []),
        ({"show_all": "true", "id": "12"}, [12]),
    ],
)
def test_filters_on_the_global_types(api, alice, params, expected):
    response = api.get("/api/activitytype/", alice, {**params, "limit": 0})
    assert response.status_code == 200
    assert ids(response) == expected


@pytest.mark.parametrize(
    "value",
    ["{pk}", "/api/user/{pk}/", "/api/v1/user/{pk}/", "http://x.test/api/user/{pk}/", "{email}"],
)
def test_user_filter_takes_an_id_a_uri_or_an_email(api, alice, kayak, value):
    params = {"user": value.format(pk=alice.pk, email=alice.email)}
    assert ids(api.get("/api/activitytype/", alice, params)) == [kayak.pk]


@pytest.mark.parametrize(
    ("params", "mine"),
    [
        ({"user__in": "{pk},{other}"}, True),
        ({"user__in": "/api/user/{pk}/,/api/user/{other}/"}, True),
        ({"user__gt": "{pk}"}, False),
        ({"user__gte": "{pk}"}, True),
        ({"user__lt": "{pk}"}, False),
        ({"user__lte": "{pk}"}, True),
        ({"user": "{other}"}, False),
        ({"user": "nobody@example.com"}, False),
    ],
)
def test_user_filter_lookups(api, alice, carol, kayak, params, mine):
    values = {k: v.format(pk=alice.pk, other=carol.pk) for k, v in params.items()}
    assert ids(api.get("/api/activitytype/", alice, values)) == ([kayak.pk] if mine else [])


def test_user_range_filter(api, alice, kayak):
    params = {"user__range": f"{alice.pk},{alice.pk}"}
    response = api.get("/api/activitytype/", alice, params)
    assert response.status_code == 200
    assert ids(response) == [kayak.pk]


def test_using_lists_only_the_types_of_the_callers_ranges(api, alice, bob, kayak):
    Range.objects.create(user=alice, start=START, activitytype_id=12)
    Range.objects.create(user=alice, start=START + 256, activitytype=kayak)
    Range.objects.create(user=bob, start=START, activitytype_id=1)
    assert ids(api.get("/api/activitytype/", alice, {"using": "true"})) == [12, kayak.pk]
    assert ids(api.get("/api/activitytype/", alice, {"using": "1"})) == [12, kayak.pk]
    assert ids(api.get("/api/activitytype/", bob, {"using": "True"})) == [1]


def test_using_false_lists_the_others(api, alice, kayak):
    Range.objects.create(user=alice, start=START, activitytype_id=12)
    listed = ids(api.get("/api/activitytype/", alice, {"using": "false", "limit": 0}))
    assert len(listed) == SEEDED_TYPES
    assert 12 not in listed
    assert kayak.pk in listed


def test_using_without_ranges_lists_nothing(api, carol):
    body = api.get("/api/activitytype/", carol, {"using": "true"}).json()
    assert body["objects"] == []
    assert body["meta"]["total_count"] == 0


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"id": "abc"}, "'id'"),
        ({"id": "99999999999999999999999"}, "'id'"),
        ({"id__range": "1"}, "'id'"),
        ({"user": "/api/user/abc/"}, "'user'"),
        ({"user": "/api/unit/1/"}, "'user'"),
        ({"user__isnull": "true"}, "'isnull'"),
        ({"base__startswith": "s"}, "'startswith'"),
        ({"category__isnull": "true"}, "'isnull'"),
        ({"using": "maybe"}, "'using'"),
        ({"name": "Sleep"}, "'name'"),
    ],
)
def test_bad_filters_are_explained_400s(api, alice, params, named):
    response = api.get("/api/activitytype/", alice, params)
    assert response.status_code == 400
    assert named in response.json()["error"]


def test_order_by_descending_id(api, alice, kayak):
    response = api.get("/api/activitytype/", alice, {"order_by": "-id", "limit": 3})
    assert ids(response) == [kayak.pk, 997, 106]
    assert response.json()["meta"]["next"] == "/api/activitytype/?order_by=-id&limit=3&offset=3"


def test_order_by_user_then_descending_id(api, alice, kayak):
    second = ActivityType.objects.create(name="Canoe", base="medium", user=alice)
    params = {"order_by": "user,-id", "user": alice.pk}
    assert ids(api.get("/api/activitytype/", alice, params)) == [second.pk, kayak.pk]
    params = {"order_by": ["user", "-id"], "user": alice.pk}
    assert ids(api.get("/api/activitytype/", alice, params)) == [second.pk, kayak.pk]


@pytest.mark.parametrize("order_by", ["name", "-base", "id,category"])
def test_ordering_on_other_fields_is_a_400_naming_the_field(api, alice, order_by):
    response = api.get("/api/activitytype/", alice, {"order_by": order_by})
    assert response.status_code == 400
    assert f"'{order_by.split(',')[-1].removeprefix('-')}'" in response.json()["error"]


# --- creating ------------------------------------------------------------------------------


def test_post_creates_a_type_owned_by_the_caller(api, alice):
    body = {"name": "Kayak", "base": "high", "category": "general sports"}
    response = api.post("/api/activitytype/", alice, body)
    assert response.status_code == 201
    created = response.json()
    new_id = created["id"]
    assert response["Location"] == f"/api/activitytype/{new_id}/"
    assert created == {
        "activityview": None,
        "base": "high",
        "category": "general sports",
        "default_metrics": [],
        "description": "",
        "id": new_id,
        "name": "Kayak",
        "resource_uri": f"/api/activitytype/{new_id}/",
        "user": user_uri(alice),
        "using": None,
    }
    stored = ActivityType.objects.get(pk=new_id)
    assert (stored.user_id, stored.name, stored.base) == (alice.pk, "Kayak", "high")
    assert api.get(f"/api/activitytype/{new_id}/", alice).json() == created


def test_post_in_v1_renders_v1_uris(api, alice):
    body = {"name": "Kayak", "base": "high", "default_metrics": ["/api/v1/metric/44/", 139]}
    response = api.post("/api/v1/activitytype/", alice, body)
    assert response.status_code == 201
    created = response.json()
    assert response["Location"] == created["resource_uri"]
    assert created["resource_uri"] == f"/api/v1/activitytype/{created['id']}/"
    assert created["user"] == user_uri(alice, "/api/v1/")
    assert created["default_metrics"] == ["/api/v1/metric/44/", "/api/v1/metric/139/"]


@pytest.mark.parametrize("owner", ["/api/user/{pk}/", "{pk}", "{email}"])
def test_post_may_name_the_caller_as_owner(api, alice, owner):
    body = {"name": "Kayak", "base": "low", "user": owner.format(pk=alice.pk, email=alice.email)}
    response = api.post("/api/activitytype/", alice, body)
    assert response.status_code == 201
    assert response.json()["user"] == user_uri(alice)


def test_post_with_a_null_user_never_creates_a_global_entry(api, alice):
    response = api.post(
        "/api/activitytype/", alice, {"name": "Kayak", "base": "high", "user": None}
    )
    assert response.status_code == 403
    assert "catalogue" in response.json()["error"]
    assert not ActivityType.objects.filter(user=None, name="Kayak").exists()


def test_post_for_another_user_is_a_400_naming_user(api, alice, carol):
    body = {"name": "Kayak", "base": "low", "user": user_uri(carol)}
    response = api.post("/api/activitytype/", alice, body)
    assert response.status_code == 400
    assert "'user'" in response.json()["error"]
    assert not ActivityType.objects.filter(name="Kayak").exists()


def test_post_ignores_read_only_and_unknown_fields(api, alice):
    body = {
        "name": "Kayak",
        "base": "high",
        "id": 5,
        "resource_uri": "/api/activitytype/5/",
        "using": "yes",
        "colour": "red",
    }
    response = api.post("/api/activitytype/", alice, body)
    assert response.status_code == 201
    created = response.json()
    assert created["id"] not in (5, 12)
    assert created["using"] is None
    assert ActivityType.objects.get(pk=5).name == "Hiking"
    assert "colour" not in api.get(created["resource_uri"], alice).json()


def test_post_answer_does_not_echo_unknown_fields(api, alice):
    response = api.post("/api/activitytype/", alice, {"name": "K", "base": "low", "colour": "red"})
    assert response.status_code == 201
    assert "colour" not in response.json()


def test_bulk_patch_answer_does_not_echo_unknown_fields(api, alice):
    body = {"objects": [{"name": "K", "base": "low", "colour": "red"}]}
    response = api.patch("/api/activitytype/", alice, body)
    assert response.status_code == 202
    assert "colour" not in response.json()["objects"][0]


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"name": ["Kayak"], "base": "high"}, "'name'"),
        ({"name": {"en": "Kayak"}, "base": "high"}, "'name'"),
        ({"name": "K" * 101, "base": "high"}, "'name'"),
        ({"base": "high"}, "name"),
        ({"name": "Kayak", "base": "extreme"}, "base"),
        ({"name": "Kayak", "base": ["high"]}, "'base'"),
        ({"name": "Kayak", "base": "high", "category": "chess"}, "category"),
        ({"name": "Kayak", "base": "high", "description": "d" * 256}, "'description'"),
        ({"name": "Kayak", "base": "high", "default_metrics": "44"}, "'default_metrics'"),
        ({"name": "Kayak", "base": "high", "default_metrics": [99999]}, "'default_metrics'"),
        ({"name": "Kayak", "base": "high", "user": "/api/user/abc/"}, "'user'"),
        ({"name": "Kayak", "base": "high", "user": True}, "'user'"),
    ],
)
def test_post_with_bad_values_is_a_400_naming_the_field(api, alice, body, named):
    response = api.post("/api/activitytype/", alice, body)
    assert response.status_code == 400
    assert named in response.json()["error"]
    assert ActivityType.objects.count() == SEEDED_TYPES


def test_post_with_a_body_that_is_not_an_object_is_a_400(api, alice):
    assert api.post("/api/activitytype/", alice, ["Kayak"]).status_code == 400
    response = api.post("/api/activitytype/", alice, raw=b"{not json")
    assert response.status_code == 400
    assert response.json()["error"]


def test_post_with_a_non_json_body_is_a_415(api, alice):
    response = api.post("/api/activitytype/", alice, raw=b"name=K", content_type="text/plain")
    assert response.status_code == 415
    assert response.json()["error"]


def test_anonymous_post_is_an_empty_401_and_creates_nothing(api):
    response = api.post("/api/activitytype/", data={"name": "Kayak", "base": "high"})
    assert response.status_code == 401
    assert response.content == b""
    assert ActivityType.objects.count() == SEEDED_TYPES


def test_patch_on_the_list_bulk_creates(api, alice):
    objects = [{"name": "Kayak", "base": "high"}, {"name": "Canoe", "base": "medium"}]
    response = api.patch("/api/activitytype/", alice, {"objects": objects})
    assert response.status_code == 202
    created = ActivityType.objects.filter(user=alice).order_by("id")
    assert [(t.name, t.base) for t in created] == [("Kayak", "high"), ("Canoe", "medium")]
    assert [o["name"] for o in response.json()["objects"]] == ["Kayak", "Canoe"]


def test_bulk_patch_touching_a_global_type_is_refused_whole(api, alice):
    objects = [
        {"name": "Kayak", "base": "high"},
        {"resource_uri": "/api/activitytype/12/", "name": "Nap"},
    ]
    response = api.patch("/api/activitytype/", alice, {"objects": objects})
    assert response.status_code == 403
    assert response.json()["error"]
    assert ActivityType.objects.get(pk=12).name == "Sleep"
    assert not ActivityType.objects.filter(name="Kayak").exists()


def test_bulk_patch_updates_and_deletes_own_types(api, alice, kayak):
    canoe = ActivityType.objects.create(name="Canoe", base="medium", user=alice)
    body = {
        "objects": [{"resource_uri": f"/api/activitytype/{kayak.pk}/", "name": "Sea kayak"}],
        "deleted_objects": [f"/api/activitytype/{canoe.pk}/"],
    }
    assert api.patch("/api/activitytype/", alice, body).status_code == 202
    kayak.refresh_from_db()
    assert kayak.name == "Sea kayak"
    assert not ActivityType.objects.filter(pk=canoe.pk).exists()


def test_bulk_patch_cannot_reach_a_private_type_of_another_user(api, carol, kayak):
    body = {"objects": [{"resource_uri": f"/api/activitytype/{kayak.pk}/", "name": "Mine"}]}
    response = api.patch("/api/activitytype/", carol, body)
    assert response.status_code < 500
    kayak.refresh_from_db()
    assert kayak.name == "Kayak"


def test_bulk_patch_naming_a_missing_uri_is_404(api, alice):
    objects = [{"resource_uri": "/api/activitytype/999999/", "name": "New", "base": "low"}]
    response = api.patch("/api/activitytype/", alice, {"objects": objects})
    assert response.status_code == 404
    assert not ActivityType.objects.filter(name="New").exists()


def test_bulk_delete_of_others_or_global_types_is_refused(api, carol, kayak):
    deleted = {"objects": [], "deleted_objects": [f"/api/activitytype/{kayak.pk}/"]}
    assert api.patch("/api/activitytype/", carol, deleted).status_code == 404
    deleted = {"objects": [], "deleted_objects": ["/api/activitytype/12/"]}
    assert api.patch("/api/activitytype/", carol, deleted).status_code == 403
    assert ActivityType.objects.filter(pk__in=[12, kayak.pk]).count() == 2


def test_bulk_patch_without_objects_is_a_400(api, alice):
    response = api.patch("/api/activitytype/", alice, {"name": "Kayak"})
    assert response.status_code == 400
    assert "objects" in response.json()["error"]


# --- changing and deleting -----------------------------------------------------------------


def test_put_replaces_an_own_type_and_answers_the_object(api, alice, kayak):
    body = as_sent_by_a_client(kayak, alice, name="Sea kayak", base="medium", description="salt")
    response = api.put(f"/api/activitytype/{kayak.pk}/", alice, body)
    assert response.status_code == 200
    assert response.json() == as_sent_by_a_client(
        kayak, alice, name="Sea kayak", base="medium", description="salt"
    )
    kayak.refresh_from_db()
    assert (kayak.name, kayak.base, kayak.description) == ("Sea kayak", "medium", "salt")


def test_put_of_what_get_returned_round_trips(api, alice, kayak):
    path = f"/api/v1/activitytype/{kayak.pk}/"
    fetched = api.get(path, alice).json()
    response = api.put(path, alice, fetched | {"name": "Kayak 2"})
    assert response.status_code == 200
    assert response.json() == fetched | {"name": "Kayak 2"}


def test_put_without_user_keeps_the_owner(api, alice, kayak):
    response = api.put(f"/api/activitytype/{kayak.pk}/", alice, {"name": "K2", "base": "low"})
    assert response.status_code == 200
    assert response.json()["user"] == user_uri(alice)


def test_patch_changes_only_the_fields_sent(api, alice, kayak):
    response = api.patch(f"/api/activitytype/{kayak.pk}/", alice, {"description": "paddling"})
    assert response.status_code == 200
    assert response.json() == as_sent_by_a_client(kayak, alice, description="paddling")


def test_patch_can_replace_default_metrics(api, alice, kayak):
    body = {"default_metrics": [71, "/api/metric/139/"]}
    response = api.patch(f"/api/activitytype/{kayak.pk}/", alice, body)
    assert response.status_code == 200
    assert response.json()["default_metrics"] == ["/api/metric/71/", "/api/metric/139/"]
    assert sorted(kayak.default_metrics.values_list("id", flat=True)) == [71, 139]


def test_patch_ignores_read_only_and_unknown_fields(api, alice, kayak):
    body = {"id": 12, "resource_uri": "/api/activitytype/12/", "using": True, "colour": "red"}
    response = api.patch(f"/api/activitytype/{kayak.pk}/", alice, body)
    assert response.status_code == 200
    assert response.json() == as_sent_by_a_client(kayak, alice)
    assert ActivityType.objects.get(pk=12).name == "Sleep"


@pytest.mark.parametrize("method", ["put", "patch"])
def test_a_write_cannot_turn_an_own_type_into_a_global_one(api, alice, kayak, method):
    body = as_sent_by_a_client(kayak, alice, user=None)
    response = api.call(method, f"/api/activitytype/{kayak.pk}/", alice, body)
    assert response.status_code == 403
    assert response.json()["error"]
    kayak.refresh_from_db()
    assert kayak.user_id == alice.pk


def test_patch_with_a_wrong_type_is_a_400_naming_the_field(api, alice, kayak):
    response = api.patch(f"/api/activitytype/{kayak.pk}/", alice, {"name": ["x"]})
    assert response.status_code == 400
    assert "'name'" in response.json()["error"]
    kayak.refresh_from_db()
    assert kayak.name == "Kayak"


def test_delete_removes_an_own_type(api, alice, kayak):
    response = api.delete(f"/api/activitytype/{kayak.pk}/", alice)
    assert response.status_code == 204
    assert response.content == b""
    assert api.get(f"/api/activitytype/{kayak.pk}/", alice).status_code == 404
    assert not ActivityType.objects.filter(pk=kayak.pk).exists()


@pytest.mark.parametrize(
    ("method", "body"),
    [("put", {"name": "Nap", "base": "sleep"}), ("patch", {"name": "Nap"}), ("delete", None)],
)
def test_global_types_are_403_for_users(api, alice, method, body):
    response = api.call(method, "/api/activitytype/12/", alice, body)
    assert response.status_code == 403
    assert response.json()["error"]
    assert ActivityType.objects.get(pk=12).name == "Sleep"


def test_staff_may_change_a_global_type(api, db):
    staff = create_user("staff@example.com", PASSWORD)
    staff.is_staff = True
    staff.save()
    response = api.patch("/api/activitytype/12/", staff, {"description": "Night sleep"})
    assert response.status_code == 200
    assert response.json()["user"] is None
    assert ActivityType.objects.get(pk=12).description == "Night sleep"


@pytest.mark.parametrize(
    ("method", "body"),
    [("put", {"name": "Mine", "base": "low"}), ("patch", {"name": "Mine"}), ("delete", None)],
)
def test_others_get_404_writing_a_private_type(api, alice, carol, kayak, method, body):
    response = api.call(method, f"/api/activitytype/{kayak.pk}/", carol, body)
    assert response.status_code == 404
    assert response.json()["error"]
    kayak.refresh_from_db()
    assert (kayak.name, kayak.user_id) == ("Kayak", alice.pk)


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_writes_to_a_missing_type_are_404(api, alice, method):
    response = api.call(method, "/api/activitytype/999999/", alice, {"name": "X", "base": "low"})
    assert response.status_code == 404
    assert response.json()["error"]
    assert not ActivityType.objects.filter(pk=999999).exists()


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("put", "/api/activitytype/", "GET,POST,PATCH"),
        ("delete", "/api/activitytype/", "GET,POST,PATCH"),
        ("post", "/api/activitytype/12/", "GET,PUT,PATCH,DELETE"),
    ],
)
def test_methods_not_allowed_are_405_with_allow(api, alice, method, path, allow):
    response = api.call(method, path, alice, {"objects": []})
    assert response.status_code == 405
    assert response["Allow"] == allow
    assert method.upper() in response.json()["error"]
    assert ActivityType.objects.count() == SEEDED_TYPES


def test_anonymous_and_wrong_password_reads_are_empty_401s(api, alice):
    assert api.get("/api/activitytype/").content == b""
    response = api.get("/api/activitytype/12/", HTTP_AUTHORIZATION=basic(alice, "nope"))
    assert response.status_code == 401
    assert response.content == b""
