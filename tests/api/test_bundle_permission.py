"""`/api/bundle_permission/`: grants between users (list POST, GET; detail GET, DELETE).

Only the owner of the data grants (user_target is the caller); both sides see a grant and
either ends it. A friend grant lets bob read alice's ranges and records, a coach grant lets
him change them; carol sees nothing throughout.
"""

import pytest

from openhexo.accounts.models import BundlePermission, PermissionBundle
from openhexo.records.models import Range, Record

START = 369592079271  # 2015-10-01T17:04:19.5 UTC
NOT_FOUND = {"error": "No such object, or it is not visible to you."}
OWNER_ONLY = (
    "Only the owner of the data grants access to it: 'user_target' must be you. "
    "Ask the owner with a bundle_permission_request."
)


def user_uri(user, prefix: str = "/api/") -> str:
    return f"{prefix}user/{user.pk}/"


def bundle_of(name: str) -> PermissionBundle:
    return PermissionBundle.objects.get(name=name)


def nested(name: str, prefix: str = "/api/") -> dict:
    pk = bundle_of(name).pk
    return {"id": pk, "name": name, "resource_uri": f"{prefix}bundle/{pk}/"}


def granted(owner, grantee, name: str = "friend") -> BundlePermission:
    return BundlePermission.objects.create(
        bundle=bundle_of(name), user_target=owner, user_allowed=grantee
    )


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [int(obj["resource_uri"].split("/")[-2]) for obj in response.json()["objects"]]


@pytest.fixture
def walk(alice):
    return Range.objects.create(user=alice, name="walk", start=START, end=START + 256 * 60)


@pytest.fixture
def recording(alice):
    return Record.objects.create(user=alice, start=START, end=START + 256 * 3600)


# --- granting --------------------------------------------------------------------------------


def test_owner_grants_a_friend(api, alice, bob):
    body = {"bundle": f"/api/bundle/{bundle_of('friend').pk}/", "user_allowed": user_uri(bob)}
    response = api.post("/api/bundle_permission/", alice, data=body | {"name": "Bob"})
    assert response.status_code == 201, response.content
    permission = BundlePermission.objects.get()
    assert response["Location"] == f"/api/bundle_permission/{permission.pk}/"
    assert response.json() == {
        "bundle": nested("friend"),
        "name": "Bob",
        "resource_uri": f"/api/bundle_permission/{permission.pk}/",
        "user_allowed": user_uri(bob),
        "user_target": user_uri(alice),
    }
    assert (permission.user_target, permission.user_allowed) == (alice, bob)


def test_grant_takes_ids_emails_and_the_caller_as_explicit_target(api, alice, bob):
    body = {
        "bundle": bundle_of("coach").pk,
        "user_allowed": "bob@example.com",
        "user_target": user_uri(alice, "/api/v1/"),
    }
    response = api.post("/api/v1/bundle_permission/", alice, data=body)
    assert response.status_code == 201, response.content
    assert response.json()["bundle"] == nested("coach", "/api/v1/")
    assert response.json()["user_allowed"] == user_uri(bob, "/api/v1/")
    assert response.json()["name"] is None


def test_bob_cannot_grant_himself_access_to_alice(api, alice, bob):
    body = {"bundle": bundle_of("coach").pk, "user_allowed": bob.pk, "user_target": alice.pk}
    response = api.post("/api/bundle_permission/", bob, data=body)
    assert response.status_code == 403
    assert response.json() == {"error": OWNER_ONLY}
    assert not BundlePermission.objects.exists()


@pytest.mark.parametrize("bundle", ["friend", "coach"])
def test_a_grantee_cannot_pass_access_on(api, alice, bob, carol, bundle):
    granted(alice, bob, bundle)
    body = {"bundle": bundle_of("friend").pk, "user_allowed": carol.pk, "user_target": alice.pk}
    response = api.post("/api/bundle_permission/", bob, data=body)
    assert response.json() == {"error": OWNER_ONLY}
    assert BundlePermission.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"user_allowed": "alice@example.com"}, "A user cannot be granted access to their own"),
        ({"user_allowed": "nobody@example.com"}, "'user_allowed'"),
        ({"user_allowed": 99999999}, "'user_allowed'"),
        ({"bundle": 99999}, "'bundle'"),
        ({"bundle": None}, "'bundle'"),
        ({"name": "x" * 151}, "'name'"),
    ],
)
def test_bad_grants_are_400_and_create_nothing(api, alice, bob, body, message):
    data = {"bundle": bundle_of("friend").pk, "user_allowed": bob.pk} | body
    response = api.post("/api/bundle_permission/", alice, data=data)
    assert response.status_code == 400, response.content
    assert message in response.json()["error"]
    assert not BundlePermission.objects.exists()


