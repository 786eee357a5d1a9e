"""`/api/bundle/`: the named permission sets (list and detail GET, seen by every signed-in user)."""

import pytest

from openhexo.accounts.models import PermissionBundle


def bundle_json(name: str, prefix: str = "/api/") -> dict:
    pk = PermissionBundle.objects.get(name=name).pk
    return {"id": pk, "name": name, "resource_uri": f"{prefix}bundle/{pk}/"}


def test_list_holds_the_seeded_bundles(api, carol):
    response = api.get("/api/bundle/", carol)
    assert response.status_code == 200
    body = response.json()
    assert body["meta"]["total_count"] == 3
    assert body["objects"] == [bundle_json("friend"), bundle_json("viewer"), bundle_json("coach")]


def test_detail_under_both_prefixes(api, carol):
    coach = bundle_json("coach")
    assert api.get(coach["resource_uri"], carol).json() == coach
    v1 = api.get(f"/api/v1/bundle/{coach['id']}/", carol).json()
    assert v1 == bundle_json("coach", "/api/v1/")


def test_missing_bundle_is_404(api, carol):
    response = api.get("/api/bundle/99999/", carol)
    assert response.status_code == 404
    assert response.json() == {"error": "No such object, or it is not visible to you."}


def test_anonymous_callers_get_an_empty_401(api, db):
    response = api.get("/api/bundle/")
    assert (response.status_code, response.content) == (401, b"")


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("post", "/api/bundle/", "GET"),
        ("put", "/api/bundle/{pk}/", "GET"),
        ("delete", "/api/bundle/{pk}/", "GET"),
    ],
)
def test_bundles_cannot_be_changed(api, alice, method, path, allow):
    coach = PermissionBundle.objects.get(name="coach")
    path = path.format(pk=coach.pk)
    if method == "delete":
        response = api.delete(path, alice)
    else:
        response = getattr(api, method)(path, alice, data={"name": "admin"})
    assert response.status_code == 405
    assert response["Allow"] == allow
    assert "error" in response.json()
    assert PermissionBundle.objects.filter(pk=coach.pk, name="coach", can_write=True).exists()
    assert PermissionBundle.objects.count() == 3
