"""`/api/unit/`: the catalogue's units, read-only, as clients list and follow them."""

import pytest

from tests.conftest import basic

PREFIXES = ["/api/", "/api/v1/"]
SEEDED_UNITS = 27


def ids(response) -> list[int]:
    return [entry["id"] for entry in response.json()["objects"]]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_detail_is_the_unit_with_uris_in_the_request_prefix(api, alice, prefix):
    response = api.get(f"{prefix}unit/700/", alice)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "id": 700,
        "info": "",
        "resource_uri": f"{prefix}unit/700/",
        "si_long": "beats per minute",
        "si_short": "bpm",
    }


@pytest.mark.parametrize(
    ("unit_id", "si_long", "si_short"),
    [
        (2, "scale", ""),
        (3, "percent", "%"),
        (102, "meter", "m"),
        (103, "kilometer", "km"),
        (400, "joule", "J"),
        (551, "Calorie", "Cal"),
        (703, "step", "Step"),
        (901, "second", "s"),
    ],
)
def test_hexoskin_unit_ids_name_the_hexoskin_units(api, alice, unit_id, si_long, si_short):
    unit = api.get(f"/api/unit/{unit_id}/", alice).json()
    assert (unit["si_long"], unit["si_short"]) == (si_long, si_short)


def test_scale_unit_explains_itself_in_info(api, alice):
    assert api.get("/api/unit/2/", alice).json()["info"] == "Qualitative scale from 1 to 10"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_envelope_counts_every_unit(api, alice, prefix):
    response = api.get(f"{prefix}unit/", alice)
    assert response.status_code == 200
    body = response.json()
    assert body["meta"] == {
        "limit": 20,
        "next": f"{prefix}unit/?limit=20&offset=20",
        "offset": 0,
        "previous": None,
        "total_count": SEEDED_UNITS,
    }
    assert len(body["objects"]) == 20
    assert body["objects"][0] == {
        "id": 1,
        "info": "Dimensionless code or flag",
        "resource_uri": f"{prefix}unit/1/",
        "si_long": "not applicable",
        "si_short": "NA",
    }


def test_list_is_in_id_order(api, alice):
    listed = ids(api.get("/api/unit/", alice, {"limit": 0}))
    assert listed == sorted(listed)
    assert listed[:6] == [1, 2, 3, 4, 5, 102]
    assert listed[-1] == 1000


def test_last_page_links_back_and_not_forward(api, alice):
    meta = api.get("/api/unit/", alice, {"limit": 20, "offset": 20}).json()["meta"]
    assert meta["next"] is None
    assert meta["previous"] == "/api/unit/?limit=20&offset=0"


def test_paging_links_keep_the_filters(api, alice):
    params = {"name__endswith": "per minute", "limit": 2, "offset": 2}
    meta = api.get("/api/v1/unit/", alice, params).json()["meta"]
    assert meta["total_count"] == 5
    assert meta["next"] == "/api/v1/unit/?name__endswith=per+minute&limit=2&offset=4"
    assert meta["previous"] == "/api/v1/unit/?name__endswith=per+minute&limit=2&offset=0"


def test_limit_zero_means_the_maximum_page(api, alice):
    body = api.get("/api/unit/", alice, {"limit": 0}).json()
    assert body["meta"]["limit"] == 1000
    assert len(body["objects"]) == SEEDED_UNITS


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"id": "700"}, [700]),
        ({"id__exact": "901"}, [901]),
        ({"id__in": "700,901,3"}, [3, 700, 901]),
        ({"id__in": ["700", "901"]}, [700, 901]),
        ({"id__gt": "901"}, [903, 1000]),
        ({"id__gte": "901"}, [901, 903, 1000]),
        ({"id__lt": "3"}, [1, 2]),
        ({"id__lte": "3"}, [1, 2, 3]),
        ({"id__range": "700,703"}, [700, 701, 702, 703]),
        ({"name": "beats per minute"}, [700]),
        ({"name__exact": "second"}, [901]),
        ({"name__in": "meter,kilometer"}, [102, 103]),
        ({"name__contains": "second"}, [104, 900, 901, 903]),
        ({"name__startswith": "milli"}, [300, 301, 600, 801, 1000]),
        ({"name__endswith": "per minute"}, [301, 700, 701, 702, 1000]),
        ({"name": "furlong"}, []),
    ],
)
def test_filters(api, alice, params, expected):
    response = api.get("/api/unit/", alice, params)
    assert response.status_code == 200
    assert ids(response) == expected
    assert response.json()["meta"]["total_count"] == len(expected)


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"id": "abc"}, "'id'"),
        ({"id": "99999999999999999999999"}, "'id'"),
        ({"id__in": "700,x"}, "'id'"),
        ({"id__range": "700"}, "'id'"),
        ({"id__isnull": "true"}, "'isnull'"),
        ({"name__icontains": "meter"}, "'icontains'"),
        ({"si_short": "bpm"}, "'si_short'"),
        ({"offset": "abc"}, "offset"),
        ({"limit": "-1"}, "limit"),
    ],
)
def test_bad_filters_are_explained_400s(api, alice, params, named):
    response = api.get("/api/unit/", alice, params)
    assert response.status_code == 400
    assert named in response.json()["error"]


@pytest.mark.parametrize("order_by", ["id", "-si_long", "name"])
def test_units_declare_no_ordering(api, alice, order_by):
    response = api.get("/api/unit/", alice, {"order_by": order_by})
    assert response.status_code == 400
    assert f"'{order_by.removeprefix('-')}'" in response.json()["error"]


def test_unknown_parameters_are_ignored(api, alice):
    response = api.get("/api/unit/", alice, {"format": "json", "whatever": "1"})
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == SEEDED_UNITS


@pytest.mark.parametrize("path", ["/api/unit/999999/", "/api/v1/unit/999999/", "/api/unit/abc/"])
def test_unknown_unit_is_a_json_404(api, alice, path):
    response = api.get(path, alice)
    assert response.status_code == 404
    assert response.json()["error"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/unit/"),
        ("put", "/api/unit/"),
        ("patch", "/api/unit/"),
        ("delete", "/api/unit/"),
        ("post", "/api/unit/700/"),
        ("put", "/api/unit/700/"),
        ("patch", "/api/unit/700/"),
        ("delete", "/api/unit/700/"),
    ],
)
def test_writes_are_405_with_allow_and_a_json_error(api, alice, method, path):
    response = api.call(method, path, alice, {"si_long": "furlong", "si_short": "fur"})
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert method.upper() in response.json()["error"]
    assert api.get("/api/unit/700/", alice).json()["si_long"] == "beats per minute"


@pytest.mark.parametrize("path", ["/api/unit/", "/api/unit/700/", "/api/v1/unit/"])
def test_anonymous_callers_get_an_empty_401(api, path):
    response = api.get(path)
    assert response.status_code == 401
    assert response.content == b""


def test_wrong_password_is_an_empty_401(api, alice):
    response = api.get("/api/unit/", HTTP_AUTHORIZATION=basic(alice, "wrong-password"))
    assert response.status_code == 401
    assert response.content == b""


def test_every_user_sees_the_same_catalogue(api, alice, carol):
    assert api.get("/api/unit/", carol).json() == api.get("/api/unit/", alice).json()
