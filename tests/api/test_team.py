"""`/api/team/`: a coach's list of athletes (list GET, POST; detail GET, PUT, PATCH, DELETE).

A new team belongs to its caller and is seen by its owner only. Members are users named by
URI, id, email or nested object; listing a user invites them (an emailed coach
bundle_permission_request) and they appear in `members` once they redeem it. Leaving them
out, deleting the team or their ending the coach grant takes them out and ends the grant.
"""

import pytest
from django.conf import settings
from django.core import mail

from openhexo.accounts.models import (
    BundlePermission,
    BundlePermissionRequest,
    PermissionBundle,
    Team,
)
from openhexo.accounts.sharing import grant
from openhexo.records.models import Range


def user_uri(user, prefix: str = "/api/") -> str:
    return f"{prefix}user/{user.pk}/"


def team_of(owner, name: str = "Coached", members=()) -> Team:
    team = Team.objects.create(owner=owner, name=name)
    team.members.set(members)
    return team


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [obj["id"] for obj in response.json()["objects"]]


def error_of(response, status: int = 400) -> str:
    assert response.status_code == status, response.content
    return response.json()["error"]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- creating -------------------------------------------------------------------------------


def test_post_creates_a_team_owned_by_the_caller(api, alice):
    response = api.post("/api/team/", alice, data={"name": "Runners", "members": [user_uri(alice)]})
    assert response.status_code == 201
    team = Team.objects.get()
    assert response["Location"] == f"/api/team/{team.pk}/"
    assert response.json() == {
        "id": team.pk,
        "members": [user_uri(alice)],
        "name": "Runners",
        "owner": user_uri(alice),
        "resource_uri": f"/api/team/{team.pk}/",
    }
    assert team.owner == alice
    assert list(team.members.all()) == [alice]


def test_post_under_v1_renders_v1_uris(api, alice):
    response = api.post("/api/v1/team/", alice, data={"members": [user_uri(alice, "/api/v1/")]})
    team = Team.objects.get()
    assert response["Location"] == f"/api/v1/team/{team.pk}/"
    assert response.json()["owner"] == user_uri(alice, "/api/v1/")
    assert response.json()["members"] == [user_uri(alice, "/api/v1/")]


@pytest.mark.parametrize(
    "reference",
    ["{pk}", "{pk:d}", "/api/user/{pk}/", "https://hexo.example/api/v1/user/{pk}/", "email"],
)
def test_members_take_every_reference_form(api, alice, reference):
    value = "alice@example.com" if reference == "email" else reference.format(pk=alice.pk)
    if reference == "{pk:d}":
        value = alice.pk
    response = api.post("/api/team/", alice, data={"name": "T", "members": [value]})
    assert response.status_code == 201, response.content
    assert response.json()["members"] == [user_uri(alice)]


def test_members_take_nested_objects_as_references(api, alice):
    nested = {"resource_uri": user_uri(alice), "first_name": "Ignored"}
    response = api.post("/api/team/", alice, data={"members": [nested]})
    assert response.json()["members"] == [user_uri(alice)]
    alice.refresh_from_db()
    assert alice.first_name == "Alice"


def test_members_and_name_may_be_left_out(api, alice):
    response = api.post("/api/team/", alice, data={})
    assert response.status_code == 201
    assert response.json()["members"] == []
    assert response.json()["name"] == ""
    assert response.json()["owner"] == user_uri(alice)


def test_owner_may_be_named_explicitly_as_the_caller(api, alice):
    response = api.post("/api/team/", alice, data={"owner": alice.pk, "name": "Mine"})
    assert response.status_code == 201
    assert response.json()["owner"] == user_uri(alice)


def test_owner_cannot_be_someone_else(api, alice, bob):
    response = api.post("/api/team/", alice, data={"owner": user_uri(bob), "name": "Theirs"})
    assert "'owner'" in error_of(response)
    assert not Team.objects.exists()


@pytest.mark.parametrize("reference", ["{pk}", "/api/user/{pk}/", "bob@example.com"])
def test_listing_another_user_invites_them(api, alice, bob, committed, reference):
    members = [alice.pk, reference.format(pk=bob.pk)]
    with committed():
        response = api.post("/api/team/", alice, data={"name": "T", "members": members})
    assert response.status_code == 201, response.content
    assert response.json()["members"] == [user_uri(alice)]
    invitation = BundlePermissionRequest.objects.get()
    assert (invitation.team, invitation.user_target, invitation.user_allowed) == (
        Team.objects.get(),
        bob,
        alice,
    )
    assert invitation.bundle.name == "coach"
    assert [email.to for email in mail.outbox] == [["bob@example.com"]]
    assert not BundlePermission.objects.exists()


