"""`trackpoint`: positions of a track, as HxApi2 reads them (`limit=0&order_by=time`)."""

from datetime import UTC, datetime

import pytest

from openhexo.records.models import Record, Track, TrackPoint

MOMENT = 1409304315 * 256  # 2014-08-29T09:25:15Z


@pytest.fixture
def track(alice):
    return Track.objects.create(user=alice)


def test_post_a_point_and_read_it_back(api, alice, track):
    data = {
        "track": f"/api/track/{track.pk}/",
        "position": [-73.5673, 45.5017],
        "altitude": 35.5,
        "time": "2014-08-29T09:25:15",
        "horizontal_accuracy": 5,
    }
    response = api.post("/api/trackpoint/", alice, data)
    assert response.status_code == 201
    body = response.json()
    assert body["position"] == [-73.5673, 45.5017]
    assert body["time"] == "2014-08-29T09:25:15"
    assert body["timestamp"] == MOMENT
    assert body["user"] == f"/api/user/{alice.pk}/"
    assert body["speed"] is None
    assert body["horizontal_accuracy"] == 5.0


def test_time_may_come_as_a_hexotimestamp(api, alice, track):
    data = {
        "track": track.pk,
        "position": {"type": "Point", "coordinates": [2.35, 48.85]},
        "timestamp": MOMENT,
    }
    assert api.post("/api/trackpoint/", alice, data).json()["time"] == "2014-08-29T09:25:15"


@pytest.mark.parametrize("position", [[200, 0], [0, 91], [1], "here", None])
def test_bad_positions_are_refused(api, alice, track, position):
    response = api.post("/api/trackpoint/", alice, {"track": track.pk, "position": position})
    assert response.status_code == 400
    assert "position" in response.json()["error"]
    assert not TrackPoint.objects.exists()


def test_points_go_to_the_track_owner_and_strangers_cannot_add(api, alice, carol, track):
    response = api.post("/api/trackpoint/", carol, {"track": track.pk, "position": [0, 0]})
    assert response.status_code == 400
    assert "track" in response.json()["error"]


def api_point(track, seconds):
    moment = datetime.fromtimestamp(MOMENT / 256 + seconds, UTC)
    return TrackPoint.objects.create(track=track, user=track.user, lon=0, lat=0, time=moment)


def test_limit_zero_ordered_by_time(api, alice, track):
    for seconds in (20, 0, 10):
        api_point(track, seconds)
    body = api.get(
        "/api/trackpoint/", alice, {"track": track.pk, "limit": 0, "order_by": "time"}
    ).json()
    assert body["meta"]["limit"] == 1000
    assert [p["timestamp"] for p in body["objects"]] == [MOMENT, MOMENT + 2560, MOMENT + 5120]


def test_window_filters(api, alice, track):
    for seconds in (0, 10, 20):
        api_point(track, seconds)
    record = Record.objects.create(user=alice, start=MOMENT + 256, end=MOMENT + 256 * 15)

    def count(params):
        return api.get("/api/trackpoint/", alice, params).json()["meta"]["total_count"]

    assert count({"record": record.pk}) == 1
    assert count({"record": f"/api/record/{record.pk}/"}) == 1
    assert count({"start": MOMENT + 1, "end": MOMENT + 256 * 30}) == 2
    assert count({"timestamp__lte": MOMENT}) == 1
    assert count({"time__gt": "2014-08-29T09:25:15"}) == 2
    assert count({"track__user": alice.pk}) == 3
    assert count({"record": 999999}) == 0


def test_bad_window_values_are_400(api, alice):
    response = api.get("/api/trackpoint/", alice, {"start": "dawn"})
    assert response.status_code == 400
    assert "'start'" in response.json()["error"]


def test_the_track_summary_follows_points_written_through_the_api(api, alice, track):
    def post(lat, second):
        data = {
            "track": track.pk,
            "position": [-73.5673, lat],
            "time": f"2014-08-29T09:25:{second}",
        }
        return api.post("/api/trackpoint/", alice, data).json()

    post(45.5017, 15)
    second = post(45.5107, 45)
    summary = api.get(f"/api/track/{track.pk}/", alice).json()
    assert summary["distance"] == pytest.approx(1000.8, abs=0.5)
    assert summary["end_date"] == "2014-08-29T09:25:45+00:00"
    assert api.delete(second["resource_uri"], alice).status_code == 204
    summary = api.get(f"/api/track/{track.pk}/", alice).json()
    assert (summary["distance"], summary["end_date"]) == (0.0, "2014-08-29T09:25:15+00:00")


@pytest.mark.parametrize(
    "time", ["", [], {}, "yesterday", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"]
)
def test_bad_times_are_400(api, alice, track, time):
    response = api.post(
        "/api/trackpoint/", alice, {"track": track.pk, "position": [0, 0], "time": time}
    )
    assert response.status_code == 400
    assert "'time'" in response.json()["error"]


def test_times_with_an_offset_are_stored_in_utc(api, alice, track):
    data = {"track": track.pk, "position": [0, 0], "time": "2014-08-29T05:25:15-04:00"}
    assert api.post("/api/trackpoint/", alice, data).json()["time"] == "2014-08-29T09:25:15"
