"""Sharing rules (openhexo.accounts.sharing): grants, token requests, teams.

alice owns data, bob is the one she shares with (or who coaches her), carol is a stranger.
Emails leave on commit: `committed()` runs the block's on-commit work as a commit would.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from openhexo.accounts import sharing
from openhexo.accounts.models import (
    BundlePermission,
    BundlePermissionRequest,
    PermissionBundle,
    Team,
)
from openhexo.accounts.visibility import readable_users, writable_users


@pytest.fixture
def friend(db):
    return PermissionBundle.objects.get(name="friend")


@pytest.fixture
def coach(db):
    return PermissionBundle.objects.get(name="coach")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def sees(user, other) -> bool:
    return readable_users(user).filter(pk=other.pk).exists()


def changes(user, other) -> bool:
    return writable_users(user).filter(pk=other.pk).exists()


def expire(permission_request: BundlePermissionRequest) -> None:
    permission_request.expires = timezone.now() - timedelta(seconds=1)
    permission_request.save(update_fields=["expires"])


# --- grants ----------------------------------------------------------------------------------


def test_grant_lets_the_grantee_see_the_owners_data(alice, bob, friend):
    permission = sharing.grant(alice, bob, friend, name="My friend")
    assert (permission.user_target, permission.user_allowed) == (alice, bob)
    assert (permission.bundle, permission.name) == (friend, "My friend")
    assert sees(bob, alice) and not changes(bob, alice)
    assert not sees(alice, bob)


def test_coach_grant_lets_the_grantee_change_the_owners_data(alice, bob, coach):
    sharing.grant(alice, bob, coach)
    assert sees(bob, alice) and changes(bob, alice)


def test_granting_oneself_is_refused(alice, friend):
    with pytest.raises(ValidationError, match="their own data"):
        sharing.grant(alice, alice, friend)
    assert not BundlePermission.objects.exists()


def test_granting_twice_is_refused(alice, bob, friend):
    sharing.grant(alice, bob, friend)
    with pytest.raises(ValidationError, match="already has the 'friend' permission"):
        sharing.grant(alice, bob, friend)
    assert BundlePermission.objects.count() == 1


@pytest.mark.parametrize("side", ["owner", "grantee"])
def test_either_side_revokes(alice, bob, friend, side):
    permission = sharing.grant(alice, bob, friend)
    sharing.revoke(permission, alice if side == "owner" else bob)
    assert not BundlePermission.objects.exists()
    assert not sees(bob, alice)


def test_a_third_user_cannot_revoke(alice, bob, carol, friend):
    permission = sharing.grant(alice, bob, friend)
    with pytest.raises(PermissionDenied):
        sharing.revoke(permission, carol)
    assert sees(bob, alice)


# --- requests --------------------------------------------------------------------------------


def test_request_emails_the_owner_a_redeem_link(alice, bob, friend, committed, settings):
    settings.PUBLIC_URL = "https://hexo.example"
    with committed():
        asked = sharing.request_permission(bob, alice, bob, friend)
    assert (asked.requested_by, asked.user_target, asked.user_allowed) == (bob, alice, bob)
    assert len(asked.token) >= 40 and asked.redeemed is None and asked.team is None
    assert abs(asked.expires - timezone.now() - timedelta(days=7)) < timedelta(minutes=1)
    [email] = mail.outbox
    assert email.to == ["alice@example.com"]
    assert email.subject == "Bob Friend <bob@example.com> asks for access to your openhexo data"
    link = f"https://hexo.example/api/bundle_permission_request/{asked.token}/"
    assert sharing.redeem_url(asked) == link
    assert link in email.body
    assert "the 'friend' permission" in email.body
    assert not BundlePermission.objects.exists()


def test_request_ttl_sets_the_expiry(alice, bob, friend):
    asked = sharing.request_permission(bob, alice, bob, friend, ttl=timedelta(hours=1))
    assert 3590 <= sharing.seconds_left(asked) <= 3600


@pytest.mark.parametrize("seconds", [0, -5, 91 * 24 * 3600])
def test_request_ttl_out_of_bounds_is_refused(alice, bob, friend, seconds):
    with pytest.raises(ValidationError, match="ttl"):
        sharing.request_permission(bob, alice, bob, friend, ttl=timedelta(seconds=seconds))
    assert not BundlePermissionRequest.objects.exists()


def test_asking_to_share_with_oneself_is_refused_and_sends_nothing(alice, friend, committed):
    with committed(), pytest.raises(ValidationError):
        sharing.request_permission(alice, alice, alice, friend)
    assert not BundlePermissionRequest.objects.exists()
    assert mail.outbox == []


def test_redeem_by_the_owner_grants(alice, bob, friend):
    asked = sharing.request_permission(bob, alice, bob, friend)
    permission = sharing.redeem(asked.token, alice)
    assert (permission.user_target, permission.user_allowed, permission.bundle) == (
        alice,
        bob,
        friend,
    )
    asked.refresh_from_db()
    assert asked.redeemed is not None
    assert sharing.seconds_left(asked) is None
    assert sees(bob, alice)


def test_redeem_by_the_requester_is_refused(alice, bob, friend):
    asked = sharing.request_permission(bob, alice, bob, friend)
    with pytest.raises(PermissionDenied, match="Only the user whose data is asked"):
        sharing.redeem(asked.token, bob)
    assert not BundlePermission.objects.exists()
    asked.refresh_from_db()
    assert asked.redeemed is None


def test_redeem_twice_is_refused(alice, bob, friend):
    asked = sharing.request_permission(bob, alice, bob, friend)
    sharing.redeem(asked.token, alice)
    with pytest.raises(ValidationError, match="already been redeemed"):
        sharing.redeem(asked.token, alice)
    assert BundlePermission.objects.count() == 1


def test_redeem_after_expiry_is_refused(alice, bob, friend):
    asked = sharing.request_permission(bob, alice, bob, friend)
    expire(asked)
    assert sharing.seconds_left(asked) == 0
    with pytest.raises(ValidationError, match="expired"):
        sharing.redeem(asked.token, alice)
    assert not BundlePermission.objects.exists()


def test_redeem_of_an_unknown_token_is_not_found(alice):
    with pytest.raises(BundlePermissionRequest.DoesNotExist):
        sharing.redeem("no-such-token", alice)


def test_redeem_keeps_an_existing_grant(alice, bob, friend):
    existing = sharing.grant(alice, bob, friend)
    asked = sharing.request_permission(bob, alice, bob, friend)
    assert sharing.redeem(asked.token, alice) == existing
    assert BundlePermission.objects.count() == 1


def test_request_may_ask_for_someone_else(alice, bob, carol, friend):
    asked = sharing.request_permission(bob, alice, carol, friend)
    sharing.redeem(asked.token, alice)
    assert sees(carol, alice) and not sees(bob, alice)


@pytest.mark.parametrize("side", ["requester", "target"])
def test_either_side_cancels_a_request(alice, bob, friend, side):
    asked = sharing.request_permission(bob, alice, bob, friend)
    sharing.cancel_request(asked, bob if side == "requester" else alice)
    assert not BundlePermissionRequest.objects.exists()


def test_a_third_user_cannot_cancel_a_request(alice, bob, carol, friend):
    asked = sharing.request_permission(bob, alice, bob, friend)
    with pytest.raises(PermissionDenied):
        sharing.cancel_request(asked, carol)
    assert BundlePermissionRequest.objects.exists()


# --- teams (alice coaches, bob is her athlete) -----------------------------------------------


@pytest.fixture
def team(alice):
    return Team.objects.create(owner=alice, name="Runners")


def joined(team, member) -> BundlePermissionRequest:
    invitation = sharing.invite_member(team, member)
    sharing.redeem(invitation.token, member)
    return invitation


def test_invitation_asks_the_member_for_a_coach_grant(team, alice, bob, coach, committed):
    with committed():
        invitation = sharing.invite_member(team, bob)
    assert (invitation.user_target, invitation.user_allowed) == (bob, alice)
    assert (invitation.requested_by, invitation.bundle, invitation.team) == (alice, coach, team)
    [email] = mail.outbox
    assert email.to == ["bob@example.com"]
    assert "as a member of the team 'Runners'" in email.body
    assert sharing.redeem_url(invitation) in email.body


def test_membership_counts_only_once_redeemed(team, alice, bob):
    invitation = sharing.invite_member(team, bob)
    assert list(team.members.all()) == []
    assert not sees(alice, bob)
    sharing.redeem(invitation.token, bob)
    assert list(team.members.all()) == [bob]
    assert sees(alice, bob) and changes(alice, bob)
    assert not sees(bob, alice)


def test_inviting_twice_sends_one_request(team, bob, committed):
    with committed():
        first = sharing.invite_member(team, bob)
        second = sharing.invite_member(team, bob)
    assert first == second
    assert len(mail.outbox) == 1


def test_inviting_an_active_member_does_nothing(team, bob):
    joined(team, bob)
    assert sharing.invite_member(team, bob) is None
    assert BundlePermissionRequest.objects.count() == 1


def test_an_expired_invitation_is_replaced(team, bob):
    expire(sharing.invite_member(team, bob))
    fresh = sharing.invite_member(team, bob)
    assert sharing.seconds_left(fresh) > 0
    assert BundlePermissionRequest.objects.count() == 2


def test_the_owner_joins_their_own_team_without_a_request(team, alice):
    assert sharing.invite_member(team, alice) is None
    assert list(team.members.all()) == [alice]
    assert not BundlePermissionRequest.objects.exists()
    assert not BundlePermission.objects.exists()


def test_removing_a_member_revokes_the_coach_grant(team, alice, bob):
    joined(team, bob)
    sharing.remove_member(team, bob, by_user=alice)
    assert list(team.members.all()) == []
    assert not sees(alice, bob)
    assert not BundlePermission.objects.exists()


def test_leaving_revokes_the_coach_grant(team, alice, bob):
    joined(team, bob)
    sharing.leave_team(team, bob)
    assert list(team.members.all()) == []
    assert not sees(alice, bob)


def test_a_stranger_cannot_remove_a_member(team, alice, bob, carol):
    joined(team, bob)
    with pytest.raises(PermissionDenied):
        sharing.remove_member(team, bob, by_user=carol)
    assert list(team.members.all()) == [bob]
    assert sees(alice, bob)


def test_removal_keeps_the_grant_while_another_team_of_the_coach_holds_the_member(team, alice, bob):
    other = Team.objects.create(owner=alice, name="Swimmers")
    joined(team, bob)
    joined(other, bob)
    sharing.remove_member(team, bob, by_user=alice)
    assert sees(alice, bob)
    sharing.remove_member(other, bob, by_user=alice)
    assert not sees(alice, bob)


def test_removal_withdraws_pending_invitations(team, alice, bob):
    invitation = sharing.invite_member(team, bob)
    sharing.remove_member(team, bob, by_user=alice)
    assert not BundlePermissionRequest.objects.filter(pk=invitation.pk).exists()


def test_ending_the_coach_grant_leaves_the_coachs_teams(team, alice, bob, carol):
    joined(team, bob)
    carols_team = Team.objects.create(owner=carol)
    joined(carols_team, bob)
    grant = BundlePermission.objects.get(user_allowed=alice, user_target=bob)
    sharing.revoke(grant, bob)
    assert list(team.members.all()) == []
    assert list(carols_team.members.all()) == [bob]


def test_set_members_invites_new_and_removes_unlisted(team, alice, bob, carol):
    joined(team, bob)
    invitations = sharing.set_members(team, [alice, carol])
    assert [invitation.user_target for invitation in invitations] == [carol]
    assert list(team.members.all()) == [alice]
    assert not sees(alice, bob)
    assert not sees(alice, carol)


def test_set_members_keeps_pending_invitations_of_unlisted_users(team, bob):
    invitation = sharing.invite_member(team, bob)
    sharing.set_members(team, [])
    assert BundlePermissionRequest.objects.filter(pk=invitation.pk).exists()


def test_deleting_a_team_revokes_its_members_grants(team, alice, bob):
    joined(team, bob)
    sharing.delete_team(team, alice)
    assert not Team.objects.exists()
    assert not sees(alice, bob)
    assert not BundlePermissionRequest.objects.exists()


def test_only_the_owner_deletes_a_team(team, bob):
    joined(team, bob)
    with pytest.raises(PermissionDenied):
        sharing.delete_team(team, bob)
    assert Team.objects.exists()


def test_a_name_with_line_breaks_stays_on_one_subject_line(alice, bob, friend, committed):
    bob.first_name = "Bob\nBcc: victim@example.com"
    bob.save()
    with committed():
        sharing.request_permission(bob, alice, bob, friend)
    [email] = mail.outbox
    assert email.subject.startswith("Bob Bcc: victim@example.com Friend <bob@example.com>")
    assert email.bcc == []
