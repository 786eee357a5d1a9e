"""`record`: a user's recordings, newest first, with the summary user nested."""

from datetime import timedelta

import pytest
from django.utils import timezone

from openhexo.records.models import Device, Record

START = 359840226870  # record 37700 of the v1 documentation: 2014-07-17T19:38:06+00:00
END = 359840821814


@pytest.fixture
def record(alice):
    return Record.objects.create(user=alice, start=START, end=END, soft_uid="HXDEV-AUTO")


def test_detail_has_the_v1_shape(api, alice, record):
    body = api.get(f"/api/record/{record.pk}/", alice).json()
    assert body["start_date"] == "2014-07-17T19:38:06+00:00"
    assert body["duration"] == "0:38:44"
    assert body["status"] == "complete"
    assert body["data_status"] == {}
    assert body["firmware_rev"] == "000"
    assert body["soft_protocole"] == 0
    assert body["device"] is None
    assert body["algo"] is None
    assert body["metrics"] == []
    assert body["user"] == {
        "email": "alice@example.com",
        "first_name": "Alice",
        "id": alice.pk,
        "last_name": "Owner",
        "profile": f"/api/profile/{alice.profile.pk}/",
        "resource_uri": f"/api/user/{alice.pk}/",
        "username": "alice@example.com",
    }


def test_create_needs_only_user_and_start(api, alice):
    response = api.post("/api/record/", alice, {"user": f"/api/user/{alice.pk}/", "start": START})
    assert response.status_code == 201
    body = response.json()
    assert (body["start"], body["end"], body["device_start"]) == (START, START, START)
    assert body["soft_uid"] == ""
    assert response["Location"] == body["resource_uri"]


def test_start_timestamp_is_an_alias_of_start(api, alice, record):
    body = api.post("/api/record/", alice, {"user": alice.pk, "startTimestamp": START + 1}).json()
    assert body["start"] == START + 1
    found = api.get("/api/record/", alice, {"startTimestamp__gt": START}).json()["objects"]
    assert [r["id"] for r in found] == [body["id"]]


def test_newest_first_by_default(api, alice):
    ids = [Record.objects.create(user=alice, start=START + i * 256).pk for i in range(3)]
    objects = api.get("/api/record/", alice).json()["objects"]
    assert [r["id"] for r in objects] == ids[::-1]


def test_overlapping_window_query(api, alice, record):
    """Swift clients ask for the records overlapping [a, b] with end__gte=a&start__lte=b."""
    params = {"end__gte": END - 1, "start__lte": END + 10}
    assert api.get("/api/record/", alice, params).json()["meta"]["total_count"] == 1
    params = {"end__gte": END + 1}
    assert api.get("/api/record/", alice, params).json()["meta"]["total_count"] == 0


def test_device_serial_registers_the_device(api, alice):
    body = api.post(
        "/api/record/", alice, {"user": alice.pk, "start": START, "device": "HXSKIN1200002115"}
    ).json()
    device = Device.objects.get(deviceid="HXSKIN1200002115")
    assert device.user == alice
    assert body["device"] == f"/api/device/{device.pk}/"
    for value in ("HXSKIN1200002115", device.pk, f"/api/device/{device.pk}/"):
        found = api.get("/api/record/", alice, {"device": value}).json()
        assert found["meta"]["total_count"] == 1, value


def test_put_back_whole_object_with_nested_user(api, alice, record):
    whole = api.get(f"/api/record/{record.pk}/", alice).json()
    whole["soft_uid"] = "HXDEV-NEW"
    whole["user"]["first_name"] = "Mallory"  # nested objects are references, never writes
    response = api.put(whole["resource_uri"], alice, whole)
    assert response.status_code == 200
    assert response.json()["soft_uid"] == "HXDEV-NEW"
    alice.refresh_from_db()
    assert alice.first_name == "Alice"


def test_status_and_duration_filters(api, alice, record):
    Record.objects.create(
        user=alice, start=END, end=END + 256 * 10, status="realtime", data_received=timezone.now()
    )
    realtime = api.get("/api/record/", alice, {"status": "realtime"}).json()["objects"]
    assert [r["status"] for r in realtime] == ["realtime"]
    long = api.get("/api/record/", alice, {"duration__gte": 60}).json()["objects"]
    assert [r["id"] for r in long] == [record.pk]
    both = api.get("/api/record/", alice, {"status__in": "realtime,complete"}).json()
    assert both["meta"]["total_count"] == 2


def test_a_record_stops_being_realtime_five_minutes_after_its_last_samples(api, alice, record):
    quiet = timezone.now() - timedelta(minutes=5, seconds=1)
    Record.objects.filter(pk=record.pk).update(status="realtime", data_received=quiet)
    assert api.get("/api/record/", alice, {"status": "realtime"}).json()["objects"] == []
    listed = api.get("/api/record/", alice, {"status": "complete"}).json()["objects"]
    assert [(r["id"], r["status"]) for r in listed] == [(record.pk, "complete")]


def test_study_filters_match_nothing(api, alice, record):
    assert api.get("/api/record/", alice, {"study": 1}).json()["objects"] == []


def test_flags_are_accepted(api, alice, record):
    params = {"include_metrics": "44,71", "short_metrics": 1, "include_histograms": 1}
    assert api.get("/api/record/", alice, params).json()["meta"]["total_count"] == 1


def test_delete(api, alice, record):
    assert api.delete(f"/api/record/{record.pk}/", alice).status_code == 204
    assert not Record.objects.exists()


def test_strangers_see_nothing(api, carol, record):
    assert api.get("/api/record/", carol).json()["objects"] == []
    assert api.get(f"/api/record/{record.pk}/", carol).status_code == 404
    assert api.patch(f"/api/record/{record.pk}/", carol, {"soft_uid": "x"}).status_code == 404
    assert api.delete(f"/api/record/{record.pk}/", carol).status_code == 404
    assert Record.objects.get().soft_uid == "HXDEV-AUTO"


def test_far_future_timestamps_are_accepted(api, alice):
    """The official client uses 1000 ticks per second for hosts other than Hexoskin's."""
    start = 1_795_592_508_111 * 1000
    response = api.post("/api/record/", alice, {"user": alice.pk, "start": start})
    assert response.status_code == 201
    assert response.json()["start"] == start


def test_owner_defaults_to_the_caller_and_a_put_may_leave_it_out(api, alice):
    created = api.post("/api/record/", alice, {"start": START})
    assert created.status_code == 201
    assert created.json()["user"]["id"] == alice.pk
    response = api.put(created.json()["resource_uri"], alice, {"start": START, "end": END})
    assert response.status_code == 200
    assert (response.json()["end"], response.json()["user"]["id"]) == (END, alice.pk)
