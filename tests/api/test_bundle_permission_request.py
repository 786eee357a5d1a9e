"""`/api/bundle_permission_request/`: asking for a grant by email, redeemed by token.

List GET, POST; detail (addressed by token) GET, PUT (empty: redeem), DELETE (cancel).
bob asks alice to let him see her data; only alice redeems, once, before it expires; carol
sees nothing of it.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from openhexo.accounts.models import BundlePermission, BundlePermissionRequest, PermissionBundle
from openhexo.records.models import Range

NOT_FOUND = {"error": "No such object, or it is not visible to you."}
WEEK = 7 * 24 * 3600


def user_uri(user, prefix: str = "/api/") -> str:
    return f"{prefix}user/{user.pk}/"


def bundle_uri(name: str, prefix: str = "/api/") -> str:
    return f"{prefix}bundle/{PermissionBundle.objects.get(name=name).pk}/"


@pytest.fixture(autouse=True)
def public_url(settings):
    settings.PUBLIC_URL = "https://hexo.example"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def asked(api, alice, bob, committed) -> dict:
    """bob's request for alice's friend grant, as the POST answered it."""
    body = {"user_target": "alice@example.com", "bundle": bundle_uri("friend")}
    with committed():
        response = api.post("/api/bundle_permission_request/", bob, data=body)
    assert response.status_code == 201, response.content
    return response.json()


def token_of(asked: dict) -> str:
    return asked["resource_uri"].split("/")[-2]


def expected(token: str, ttl, bob, alice, bundle: str = "friend", prefix: str = "/api/") -> dict:
    return {
        "bundle": bundle_uri(bundle, prefix),
        "redeem_url": f"https://hexo.example/api/bundle_permission_request/{token}/",
        "resource_uri": f"{prefix}bundle_permission_request/{token}/",
        "ttl": ttl,
        "user_allowed": user_uri(bob, prefix),
        "user_target": user_uri(alice, prefix),
    }


# --- asking ----------------------------------------------------------------------------------


def test_post_creates_a_request_and_emails_the_owner(api, alice, bob, committed):
    body = {"user_target": "alice@example.com", "bundle": bundle_uri("friend")}
    with committed():
        response = api.post("/api/bundle_permission_request/", bob, data=body)
    assert response.status_code == 201
    stored = BundlePermissionRequest.objects.get()
    assert response["Location"] == f"/api/bundle_permission_request/{stored.token}/"
    answer = response.json()
    assert WEEK - 5 <= answer["ttl"] <= WEEK
    assert answer == expected(stored.token, answer["ttl"], bob, alice)
    assert (stored.requested_by, stored.user_target, stored.user_allowed) == (bob, alice, bob)
    [email] = mail.outbox
    assert email.to == ["alice@example.com"]
    assert answer["redeem_url"] in email.body
    assert not BundlePermission.objects.exists()


def test_post_under_v1_keeps_the_public_redeem_url(api, alice, bob):
    body = {"user_target": alice.pk, "bundle": bundle_uri("coach", "/api/v1/"), "ttl": 3600}
    response = api.post("/api/v1/bundle_permission_request/", bob, data=body)
    assert response.status_code == 201
    token = BundlePermissionRequest.objects.get().token
    answer = response.json()
    assert 3595 <= answer["ttl"] <= 3600
    assert answer == expected(token, answer["ttl"], bob, alice, "coach", "/api/v1/")


def test_post_may_ask_for_someone_else(api, alice, bob, carol):
    body = {
        "user_target": alice.pk,
        "user_allowed": user_uri(carol),
        "bundle": bundle_uri("viewer"),
    }
    response = api.post("/api/bundle_permission_request/", bob, data=body)
    assert response.json()["user_allowed"] == user_uri(carol)
    assert BundlePermissionRequest.objects.get().requested_by == bob


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ttl": 0}, "The 'ttl' field expects seconds from 1 to 7776000."),
        ({"ttl": -60}, "The 'ttl' field expects seconds from 1 to 7776000."),
        ({"ttl": 10**12}, "The 'ttl' field expects seconds from 1 to 7776000."),
        ({"ttl": "soon"}, "The 'ttl' field expects an integer"),
        ({"user_target": "nobody@example.com"}, "'user_target'"),
        ({"user_target": None}, "'user_target'"),
        ({"bundle": 99999}, "'bundle'"),
        ({"user_target": "bob@example.com"}, "cannot be asked to share their data with themselves"),
    ],
)
def test_bad_requests_are_400_create_nothing_and_send_nothing(
    api, alice, bob, committed, change, message
):
    body = {"user_target": alice.pk, "bundle": bundle_uri("friend")} | change
    with committed():
        response = api.post("/api/bundle_permission_request/", bob, data=body)
    assert response.status_code == 400, response.content
    assert message in response.json()["error"]
    assert not BundlePermissionRequest.objects.exists()
    assert mail.outbox == []


def test_asking_needs_a_login(api, alice):
    body = {"user_target": alice.pk, "bundle": bundle_uri("friend")}
    response = api.post("/api/bundle_permission_request/", data=body)
    assert (response.status_code, response.content) == (401, b"")
    assert not BundlePermissionRequest.objects.exists()


# --- inspecting ------------------------------------------------------------------------------


def test_requester_and_target_inspect_it(api, alice, bob, asked):
    for user in (alice, bob):
        response = api.get(asked["resource_uri"], user)
        assert response.status_code == 200
        assert response.json() == asked | {"ttl": response.json()["ttl"]}
        listed = api.get("/api/bundle_permission_request/", user).json()
        assert [obj["resource_uri"] for obj in listed["objects"]] == [asked["resource_uri"]]


def test_carol_sees_nothing_of_it(api, carol, asked):
    response = api.get(asked["resource_uri"], carol)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert api.get("/api/bundle_permission_request/", carol).json()["objects"] == []


@pytest.mark.parametrize("token", ["no-such-token", "x" * 65, "bad.token"])
def test_unknown_or_malformed_tokens_are_404(api, alice, token):
    response = api.get(f"/api/bundle_permission_request/{token}/", alice)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


# --- redeeming -------------------------------------------------------------------------------


def test_empty_put_by_the_owner_redeems(api, alice, bob, asked):
    Range.objects.create(user=alice, name="walk", start=0)
    assert api.get("/api/range/", bob).json()["objects"] == []
    response = api.put(asked["resource_uri"], alice)
    assert response.status_code == 200, response.content
    assert response.json() == asked | {"ttl": None}
    permission = BundlePermission.objects.get()
    assert (permission.user_target, permission.user_allowed) == (alice, bob)
    assert permission.bundle.name == "friend"
    assert [obj["name"] for obj in api.get("/api/range/", bob).json()["objects"]] == ["walk"]


def test_put_of_the_object_as_read_also_redeems(api, alice, asked):
    response = api.put(asked["resource_uri"], alice, data=asked | {"user_allowed": alice.pk})
    assert response.status_code == 200
    assert BundlePermission.objects.get().user_allowed.email == "bob@example.com"


def test_second_redemption_is_refused(api, alice, asked):
    assert api.put(asked["resource_uri"], alice).status_code == 200
    response = api.put(asked["resource_uri"], alice)
    assert response.status_code == 400
    assert response.json() == {"error": "This request has already been redeemed."}
    assert BundlePermission.objects.count() == 1


def test_the_requester_cannot_redeem(api, alice, bob, asked):
    response = api.put(asked["resource_uri"], bob)
    assert response.status_code == 403
    assert response.json() == {
        "error": "Only the user whose data is asked for may redeem this request."
    }
    assert not BundlePermission.objects.exists()
    assert BundlePermissionRequest.objects.get().redeemed is None


def test_a_stranger_cannot_redeem(api, carol, asked):
    response = api.put(asked["resource_uri"], carol)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert not BundlePermission.objects.exists()


def test_an_expired_request_cannot_be_redeemed(api, alice, asked):
    past = timezone.now() - timedelta(seconds=1)
    BundlePermissionRequest.objects.update(expires=past)
    assert api.get(asked["resource_uri"], alice).json()["ttl"] == 0
    response = api.put(asked["resource_uri"], alice)
    assert response.status_code == 400
    assert response.json() == {"error": "This request has expired."}
    assert not BundlePermission.objects.exists()


def test_a_body_that_is_no_object_is_400(api, alice, asked):
    response = api.put(asked["resource_uri"], alice, data=[1, 2])
    assert response.status_code == 400
    assert not BundlePermission.objects.exists()


# --- cancelling ------------------------------------------------------------------------------


@pytest.mark.parametrize("side", ["requester", "target"])
def test_either_side_cancels(api, alice, bob, asked, side):
    response = api.delete(asked["resource_uri"], bob if side == "requester" else alice)
    assert (response.status_code, response.content) == (204, b"")
    assert not BundlePermissionRequest.objects.exists()
    assert api.put(asked["resource_uri"], alice).status_code == 404
    assert not BundlePermission.objects.exists()


def test_a_stranger_cannot_cancel(api, carol, asked):
    response = api.delete(asked["resource_uri"], carol)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert BundlePermissionRequest.objects.exists()


def test_cancelling_a_redeemed_request_keeps_the_grant(api, alice, bob, asked):
    api.put(asked["resource_uri"], alice)
    assert api.delete(asked["resource_uri"], bob).status_code == 204
    assert BundlePermission.objects.exists()


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("put", "/api/bundle_permission_request/", "GET,POST"),
        ("delete", "/api/bundle_permission_request/", "GET,POST"),
        ("patch", "/api/bundle_permission_request/", "GET,POST"),
        ("patch", "{uri}", "GET,PUT,DELETE"),
        ("post", "{uri}", "GET,PUT,DELETE"),
    ],
)
def test_other_methods_are_405(api, alice, asked, method, path, allow):
    path = path.format(uri=asked["resource_uri"])
    response = api.delete(path, alice) if method == "delete" else getattr(api, method)(path, alice)
    assert response.status_code == 405
    assert response["Allow"] == allow
    assert BundlePermissionRequest.objects.get().redeemed is None
