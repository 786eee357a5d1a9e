"""`annotation`: notes pinned to a moment of a user's time."""

import pytest

from openhexo.records.models import Annotation, Record


def test_create_as_the_v1_documentation_does(api, alice):
    """DOC-v1a posts the datatype as a numeric string and the user as an id."""
    data = {"datatype": "4096", "start": 123456, "user": alice.pk, "annotation": "Hey guys!"}
    response = api.post("/api/annotation/", alice, data)
    assert response.status_code == 201
    body = response.json()
    assert body["annotation"] == "Hey guys!"
    assert body["datatype"] == "/api/datatype/4096/"
    assert body["record"] is None
    assert body["start_date"] == "1970-01-01T00:08:02+00:00"
    assert body["user"] == f"/api/user/{alice.pk}/"


def test_record_must_belong_to_the_same_user(api, alice, carol):
    record = Record.objects.create(user=carol, start=0)
    data = {"start": 1, "user": alice.pk, "record": record.pk}
    response = api.post("/api/annotation/", alice, data)
    assert response.status_code == 400
    assert "record" in response.json()["error"]
    assert not Annotation.objects.exists()


def test_filters_and_order(api, alice):
    record = Record.objects.create(user=alice, start=0, end=1000)
    for start in (30, 10, 20):
        Annotation.objects.create(user=alice, start=start, record=record)
    Annotation.objects.create(user=alice, start=5)
    params = {"record": record.pk, "order_by": "-start"}
    starts = [a["start"] for a in api.get("/api/annotation/", alice, params).json()["objects"]]
    assert starts == [30, 20, 10]
    params = {"start__lt": 15, "datatype": 4096}
    assert api.get("/api/annotation/", alice, params).json()["meta"]["total_count"] == 2


@pytest.mark.parametrize("datatype", ["999999", "/api/unit/700/", "abc"])
def test_unknown_datatype_is_400(api, alice, datatype):
    data = {"datatype": datatype, "start": 1, "user": alice.pk}
    response = api.post("/api/annotation/", alice, data)
    assert response.status_code == 400
    assert "datatype" in response.json()["error"]


def test_strangers_cannot_read_or_edit(api, alice, carol):
    note = Annotation.objects.create(user=alice, start=1, annotation="mine")
    assert api.get(f"/api/annotation/{note.pk}/", carol).status_code == 404
    assert api.put(f"/api/annotation/{note.pk}/", carol, {"annotation": "x"}).status_code == 404
    note.refresh_from_db()
    assert note.annotation == "mine"


def test_server_kept_instants_ignore_bodies(api, alice):
    note = Annotation.objects.create(user=alice, start=1)
    response = api.patch(f"/api/annotation/{note.pk}/", alice, {"last_modified": "9" * 140})
    assert response.status_code == 200
    assert response.json()["last_modified"].startswith("20")
