"""`/api/metric/`: the catalogue of metrics computed over records and ranges (read-only).

Ids follow API.md 5.1 (44 heartrate_avg, 71 step_count...); ZENO-style clients key by name.
"""

import pytest

from tests.conftest import basic

PREFIXES = ["/api/", "/api/v1/"]
SEEDED_METRICS = 35
KPI_IDS = [44, 139]


def ids(response) -> list[int]:
    return [entry["id"] for entry in response.json()["objects"]]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_heartrate_avg_detail(api, alice, prefix):
    response = api.get(f"{prefix}metric/44/", alice)
    assert response.status_code == 200
    assert response.json() == {
        "description": "HR Avg",
        "id": 44,
        "is_kpi": True,
        "name": "heartrate_avg",
        "resource_uri": f"{prefix}metric/44/",
        "type": "value",
        "unit": f"{prefix}unit/700/",
        "value": None,
        "writable": False,
    }


@pytest.mark.parametrize(
    ("metric_id", "name", "unit_id", "metric_type"),
    [
        (1, "activity_avg", 200, "value"),
        (45, "heartrate_histo", 700, "histogram"),
        (46, "heartrate_min", 700, "value"),
        (47, "heartrate_max", 700, "value"),
        (71, "step_count", 703, "value"),
        (139, "energyecg_vo2_kcal", 551, "value"),
        (1032, "SleepTotal_time", 901, "value"),
        (1038, "SleepPositionChanges", 2, "value"),
        (2038, "distance", 102, "value"),
    ],
)
def test_documented_metric_ids(api, alice, metric_id, name, unit_id, metric_type):
    metric = api.get(f"/api/metric/{metric_id}/", alice).json()
    assert metric["name"] == name
    assert metric["unit"] == f"/api/unit/{unit_id}/"
    assert metric["type"] == metric_type
    assert metric["writable"] is False


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_envelope(api, alice, prefix):
    body = api.get(f"{prefix}metric/", alice).json()
    assert body["meta"] == {
        "limit": 20,
        "next": f"{prefix}metric/?limit=20&offset=20",
        "offset": 0,
        "previous": None,
        "total_count": SEEDED_METRICS,
    }
    assert [o["id"] for o in body["objects"][:4]] == [1, 3, 4, 12]
    assert body["objects"][0]["resource_uri"] == f"{prefix}metric/1/"
    assert body["objects"][0]["unit"] == f"{prefix}unit/200/"


def test_second_page(api, alice):
    body = api.get("/api/metric/", alice, {"offset": 20}).json()
    assert body["meta"]["next"] is None
    assert body["meta"]["previous"] == "/api/metric/?limit=20&offset=0"
    assert len(body["objects"]) == SEEDED_METRICS - 20
    assert body["objects"][-1]["name"] == "distance"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"id": "44"}, [44]),
        ({"id__exact": "71"}, [71]),
        ({"id__in": "44,71,139"}, [44, 71, 139]),
        ({"id__gt": "2000"}, [2003, 2038]),
        ({"id__gte": "2003"}, [2003, 2038]),
        ({"id__lt": "4"}, [1, 3]),
        ({"id__lte": "4"}, [1, 3, 4]),
        ({"id__range": "44,47"}, [44, 45, 46, 47]),
        ({"is_kpi": "True"}, KPI_IDS),
        ({"is_kpi": "1"}, KPI_IDS),
        ({"is_kpi__exact": "True"}, KPI_IDS),
        ({"name": "heartrate_avg"}, [44]),
        ({"name__exact": "step_count"}, [71]),
        ({"name__in": "step_count,heartrate_avg"}, [44, 71]),
        ({"name__contains": "heartrate_m"}, [46, 47]),
        ({"name__startswith": "heartrate_"}, [44, 45, 46, 47]),
        ({"name__endswith": "_time"}, [1032, 1033, 1034, 1035, 1036, 1037]),
        ({"name__startswith": "heartrate_", "is_kpi": "1"}, [44]),
        ({"show_all": "true", "id": "44"}, [44]),
    ],
)
def test_filters(api, alice, params, expected):
    response = api.get("/api/metric/", alice, {**params, "limit": 0})
    assert response.status_code == 200
    assert ids(response) == expected


