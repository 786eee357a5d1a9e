"""`range`: creating, renaming and deleting labelled periods, as the official client does."""

import pytest
from django.utils.timezone import now

from openhexo.records.models import Range, Record

START = 369592079271  # 2015-10-01T17:04:19.5 UTC in ticks of 1/256 s (a DOC-v1a example)


@pytest.fixture
def walk(alice):
    return Range.objects.create(user=alice, name="walk", start=START, end=START + 256 * 60)


def test_create_needs_only_user_name_and_start(api, alice):
    response = api.post("/api/range/", alice, {"user": alice.pk, "name": "run", "start": START})
    assert response.status_code == 201
    body = response.json()
    assert response["Location"] == f"/api/range/{body['id']}/"
    assert body["name"] == "run"
    assert body["start"] == START
    assert body["end"] is None
    assert body["user"] == f"/api/user/{alice.pk}/"
    assert body["rank"] == 0
    assert body["status"] == "empty"
    assert body["start_date"] == "2015-10-01T17:04:19+00:00"


def test_official_client_example_with_float_millisecond_times(api, alice):
    """The client posts time() * 1000 as a float for hosts other than api.hexoskin.com."""
    start = 1795592508111.456
    data = {
        "name": "Original_range",
        "start": start,
        "end": start + 5000,
        "user": f"/api/user/{alice.pk}/",
    }
    response = api.post("/api/range/", alice, data)
    assert response.status_code == 201
    assert response.json()["start"] == 1795592508111
    assert response.json()["end"] == 1795592513111


def test_put_back_the_whole_object_renames_it(api, alice, walk):
    whole = api.get(f"/api/range/{walk.pk}/", alice).json()
    whole["name"] = "Modified range name"
    whole["status"] = "complete"  # read-only fields are ignored
    whole["duration"] = "9:99:99"
    response = api.put(whole["resource_uri"], alice, whole)
    assert response.status_code == 200
    assert response.json()["name"] == "Modified range name"
    assert response.json()["duration"] == "0:01:00"
    walk.refresh_from_db()
    assert (walk.name, walk.end) == ("Modified range name", START + 256 * 60)


def test_patch_changes_only_what_it_sends(api, alice, walk):
    response = api.patch(f"/api/range/{walk.pk}/", alice, {"note": "felt good"})
    assert response.status_code == 200
    assert response.json()["note"] == "felt good"
    assert response.json()["name"] == "walk"


def test_delete_then_gone(api, alice, walk):
    assert api.delete(f"/api/range/{walk.pk}/", alice).status_code == 204
    response = api.get(f"/api/range/{walk.pk}/", alice)
    assert response.status_code == 404
    assert "error" in response.json()


def test_context_sets_activity_type_and_routine(api, alice):
    data = {
        "user": alice.pk,
        "start": START,
        "context": {"trainingroutine": "/api/trainingroutine/12/"},
    }
    body = api.post("/api/range/", alice, data).json()
    assert body["trainingroutine"] == "/api/trainingroutine/12/"
    assert body["activitytype"] == "/api/activitytype/12/"  # the routine's activity type
    assert body["context"] == {
        "activitytype": "/api/activitytype/12/",
        "trainingroutine": "/api/trainingroutine/12/",
    }


def test_top_level_activitytype_is_accepted_too(api, alice, walk):
    response = api.patch(f"/api/range/{walk.pk}/", alice, {"activitytype": 106})
    assert response.json()["activitytype"] == "/api/activitytype/106/"
    assert api.get("/api/range/", alice, {"activitytype": "106"}).json()["meta"]["total_count"] == 1


def test_status_is_the_most_important_among_overlapping_records(api, alice, walk):
    Record.objects.create(user=alice, start=START - 256, end=START + 256, status="complete")
    Record.objects.create(
        user=alice, start=START + 512, end=START + 1024, status="realtime", data_received=now()
    )
    assert api.get(f"/api/range/{walk.pk}/", alice).json()["status"] == "realtime"


def test_children_are_listed_in_detail_only(api, alice, walk):
    child = Range.objects.create(user=alice, start=START + 10, parent=walk, rank=1)
    detail = api.get(f"/api/range/{walk.pk}/", alice).json()
    assert detail["ranges"] == [f"/api/range/{child.pk}/"]
    listed = api.get("/api/range/", alice, {"rank": 0}).json()["objects"]
    assert [r["id"] for r in listed] == [walk.pk]
    assert "ranges" not in listed[0]


def test_parent_must_be_a_range_of_the_same_user(api, alice, carol):
    foreign = Range.objects.create(user=carol, start=START)
    data = {"user": alice.pk, "start": START, "parent": f"/api/range/{foreign.pk}/"}
    response = api.post("/api/range/", alice, data)
    assert response.status_code == 400
    assert "parent" in response.json()["error"]
    assert not Range.objects.filter(user=alice).exists()


def test_end_before_start_is_refused(api, alice):
    response = api.post("/api/range/", alice, {"user": alice.pk, "start": START, "end": START - 1})
    assert response.status_code == 400
    assert "end" in response.json()["error"]


def test_window_filters_and_duration_in_seconds(api, alice, walk):
    Range.objects.create(user=alice, name="long", start=START, end=START + 256 * 3600)

    def names(params):
        return sorted(r["name"] for r in api.get("/api/range/", alice, params).json()["objects"])

    assert names({"duration__gt": 600}) == ["long"]
    assert names({"start__range": f"{START},{START + 1}"}) == ["long", "walk"]
    assert names({"end__lte": START + 256 * 60}) == ["walk"]


