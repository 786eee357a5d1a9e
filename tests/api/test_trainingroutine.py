"""`/api/trainingroutine/`: global workouts plus each user's own, with FIT-style steps.

`last_used` is when the caller last used a routine (their latest range of it), `using=true`
narrows the list to the routines of the caller's ranges; see API.md 2.10 and 5.3.
"""

from datetime import UTC, datetime

import pytest

from openhexo.catalog.models import ActivityType, TrainingRoutine
from openhexo.records.models import Range
from tests.conftest import basic

PREFIXES = ["/api/", "/api/v1/"]
SEEDED = [1, 6, 12, 1013, 1016]
STEPS = [
    {"index": 0, "name": "Warm up", "intensity": "warmup", "duration_type": "time",
     "duration_value": 600, "target_type": "open"},
    {"index": 1, "name": "Sprint", "intensity": "active", "duration_type": "distance",
     "duration_value": 400, "target_type": "heart_rate", "custom_target_low": 150,
     "custom_target_high": 175, "activitytype": 10},
]  # fmt: skip


def ids(response) -> list[int]:
    return [entry["id"] for entry in response.json()["objects"]]


def user_uri(user, prefix="/api/") -> str:
    return f"{prefix}user/{user.pk}/"


def use(user, routine_id, when: datetime) -> Range:
    """A range of `user` with the routine, started and created at `when`."""
    start = int(when.timestamp() * 256)
    created = Range.objects.create(
        user=user, start=start, end=start + 256 * 3600, trainingroutine_id=routine_id
    )
    Range.objects.filter(pk=created.pk).update(created=when)
    return created


@pytest.fixture
def intervals(alice):
    return TrainingRoutine.objects.create(
        name="Intervals",
        description="4 x 400 m",
        activitytype_id=10,
        steps=STEPS,
        metadata={"geo": True},
        user=alice,
    )


def as_rendered(routine, alice, prefix="/api/", **changes) -> dict:
    body = {
        "activitytype": f"{prefix}activitytype/10/",
        "application_metadata": None,
        "description": "4 x 400 m",
        "id": routine.pk,
        "importfile": None,
        "last_used": None,
        "metadata": {"geo": True},
        "name": "Intervals",
        "resource_uri": f"{prefix}trainingroutine/{routine.pk}/",
        "steps": STEPS,
        "user": user_uri(alice, prefix),
        "using": None,
    }
    return body | changes


# --- reading -------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_global_bike_routine_detail(api, alice, prefix):
    response = api.get(f"{prefix}trainingroutine/1/", alice)
    assert response.status_code == 200
    assert response.json() == {
        "activitytype": f"{prefix}activitytype/1/",
        "application_metadata": None,
        "description": "Bicycle or cardio cycling machine",
        "id": 1,
        "importfile": None,
        "last_used": None,
        "metadata": {"geo": True},
        "name": "bike",
        "resource_uri": f"{prefix}trainingroutine/1/",
        "steps": [],
        "user": None,
        "using": None,
    }


@pytest.mark.parametrize(
    ("routine_id", "name", "activitytype_id"),
    [(6, "jog", 10), (12, "Sleep", 12), (1013, "Standard Rast Test", 103),
     (1016, "5 minute Rest test", 106)],
)  # fmt: skip
def test_documented_routines_and_their_activity_types(
    api, carol, routine_id, name, activitytype_id
):
    routine = api.get(f"/api/v1/trainingroutine/{routine_id}/", carol).json()
    assert routine["name"] == name
    assert routine["activitytype"] == f"/api/v1/activitytype/{activitytype_id}/"
    assert routine["user"] is None


def test_rast_test_has_its_steps(api, alice):
    steps = api.get("/api/trainingroutine/1013/", alice).json()["steps"]
    assert [(s["index"], s["name"], s["activitytype"]) for s in steps] == [
        (0, "Rest", 8),
        (1, "Sprint", 24),
    ]
    assert steps[1]["duration_type"] == "distance"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_envelope(api, alice, prefix):
    body = api.get(f"{prefix}trainingroutine/", alice).json()
    assert body["meta"] == {
        "limit": 20,
        "next": None,
        "offset": 0,
        "previous": None,
        "total_count": len(SEEDED),
    }
    assert [o["id"] for o in body["objects"]] == SEEDED
    assert body["objects"][2]["resource_uri"] == f"{prefix}trainingroutine/12/"