@pytest.mark.parametrize("value", ["False", "0"])
def test_is_kpi_false_lists_the_others(api, alice, value):
    listed = ids(api.get("/api/metric/", alice, {"is_kpi": value, "limit": 0}))
    assert len(listed) == SEEDED_METRICS - len(KPI_IDS)
    assert not set(listed) & set(KPI_IDS)


@pytest.mark.parametrize(("value", "expected"), [("true", KPI_IDS), ("false", None)])
def test_is_kpi_takes_lower_case_booleans(api, alice, value, expected):
    response = api.get("/api/metric/", alice, {"is_kpi": value, "limit": 0})
    assert response.status_code == 200
    if expected is not None:
        assert ids(response) == expected
    else:
        assert len(ids(response)) == SEEDED_METRICS - len(KPI_IDS)


def test_order_by_descending_id(api, alice):
    response = api.get("/api/metric/", alice, {"order_by": "-id", "limit": 3})
    assert ids(response) == [2038, 2003, 1039]
    assert response.json()["meta"]["next"] == "/api/metric/?order_by=-id&limit=3&offset=3"


def test_order_by_ascending_id_and_comma_lists(api, alice):
    assert ids(api.get("/api/metric/", alice, {"order_by": "id", "limit": 3})) == [1, 3, 4]
    assert ids(api.get("/api/metric/", alice, {"order_by": "-id,id", "limit": 2})) == [2038, 2003]
    repeated = api.get("/api/metric/", alice, {"order_by": ["-id", "id"], "limit": 2})
    assert ids(repeated) == [2038, 2003]


@pytest.mark.parametrize("order_by", ["name", "-is_kpi", "id,unit", "nothing"])
def test_ordering_on_other_fields_is_a_400_naming_the_field(api, alice, order_by):
    response = api.get("/api/metric/", alice, {"order_by": order_by})
    assert response.status_code == 400
    refused = order_by.split(",")[-1].removeprefix("-")
    assert f"'{refused}'" in response.json()["error"]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"id": "abc"}, "'id'"),
        ({"id": "99999999999999999999999"}, "'id'"),
        ({"id__in": "44,abc"}, "'id'"),
        ({"is_kpi": "maybe"}, "'is_kpi'"),
        ({"is_kpi__in": "1,0"}, "'in'"),
        ({"name__icontains": "heart"}, "'icontains'"),
        ({"unit": "700"}, "'unit'"),
        ({"type": "value"}, "'type'"),
    ],
)
def test_bad_filters_are_explained_400s(api, alice, params, named):
    response = api.get("/api/metric/", alice, params)
    assert response.status_code == 400
    assert named in response.json()["error"]


@pytest.mark.parametrize("path", ["/api/metric/2/", "/api/metric/99999/", "/api/v1/metric/x/"])
def test_unknown_metric_is_a_json_404(api, alice, path):
    response = api.get(path, alice)
    assert response.status_code == 404
    assert response.json()["error"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/metric/"),
        ("put", "/api/metric/"),
        ("patch", "/api/metric/"),
        ("delete", "/api/metric/"),
        ("post", "/api/metric/44/"),
        ("put", "/api/metric/44/"),
        ("patch", "/api/metric/44/"),
        ("delete", "/api/metric/44/"),
    ],
)
def test_writes_are_405_with_allow_and_a_json_error(api, alice, method, path):
    response = api.call(method, path, alice, {"name": "hr", "value": 60})
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert "not allowed" in response.json()["error"]
    assert api.get("/api/metric/44/", alice).json()["name"] == "heartrate_avg"


def test_anonymous_callers_get_an_empty_401(api):
    response = api.get("/api/metric/")
    assert response.status_code == 401
    assert response.content == b""


def test_wrong_password_is_an_empty_401(api, alice):
    response = api.get("/api/metric/44/", HTTP_AUTHORIZATION=basic(alice, "guess"))
    assert response.status_code == 401
    assert response.content == b""
