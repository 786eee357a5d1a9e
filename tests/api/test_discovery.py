"""`GET /api/` and `/api/v1/`: the listing the official client discovers the API with."""

import pytest

from openhexo.api.resources import RESOURCES

NAMES = sorted(resource._meta.resource_name for resource in RESOURCES)


@pytest.mark.parametrize("prefix", ["/api/", "/api/v1/"])
def test_listing_names_every_resource_in_the_request_prefix(api, prefix):
    response = api.get(prefix)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    listing = response.json()
    assert sorted(listing) == NAMES
    assert listing["record"] == {
        "list_endpoint": f"{prefix}record/",
        "schema": f"{prefix}record/schema/",
    }


def test_listing_and_schemas_need_no_login(api):
    for name in NAMES:
        assert api.get(f"/api/{name}/schema/").status_code == 200, name


def test_fullschema_inlines_each_schema(api):
    listing = api.get("/api/", params={"fullschema": "true"}).json()
    assert listing["range"]["schema"]["allowed_list_http_methods"] == ["get", "post", "patch"]


def test_listing_refuses_writes_in_json(api):
    response = api.post("/api/", data={})
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert "POST is not allowed" in response.json()["error"]


def test_unknown_endpoint_is_a_json_404(api):
    response = api.get("/api/nothing-here/")
    assert response.status_code == 404
    assert "nothing-here" in response.json()["error"]


def test_double_slash_paths_are_served(api, alice):
    """TAPIRIIK-style clients join a base URL ending in '/' with '/api/...'."""
    # The test client would read "//api" as a host name, so the path is set as a server sees it.
    response = api.get("/api/account/", alice, PATH_INFO="//api/account/")
    assert response.status_code == 200
    assert response.json()["objects"][0]["email"] == "alice@example.com"