def test_own_routines_are_listed_with_the_global_ones(api, alice, intervals):
    body = api.get("/api/trainingroutine/", alice).json()
    assert body["meta"]["total_count"] == len(SEEDED) + 1
    assert body["objects"][-1] == as_rendered(intervals, alice)


def test_others_never_see_a_private_routine(api, carol, intervals):
    assert ids(api.get("/api/trainingroutine/", carol)) == SEEDED
    response = api.get(f"/api/trainingroutine/{intervals.pk}/", carol)
    assert response.status_code == 404
    assert response.json()["error"]


def test_paging_links_keep_the_filters(api, alice):
    params = {"activitytype__in": "1,10,12", "limit": 1, "offset": 1}
    body = api.get("/api/trainingroutine/", alice, params).json()
    assert [o["id"] for o in body["objects"]] == [6]
    assert body["meta"]["next"] == (
        "/api/trainingroutine/?activitytype__in=1%2C10%2C12&limit=1&offset=2"
    )
    assert body["meta"]["previous"] == (
        "/api/trainingroutine/?activitytype__in=1%2C10%2C12&limit=1&offset=0"
    )


# --- last_used and using -------------------------------------------------------------------


def test_last_used_is_the_callers_latest_range(api, alice, bob):
    use(alice, 12, datetime(2024, 5, 1, 22, 0, 5, tzinfo=UTC))
    use(alice, 12, datetime(2024, 6, 2, 23, 30, 0, tzinfo=UTC))
    use(alice, 1, datetime(2024, 5, 20, 7, 0, 0, tzinfo=UTC))
    use(bob, 12, datetime(2025, 1, 1, 0, 0, 0, tzinfo=UTC))
    assert api.get("/api/trainingroutine/12/", alice).json()["last_used"] == (
        "2024-06-02T23:30:00+00:00"
    )
    assert api.get("/api/trainingroutine/1/", alice).json()["last_used"] == (
        "2024-05-20T07:00:00+00:00"
    )
    assert api.get("/api/trainingroutine/12/", bob).json()["last_used"] == (
        "2025-01-01T00:00:00+00:00"
    )
    assert api.get("/api/trainingroutine/6/", alice).json()["last_used"] is None


def test_last_used_is_in_lists_too(api, alice):
    use(alice, 1016, datetime(2024, 5, 1, 8, 0, 0, tzinfo=UTC))
    objects = api.get("/api/trainingroutine/", alice).json()["objects"]
    listed = {o["id"]: o["last_used"] for o in objects}
    assert listed == {
        1: None, 6: None, 12: None, 1013: None, 1016: "2024-05-01T08:00:00+00:00"
    }  # fmt: skip


def test_last_used_is_read_only(api, alice, intervals):
    body = {"last_used": "2020-01-01T00:00:00+00:00", "name": "Intervals"}
    response = api.patch(f"/api/trainingroutine/{intervals.pk}/", alice, body)
    assert response.status_code == 200
    assert response.json()["last_used"] is None


def test_using_lists_only_the_routines_of_the_callers_ranges(api, alice, bob, intervals):
    use(alice, 12, datetime(2024, 5, 1, tzinfo=UTC))
    use(alice, intervals.pk, datetime(2024, 5, 2, tzinfo=UTC))
    use(bob, 1, datetime(2024, 5, 3, tzinfo=UTC))
    for value in ("true", "True", "1"):
        assert ids(api.get("/api/trainingroutine/", alice, {"using": value})) == [
            12,
            intervals.pk,
        ]
    assert ids(api.get("/api/trainingroutine/", bob, {"using": "true"})) == [1]


def test_using_false_lists_the_unused_routines(api, alice):
    use(alice, 12, datetime(2024, 5, 1, tzinfo=UTC))
    assert ids(api.get("/api/trainingroutine/", alice, {"using": "false"})) == [1, 6, 1013, 1016]
    assert ids(api.get("/api/trainingroutine/", alice, {"using": "0"})) == [1, 6, 1013, 1016]


def test_using_without_ranges_lists_nothing(api, carol):
    assert api.get("/api/trainingroutine/", carol, {"using": "true"}).json()["objects"] == []