def test_missing_member_email_is_400_and_creates_nothing(api, alice):
    response = api.post("/api/team/", alice, data={"members": ["nobody@example.com"]})
    assert "'members'" in error_of(response)
    assert not Team.objects.exists()
    assert not BundlePermissionRequest.objects.exists()


@pytest.mark.parametrize(
    "members", [5, "/api/user/1/", {"resource_uri": "/api/user/1/"}, [None], [True], ["/api/x/1/"]]
)
def test_malformed_members_are_400_naming_the_field(api, alice, members):
    response = api.post("/api/team/", alice, data={"members": members})
    assert "'members'" in error_of(response)
    assert not Team.objects.exists()


def test_missing_member_id_is_400(api, alice):
    response = api.post("/api/team/", alice, data={"members": [99999999]})
    assert "'members'" in error_of(response)


def test_too_long_name_is_400_naming_the_field(api, alice):
    response = api.post("/api/team/", alice, data={"name": "x" * 151})
    assert "'name'" in error_of(response)
    assert not Team.objects.exists()


def test_post_needs_a_login(api, alice):
    response = api.post("/api/team/", data={"name": "Anonymous"})
    assert response.status_code == 401
    assert response.content == b""
    assert not Team.objects.exists()


# --- reading --------------------------------------------------------------------------------


def test_detail_of_own_team(api, alice):
    team = team_of(alice, "Mine", [alice])
    response = api.get(f"/api/team/{team.pk}/", alice)
    assert response.status_code == 200
    assert response.json() == {
        "id": team.pk,
        "members": [user_uri(alice)],
        "name": "Mine",
        "owner": user_uri(alice),
        "resource_uri": f"/api/team/{team.pk}/",
    }


def test_carol_cannot_see_alices_team(api, alice, carol):
    team = team_of(alice, "Secret", [alice])
    assert ids(api.get("/api/team/", carol)) == []
    response = api.get(f"/api/team/{team.pk}/", carol)
    assert error_of(response, 404) == "No such object, or it is not visible to you."


def test_list_holds_the_callers_teams_only(api, alice, bob):
    first, second = team_of(alice, "One"), team_of(alice, "Two")
    team_of(bob, "Bobs")
    body = api.get("/api/team/", alice).json()
    assert body["meta"]["total_count"] == 2
    assert [obj["id"] for obj in body["objects"]] == [first.pk, second.pk]


def test_name_filter(api, alice):
    team = team_of(alice, "Runners")
    team_of(alice, "Swimmers")
    assert ids(api.get("/api/team/", alice, params={"name": "Runners"})) == [team.pk]
    assert ids(api.get("/api/team/", alice, params={"name": "runners"})) == []


def test_id_filters(api, alice):
    first, second = team_of(alice, "A"), team_of(alice, "B")
    assert ids(api.get("/api/team/", alice, params={"id": second.pk})) == [second.pk]
    params = {"id__in": f"{first.pk},{second.pk}"}
    assert ids(api.get("/api/team/", alice, params=params)) == [first.pk, second.pk]
    assert ids(api.get("/api/team/", alice, params={"id__gt": first.pk})) == [second.pk]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"name__contains": "R"}, "'contains' is not an allowed filter on the 'name' field."),
        ({"owner": "1"}, "The 'owner' field does not allow filtering."),
        ({"order_by": "owner"}, "The 'owner' field does not allow ordering."),
        ({"limit": "-1"}, "Invalid limit '-1' provided. Please provide a positive integer >= 0."),
    ],
)
def test_refused_query_parameters_are_400(api, alice, params, message):
    assert error_of(api.get("/api/team/", alice, params=params)) == message


@pytest.mark.parametrize("value", ["abc", "99999999999999999999999", "1.5"])
def test_bad_id_filter_values_are_400_with_a_message(api, alice, value):
    assert f"'{value}'" in error_of(api.get("/api/team/", alice, params={"id": value}))


