"""`activityattributevalue`: values of a range's attributes (read-only)."""

import pytest

from openhexo.records.models import ActivityAttributeValue, Range


@pytest.fixture
def distance(alice):
    span = Range.objects.create(user=alice, start=0)
    return ActivityAttributeValue.objects.create(
        user=alice, range=span, activityattribute_id=1, start=0, value=5.2
    )


def test_list_detail_and_filters(api, alice, distance):
    body = api.get(f"/api/activityattributevalue/{distance.pk}/", alice).json()
    assert body["activityattribute"] == "/api/activityattribute/1/"
    assert body["range"] == f"/api/range/{distance.range_id}/"
    assert body["value"] == 5.2
    found = api.get("/api/activityattributevalue/", alice, {"value__gt": 5, "user": alice.pk})
    assert found.json()["meta"]["total_count"] == 1


def test_read_only(api, alice, distance):
    assert api.post("/api/activityattributevalue/", alice, {}).status_code == 405
    assert api.delete(f"/api/activityattributevalue/{distance.pk}/", alice).status_code == 405


def test_strangers_see_nothing(api, carol, distance):
    assert api.get("/api/activityattributevalue/", carol).json()["objects"] == []
