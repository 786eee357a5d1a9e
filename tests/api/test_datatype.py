"""`/api/datatype/`: the kinds of series, with their frequencies and units (read-only).

Clients hard-code datatype ids (19 heart rate, 4113 ECG) and read `freq` or the deprecated
`hexo_freq` (ticks of 1/256 s between samples) and `dataid` (= id); see API.md 2.7 and 7 Q2.
"""

import pytest

from tests.conftest import basic

PREFIXES = ["/api/", "/api/v1/"]
SEEDED_DATATYPES = 55
HRV_IDS = [271, 272, 273, 274, 275, 276, 277, 278]
EVENT_IDS = [17, 18, 34, 35, 52, 97, 208, 209, 269, 270, 280, 318, 319, 1004, 4096]


def ids(response) -> list[int]:
    return [entry["id"] for entry in response.json()["objects"]]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_heart_rate_detail(api, alice, prefix):
    response = api.get(f"{prefix}datatype/19/", alice)
    assert response.status_code == 200
    assert response.json() == {
        "dataid": 19,
        "freq": 1,
        "hexo_freq": 256,
        "id": 19,
        "info": "",
        "name": "heart_rate",
        "resource_uri": f"{prefix}datatype/19/",
        "unit": f"{prefix}unit/700/",
        "unit_raw": f"{prefix}unit/700/",
    }


def test_ecg_detail(api, alice):
    assert api.get("/api/v1/datatype/4113/", alice).json() == {
        "dataid": 4113,
        "freq": 256,
        "hexo_freq": 1,
        "id": 4113,
        "info": "",
        "name": "ECG_I",
        "resource_uri": "/api/v1/datatype/4113/",
        "unit": "/api/v1/unit/600/",
        "unit_raw": "/api/v1/unit/5/",
    }


def test_rr_interval_is_an_event_series_without_frequency(api, alice):
    assert api.get("/api/datatype/18/", alice).json() == {
        "dataid": 18,
        "freq": None,
        "hexo_freq": None,
        "id": 18,
        "info": "Time between beats",
        "name": "RR_interval",
        "resource_uri": "/api/datatype/18/",
        "unit": "/api/unit/901/",
        "unit_raw": "/api/unit/900/",
    }


@pytest.mark.parametrize(
    ("datatype_id", "name", "freq", "hexo_freq"),
    [
        (16, "ECG_CHANNEL_CHAR", 256, 1),
        (33, "breathing_rate", 1, 256),
        (4129, "respiration_thoracic", 128, 2),
        (4130, "respiration_abdominal", 128, 2),
        (4145, "acceleration_X", 64, 4),
        (4147, "acceleration_Z", 64, 4),
        (64, "PPG", 64, 4),
    ],
)
def test_sampled_series_have_whole_integer_frequencies(
    api, alice, datatype_id, name, freq, hexo_freq
):
    datatype = api.get(f"/api/datatype/{datatype_id}/", alice).json()
    assert (datatype["name"], datatype["freq"], datatype["hexo_freq"]) == (name, freq, hexo_freq)
    assert type(datatype["freq"]) is int
    assert type(datatype["hexo_freq"]) is int
    assert datatype["dataid"] == datatype["id"] == datatype_id


def test_hrv_series_are_sampled_every_300_seconds(api, alice):
    response = api.get("/api/datatype/", alice, {"id__in": ",".join(map(str, HRV_IDS))})
    objects = response.json()["objects"]
    assert [o["id"] for o in objects] == HRV_IDS
    for datatype in objects:
        assert datatype["freq"] == pytest.approx(1 / 300, rel=1e-12)
        assert type(datatype["freq"]) is float
        assert datatype["hexo_freq"] == 76800
        assert type(datatype["hexo_freq"]) is int


def test_rendered_json_spells_whole_frequencies_without_a_decimal_point(api, alice):
    body = api.get("/api/datatype/4113/", alice).content
    assert b'"freq":256,' in body
    assert b'"hexo_freq":1,' in body


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_envelope(api, alice, prefix):
    body = api.get(f"{prefix}datatype/", alice, {"limit": 3}).json()
    assert body["meta"] == {
        "limit": 3,
        "next": f"{prefix}datatype/?limit=3&offset=3",
        "offset": 0,
        "previous": None,
        "total_count": SEEDED_DATATYPES,
    }
    assert [o["resource_uri"] for o in body["objects"]] == [
        f"{prefix}datatype/16/",
        f"{prefix}datatype/17/",
        f"{prefix}datatype/18/",
    ]
    assert body["objects"][2]["unit_raw"] == f"{prefix}unit/900/"


def test_the_whole_catalogue_fits_a_limit_zero_page(api, alice):
    """hexo-muse and the docs list datatypes with `limit=0` or `limit=105`."""
    for limit in (0, 105):
        body = api.get("/api/datatype/", alice, {"limit": limit}).json()
        assert body["meta"]["next"] is None
        assert len(body["objects"]) == SEEDED_DATATYPES
    listed = ids(api.get("/api/datatype/", alice, {"limit": 0}))
    assert listed == sorted(listed)
    assert {19, 33, 4113, 4129, 4145, 18} <= set(listed)


def test_paging_walks_every_datatype_once(api, alice):
    seen, path = [], "/api/datatype/?limit=20"
    while path:
        body = api.get(path, alice).json()
        seen += [o["id"] for o in body["objects"]]
        path = body["meta"]["next"]
    assert len(seen) == len(set(seen)) == SEEDED_DATATYPES