def test_ordering_by_name_and_id(api, alice):
    bravo, alpha, charlie = team_of(alice, "Bravo"), team_of(alice, "Alpha"), team_of(alice, "C")
    by_name = ids(api.get("/api/team/", alice, params={"order_by": "name"}))
    assert by_name == [alpha.pk, bravo.pk, charlie.pk]
    by_name_desc = ids(api.get("/api/team/", alice, params={"order_by": "-name"}))
    assert by_name_desc == [charlie.pk, bravo.pk, alpha.pk]
    assert ids(api.get("/api/team/", alice, params={"order_by": "-id"})) == [
        charlie.pk,
        alpha.pk,
        bravo.pk,
    ]


def test_ordering_ties_break_on_id(api, alice):
    first, second = team_of(alice, "Same"), team_of(alice, "Same")
    assert ids(api.get("/api/team/", alice, params={"order_by": "name"})) == [first.pk, second.pk]


def test_paging_with_limit_and_next(api, alice):
    teams = [team_of(alice, f"T{i}") for i in range(3)]
    body = api.get("/api/team/", alice, params={"limit": 2}).json()
    assert [obj["id"] for obj in body["objects"]] == [teams[0].pk, teams[1].pk]
    assert body["meta"]["next"] == "/api/team/?limit=2&offset=2"
    following = api.get(body["meta"]["next"], alice).json()
    assert [obj["id"] for obj in following["objects"]] == [teams[2].pk]
    assert following["meta"]["next"] is None


def test_limit_zero_gives_a_thousand(api, alice):
    team_of(alice)
    meta = api.get("/api/team/", alice, params={"limit": 0}).json()["meta"]
    assert (meta["limit"], meta["total_count"]) == (1000, 1)


# --- changing and deleting ------------------------------------------------------------------


def test_put_renames_and_replaces_members(api, alice):
    team = team_of(alice, "Old")
    body = {"name": "New", "members": [user_uri(alice)]}
    response = api.put(f"/api/team/{team.pk}/", alice, data=body)
    assert response.status_code == 200
    assert response.json() == {
        "id": team.pk,
        "members": [user_uri(alice)],
        "name": "New",
        "owner": user_uri(alice),
        "resource_uri": f"/api/team/{team.pk}/",
    }
    team.refresh_from_db()
    assert team.name == "New"
    assert list(team.members.all()) == [alice]


def test_put_back_what_get_returned(api, alice):
    team = team_of(alice, "Old", [alice])
    obj = api.get(f"/api/team/{team.pk}/", alice).json()
    response = api.put(obj["resource_uri"], alice, data=obj | {"name": "Renamed"})
    assert response.status_code == 200
    assert response.json() == obj | {"name": "Renamed"}


def test_patch_name_keeps_members(api, alice):
    team = team_of(alice, "Old", [alice])
    response = api.patch(f"/api/team/{team.pk}/", alice, data={"name": "Renamed"})
    assert response.status_code == 200
    assert response.json()["members"] == [user_uri(alice)]
    assert list(Team.objects.get(pk=team.pk).members.all()) == [alice]


def test_patch_may_empty_the_members(api, alice):
    team = team_of(alice, "Old", [alice])
    response = api.patch(f"/api/team/{team.pk}/", alice, data={"members": []})
    assert response.json()["members"] == []
    assert not Team.objects.get(pk=team.pk).members.exists()


def test_id_in_a_body_is_ignored(api, alice):
    team, other = team_of(alice, "One"), team_of(alice, "Two")
    response = api.patch(f"/api/team/{team.pk}/", alice, data={"id": other.pk, "name": "Uno"})
    assert response.json()["id"] == team.pk
    assert Team.objects.get(pk=other.pk).name == "Two"


def test_owner_cannot_be_given_away(api, alice, bob):
    team = team_of(alice, "Mine")
    response = api.patch(f"/api/team/{team.pk}/", alice, data={"owner": bob.pk})
    assert "'owner'" in error_of(response)
    assert Team.objects.get(pk=team.pk).owner == alice


def test_bad_member_on_update_is_400_and_changes_nothing(api, alice, bob):
    team = team_of(alice, "Mine", [alice])
    body = {"name": "Changed", "members": [bob.pk, 99999999]}
    assert "'members'" in error_of(api.put(f"/api/team/{team.pk}/", alice, data=body))
    team.refresh_from_db()
    assert team.name == "Mine"
    assert list(team.members.all()) == [alice]
    assert not BundlePermissionRequest.objects.exists()


