"""`/api/algo/`: the algorithm versions that processed records (read-only, API.md 2.21)."""

from datetime import UTC, datetime

import pytest

from openhexo.catalog.models import Algo
from tests.conftest import basic

PREFIXES = ["/api/", "/api/v1/"]
VERSIONS_2017 = {
    "ecg": "2.1.0", "acceleration": "2.1.0", "sleep_phase": "2.1.0", "sleep_position": "2.1.0",
    "respiration": "2.1.0", "hrv": "2.1.0", "activity_detection": "2.1.0",
}  # fmt: skip


def ids(response) -> list[int]:
    return [entry["id"] for entry in response.json()["objects"]]


def make_algo(algorithms: dict, created: datetime) -> Algo:
    algo = Algo.objects.create(algorithms=algorithms)
    Algo.objects.filter(pk=algo.pk).update(created=created)
    return algo


@pytest.fixture
def algos(db):
    """Three algorithm sets, as processing would leave them."""
    return [
        make_algo({"ecg": "1.0.0"}, datetime(2015, 3, 1, 12, 0, 0, tzinfo=UTC)),
        make_algo(VERSIONS_2017, datetime(2017, 4, 18, 13, 42, 38, 555000, tzinfo=UTC)),
        make_algo({"ecg": "3.0.0", "hrv": "3.0.1"}, datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)),
    ]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_detail_renders_versions_and_creation_time(api, alice, algos, prefix):
    algo = algos[1]
    response = api.get(f"{prefix}algo/{algo.pk}/", alice)
    assert response.status_code == 200
    assert response.json() == {
        "algorithms": VERSIONS_2017,
        "created": "2017-04-18T13:42:38+00:00",
        "id": algo.pk,
        "resource_uri": f"{prefix}algo/{algo.pk}/",
    }


def test_empty_list_envelope(api, alice):
    assert api.get("/api/algo/", alice).json() == {
        "meta": {"limit": 20, "next": None, "offset": 0, "previous": None, "total_count": 0},
        "objects": [],
    }


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_envelope(api, alice, algos, prefix):
    body = api.get(f"{prefix}algo/", alice, {"limit": 2}).json()
    first, second, _ = (a.pk for a in algos)
    assert body["meta"] == {
        "limit": 2,
        "next": f"{prefix}algo/?limit=2&offset=2",
        "offset": 0,
        "previous": None,
        "total_count": 3,
    }
    assert [o["resource_uri"] for o in body["objects"]] == [
        f"{prefix}algo/{first}/",
        f"{prefix}algo/{second}/",
    ]
    assert body["objects"][0]["algorithms"] == {"ecg": "1.0.0"}


def test_paging_links_keep_the_filters(api, alice, algos):
    low = algos[0].pk
    params = {"id__gte": low, "limit": 1, "offset": 1}
    meta = api.get("/api/algo/", alice, params).json()["meta"]
    assert meta["next"] == f"/api/algo/?id__gte={low}&limit=1&offset=2"
    assert meta["previous"] == f"/api/algo/?id__gte={low}&limit=1&offset=0"


def test_every_user_sees_the_algorithm_sets(api, carol, algos):
    assert ids(api.get("/api/algo/", carol)) == [a.pk for a in algos]


@pytest.mark.parametrize(
    ("lookup", "picks"),
    [
        ("exact", lambda a, b, c: ([b], [b])),
        ("in", lambda a, b, c: ([a, c], [a, c])),
        ("gt", lambda a, b, c: ([a], [b, c])),
        ("gte", lambda a, b, c: ([b], [b, c])),
        ("lt", lambda a, b, c: ([c], [a, b])),
        ("lte", lambda a, b, c: ([b], [a, b])),
        ("range", lambda a, b, c: ([a, b], [a, b])),
    ],
)
def test_id_filters(api, alice, algos, lookup, picks):
    values, expected = picks(*(a.pk for a in algos))
    params = {f"id__{lookup}": ",".join(map(str, values))}
    assert ids(api.get("/api/algo/", alice, params)) == expected


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"id": "abc"}, "'id'"),
        ({"id": "99999999999999999999999"}, "'id'"),
        ({"id__isnull": "true"}, "'isnull'"),
        ({"created__gt": "2016-01-01"}, "'created'"),
        ({"algorithms": "x"}, "'algorithms'"),
        ({"order_by": "id"}, "'id'"),
        ({"order_by": "-created"}, "'created'"),
    ],
)
def test_bad_filters_and_ordering_are_explained_400s(api, alice, algos, params, named):
    response = api.get("/api/algo/", alice, params)
    assert response.status_code == 400
    assert named in response.json()["error"]


@pytest.mark.parametrize("path", ["/api/algo/999999/", "/api/v1/algo/abc/"])
def test_unknown_algo_is_a_json_404(api, alice, path):
    response = api.get(path, alice)
    assert response.status_code == 404
    assert response.json()["error"]


@pytest.mark.parametrize(
    ("method", "on_detail"),
    [("post", False), ("put", False), ("patch", False), ("delete", False),
     ("post", True), ("put", True), ("patch", True), ("delete", True)],
)  # fmt: skip
def test_writes_are_405_with_allow_and_a_json_error(api, alice, algos, method, on_detail):
    path = f"/api/algo/{algos[0].pk}/" if on_detail else "/api/algo/"
    response = api.call(method, path, alice, {"algorithms": {"ecg": "9.9.9"}})
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json()["error"]
    assert Algo.objects.get(pk=algos[0].pk).algorithms == {"ecg": "1.0.0"}


def test_anonymous_and_wrong_password_are_empty_401s(api, alice, algos):
    for response in (
        api.get("/api/algo/"),
        api.get(f"/api/algo/{algos[0].pk}/"),
        api.get("/api/algo/", HTTP_AUTHORIZATION=basic(alice, "wrong")),
    ):
        assert response.status_code == 401
        assert response.content == b""