# --- filters and ordering ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"id": "12"}, [12]),
        ({"id__in": "12,1016"}, [12, 1016]),
        ({"id__gt": "12"}, [1013, 1016]),
        ({"id__gte": "12"}, [12, 1013, 1016]),
        ({"id__lt": "12"}, [1, 6]),
        ({"id__lte": "12"}, [1, 6, 12]),
        ({"id__range": "6,1013"}, [6, 12, 1013]),
        ({"activitytype": "12"}, [12]),
        ({"activitytype": "/api/activitytype/106/"}, [1016]),
        ({"activitytype": "/api/v1/activitytype/106/"}, [1016]),
        ({"activitytype__exact": "10"}, [6]),
        ({"activitytype__in": "12,106"}, [12, 1016]),
        ({"activitytype__in": "/api/activitytype/1/,/api/activitytype/10/"}, [1, 6]),
        ({"activitytype__gt": "100"}, [1013, 1016]),
        ({"activitytype__lte": "10"}, [1, 6]),
        ({"activitytype__isnull": "true"}, []),
        ({"activitytype__id": "103"}, [1013]),
        ({"activitytype__id__in": "1,103"}, [1, 1013]),
        ({"activitytype__base": "sleep"}, [12]),
        ({"activitytype__base__in": "sleep,rest"}, [12, 1016]),
        ({"activitytype__category": "running"}, [6]),
        ({"activitytype": "12", "id": "1"}, []),
    ],
)
def test_filters_on_the_global_routines(api, alice, params, expected):
    response = api.get("/api/trainingroutine/", alice, params)
    assert response.status_code == 200
    assert ids(response) == expected


def test_activitytype_isnull_finds_routines_without_a_type(api, alice):
    untyped = TrainingRoutine.objects.create(name="Free", user=alice)
    assert ids(api.get("/api/trainingroutine/", alice, {"activitytype__isnull": "1"})) == [
        untyped.pk
    ]


@pytest.mark.parametrize("value", ["{pk}", "/api/user/{pk}/", "/api/v1/user/{pk}/", "{email}"])
def test_user_filter_takes_an_id_a_uri_or_an_email(api, alice, intervals, value):
    params = {"user": value.format(pk=alice.pk, email=alice.email)}
    assert ids(api.get("/api/trainingroutine/", alice, params)) == [intervals.pk]


@pytest.mark.parametrize(
    ("lookup", "mine"), [("in", True), ("gt", False), ("gte", True), ("lt", False), ("lte", True)]
)
def test_user_filter_lookups(api, alice, intervals, lookup, mine):
    params = {f"user__{lookup}": str(alice.pk)}
    expected = [intervals.pk] if mine else []
    assert ids(api.get("/api/trainingroutine/", alice, params)) == expected


def test_activitytype_range_filter(api, alice):
    response = api.get("/api/trainingroutine/", alice, {"activitytype__range": "100,110"})
    assert response.status_code == 200
    assert ids(response) == [1013, 1016]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"id": "abc"}, "'id'"),
        ({"id": "99999999999999999999999"}, "'id'"),
        ({"activitytype": "sleep"}, "'activitytype'"),
        ({"activitytype": "/api/unit/12/"}, "'activitytype'"),
        ({"activitytype__name": "Sleep"}, "'name'"),
        ({"activitytype__base__gt": "a"}, "'gt'"),
        ({"user": "/api/user/x/"}, "'user'"),
        ({"user__isnull": "true"}, "'isnull'"),
        ({"using": "sometimes"}, "'using'"),
        ({"name": "bike"}, "'name'"),
        ({"steps": "[]"}, "'steps'"),
    ],
)
def test_bad_filters_are_explained_400s(api, alice, params, named):
    response = api.get("/api/trainingroutine/", alice, params)
    assert response.status_code == 400
    assert named in response.json()["error"]


def test_order_by_descending_activitytype(api, alice):
    params = {"order_by": "-activitytype"}
    assert ids(api.get("/api/trainingroutine/", alice, params)) == [1016, 1013, 12, 6, 1]