def test_delete_own_team(api, alice):
    team = team_of(alice, "Gone", [alice])
    response = api.delete(f"/api/team/{team.pk}/", alice)
    assert response.status_code == 204
    assert response.content == b""
    assert not Team.objects.exists()
    assert api.get(f"/api/team/{team.pk}/", alice).status_code == 404


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_carol_cannot_change_alices_team(api, alice, carol, method):
    team = team_of(alice, "Safe", [alice])
    if method == "delete":
        response = api.delete(f"/api/team/{team.pk}/", carol)
    else:
        response = getattr(api, method)(f"/api/team/{team.pk}/", carol, data={"name": "Pwned"})
    assert error_of(response, 404) == "No such object, or it is not visible to you."
    team.refresh_from_db()
    assert team.name == "Safe"


def test_put_on_a_missing_team_is_404_and_creates_nothing(api, alice):
    response = api.put("/api/team/99999999/", alice, data={"name": "Ghost"})
    assert response.status_code == 404
    assert not Team.objects.exists()


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("put", "/api/team/", "GET,POST"),
        ("delete", "/api/team/", "GET,POST"),
        ("post", "/api/team/{pk}/", "GET,PUT,PATCH,DELETE"),
    ],
)
def test_other_methods_are_405_with_allow(api, alice, method, path, allow):
    team = team_of(alice, "Kept")
    path = path.format(pk=team.pk)
    response = api.delete(path, alice) if method == "delete" else getattr(api, method)(path, alice)
    assert response.status_code == 405
    assert response["Allow"] == allow
    assert "error" in response.json()
    assert Team.objects.filter(pk=team.pk, name="Kept").exists()


# --- membership through coach requests (alice coaches, bob is her athlete) ------------------

NOT_FOUND = "No such object, or it is not visible to you."
START = 369592079271


@pytest.fixture
def bobs_run(bob):
    return Range.objects.create(user=bob, name="run", start=START, end=START + 256 * 600)


@pytest.fixture
def invited(api, alice, bob, committed):
    """alice's team "Runners", to which she invited bob; returns (team id, request URI)."""
    with committed():
        response = api.post("/api/team/", alice, data={"name": "Runners", "members": [bob.pk]})
    assert response.status_code == 201, response.content
    token = BundlePermissionRequest.objects.get(user_target=bob).token
    return response.json()["id"], f"/api/bundle_permission_request/{token}/"


def joined(api, bob, invited) -> int:
    team_id, request_uri = invited
    assert api.put(request_uri, bob).status_code == 200
    return team_id


def members_of(api, alice, team_id) -> list[str]:
    return api.get(f"/api/team/{team_id}/", alice).json()["members"]


def test_the_invitation_is_emailed_and_visible_to_both(api, alice, bob, invited):
    _, request_uri = invited
    [email] = mail.outbox
    assert email.to == ["bob@example.com"]
    assert "as a member of the team 'Runners'" in email.body
    assert f"{settings.PUBLIC_URL}{request_uri}" in email.body
    for user in (alice, bob):
        body = api.get(request_uri, user).json()
        assert (body["user_target"], body["user_allowed"]) == (user_uri(bob), user_uri(alice))


def test_coach_sees_the_members_data_only_after_redemption(api, alice, bob, bobs_run, invited):
    team_id, _ = invited
    assert members_of(api, alice, team_id) == []
    assert api.get("/api/range/", alice).json()["objects"] == []
    assert error_of(api.get(f"/api/range/{bobs_run.pk}/", alice), 404) == NOT_FOUND
    joined(api, bob, invited)
    assert members_of(api, alice, team_id) == [user_uri(bob)]
    assert [obj["id"] for obj in api.get("/api/range/", alice).json()["objects"]] == [bobs_run.pk]
    response = api.patch(f"/api/range/{bobs_run.pk}/", alice, data={"note": "good pace"})
    assert (response.status_code, response.json()["note"]) == (200, "good pace")


def test_the_member_sees_nothing_of_the_coach(api, alice, bob, invited):
    walk = Range.objects.create(user=alice, name="walk", start=START)
    team_id = joined(api, bob, invited)
    assert api.get("/api/range/", bob).json()["objects"] == []
    assert error_of(api.get(f"/api/range/{walk.pk}/", bob), 404) == NOT_FOUND
    assert error_of(api.get(f"/api/team/{team_id}/", bob), 404) == NOT_FOUND
    assert error_of(api.get(f"/api/user/{alice.pk}/", bob), 404) == NOT_FOUND


