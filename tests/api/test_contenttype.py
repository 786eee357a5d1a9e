"""`/api/contenttype/`: the kinds of objects openhexo stores (read-only, API.md 2.21).

Only the project's own models are listed; Django's internals (sessions, permissions) are not.
"""

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.conftest import basic

PREFIXES = ["/api/", "/api/v1/"]
OURS = {
    "user", "profile", "permissionbundle", "team", "unit", "datatype", "metric", "activitytype",
    "trainingroutine", "activityattribute", "algo", "device", "record", "range", "annotation",
    "activityattributevalue", "track", "trackpoint",
}  # fmt: skip
DJANGO_INTERNALS = {"permission", "group", "contenttype", "session", "apikey", "apiaccess"}


def type_id(app_label: str, model: str) -> int:
    return ContentType.objects.get(app_label=app_label, model=model).pk


@pytest.mark.parametrize("prefix", PREFIXES)
def test_detail_names_the_model(api, alice, prefix):
    record = type_id("records", "record")
    response = api.get(f"{prefix}contenttype/{record}/", alice)
    assert response.status_code == 200
    assert response.json() == {"model": "record", "resource_uri": f"{prefix}contenttype/{record}/"}


def test_list_holds_our_models_and_no_django_internals(api, alice):
    body = api.get("/api/contenttype/", alice, {"limit": 0}).json()
    models = [o["model"] for o in body["objects"]]
    assert set(models) >= OURS
    assert not set(models) & DJANGO_INTERNALS
    assert body["meta"]["total_count"] == len(models)
    expected = ContentType.objects.filter(app_label__in=("accounts", "catalog", "records"))
    assert body["meta"]["total_count"] == expected.count()


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_envelope_and_order(api, alice, prefix):
    body = api.get(f"{prefix}contenttype/", alice, {"limit": 2}).json()
    total = body["meta"]["total_count"]
    assert total >= len(OURS)
    assert body["meta"] == {
        "limit": 2,
        "next": f"{prefix}contenttype/?limit=2&offset=2",
        "offset": 0,
        "previous": None,
        "total_count": total,
    }
    listed = [o["resource_uri"] for o in body["objects"]]
    assert all(uri.startswith(f"{prefix}contenttype/") for uri in listed)
    all_ids = [
        int(o["resource_uri"].rstrip("/").rsplit("/", 1)[1])
        for o in api.get(f"{prefix}contenttype/", alice, {"limit": 0}).json()["objects"]
    ]
    assert all_ids == sorted(all_ids)


def test_pages_cover_the_list_once(api, alice):
    seen, path = [], "/api/contenttype/?limit=5"
    while path:
        body = api.get(path, alice).json()
        seen += [o["model"] for o in body["objects"]]
        path = body["meta"]["next"]
    assert len(seen) == len(set(seen)) == body["meta"]["total_count"]


def test_every_user_sees_the_same_list(api, alice, carol):
    assert api.get("/api/contenttype/", carol).json() == api.get("/api/contenttype/", alice).json()


@pytest.mark.parametrize(
    ("params", "named"),
    [({"model": "record"}, "'model'"), ({"order_by": "model"}, "'model'"),
     ({"order_by": "-id"}, "'id'"), ({"limit": "x"}, "limit")],
)  # fmt: skip
def test_no_filtering_or_ordering_is_declared(api, alice, params, named):
    response = api.get("/api/contenttype/", alice, params)
    assert response.status_code == 400
    assert named in response.json()["error"]


def test_django_internal_types_are_404(api, alice):
    response = api.get(f"/api/contenttype/{type_id('sessions', 'session')}/", alice)
    assert response.status_code == 404
    assert response.json()["error"]


@pytest.mark.parametrize("path", ["/api/contenttype/999999/", "/api/v1/contenttype/abc/"])
def test_unknown_type_is_a_json_404(api, alice, path):
    response = api.get(path, alice)
    assert response.status_code == 404
    assert response.json()["error"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("on_detail", [False, True])
def test_writes_are_405_with_allow_and_a_json_error(api, alice, method, on_detail):
    path = f"/api/contenttype/{type_id('records', 'record')}/" if on_detail else "/api/contenttype/"
    response = api.call(method, path, alice, {"model": "hacked"})
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json()["error"]
    assert ContentType.objects.filter(model="record").exists()


def test_anonymous_and_wrong_password_are_empty_401s(api, alice):
    for response in (
        api.get("/api/contenttype/"),
        api.get("/api/contenttype/", HTTP_AUTHORIZATION=basic(alice, "wrong")),
    ):
        assert response.status_code == 401
        assert response.content == b""