def test_order_by_name_and_comma_lists(api, alice):
    for name in ("Charlie", "Alpha", "Bravo"):
        TrainingRoutine.objects.create(name=name, user=alice)
    for params, names in [
        ({"order_by": "name"}, ["Alpha", "Bravo", "Charlie"]),
        ({"order_by": "-name"}, ["Charlie", "Bravo", "Alpha"]),
        ({"order_by": "user,-name"}, ["Charlie", "Bravo", "Alpha"]),
        ({"order_by": ["user", "name"]}, ["Alpha", "Bravo", "Charlie"]),
        ({"order_by": "-id"}, ["Bravo", "Alpha", "Charlie"]),
    ]:
        body = api.get("/api/trainingroutine/", alice, {**params, "user": alice.pk}).json()
        assert [o["name"] for o in body["objects"]] == names, params


def test_order_by_last_used_among_used_routines(api, alice):
    use(alice, 1, datetime(2024, 3, 1, tzinfo=UTC))
    use(alice, 1016, datetime(2024, 1, 1, tzinfo=UTC))
    use(alice, 12, datetime(2024, 2, 1, tzinfo=UTC))
    params = {"using": "true", "order_by": "-last_used"}
    assert ids(api.get("/api/trainingroutine/", alice, params)) == [1, 12, 1016]
    params = {"using": "true", "order_by": "last_used"}
    assert ids(api.get("/api/trainingroutine/", alice, params)) == [1016, 12, 1]


def test_most_recently_used_routines_come_first(api, alice):
    use(alice, 1013, datetime(2024, 3, 1, tzinfo=UTC))
    use(alice, 6, datetime(2024, 4, 1, tzinfo=UTC))
    params = {"order_by": "-last_used", "limit": 2}
    assert ids(api.get("/api/trainingroutine/", alice, params)) == [6, 1013]


@pytest.mark.parametrize("order_by", ["description", "-steps", "id,metadata"])
def test_ordering_on_other_fields_is_a_400_naming_the_field(api, alice, order_by):
    response = api.get("/api/trainingroutine/", alice, {"order_by": order_by})
    assert response.status_code == 400
    assert f"'{order_by.split(',')[-1].removeprefix('-')}'" in response.json()["error"]


# --- creating ------------------------------------------------------------------------------


def test_post_creates_a_routine_owned_by_the_caller(api, alice):
    body = {
        "name": "Intervals",
        "description": "4 x 400 m",
        "activitytype": "/api/activitytype/10/",
        "steps": STEPS,
        "metadata": {"geo": True},
    }
    response = api.post("/api/trainingroutine/", alice, body)
    assert response.status_code == 201
    created = TrainingRoutine.objects.get(pk=response.json()["id"])
    assert response["Location"] == f"/api/trainingroutine/{created.pk}/"
    assert response.json() == as_rendered(created, alice)
    assert (created.user_id, created.activitytype_id, created.steps) == (alice.pk, 10, STEPS)
    assert api.get(f"/api/trainingroutine/{created.pk}/", alice).json() == response.json()


def test_post_with_only_a_name(api, alice):
    response = api.post("/api/v1/trainingroutine/", alice, {"name": "Stretching"})
    assert response.status_code == 201
    created = response.json()
    assert response["Location"] == created["resource_uri"]
    assert created["resource_uri"] == f"/api/v1/trainingroutine/{created['id']}/"
    assert (created["activitytype"], created["steps"], created["metadata"]) == (None, [], None)
    assert (created["description"], created["user"]) == ("", user_uri(alice, "/api/v1/"))


def test_post_may_use_an_own_activity_type(api, alice):
    kayak = ActivityType.objects.create(name="Kayak", base="high", user=alice)
    body = {"name": "Paddle", "activitytype": kayak.pk}
    response = api.post("/api/trainingroutine/", alice, body)
    assert response.status_code == 201
    assert response.json()["activitytype"] == f"/api/activitytype/{kayak.pk}/"


def test_post_cannot_use_another_users_private_activity_type(api, alice, carol):
    kayak = ActivityType.objects.create(name="Kayak", base="high", user=alice)
    body = {"name": "Paddle", "activitytype": f"/api/activitytype/{kayak.pk}/"}
    response = api.post("/api/trainingroutine/", carol, body)
    assert response.status_code == 400
    assert "'activitytype'" in response.json()["error"]
    assert not TrainingRoutine.objects.filter(name="Paddle").exists()