def test_missing_grantee_is_400(api, alice):
    response = api.post("/api/bundle_permission/", alice, data={"bundle": 1})
    assert response.status_code == 400
    assert "'user_allowed'" in response.json()["error"]


def test_granting_twice_is_400(api, alice, bob):
    granted(alice, bob)
    body = {"bundle": bundle_of("friend").pk, "user_allowed": bob.pk}
    response = api.post("/api/bundle_permission/", alice, data=body)
    assert response.status_code == 400
    assert response.json() == {"error": "bob@example.com already has the 'friend' permission."}
    assert BundlePermission.objects.count() == 1


def test_granting_needs_a_login(api, alice, bob):
    body = {"bundle": 1, "user_allowed": bob.pk, "user_target": alice.pk}
    response = api.post("/api/bundle_permission/", data=body)
    assert (response.status_code, response.content) == (401, b"")
    assert not BundlePermission.objects.exists()


# --- what a grant shows ----------------------------------------------------------------------


def test_friend_reads_alices_ranges_and_records(api, alice, bob, walk, recording):
    assert api.get("/api/range/", bob).json()["objects"] == []
    assert api.get(f"/api/record/{recording.pk}/", bob).status_code == 404
    granted(alice, bob, "friend")
    assert [obj["id"] for obj in api.get("/api/range/", bob).json()["objects"]] == [walk.pk]
    assert [obj["id"] for obj in api.get("/api/record/", bob).json()["objects"]] == [recording.pk]
    detail = api.get(f"/api/range/{walk.pk}/", bob)
    assert (detail.status_code, detail.json()["name"]) == (200, "walk")
    assert detail.json()["user"] == user_uri(alice)
    record = api.get(f"/api/record/{recording.pk}/", bob)
    assert (record.status_code, record.json()["user"]["email"]) == (200, "alice@example.com")


def test_friend_cannot_change_alices_data(api, alice, bob, walk, recording):
    granted(alice, bob, "friend")
    whole = api.get(f"/api/range/{walk.pk}/", bob).json()
    response = api.put(whole["resource_uri"], bob, data=whole | {"name": "renamed"})
    assert response.status_code == 403
    assert response.json() == {"error": f"You may not update data of user {alice.pk}."}
    response = api.delete(f"/api/range/{walk.pk}/", bob)
    assert response.json() == {"error": f"You may not delete data of user {alice.pk}."}
    response = api.delete(f"/api/record/{recording.pk}/", bob)
    assert response.status_code == 403
    walk.refresh_from_db()
    assert walk.name == "walk"
    assert Record.objects.filter(pk=recording.pk).exists()


def test_coach_changes_alices_data(api, alice, bob, walk, recording):
    granted(alice, bob, "coach")
    whole = api.get(f"/api/range/{walk.pk}/", bob).json()
    response = api.put(whole["resource_uri"], bob, data=whole | {"name": "coached"})
    assert (response.status_code, response.json()["name"]) == (200, "coached")
    response = api.patch(f"/api/record/{recording.pk}/", bob, data={"garment": "shirt"})
    assert (response.status_code, response.json()["garment"]) == (200, "shirt")
    assert api.delete(f"/api/range/{walk.pk}/", bob).status_code == 204
    assert not Range.objects.filter(pk=walk.pk).exists()


@pytest.mark.parametrize("bundle", ["friend", "coach"])
def test_carol_still_sees_nothing(api, alice, bob, carol, walk, recording, bundle):
    granted(alice, bob, bundle)
    assert api.get("/api/range/", carol).json()["objects"] == []
    assert api.get("/api/record/", carol).json()["objects"] == []
    assert api.get(f"/api/range/{walk.pk}/", carol).json() == NOT_FOUND
    response = api.patch(f"/api/range/{walk.pk}/", carol, data={"name": "pwned"})
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert api.get("/api/bundle_permission/", carol).json()["objects"] == []