def test_order_by_comma_list(api, alice):
    for name, offset in (("b", 2), ("a", 1), ("c", 1)):
        Range.objects.create(user=alice, name=name, start=START + offset)
    objects = api.get("/api/range/", alice, {"order_by": "-start,id"}).json()["objects"]
    assert [r["name"] for r in objects] == ["b", "a", "c"]


def test_filter_by_trainingroutine_relations(api, alice):
    Range.objects.create(user=alice, name="sleep", start=START, trainingroutine_id=12)
    Range.objects.create(user=alice, name="bike", start=START, trainingroutine_id=1)
    found = api.get("/api/range/", alice, {"trainingroutine__activitytype": 12}).json()
    assert [r["name"] for r in found["objects"]] == ["sleep"]


def test_strangers_see_nothing_and_change_nothing(api, alice, carol, walk):
    assert api.get("/api/range/", carol).json()["meta"]["total_count"] == 0
    assert api.get(f"/api/range/{walk.pk}/", carol).status_code == 404
    assert api.put(f"/api/range/{walk.pk}/", carol, {"name": "x"}).status_code == 404
    assert api.delete(f"/api/range/{walk.pk}/", carol).status_code == 404
    walk.refresh_from_db()
    assert walk.name == "walk"


def test_creating_a_range_for_someone_else_is_refused(api, alice, carol):
    response = api.post("/api/range/", carol, {"user": alice.pk, "start": START})
    assert response.status_code == 400
    assert "user" in response.json()["error"]
    assert not Range.objects.exists()


def test_bulk_patch_creates_and_deletes_in_one_transaction(api, alice, walk):
    data = {
        "objects": [{"user": alice.pk, "start": START, "name": "new"}],
        "deleted_objects": [f"/api/range/{walk.pk}/"],
    }
    response = api.patch("/api/range/", alice, data)
    assert response.status_code == 202
    assert list(Range.objects.values_list("name", flat=True)) == ["new"]


def test_bulk_patch_with_a_bad_deletion_changes_nothing(api, alice, walk):
    data = {
        "objects": [{"user": alice.pk, "start": START, "name": "new"}],
        "deleted_objects": ["/api/range/999999/"],
    }
    assert api.patch("/api/range/", alice, data).status_code == 404
    assert list(Range.objects.values_list("name", flat=True)) == ["walk"]


def test_activity_attributes_list_every_attribute_with_its_value(api, alice, walk):
    listed = api.get(f"/api/range/{walk.pk}/", alice).json()["activityattributes"]
    assert [(a["name"], a["value"]) for a in listed] == [
        ("distance", None),
        ("fatigue", None),
        ("energy", None),
    ]
    assert listed[0]["unit"] == {
        "id": 103,
        "info": "",
        "resource_uri": "/api/unit/103/",
        "si_long": "kilometer",
        "si_short": "km",
    }


def test_activity_attributes_are_replaced_when_sent(api, alice, walk):
    path = f"/api/range/{walk.pk}/"
    sent = [{"resource_uri": "/api/activityattribute/1/", "value": 5.2}, {"id": 2, "value": "7"}]
    assert api.patch(path, alice, {"activityattributes": sent}).status_code == 200
    values = {a["name"]: a["value"] for a in api.get(path, alice).json()["activityattributes"]}
    assert values == {"distance": 5.2, "fatigue": 7.0, "energy": None}
    api.patch(
        path, alice, {"activityattributes": [{"id": 1, "value": None}, {"id": 2, "value": 8}]}
    )
    assert walk.attribute_values.get().value == 8.0
    api.patch(path, alice, {"name": "renamed"})  # absent: untouched
    assert walk.attribute_values.count() == 1
    api.patch(path, alice, {"activityattributes": []})
    assert not walk.attribute_values.exists()


@pytest.mark.parametrize(
    "sent",
    [[{"id": 999, "value": 1}], [{"value": 1}], [{"id": 1, "value": "far"}], "distance"],
)
def test_bad_activity_attributes_are_400_and_change_nothing(api, alice, walk, sent):
    response = api.patch(f"/api/range/{walk.pk}/", alice, {"activityattributes": sent, "name": "x"})
    assert response.status_code == 400
    assert "activityattributes" in response.json()["error"]
    walk.refresh_from_db()
    assert walk.name == "walk"


def test_a_range_cannot_descend_from_itself(api, alice, walk):
    child = Range.objects.create(user=alice, start=START, parent=walk)
    response = api.patch(f"/api/range/{walk.pk}/", alice, {"parent": child.pk})
    assert response.status_code == 400
    assert "ancestor" in response.json()["error"]
    walk.refresh_from_db()
    assert walk.parent is None


def test_a_range_uses_shared_or_own_activity_types_only(api, alice, bob):
    from openhexo.accounts.models import BundlePermission, PermissionBundle
    from openhexo.catalog.models import ActivityType

    friend = PermissionBundle.objects.get(name="friend")
    BundlePermission.objects.create(bundle=friend, user_allowed=bob, user_target=alice)
    private = ActivityType.objects.create(name="Alice's yoga", base="low", user=alice)
    data = {"user": bob.pk, "start": START, "context": {"activitytype": private.pk}}
    response = api.post("/api/range/", bob, data)
    assert response.status_code == 400
    assert "'activitytype'" in response.json()["error"]
    assert api.post("/api/range/", alice, data | {"user": alice.pk}).status_code == 201