def test_post_ignores_read_only_and_unknown_fields(api, alice):
    body = {
        "name": "Intervals",
        "id": 12,
        "resource_uri": "/api/trainingroutine/12/",
        "last_used": "2020-01-01T00:00:00+00:00",
        "importfile": "/api/importfile/3/",
        "using": True,
        "application_metadata": [{"app": "x"}],
        "trainingroutines": [],
        "colour": "red",
    }
    response = api.post("/api/trainingroutine/", alice, body)
    assert response.status_code == 201
    created = response.json()
    assert created["id"] not in SEEDED
    assert (created["last_used"], created["importfile"], created["using"]) == (None, None, None)
    assert created["application_metadata"] is None
    assert "colour" not in created
    assert "trainingroutines" not in created
    assert TrainingRoutine.objects.get(pk=12).name == "Sleep"


@pytest.mark.parametrize(
    "steps", ["warm up, sprint", {"index": 0}, [1, 2], [{"index": 0}, "sprint"], 5]
)
def test_steps_must_be_a_list_of_objects(api, alice, steps):
    response = api.post("/api/trainingroutine/", alice, {"name": "Intervals", "steps": steps})
    assert response.status_code == 400
    assert "'steps'" in response.json()["error"]
    assert not TrainingRoutine.objects.filter(name="Intervals").exists()


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"name": ["Intervals"]}, "'name'"),
        ({"name": "I" * 101}, "'name'"),
        ({}, "name"),
        ({"name": "Intervals", "description": ["a"]}, "'description'"),
        ({"name": "Intervals", "activitytype": "running"}, "'activitytype'"),
        ({"name": "Intervals", "activitytype": 999999}, "'activitytype'"),
        ({"name": "Intervals", "activitytype": "/api/metric/10/"}, "'activitytype'"),
        ({"name": "Intervals", "user": "/api/user/999999/"}, "'user'"),
    ],
)
def test_post_with_bad_values_is_a_400_naming_the_field(api, alice, body, named):
    response = api.post("/api/trainingroutine/", alice, body)
    assert response.status_code == 400
    assert named in response.json()["error"]
    assert TrainingRoutine.objects.count() == len(SEEDED)


def test_post_with_a_null_user_never_creates_a_global_entry(api, alice):
    response = api.post("/api/trainingroutine/", alice, {"name": "Intervals", "user": None})
    assert response.status_code == 403
    assert "catalogue" in response.json()["error"]
    assert not TrainingRoutine.objects.filter(user=None, name="Intervals").exists()


def test_post_for_another_user_is_a_400_naming_user(api, alice, carol):
    body = {"name": "Intervals", "user": user_uri(carol)}
    response = api.post("/api/trainingroutine/", alice, body)
    assert response.status_code == 400
    assert "'user'" in response.json()["error"]


def test_patch_on_the_list_bulk_creates(api, alice):
    objects = [{"name": "Intervals", "steps": STEPS}, {"name": "Tempo", "activitytype": 10}]
    response = api.patch("/api/trainingroutine/", alice, {"objects": objects})
    assert response.status_code == 202
    created = TrainingRoutine.objects.filter(user=alice).order_by("id")
    assert [(r.name, r.steps, r.activitytype_id) for r in created] == [
        ("Intervals", STEPS, None),
        ("Tempo", [], 10),
    ]


def test_bulk_patch_with_bad_steps_creates_nothing(api, alice):
    objects = [{"name": "Intervals"}, {"name": "Tempo", "steps": "fast"}]
    response = api.patch("/api/trainingroutine/", alice, {"objects": objects})
    assert response.status_code == 400
    assert "'steps'" in response.json()["error"]
    assert not TrainingRoutine.objects.filter(user=alice).exists()


# --- changing and deleting -----------------------------------------------------------------


def test_put_replaces_an_own_routine(api, alice, intervals):
    body = as_rendered(
        intervals, alice, name="Hills", steps=[], activitytype="/api/activitytype/5/"
    )
    response = api.put(f"/api/trainingroutine/{intervals.pk}/", alice, body)
    assert response.status_code == 200
    assert response.json() == body
    intervals.refresh_from_db()
    assert (intervals.name, intervals.steps, intervals.activitytype_id) == ("Hills", [], 5)


def test_put_of_what_get_returned_round_trips(api, alice, intervals):
    path = f"/api/v1/trainingroutine/{intervals.pk}/"
    fetched = api.get(path, alice).json()
    response = api.put(path, alice, fetched | {"description": "5 x 400 m"})
    assert response.status_code == 200
    assert response.json() == as_rendered(intervals, alice, "/api/v1/", description="5 x 400 m")