def test_only_the_invited_user_joins(api, alice, carol, invited):
    team_id, request_uri = invited
    assert error_of(api.put(request_uri, carol), 404) == NOT_FOUND
    assert "Only the user whose data" in error_of(api.put(request_uri, alice), 403)
    assert members_of(api, alice, team_id) == []
    assert not BundlePermission.objects.exists()


def test_listing_an_invited_user_again_sends_no_second_request(api, alice, bob, invited):
    team_id, _ = invited
    response = api.patch(f"/api/team/{team_id}/", alice, data={"members": [bob.pk]})
    assert response.json()["members"] == []
    assert BundlePermissionRequest.objects.count() == 1
    assert len(mail.outbox) == 1


def test_putting_back_what_get_returned_keeps_the_invitation(api, alice, invited):
    team_id, _ = invited
    whole = api.get(f"/api/team/{team_id}/", alice).json()
    assert api.put(whole["resource_uri"], alice, data=whole).status_code == 200
    assert BundlePermissionRequest.objects.filter(redeemed__isnull=True).count() == 1


def test_the_coach_withdraws_an_invitation(api, alice, bob, invited):
    team_id, request_uri = invited
    assert api.delete(request_uri, alice).status_code == 204
    assert error_of(api.put(request_uri, bob), 404) == NOT_FOUND
    assert members_of(api, alice, team_id) == []


@pytest.mark.parametrize("method", ["patch", "put"])
def test_leaving_a_member_out_removes_them_and_the_grant(
    api, alice, bob, bobs_run, invited, method
):
    team_id = joined(api, bob, invited)
    body = {"name": "Runners", "members": []}
    response = getattr(api, method)(f"/api/team/{team_id}/", alice, data=body)
    assert (response.status_code, response.json()["members"]) == (200, [])
    assert not BundlePermission.objects.exists()
    assert api.get("/api/range/", alice).json()["objects"] == []
    assert error_of(api.get(f"/api/range/{bobs_run.pk}/", alice), 404) == NOT_FOUND


def test_deleting_the_team_ends_the_grant(api, alice, bob, bobs_run, invited):
    team_id = joined(api, bob, invited)
    assert api.delete(f"/api/team/{team_id}/", alice).status_code == 204
    assert not BundlePermission.objects.exists()
    assert error_of(api.get(f"/api/range/{bobs_run.pk}/", alice), 404) == NOT_FOUND


def test_the_member_leaves_by_ending_the_coach_grant(api, alice, bob, bobs_run, invited):
    team_id = joined(api, bob, invited)
    coach_grant = api.get("/api/bundle_permission/", bob).json()["objects"][0]
    assert coach_grant["bundle"]["name"] == "coach"
    assert api.delete(coach_grant["resource_uri"], bob).status_code == 204
    assert members_of(api, alice, team_id) == []
    assert error_of(api.get(f"/api/range/{bobs_run.pk}/", alice), 404) == NOT_FOUND


def test_a_second_team_keeps_the_grant_until_the_member_leaves_both(api, alice, bob, invited):
    first = joined(api, bob, invited)
    second = api.post("/api/team/", alice, data={"name": "Swimmers", "members": [bob.pk]})
    second_id = second.json()["id"]
    token = BundlePermissionRequest.objects.get(team_id=second_id).token
    assert api.put(f"/api/bundle_permission_request/{token}/", bob).status_code == 200
    api.patch(f"/api/team/{first}/", alice, data={"members": []})
    assert BundlePermission.objects.filter(user_allowed=alice, user_target=bob).exists()
    api.patch(f"/api/team/{second_id}/", alice, data={"members": []})
    assert not BundlePermission.objects.exists()


@pytest.mark.parametrize("bundle", ["friend", "coach"])
def test_someone_alice_shares_with_cannot_see_or_change_her_teams(api, alice, bob, carol, bundle):
    grant(alice, bob, PermissionBundle.objects.get(name=bundle))
    team = team_of(alice, "Private", [alice])
    assert ids(api.get("/api/team/", bob)) == []
    assert error_of(api.get(f"/api/team/{team.pk}/", bob), 404) == NOT_FOUND
    body = {"members": [alice.pk, carol.pk]}
    assert error_of(api.patch(f"/api/team/{team.pk}/", bob, data=body), 404) == NOT_FOUND
    body = {"owner": alice.pk, "members": [carol.pk]}
    assert "Only the users it names" in error_of(api.post("/api/team/", bob, data=body), 403)
    assert Team.objects.count() == 1
    assert not BundlePermissionRequest.objects.exists()