def test_the_grant_goes_one_way(api, alice, bob):
    Range.objects.create(user=bob, name="bobs", start=START)
    granted(alice, bob, "coach")
    assert api.get("/api/range/", alice).json()["objects"] == []


# --- seeing grants ---------------------------------------------------------------------------


def test_both_sides_see_a_grant_and_nobody_else(api, alice, bob, carol):
    permission = granted(alice, bob)
    expected = {
        "bundle": nested("friend"),
        "name": None,
        "resource_uri": f"/api/bundle_permission/{permission.pk}/",
        "user_allowed": user_uri(bob),
        "user_target": user_uri(alice),
    }
    for user in (alice, bob):
        assert api.get("/api/bundle_permission/", user).json()["objects"] == [expected]
        assert api.get(expected["resource_uri"], user).json() == expected
    assert api.get(expected["resource_uri"], carol).json() == NOT_FOUND


def test_a_friend_does_not_see_the_owners_other_grants(api, alice, bob, carol):
    to_bob = granted(alice, bob, "coach")
    to_carol = granted(alice, carol)
    assert ids(api.get("/api/bundle_permission/", bob)) == [to_bob.pk]
    response = api.get(f"/api/bundle_permission/{to_carol.pk}/", bob)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert api.delete(f"/api/bundle_permission/{to_carol.pk}/", bob).status_code == 404
    assert BundlePermission.objects.filter(pk=to_carol.pk).exists()


def test_filters_by_side_and_bundle(api, alice, bob, carol):
    to_bob = granted(alice, bob)
    to_carol = granted(alice, carol, "coach")
    from_bob = granted(bob, alice, "viewer")

    def listed(**params) -> list[int]:
        return ids(api.get("/api/bundle_permission/", alice, params=params))

    assert listed() == [to_bob.pk, to_carol.pk, from_bob.pk]
    assert listed(user_target=alice.pk) == [to_bob.pk, to_carol.pk]
    assert listed(user_target=user_uri(bob)) == [from_bob.pk]
    assert listed(user_allowed="carol@example.com") == [to_carol.pk]
    assert listed(user_allowed__in=f"{bob.pk},{carol.pk}") == [to_bob.pk, to_carol.pk]
    assert listed(bundle=bundle_of("coach").pk) == [to_carol.pk]
    coach, viewer = bundle_of("coach").pk, bundle_of("viewer").pk
    assert listed(bundle__in=f"{coach},{viewer}") == [to_carol.pk, from_bob.pk]


def test_unknown_filters_are_400(api, alice):
    response = api.get("/api/bundle_permission/", alice, params={"name__contains": "x"})
    assert response.status_code == 400
    assert "error" in response.json()


# --- ending grants ---------------------------------------------------------------------------


@pytest.mark.parametrize("side", ["owner", "grantee"])
def test_either_side_ends_a_grant(api, alice, bob, walk, side):
    permission = granted(alice, bob)
    response = api.delete(
        f"/api/bundle_permission/{permission.pk}/", alice if side == "owner" else bob
    )
    assert (response.status_code, response.content) == (204, b"")
    assert not BundlePermission.objects.exists()
    assert api.get(f"/api/range/{walk.pk}/", bob).json() == NOT_FOUND
    assert api.get("/api/range/", bob).json()["objects"] == []


def test_a_stranger_cannot_end_a_grant(api, alice, bob, carol):
    permission = granted(alice, bob)
    response = api.delete(f"/api/bundle_permission/{permission.pk}/", carol)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert BundlePermission.objects.exists()


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("put", "/api/bundle_permission/", "POST,GET"),
        ("delete", "/api/bundle_permission/", "POST,GET"),
        ("patch", "/api/bundle_permission/", "POST,GET"),
        ("put", "/api/bundle_permission/{pk}/", "GET,DELETE"),
        ("patch", "/api/bundle_permission/{pk}/", "GET,DELETE"),
        ("post", "/api/bundle_permission/{pk}/", "GET,DELETE"),
    ],
)
def test_other_methods_are_405(api, alice, bob, method, path, allow):
    permission = granted(alice, bob)
    path = path.format(pk=permission.pk)
    if method == "delete":
        response = api.delete(path, alice)
    else:
        response = getattr(api, method)(path, alice, data={"user_allowed": alice.pk})
    assert response.status_code == 405
    assert response["Allow"] == allow
    assert BundlePermission.objects.get() == permission
    assert BundlePermission.objects.get().user_allowed == bob