def test_put_without_user_keeps_the_owner(api, alice, intervals):
    response = api.put(f"/api/trainingroutine/{intervals.pk}/", alice, {"name": "Hills"})
    assert response.status_code == 200
    assert response.json()["user"] == user_uri(alice)


def test_patch_changes_only_the_fields_sent(api, alice, intervals):
    response = api.patch(f"/api/trainingroutine/{intervals.pk}/", alice, {"steps": STEPS[:1]})
    assert response.status_code == 200
    assert response.json() == as_rendered(intervals, alice, steps=STEPS[:1])


def test_patch_with_bad_steps_is_a_400_and_changes_nothing(api, alice, intervals):
    response = api.patch(f"/api/trainingroutine/{intervals.pk}/", alice, {"steps": "none"})
    assert response.status_code == 400
    assert "'steps'" in response.json()["error"]
    intervals.refresh_from_db()
    assert intervals.steps == STEPS


def test_patch_can_clear_the_activity_type(api, alice, intervals):
    response = api.patch(f"/api/trainingroutine/{intervals.pk}/", alice, {"activitytype": None})
    assert response.status_code == 200
    assert response.json()["activitytype"] is None
    intervals.refresh_from_db()
    assert intervals.activitytype_id is None


def test_delete_removes_an_own_routine_and_unlinks_its_ranges(api, alice, intervals):
    used = use(alice, intervals.pk, datetime(2024, 5, 1, tzinfo=UTC))
    response = api.delete(f"/api/trainingroutine/{intervals.pk}/", alice)
    assert response.status_code == 204
    assert response.content == b""
    assert api.get(f"/api/trainingroutine/{intervals.pk}/", alice).status_code == 404
    used.refresh_from_db()
    assert used.trainingroutine_id is None


@pytest.mark.parametrize(
    ("method", "body"),
    [("put", {"name": "Nap", "user": None}), ("patch", {"name": "Nap"}), ("delete", None)],
)
def test_global_routines_are_403_for_users(api, alice, method, body):
    response = api.call(method, "/api/trainingroutine/12/", alice, body)
    assert response.status_code == 403
    assert response.json()["error"]
    assert TrainingRoutine.objects.get(pk=12).name == "Sleep"


@pytest.mark.parametrize(
    ("method", "body"),
    [("put", {"name": "Mine"}), ("patch", {"name": "Mine"}), ("delete", None)],
)
def test_others_get_404_writing_a_private_routine(api, carol, intervals, method, body):
    response = api.call(method, f"/api/trainingroutine/{intervals.pk}/", carol, body)
    assert response.status_code == 404
    assert response.json()["error"]
    intervals.refresh_from_db()
    assert intervals.name == "Intervals"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_writes_to_a_missing_routine_are_404(api, alice, method):
    response = api.call(method, "/api/trainingroutine/999999/", alice, {"name": "X"})
    assert response.status_code == 404
    assert response.json()["error"]
    assert not TrainingRoutine.objects.filter(pk=999999).exists()


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("put", "/api/trainingroutine/", "GET,POST,PATCH"),
        ("delete", "/api/trainingroutine/", "GET,POST,PATCH"),
        ("post", "/api/trainingroutine/12/", "GET,PUT,PATCH,DELETE"),
    ],
)
def test_methods_not_allowed_are_405_with_allow(api, alice, method, path, allow):
    response = api.call(method, path, alice, {"name": "X"})
    assert response.status_code == 405
    assert response["Allow"] == allow
    assert response.json()["error"]
    assert TrainingRoutine.objects.count() == len(SEEDED)


def test_anonymous_callers_get_an_empty_401(api):
    for response in (
        api.get("/api/trainingroutine/"),
        api.get("/api/trainingroutine/12/"),
        api.post("/api/trainingroutine/", data={"name": "Intervals"}),
    ):
        assert response.status_code == 401
        assert response.content == b""
    assert TrainingRoutine.objects.count() == len(SEEDED)


def test_wrong_password_is_an_empty_401(api, alice):
    response = api.get("/api/trainingroutine/", HTTP_AUTHORIZATION=basic(alice, "nope"))
    assert response.status_code == 401
    assert response.content == b""