def test_paging_links_keep_the_filters(api, alice):
    meta = api.get("/api/datatype/", alice, {"freq": "1", "limit": 5, "offset": 5}).json()["meta"]
    assert meta["next"] == "/api/datatype/?freq=1&limit=5&offset=10"
    assert meta["previous"] == "/api/datatype/?freq=1&limit=5&offset=0"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"id": "19"}, [19]),
        ({"id__exact": "4113"}, [4113]),
        ({"id__in": "19,33,4113"}, [19, 33, 4113]),
        ({"id__in": ["4145", "4146"]}, [4145, 4146]),
        ({"id__gt": "4129"}, [4130, 4145, 4146, 4147]),
        ({"id__gte": "4145"}, [4145, 4146, 4147]),
        ({"id__lt": "19"}, [16, 17, 18]),
        ({"id__lte": "19"}, [16, 17, 18, 19]),
        ({"id__range": "4113,4115"}, [4113, 4114, 4115]),
        ({"freq": "64"}, [64, 4145, 4146, 4147]),
        ({"freq__exact": "128"}, [4129, 4130]),
        ({"freq__in": "128,256"}, [16, 4113, 4114, 4115, 4129, 4130]),
        ({"freq__gt": "100"}, [16, 4113, 4114, 4115, 4129, 4130]),
        ({"freq__gte": "128"}, [16, 4113, 4114, 4115, 4129, 4130]),
        ({"freq__lt": "1"}, HRV_IDS),
        ({"freq__lte": "0.004"}, HRV_IDS),
        ({"freq__range": "60,130"}, [64, 4129, 4130, 4145, 4146, 4147]),
        ({"freq__isnull": "true"}, EVENT_IDS),
        ({"name": "heart_rate"}, [19]),
        ({"name__exact": "RR_interval"}, [18]),
        ({"name__in": "heart_rate,ECG_I,breathing_rate"}, [19, 33, 4113]),
        ({"name__contains": "HRV"}, [273, 275, 276, 277]),
        ({"name__startswith": "acceleration_"}, [4145, 4146, 4147]),
        ({"name__endswith": "_quality"}, [1000, 1001, 1002, 1004, 1005, 1006]),
        ({"name": "heart_rate", "freq": "1"}, [19]),
        ({"name": "heart_rate", "freq": "256"}, []),
        ({"show_all": "true", "id": "19"}, [19]),
    ],
)
def test_filters(api, alice, params, expected):
    response = api.get("/api/datatype/", alice, {**params, "limit": 0})
    assert response.status_code == 200
    assert ids(response) == expected
    assert response.json()["meta"]["total_count"] == len(expected)


def test_freq_isnull_false_lists_the_sampled_series(api, alice):
    listed = ids(api.get("/api/datatype/", alice, {"freq__isnull": "false", "limit": 0}))
    assert len(listed) == SEEDED_DATATYPES - len(EVENT_IDS)
    assert not set(listed) & set(EVENT_IDS)


def test_comma_may_be_percent_encoded(api, alice):
    response = api.get("/api/datatype/?id__in=19%2C33", alice)
    assert ids(response) == [19, 33]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"id": "abc"}, "'id'"),
        ({"id": "99999999999999999999999"}, "'id'"),
        ({"id__in": "19,99999999999999999999999"}, "'id'"),
        ({"id": "19.5"}, "'id'"),
        ({"freq__gt": "x"}, "'freq'"),
        ({"freq__in": "128,x"}, "'freq'"),
        ({"freq__range": "1"}, "'freq'"),
        ({"freq__isnull": "maybe"}, "'freq'"),
        ({"name__icontains": "ecg"}, "'icontains'"),
        ({"name__gt": "a"}, "'gt'"),
        ({"hexo_freq": "1"}, "'hexo_freq'"),
        ({"unit": "700"}, "'unit'"),
        ({"dataid": "19"}, "'dataid'"),
    ],
)
def test_bad_filters_are_explained_400s(api, alice, params, named):
    response = api.get("/api/datatype/", alice, params)
    assert response.status_code == 400
    assert named in response.json()["error"]


@pytest.mark.parametrize("order_by", ["id", "-id", "name", "freq"])
def test_datatypes_declare_no_ordering(api, alice, order_by):
    response = api.get("/api/datatype/", alice, {"order_by": order_by})
    assert response.status_code == 400
    assert f"'{order_by.removeprefix('-')}'" in response.json()["error"]


@pytest.mark.parametrize("path", ["/api/datatype/22/", "/api/datatype/99999/", "/api/datatype/x/"])
def test_unknown_datatype_is_a_json_404(api, alice, path):
    response = api.get(path, alice)
    assert response.status_code == 404
    assert response.json()["error"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/datatype/"),
        ("put", "/api/datatype/"),
        ("patch", "/api/datatype/"),
        ("delete", "/api/datatype/"),
        ("post", "/api/datatype/19/"),
        ("put", "/api/datatype/19/"),
        ("patch", "/api/datatype/19/"),
        ("delete", "/api/datatype/19/"),
    ],
)
def test_writes_are_405_with_allow_and_a_json_error(api, alice, method, path):
    response = api.call(method, path, alice, {"name": "heart_rate_v2", "freq": 2})
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert "not allowed" in response.json()["error"]
    assert api.get("/api/datatype/19/", alice).json()["name"] == "heart_rate"


def test_anonymous_callers_get_an_empty_401(api):
    for path in ("/api/datatype/", "/api/datatype/19/"):
        response = api.get(path)
        assert response.status_code == 401
        assert response.content == b""


def test_wrong_password_is_an_empty_401(api, alice):
    response = api.get("/api/datatype/19/", HTTP_AUTHORIZATION=basic(alice, "not-it"))
    assert response.status_code == 401
    assert response.content == b""


def test_responses_are_not_cached_by_shared_caches(api, alice):
    cache_control = api.get("/api/datatype/19/", alice)["Cache-Control"]
    assert "private" in cache_control
    assert "no-cache" in cache_control
