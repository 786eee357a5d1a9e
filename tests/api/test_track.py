"""`track`: GPS tracks, whose start, end and distance follow their points."""

from datetime import UTC, datetime

import pytest

from openhexo.records.models import Range, Track, TrackPoint


@pytest.fixture
def track(alice):
    return Track.objects.create(user=alice, name="morning run")


def add_point(track, lon, lat, second):
    point = TrackPoint.objects.create(
        track=track,
        user=track.user,
        lon=lon,
        lat=lat,
        time=datetime(2014, 8, 29, 9, 25, second, tzinfo=UTC),
    )
    track.refresh_summary()
    return point


def test_summary_follows_points(api, alice, track):
    add_point(track, -73.5673, 45.5017, 15)
    add_point(track, -73.5673, 45.5107, 45)  # 0.009 degrees of latitude north: ~1000.8 m
    body = api.get(f"/api/track/{track.pk}/", alice).json()
    assert body["start_date"] == "2014-08-29T09:25:15+00:00"
    assert body["end_date"] == "2014-08-29T09:25:45+00:00"
    assert body["distance"] == pytest.approx(1000.8, abs=0.5)
    assert body["area"] is None


def test_create_and_filter_by_range(api, alice):
    span = Range.objects.create(user=alice, start=0)
    response = api.post("/api/track/", alice, {"user": alice.pk, "range": span.pk, "name": "t"})
    assert response.status_code == 201
    assert response.json()["distance"] == 0.0
    found = api.get("/api/track/", alice, {"range": span.pk}).json()["objects"]
    assert [t["name"] for t in found] == ["t"]
    assert api.get("/api/track/", alice, {"range": 999}).json()["objects"] == []


def test_strangers_see_no_tracks(api, carol, track):
    assert api.get("/api/track/", carol).json()["objects"] == []
    assert api.get(f"/api/track/{track.pk}/", carol).status_code == 404


def test_a_track_cannot_hang_on_someone_elses_range(api, alice, bob):
    from openhexo.accounts.models import BundlePermission, PermissionBundle

    friend = PermissionBundle.objects.get(name="friend")
    BundlePermission.objects.create(bundle=friend, user_allowed=bob, user_target=alice)
    hers = Range.objects.create(user=alice, start=0)
    response = api.post("/api/track/", bob, {"user": bob.pk, "range": hers.pk})
    assert response.status_code == 400
    assert "'range'" in response.json()["error"]
    assert not Track.objects.exists()
